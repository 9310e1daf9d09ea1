"""pledge card texts, kept upload files, 구분 of budget rows

Revision ID: 0002_documents_files_funding
Revises: 0001_initial
Create Date: 2026-11-23 08:00:00

- pledges.support (정부·서울시 도움) and pledges.plan (추진계획): the card's optional texts;
- budget_rows.kind (구분: 계획/확보/집행), every existing row being a plan (계획);
- snapshot_files: the exact bytes of each upload (existing stores have none for older
  versions; history says so instead of offering a download).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002_documents_files_funding"
down_revision: Union[str, Sequence[str], None] = "0001_initial"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("pledges") as batch:
        batch.add_column(sa.Column("support", sa.Text(), nullable=True))
        batch.add_column(sa.Column("plan", sa.Text(), nullable=True))
    with op.batch_alter_table("budget_rows") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=4), nullable=False, server_default="계획")
        )
    op.create_table(
        "snapshot_files",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id"),
    )


def downgrade() -> None:
    op.drop_table("snapshot_files")
    with op.batch_alter_table("budget_rows") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("pledges") as batch:
        batch.drop_column("plan")
        batch.drop_column("support")
