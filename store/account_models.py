"""The tables of people: accounts, their wards and departments, and their signed-in sessions.

Schema changes go through Alembic (`store/migrations/`), like those of store/models.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base, _utcnow


class AccountRow(Base):
    """A person who may sign in: viewer, editor (own wards) or admin (all wards)."""

    __tablename__ = "accounts"
    __table_args__ = (Index("uq_accounts_email", "email", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the e-mail the city's single sign-on reports for this person (store.sso), lower case
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: set by an admin's reset: the next sign-in must choose a new password before anything else
    must_change: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: when the password was last set (by its owner or an admin)
    password_set_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SessionRow(Base):
    """One signed-in browser tab (store.sessions): kept in the store, so every app process sees its end.

    Only the sha256 of the tab's random token is kept, so a copy of the database signs nobody in.
    `ended_at` is set by sign-out, a password or rights change, removal, the idle limit or the
    lifetime.
    """

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: NULL once the account is removed: the row stays, so the tab is told why it was signed out
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True,
                                                   nullable=True)
    account_name: Mapped[str] = mapped_column(String(100))
    #: 비밀번호 (the store's own password) or SSO (the city's OpenID Connect provider)
    via: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)


class AccountWardRow(Base):
    __tablename__ = "account_wards"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    ward: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: an editor limited to one department of the ward uploads only that department's part
    department: Mapped[str | None] = mapped_column(String(200), nullable=True)
