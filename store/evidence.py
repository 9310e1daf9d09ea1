"""증빙: the photos and documents behind a pledge's figures, kept in the store, reviewed, never lost.

A piece is added to a ward's 기준일 for one of its pledges (or 세부사업): the handed-in file is judged
by its content and a photo prepared (turned upright, its metadata removed, scaled, thumbnailed) in the
bounded worker (loaders/evidence.py, never in this process), then kept with who and when. It is part
of its quarter's review (store/review.py calls `review_pending`): 승인 publishes it, 반려 returns it with
the quarter. It belongs to the pledge set, so a later quarter of the set shows it with the pledge.
Removal hides it, with who, when and why; its row and file stay, so a backup still holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields

from sqlalchemy import Connection, Engine, insert, select, update

from figures.formatting import format_date
from figures.terms import set_of
from loaders.bounded import BoundedRefusal, run_bounded
from loaders.pledges import UNASSIGNED_DEPARTMENT
from store import audit, kept, reading, terms
from store.accounts import Account
from store.engine import write_transaction
from store.errors import StoreError
from store.evidence_models import EvidenceFileRow, EvidenceRow
from store.permissions import authorize

MAX_BYTES = 20 * 1024 * 1024
MAX_CAPTION = 300
PENDING, APPROVED, RETURNED = "검토 전", "승인", "반려"


class EvidenceError(StoreError):
    """A piece that cannot be added, read or removed; `str()` is the Korean message."""


@dataclass(frozen=True)
class Evidence:
    """A piece as listed (no bytes): `evidence list --json` writes these fields."""

    id: int
    ward: str
    as_of: dt.date
    pledge_id: str
    subproject: str | None
    caption: str
    taken_on: dt.date | None
    kind: str
    media_type: str
    file_name: str
    extension: str
    bytes: int
    sha256: str
    added_by: str
    added_at: dt.datetime
    state: str
    reason: str | None
    width: int | None
    height: int | None
    thumb_width: int | None
    thumb_height: int | None
    removed_at: dt.datetime | None = None
    removed_by: str | None = None
    removed_reason: str | None = None

    @property
    def saved_name(self) -> str:
        """The name to save the kept file under: the name handed in, with its real extension."""
        stem = self.file_name.rsplit(".", 1)[0] if "." in self.file_name else self.file_name
        return f"{stem}{self.extension}"


_COLUMNS = [getattr(EvidenceRow, f.name) for f in fields(Evidence)]


def _where(ward: str, as_of: dt.date) -> str:
    return f"{ward} {format_date(as_of)} 기준"


def _pledge_department(conn: Connection, ward: str, as_of: dt.date, pledge_id: str, subproject: str | None) -> str:
    """The pledge's department in the 기준일's shown version; EvidenceError naming what is there otherwise."""
    snapshot_id = reading.current_id(conn, ward, as_of)
    if snapshot_id is None:
        dates = ", ".join(format_date(d) for d in reading.as_of_dates(conn, ward)) or "없음"
        raise EvidenceError(f"{_where(ward, as_of)} 자료가 없습니다 (저장된 기준일: {dates}). 증빙은 저장된 분기에 붙입니다")
    frames = kept.frames_of(conn, snapshot_id)
    records = {str(r["pledge_id"]): r for r in frames.pledges.to_dict("records")}
    if pledge_id not in records:
        ids = ", ".join(list(records)[:30]) + (" …" if len(records) > 30 else "")
        raise EvidenceError(f"{_where(ward, as_of)} 자료에 공약 {pledge_id}이(가) 없습니다 (있는 공약번호: {ids})")
    if subproject is not None:
        names = [str(s) for s in frames.subprojects[frames.subprojects["pledge_id"] == pledge_id]["subproject"]]
        if subproject not in names:
            raise EvidenceError(f"공약 {pledge_id}에 세부사업 '{subproject}'이(가) 없습니다 (있는 세부사업: "
                                f"{', '.join(names) or '없음'})")
    return records[pledge_id].get("department") or UNASSIGNED_DEPARTMENT


def _caption(text: str) -> str:
    caption = " ".join((text or "").split())
    if not caption:
        raise EvidenceError("설명(캡션)을 적어 주세요. 사진을 볼 수 없는 사람에게 읽어 주는 글이 됩니다 (예: '문래동 공원 준공 모습')")
    if len(caption) > MAX_CAPTION:
        raise EvidenceError(f"설명(캡션)은 {MAX_CAPTION}자까지입니다 (지금 {len(caption)}자)")
    return caption


def _inspected(engine: Engine, data: bytes, file_name: str, by: str, ward: str, as_of: dt.date) -> object:
    """The file judged and prepared in the bounded worker; EvidenceError (audited) when refused."""
    from loaders.evidence import EvidenceRefused

    reason = None
    if len(data) > MAX_BYTES:
        reason = f"{file_name}: 파일이 너무 큽니다 ({len(data) / 1024 / 1024:.1f}MB). 증빙 파일은 20MB까지입니다"
    else:
        try:
            return run_bounded("loaders.evidence:inspect_evidence", data, file_name)
        except EvidenceRefused as refused:
            reason = str(refused)
        except BoundedRefusal as refused:
            reason = f"{file_name}: {refused}"
    audit.record(engine, actor=by, action="evidence_add", outcome="refused", ward=ward, as_of=as_of,
                 sha256=hashlib.sha256(data).hexdigest(), detail=reason)
    raise EvidenceError(reason)


def add(engine: Engine, *, ward: str, as_of: dt.date, pledge_id: str, caption: str, data: bytes, file_name: str,
        by: str, user: Account | None = None, subproject: str | None = None,
        taken_on: dt.date | None = None) -> Evidence:
    """Keep a piece for a pledge of a stored quarter: checked, judged in the bounded worker, audited."""
    pledge_id, caption = str(pledge_id).strip().removesuffix(".0"), _caption(caption)
    subproject = " ".join(subproject.split()) if subproject and subproject.strip() else None
    with engine.connect() as conn:
        department = _pledge_department(conn, ward, as_of, pledge_id, subproject)
    authorize(engine, "evidence", ward, user, actor=by, as_of=as_of, department=department)
    found = _inspected(engine, data, file_name, by, ward, as_of)
    now = dt.datetime.now(dt.UTC)
    row = dict(ward=ward, as_of=as_of, pledge_id=pledge_id, subproject=subproject, caption=caption,
               taken_on=taken_on or found.taken_on, kind=found.kind, media_type=found.media_type,
               file_name=file_name[:500], extension=found.extension, bytes=len(found.content),
               sha256=hashlib.sha256(found.content).hexdigest(), original_sha256=hashlib.sha256(data).hexdigest(),
               width=found.width, height=found.height, thumb_width=found.thumb_width, thumb_height=found.thumb_height,
               added_by=by[:200], added_at=now, state=PENDING)
    with write_transaction(engine) as conn:
        evidence_id = conn.execute(insert(EvidenceRow).returning(EvidenceRow.id), row).scalar_one()
        conn.execute(insert(EvidenceFileRow), dict(evidence_id=evidence_id, content=found.content,
                                                   thumbnail=found.thumbnail))
        audit.record(conn, actor=by, action="evidence_add", ward=ward, as_of=as_of, sha256=row["sha256"],
                     detail=f"#{evidence_id} 공약 {pledge_id}" + (f" {subproject}" if subproject else "")
                     + f" {found.kind}: {caption} ({file_name})")
    return piece(engine, evidence_id)


def piece(engine: Engine, evidence_id: int) -> Evidence:
    with engine.connect() as conn:
        row = conn.execute(select(*_COLUMNS).where(EvidenceRow.id == evidence_id)).first()
    if row is None:
        raise EvidenceError(f"증빙 #{evidence_id}이(가) 없습니다 (pledges evidence list로 번호를 확인해 주세요)")
    return Evidence(*row)


def listing(engine: Engine, ward: str, as_of: dt.date | None = None, pledge_id: str | None = None, *,
            removed: bool = False) -> list[Evidence]:
    """The ward's pieces, oldest first. With `as_of`: those shown with that quarter, i.e. added to it or
    to an earlier quarter of its pledge set (evidence stays with the pledge across the set)."""
    query = select(*_COLUMNS).where(EvidenceRow.ward == ward).order_by(EvidenceRow.as_of, EvidenceRow.id)
    if pledge_id is not None:
        query = query.where(EvidenceRow.pledge_id == str(pledge_id).strip().removesuffix(".0"))
    if not removed:
        query = query.where(EvidenceRow.removed_at.is_(None))
    with engine.connect() as conn:
        if as_of is not None:
            owner = set_of(terms.sets(conn, ward), as_of)
            dates = [d for d in owner.dates if d <= as_of] if owner else [as_of]
            query = query.where(EvidenceRow.as_of.in_(dates))
        return [Evidence(*row) for row in conn.execute(query)]


def content(engine: Engine, evidence_id: int) -> tuple[Evidence, bytes]:
    """The piece and its kept bytes (a removed piece too: nothing is lost)."""
    found = piece(engine, evidence_id)
    with engine.connect() as conn:
        data = conn.execute(select(EvidenceFileRow.content).where(EvidenceFileRow.evidence_id == evidence_id)).scalar()
    return found, data


def thumbnails(engine: Engine, evidence_ids: list[int]) -> dict[int, bytes]:
    """The photos' thumbnails (made once, when each was added)."""
    with engine.connect() as conn:
        return {i: t for i, t in conn.execute(select(EvidenceFileRow.evidence_id, EvidenceFileRow.thumbnail).where(
            EvidenceFileRow.evidence_id.in_(evidence_ids), EvidenceFileRow.thumbnail.is_not(None)))}


