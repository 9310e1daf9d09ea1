"""`pledges adjustments`: how a quarter differs from its pledge set's plan, and why (공약조정).

`--json` prints {"ward", "as_of", "term", "plan_as_of", "adjustments": [{"pledge_id",
"subproject" (null for the pledge kinds), "kind", "before", "after", "reason", "review",
"date"}]}: kinds as the spec writes them; before/after as figures.adjustments keeps them
(목표 as a number, 예산 in 원, 일정 as a quarter "2027Q4", names and 이행단계 as text, null for
none); reason, review and date null when no 공약조정 row explains the adjustment; the date in
ISO 8601 to the precision written (`2026-11-20`, `2026-11`, a range `2026-08/2027-08`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from cli.common import CliError, store_from
from cli.table import table
from figures.adjustments import Adjustment, shown
from figures.formatting import format_date
from figures.terms import PledgeSet
from loaders.model import AdjustmentRow


def term_json(found: PledgeSet | None) -> dict | None:
    """{"number": 9, "label": "민선 9기", "mayor": "…" or null}: the term of a pledge set."""
    if found is None:
        return None
    return {"number": found.term, "label": found.label, "mayor": found.mayor}


def _value(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _when(day: dt.date | None, precision: str | None) -> str | None:
    if day is None:
        return None
    return {"year": f"{day.year}", "month": f"{day.year}-{day.month:02d}"}.get(precision or "", day.isoformat())


def date_json(row: AdjustmentRow) -> str | None:
    """The 일자 in ISO 8601, to the precision given; a range as `start/end`, an open one as `start/`."""
    start = _when(row.start, row.start_precision)
    if start is None:
        return None
    if row.open_end:
        return f"{start}/"
    end = _when(row.end, row.end_precision)
    return f"{start}/{end}" if end else start


def adjustment_json(a: Adjustment) -> dict:
    return {
        "pledge_id": a.pledge_id, "subproject": a.subproject, "kind": a.kind,
        "before": _value(a.before), "after": _value(a.after),
        "reason": a.row.reason if a.row else None, "review": a.row.review if a.row else None,
        "date": date_json(a.row) if a.row else None,
    }


def run(args: argparse.Namespace) -> int:
    store = store_from(args)
    as_of = args.as_of or max(store.as_of_dates(args.ward), default=None)
    if as_of is None or as_of not in store.as_of_dates(args.ward):
        when = f" {format_date(args.as_of)} 기준" if args.as_of else ""
        raise CliError(f"{args.ward}{when} 자료가 없습니다")
    adjustments, plan_as_of = store.adjustments(args.ward, as_of)
    found = store.pledge_set(args.ward, as_of)
    if args.json:
        print(json.dumps({
            "ward": args.ward, "as_of": as_of.isoformat(), "term": term_json(found),
            "plan_as_of": plan_as_of.isoformat() if plan_as_of else None,
            "adjustments": [adjustment_json(a) for a in adjustments],
        }, ensure_ascii=False, indent=2))
        return 0
    term = f"{found.label} · " if found else ""
    plan = f"이행계획 {format_date(plan_as_of)}" if plan_as_of else "이행계획 없음"
    print(f"{args.ward} {term}{format_date(as_of)} 기준 ({plan}): 조정 {len(adjustments)}건, "
          f"사유 없음 {sum(not a.explained for a in adjustments)}건")
    rows = []
    for a in sorted(adjustments, key=lambda a: a.explained):
        where = f"공약 {a.pledge_id}" + (f" '{a.subproject}'" if a.subproject else f" '{a.title}'")
        why = f"사유: {a.row.reason}" + (f" ({a.row.review})" if a.row.review else "") if a.row else "사유 없음"
        rows.append((f"[{a.kind}]", where, f"{shown(a.kind, a.before)} → {shown(a.kind, a.after)}", why))
    for line in table(rows, "llll", flexible=[1, 2, 3]):
        print(line)
    return 0
