"""Figures kept beside each snapshot (`figures.snapshot.snapshot_figures`), written by the import.

A snapshot's figures depend on its rows only, so they never change after the import:
rollback and approval move which snapshot is current or published, and the readers
simply read that snapshot's document. A document written under an older
FIGURES_VERSION is recomputed on read and stored again.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, Engine, delete, insert, select

from figures.snapshot import FIGURES_VERSION, snapshot_figures
from loaders.frames import SnapshotFrames
from store.engine import write_transaction
from store.models import SnapshotFigures, SnapshotRow
from store.reading import frames_for_ids


def store_figures(conn: Connection, snapshot_id: int, frames: SnapshotFrames) -> dict:
    document = snapshot_figures(frames)
    conn.execute(delete(SnapshotFigures).where(SnapshotFigures.snapshot_id == snapshot_id))
    conn.execute(insert(SnapshotFigures), dict(snapshot_id=snapshot_id, document=json.dumps(document, ensure_ascii=False)))
    return document


def figures_for_ids(conn: Connection, snapshot_ids: list[int]) -> dict[int, dict]:
    """snapshot id → its figures document (computed and kept now where missing or outdated)."""
    found = {}
    for snapshot_id, text in conn.execute(
        select(SnapshotFigures.snapshot_id, SnapshotFigures.document).where(SnapshotFigures.snapshot_id.in_(snapshot_ids))
    ):
        document = json.loads(text)
        if document.get("version") == FIGURES_VERSION:
            found[snapshot_id] = document
    missing = [i for i in snapshot_ids if i not in found]
    if missing:
        for snapshot_id, frames in frames_for_ids(conn, missing).items():
            found[snapshot_id] = store_figures(conn, snapshot_id, frames)
    return found


#: snapshots whose figures are computed per transaction when a store is filled in
FILL_BATCH = 25


def fill_missing(engine: Engine) -> int:
    """Compute the figures of every snapshot that has none; how many were computed.

    Migrations create and clear `snapshot_figures` but never compute figures: they may use
    only their own table definitions. So the store computes them when it is opened, once,
    in batches of their own transactions; after that this is one query that finds nothing.
    """
    missing_query = select(SnapshotRow.id).where(
        ~select(SnapshotFigures.snapshot_id).where(SnapshotFigures.snapshot_id == SnapshotRow.id).exists()
    ).order_by(SnapshotRow.id)
    with engine.connect() as conn:
        missing = list(conn.execute(missing_query).scalars())
    for start in range(0, len(missing), FILL_BATCH):
        with write_transaction(engine) as conn:
            batch = [i for i in missing[start:start + FILL_BATCH]
                     if conn.execute(select(SnapshotFigures.snapshot_id)
                                     .where(SnapshotFigures.snapshot_id == i)).first() is None]
            for snapshot_id, frames in frames_for_ids(conn, batch).items():
                store_figures(conn, snapshot_id, frames)
    return len(missing)
