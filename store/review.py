"""Review before publication (docs/spec.md "Review before publication").

Each version of a ward's 기준일 is `검토 전` (stored; no review row), `승인` (approved
for publication) or `반려` (returned, with a reason). What residents see is, per ward
and 기준일, the latest *approved* version: a newer version still 검토 전 or 반려 never
hides it. Internal pages keep showing the current version, marked 검토 전 until approved.

Deciding is held to accounts like import and rollback (`store.permissions`: admins and
reviewers of the ward), audited, and done in one transaction.

A department's part (docs/spec.md "Department submissions") is approved or returned on its own
(`decide_department`): the submission that supplied the department's pledges in the shown version.
The quarter is still approved for publication as a whole; once it is, department submissions for
that 기준일 are refused until an admin reopens it (`reopen`; whole-ward uploads are not held).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from figures.formatting import format_date
from store import audit, evidence, submissions
from store.accounts import Account
from store.engine import write_transaction
from store.history import StoreError
from store.models import CurrentVersion, ReopeningRow, ReviewRow, SnapshotRow, SubmissionRow
from store.permissions import authorize
from store.reading import current_id

PENDING, APPROVED, RETURNED = "검토 전", "승인", "반려"


def decide(
    engine: Engine,
    ward: str,
    as_of: dt.date,
    decision: str,
    *,
    by: str,
    user: Account | None = None,
    version: int | None = None,
    reason: str = "",
) -> str:
    """Approve or return a version (the current one by default); the Korean message of what happened."""
    action = "approve" if decision == APPROVED else "return"
    reason = " ".join(reason.split())
    if decision == RETURNED and not reason:
        raise StoreError("반려할 때는 이유를 적어 주세요 (올린 부서가 무엇을 고칠지 알 수 있게)")
    authorize(engine, action, ward, user, actor=by, as_of=as_of)  # PermissionDenied is a StoreError
    with write_transaction(engine) as conn:
        target = _version_row(conn, ward, as_of, version)
        conn.execute(delete(ReviewRow).where(ReviewRow.snapshot_id == target.id))
        conn.execute(insert(ReviewRow), dict(snapshot_id=target.id, state=decision, reason=reason[:2000],
                                            reviewed_by=by[:200], reviewed_at=dt.datetime.now(dt.UTC)))
        pieces = evidence.review_pending(conn, ward, as_of, decision, by, reason)  # 증빙 goes with its quarter
        detail = f"버전 {target.version}" + (f", 증빙 {pieces}건" if pieces else "") + (f": {reason}" if reason else "")
        audit.record(conn, actor=by, action=action, ward=ward, as_of=as_of, sha256=target.sha256, detail=detail)
    when = f"{ward} {format_date(as_of)} 기준 버전 {target.version}" + (f"과 증빙 {pieces}건을" if pieces else "을(를)")
    if decision == APPROVED:
        return f"{when} 승인했습니다. 공개 자료(pledges publish)에 실립니다"
    return f"{when} 반려했습니다 (이유: {reason})"


def decide_department(engine: Engine, ward: str, as_of: dt.date, decision: str, department: str, *, by: str,
                      user: Account | None = None, reason: str = "") -> str:
    """Approve or return one department's part: the submission that supplied its pledges in the shown version."""
    action = "approve" if decision == APPROVED else "return"
    reason = " ".join(reason.split())
    if decision == RETURNED and not reason:
        raise StoreError(f"반려할 때는 이유를 적어 주세요 ({department}이(가) 무엇을 고칠지 알 수 있게)")
    authorize(engine, action, ward, user, actor=by, as_of=as_of)  # PermissionDenied is a StoreError
    found = submissions.board(engine, ward, as_of).of(department)
    if found is None:
        raise StoreError(f"{ward} {format_date(as_of)} 기준 자료에 '{department}' 부서의 공약이 없습니다")
    if found.submission_id is None:
        raise StoreError(f"{ward} {format_date(as_of)} 기준 {department}은(는) 아직 제출하지 않았습니다 (미제출)")
    with write_transaction(engine) as conn:
        conn.execute(update(SubmissionRow).where(SubmissionRow.id == found.submission_id).values(
            state=decision, reason=reason[:2000], reviewed_by=by[:200], reviewed_at=dt.datetime.now(dt.UTC)))
        sha256 = conn.execute(select(SubmissionRow.sha256).where(SubmissionRow.id == found.submission_id)).scalar()
        audit.record(conn, actor=by, action=action, ward=ward, as_of=as_of, sha256=sha256,
                     detail=f"{department}: {found.file_name}" + (f": {reason}" if reason else ""))
    part = f"{ward} {format_date(as_of)} 기준 {department}의 제출 자료({found.file_name})"
    if decision == APPROVED:
        return f"{part}을(를) 승인했습니다"
    return f"{part}을(를) 반려했습니다 (이유: {reason}). {department}의 업로드 화면에 이유가 보입니다"


