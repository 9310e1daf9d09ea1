"""`pledges verify`: is anything in the store damaged or edited behind the application's back?

What can be checked against something independent of it is checked: each kept file (an upload or
a piece of 증빙) against the sha256 and size taken when it was kept; each version's kept read-model (`quarter_models`: its
core and rates) and kept figures against the same computed again from its rows (they depend on
the rows only, see store/kept.py); the pointers (current versions, reviews) against the
snapshots they name; the audit log against its own hash chain (store/audit.py). Each problem is
one Korean line naming the ward, 기준일 and version, or the audit event.

Everything is read in one read transaction (store.backup.snapshot_connection), so an import
running beside it cannot look like damage. Recomputing 200 versions is most of the work, so it
runs in worker processes over batches of versions, each with its own connection: on PostgreSQL
each worker's transaction takes up the parent's snapshot (`SET TRANSACTION SNAPSHOT`); on SQLite
it reads the versions the parent listed, whose rows never change once stored. Each version's
core is computed once and serves both kept documents, which are compared as the text kept.keep
writes first (one string comparison) and only when that differs as parsed JSON (so a float
written another way is no damage).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, Engine, func, select

from figures.codec import encode
from figures.formatting import format_date, korean_time
from figures.quarter import MODEL_VERSION, core_of
from figures.snapshot import FIGURES_VERSION, rate_part, snapshot_figures
from store.audit import GENESIS, HASHED_FIELDS, event_hash
from store.backup import snapshot_connection
from store.engine import make_engine
from store.evidence_models import EvidenceFileRow, EvidenceRow
from store.models import (
    AuditEvent,
    CurrentVersion,
    QuarterModel,
    ReviewRow,
    SnapshotFigures,
    SnapshotFile,
    SnapshotRow,
)
from store.reading import frames_for_ids

#: versions recomputed per task (each is a ward's rows in memory); small, so progress moves often
FIGURES_BATCH = 8
#: worker processes for the recomputation (this project's machines have two cores)
PROCESSES = 2
#: kept files read at once (up to 20 MB each)
FILE_BATCH = 8
EVENT_BATCH = 2000


@dataclass(frozen=True)
class Problem:
    """One thing that does not hold; `message` is the line `pledges verify` prints."""

    kind: str  # file | evidence | figures | model | current | review | audit
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
    evidence: int = 0
    figures: int = 0
    models: int = 0
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(engine: Engine, *, progress: Callable[[int, int, str], None] | None = None,
           processes: int = PROCESSES) -> Verification:
    """Every check on one consistent state of the store; `progress(done, total, what)` as it goes."""
    found = Verification()
    with engine.connect() as conn:
        versions = conn.execute(select(func.count()).select_from(SnapshotRow)).scalar_one()
    pool = None
    # forked workers (Linux, macOS); where a process cannot fork (Windows) everything runs here
    if processes > 1 and versions > FIGURES_BATCH and "fork" in multiprocessing.get_all_start_methods():
        engine.dispose()  # the workers are forked now, before this process holds any connection
        pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
        list(pool.map(_ready, range(processes)))
    try:
        with snapshot_connection(engine) as conn:
            heads = {row.id: row for row in conn.execute(
                select(SnapshotRow.id, SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.version, SnapshotRow.sha256)
                .order_by(SnapshotRow.id))}
            found.snapshots = len(heads)
            batches = [list(heads)[i:i + FIGURES_BATCH] for i in range(0, len(heads), FIGURES_BATCH)]
            if pool:  # the workers recompute while this process checks the files, pointers and chain
                shared, url = _exported_snapshot(conn), engine.url.render_as_string(hide_password=False)
                jobs = [pool.submit(_recompute_in_worker, url, shared, batch) for batch in batches]
                results = (job.result() for job in jobs)
            else:
                results = (_recompute(conn, batch) for batch in batches)  # lazy: after the cheap checks
            files: list[Problem] = []
            found.files = _check_files(conn, heads, files, progress)
            found.evidence = _check_evidence(conn, files, progress)
            pointers: list[Problem] = []
            _check_pointers(conn, heads, pointers)
            chain: list[Problem] = []
            found.events = _check_chain(conn, chain)
            recomputed = _gather(results, heads, found, progress)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    found.problems = files + recomputed + pointers + chain
    return found


def _gather(results, heads: dict, found: Verification, progress) -> list[Problem]:
    """The workers' findings in the order of the versions, with progress as each batch comes back."""
    problems, done = [], 0
    if progress:
        progress(0, len(heads), "수치·읽기 모델 다시 계산")
    for looked_at, figures, models, faults in results:
        found.figures += figures
        found.models += models
        problems += [_problem(kind, heads[snapshot_id], text) for snapshot_id, kind, text in faults]
        done += looked_at
        if progress:
            progress(done, len(heads), "수치·읽기 모델 다시 계산")
    return problems


def _ready(_: int) -> None:
    """A task that makes the pool start its workers (fork) before any connection is open."""


def _exported_snapshot(conn: Connection) -> str | None:
    """PostgreSQL: the name of this transaction's snapshot, for the workers to take up."""
    if conn.dialect.name != "postgresql":
        return None
    return conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()


_engines: dict[str, Engine] = {}


def _recompute_in_worker(url: str, shared: str | None, snapshot_ids: list[int]) -> tuple[int, int, int, list]:
    """_recompute in a worker process, in its own read transaction (on the parent's snapshot when shared)."""
    engine = _engines.get(url) or _engines.setdefault(url, make_engine(url))
    with engine.connect() as conn:
        if shared:
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            if shared:
                conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{shared}'")
            return _recompute(conn, snapshot_ids)


def _where(head) -> str:
    return f"{head.ward} {format_date(head.as_of)} 버전 {head.version}"


