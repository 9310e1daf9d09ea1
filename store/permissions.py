"""Who may change what: checked inside the store's import, rollback and clearing functions.

Roles: viewer reads; editor imports and rolls back its own wards; reviewer (검토)
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


class PermissionDenied(Exception):
    """`str()` is the Korean message shown to the person refused."""


def authorize(
    engine: Engine,
    action: str,
    ward: str | None,
    user: Account | None,
    *,
    actor: str,
    as_of: dt.date | None = None,
    sha256: str | None = None,
) -> None:
    if user is None:
        if not has_accounts(engine):
            return  # open single-office mode
        reason = "로그인이 필요합니다 (계정이 있는 저장소에서는 로그인한 사람만 바꿀 수 있습니다)"
    elif user.role == "admin":
        return
    elif action in ("approve", "return"):
        if user.may_review(ward or ""):
            return
        reason = (f"'{user.name}' 계정은 {ward} 자료를 검토할 수 없습니다 (담당 구: {', '.join(sorted(user.wards))})"
                  if user.role == "reviewer" else f"'{user.name}' 계정은 검토(승인·반려)를 할 수 없습니다 "
                  "(검토 또는 관리자 계정만 가능)")
    elif user.role == "editor" and (ward is None or ward in user.wards):
        if action in ("import", "rollback"):
            return
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
