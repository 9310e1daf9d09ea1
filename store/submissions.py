"""Department submissions (docs/spec.md "Department submissions"): a department's part merged into its ward's quarter.

A workbook whose 개요 says `제출단위: 부서` and `작성부서: X` holds X's pledges only. Storing it makes
a new version of the ward's 기준일: the base (the current version, or, when the 기준일 has none yet, the
ward's previous 기준일 of the same pledge set) with X's pledges, every row of every sheet, replaced by
the file's. The merge reads its base inside the import's write transaction, so two departments
submitting at the same moment never overwrite each other: SQLite queues them (BEGIN IMMEDIATE) and on
PostgreSQL the second collides on the version key and reruns the whole merge on the first's result.

Each version keeps, per pledge, where its rows come from (`pledge_origins`): the quarter's own, from
a submission, or carried from an earlier 기준일 (shown 미제출 until its department submits). The
department states of a 기준일 (`board`) follow from the shown version's origins, so a rollback moves
them with the data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select

from figures.formatting import KST, format_date
from loaders.frames import from_frames
from loaders.model import ORDERED_ROW_TABLES, PLEDGE_ROW_TABLES, Finding, LoadResult, Snapshot
from loaders.overview import DEPARTMENT
from loaders.pledges import UNASSIGNED_DEPARTMENT, department_of
from loaders.terms import effective_term
from store import audit, terms
from store.accounts import Account
from store.engine import write_transaction
from store.kept import frames_of
from store.models import (
    DeadlineRow,
    PledgeOrigin,
    PledgeRow,
    ReopeningRow,
    ReviewRow,
    SnapshotRow,
    SubmissionRow,
)
from store.permissions import authorize
from store.reading import current_id

NOT_SUBMITTED, SUBMITTED, RETURNED, APPROVED = "미제출", "제출", "반려", "승인"
STATES = (NOT_SUBMITTED, SUBMITTED, RETURNED, APPROVED)


class Refused(Exception):
    """A department's file the store will not take: its errors (naming cells), or the 기준일 is approved."""

    def __init__(self, message: str, findings: list[Finding] | None = None, outcome: str = "failed") -> None:
        super().__init__(message)
        self.findings = findings or []
        self.outcome = outcome


@dataclass(frozen=True)
class Origin:
    """Where a pledge of a version comes from: its department, the earlier 기준일 it carries (None: this
    quarter's own rows) and the submission that supplied its rows."""

    department: str
    carried_from: dt.date | None = None
    submission_id: int | None = None


@dataclass
class Merge:
    """A department's file merged with its base: what would be stored, and what the merge found."""

    department: str
    snapshot: Snapshot
    origins: dict[str, Origin]
    base_as_of: dt.date | None
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]


def origins(conn: Connection, snapshot_id: int) -> dict[str, Origin]:
    query = select(PledgeOrigin.pledge_id, PledgeOrigin.department, PledgeOrigin.carried_from,
                   PledgeOrigin.submission_id).where(PledgeOrigin.snapshot_id == snapshot_id)
    return {pid: Origin(department, carried, sid) for pid, department, carried, sid in conn.execute(query)}


def base_of(conn: Connection, ward: str, as_of: dt.date, term: int | None, mayor: str | None
            ) -> tuple[int | None, dt.date | None]:
    """(snapshot id, 기준일) of what a department's part of `as_of` is merged into (None: nothing yet)."""
    current = current_id(conn, ward, as_of)
    if current is not None:
        return current, as_of
    previous = terms.previous_id(conn, ward, as_of, effective_term(term, as_of), mayor)
    if previous is None:
        return None, None
    return previous, conn.execute(select(SnapshotRow.as_of).where(SnapshotRow.id == previous)).scalar_one()


