"""figures documents of an older shape marked stale

Revision ID: 0005_refresh_figures
Revises: 0004_snapshot_figures
Create Date: 2026-11-23 11:30:00

Figures version 2 adds the ward's uncut 이행률 and whether any budget row was entered (the
city view reads both). Documents of an older version are deleted here; the application
computes them again when it opens the store (`store.stored_figures.fill_missing`), and
would recompute any it still found outdated on read. The migration reads only its own
table, so it does not depend on the application's code of any later day.
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005_refresh_figures"
down_revision: Union[str, Sequence[str], None] = "0004_snapshot_figures"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: the figures version this revision brought in
VERSION = 2


def upgrade() -> None:
    table = sa.table("snapshot_figures", sa.column("snapshot_id", sa.Integer), sa.column("document", sa.Text))
    conn = op.get_bind()
    stale = [sid for sid, text in conn.execute(sa.select(table.c.snapshot_id, table.c.document))
             if json.loads(text).get("version") != VERSION]
    for start in range(0, len(stale), 500):
        conn.execute(table.delete().where(table.c.snapshot_id.in_(stale[start:start + 500])))


def downgrade() -> None:
    """Nothing to undo: the deleted documents are computed again when the store is opened."""
