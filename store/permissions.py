"""Who may change what: checked inside the store's import, rollback and clearing functions.

Roles: viewer reads; editor imports and rolls back its own wards (or, limited to one department of a
ward, hands in that department's part only: docs/spec.md "Department submissions"); reviewer (검토)
approves or returns versions of its wards (all wards when none is listed); admin
does everything. A store with no account at all is a single office's tool and runs
open (anyone at the machine may import, as the OS user); once the first account
exists, every change needs a signed-in account with the right. Every refusal is
written to the audit log in its own transaction, so it stays on record even
though the refused change is not.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from store import audit
from store.accounts import Account, has_accounts
from store.errors import StoreError

#: actions only an admin may take: a 기준일's 제출 기한, and reopening an approved 기준일 for departments
ADMIN_ONLY = ("deadline", "reopen")


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
    if user is None:
        if not has_accounts(engine):
            return  # open single-office mode
        reason = "로그인이 필요합니다 (계정이 있는 저장소에서는 로그인한 사람만 바꿀 수 있습니다)"
    elif user.role == "admin":
        return
    elif action in ADMIN_ONLY:
        reason = f"'{user.name}' 계정은 이 작업을 할 수 없습니다 (관리자만 가능)"
    elif action in ("approve", "return"):
        if user.may_review(ward or ""):
            return
        reason = (f"'{user.name}' 계정은 {ward} 자료를 검토할 수 없습니다 (담당 구: {', '.join(sorted(user.wards))})"
                  if user.role == "reviewer" else f"'{user.name}' 계정은 검토(승인·반려)를 할 수 없습니다 "
                  "(검토 또는 관리자 계정만 가능)")
    elif user.role == "editor" and (ward is None or ward in user.wards):
        own = user.department_in(ward) if ward else None
        if action in ("import", "rollback") and own is None:
            return
        if action == "import" and own is not None and department == own:
            return
        if action == "import" and own is not None and (whole_ward or department):
            what = "구 전체 파일" if whole_ward else f"{department}의 자료"
            reason = f"'{user.name}' 계정은 {ward} {own}의 자료만 올릴 수 있습니다 ({what}은(는) 올릴 수 없습니다)"
        elif action == "import" and own is not None:
            return  # a file with errors: nothing is stored, and its findings say why
        elif action == "rollback":
            reason = (f"'{user.name}' 계정은 {ward} {own}의 자료만 올릴 수 있어 구 전체를 되돌릴 수 없습니다 "
                      "(구 편집 계정이나 관리자에게 요청해 주세요)")
        else:
            reason = f"'{user.name}' 계정은 이 작업을 할 수 없습니다 (관리자만 가능)"
    elif user.role == "editor":
        reason = f"'{user.name}' 계정은 {ward} 자료를 바꿀 수 없습니다 (담당 구: {', '.join(sorted(user.wards))})"
    elif user.role == "reviewer":
        reason = f"'{user.name}' 계정은 검토 계정이라 자료를 올리거나 되돌릴 수 없습니다"
    else:
        reason = f"'{user.name}' 계정은 열람만 할 수 있습니다"
    audit.record(engine, actor=user.name if user else actor, action=action, outcome="refused",
                 ward=ward, as_of=as_of, sha256=sha256, detail=reason)
    raise PermissionDenied(reason)
