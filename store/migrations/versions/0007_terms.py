"""terms (민선) and mayors of snapshots, sheet 공약조정 rows, kept adjustments

Revision ID: 0007_terms
Revises: 0006_audit_chain
Create Date: 2026-12-03 14:00:00

- snapshots.term (민선 N기) and snapshots.mayor (구청장). Stored snapshots get the term whose
  period holds their 기준일 (term N runs from 1 July of 1990 + 4N to 30 June four years
  later, docs/spec.md "Terms and pledge adjustments"), and no mayor, as a workbook with
  those 개요 keys blank reads.
- adjustment_rows: the rows of the optional sheet 공약조정.
- snapshot_adjustments: each quarter's adjustments against its pledge set's plan, kept
  like the figures; the store computes them when it reads a quarter that has none.

Imports nothing of the application: the term of a date is computed here by the spec's
rule, written out again.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007_terms"
down_revision: Union[str, Sequence[str], None] = "0006_audit_chain"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _term_of(day) -> int:  # noqa: ANN001 - a date
    start_year = day.year if day.month >= 7 else day.year - 1
    return (start_year - 1990) // 4


def upgrade() -> None:
    with op.batch_alter_table("snapshots") as batch:
        batch.add_column(sa.Column("term", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("mayor", sa.String(length=200), nullable=True))
    snapshots = sa.table("snapshots", sa.column("id", sa.Integer), sa.column("as_of", sa.Date),
                         sa.column("term", sa.Integer))
    conn = op.get_bind()
    by_term: dict[int, list[int]] = {}
    for snapshot_id, as_of in conn.execute(sa.select(snapshots.c.id, snapshots.c.as_of)):
        by_term.setdefault(_term_of(as_of), []).append(snapshot_id)
    for term, ids in by_term.items():
        for start in range(0, len(ids), 500):
            conn.execute(snapshots.update().where(snapshots.c.id.in_(ids[start:start + 500])).values(term=term))
    op.create_table(
        "adjustment_rows",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.String(length=50), nullable=False),
        sa.Column("subproject", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review", sa.Text(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("start_precision", sa.String(length=10), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("end_precision", sa.String(length=10), nullable=True),
        sa.Column("open_end", sa.Boolean(), nullable=False),
        sa.Column("raw_date", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("cell", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("adjustment_rows") as batch:
        batch.create_index(batch.f("ix_adjustment_rows_snapshot_id"), ["snapshot_id"], unique=False)
    op.create_table(
        "snapshot_adjustments",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("plan_snapshot_id", sa.Integer(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id"),
    )


def downgrade() -> None:
    op.drop_table("snapshot_adjustments")
    with op.batch_alter_table("adjustment_rows") as batch:
        batch.drop_index(batch.f("ix_adjustment_rows_snapshot_id"))
    op.drop_table("adjustment_rows")
    # not in batch mode: on SQLite that rebuilds `snapshots`, which every other table references
    # (SQLite 3.35 and PostgreSQL both drop a column in place)
    op.execute("ALTER TABLE snapshots DROP COLUMN mayor")
    op.execute("ALTER TABLE snapshots DROP COLUMN term")
