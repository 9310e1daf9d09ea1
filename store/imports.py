"""One import = one snapshot of one ward at one 기준일, stored whole in one transaction or not at all.

The identical file again stores nothing; a different file for the same ward
and 기준일 becomes a new version and the current one; a workbook with any
error stores nothing. Two imports at the same moment queue on SQLite (BEGIN
IMMEDIATE) and collide on unique keys on PostgreSQL, where the loser retries
and then sees the winner's result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import getpass
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from figures.changes import import_warnings
from figures.formatting import format_date
from loaders import read_workbook
from loaders.bounded import read_bounded
from loaders.frames import to_frames
from loaders.model import Finding, LoadResult, Snapshot
from loaders.overview import DEPARTMENT, WHOLE_WARD
from loaders.terms import effective_term
from store import audit, kept, submissions, terms
from store.accounts import Account
from store.engine import write_transaction
from store.models import (
    AchievementRow,
    AdjustmentSheetRow,
    BudgetRowRow,
    CurrentVersion,
    FindingRow,
    IndicatorPointRow,
    IndicatorRow,
    PledgeRow,
    SnapshotFile,
    SnapshotRow,
    SubProjectRow,
)
from store.permissions import PermissionDenied, authorize

Status = Literal["stored", "unchanged", "rejected"]
ATTEMPTS = 4
#: test hook: seconds to wait inside the transaction after writing, so a test can kill the process
PAUSE_ENV = "PLEDGES_TEST_PAUSE_IN_IMPORT"


@dataclass
class ImportOutcome:
    status: Status
    file_name: str
    sha256: str
    message: str
    ward: str | None = None
    as_of: dt.date | None = None
    version: int | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != "rejected"


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "알 수 없음"


def actor(by: str | None, user: Account | None) -> str:
    """Who did it, for the audit and the version: the name given, else the signed-in account's, else the OS user's."""
    return by or (user.name if user else default_actor())


def import_file(
    engine: Engine,
    source: str | Path | bytes | BinaryIO,
    *,
    file_name: str | None = None,
    by: str | None = None,
    sample: bool = False,
    user: Account | None = None,
) -> ImportOutcome:
    """Read a workbook and store it (`store_result`).

    A file a person hands in is read in a bounded worker process (loaders/bounded.py), so a
    file that makes the reader run away is refused and audited instead of taking this
    process down. The samples of data/ (`sample=True`, written by this project) are read
    in-process.
    """
    if isinstance(source, str | Path):
        file_name = file_name or Path(source).name
        with contextlib.suppress(OSError):  # unreadable: read_workbook names the problem in Korean
            source = Path(source).read_bytes()
    elif not isinstance(source, bytes | bytearray):
        source = source.read()
    reader = read_workbook if sample else read_bounded  # an unreadable path: a Korean finding, nothing parsed
    result = reader(source, file_name=file_name)
    content = bytes(source) if isinstance(source, bytes | bytearray) else None
    return store_result(engine, result, by=actor(by, user), sample=sample,
                        user=user, content=content)


def store_result(
    engine: Engine,
    result: LoadResult,
    *,
    by: str,
    sample: bool = False,
    user: Account | None = None,
    content: bytes | None = None,
) -> ImportOutcome:
    """Store a read workbook; `content` (the uploaded bytes) is kept beside its snapshot."""
    if not sample:
        ward = result.snapshot.ward if result.snapshot else None
        part = result.snapshot.submission if result.snapshot else None
        try:
            # a department editor may hand in its own department's part only (store.permissions)
            authorize(engine, "import", ward, user, actor=by, sha256=result.sha256 or None,
                      as_of=result.snapshot.as_of if result.snapshot else None,
                      department=result.snapshot.author_department if part == DEPARTMENT else None,
                      whole_ward=part == WHOLE_WARD)
        except PermissionDenied as refused:
            return ImportOutcome("rejected", result.file_name, result.sha256, f"{result.file_name}: {refused}",
                                 ward, findings=result.findings)
    if result.refused:  # the reader's child ran out of memory or time, or died: not read at all
        reason = result.errors[0].message if result.errors else result.refused
        audit.record(engine, actor=by, action="import", outcome="refused", sha256=result.sha256 or None,
                     detail=reason)
        return ImportOutcome("rejected", result.file_name, result.sha256,
                             f"{result.file_name}: 파일을 읽지 못해 저장하지 않았습니다", findings=result.findings)
    if not result.ok:
        errors = len(result.errors)
        audit.record(engine, actor=by, action="import", outcome="failed", sha256=result.sha256 or None,
                     detail=f"{result.file_name}: 오류 {errors}건")
        return ImportOutcome(
            "rejected", result.file_name, result.sha256,
            f"{result.file_name}: 오류 {errors}건이 있어 저장하지 않았습니다. 오류를 고친 뒤 다시 올려 주세요",
            findings=result.findings,
        )
    snapshot = result.snapshot
    assert snapshot is not None
    last_problem: Exception | None = None
    for attempt in range(ATTEMPTS):
        try:
            outcome = _store_once(engine, result, snapshot, by, sample, content)
        except (IntegrityError, DBAPIError) as problem:  # a concurrent import won the race
            last_problem = problem
            time.sleep(0.05 * (attempt + 1))
            continue
        except submissions.Refused as refused:  # a department's part with errors, or for an approved 기준일
            audit.record(engine, actor=by, action="import", outcome=refused.outcome, ward=snapshot.ward,
                         as_of=snapshot.as_of, sha256=result.sha256, detail=f"{result.file_name}: {refused}")
            return ImportOutcome("rejected", result.file_name, result.sha256, f"{result.file_name}: {refused}",
                                 snapshot.ward, snapshot.as_of, findings=list(result.findings) + refused.findings)
        if outcome.status == "stored":
            audit.record(engine, actor=by, action="import", ward=snapshot.ward, as_of=snapshot.as_of,
                         sha256=result.sha256, detail=f"{result.file_name} (버전 {outcome.version})")
        return outcome
    audit.record(engine, actor=by, action="import", outcome="failed", ward=snapshot.ward,
                 as_of=snapshot.as_of, sha256=result.sha256, detail=f"동시 업로드 충돌: {last_problem!s:.200}")
    return ImportOutcome(
        "rejected", result.file_name, result.sha256,
        "다른 업로드와 겹쳐 저장하지 못했습니다. 잠시 후 다시 올려 주세요 (저장된 내용은 바뀌지 않았습니다)",
        snapshot.ward, snapshot.as_of, findings=result.findings,
    )


def _store_once(
    engine: Engine, result: LoadResult, snapshot: Snapshot, by: str, sample: bool, content: bytes | None
) -> ImportOutcome:
    """One attempt, in one write transaction: a department's part is merged into its base read here."""
    ward, as_of = snapshot.ward, snapshot.as_of
    with write_transaction(engine) as conn:
        same = conn.execute(
            select(SnapshotRow.version).where(
                SnapshotRow.ward == ward, SnapshotRow.as_of == as_of, SnapshotRow.sha256 == result.sha256
            )
        ).scalar()
        if same is not None:
            return ImportOutcome(
                "unchanged", result.file_name, result.sha256,
                f"{result.file_name}: 이미 저장된 파일입니다 ({ward} {format_date(as_of)} 기준, 버전 {same}). "
                "새로 저장한 것은 없습니다",
                ward, as_of, same, result.findings,
            )
        # the version number before the base: on PostgreSQL (READ COMMITTED) a department's part read
        # after another upload committed also sees that upload as its base, and one read before it
        # collides with it on the version key and is merged again on its result
        version = _next_version(conn, ward, as_of)
        merged = submissions.merge_for_import(conn, snapshot) if snapshot.submission == DEPARTMENT else None
        stored = merged.snapshot if merged else snapshot
        findings = list(result.findings) + (merged.findings if merged else [])
        snapshot_id, findings = _insert_version(conn, result, stored, version, by, sample, content, findings)
        submissions.record(conn, snapshot_id, snapshot, result, by, findings, merged)
        pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
        if pause:
            time.sleep(pause)
    message = f"{result.file_name}: {ward} {format_date(as_of)} 기준 자료를 저장했습니다 (버전 {version})"
    if merged:
        message = (f"{result.file_name}: {merged.department}의 자료를 {ward} {format_date(as_of)} 기준 자료에 합쳐 "
                   f"저장했습니다 (버전 {version})")
    if findings:
        message += f", 경고 {len([f for f in findings if f.level == 'warning'])}건"
    return ImportOutcome("stored", result.file_name, result.sha256, message, ward, as_of, version, findings)


