"""Every per-snapshot figure in one JSON-ready document, computed once when a quarter is stored.

The store keeps this document beside each snapshot (store/quarters.py), made from the same
kept core as the rest of the read-model (figures.quarter.QuarterCore), so the city view,
the ward lists and the rates across a set read 25 small documents instead of whole quarters.
It is the summary contract (`figures.summary.ward_summary`) plus the evaluation figures and
the ward's budget by source.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures.summary import ward_summary
from loaders.frames import SnapshotFrames

if TYPE_CHECKING:
    from figures.quarter import QuarterCore

#: bump when the document's shape or a rule behind it changes: stored documents are then recomputed
FIGURES_VERSION = 2


def snapshot_figures(source: SnapshotFrames | QuarterCore) -> dict:
    """The small part of a version's kept figures, from its core (or its rows, computed first)."""
    if isinstance(source, SnapshotFrames):
        from figures.quarter import core_of  # figures.quarter reads this module

        source = core_of(source)
    frames, pledges, evaluation, split = source.frames, source.pledges, source.evaluation, source.ward_split
    rate = source.progress.rate
    return {
        "version": FIGURES_VERSION,
        "summary": ward_summary(source),
        # the pages' own figures, uncut, so the city table, the 변화 lines and the ward page never differ
        # in the last digit (the summary's rates are cut to two decimals for publication)
        "rate": _exact(rate),
        "rates": [{"id": r["pledge_id"], "title": r["title"], "rate": _exact(r["rate"]), "status": r["status"]}
                  for r in pledges.to_dict("records")],
        "evaluation": {
            "year": evaluation.year,
            "completion": [evaluation.completion.numerator, evaluation.completion.denominator],
            "annual": [evaluation.annual.numerator, evaluation.annual.denominator],
            "no_target": [pid for pid, _ in evaluation.no_target],
        },
        "budget": {"entered": bool(len(frames.budget)), "total": int(sum(b.total for b in source.plans.values())),
                   "by_source": {s: int(a) for s, a in zip(split["source"], split["amount"], strict=True)}},
    }


def _exact(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)


def rate_part(document: dict) -> dict:
    """What `rate_history` reads of a kept document: a page holding a ward's quarters keeps a
    tenth of the memory (the whole documents of a 100-pledge ward's 8 quarters are 6 MB)."""
    return {"summary": {"as_of": document["summary"]["as_of"]}, "rate": document["rate"], "rates": document["rates"]}


def rate_history(documents: list[dict]) -> pd.DataFrame:
    """`figures.changes.rate_history` from the kept documents: 변화 without reading every quarter's rows.

    Same rows and columns (one per pledge per 기준일, then the ward's "구 전체" row), in the
    documents' order (oldest first, as the pages pass them).
    """
    rows = []
    for document in documents:
        as_of = dt.date.fromisoformat(document["summary"]["as_of"])
        rows.extend((as_of, r["id"], r["title"], r["rate"], r["status"]) for r in document["rates"])
        rows.append((as_of, None, "구 전체", document["rate"], None))
    return pd.DataFrame(rows, columns=["as_of", "pledge_id", "title", "rate", "status"], dtype=object)


#: the city comparison's columns (figures.charts.wards.ward_comparison, figures.tables.ward_table)
CITY_COLUMNS = ["ward", "as_of", "rate", "완료", "정상", "지연", "보류", "폐기", "지표 없음", "pledges", "budget_total"]


def city_rows(documents: list[dict]) -> pd.DataFrame:
    """One row per ward from the documents kept at import: the city view without recomputing.

    Reading 25 small documents is what makes the comparison cold under a second on a
    city-sized store; recomputing it from 25 wards' rows took seconds after every import.
    A ward without budget rows has `budget_total` None (shown 미입력, never 0).
    """
    rows = []
    for document in documents:
        summary = document["summary"]
        pledges = summary["pledges"]
        rows.append({
            "ward": summary["ward"],
            "as_of": dt.date.fromisoformat(summary["as_of"]),
            "rate": document["rate"],
            **{s: summary["counts"].get(s, 0) for s in CITY_COLUMNS[3:9]},
            "pledges": len(pledges),
            "budget_total": document["budget"]["total"] if document["budget"]["entered"] else None,
        })
    return pd.DataFrame(rows, columns=CITY_COLUMNS)
