"""`pledges approve` and `pledges return`: the coordinating office's review of a stored quarter.

Held to accounts like import and rollback: on a store with accounts, `--user` must be
an admin or a reviewer (검토) of the ward.
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
        parser.add_argument("--version", type=positive_int, metavar="N", help="버전 (없으면 지금 보이는 버전)")
        add_db(parser)
        parser.add_argument("--by", metavar="이름", help="검토한 사람 (기본: 계정 이름 또는 운영체제 사용자 이름)")
        parser.add_argument("--user", metavar="계정", help="로그인할 계정 (계정이 있는 저장소에서 필요: 관리자 또는 검토)")
        parser.set_defaults(func=func)


def _decide(args: argparse.Namespace, approve: bool) -> int:
    store = store_from(args)
    try:
        user = signed_in(store, args.user)
        if approve:
            message = store.approve(args.ward, args.as_of, by=args.by, user=user, version=args.version)
        else:
            message = store.return_version(args.ward, args.as_of, args.reason, by=args.by, user=user,
                                           version=args.version)
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    print(message)
    return 0


def run_approve(args: argparse.Namespace) -> int:
    return _decide(args, True)


def run_return(args: argparse.Namespace) -> int:
    return _decide(args, False)
