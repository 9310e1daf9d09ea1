"""Who may change what: checked inside the store's import, rollback and clearing functions.

Roles: viewer reads; editor imports and rolls back its own wards (or, limited to one department of a
ward, hands in that department's part only: docs/spec.md "Department submissions"); reviewer (검토)
approves or returns versions of its wards (all wards when none is listed); admin
does everything. A store with no account at all is a single office's tool and runs
open (anyone at the machine may import, as the OS user); once the first account
exists, every change needs a signed-in account with the right. Every refusal is
written to the audit log in its own transaction, so it stays on record even
though the refused change is not.

The right is judged on the account as it stands at the moment of the change, read again from
the store (`as_it_stands`), never on the `Account` a page or a script was handed at sign-in: a
removed account, a narrowed role or an ended session (sign-out, idle, password change) is
refused at its next action.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from store import audit, sessions
from store.accounts import Account, has_accounts, has_admin, load
from store.errors import StoreError

#: actions only an admin may take: a 기준일's 제출 기한, reopening an approved 기준일 for departments, and
#: adding, changing or removing accounts (open while the store has no admin, so one can be made)
ADMIN_ONLY = ("deadline", "reopen", "accounts")


def as_it_stands(engine: Engine, user: Account) -> tuple[Account | None, str | None]:
    """(the account now, None), or (None, why it may do nothing): its session ended, it was removed,
    or an admin's reset still waits for a new password."""
    with engine.connect() as conn:
        if user.session:
            state = sessions.check(engine, user.session, touch=False)
            if state.account_id is None:
                return None, state.reason
            found = load(conn, account_id=state.account_id)
            sso = state.via == "SSO"
        else:
            found, sso = load(conn, name=user.name), False
    if found is None:
        return None, f"'{user.name}' 계정이 없습니다 (지워졌거나 쓸 수 없게 되었습니다). 관리자에게 문의해 주세요"
    account = found[1]
    if account.must_change and not sso:
        return None, (f"'{account.name}' 계정은 관리자가 비밀번호를 초기화해 새 비밀번호를 먼저 정해야 합니다 "
                      f"(대시보드의 비밀번호 변경, 또는 pledges user passwd {account.name})")
    return account, None


class PermissionDenied(StoreError):
    """`str()` is the Korean message shown to the person refused; a StoreError like any refused request."""


def authorize(
    engine: Engine,
    action: str,
    ward: str | None,
    user: Account | None,
    *,
    actor: str,
    as_of: dt.date | None = None,
    sha256: str | None = None,
    department: str | None = None,
    whole_ward: bool = False,
) -> None:
    """Return when `user` may do `action`; else audit the refusal and raise PermissionDenied (Korean).

    For an import, `department` names the department whose part the file is, and `whole_ward` says it
    is the ward's whole quarter: an editor limited to one department may hand in that part only.
    """
    refused_as = user.name if user else actor
    if user is None:
        if not has_accounts(engine) or (action == "accounts" and not has_admin(engine)):
            return  # open single-office mode; or the first admin, whom whoever holds the store may make
        reason: str | None = "로그인이 필요합니다 (계정이 있는 저장소에서는 로그인한 사람만 바꿀 수 있습니다)"
    else:
        now, reason = as_it_stands(engine, user)
        reason = reason or _why_not(now, action, ward, department, whole_ward)  # type: ignore[arg-type]
        if reason is None:
            return
    audit.record(engine, actor=refused_as, action=action, outcome="refused",
                 ward=ward, as_of=as_of, sha256=sha256, detail=reason)
    raise PermissionDenied(reason)


def _why_not(user: Account, action: str, ward: str | None, department: str | None, whole_ward: bool) -> str | None:
    """None when the account (as it stands) may do `action`; else the Korean reason it may not."""
    if user.role == "admin":
        return None
    elif action in ADMIN_ONLY:
        return f"'{user.name}' 계정은 이 작업을 할 수 없습니다 (관리자만 가능)"
    elif action in ("approve", "return"):
        if user.may_review(ward or ""):
            return None
        return (f"'{user.name}' 계정은 {ward} 자료를 검토할 수 없습니다 (담당 구: {', '.join(sorted(user.wards))})"
                  if user.role == "reviewer" else f"'{user.name}' 계정은 검토(승인·반려)를 할 수 없습니다 "
                  "(검토 또는 관리자 계정만 가능)")
    elif user.role == "editor" and (ward is None or ward in user.wards):
        own = user.department_in(ward) if ward else None
        if action in ("import", "rollback", "evidence") and own is None:
            return None
        if action == "evidence":  # a department editor adds evidence to its own department's pledges only
            return None if department == own else (
                f"'{user.name}' 계정은 {ward} {own}의 공약에만 증빙을 붙일 수 있습니다 (이 공약은 {department})")
        if action == "import" and own is not None and department == own:
            return None
        if action == "import" and own is not None and (whole_ward or department):
            what = "구 전체 파일" if whole_ward else f"{department}의 자료"
            return f"'{user.name}' 계정은 {ward} {own}의 자료만 올릴 수 있습니다 ({what}은(는) 올릴 수 없습니다)"
        elif action == "import" and own is not None:
            return None  # a file with errors: nothing is stored, and its findings say why
        elif action == "rollback":
            return (f"'{user.name}' 계정은 {ward} {own}의 자료만 올릴 수 있어 구 전체를 되돌릴 수 없습니다 "
                      "(구 편집 계정이나 관리자에게 요청해 주세요)")
        else:
            return f"'{user.name}' 계정은 이 작업을 할 수 없습니다 (관리자만 가능)"
    elif user.role == "editor":
        return f"'{user.name}' 계정은 {ward} 자료를 바꿀 수 없습니다 (담당 구: {', '.join(sorted(user.wards))})"
    elif user.role == "reviewer":
        return f"'{user.name}' 계정은 검토 계정이라 자료를 올리거나 되돌릴 수 없습니다"
    return f"'{user.name}' 계정은 열람만 할 수 있습니다"
