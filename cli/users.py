"""`pledges user add|remove|list` and `pledges audit`: accounts and the record of changes.

Passwords never go on the command line: `PLEDGES_NEW_PASSWORD` (for scripts) or
a prompt asked twice. Once accounts exist, managing them needs an admin
(`--user`, password from PLEDGES_PASSWORD or a prompt); the very first account
may be created by whoever runs the command on the machine.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os

from cli.common import CliError, add_db, positive_int, store_from
from store import accounts, audit
from store.accounts import ROLE_NAMES, AccountError
from store.imports import default_actor


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("user", help="계정 관리 (열람·편집·관리자)")
    actions = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="계정을 만듭니다",
        description="계정을 만듭니다. 저장소에 관리자가 없으면 첫 계정은 관리자여야 하며, 저장소 파일을 가진 "
                    "운영자는 언제든 관리자 계정을 만들 수 있습니다.",
    )
    add.add_argument("name", metavar="이름", help="로그인 이름")
    add.add_argument("--role", type=_role, required=True, metavar="역할",
                     help="열람 / 편집 / 검토 / 관리자 (viewer / editor / reviewer / admin 도 됩니다)")
    add.add_argument("--ward", action="append", default=[], metavar="구",
                     help="편집·검토 계정의 담당 구 (여러 번 쓸 수 있음; 검토 계정에 없으면 모든 구)")
    add.add_argument("--department", metavar="부서",
                     help="편집 계정을 담당 구의 한 부서로 한정합니다 (그 부서의 공약만 올릴 수 있음)")
    remove = actions.add_parser("remove", help="계정을 지웁니다")
    remove.add_argument("name", metavar="이름", help="지울 계정 이름")
    listing = actions.add_parser("list", help="계정 목록")
    listing.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    for sub in (add, remove, listing):
        add_db(sub)
        sub.add_argument("--user", metavar="관리자", help="관리자 계정 이름 (관리자가 있는 저장소에서 필요)")
    parser.set_defaults(func=run_user)

    parser = subparsers.add_parser("audit", help="가져오기·되돌리기·계정 변경·로그인 실패 기록",
                                   description="누가 언제 무엇을 했는지 최근 것부터 보여 줍니다 (한국 시각).")
    add_db(parser)
    parser.add_argument("--limit", type=positive_int, default=50, metavar="N", help="보여 줄 기록 수 (기본 50)")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func=run_audit)


def _role(text: str) -> str:
    """`--role 관리자` or `--role admin`; a Korean reason otherwise (argparse shows it)."""
    role = accounts.ROLE_WORDS.get(text.strip())
    if role is None:
        raise argparse.ArgumentTypeError(f"'{text}'는 역할이 아닙니다 (열람, 편집, 검토, 관리자 중 하나)")
    return role


def signed_in(store, name: str | None):  # noqa: ANN001, ANN201
    """The account for `--user NAME` (password from PLEDGES_PASSWORD or a prompt), or None."""
    if not name:
        return None
    password = os.environ.get("PLEDGES_PASSWORD") or getpass.getpass(f"{name} 비밀번호: ")
    return store.authenticate(name, password)


def _new_password() -> str:
    given = os.environ.get("PLEDGES_NEW_PASSWORD")
    if given:
        return given
    first = getpass.getpass("새 비밀번호: ")
    if first != getpass.getpass("한 번 더: "):
        raise AccountError("두 비밀번호가 다릅니다")
    return first


def run_user(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        admin = signed_in(store, args.user)
        # the operator who holds the store may always make an admin where there is none
        bootstrap = args.user_command == "add" and args.role == "admin" and not store.has_admin()
        if (store.has_admin() and args.user_command != "list" and not bootstrap
                and (admin is None or admin.role != "admin")):
            raise AccountError("관리자가 있는 저장소에서는 관리자만 계정을 바꿀 수 있습니다 (--user 관리자이름)")
        by = admin.name if admin else default_actor()
        if args.user_command == "add":
            account = store.add_user(args.name, _new_password(), args.role, tuple(args.ward), by=by,
                                     department=args.department)
            part = f", {next(iter(account.departments))[1]}만" if account.departments else ""
            print(f"'{account.name}' 계정을 만들었습니다 ({ROLE_NAMES[account.role]}{part})")
        elif args.user_command == "remove":
            store.remove_user(args.name, by=by)
            print(f"'{args.name}' 계정을 지웠습니다")
        else:
            users = store.users()
            if args.json:
                print(json.dumps([{"name": u.name, "role": u.role, "wards": sorted(u.wards),
                                   **({"departments": {w: d for w, d in sorted(u.departments)}} if u.departments
                                      else {})} for u in users], ensure_ascii=False, indent=2))
            for u in [] if args.json else users:
                parts = "".join(f"  {w} {d}만" for w, d in sorted(u.departments))
                print(f"{u.name}  {ROLE_NAMES[u.role]}  {', '.join(sorted(u.wards)) or '-'}{parts}")
    except AccountError as problem:
        raise CliError(str(problem), 1) from None
    return 0


def run_audit(args: argparse.Namespace) -> int:
    events = store_from(args).audit_events(args.limit)
    if args.json:
        records = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
                   for r in events.to_dict("records")]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if events.empty:
        print("기록이 없습니다")
        return 0
    for r in audit.korean_events(events).to_dict("records"):
        print("  ".join(str(r[c]) for c in ("시각", "누가", "무엇을", "결과", "구", "내용") if r[c]))
    return 0
