"""`pledges summary` and `pledges changes`: the figures, as the dashboard shows them.

`summary --json` prints `figures.summary.summary_document` (the contract), as kept at import,
each ward with the `term` of its quarter's pledge set ({"number", "label", "mayor"}) and each
pledge with `submitted` (true/false) and `carried_from` (YYYY-MM-DD or null).
`changes --json` prints {"ward", "as_of", "previous_as_of", "rate_before",
"rate_after", "rate_change", "pledges": [...], "subprojects": [...],
"new_achievements": [...], "dropped": [...]}, dates as YYYY-MM-DD.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

import pandas as pd

from cli.adjustments import term_json
from cli.common import store_from
from cli.table import table
from figures.changes import compare_cores
from figures.formatting import format_date, format_money, format_rate


def run_summary(args: argparse.Namespace) -> int:
    store = store_from(args)
    wards = [args.ward] if args.ward else store.wards()
    summaries = []
    # the figures kept at import (figures.snapshot): the whole city without recomputing 25 wards
    for ward, kept in zip(wards, store.figures_many(wards, args.as_of), strict=True):
        if kept is None:
            when = f" {format_date(args.as_of)} 기준" if args.as_of else ""
            print(f"{ward}{when} 자료가 없습니다")
            return 1
        # the term of the quarter's pledge set: {"number": 9, "label": "민선 9기", "mayor": …}
        as_of = dt.date.fromisoformat(kept["summary"]["as_of"])
        summaries.append({**kept["summary"], "term": term_json(store.pledge_set(ward, as_of)),
                          "pledges": _with_origins(kept["summary"]["pledges"], store.pledge_origins(ward, as_of))})
    document = {"wards": summaries}
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    for ward in document["wards"]:
        counts = ", ".join(f"{k} {v}" for k, v in ward["counts"].items())
        term = f"{ward['term']['label']} · " if ward.get("term") else ""
        print(f"{ward['ward']} ({term}{format_date(dt.date.fromisoformat(ward['as_of']))} 기준) "
              f"이행률 {format_rate(ward['rate'])}  [{counts}]")
        rows = [(p["id"], p["title"], p["status"], format_rate(p["rate"]), format_money(p["budget"]["total"]))
                for p in ward["pledges"]]
        for line in table(rows, "rllrr", flexible=[1]):  # by display width: the status column lines up
            print(line)
    return 0


def _with_origins(pledges: list[dict], origins: dict) -> list[dict]:
    """Each pledge with `submitted` (its rows are this quarter's) and `carried_from` (the 기준일 they come
    from while its department has not submitted: docs/spec.md "Department submissions"), from the store;
    the kept figures document itself stays as figures/summary.py wrote it."""
    found = []
    for pledge in pledges:
        origin = origins.get(str(pledge["id"]))
        carried = origin.carried_from if origin else None
        found.append({**pledge, "submitted": carried is None, "carried_from": carried.isoformat() if carried else None})
    return found


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _json_value(v) for k, v in r.items()} for r in frame.to_dict("records")]


def run_changes(args: argparse.Namespace) -> int:
    store = store_from(args)
    quarter = store.quarter(args.ward, args.as_of)  # the read-model: what moved was found when it was read
    if quarter is None:
        print(f"{args.ward} 자료가 없습니다")
        return 1
    changes = quarter.changes or compare_cores(None, quarter)
    if args.json:
        print(json.dumps({
            "ward": changes.ward,
            "as_of": _json_value(changes.as_of),
            "previous_as_of": _json_value(changes.previous_as_of),
            "rate_before": changes.rate_before,
            "rate_after": changes.rate_after,
            "rate_change": changes.rate_change,
            "pledges": _records(changes.pledges),
            "subprojects": _records(changes.subprojects),
            "new_achievements": _records(changes.new_achievements),
            "dropped": _records(changes.dropped),
        }, ensure_ascii=False, indent=2))
        return 0
    if quarter.previous_as_of is None:
        print(f"{args.ward} {format_date(quarter.as_of)} 기준: 이전 기준일 자료가 없어 비교할 수 없습니다")
        return 0
    print(f"{args.ward} {format_date(quarter.previous_as_of)} → {format_date(quarter.as_of)}: 이행률 "
          f"{format_rate(changes.rate_before)} → {format_rate(changes.rate_after)}")
    rows = [(f"공약 {r['pledge_id']}", format_rate(r["rate_before"]), "→", format_rate(r["rate_after"]), "",
             r["status_before"] or "-", "→", r["status_after"] or "(빠짐)") for r in changes.pledges.to_dict("records")]
    for line in table(rows, "lrlrllll", gap=" "):  # the empty column: two spaces before the statuses
        print(line)
    for r in changes.dropped.to_dict("records"):
        print(f"  빠진 항목: 공약 {r['pledge_id']} {r['subproject'] or r['title']}")
    print(f"  새 추진실적 {len(changes.new_achievements)}건")
    return 0
