"""figures kept beside each snapshot

Revision ID: 0004_snapshot_figures
Revises: 0003_review_states
Create Date: 2026-11-23 09:30:00

Creates `snapshot_figures` and fills it for every snapshot already stored, so the city
view reads stored figures from the first start after the upgrade.
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004_snapshot_figures"
down_revision: Union[str, Sequence[str], None] = "0003_review_states"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "snapshot_figures",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id"),
    )
    from figures.snapshot import snapshot_figures
    from store.reading import frames_for_ids

    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text("select id from snapshots order by id"))]
    table = sa.table("snapshot_figures", sa.column("snapshot_id", sa.Integer), sa.column("document", sa.Text))
    for start in range(0, len(ids), 25):
        batch = frames_for_ids(conn, ids[start:start + 25])
        conn.execute(table.insert(), [
            {"snapshot_id": sid, "document": json.dumps(snapshot_figures(frames), ensure_ascii=False)}
            for sid, frames in batch.items()
        ])


def downgrade() -> None:
    op.drop_table("snapshot_figures")