def _base_snapshot(conn: Connection, snapshot_id: int) -> Snapshot:
    head = conn.execute(select(SnapshotRow.author_department, SnapshotRow.author)
                        .where(SnapshotRow.id == snapshot_id)).one()
    return from_frames(frames_of(conn, snapshot_id), author_department=head.author_department, author=head.author)


def merge(conn: Connection, file: Snapshot) -> Merge:
    """Department X's file merged into its base; `findings` holds the errors that refuse it (nothing is written)."""
    department = file.author_department or UNASSIGNED_DEPARTMENT
    base_id, base_as_of = base_of(conn, file.ward, file.as_of, file.term, file.mayor)
    base = _base_snapshot(conn, base_id) if base_id is not None else None
    found = _check(file, base, department, base_as_of)
    merged = _merged(base, file, department)
    kept = origins(conn, base_id) if base_id is not None else {}
    mine = {p.pledge_id for p in file.pledges}
    carried: dict[str, Origin] = {}
    for pledge in merged.pledges:
        if pledge.pledge_id in mine:
            carried[pledge.pledge_id] = Origin(department)
            continue
        before = kept.get(pledge.pledge_id, Origin(department_of(pledge)))
        if base_as_of != file.as_of:  # the previous quarter's rows: carried, 미제출 until the department submits
            carried[pledge.pledge_id] = Origin(department_of(pledge), before.carried_from or base_as_of)
        else:
            carried[pledge.pledge_id] = dataclasses.replace(before, department=department_of(pledge))
    return Merge(department, merged, carried, base_as_of, found)


def _check(file: Snapshot, base: Snapshot | None, department: str, base_as_of: dt.date | None) -> list[Finding]:
    """The spec's rules: only X's pledges, none the ward's quarter gives to another department, none of X's left out."""
    cells = {pid: (id_cell, department_cell) for pid, id_cell, department_cell in file.pledge_cells}
    owners = {p.pledge_id: department_of(p) for p in base.pledges} if base else {}
    where = f"{file.ward} {format_date(base_as_of)} 자료" if base_as_of else ""
    found: list[Finding] = []
    for pledge in file.pledges:
        pid, id_cell = pledge.pledge_id, cells.get(pledge.pledge_id, ("", ""))[0]
        owner, before = department_of(pledge), owners.get(pledge.pledge_id)
        if owner != department:
            written = f"'{pledge.department}'입니다" if pledge.department else "비어 있습니다"
            found.append(Finding("error", "공약", cells.get(pid, ("", ""))[1] or id_cell,
                                 f"공약 {pid}의 담당부서가 {written}. 작성부서가 {department}인 파일에는 담당부서가 "
                                 f"{department}인 공약만 적어 주세요"))
        elif base is not None and before is None:
            found.append(Finding("warning", "공약", id_cell, f"공약 {pid} '{pledge.title}'은(는) {where}에 없는 "
                                 f"새 공약입니다 ({department}의 공약으로 더합니다)"))
        elif before == UNASSIGNED_DEPARTMENT and department != UNASSIGNED_DEPARTMENT:
            found.append(Finding("warning", "공약", id_cell, f"공약 {pid} '{pledge.title}'은(는) {where}에서 "
                                 f"담당부서가 비어 있던 공약입니다 ({department}의 공약으로 저장합니다)"))
        elif before is not None and before != department:
            found.append(Finding("error", "공약", id_cell, f"공약 {pid} '{pledge.title}'은(는) {where}에서 {before}의 "
                                 f"공약입니다. {department}의 파일에는 넣을 수 없습니다 (담당부서를 바꾸려면 총괄부서가 "
                                 "구 전체 파일로 올려 주세요)"))
    listed = {p.pledge_id for p in file.pledges}
    for pledge in base.pledges if base else ():
        if department_of(pledge) == department and pledge.pledge_id not in listed:
            found.append(Finding("error", "공약", "", f"공약 {pledge.pledge_id} '{pledge.title}'이(가) 빠졌습니다. "
                                 "공약은 지우지 말고 이행단계를 '폐기'로 적어 주세요"))
    return found


