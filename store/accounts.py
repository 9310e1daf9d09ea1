"""Accounts: who may sign in, with which role, for which wards.

Passwords are argon2 hashes. Repeated failed sign-ins for a name are slowed
down from the audit log itself (no extra table, and it works across several
app processes on one PostgreSQL): after FREE_FAILURES failures within
WINDOW, each further attempt must wait twice as long as the last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, insert, select

from store import audit
from store.models import AccountRow, AccountWardRow, AuditEvent

Role = Literal["viewer", "editor", "reviewer", "admin"]
ROLES: tuple[str, ...] = ("viewer", "editor", "reviewer", "admin")
ROLE_NAMES = {"viewer": "열람", "editor": "편집(담당 구)", "reviewer": "검토(담당 구, 없으면 모든 구)",
              "admin": "관리자(모든 구)"}
#: what people type for a role: the app's Korean names, and the English keys
ROLE_WORDS = {"열람": "viewer", "편집": "editor", "검토": "reviewer", "관리자": "admin", **{r: r for r in ROLES}}
FREE_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
MAX_WAIT_SECONDS = 15 * 60
_hasher = PasswordHasher()


class AccountError(Exception):
    """A request about accounts that cannot be carried out; `str()` is the Korean message."""


class LoginFailed(AccountError):
    pass


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    wards: frozenset[str] = frozenset()
    #: (ward, department) for an editor limited to one department of that ward (spec "Department submissions")
    departments: frozenset[tuple[str, str]] = frozenset()

    def may_edit(self, ward: str) -> bool:
        return self.role == "admin" or (self.role == "editor" and ward in self.wards)

    def department_in(self, ward: str) -> str | None:
        """The one department of `ward` this account may hand in, or None when it may hand in the whole ward."""
        return next((d for w, d in self.departments if w == ward), None)

    def sees(self, ward: str) -> bool:
        """Whose quarters 검토 and 제출 현황 list: an admin's and a reviewer's with no ward listed, every
        ward; anyone else's, the wards of the account."""
        return self.role == "admin" or (self.role == "reviewer" and not self.wards) or ward in self.wards

    def may_review(self, ward: str) -> bool:
        """Admins, and reviewers of that ward (a reviewer with no ward listed reviews every ward)."""
        return self.role == "admin" or (self.role == "reviewer" and (not self.wards or ward in self.wards))


def has_admin(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(AccountRow.id).where(AccountRow.role == "admin").limit(1)).first() is not None


def has_accounts(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(AccountRow.id).limit(1)).first() is not None


def add_user(
    engine: Engine, name: str, password: str, role: str, wards: tuple[str, ...] = (), *, by: str,
    department: str | None = None,
) -> Account:
    """A new account; `department` limits an editor of one ward to that department's part of it."""
    name = name.strip()
    department = " ".join((department or "").split()) or None
    if department and (role != "editor" or len(set(wards)) != 1):
        raise AccountError("부서는 담당 구가 하나인 편집 계정에만 정할 수 있습니다 (--role 편집 --ward 구 --department 부서)")
    if role not in ROLES:
        raise AccountError(f"역할은 {', '.join(ROLES)} 중 하나여야 합니다")
    if not name:
        raise AccountError("이름이 비어 있습니다")
    if len(password) < 8:
        raise AccountError("비밀번호는 8자 이상이어야 합니다")
    if role == "editor" and not wards:
        raise AccountError("편집 계정에는 담당 구를 하나 이상 지정해 주세요 (--ward)")
    with engine.begin() as conn:
        if conn.execute(select(AccountRow.id).where(AccountRow.name == name)).first():
            raise AccountError(f"'{name}' 계정이 이미 있습니다")
        no_admin = conn.execute(select(AccountRow.id).where(AccountRow.role == "admin").limit(1)).first() is None
        if no_admin and role != "admin":
            # a store whose only accounts are viewers or editors could never be managed again
            raise AccountError("저장소에 관리자가 아직 없습니다. 첫 계정은 관리자로 만들어 주세요 (역할: 관리자)")
        account_id = conn.execute(
            insert(AccountRow).returning(AccountRow.id),
            dict(name=name, password_hash=_hasher.hash(password), role=role,
                 created_at=dt.datetime.now(dt.UTC), disabled=False),
        ).scalar_one()
        if wards:
            conn.execute(insert(AccountWardRow), [dict(account_id=account_id, ward=w, department=department)
                                                  for w in sorted(set(wards))])
        audit.record(conn, actor=by, action="account_add",
                     detail=f"{name} ({ROLE_NAMES[role]}; 담당 구: {', '.join(wards) or '-'}"
                            + (f"; 부서: {department})" if department else ")"))
    return Account(name, role, frozenset(wards),  # type: ignore[arg-type]
                   frozenset((w, department) for w in wards) if department else frozenset())


def remove_user(engine: Engine, name: str, *, by: str) -> None:
    with engine.begin() as conn:
        removed = conn.execute(delete(AccountRow).where(AccountRow.name == name)).rowcount
        if not removed:
            raise AccountError(f"'{name}' 계정이 없습니다")
        audit.record(conn, actor=by, action="account_remove", detail=name)


def list_users(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        rows = conn.execute(select(AccountRow.id, AccountRow.name, AccountRow.role).order_by(AccountRow.name)).all()
        wards: dict[int, set[str]] = {}
        parts: dict[int, set[tuple[str, str]]] = {}
        for account_id, ward, department in conn.execute(
                select(AccountWardRow.account_id, AccountWardRow.ward, AccountWardRow.department)):
            wards.setdefault(account_id, set()).add(ward)
            if department:
                parts.setdefault(account_id, set()).add((ward, department))
    return [Account(name, role, frozenset(wards.get(i, ())), frozenset(parts.get(i, ())))  # type: ignore[arg-type]
            for i, name, role in rows]


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


def authenticate(engine: Engine, name: str, password: str) -> Account:
    """The account, or LoginFailed: never says whether the name or the password was wrong."""
    name = name.strip()
    wait = wait_seconds(engine, name)
    if wait:
        audit.record(engine, actor=name, action="login_failed", outcome="refused", detail="잠금 중 시도")
        raise LoginFailed(f"로그인 실패가 여러 번 있어 잠시 막혔습니다. {wait}초 후 다시 시도하세요")
    with engine.connect() as conn:
        row = conn.execute(
            select(AccountRow.id, AccountRow.password_hash, AccountRow.role, AccountRow.disabled)
            .where(AccountRow.name == name)
        ).first()
        places = conn.execute(select(AccountWardRow.ward, AccountWardRow.department)
                              .where(AccountWardRow.account_id == row.id)).all() if row else []
    try:
        if row is None or row.disabled:
            raise VerificationError
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        audit.record(engine, actor=name, action="login_failed", outcome="failed")
        raise LoginFailed("이름 또는 비밀번호가 맞지 않습니다") from None
    audit.record(engine, actor=name, action="login")
    return Account(name, row.role, frozenset(w for w, _ in places), frozenset((w, d) for w, d in places if d))
