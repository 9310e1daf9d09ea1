"""What the store keeps of each version besides its rows: the core of the read-model, computed once.

When a version is stored (an import, a department's merge; a restore or a migration through
`fill_missing` when the store is opened) `keep` computes its `figures.quarter.QuarterCore`
from its rows, once, and keeps it in two parts in the same transaction:
- `quarter_models`: the whole core (frames, progress tables, budgets, funding, evaluation),
  encoded by figures/codec.py and compressed: what a page, a document or a command reads;
- `snapshot_figures`: the small part (figures.snapshot: the summary contract, the rates, the
  evaluation, the budget by source): what the city view and the rates across a set read,
  25 or 8 small documents instead of whole quarters.

A version's core depends on its own rows only, so it never changes once kept: rollback and
approval move which version is shown or published, and readers read that version's core. A
core kept under another `MODEL_VERSION` (a rule changed) is computed again when read and kept
again; `fill_missing` does it for every version when a store is opened after such a change.
"""

from __future__ import annotations

import json
import zlib

from sqlalchemy import Connection, Engine, delete, insert, select

from figures.codec import decode, encode
from figures.quarter import MODEL_VERSION, QuarterCore, core_of
from figures.snapshot import FIGURES_VERSION, rate_part, snapshot_figures
from loaders.frames import SnapshotFrames
from store.engine import write_transaction
from store.models import QuarterModel, SnapshotFigures, SnapshotRow
from store.reading import frames_for_ids as rows_for_ids


def _body(core: QuarterCore) -> bytes:
    return zlib.compress(json.dumps(encode(core), ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def keep(conn: Connection, snapshot_id: int, frames: SnapshotFrames) -> QuarterCore:
    """Compute the version's core from its rows and keep it (both parts), replacing what was kept."""
    core = core_of(frames)
    document = snapshot_figures(core)
    figures = json.dumps(document, ensure_ascii=False)
    conn.execute(delete(QuarterModel).where(QuarterModel.snapshot_id == snapshot_id))
    conn.execute(delete(SnapshotFigures).where(SnapshotFigures.snapshot_id == snapshot_id))
    conn.execute(insert(QuarterModel), dict(snapshot_id=snapshot_id, version=MODEL_VERSION, body=_body(core),
                                            rates=json.dumps(rate_part(document), ensure_ascii=False)))
    conn.execute(insert(SnapshotFigures), dict(snapshot_id=snapshot_id, document=figures))
    return core


def cores_for_ids(conn: Connection, snapshot_ids: list[int]) -> dict[int, QuarterCore]:
    """snapshot id → its kept core (computed from its rows and kept now where missing or outdated)."""
    wanted = list(dict.fromkeys(i for i in snapshot_ids if i))
    found: dict[int, QuarterCore] = {}
    if not wanted:
        return found
    for snapshot_id, version, body in conn.execute(
            select(QuarterModel.snapshot_id, QuarterModel.version, QuarterModel.body)
            .where(QuarterModel.snapshot_id.in_(wanted))):
        if version == MODEL_VERSION:
            found[snapshot_id] = decode(json.loads(zlib.decompress(body)))  # type: ignore[assignment]
    missing = [i for i in wanted if i not in found]
    if missing:
        for snapshot_id, frames in rows_for_ids(conn, missing).items():
            found[snapshot_id] = keep(conn, snapshot_id, frames)
    return found


def frames_for_ids(conn: Connection, snapshot_ids: list[int]) -> dict[int, SnapshotFrames]:
    """The versions' rows as frames, from their kept cores (one small read each, no row tables)."""
    return {i: core.frames for i, core in cores_for_ids(conn, snapshot_ids).items()}


def frames_of(conn: Connection, snapshot_id: int) -> SnapshotFrames:
    """One version's rows as frames, from its kept core."""
    return cores_for_ids(conn, [snapshot_id])[snapshot_id].frames


def rates_for_ids(conn: Connection, snapshot_ids: list[int]) -> dict[int, dict]:
    """snapshot id → what the rates across a set read of it (figures.snapshot.rate_part), kept apart."""
    found = {i: json.loads(text) for i, text in conn.execute(
        select(QuarterModel.snapshot_id, QuarterModel.rates).where(
            QuarterModel.snapshot_id.in_(snapshot_ids), QuarterModel.version == MODEL_VERSION))}
    missing = [i for i in snapshot_ids if i not in found]
    if missing:
        found |= {i: rate_part(snapshot_figures(core)) for i, core in cores_for_ids(conn, missing).items()}
    return found


def figures_for_ids(conn: Connection, snapshot_ids: list[int]) -> dict[int, dict]:
    """snapshot id → the small part of its kept figures (kept now from its core where missing or outdated)."""
    found = {}
    for snapshot_id, text in conn.execute(
        select(SnapshotFigures.snapshot_id, SnapshotFigures.document).where(SnapshotFigures.snapshot_id.in_(snapshot_ids))
    ):
        document = json.loads(text)
        if document.get("version") == FIGURES_VERSION:
            found[snapshot_id] = document
    missing = [i for i in snapshot_ids if i not in found]
    if missing:
        for snapshot_id, frames in rows_for_ids(conn, missing).items():
            found[snapshot_id] = snapshot_figures(keep(conn, snapshot_id, frames))
    return found


#: versions whose cores are computed per transaction when a store is filled in
FILL_BATCH = 25


def fill_missing(engine: Engine) -> int:
    """Compute and keep the core of every version that has none kept under this MODEL_VERSION (and the
    small figures of any that lack them); how many versions were computed.

    Migrations create and clear these tables but never compute figures: they may use only their own
    table definitions. So the store computes them when it is opened, once, in batches of their own
    transactions (a migration that changes a rule bumps MODEL_VERSION or clears the table); after
    that this is one query that finds nothing.
    """
    current_model = select(QuarterModel.snapshot_id).where(
        QuarterModel.snapshot_id == SnapshotRow.id, QuarterModel.version == MODEL_VERSION)
    has_figures = select(SnapshotFigures.snapshot_id).where(SnapshotFigures.snapshot_id == SnapshotRow.id)
    missing_query = select(SnapshotRow.id).where(~current_model.exists() | ~has_figures.exists()).order_by(
        SnapshotRow.id)
    with engine.connect() as conn:
        missing = list(conn.execute(missing_query).scalars())
    for start in range(0, len(missing), FILL_BATCH):
        with write_transaction(engine) as conn:
            batch = [i for i in missing[start:start + FILL_BATCH]
                     if conn.execute(select(SnapshotRow.id).where(
                         SnapshotRow.id == i, ~current_model.exists() | ~has_figures.exists())).first()]
            for snapshot_id, frames in rows_for_ids(conn, batch).items():
                keep(conn, snapshot_id, frames)
    return len(missing)
