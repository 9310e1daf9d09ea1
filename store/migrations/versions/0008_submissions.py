"""department submissions: who handed in which part of a ward's quarter, deadlines, reopenings

Revision ID: 0008_submissions
Revises: 0007_terms
Create Date: 2026-12-10 10:00:00

- snapshots.submission: 제출단위 of the file that made the version ('구 전체' or '부서'); every
  stored version was a whole-ward file.
- submissions: one row per department per upload (docs/spec.md "Department submissions").
- pledge_origins: per version and pledge, its department, the earlier 기준일 whose rows it
  carries (NULL: the quarter's own) and the submission that supplied them.
- deadlines (per ward and 기준일) and reopenings (an approved 기준일 opened again).
- account_wards.department: an editor limited to one department of the ward.

Stored versions are filled in as the whole-ward uploads they were: each department of a version
(its pledges' 담당부서, 미지정 when blank) submitted by the version's uploader, every pledge its
quarter's own. Imports nothing of the application: its own table definitions.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008_submissions"
down_revision: Union[str, Sequence[str], None] = "0007_terms"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

UNASSIGNED = "미지정"


def _create_tables() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ward", sa.String(length=100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("warnings", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("submissions") as batch:
        batch.create_index("ix_submissions_ward_as_of", ["ward", "as_of"], unique=False)
        batch.create_index(batch.f("ix_submissions_snapshot_id"), ["snapshot_id"], unique=False)
    op.create_table(
        "pledge_origins",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.String(length=50), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("carried_from", sa.Date(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id", "pledge_id"),
    )
    with op.batch_alter_table("pledge_origins") as batch:
        batch.create_index(batch.f("ix_pledge_origins_submission_id"), ["submission_id"], unique=False)
    op.create_table(
        "deadlines",
        sa.Column("ward", sa.String(length=100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ward", "as_of"),
    )
    op.create_table(
        "reopenings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ward", sa.String(length=100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("reopened_by", sa.String(length=200), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reopenings") as batch:
        batch.create_index(batch.f("ix_reopenings_snapshot_id"), ["snapshot_id"], unique=False)


def _fill_stored_versions() -> None:
    """Every stored version as the whole-ward upload it was: one submission per department, own rows."""
    snapshots = sa.table("snapshots", sa.column("id", sa.Integer), sa.column("ward", sa.String),
                         sa.column("as_of", sa.Date), sa.column("imported_by", sa.String),
                         sa.column("imported_at", sa.DateTime), sa.column("file_name", sa.String),
                         sa.column("sha256", sa.String))
    pledges = sa.table("pledges", sa.column("snapshot_id", sa.Integer), sa.column("pledge_id", sa.String),
                       sa.column("department", sa.Text))
    submissions = sa.table("submissions", *(sa.column(c) for c in (
        "id", "ward", "as_of", "department", "snapshot_id", "submitted_by", "submitted_at", "file_name", "sha256",
        "state", "reason", "warnings")))
    origins = sa.table("pledge_origins", *(sa.column(c) for c in (
        "snapshot_id", "pledge_id", "department", "carried_from", "submission_id")))
    department = sa.func.coalesce(sa.func.nullif(sa.func.trim(pledges.c.department), ""), UNASSIGNED)
    conn = op.get_bind()
    conn.execute(submissions.insert().from_select(
        ["ward", "as_of", "department", "snapshot_id", "submitted_by", "submitted_at", "file_name", "sha256",
         "state", "reason", "warnings"],
        sa.select(snapshots.c.ward, snapshots.c.as_of, department, snapshots.c.id, snapshots.c.imported_by,
                  snapshots.c.imported_at, snapshots.c.file_name, snapshots.c.sha256, sa.literal("제출"),
                  sa.literal(""), sa.literal("[]"))
        .select_from(snapshots.join(pledges, pledges.c.snapshot_id == snapshots.c.id))
        .distinct(),
    ))
    supplied = (sa.select(submissions.c.id)
                .where(submissions.c.snapshot_id == pledges.c.snapshot_id, submissions.c.department == department)
                .limit(1).scalar_subquery())
    conn.execute(origins.insert().from_select(
        ["snapshot_id", "pledge_id", "department", "carried_from", "submission_id"],
        sa.select(pledges.c.snapshot_id, pledges.c.pledge_id, department, sa.null(), supplied),
    ))


def upgrade() -> None:
    with op.batch_alter_table("snapshots") as batch:
        batch.add_column(sa.Column("submission", sa.String(length=10), server_default="구 전체", nullable=False))
    with op.batch_alter_table("account_wards") as batch:
        batch.add_column(sa.Column("department", sa.String(length=200), nullable=True))
    _create_tables()
    _fill_stored_versions()


def downgrade() -> None:
    op.drop_table("reopenings")
    op.drop_table("deadlines")
    op.drop_table("pledge_origins")
    op.drop_table("submissions")
    # not in batch mode: on SQLite that rebuilds `snapshots`, which every other table references
    op.execute("ALTER TABLE account_wards DROP COLUMN department")
    op.execute("ALTER TABLE snapshots DROP COLUMN submission")