def _next_version(conn: Connection, ward: str, as_of: dt.date) -> int:
    query = select(func.max(SnapshotRow.version)).where(SnapshotRow.ward == ward, SnapshotRow.as_of == as_of)
    return (conn.execute(query).scalar() or 0) + 1


def _insert_version(conn: Connection, result: LoadResult, snapshot: Snapshot, version: int, by: str, sample: bool,
                    content: bytes | None, findings: list[Finding]) -> tuple[int, list[Finding]]:
    """Store `snapshot` as `version` of its 기준일 and show it: (snapshot id, all warnings).

    The steps every import takes, whole-ward or a department's merged part: the dropped and backward
    warnings against the previous quarter of its set, the adjustments against the set's plan, the
    rows, the uploaded bytes, the figures, and the pointer to the shown version.
    """
    ward, as_of = snapshot.ward, snapshot.as_of
    term = effective_term(snapshot.term, as_of)
    # the previous quarter within the pledge set this one belongs to (none for a set's first)
    previous_id = terms.previous_id(conn, ward, as_of, term, snapshot.mayor)
    previous = kept.frames_of(conn, previous_id) if previous_id else None
    frames = to_frames(snapshot)
    findings = findings + import_warnings(previous, frames)
    snapshot_id = conn.execute(
        insert(SnapshotRow).returning(SnapshotRow.id),
        dict(
            ward=ward, as_of=as_of, version=version, file_name=result.file_name[:500],
            sha256=result.sha256, imported_by=by[:200], imported_at=dt.datetime.now(dt.UTC),
            budget_unit=snapshot.budget_unit, author_department=snapshot.author_department,
            author=snapshot.author, sample=sample, term=term, mayor=snapshot.mayor, submission=snapshot.submission,
        ),
    ).scalar_one()
    # the adjustments against the set's plan, kept like the figures; their warnings are the import's
    findings += terms.store(conn, snapshot_id, frames)
    _insert_content(conn, snapshot_id, snapshot, findings)
    if content is not None:
        conn.execute(insert(SnapshotFile), dict(snapshot_id=snapshot_id, content=content))
    kept.keep(conn, snapshot_id, frames)  # the read-model's core, once, in the same transaction
    _point_current(conn, ward, as_of, snapshot_id)
    return snapshot_id, findings


