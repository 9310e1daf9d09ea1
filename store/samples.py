"""Sample data: loaded on an empty store so the dashboard shows something real on first start.

Samples are marked, and "clear samples" removes only them: the one deletion the
store allows, because nobody uploaded them.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, delete, select

from store import audit
from store.accounts import Account
from store.engine import REPO_DATA, write_transaction
from store.imports import ImportOutcome, import_file
from store.models import CurrentVersion, SnapshotRow
from store.permissions import authorize

SAMPLE_ACTOR = "샘플 데이터"


def load_samples(engine: Engine, data_dir: Path | None = None) -> list[ImportOutcome]:
    folder = data_dir or REPO_DATA
    return [
        import_file(engine, path, by=SAMPLE_ACTOR, sample=True)
        for path in sorted(folder.glob("*.xlsx"))
    ]


def has_samples(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(SnapshotRow.id).where(SnapshotRow.sample.is_(True)).limit(1)).first() is not None


def clear_samples(engine: Engine, *, by: str, user: Account | None = None) -> int:
    authorize(engine, "clear_samples", None, user, actor=by)
    with write_transaction(engine) as conn:
        ids = list(conn.execute(select(SnapshotRow.id).where(SnapshotRow.sample.is_(True))).scalars())
        if ids:
            conn.execute(delete(CurrentVersion).where(CurrentVersion.snapshot_id.in_(ids)))
            conn.execute(delete(SnapshotRow).where(SnapshotRow.id.in_(ids)))
            audit.record(conn, actor=by, action="clear_samples", detail=f"샘플 {len(ids)}건 삭제")
    return len(ids)
