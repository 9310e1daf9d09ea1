"""The `pledges summary --json` document: a contract others build on, so its shape is fixed here.

Each pledge's `budget` is the plan (`total`, `by_source`, `by_year`) plus `secured` and
`spent` in the same shape (null when no such row was entered), `secured_rate`,
`spent_rate` and `secured_rate_by_source` (figures/funding.py); each ward has
`secured_rate` and `spent_rate` beside its `rate`.

Money in 원 as integers; rates cut (not rounded) to 2 decimals; `rate_weighted` and
`budget_total` are null where the spec leaves them undefined; a pledge with
no budget has total 0 and empty maps; `quarters` are the scheduled quarters
in order; a whole 목표 (100) is written as an integer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from figures.budget import PledgeBudget
from figures.formatting import published_rate
from figures.funding import ward_funding
from figures.records import records
from loaders.frames import SnapshotFrames

if TYPE_CHECKING:
    from figures.quarter import QuarterCore


_rate = published_rate  # figures.formatting: the one rule for a rate handed to others


def _number(value: float | None) -> int | float | None:
    if value is None or value != value:
        return None
    return int(value) if float(value).is_integer() else float(value)


def ward_summary(source: SnapshotFrames | QuarterCore) -> dict[str, object]:
    """The contract's document of one ward's quarter, from its kept core (or rows, computed first)."""
    if isinstance(source, SnapshotFrames):
        from figures.quarter import (
            core_of,  # figures.quarter reads figures.snapshot, which reads this
        )

        source = core_of(source)
    frames, subs, budgets, totals_table = source.frames, source.subprojects, source.plans, source.subproject_totals
    pledges, ward, funding = source.pledges, source.progress, source.funding
    sub_totals = dict(zip(zip(totals_table["pledge_id"], totals_table["subproject"], strict=True),
                          totals_table["total"], strict=True))
    quarters: dict[tuple[str, str], list[str]] = {}
    for p, s, q in zip(frames.schedule["pledge_id"], frames.schedule["subproject"], frames.schedule["quarter"], strict=True):
        quarters.setdefault((p, s), []).append(q)
    subs_by_pledge: dict[str, list[dict]] = {}
    for sub in records(subs):
        subs_by_pledge.setdefault(sub["pledge_id"], []).append(sub)
    pledge_docs = []
    for pledge in records(pledges):
        pid = pledge["pledge_id"]
        budget = budgets[pid]
        money = funding[pid]
        sub_docs = []
        for sub in subs_by_pledge.get(pid, []):
            key = (pid, sub["subproject"])
            total = sub_totals.get(key)
            sub_docs.append({
                "name": sub["subproject"],
                "target": _number(sub["target"]),
                "planned": _rate(sub["planned"]),
                "actual": _rate(sub["actual"]),
                "rate": _rate(sub["rate"]),
                "status": sub["status"],
                "quarters": sorted(quarters.get(key, [])),  # "2018Q2" keys sort in time order as text
                "budget_total": int(total) if total is not None else None,
            })
        pledge_docs.append({
            "id": pid,
            "title": pledge["title"],
            "stage": pledge["stage"],
            "status": pledge["status"],
            "rate": _rate(pledge["rate"]),
            "rate_weighted": _rate(pledge["rate_weighted"]),
            "budget": {
                **_money(budget),
                "secured": _money(money.secured),
                "spent": _money(money.spent),
                "secured_rate": _rate(money.secured_rate),
                "spent_rate": _rate(money.spent_rate),
                "secured_rate_by_source": {s: _rate(r) for s, r in money.secured_rate_by_source.items()},
            },
            "subprojects": sub_docs,
        })
    ward_money = ward_funding(funding)
    return {
        "ward": frames.ward,
        "as_of": frames.as_of.isoformat(),
        "rate": _rate(ward.rate),
        "counts": ward.counts,
        "secured_rate": _rate(ward_money.secured_rate),
        "spent_rate": _rate(ward_money.spent_rate),
        "pledges": pledge_docs,
    }


def _money(budget: PledgeBudget | None) -> dict[str, object] | None:
    """The plan's shape (total, by_source, by_year) in 원; None where nothing was entered."""
    if budget is None:
        return None
    return {
        "total": int(budget.total),
        "by_source": {s: int(v) for s, v in budget.by_source.items()},
        "by_year": {str(y): int(v) for y, v in budget.by_year.items()},
    }


def summary_document(sources: Iterable[SnapshotFrames | QuarterCore]) -> dict[str, object]:
    return {"wards": [ward_summary(source) for source in sources]}
