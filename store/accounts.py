"""Accounts: who may sign in, with which role, for which wards, and how rights change in place.

An `Account` is what the store read about a person at one moment. Nothing keeps one as a
right: every change is judged against the account as it stands when it is made
(store.permissions re-reads it), so a removed account or a narrowed role loses its rights
at once, in every tab and every process. Signing in, passwords and sessions are in
store/signin.py, store/passwords.py and store/sessions.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from store import audit, passwords, sessions
from store.models import AccountRow, AccountWardRow

Role = Literal["viewer", "editor", "reviewer", "admin"]
ROLES: tuple[str, ...] = ("viewer", "editor", "reviewer", "admin")
ROLE_NAMES = {"viewer": "열람", "editor": "편집(담당 구)", "reviewer": "검토(담당 구, 없으면 모든 구)",
              "admin": "관리자(모든 구)"}
#: what people type for a role: the app's Korean names, and the English keys
ROLE_WORDS = {"열람": "viewer", "편집": "editor", "검토": "reviewer", "관리자": "admin", **{r: r for r in ROLES}}


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
    email: str | None = None
    #: an admin reset the password: nothing but choosing a new one until then
    must_change: bool = False
    #: the signed-in tab's session token (store.sessions); None for the command line
    session: str | None = field(default=None, compare=False, repr=False)

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

    @property
    def rights_text(self) -> str:
        """`편집(담당 구) · 영등포구 도시재생과만`: the role and wards as the audit and the pages say them."""
        wards = ", ".join(sorted(self.wards)) or ("모든 구" if self.role in ("admin", "reviewer") else "-")
        parts = "".join(f" {d}만" for _, d in sorted(self.departments))
        return f"{ROLE_NAMES[self.role]} · {wards}{parts}"


def has_admin(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(AccountRow.id).where(AccountRow.role == "admin").limit(1)).first() is not None


def has_accounts(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(AccountRow.id).limit(1)).first() is not None


def load(conn: Connection, *, name: str | None = None, account_id: int | None = None,
         email: str | None = None) -> tuple[int, Account] | None:
    """(id, the account as it stands now) by name, id or e-mail; None when there is none."""
    query = select(AccountRow.id, AccountRow.name, AccountRow.role, AccountRow.email, AccountRow.must_change,
                   AccountRow.disabled)
    if account_id is not None:
        query = query.where(AccountRow.id == account_id)
    elif email is not None:
        query = query.where(func.lower(AccountRow.email) == email.strip().lower())
    else:
        query = query.where(AccountRow.name == (name or "").strip())
    row = conn.execute(query).first()
    if row is None or row.disabled:
        return None
    places = conn.execute(select(AccountWardRow.ward, AccountWardRow.department)
                          .where(AccountWardRow.account_id == row.id)).all()
    return row.id, Account(row.name, row.role, frozenset(w for w, _ in places),
                           frozenset((w, d) for w, d in places if d), row.email, bool(row.must_change))


def current(engine: Engine, name: str) -> Account | None:
    """The account named `name` as it stands now (None: removed or disabled)."""
    with engine.connect() as conn:
        found = load(conn, name=name)
    return found[1] if found else None


def _rights(role: str, wards: tuple[str, ...], department: str | None) -> tuple[str, tuple[str, ...], str | None]:
    """The role, wards and department checked against each other (the same rules for add and set)."""
    department = " ".join((department or "").split()) or None
    wards = tuple(sorted({w.strip() for w in wards if w.strip()}))
    if role not in ROLES:
        raise AccountError(f"역할은 {', '.join(ROLES)} 중 하나여야 합니다")
    if department and (role != "editor" or len(wards) != 1):
        raise AccountError("부서는 담당 구가 하나인 편집 계정에만 정할 수 있습니다 (--role 편집 --ward 구 --department 부서)")
    if role == "editor" and not wards:
        raise AccountError("편집 계정에는 담당 구를 하나 이상 지정해 주세요 (--ward)")
    return role, wards, department


def _email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    if email and ("@" not in email or " " in email):
        raise AccountError(f"'{email}'은(는) 전자우편 주소가 아닙니다")
    return email or None


def _email_taken(conn: Connection, email: str | None, account_id: int | None = None) -> None:
    if email is None:
        return
    other = conn.execute(select(AccountRow.name).where(func.lower(AccountRow.email) == email,
                                                       AccountRow.id != (account_id or -1))).scalar()
    if other:
        raise AccountError(f"전자우편 {email}은(는) 이미 '{other}' 계정에 있습니다")


def _places(conn: Connection, account_id: int, wards: tuple[str, ...], department: str | None) -> None:
    conn.execute(delete(AccountWardRow).where(AccountWardRow.account_id == account_id))
    if wards:
        conn.execute(insert(AccountWardRow), [dict(account_id=account_id, ward=w, department=department)
                                              for w in wards])


def add_user(
    engine: Engine, name: str, password: str, role: str, wards: tuple[str, ...] = (), *, by: str,
    department: str | None = None, email: str | None = None,
) -> Account:
    """A new account; `department` limits an editor of one ward to that department's part of it.

    The password must pass store.passwords' rules (a refusal names each rule that failed)."""
    name = name.strip()
    role, wards, department = _rights(role, wards, department)
    if not name:
        raise AccountError("이름이 비어 있습니다")
    email = _email(email)
    try:
        passwords.check(name, password)
    except passwords.PasswordRefused as refused:
        raise AccountError(str(refused)) from None
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        if conn.execute(select(AccountRow.id).where(AccountRow.name == name)).first():
            raise AccountError(f"'{name}' 계정이 이미 있습니다")
        _email_taken(conn, email)
        no_admin = conn.execute(select(AccountRow.id).where(AccountRow.role == "admin").limit(1)).first() is None
        if no_admin and role != "admin":
            # a store whose only accounts are viewers or editors could never be managed again
            raise AccountError("저장소에 관리자가 아직 없습니다. 첫 계정은 관리자로 만들어 주세요 (역할: 관리자)")
        account_id = conn.execute(
            insert(AccountRow).returning(AccountRow.id),
            dict(name=name, password_hash=passwords.hash_password(password), role=role, created_at=now,
                 disabled=False, email=email, must_change=False, password_set_at=now),
        ).scalar_one()
        _places(conn, account_id, wards, department)
        account = load(conn, account_id=account_id)[1]  # type: ignore[index]
        audit.record(conn, actor=by, action="account_add", detail=f"{name} ({account.rights_text})")
    return account


