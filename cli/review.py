"""`pledges approve`, `pledges return` and `pledges reopen`: the coordinating office's review of a stored quarter.

Held to accounts like import and rollback: on a store with accounts, `--user` must be
an admin or a reviewer (검토) of the ward. `--department X` approves or returns one
department's part (docs/spec.md "Department submissions"); `reopen` (admins) takes
department submissions for an approved 기준일 again.
"""

from __future__ import annotations

import argparse

from cli.common import CliError, add_as_of, add_db, add_ward, positive_int, store_from
from cli.users import signed_in
from store import StoreError
from store.accounts import AccountError


def register(subparsers: argparse._SubParsersAction) -> None:
    approve = subparsers.add_parser(
        "approve", help="한 기준일 자료를 승인합니다 (공개 대상이 됩니다)",
        description="총괄부서의 검토: 지금 보이는 버전(또는 --version)을 승인합니다. 승인된 최신 버전만 공개됩니다.",
    )
    returned = subparsers.add_parser(
        "return", help="한 기준일 자료를 반려합니다 (이유와 함께)",
        description="총괄부서의 검토: 지금 보이는 버전(또는 --version)을 이유와 함께 반려합니다.",
    )
    returned.add_argument("--reason", required=True, metavar="이유", help="반려 이유 (올린 부서에 보입니다)")
    for parser, func in ((approve, run_approve), (returned, run_return)):
        add_ward(parser)
        add_as_of(parser, required=True)
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--version", type=positive_int, metavar="N", help="버전 (없으면 지금 보이는 버전)")
        which.add_argument("--department", metavar="부서", help="이 부서가 제출한 부분만 승인·반려합니다")
        add_db(parser)
        parser.add_argument("--by", metavar="이름", help="검토한 사람 (기본: 계정 이름 또는 운영체제 사용자 이름)")
        parser.add_argument("--user", metavar="계정", help="로그인할 계정 (계정이 있는 저장소에서 필요: 관리자 또는 검토)")
        parser.set_defaults(func=func)
    reopen = subparsers.add_parser(
        "reopen", help="승인된 기준일을 다시 열어 부서 제출을 받습니다 (관리자)",
        description="승인된 기준일에는 부서 제출을 받지 않습니다. 관리자가 다시 열면 부서 제출을 다시 받습니다 "
                    "(승인된 버전은 새 버전이 승인될 때까지 그대로 공개됩니다). 감사 기록에 남습니다.",
    )
    add_ward(reopen)
    add_as_of(reopen, required=True)
    add_db(reopen)
    reopen.add_argument("--by", metavar="이름", help="다시 연 사람 (기본: 계정 이름 또는 운영체제 사용자 이름)")
    reopen.add_argument("--user", metavar="계정", help="로그인할 계정 (계정이 있는 저장소에서 필요: 관리자)")
    reopen.set_defaults(func=run_reopen)


def run_reopen(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        print(store.reopen(args.ward, args.as_of, by=args.by, user=signed_in(store, args.user)))
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    return 0


def _decide(args: argparse.Namespace, approve: bool) -> int:
    store = store_from(args)
    try:
        user = signed_in(store, args.user)
        department = " ".join(args.department.split()) if args.department else None
        if approve:
            message = store.approve(args.ward, args.as_of, by=args.by, user=user, version=args.version,
                                    department=department)
        else:
            message = store.return_version(args.ward, args.as_of, args.reason, by=args.by, user=user,
                                           version=args.version, department=department)
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    print(message)
    return 0


def run_approve(args: argparse.Namespace) -> int:
    return _decide(args, True)


def run_return(args: argparse.Namespace) -> int:
    return _decide(args, False)
