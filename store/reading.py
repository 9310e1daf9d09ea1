"""Snapshots out of the database as SnapshotFrames: one query per table, no per-row ORM objects.

A city-wide summary reads 25 wards at once, so each table is read with a single
`WHERE snapshot_id = …` and tabulated directly.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from loaders.frames import (
    ACHIEVEMENT_COLUMNS,
    ADJUSTMENT_ROW_COLUMNS,
    FUNDING_COLUMNS,
    INDICATOR_COLUMNS,
    PLEDGE_COLUMNS,
    POINT_COLUMNS,
    SCHEDULE_COLUMNS,
    SUBPROJECT_COLUMNS,
    SnapshotFrames,
    budget_frames,
)
from loaders.model import Finding
from store.models import (
    AchievementRow,
    AdjustmentSheetRow,
    BudgetRowRow,
    CurrentVersion,
    FindingRow,
    IndicatorPointRow,
    IndicatorRow,
    PledgeRow,
    SnapshotRow,
    SubProjectRow,
)


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.DataFrame([tuple(r) for r in rows], columns=columns, dtype=object)


def _columns(model, names: list[str]) -> list:
    return [getattr(model, name) for name in names]


def frames_for(conn: Connection, snapshot_id: int) -> SnapshotFrames:
    return frames_for_ids(conn, [snapshot_id])[snapshot_id]


def frames_for_ids(conn: Connection, snapshot_ids: list[int]) -> dict[int, SnapshotFrames]:
    """Several snapshots with one query per table (a city summary reads 25 at once)."""
    heads = {
        row.id: row
        for row in conn.execute(
            select(SnapshotRow.id, SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.term, SnapshotRow.mayor)
            .where(SnapshotRow.id.in_(snapshot_ids))
        )
    }

    def rows(model, names: list[str]) -> dict[int, list[tuple]]:
        query = (
            select(model.snapshot_id, *_columns(model, names))
            .where(model.snapshot_id.in_(snapshot_ids))
            .order_by(model.snapshot_id, model.id)
        )
        grouped: dict[int, list[tuple]] = {i: [] for i in snapshot_ids}
        for row in conn.execute(query):
            grouped[row[0]].append(tuple(row[1:]))
        return grouped

    pledges = rows(PledgeRow, PLEDGE_COLUMNS)
    subs = rows(SubProjectRow, ["pledge_id", "name", "order", "quarters"])
    budgets = rows(BudgetRowRow, FUNDING_COLUMNS)
    indicators = rows(IndicatorRow, INDICATOR_COLUMNS)
    points = rows(IndicatorPointRow, POINT_COLUMNS)
    achievements = rows(AchievementRow, ACHIEVEMENT_COLUMNS)
    adjustment_rows = rows(AdjustmentSheetRow, ADJUSTMENT_ROW_COLUMNS)
    result = {}
    for snapshot_id in snapshot_ids:
        budget, funding = budget_frames(budgets[snapshot_id])
        point_frame = _frame(points[snapshot_id], POINT_COLUMNS)
        if len(point_frame):
            point_frame = point_frame.astype({"year": "int64", "end_month": "int64"})
        head = heads[snapshot_id]
        result[snapshot_id] = SnapshotFrames(
            ward=head.ward,
            as_of=head.as_of,
            pledges=_frame(pledges[snapshot_id], PLEDGE_COLUMNS),
            subprojects=_frame([(p, n, o) for p, n, o, _ in subs[snapshot_id]], SUBPROJECT_COLUMNS),
            schedule=_frame(
                [(p, n, q) for p, n, _, quarters in subs[snapshot_id] for q in quarters.split(",") if q],
                SCHEDULE_COLUMNS,
            ),
            budget=budget,
            indicators=_frame(indicators[snapshot_id], INDICATOR_COLUMNS),
            points=point_frame,
            achievements=_frame(achievements[snapshot_id], ACHIEVEMENT_COLUMNS),
            funding=funding,
            adjustment_rows=_frame(adjustment_rows[snapshot_id], ADJUSTMENT_ROW_COLUMNS),
            term=head.term,
            mayor=head.mayor,
        )
    return result


def current_id(conn: Connection, ward: str, as_of: dt.date | None = None) -> int | None:
    """The shown version of a ward's 기준일, or of its latest 기준일."""
    query = select(CurrentVersion.snapshot_id).where(CurrentVersion.ward == ward)
    if as_of is not None:
        query = query.where(CurrentVersion.as_of == as_of)
    else:
        query = query.order_by(CurrentVersion.as_of.desc()).limit(1)
    return conn.execute(query).scalar()


def wards(conn: Connection) -> list[str]:
    return list(conn.execute(select(CurrentVersion.ward).distinct().order_by(CurrentVersion.ward)).scalars())


def as_of_dates(conn: Connection, ward: str) -> list[dt.date]:
    query = select(CurrentVersion.as_of).where(CurrentVersion.ward == ward).order_by(CurrentVersion.as_of)
    return list(conn.execute(query).scalars())


def warnings_for(conn: Connection, snapshot_id: int) -> list[Finding]:
    query = (
        select(FindingRow.level, FindingRow.sheet, FindingRow.cell, FindingRow.message)
        .where(FindingRow.snapshot_id == snapshot_id)
        .order_by(FindingRow.id)
    )
    return [Finding(*row) for row in conn.execute(query).all()]