def _last_admin(conn: Connection, account_id: int) -> bool:
    others = conn.execute(select(func.count()).select_from(AccountRow).where(
        AccountRow.role == "admin", AccountRow.id != account_id)).scalar_one()
    return others == 0


def remove_user(engine: Engine, name: str, *, by: str) -> None:
    """Remove the account; its open sessions end at once (their tabs are told why)."""
    with engine.begin() as conn:
        found = load(conn, name=name)
        if found is None:
            raise AccountError(f"'{name}' 계정이 없습니다")
        account_id, account = found
        if account.role == "admin" and _last_admin(conn, account_id):
            raise AccountError(f"'{name}'은(는) 마지막 관리자라 지울 수 없습니다. 다른 관리자를 먼저 만들어 주세요")
        sessions.end_all(conn, account_id, sessions.REMOVED)
        conn.execute(delete(AccountRow).where(AccountRow.id == account_id))
        audit.record(conn, actor=by, action="account_remove", detail=name)


def set_user(
    engine: Engine, name: str, *, by: str, role: str | None = None, wards: tuple[str, ...] | None = None,
    department: str | None = None, email: str | None = None,
) -> Account:
    """Change an account's rights in place (what is None stays); its open sessions end, audited.

    Giving `wards` replaces the list; `department` "" takes a department limit away."""
    with engine.begin() as conn:
        found = load(conn, name=name)
        if found is None:
            raise AccountError(f"'{name}' 계정이 없습니다")
        account_id, before = found
        kept_department = next(iter(before.departments), (None, None))[1]
        new_role, new_wards, new_department = _rights(
            role or before.role, tuple(before.wards) if wards is None else wards,
            kept_department if department is None else department)
        if before.role == "admin" and new_role != "admin" and _last_admin(conn, account_id):
            raise AccountError(f"'{name}'은(는) 마지막 관리자라 역할을 바꿀 수 없습니다. 다른 관리자를 먼저 만들어 주세요")
        values: dict[str, object] = {"role": new_role}
        if email is not None:
            values["email"] = _email(email)
            _email_taken(conn, values["email"], account_id)  # type: ignore[arg-type]
        conn.execute(update(AccountRow).where(AccountRow.id == account_id).values(**values))
        _places(conn, account_id, new_wards, new_department)
        after = load(conn, account_id=account_id)[1]  # type: ignore[index]
        if (after.role, after.wards, after.departments) != (before.role, before.wards, before.departments):
            sessions.end_all(conn, account_id, sessions.RIGHTS_CHANGED)
        changed = f"{before.rights_text} → {after.rights_text}"
        if after.email != before.email:
            changed += f"; 전자우편 {before.email or '-'} → {after.email or '-'}"
        audit.record(conn, actor=by, action="account_set", detail=f"{name}: {changed}")
    return after


def list_users(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        ids = conn.execute(select(AccountRow.id).order_by(AccountRow.name)).scalars().all()
        found = [load(conn, account_id=i) for i in ids]
    return [f[1] for f in found if f is not None]
