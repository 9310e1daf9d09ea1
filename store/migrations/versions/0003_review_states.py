"""review states of stored versions (검토 전 / 승인 / 반려)

Revision ID: 0003_review_states
Revises: 0002_documents_files_funding
Create Date: 2026-11-23 09:00:00

A version without a row is 검토 전 (stored, not yet reviewed): every existing version
starts there, and nothing is published until the coordinating office approves it.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003_review_states"
down_revision: Union[str, Sequence[str], None] = "0002_documents_files_funding"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("reviewed_by", sa.String(length=200), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id"),
    )


def downgrade() -> None:
    op.drop_table("reviews")
