"""Terms in the store: each ward's pledge sets, each set's plan, each quarter's adjustments to it.

The sets are not stored: they follow from the term and mayor kept with each snapshot and
from which version of each 기준일 is shown (`figures.terms.pledge_sets`), so an import,
a rollback or a late upload of an earlier quarter moves them as it must. A quarter's
adjustments against its set's plan (`figures.adjustments`) are kept at import in
`snapshot_adjustments`, with what they were computed from; when the plan or the carried
공약조정 rows have moved since (an approval, a rollback), they are computed again on read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from sqlalchemy import Connection, delete, insert, select

from figures.adjustments import Adjustment, adjustment_findings, differences, explain, rows_of
from figures.terms import PledgeSet, QuarterHead, pledge_sets, previous_in_set, set_of
from loaders.frames import SnapshotFrames
from loaders.model import AdjustmentRow, Finding
from store.kept import frames_for_ids, frames_of
from store.models import CurrentVersion, ReviewRow, SnapshotAdjustments, SnapshotRow

APPROVED = "승인"


def heads(conn: Connection, ward: str) -> dict[dt.date, tuple[int, QuarterHead]]:
    """The ward's 기준일 → (shown snapshot id, its term and mayor)."""
    query = (
        select(CurrentVersion.as_of, SnapshotRow.id, SnapshotRow.term, SnapshotRow.mayor)
        .join(SnapshotRow, SnapshotRow.id == CurrentVersion.snapshot_id)
        .where(CurrentVersion.ward == ward)
        .order_by(CurrentVersion.as_of)
    )
    return {as_of: (sid, QuarterHead(as_of, term, mayor)) for as_of, sid, term, mayor in conn.execute(query)}


def sets(conn: Connection, ward: str) -> list[PledgeSet]:
    return pledge_sets([head for _, head in heads(conn, ward).values()])


def previous_id(conn: Connection, ward: str, as_of: dt.date, term: int | None, mayor: str | None) -> int | None:
    """The shown version of the previous quarter within the set a quarter of `term`/`mayor` at `as_of` is in."""
    found = heads(conn, ward)
    mine = QuarterHead(as_of, term, mayor)
    before = previous_in_set([h for _, h in found.values()], as_of, mine.known_term, mayor)
    return found[before][0] if before else None


def plan_id(conn: Connection, ward: str, first: dt.date) -> int | None:
    """The set's plan: the first approved version of its first 기준일, else its first stored version."""
    versions = conn.execute(
        select(SnapshotRow.id, SnapshotRow.version, ReviewRow.state)
        .outerjoin(ReviewRow, ReviewRow.snapshot_id == SnapshotRow.id)
        .where(SnapshotRow.ward == ward, SnapshotRow.as_of == first)
        .order_by(SnapshotRow.version)
    ).all()
    approved = [sid for sid, _, state in versions if state == APPROVED]
    if approved:
        return approved[0]
    return versions[0][0] if versions else None


def _context(conn: Connection, ward: str, head: QuarterHead, snapshot_id: int | None
             ) -> tuple[PledgeSet | None, dict]:
    """The set a quarter (stored as `snapshot_id`, or about to be) belongs to, counting it in place of
    its 기준일's shown version; and the ward's heads so counted."""
    found = heads(conn, ward)
    found[head.as_of] = (snapshot_id, head)
    return set_of(pledge_sets([h for _, h in found.values()]), head.as_of), found


def _head(conn: Connection, snapshot_id: int) -> tuple[str, QuarterHead]:
    ward, as_of, term, mayor = conn.execute(
        select(SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.term, SnapshotRow.mayor)
        .where(SnapshotRow.id == snapshot_id)
    ).one()
    return ward, QuarterHead(as_of, term, mayor)


