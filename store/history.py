"""Every version of a ward's quarters, and rollback: moving the "current" pointer back.

Rollback never deletes: the newer version stays on record (in `history`);
going forward again means importing the corrected workbook as a new version.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select, update

from figures.formatting import format_date
from store import audit
from store.accounts import Account
from store.engine import write_transaction
from store.errors import StoreError
from store.models import CurrentVersion, FindingRow, SnapshotFile, SnapshotRow
from store.permissions import authorize

HISTORY_COLUMNS = [
    "ward", "as_of", "version", "current", "file_name", "sha256", "imported_by", "imported_at",
    "warnings", "sample",
]


def history(engine: Engine, ward: str) -> pd.DataFrame:
    warnings = (
        select(FindingRow.snapshot_id, func.count().label("n"))
        .where(FindingRow.level == "warning")
        .group_by(FindingRow.snapshot_id)
        .subquery()
    )
    query = (
        select(
            SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.version,
            (CurrentVersion.snapshot_id.is_not(None)).label("current"),
            SnapshotRow.file_name, SnapshotRow.sha256, SnapshotRow.imported_by,
            SnapshotRow.imported_at, func.coalesce(warnings.c.n, 0), SnapshotRow.sample,
        )
        .outerjoin(CurrentVersion, CurrentVersion.snapshot_id == SnapshotRow.id)
        .outerjoin(warnings, warnings.c.snapshot_id == SnapshotRow.id)
        .where(SnapshotRow.ward == ward)
        .order_by(SnapshotRow.as_of.desc(), SnapshotRow.version.desc())
    )
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(query).all()]
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS, dtype=object)
    if len(frame):
        frame["current"] = frame["current"].astype(bool)
        frame["version"] = frame["version"].astype("int64")
        frame["warnings"] = frame["warnings"].astype("int64")
    return frame


def rollback(engine: Engine, ward: str, as_of: dt.date, *, by: str, user: Account | None = None) -> str:
    """Make the version before the current one current again; Korean message of what happened."""
    authorize(engine, "rollback", ward, user, actor=by, as_of=as_of)  # PermissionDenied is a StoreError
    with write_transaction(engine) as conn:
        current = conn.execute(
            select(SnapshotRow.id, SnapshotRow.version)
            .join(CurrentVersion, CurrentVersion.snapshot_id == SnapshotRow.id)
            .where(CurrentVersion.ward == ward, CurrentVersion.as_of == as_of)
        ).first()
        if current is None:
            raise StoreError(f"{ward} {format_date(as_of)} 기준 자료가 없습니다")
        previous = conn.execute(
            select(SnapshotRow.id, SnapshotRow.version)
            .where(SnapshotRow.ward == ward, SnapshotRow.as_of == as_of, SnapshotRow.version < current.version)
            .order_by(SnapshotRow.version.desc())
            .limit(1)
        ).first()
        if previous is None:
            raise StoreError(
                f"{ward} {format_date(as_of)} 기준 자료는 버전 {current.version} 하나뿐이라 되돌릴 이전 버전이 없습니다"
            )
        conn.execute(
            update(CurrentVersion)
            .where(CurrentVersion.ward == ward, CurrentVersion.as_of == as_of)
            .values(snapshot_id=previous.id, changed_at=dt.datetime.now(dt.UTC))
        )
        audit.record(conn, actor=by, action="rollback", ward=ward, as_of=as_of,
                     detail=f"버전 {current.version} → {previous.version}")
    return (
        f"{ward} {format_date(as_of)} 기준 자료를 버전 {previous.version}(으)로 되돌렸습니다 "
        f"(버전 {current.version}은 기록에 남아 있습니다)"
    )


def original_file(
    engine: Engine, ward: str, as_of: dt.date, version: int | None = None
) -> tuple[str, bytes] | None:
    """(file name, bytes) of a version as uploaded; None when unknown or stored before files were kept."""
    query = (
        select(SnapshotRow.file_name, SnapshotFile.content)
        .join(SnapshotFile, SnapshotFile.snapshot_id == SnapshotRow.id)
        .where(SnapshotRow.ward == ward, SnapshotRow.as_of == as_of)
    )
    if version is None:
        query = query.join(CurrentVersion, CurrentVersion.snapshot_id == SnapshotRow.id)
    else:
        query = query.where(SnapshotRow.version == version)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row[0], bytes(row[1])) if row else None