def _merged(base: Snapshot | None, file: Snapshot, department: str) -> Snapshot:
    """The base with X's pledges (every row of every sheet) replaced by the file's, in the base's order."""
    if base is None:
        return dataclasses.replace(file, pledge_cells=())
    mine = {p.pledge_id: p for p in file.pledges}
    kept = {p.pledge_id for p in base.pledges if p.pledge_id not in mine and department_of(p) != department}
    pledges = [mine.get(p.pledge_id, p) for p in base.pledges if p.pledge_id in mine or p.pledge_id in kept]
    pledges += [p for p in file.pledges if p.pledge_id not in {b.pledge_id for b in base.pledges}]

    def rows(name: str) -> tuple:
        found = tuple(r for r in getattr(base, name) if r.pledge_id in kept) + tuple(getattr(file, name))
        return tuple(dataclasses.replace(r, order=i) for i, r in enumerate(found)) if name in ORDERED_ROW_TABLES \
            else found

    return dataclasses.replace(
        file, author_department=base.author_department, author=base.author, pledge_cells=(),
        pledges=tuple(dataclasses.replace(p, order=i) for i, p in enumerate(pledges)),
        **{name: rows(name) for name in PLEDGE_ROW_TABLES},
    )


def merge_for_import(conn: Connection, file: Snapshot) -> Merge:
    """`merge` inside the import's transaction; `Refused` when the 기준일 is approved or the file has errors."""
    if locked(conn, file.ward, file.as_of):
        raise Refused(locked_message(file.ward, file.as_of), outcome="refused")
    found = merge(conn, file)
    if found.errors:
        raise Refused(f"오류 {len(found.errors)}건이 있어 저장하지 않았습니다. 오류를 고친 뒤 다시 올려 주세요",
                      found.findings)
    return found


def locked_message(ward: str, as_of: dt.date) -> str:
    return (f"{ward} {format_date(as_of)} 기준 자료는 승인되어 부서 제출을 받지 않습니다. 고칠 것이 있으면 관리자가 "
            "이 기준일을 다시 열어야 합니다 (pledges reopen)")


def locked(conn: Connection, ward: str, as_of: dt.date) -> bool:
    """The shown version is approved, and no admin has reopened it since."""
    snapshot_id = current_id(conn, ward, as_of)
    if snapshot_id is None:
        return False
    approved = conn.execute(select(ReviewRow.reviewed_at).where(
        ReviewRow.snapshot_id == snapshot_id, ReviewRow.state == APPROVED)).scalar()
    if approved is None:
        return False
    reopened = conn.execute(select(ReopeningRow.reopened_at).where(ReopeningRow.snapshot_id == snapshot_id)
                            .order_by(ReopeningRow.id.desc()).limit(1)).scalar()
    return reopened is None or _utc(reopened) < _utc(approved)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment  # SQLite hands back naive UTC


def _mentions(finding: Finding, pledge_ids: set[str]) -> bool:
    found = re.findall(r"공약\s*([0-9A-Za-z][0-9A-Za-z-]*)", finding.message)
    return any(pid in pledge_ids for pid in found)


