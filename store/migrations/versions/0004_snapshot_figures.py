"""figures kept beside each snapshot

Revision ID: 0004_snapshot_figures
Revises: 0003_review_states
Create Date: 2026-11-23 09:30:00

Creates `snapshot_figures`. The documents themselves are computed by the application when it
opens the store (`store.stored_figures.fill_missing`), not here: a migration uses only its own
table definitions, so that a later change to the tables the figures read cannot break the
upgrade of an old store at this step.
"""
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


def downgrade() -> None:
    op.drop_table("snapshot_figures")
