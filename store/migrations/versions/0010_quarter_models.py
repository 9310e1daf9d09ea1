"""the kept read-model: each version's core of figures, computed once when it is stored

Revision ID: 0010_quarter_models
Revises: 0009_accounts_sessions
Create Date: 2026-12-06 12:00:00

- quarter_models: per version its figures.quarter.QuarterCore (zlib-compressed JSON of
  figures/codec.py), the MODEL_VERSION it was made under, and apart what the rates across a
  pledge set read of it (figures.snapshot.rate_part, JSON).

The table starts empty: a migration may use only its own table definitions, so the store
computes every version's core when it is next opened (store.kept.fill_missing), once.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010_quarter_models"
down_revision: Union[str, Sequence[str], None] = "0009_accounts_sessions"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "quarter_models",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("rates", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id"),
    )


def downgrade() -> None:
    op.drop_table("quarter_models")
