"""The `pledges summary --json` document: a contract others build on, so its shape is fixed here.

Money in 원 as integers; rates cut (not rounded) to 2 decimals; `rate_weighted` and
`budget_total` are null where the spec leaves them undefined; a pledge with
no budget has total 0 and empty maps; `quarters` are the scheduled quarters
in order; a whole 목표 (100) is written as an integer.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

from figures.budget import pledge_budgets, subproject_totals
from figures.progress import pledge_progress, subproject_progress, ward_progress
from loaders.frames import SnapshotFrames


def _rate(value: float | None) -> float | None:
    """Two decimals, cut rather than rounded: a published rate is never rounded up (70.785… → 70.78)."""
    if value is None or value != value:
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def _number(value: float | None) -> int | float | None:
    if value is None or value != value:
        return None
    return int(value) if float(value).is_integer() else float(value)


def ward_summary(frames: SnapshotFrames) -> dict[str, object]:
    subs = subproject_progress(frames)
    budgets = pledge_budgets(frames)
    totals_table = subproject_totals(frames)
    pledges = pledge_progress(frames, subs, budgets, totals_table)
    ward = ward_progress(pledges)
    sub_totals = dict(zip(zip(totals_table["pledge_id"], totals_table["subproject"], strict=True),
                          totals_table["total"], strict=True))
    quarters: dict[tuple[str, str], list[str]] = {}
    for p, s, q in zip(frames.schedule["pledge_id"], frames.schedule["subproject"], frames.schedule["quarter"], strict=True):
        quarters.setdefault((p, s), []).append(q)
    subs_by_pledge: dict[str, list[dict]] = {}
    for sub in subs.to_dict("records"):
        subs_by_pledge.setdefault(sub["pledge_id"], []).append(sub)
    pledge_docs = []
    for pledge in pledges.to_dict("records"):
        pid = pledge["pledge_id"]
        budget = budgets[pid]
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
                "total": int(budget.total),
                "by_source": {s: int(v) for s, v in budget.by_source.items()},
                "by_year": {str(y): int(v) for y, v in budget.by_year.items()},
            },
            "subprojects": sub_docs,
        })
    return {
        "ward": frames.ward,
        "as_of": frames.as_of.isoformat(),
        "rate": _rate(ward.rate),
        "counts": ward.counts,
        "pledges": pledge_docs,
    }


def summary_document(frames_list: Iterable[SnapshotFrames]) -> dict[str, object]:
    return {"wards": [ward_summary(frames) for frames in frames_list]}
