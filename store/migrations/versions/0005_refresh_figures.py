"""figures documents of an older shape recomputed

Revision ID: 0005_refresh_figures
Revises: 0004_snapshot_figures
Create Date: 2026-11-23 11:30:00

FIGURES_VERSION 2 adds the ward's uncut 이행률 and whether any budget row was entered
(the city view reads both). Documents of an older version are recomputed here, at
the upgrade, so the first city view after it is as fast as every later one.
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005_refresh_figures"
down_revision: Union[str, Sequence[str], None] = "0004_snapshot_figures"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    from figures.snapshot import FIGURES_VERSION, snapshot_figures
    from store.reading import frames_for_ids

    conn = op.get_bind()
    outdated = [sid for sid, text in conn.execute(sa.text("select snapshot_id, document from snapshot_figures"))
                if json.loads(text).get("version") != FIGURES_VERSION]
    table = sa.table("snapshot_figures", sa.column("snapshot_id", sa.Integer), sa.column("document", sa.Text))
    for start in range(0, len(outdated), 25):
        for sid, frames in frames_for_ids(conn, outdated[start:start + 25]).items():
            conn.execute(table.update().where(table.c.snapshot_id == sid),
                         {"document": json.dumps(snapshot_figures(frames), ensure_ascii=False)})


def downgrade() -> None:
    """Nothing to undo: an older version reads these documents as outdated and recomputes them."""
