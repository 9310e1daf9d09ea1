"""A snapshot as pandas DataFrames: the one tabular contract of the project.

The store hands snapshots out in this form and the figures take this form, so
a number on a page can be traced from the figure function straight back to a
column here. Column names are the dataclass field names of `loaders.model`;
`subproject` and `source` hold None where the model does (pledge-level rows,
all-sources rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, field, fields

import pandas as pd

import loaders.text_storage  # noqa: F401  (how the frames hold text; set before any frame)
from loaders.model import (
    Achievement,
    AdjustmentRow,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Pledge,
    Snapshot,
    SubProject,
)

PLEDGE_COLUMNS = [f.name for f in fields(Pledge)]
SUBPROJECT_COLUMNS = ["pledge_id", "subproject", "order"]
SCHEDULE_COLUMNS = ["pledge_id", "subproject", "quarter"]
BUDGET_COLUMNS = ["pledge_id", "subproject", "source", "year", "end_month", "amount"]
#: 확보 (secured) and 집행 (spent) rows: the budget columns plus `kind`
FUNDING_COLUMNS = [*BUDGET_COLUMNS, "kind"]
INDICATOR_COLUMNS = [
    "pledge_id", "subproject", "unit", "target", "stated_rate", "has_plan", "has_actual"
]
POINT_COLUMNS = ["pledge_id", "subproject", "kind", "year", "end_month", "value", "text"]
ACHIEVEMENT_COLUMNS = [f.name for f in fields(Achievement)]
ADJUSTMENT_ROW_COLUMNS = [f.name for f in fields(AdjustmentRow)]


@dataclass(frozen=True)
class SnapshotFrames:
    """One ward at one 기준일, table by table.

    - pledges: PLEDGE_COLUMNS, one row per pledge, in workbook order
    - subprojects: pledge_id, subproject (name), order
    - schedule: pledge_id, subproject, quarter ("2018Q2"), one row per scheduled quarter
    - budget: pledge_id, subproject|None, source|None, year, end_month, amount (원, int);
      the 계획 rows only, so every plan figure reads exactly as before 구분 existed
    - indicators: pledge_id, subproject, unit, target, stated_rate, has_plan, has_actual
    - points: pledge_id, subproject, kind (계획|실적), year, end_month, value, text
    - achievements: ACHIEVEMENT_COLUMNS
    - funding: FUNDING_COLUMNS, the 확보 and 집행 rows of 소요예산 (empty when none)
    - adjustment_rows: ADJUSTMENT_ROW_COLUMNS, the rows of sheet 공약조정 (empty when none)
    - term, mayor: 민선 N기 and 구청장 of 개요 (None where a store has not said)
    """

    ward: str
    as_of: dt.date
    pledges: pd.DataFrame
    subprojects: pd.DataFrame
    schedule: pd.DataFrame
    budget: pd.DataFrame
    indicators: pd.DataFrame
    points: pd.DataFrame
    achievements: pd.DataFrame
    funding: pd.DataFrame = field(default_factory=lambda: _frame([], FUNDING_COLUMNS))
    adjustment_rows: pd.DataFrame = field(default_factory=lambda: _frame([], ADJUSTMENT_ROW_COLUMNS))
    term: int | None = None
    mayor: str | None = None


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Object columns throughout, so None stays None (not NaN) until a figure decides."""
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.DataFrame(rows, columns=columns, dtype=object)


