"""Signing in and out, and changing passwords.

Repeated failed sign-ins for a name are slowed down from the audit log itself (no extra table,
and it works across several app processes on one PostgreSQL): after FREE_FAILURES failures
within WINDOW, each further attempt must wait twice as long as the last.

A tab that signs in gets a session (store.sessions); the command line authenticates on every
run and keeps none. Signing out, changing a password and an admin's reset end every open
session of the account, on every process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Engine, func, select, update

from store import audit, passwords, sessions
from store.accounts import Account, AccountError, LoginFailed, load
from store.models import AccountRow, AuditEvent

FREE_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
MAX_WAIT_SECONDS = 15 * 60
#: how a session was opened (SessionRow.via)
BY_PASSWORD = "비밀번호"
BY_SSO = "SSO"


def wait_seconds(engine: Engine, name: str, now: dt.datetime | None = None) -> int:
    """How long `name` must wait before the next attempt (0 when it may try now)."""
    now = now or dt.datetime.now(dt.UTC)
    with engine.connect() as conn:
        failures = conn.execute(
            select(func.count(), func.max(AuditEvent.at)).where(
                AuditEvent.actor == name, AuditEvent.action == "login_failed", AuditEvent.at > now - WINDOW
            )
        ).one()
    count, last = failures
    if count < FREE_FAILURES or last is None:
        return 0
    if last.tzinfo is None:  # SQLite hands back naive UTC
        last = last.replace(tzinfo=dt.UTC)
    wait = min(2 ** (count - FREE_FAILURES + 1), MAX_WAIT_SECONDS)
    remaining = wait - (now - last).total_seconds()
    return max(0, int(remaining + 0.999))


def _verified(engine: Engine, name: str, password: str, *, action: str = "login_failed") -> tuple[int, Account]:
    """(id, account) when `password` is the account's; LoginFailed (audited, throttled) otherwise.

    A hash made with weaker parameters than store.passwords.HASHER's is replaced on the way."""
    name = name.strip()
    wait = wait_seconds(engine, name)
    if wait:
        audit.record(engine, actor=name, action="login_failed", outcome="refused", detail="잠금 중 시도")
        raise LoginFailed(f"로그인 실패가 여러 번 있어 잠시 막혔습니다. {wait}초 후 다시 시도하세요")
    with engine.connect() as conn:
        found = load(conn, name=name)
        stored = conn.execute(select(AccountRow.password_hash).where(AccountRow.id == found[0])).scalar() \
            if found else None
    if found is None or stored is None or not passwords.matches(stored, password):
        audit.record(engine, actor=name, action="login_failed", outcome="failed",
                     detail="비밀번호 변경 중 현재 비밀번호가 맞지 않음" if action != "login_failed" else "")
        raise LoginFailed("이름 또는 비밀번호가 맞지 않습니다") from None
    if passwords.needs_rehash(stored):
        with engine.begin() as conn:
            conn.execute(update(AccountRow).where(AccountRow.id == found[0])
                         .values(password_hash=passwords.hash_password(password)))
    return found


def authenticate(engine: Engine, name: str, password: str) -> Account:
    """The account, or LoginFailed: never says whether the name or the password was wrong."""
    _, account = _verified(engine, name, password)
    audit.record(engine, actor=account.name, action="login")
    return account


def sign_in(engine: Engine, name: str, password: str) -> Account:
    """`authenticate`, with a session for the tab (the returned account's `session`)."""
    account_id, account = _verified(engine, name, password)
    with engine.begin() as conn:
        token = sessions.start(conn, account_id, account.name, BY_PASSWORD)
        audit.record(conn, actor=account.name, action="login")
    return replace(account, session=token)


def sso_sign_in(engine: Engine, *, email: str | None, names: tuple[str, ...]) -> Account | None:
    """The account of the person the city's OpenID Connect provider signed in, with a session.

    Matched by e-mail first, then by any of `names` (the provider's user name or display name);
    None (audited as a refused sign-in) when the store has no such account."""
    with engine.connect() as conn:
        found = load(conn, email=email) if email else None
        for name in names:
            found = found or (load(conn, name=name) if name else None)
    who = email or next((n for n in names if n), "?")
    if found is None:
        audit.record(engine, actor=who, action="login_failed", outcome="refused",
                     detail=f"통합 로그인(SSO)으로 들어왔지만 계정이 없음 ({', '.join(n for n in (email, *names) if n)})")
        return None
    account_id, account = found
    with engine.begin() as conn:
        token = sessions.start(conn, account_id, account.name, BY_SSO)
        audit.record(conn, actor=account.name, action="login", detail=f"통합 로그인(SSO) {who}")
    # a reset password does not concern a person who signs in through the city
    return replace(account, session=token, must_change=False)


def session_account(engine: Engine, token: str) -> tuple[Account | None, str | None]:
    """(the account as it stands now, None) while the tab's session stands; else (None, the Korean reason).

    An idle or too old session is ended here. The refusal is audited (action `session_end`) once a tab:
    the page forgets the token when told."""
    state = sessions.check(engine, token)
    if state.account_id is None:
        name = sessions.account_name(engine, token) or "?"
        audit.record(engine, actor=name, action="session_end", outcome="refused", detail=state.reason or "")
        return None, state.reason
    with engine.connect() as conn:
        found = load(conn, account_id=state.account_id)
    if found is None:
        return None, f"{sessions.REMOVED}. {sessions.SIGN_IN_AGAIN}"
    return replace(found[1], session=token, must_change=found[1].must_change and state.via != BY_SSO), None


def sign_out(engine: Engine, account: Account) -> None:
    """End every open session of the account (all its tabs, on every process), audited."""
    with engine.begin() as conn:
        found = load(conn, name=account.name)
        ended = sessions.end_all(conn, found[0], sessions.SIGNED_OUT) if found else 0
        if account.session and not found:
            sessions.end(conn, account.session)
        audit.record(conn, actor=account.name, action="logout", detail=f"열린 로그인 {ended}개를 끝냄")


def _set_password(engine: Engine, account_id: int, name: str, new: str, *, must_change: bool, by: str,
                  action: str) -> None:
    try:
        passwords.check(name, new)
    except passwords.PasswordRefused as refused:
        raise AccountError(str(refused)) from None
    with engine.begin() as conn:
        conn.execute(update(AccountRow).where(AccountRow.id == account_id).values(
            password_hash=passwords.hash_password(new), must_change=must_change,
            password_set_at=dt.datetime.now(dt.UTC)))
        ended = sessions.end_all(conn, account_id, sessions.PASSWORD_CHANGED)
        audit.record(conn, actor=by, action=action,
                     detail=f"{name}" + (" (다음 로그인 때 새 비밀번호를 정해야 함)" if must_change else "")
                     + f"; 열린 로그인 {ended}개를 끝냄")


def change_password(engine: Engine, name: str, old: str, new: str) -> None:
    """The account's owner sets a new password (the current one given again); every session ends."""
    account_id, account = _verified(engine, name, old, action="password_change")
    if new == old:
        raise AccountError("새 비밀번호가 지금 비밀번호와 같습니다. 다른 비밀번호를 정해 주세요")
    _set_password(engine, account_id, account.name, new, must_change=False, by=account.name,
                  action="password_change")


def reset_password(engine: Engine, name: str, new: str, *, by: str) -> None:
    """An admin sets a temporary password; the person must choose their own at the next sign-in."""
    with engine.connect() as conn:
        found = load(conn, name=name)
    if found is None:
        raise AccountError(f"'{name}' 계정이 없습니다")
    _set_password(engine, found[0], found[1].name, new, must_change=True, by=by, action="password_reset")
