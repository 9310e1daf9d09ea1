"""`pledges verify`: is anything in the store damaged or edited behind the application's back?

What can be checked against something independent of it is checked: each kept file against
the sha256 taken when it was uploaded; each snapshot's kept figures against the figures
recomputed from its rows (they depend on the rows only, see store/stored_figures.py); the
pointers (current versions, reviews) against the snapshots they name; the audit log against
its own hash chain (store/audit.py). Everything is read in one read transaction
(store.backup.snapshot_connection), so an import running beside it cannot look like damage.
Each problem is one Korean line naming the ward, 기준일 and version, or the audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, Engine, select

from figures.formatting import format_date
from figures.snapshot import FIGURES_VERSION, snapshot_figures
from store.audit import GENESIS, HASHED_FIELDS, event_hash, korean_time
from store.backup import snapshot_connection
from store.models import (
    AuditEvent,
    CurrentVersion,
    ReviewRow,
    SnapshotFigures,
    SnapshotFile,
    SnapshotRow,
)
from store.reading import frames_for_ids

#: snapshots whose figures are recomputed at once (each is a ward's rows in memory)
FIGURES_BATCH = 25
#: kept files read at once (up to 20 MB each)
FILE_BATCH = 8
EVENT_BATCH = 2000


@dataclass(frozen=True)
class Problem:
    """One thing that does not hold; `message` is the line `pledges verify` prints."""

    kind: str  # file | figures | current | review | audit
    message: str
    ward: str | None = None
    as_of: dt.date | None = None
    version: int | None = None
    snapshot_id: int | None = None
    event_id: int | None = None
    event_at: dt.datetime | None = None

    def as_json(self) -> dict:
        found = asdict(self)
        found["as_of"] = self.as_of.isoformat() if self.as_of else None
        found["event_at"] = self.event_at.isoformat() if self.event_at else None
        return found


@dataclass
class Verification:
    """What was checked and what did not hold (empty `problems`: all of it held)."""

    problems: list[Problem] = field(default_factory=list)
    snapshots: int = 0
    files: int = 0
    figures: int = 0
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(engine: Engine) -> Verification:
    """Every check on one consistent state of the store."""
    found = Verification()
    with snapshot_connection(engine) as conn:
        heads = {row.id: row for row in conn.execute(
            select(SnapshotRow.id, SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.version, SnapshotRow.sha256)
            .order_by(SnapshotRow.id))}
        found.snapshots = len(heads)
        found.files = _check_files(conn, heads, found.problems)
        found.figures = _check_figures(conn, heads, found.problems)
        _check_pointers(conn, heads, found.problems)
        found.events = _check_chain(conn, found.problems)
    return found


def _where(head) -> str:  # noqa: ANN001
    return f"{head.ward} {format_date(head.as_of)} 버전 {head.version}"


def _problem(kind: str, head, text: str) -> Problem:  # noqa: ANN001
    return Problem(kind, f"{_where(head)}: {text}", head.ward, head.as_of, head.version, head.id)


def _check_files(conn: Connection, heads: dict, problems: list[Problem]) -> int:
    """Each kept upload against the sha256 taken from its bytes at import."""
    checked = 0
    query = select(SnapshotFile.snapshot_id, SnapshotFile.content).order_by(SnapshotFile.snapshot_id)
    result = conn.execute(query.execution_options(yield_per=FILE_BATCH))  # this statement only
    for part in result.partitions(FILE_BATCH):
        for snapshot_id, content in part:
            checked += 1
            head = heads.get(snapshot_id)
            if head is None:  # only possible with foreign keys off; its snapshot is gone
                problems.append(Problem("file", f"자료 번호 {snapshot_id}: 보관한 원본 파일의 자료가 없습니다",
                                        snapshot_id=snapshot_id))
            elif hashlib.sha256(bytes(content)).hexdigest() != head.sha256:
                problems.append(_problem("file", head, "보관한 원본 파일의 sha256이 맞지 않습니다"))
    return checked


def _canonical(document: object) -> str:
    # through JSON and back, so a float, a NaN and key order compare as the kept text does
    return json.dumps(json.loads(json.dumps(document)), sort_keys=True)


def _check_figures(conn: Connection, heads: dict, problems: list[Problem]) -> int:
    """Each kept figures document against the same document computed again from the rows.

    A document of an older FIGURES_VERSION, or none, is not damage: the readers recompute
    and keep it on their next read (store/stored_figures.py).
    """
    checked = 0
    ids = list(heads)
    for start in range(0, len(ids), FIGURES_BATCH):
        batch = ids[start:start + FIGURES_BATCH]
        kept = dict(conn.execute(select(SnapshotFigures.snapshot_id, SnapshotFigures.document)
                                 .where(SnapshotFigures.snapshot_id.in_(batch))).all())
        current = {}
        for snapshot_id, text in kept.items():
            try:
                document = json.loads(text)
            except ValueError:
                problems.append(_problem("figures", heads[snapshot_id], "보관한 수치를 읽을 수 없습니다 (JSON이 아닙니다)"))
                continue
            if isinstance(document, dict) and document.get("version") == FIGURES_VERSION:
                current[snapshot_id] = document
        if not current:
            continue
        for snapshot_id, frames in frames_for_ids(conn, list(current)).items():
            checked += 1
            if _canonical(current[snapshot_id]) != _canonical(snapshot_figures(frames)):
                problems.append(_problem("figures", heads[snapshot_id],
                                         "보관한 수치가 자료에서 다시 계산한 수치와 다릅니다"))
    return checked


def _check_pointers(conn: Connection, heads: dict, problems: list[Problem]) -> None:
    """The shown version of each 기준일 and each review name a snapshot that exists and fits."""
    for ward, as_of, snapshot_id in conn.execute(
            select(CurrentVersion.ward, CurrentVersion.as_of, CurrentVersion.snapshot_id)
            .order_by(CurrentVersion.ward, CurrentVersion.as_of)):
        head = heads.get(snapshot_id)
        where = f"{ward} {format_date(as_of)}"
        if head is None:
            problems.append(Problem("current", f"{where}: 지금 보이는 버전이 없는 자료(번호 {snapshot_id})를 가리킵니다",
                                    ward, as_of, snapshot_id=snapshot_id))
        elif (head.ward, head.as_of) != (ward, as_of):
            problems.append(Problem(
                "current", f"{where}: 지금 보이는 버전이 다른 자료({_where(head)})를 가리킵니다",
                ward, as_of, head.version, snapshot_id))
    for snapshot_id, state in conn.execute(select(ReviewRow.snapshot_id, ReviewRow.state)
                                           .order_by(ReviewRow.snapshot_id)):
        if snapshot_id not in heads:
            problems.append(Problem("review", f"검토 기록({state}): 없는 자료(번호 {snapshot_id})를 가리킵니다",
                                    snapshot_id=snapshot_id))


def _check_chain(conn: Connection, problems: list[Problem]) -> int:
    """Walk the audit log in id order: each event's hash, and its link to the one before."""
    columns = [getattr(AuditEvent, name) for name in HASHED_FIELDS]
    expected_prev, last_id, checked = GENESIS, 0, 0
    while True:
        rows = conn.execute(select(AuditEvent.id, AuditEvent.prev_hash, AuditEvent.hash, *columns)
                            .where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(EVENT_BATCH)).all()
        if not rows:
            return checked
        for row in rows:
            checked += 1
            last_id = row.id
            fault = _link_fault(row, expected_prev)
            if fault:
                problems.append(Problem("audit", f"감사 기록 #{row.id} ({korean_time(row.at)}): {fault}",
                                        event_id=row.id, event_at=row.at))
            expected_prev = row.hash or GENESIS  # one fault is named once, the chain goes on from here


def _link_fault(row, expected_prev: str) -> str | None:  # noqa: ANN001
    if not row.hash:
        return "사슬 값(hash)이 없습니다 (사슬에 들지 않은 기록입니다)"
    if row.hash != event_hash(row._mapping, row.prev_hash or ""):
        return "기록된 뒤에 내용이 바뀌었습니다"
    if row.prev_hash != expected_prev:
        return "바로 앞 기록과 이어지지 않습니다 (앞 기록이 지워졌거나 바뀌었습니다)"
    return None
