"""accounts a security office signs off: sessions kept in the store, password resets, SSO e-mail

Revision ID: 0009_accounts_sessions
Revises: 0008_submissions
Create Date: 2026-12-06 10:00:00

- accounts.email: the e-mail the city's single sign-on reports (unique; NULL for none).
- accounts.must_change: an admin's reset makes the next sign-in choose a new password.
- accounts.password_set_at: when the password was last set (NULL: before this revision).
- sessions: one row per signed-in tab (the sha256 of its token), so sign-out, a password or
  rights change, the idle limit and the lifetime end it on every app process.

Imports nothing of the application: its own table definitions.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009_accounts_sessions"
down_revision: Union[str, Sequence[str], None] = "0008_submissions"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # plain ADD COLUMN and a unique index, never a batch copy of `accounts`: on SQLite a batch
    # recreates the table, and dropping the old one with foreign keys on would cascade to account_wards
    op.add_column("accounts", sa.Column("email", sa.String(length=200), nullable=True))
    op.add_column("accounts", sa.Column("must_change", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("accounts", sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("uq_accounts_email", "accounts", ["email"], unique=True)
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("account_name", sa.String(length=100), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.create_index(batch.f("ix_sessions_account_id"), ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_index("uq_accounts_email", table_name="accounts")
    for column in ("password_set_at", "must_change", "email"):  # SQLite 3.35+ drops a column in place
        op.drop_column("accounts", column)