def _problem(kind: str, head, text: str) -> Problem:
    return Problem(kind, f"{_where(head)}: {text}", head.ward, head.as_of, head.version, head.id)


def _check_files(conn: Connection, heads: dict, problems: list[Problem], progress) -> int:
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
        if progress:
            progress(min(checked, len(heads)), len(heads), "원본 파일 sha256 확인")
    return checked


def _check_evidence(conn: Connection, problems: list[Problem], progress) -> int:
    """Each kept piece of 증빙 against the size and sha256 taken when it was kept (store/evidence.py)."""
    kept = {row.id: row for row in conn.execute(select(
        EvidenceRow.id, EvidenceRow.ward, EvidenceRow.as_of, EvidenceRow.pledge_id, EvidenceRow.caption,
        EvidenceRow.bytes, EvidenceRow.sha256))}
    checked = 0
    query = select(EvidenceFileRow.evidence_id, EvidenceFileRow.content).order_by(EvidenceFileRow.evidence_id)
    for part in conn.execute(query.execution_options(yield_per=FILE_BATCH)).partitions(FILE_BATCH):
        for evidence_id, content in part:
            checked += 1
            row = kept.pop(evidence_id, None)
            if row is None:
                continue  # a file is removed with its row only (the foreign key); nothing to compare it with
            data = bytes(content)
            if len(data) != row.bytes or hashlib.sha256(data).hexdigest() != row.sha256:
                problems.append(Problem(
                    "evidence", f"{row.ward} {format_date(row.as_of)} 공약 {row.pledge_id} 증빙 #{row.id} "
                    f"'{row.caption}': 보관한 파일의 sha256이 맞지 않습니다", row.ward, row.as_of))
        if progress:
            progress(checked, checked + len(kept), "증빙 파일 sha256 확인")
    for row in kept.values():
        problems.append(Problem("evidence", f"{row.ward} {format_date(row.as_of)} 공약 {row.pledge_id} 증빙 "
                                f"#{row.id} '{row.caption}': 보관한 파일이 없습니다", row.ward, row.as_of))
    return checked


def _same_json(kept: str | bytes, recomputed: str) -> bool:
    """The kept text is the recomputed one, or parses to the same values (keys in another order, a float
    written another way, NaN as NaN)."""
    if kept == recomputed or (isinstance(kept, bytes) and kept == recomputed.encode("utf-8")):
        return True
    return json.loads(kept, parse_constant=str) == json.loads(recomputed, parse_constant=str)


def _recompute(conn: Connection, snapshot_ids: list[int]) -> tuple[int, int, int, list[tuple[int, str, str]]]:
    """Each version's kept figures and kept read-model against its core computed again from its rows.

    Returns how many versions were looked at, how many figures documents and models were compared,
    and the faults found, as (snapshot id, kind, text). A document of an older FIGURES_VERSION or MODEL_VERSION, or none,
    is not damage: the readers compute and keep it again on their next read (store/kept.py).
    """
    faults: list[tuple[int, str, str]] = []
    figures: dict[int, str] = {}
    for snapshot_id, text in conn.execute(select(SnapshotFigures.snapshot_id, SnapshotFigures.document)
                                          .where(SnapshotFigures.snapshot_id.in_(snapshot_ids))):
        try:
            document = json.loads(text)
        except ValueError:
            faults.append((snapshot_id, "figures", "보관한 수치를 읽을 수 없습니다 (JSON이 아닙니다)"))
            continue
        if isinstance(document, dict) and document.get("version") == FIGURES_VERSION:
            figures[snapshot_id] = text
    models = {row.snapshot_id: row for row in conn.execute(
        select(QuarterModel.snapshot_id, QuarterModel.body, QuarterModel.rates)
        .where(QuarterModel.snapshot_id.in_(snapshot_ids), QuarterModel.version == MODEL_VERSION))}
    wanted = [i for i in snapshot_ids if i in figures or i in models]
    for snapshot_id, frames in (frames_for_ids(conn, wanted) if wanted else {}).items():
        core = core_of(frames)
        document = snapshot_figures(core)
        if snapshot_id in figures and not _same_json(figures[snapshot_id], json.dumps(document, ensure_ascii=False)):
            faults.append((snapshot_id, "figures", "보관한 수치가 자료에서 다시 계산한 수치와 다릅니다"))
        if snapshot_id in models:
            fault = _model_fault(models[snapshot_id], core, document)
            if fault:
                faults.append((snapshot_id, "model", fault))
    return len(snapshot_ids), len(figures), len(models), faults


def _model_fault(row, core, document: dict) -> str | None:
    """What is wrong with a kept read-model (store/kept.py: the core's JSON compressed, and the rates)."""
    try:
        body = zlib.decompress(row.body)
    except zlib.error:
        return "보관한 읽기 모델을 읽을 수 없습니다 (압축이 깨졌습니다)"
    try:
        same = _same_json(body, json.dumps(encode(core), ensure_ascii=False, separators=(",", ":"))) and \
            _same_json(row.rates, json.dumps(rate_part(document), ensure_ascii=False))
    except ValueError:
        return "보관한 읽기 모델을 읽을 수 없습니다 (JSON이 아닙니다)"
    return None if same else "보관한 읽기 모델이 자료에서 다시 계산한 것과 다릅니다"


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


def _link_fault(row, expected_prev: str) -> str | None:
    if not row.hash:
        return "사슬 값(hash)이 없습니다 (사슬에 들지 않은 기록입니다)"
    if row.hash != event_hash(row._mapping, row.prev_hash or ""):
        return "기록된 뒤에 내용이 바뀌었습니다"
    if row.prev_hash != expected_prev:
        return "바로 앞 기록과 이어지지 않습니다 (앞 기록이 지워졌거나 바뀌었습니다)"
    return None
