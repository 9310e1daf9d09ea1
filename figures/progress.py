"""Progress figures of docs/spec.md "Derived figures": planned, actual, 이행률 and status.

Per sub-project as of the 기준일: planned = the 계획 path at 기준일 (straight
lines by month between year-end values, from 0 at the start of the first
column with a value; after the last column it stays at the last value);
actual = the latest 실적 value; 이행률 = actual ÷ 목표 × 100, capped at 100;
status 완료 / 정상 / 지연. Per pledge: the mean of its sub-projects' rates, the
budget-weighted mean, and a status that 보류/폐기 override. Per ward: the mean
of its pledges' rates and counts by status and by 이행단계.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from figures.budget import PledgeBudget, pledge_budgets, subproject_totals
from figures.formatting import quarter_bounds
from figures.records import records
from figures.status import COUNTED_STATUSES, NO_INDICATOR, NO_STAGE, STAGE_ORDER
from loaders.frames import SnapshotFrames
from loaders.quarters import month_end

TOLERANCE = 1e-9
SUBPROJECT_COLUMNS = [
    "pledge_id", "subproject", "order", "unit", "target", "planned", "actual", "rate",
    "status", "has_indicator", "first_quarter", "last_quarter", "overdue",
]
CLASSIFICATION = [
    "field", "term", "owner", "novelty", "period", "budget_kind", "department", "manager", "contact",
]


def _month_position(day: dt.date) -> float:
    """Months since year 0 at `day`, counting the day as a fraction of its month."""
    days = month_end(day.year, day.month).day
    return day.year * 12 + (day.month - 1) + day.day / days


def planned_at(plan_points: pd.DataFrame, as_of: dt.date) -> float | None:
    """The 계획 path (rows with year, end_month, value) read at `as_of`; None without values."""
    if plan_points is None or plan_points.empty:
        return None
    return _planned(
        zip(plan_points["year"], plan_points["end_month"], plan_points["value"], strict=True), as_of
    )


def _planned(path, as_of: dt.date) -> float | None:
    points = sorted((int(y) * 12 + int(m), float(v)) for y, m, v in path if v is not None and v == v)
    if not points:
        return None
    first_year = points[0][0] // 12 if points[0][0] % 12 else points[0][0] // 12 - 1
    previous_t, previous_v = first_year * 12.0, 0.0
    t = _month_position(as_of)
    if t <= previous_t:
        return 0.0
    for end_t, value in points:
        if t <= end_t:
            return previous_v + (value - previous_v) * (t - previous_t) / (end_t - previous_t)
        previous_t, previous_v = float(end_t), value
    return previous_v


def _status(actual: float, planned: float | None, target: float) -> str:
    if actual >= target - TOLERANCE:
        return "완료"
    if actual >= (planned or 0.0) - TOLERANCE:
        return "정상"
    return "지연"


def subproject_progress(frames: SnapshotFrames) -> pd.DataFrame:
    """One row per sub-project of 추진일정, in workbook order."""
    as_of = frames.as_of
    indicators = {
        (p, s): (unit, target, bool(hp) if hp is not None else True, bool(ha) if ha is not None else True)
        for p, s, unit, target, hp, ha in zip(
            frames.indicators["pledge_id"],
            frames.indicators["subproject"],
            frames.indicators["unit"],
            frames.indicators["target"],
            frames.indicators.get("has_plan", pd.Series([True] * len(frames.indicators))),
            frames.indicators.get("has_actual", pd.Series([True] * len(frames.indicators))),
            strict=True,
        )
    }
    # one pass over the points instead of a DataFrame filter per sub-project (a ward has hundreds)
    paths: dict[tuple[str, str, str], list[tuple[int, int, object]]] = {}
    points = frames.points
    if len(points):
        for p, sub, kind, y, m, v in zip(
            points["pledge_id"], points["subproject"], points["kind"], points["year"],
            points["end_month"], points["value"], strict=True,
        ):
            paths.setdefault((p, sub, kind), []).append((y, m, v))
    schedule: dict[tuple[str, str], list[str]] = {}
    for p, s, q in zip(frames.schedule["pledge_id"], frames.schedule["subproject"], frames.schedule["quarter"], strict=True):
        schedule.setdefault((p, s), []).append(q)
    rows = []
    for pledge, sub, order in zip(
        frames.subprojects["pledge_id"], frames.subprojects["subproject"], frames.subprojects["order"], strict=True
    ):
        key = (pledge, sub)
        quarters = sorted(schedule.get(key, []))  # "2018Q2" keys sort in time order as text
        first_q, last_q = (quarters[0], quarters[-1]) if quarters else (None, None)
        unit, target, has_plan, has_actual = indicators.get(key, ("%", None, False, False))
        rated = has_plan and has_actual and target is not None and target == target and target > 0
        planned = actual = rate = None
        status = NO_INDICATOR
        if rated:
            planned = _planned(paths.get((*key, "계획"), []), as_of)
            planned = 0.0 if planned is None else planned
            values = [
                (int(y), int(m), float(v))
                for y, m, v in paths.get((*key, "실적"), [])
                if v is not None and v == v
            ]
            actual = max(values)[2] if values else 0.0
            target = float(target)
            rate = min(actual / target * 100, 100.0)
            status = _status(actual, planned, target)
        overdue = bool(
            rated and last_q is not None and quarter_bounds(last_q)[1] < as_of and status != "완료"
        )
        rows.append(
            (pledge, sub, int(order), unit, float(target) if rated else None, planned, actual, rate,
             status, bool(rated), first_q, last_q, overdue)
        )
    # object dtype keeps None for "undefined" (pandas would turn it into NaN)
    frame = pd.DataFrame(rows, columns=SUBPROJECT_COLUMNS, dtype=object)
    return frame.astype({"order": "int64", "has_indicator": bool, "overdue": bool})


def pledge_progress(
    frames: SnapshotFrames,
    subprogress: pd.DataFrame | None = None,
    budgets: dict[str, PledgeBudget] | None = None,
    sub_totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per pledge: rate, budget-weighted rate, status, budget total and its fields.

    Callers that already hold the sub-project progress or the budget figures pass them in,
    so a city-wide summary computes each once.
    """
    subs = subproject_progress(frames) if subprogress is None else subprogress
    sub_totals = subproject_totals(frames) if sub_totals is None else sub_totals
    totals = dict(zip(zip(sub_totals["pledge_id"], sub_totals["subproject"], strict=True),
                      sub_totals["total"], strict=True))
    budgets = pledge_budgets(frames) if budgets is None else budgets
    by_pledge: dict[str, list[dict]] = {}
    for sub in records(subs):
        by_pledge.setdefault(sub["pledge_id"], []).append(sub)
    rows = []
    pledges = frames.pledges
    for record in records(pledges):
        pledge = record["pledge_id"]
        mine = by_pledge.get(pledge, [])
        rated = [s for s in mine if s["has_indicator"]]
        rate = float(sum(s["rate"] for s in rated) / len(rated)) if rated else None
        weights = [totals.get((pledge, s["subproject"])) for s in rated]
        rate_weighted = None
        if rated and all(w is not None for w in weights) and sum(weights) > 0:
            rate_weighted = float(sum(s["rate"] * w for s, w in zip(rated, weights, strict=True)) / sum(weights))
        stage = record.get("stage")
        statuses = {s["status"] for s in rated}
        if stage in ("보류", "폐기"):
            status = stage
        elif not rated:
            status = NO_INDICATOR
        elif statuses == {"완료"}:
            status = "완료"
        elif "지연" in statuses:
            status = "지연"
        else:
            status = "정상"
        rows.append({
            "pledge_id": pledge,
            "title": record["title"],
            "order": record.get("order", 0),
            "stage": stage,
            "status": status,
            "rate": rate,
            "rate_weighted": rate_weighted,
            "n_subprojects": len(mine),
            "n_rated": len(rated),
            "n_overdue": sum(bool(s["overdue"]) for s in mine),
            "budget_total": budgets[pledge].total if pledge in budgets else 0,
            **{c: record.get(c) for c in CLASSIFICATION},
        })
    columns = [
        "pledge_id", "title", "order", "stage", "status", "rate", "rate_weighted", "n_subprojects",
        "n_rated", "n_overdue", "budget_total", *CLASSIFICATION,
    ]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.astype(
        {"order": "int64", "n_subprojects": "int64", "n_rated": "int64", "n_overdue": "int64", "budget_total": "int64"}
    )


@dataclass(frozen=True)
class WardProgress:
    rate: float | None
    counts: dict[str, int] = field(default_factory=dict)
    stage_counts: dict[str, int] = field(default_factory=dict)
    n_pledges: int = 0


def ward_progress(pledge_table: pd.DataFrame) -> WardProgress:
    """The mean of the pledges' rates (pledges without one left out) and the counts."""
    rates = [r for r in pledge_table["rate"] if r is not None and r == r]
    counts = {s: int((pledge_table["status"] == s).sum()) for s in COUNTED_STATUSES}
    no_indicator = int((pledge_table["status"] == NO_INDICATOR).sum())
    if no_indicator:
        counts[NO_INDICATOR] = no_indicator
    stages = {s: int((pledge_table["stage"] == s).sum()) for s in STAGE_ORDER}
    missing = int(pledge_table["stage"].isna().sum())
    if missing:
        stages[NO_STAGE] = missing
    return WardProgress(
        rate=float(sum(rates) / len(rates)) if rates else None,
        counts=counts,
        stage_counts=stages,
        n_pledges=len(pledge_table),
    )