def record(conn: Connection, snapshot_id: int, file: Snapshot, result: LoadResult, by: str,
           findings: list[Finding], merged: Merge | None) -> None:
    """The submissions a stored upload makes, and where each pledge of its version comes from.

    A department's file: one submission, its pledges its own. A whole-ward file: one submission per
    department of its pledges, all by its uploader, every pledge this quarter's own.
    """
    warnings = [f for f in findings if f.level == "warning"]
    now = dt.datetime.now(dt.UTC)

    def submit(department: str, own: list[Finding]) -> int:
        return conn.execute(insert(SubmissionRow).returning(SubmissionRow.id), dict(
            ward=file.ward, as_of=file.as_of, department=department[:200], snapshot_id=snapshot_id,
            submitted_by=by[:200], submitted_at=now, file_name=result.file_name[:500], sha256=result.sha256,
            state=SUBMITTED, reason="", warnings=json.dumps([[f.sheet, f.cell, f.message] for f in own],
                                                           ensure_ascii=False))).scalar_one()

    if merged is not None:
        mine = {p.pledge_id for p in file.pledges}
        own = [f for f in warnings if f in result.findings or f in merged.findings or _mentions(f, mine)]
        made = submit(merged.department, own)
        found = {pid: (dataclasses.replace(o, submission_id=made) if pid in mine else o)
                 for pid, o in merged.origins.items()}
    else:
        by_department: dict[str, set[str]] = {}
        for pledge in file.pledges:
            by_department.setdefault(department_of(pledge), set()).add(pledge.pledge_id)
        made_for = {d: submit(d, [f for f in warnings if _mentions(f, ids)]) for d, ids in by_department.items()}
        found = {p.pledge_id: Origin(department_of(p), None, made_for[department_of(p)]) for p in file.pledges}
    if found:
        conn.execute(insert(PledgeOrigin), [dict(snapshot_id=snapshot_id, pledge_id=pid, department=o.department[:200],
                                                 carried_from=o.carried_from, submission_id=o.submission_id)
                                            for pid, o in found.items()])


def set_deadline(engine: Engine, ward: str, as_of: dt.date, day: dt.date, *, by: str,
                 user: Account | None = None) -> str:
    """제출 기한 of a ward's 기준일 (admins only; audited)."""
    authorize(engine, "deadline", ward, user, actor=by, as_of=as_of)  # PermissionDenied is a StoreError
    with write_transaction(engine) as conn:
        conn.execute(delete(DeadlineRow).where(DeadlineRow.ward == ward, DeadlineRow.as_of == as_of))
        conn.execute(insert(DeadlineRow), dict(ward=ward, as_of=as_of, deadline=day, set_by=by[:200],
                                               set_at=dt.datetime.now(dt.UTC)))
        audit.record(conn, actor=by, action="deadline", ward=ward, as_of=as_of, detail=f"제출 기한 {format_date(day)}")
    return f"{ward} {format_date(as_of)} 기준 자료의 제출 기한을 {format_date(day)}(으)로 정했습니다"


def deadline(conn: Connection, ward: str, as_of: dt.date) -> dt.date | None:
    return conn.execute(select(DeadlineRow.deadline).where(DeadlineRow.ward == ward, DeadlineRow.as_of == as_of)
                        ).scalar()


def today() -> dt.date:
    """Korea's date: a deadline passes at midnight in Seoul, whatever the server's clock zone."""
    return dt.datetime.now(KST).date()


def shown_pledges(conn: Connection, ward: str, as_of: dt.date) -> tuple[list[tuple], dict[str, Origin]]:
    """The pledges (id, title, department) of the 기준일's shown version and their origins.

    When the 기준일 has no version yet: the ward's previous quarter of the 기준일's term, every pledge
    carried from it (nothing is submitted yet).
    """
    snapshot_id, shown_as_of = base_of(conn, ward, as_of, None, None)
    if snapshot_id is None:
        return [], {}
    rows = conn.execute(select(PledgeRow.pledge_id, PledgeRow.title, PledgeRow.department)
                        .where(PledgeRow.snapshot_id == snapshot_id).order_by(PledgeRow.order, PledgeRow.id)).all()
    kept = origins(conn, snapshot_id)
    found = {}
    for pid, _, department in rows:
        before = kept.get(pid, Origin(department or UNASSIGNED_DEPARTMENT))
        if shown_as_of != as_of:
            before = Origin(before.department, before.carried_from or shown_as_of)
        found[pid] = before
    return [tuple(r) for r in rows], found