def budget_frames(rows: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Budget rows (FUNDING_COLUMNS order) → (the 계획 frame, the 확보/집행 frame)."""
    plan = [r[:-1] for r in rows if r[-1] == "계획"]
    funding = [r for r in rows if r[-1] != "계획"]
    frames = (_frame(plan, BUDGET_COLUMNS), _frame(funding, FUNDING_COLUMNS))
    for frame in frames:
        if len(frame):
            for column in ("amount", "year", "end_month"):
                frame[column] = frame[column].astype("int64")
    return frames


def to_frames(snapshot: Snapshot) -> SnapshotFrames:
    """Tabulate a snapshot; the store builds the same frames from its rows."""
    budget, funding = budget_frames([astuple(r) for r in snapshot.budget])
    points = _frame([astuple(p) for p in snapshot.points], POINT_COLUMNS)
    if len(points):
        points["year"] = points["year"].astype("int64")
        points["end_month"] = points["end_month"].astype("int64")
    return SnapshotFrames(
        ward=snapshot.ward,
        as_of=snapshot.as_of,
        pledges=_frame([astuple(p) for p in snapshot.pledges], PLEDGE_COLUMNS),
        subprojects=_frame(
            [(s.pledge_id, s.name, s.order) for s in snapshot.subprojects], SUBPROJECT_COLUMNS
        ),
        schedule=_frame(
            [(s.pledge_id, s.name, q) for s in snapshot.subprojects for q in s.quarters],
            SCHEDULE_COLUMNS,
        ),
        budget=budget,
        indicators=_frame([astuple(i) for i in snapshot.indicators], INDICATOR_COLUMNS),
        points=points,
        achievements=_frame([astuple(a) for a in snapshot.achievements], ACHIEVEMENT_COLUMNS),
        funding=funding,
        adjustment_rows=_frame([astuple(a) for a in snapshot.adjustment_rows], ADJUSTMENT_ROW_COLUMNS),
        term=snapshot.term,
        mayor=snapshot.mayor,
    )


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (NaN never reaches a dataclass)."""
    return [
        {k: (None if not isinstance(v, str | dt.date) and pd.isna(v) else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def from_frames(
    frames: SnapshotFrames,
    *,
    budget_unit: str = "백만원",
    author_department: str | None = None,
    author: str | None = None,
) -> Snapshot:
    """The inverse of `to_frames`: a stored quarter back as a Snapshot, to write it as a workbook."""
    quarters: dict[tuple[str, str], list[str]] = {}
    for row in _records(frames.schedule):
        quarters.setdefault((row["pledge_id"], row["subproject"]), []).append(row["quarter"])
    budget = [BudgetRow(**{**r, "amount": int(r["amount"]), "year": int(r["year"]),
                           "end_month": int(r["end_month"])}) for r in _records(frames.budget)]
    budget += [BudgetRow(**{**r, "amount": int(r["amount"]), "year": int(r["year"]),
                            "end_month": int(r["end_month"])}) for r in _records(frames.funding)]
    return Snapshot(
        ward=frames.ward,
        as_of=frames.as_of,
        budget_unit=budget_unit,
        author_department=author_department,
        author=author,
        pledges=tuple(Pledge(**{**r, "order": int(r["order"] or 0)}) for r in _records(frames.pledges)),
        subprojects=tuple(
            SubProject(r["pledge_id"], r["subproject"],
                       tuple(sorted(quarters.get((r["pledge_id"], r["subproject"]), ()))),
                       int(r["order"] or 0))
            for r in _records(frames.subprojects)
        ),
        budget=tuple(budget),
        indicators=tuple(
            Indicator(**{**r, "has_plan": bool(r["has_plan"]), "has_actual": bool(r["has_actual"])})
            for r in _records(frames.indicators)
        ),
        points=tuple(
            IndicatorPoint(**{**r, "year": int(r["year"]), "end_month": int(r["end_month"])})
            for r in _records(frames.points)
        ),
        achievements=tuple(
            Achievement(**{**r, "open_end": bool(r["open_end"]), "raw_date": r["raw_date"] or "",
                           "order": int(r["order"] or 0)})
            for r in _records(frames.achievements)
        ),
        term=frames.term,
        mayor=frames.mayor,
        adjustment_rows=tuple(
            AdjustmentRow(**{**r, "open_end": bool(r["open_end"]), "raw_date": r["raw_date"] or "",
                             "order": int(r["order"] or 0), "cell": r["cell"] or ""})
            for r in _records(frames.adjustment_rows)
        ),
    )


__all__ = [
    "from_frames",
    "SnapshotFrames",
    "to_frames",
    "PLEDGE_COLUMNS",
    "SUBPROJECT_COLUMNS",
    "SCHEDULE_COLUMNS",
    "BUDGET_COLUMNS",
    "FUNDING_COLUMNS",
    "budget_frames",
    "INDICATOR_COLUMNS",
    "POINT_COLUMNS",
    "ACHIEVEMENT_COLUMNS",
    "ADJUSTMENT_ROW_COLUMNS",
]
