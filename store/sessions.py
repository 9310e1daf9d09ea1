"""Signed-in tabs, kept in the store so that their end reaches every app process.

A tab holds a random token; the store keeps only its sha256 (`SessionRow`). Each run of a page
asks `check` whether the token still stands: it ends after `PLEDGES_IDLE_MINUTES` without any
action (default 30) and `PLEDGES_SESSION_HOURS` after signing in (default 12), and at once when
the account signs out, changes its password, has its rights changed or is removed (`end_all`).
Because the row is in the database, a second app process behind the same PostgreSQL sees the
end on its next run; nothing is held in one process's memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from store.models import SessionRow

IDLE_ENV = "PLEDGES_IDLE_MINUTES"
LIFETIME_ENV = "PLEDGES_SESSION_HOURS"
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_LIFETIME_HOURS = 12.0

#: why a session ended, as the signed-out person reads it (kept in `SessionRow.ended_reason`)
SIGNED_OUT = "로그아웃했습니다"
PASSWORD_CHANGED = "비밀번호가 바뀌어 로그아웃되었습니다"
RIGHTS_CHANGED = "계정의 역할이나 담당 구가 바뀌어 로그아웃되었습니다"
REMOVED = "계정이 지워져 로그아웃되었습니다"
SIGN_IN_AGAIN = "다시 로그인해 주세요"


def _minutes(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def idle_limit() -> dt.timedelta:
    """PLEDGES_IDLE_MINUTES (minutes; a fraction is allowed), 30 when unset or not a positive number."""
    return dt.timedelta(minutes=_minutes(IDLE_ENV, DEFAULT_IDLE_MINUTES))


def lifetime() -> dt.timedelta:
    """PLEDGES_SESSION_HOURS (hours), 12 when unset or not a positive number."""
    return dt.timedelta(hours=_minutes(LIFETIME_ENV, DEFAULT_LIFETIME_HOURS))


def _limit_text(limit: dt.timedelta, unit: str) -> str:
    """`30분`, `12시간`; a limit that is no whole number of the unit in seconds (`6초`)."""
    seconds = limit.total_seconds()
    amount = seconds / (60 if unit == "분" else 3600)
    return f"{amount:g}{unit}" if amount == int(amount) else f"{seconds:g}초"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)  # SQLite: naive UTC


def start(conn: Connection, account_id: int, name: str, via: str) -> str:
    """A new session for the account; the token goes to the tab, its hash to the store."""
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    conn.execute(insert(SessionRow), dict(token_hash=_hash(token), account_id=account_id, account_name=name,
                                          via=via, started_at=now, last_seen=now))
    return token


@dataclass(frozen=True)
class SessionState:
    """What `check` found: the account's id while the session stands, else the Korean reason it ended."""

    account_id: int | None
    reason: str | None = None
    #: the reason was found by this check (idle or lifetime): the caller audits it once
    expired_now: bool = False
    #: how the session was opened (비밀번호 or SSO)
    via: str | None = None


def check(engine: Engine, token: str, *, touch: bool = True, now: dt.datetime | None = None) -> SessionState:
    """Whether the session still stands; an idle or too old one is ended here (every process sees it).

    `touch` records this moment as the session's last action, at most every tenth of the idle
    limit (and at least every minute), so reading pages does not write on every rerun.
    """
    now = now or dt.datetime.now(dt.UTC)
    key = _hash(token)
    with engine.connect() as conn:
        row = conn.execute(select(SessionRow).where(SessionRow.token_hash == key)).first()
    if row is None:
        return SessionState(None, f"로그인 정보가 없습니다. {SIGN_IN_AGAIN}")
    if row.ended_at is not None or row.account_id is None:
        return SessionState(None, f"{row.ended_reason or REMOVED}. {SIGN_IN_AGAIN}")
    idle, life = idle_limit(), lifetime()
    reason = None
    if now - _aware(row.started_at) > life:
        reason = f"로그인한 지 {_limit_text(life, '시간')}이 지나 로그아웃되었습니다"
    elif now - _aware(row.last_seen) > idle:
        reason = f"{_limit_text(idle, '분')} 동안 아무 작업이 없어 로그아웃되었습니다"
    if reason is not None:
        with engine.begin() as conn:
            conn.execute(update(SessionRow).where(SessionRow.token_hash == key, SessionRow.ended_at.is_(None))
                         .values(ended_at=now, ended_reason=reason))
        return SessionState(None, f"{reason}. {SIGN_IN_AGAIN}", expired_now=True)
    step = min(dt.timedelta(minutes=1), idle / 10)
    if touch and now - _aware(row.last_seen) >= step:
        with engine.begin() as conn:
            conn.execute(update(SessionRow).where(SessionRow.token_hash == key).values(last_seen=now))
    return SessionState(row.account_id, via=row.via)


def account_name(engine: Engine, token: str) -> str | None:
    """The name the session was started for (kept after the account is gone), for the audit."""
    with engine.connect() as conn:
        return conn.execute(select(SessionRow.account_name).where(SessionRow.token_hash == _hash(token))).scalar()


def end(conn: Connection, token: str, reason: str = SIGNED_OUT) -> None:
    conn.execute(update(SessionRow).where(SessionRow.token_hash == _hash(token), SessionRow.ended_at.is_(None))
                 .values(ended_at=dt.datetime.now(dt.UTC), ended_reason=reason))


def end_all(conn: Connection, account_id: int, reason: str) -> int:
    """End every open session of the account (sign-out, password or rights change, removal)."""
    return conn.execute(
        update(SessionRow).where(SessionRow.account_id == account_id, SessionRow.ended_at.is_(None))
        .values(ended_at=dt.datetime.now(dt.UTC), ended_reason=reason)
    ).rowcount