def reopen(engine: Engine, ward: str, as_of: dt.date, *, by: str, user: Account | None = None) -> str:
    """Let departments hand in parts of an approved 기준일 again (admins only; audited 'reopen').

    The approved version stays what residents see until a newer version is approved.
    """
    authorize(engine, "reopen", ward, user, actor=by, as_of=as_of)  # PermissionDenied is a StoreError
    with write_transaction(engine) as conn:
        if not submissions.locked(conn, ward, as_of):
            raise StoreError(f"{ward} {format_date(as_of)} 기준 자료는 승인되어 닫혀 있지 않습니다 (다시 열 필요가 없습니다)")
        snapshot_id = current_id(conn, ward, as_of)
        version = conn.execute(select(SnapshotRow.version).where(SnapshotRow.id == snapshot_id)).scalar_one()
        conn.execute(insert(ReopeningRow), dict(ward=ward, as_of=as_of, snapshot_id=snapshot_id, reopened_by=by[:200],
                                                reopened_at=dt.datetime.now(dt.UTC)))
        audit.record(conn, actor=by, action="reopen", ward=ward, as_of=as_of, detail=f"승인된 버전 {version}")
    return (f"{ward} {format_date(as_of)} 기준 자료를 다시 열었습니다. 부서 제출을 다시 받습니다 "
            f"(승인된 버전 {version}은 새 버전이 승인될 때까지 그대로 공개됩니다)")


def _version_row(conn: Connection, ward: str, as_of: dt.date, version: int | None):
    query = select(SnapshotRow.id, SnapshotRow.version, SnapshotRow.sha256).where(
        SnapshotRow.ward == ward, SnapshotRow.as_of == as_of)
    if version is None:
        query = query.join(CurrentVersion, CurrentVersion.snapshot_id == SnapshotRow.id)
    else:
        query = query.where(SnapshotRow.version == version)
    row = conn.execute(query).first()
    if row is None:
        which = f"버전 {version}" if version is not None else "자료"
        raise StoreError(f"{ward} {format_date(as_of)} 기준 {which}이(가) 없습니다")
    return row


def state_of(conn: Connection, snapshot_id: int) -> tuple[str, str]:
    """(state, reason) of one version."""
    row = conn.execute(select(ReviewRow.state, ReviewRow.reason).where(ReviewRow.snapshot_id == snapshot_id)).first()
    return (row.state, row.reason) if row else (PENDING, "")


def reviews(engine: Engine, ward: str) -> pd.DataFrame:
    """Every version of a ward with its review: as_of, version, current, state, reason, reviewed_by/at."""
    query = (
        select(SnapshotRow.id, SnapshotRow.as_of, SnapshotRow.version,
               CurrentVersion.snapshot_id.is_not(None), SnapshotRow.file_name, SnapshotRow.imported_by,
               ReviewRow.state, ReviewRow.reason, ReviewRow.reviewed_by, ReviewRow.reviewed_at)
        .outerjoin(CurrentVersion, CurrentVersion.snapshot_id == SnapshotRow.id)
        .outerjoin(ReviewRow, ReviewRow.snapshot_id == SnapshotRow.id)
        .where(SnapshotRow.ward == ward)
        .order_by(SnapshotRow.as_of.desc(), SnapshotRow.version.desc())
    )
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(query)]
    frame = pd.DataFrame(rows, columns=["snapshot_id", "as_of", "version", "current", "file_name", "imported_by",
                                        "state", "reason", "reviewed_by", "reviewed_at"], dtype=object)
    if len(frame):
        frame["state"] = frame["state"].map(lambda s: s or PENDING)
        frame["reason"] = frame["reason"].map(lambda s: s or "")
        frame["current"] = frame["current"].astype(bool)
    return frame


def published_ids(conn: Connection, wards: list[str] | None = None) -> dict[tuple[str, dt.date], int]:
    """(ward, 기준일) → the latest approved version's snapshot id: what residents see."""
    latest = (
        select(SnapshotRow.ward, SnapshotRow.as_of, func.max(SnapshotRow.version).label("version"))
        .join(ReviewRow, ReviewRow.snapshot_id == SnapshotRow.id)
        .where(ReviewRow.state == APPROVED)
        .group_by(SnapshotRow.ward, SnapshotRow.as_of)
    )
    if wards is not None:
        latest = latest.where(SnapshotRow.ward.in_(wards))
    latest = latest.subquery()
    query = select(SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.id).join(
        latest,
        (SnapshotRow.ward == latest.c.ward) & (SnapshotRow.as_of == latest.c.as_of)
        & (SnapshotRow.version == latest.c.version),
    )
    return {(ward, as_of): sid for ward, as_of, sid in conn.execute(query)}