def _submission_rows(conn: Connection, ids: set[int]) -> dict[int, object]:
    """The submissions by id, each with `unit`: the 제출단위 of the file that made it."""
    if not ids:
        return {}
    query = (select(SubmissionRow.__table__, SnapshotRow.submission.label("unit"))
             .join(SnapshotRow, SnapshotRow.id == SubmissionRow.snapshot_id).where(SubmissionRow.id.in_(ids)))
    return {row.id: row for row in conn.execute(query)}


@dataclass(frozen=True)
class DepartmentState:
    """One department's part of a ward's 기준일, as the board shows it."""

    department: str
    state: str  # 미제출 | 제출 | 반려 | 승인
    pledges: tuple[tuple[str, str], ...]  # (공약번호, 공약명)
    #: the 기준일 whose rows its pledges carry (미제출), else None
    carried_from: dt.date | None = None
    submission_id: int | None = None
    submitted_by: str | None = None
    submitted_at: dt.datetime | None = None
    file_name: str | None = None
    #: 제출 as part of a whole-ward file (구 전체) rather than a department's own
    whole_ward: bool = False
    reason: str | None = None
    reviewed_by: str | None = None
    warnings: tuple[Finding, ...] = ()
    late: bool = False


@dataclass(frozen=True)
class Board:
    """Every department's state for a ward's 기준일, with its 제출 기한 (spec "Department submissions")."""

    ward: str
    as_of: dt.date
    deadline: dt.date | None
    #: days from today (Seoul) to the deadline: 0 on the day, negative once passed
    days_left: int | None
    departments: tuple[DepartmentState, ...]
    #: the shown version is approved: department submissions are refused until an admin reopens it
    locked: bool = False

    def of(self, department: str) -> DepartmentState | None:
        return next((d for d in self.departments if d.department == department), None)


def board(engine: Engine, ward: str, as_of: dt.date, on: dt.date | None = None) -> Board:
    """The departments are the 담당부서 (미지정 when blank) of the shown version's pledges, in their order.

    A department is 미제출 while its pledges carry an earlier 기준일's rows; otherwise its state is
    that of the submission that supplied them (제출, 반려 or 승인; 제출 reads 승인 once the quarter is
    approved as a whole). It is late when a deadline is set and passed and it is 미제출 or 반려.
    """
    on = on or today()
    with engine.connect() as conn:
        rows, found = shown_pledges(conn, ward, as_of)
        due = deadline(conn, ward, as_of)
        made = _submission_rows(conn, {o.submission_id for o in found.values() if o.submission_id})
        shown = current_id(conn, ward, as_of)
        approved = shown is not None and conn.execute(select(ReviewRow.state).where(
            ReviewRow.snapshot_id == shown)).scalar() == APPROVED
        closed = locked(conn, ward, as_of)
    grouped: dict[str, list[tuple[str, str]]] = {}
    for pid, title, _ in rows:
        grouped.setdefault(found[pid].department, []).append((pid, title))
    states = []
    for department, pledges in grouped.items():
        mine = [found[pid] for pid, _ in pledges]
        supplied = [o.submission_id for o in mine if o.carried_from is None and o.submission_id in made]
        if not supplied:
            carried = max((o.carried_from for o in mine if o.carried_from), default=None)
            state = DepartmentState(department, NOT_SUBMITTED if carried else SUBMITTED, tuple(pledges), carried)
        else:
            row = made[max(supplied)]
            state = DepartmentState(
                department, APPROVED if row.state == SUBMITTED and approved else row.state, tuple(pledges), None,
                row.id, row.submitted_by, _utc(row.submitted_at), row.file_name, row.unit != DEPARTMENT,
                row.reason or None, row.reviewed_by,
                tuple(Finding("warning", *w) for w in json.loads(row.warnings or "[]")))
        late = due is not None and on > due and state.state in (NOT_SUBMITTED, RETURNED)
        states.append(dataclasses.replace(state, late=late))
    return Board(ward, as_of, due, (due - on).days if due else None, tuple(states), closed)