def compute(conn: Connection, ward: str, head: QuarterHead, frames: SnapshotFrames, snapshot_id: int | None
            ) -> tuple[int | None, str, list[Adjustment], dt.date | None]:
    """(plan id, basis, the quarter's adjustments explained where a row explains them, the plan's 기준일).

    `snapshot_id` None: a workbook not stored yet (the upload preview). A quarter that is its set's
    plan, or would be, has no adjustments.
    """
    owner, found = _context(conn, ward, head, snapshot_id)
    if owner is None:
        return None, "", [], None
    plan = plan_id(conn, ward, owner.first)
    if plan is None or plan == snapshot_id:
        return plan, "", [], owner.first
    earlier = [found[d][0] for d in owner.dates if d < head.as_of]
    carried = frames_for_ids(conn, earlier) if earlier else {}
    rows: list[AdjustmentRow] = [row for sid in earlier for row in rows_of(carried[sid])]
    rows += rows_of(frames)
    return plan, ",".join(map(str, earlier)), explain(differences(frames_of(conn, plan), frames), rows), owner.first


def findings(conn: Connection, ward: str, head: QuarterHead, frames: SnapshotFrames,
             snapshot_id: int | None = None) -> tuple[list[Finding], tuple]:
    """The warnings a quarter's import reports (spec: each unexplained adjustment, and each row of its own
    공약조정 sheet that explains none), and what to keep (`keep`)."""
    plan, basis, found, plan_as_of = compute(conn, ward, head, frames, snapshot_id)
    warnings = adjustment_findings(found, rows_of(frames), plan_as_of) if plan_as_of else []
    return warnings, (plan, basis, found)


def store(conn: Connection, snapshot_id: int, frames: SnapshotFrames) -> list[Finding]:
    """Compute and keep a stored quarter's adjustments; the warnings its import reports."""
    ward, head = _head(conn, snapshot_id)
    warnings, (plan, basis, found) = findings(conn, ward, head, frames, snapshot_id)
    _keep(conn, snapshot_id, plan, basis, found)
    return warnings


def _keep(conn: Connection, snapshot_id: int, plan: int | None, basis: str, found: list[Adjustment]) -> None:
    document = json.dumps([_as_json(a) for a in found], ensure_ascii=False, default=str)
    conn.execute(delete(SnapshotAdjustments).where(SnapshotAdjustments.snapshot_id == snapshot_id))
    conn.execute(insert(SnapshotAdjustments), dict(snapshot_id=snapshot_id, plan_snapshot_id=plan, basis=basis,
                                                   document=document))


def _as_json(a: Adjustment) -> dict:
    record = asdict(a)
    if a.row is not None:
        record["row"] = {**record["row"], "start": _iso(a.row.start), "end": _iso(a.row.end)}
    return record


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _from_json(record: dict) -> Adjustment:
    row = record.pop("row")
    if row is not None:
        row = AdjustmentRow(**{**row, "start": _date(row["start"]), "end": _date(row["end"])})
    return Adjustment(**record, row=row)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def kept(conn: Connection, snapshot_id: int) -> tuple[list[Adjustment], dt.date | None, bool]:
    """(the quarter's adjustments, its plan's 기준일, whether they were computed now), from what was kept
    when the plan and the carried rows are still those it was computed from."""
    row = conn.execute(
        select(SnapshotAdjustments.plan_snapshot_id, SnapshotAdjustments.basis, SnapshotAdjustments.document)
        .where(SnapshotAdjustments.snapshot_id == snapshot_id)
    ).first()
    ward, head = _head(conn, snapshot_id)
    owner, found = _context(conn, ward, head, snapshot_id)
    if owner is None:
        return [], None, False
    plan = plan_id(conn, ward, owner.first)
    basis = ",".join(str(found[d][0]) for d in owner.dates if d < head.as_of)
    if row is not None and row.plan_snapshot_id == plan and row.basis == basis:
        return [_from_json(r) for r in json.loads(row.document)], owner.first, False
    plan, basis, adjustments, plan_as_of = compute(conn, ward, head, frames_of(conn, snapshot_id), snapshot_id)
    _keep(conn, snapshot_id, plan, basis, adjustments)
    return adjustments, plan_as_of, True