def remove(engine: Engine, evidence_id: int, reason: str, *, by: str, user: Account | None = None) -> str:
    """Hide a piece (with the reason, audited); its row and file stay."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise EvidenceError("증빙을 내릴 때는 이유를 적어 주세요 (기록에 남습니다)")
    found = piece(engine, evidence_id)
    if found.removed_at is not None:
        raise EvidenceError(f"증빙 #{evidence_id}은(는) 이미 내려졌습니다 ({found.removed_reason})")
    with engine.connect() as conn:
        department = _pledge_department(conn, found.ward, found.as_of, found.pledge_id, None)
    authorize(engine, "evidence", found.ward, user, actor=by, as_of=found.as_of, department=department)
    with write_transaction(engine) as conn:
        conn.execute(update(EvidenceRow).where(EvidenceRow.id == evidence_id).values(
            removed_at=dt.datetime.now(dt.UTC), removed_by=by[:200], removed_reason=reason[:2000]))
        audit.record(conn, actor=by, action="evidence_remove", ward=found.ward, as_of=found.as_of,
                     sha256=found.sha256, detail=f"#{evidence_id} {found.caption}: {reason}")
    return f"증빙 #{evidence_id} '{found.caption}'을(를) 내렸습니다 (이유: {reason}). 파일은 기록에 그대로 남습니다"


def review_pending(conn: Connection, ward: str, as_of: dt.date, decision: str, by: str, reason: str = "") -> int:
    """The quarter's review decides its pending pieces too (called in the review's transaction): how many."""
    return conn.execute(update(EvidenceRow).where(
        EvidenceRow.ward == ward, EvidenceRow.as_of == as_of, EvidenceRow.state == PENDING,
        EvidenceRow.removed_at.is_(None)).values(state=decision, reviewed_by=by[:200],
                                                 reviewed_at=dt.datetime.now(dt.UTC), reason=reason or None)).rowcount


def approved(conn: Connection, ward: str, dates: list[dt.date]) -> list[Evidence]:
    """What residents see: approved pieces of these 기준일, not removed, oldest first."""
    query = select(*_COLUMNS).where(EvidenceRow.ward == ward, EvidenceRow.as_of.in_(dates),
                                    EvidenceRow.state == APPROVED, EvidenceRow.removed_at.is_(None)
                                    ).order_by(EvidenceRow.as_of, EvidenceRow.id)
    return [Evidence(*row) for row in conn.execute(query)]


def files(conn: Connection, evidence_ids: list[int]) -> dict[int, tuple[bytes, bytes | None]]:
    """The kept bytes and thumbnails of these pieces (the site copies them)."""
    return {i: (c, t) for i, c, t in conn.execute(select(
        EvidenceFileRow.evidence_id, EvidenceFileRow.content, EvidenceFileRow.thumbnail).where(
        EvidenceFileRow.evidence_id.in_(evidence_ids)))}