def _rows(snapshot_id: int, items, **renames: str) -> list[dict]:
    rows = []
    for item in items:
        row = dataclasses.asdict(item)
        for old, new in renames.items():
            row[new] = row.pop(old)
        if "order" in row:  # Core inserts take column names; the column is "position"
            row["position"] = row.pop("order")
        row["snapshot_id"] = snapshot_id
        rows.append(row)
    return rows


def _insert_content(conn: Connection, snapshot_id: int, snapshot: Snapshot, findings: list[Finding]) -> None:
    if snapshot.pledges:
        conn.execute(insert(PledgeRow), _rows(snapshot_id, snapshot.pledges))
    if snapshot.subprojects:
        conn.execute(
            insert(SubProjectRow),
            [
                dict(snapshot_id=snapshot_id, pledge_id=s.pledge_id, name=s.name,
                     quarters=",".join(s.quarters), position=s.order)
                for s in snapshot.subprojects
            ],
        )
    if snapshot.budget:
        conn.execute(insert(BudgetRowRow), _rows(snapshot_id, snapshot.budget))
    if snapshot.indicators:
        conn.execute(insert(IndicatorRow), _rows(snapshot_id, snapshot.indicators))
    if snapshot.points:
        conn.execute(insert(IndicatorPointRow), _rows(snapshot_id, snapshot.points))
    if snapshot.achievements:
        conn.execute(insert(AchievementRow), _rows(snapshot_id, snapshot.achievements))
    if snapshot.adjustment_rows:
        conn.execute(insert(AdjustmentSheetRow), _rows(snapshot_id, snapshot.adjustment_rows))
    if findings:
        conn.execute(insert(FindingRow), _rows(snapshot_id, findings))


def _point_current(conn: Connection, ward: str, as_of: dt.date, snapshot_id: int) -> None:
    now = dt.datetime.now(dt.UTC)
    moved = conn.execute(
        update(CurrentVersion)
        .where(CurrentVersion.ward == ward, CurrentVersion.as_of == as_of)
        .values(snapshot_id=snapshot_id, changed_at=now)
    ).rowcount
    if not moved:
        conn.execute(
            insert(CurrentVersion),
            dict(ward=ward, as_of=as_of, snapshot_id=snapshot_id, changed_at=now),
        )
