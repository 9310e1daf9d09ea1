"""`pledges user add|set|passwd|remove|list` and `pledges audit`: accounts and the record of changes.

Passwords never go on the command line: `PLEDGES_PASSWORD` (the signed-in account's, for
`--user`) and `PLEDGES_NEW_PASSWORD` (a new one), or a prompt on a terminal. Without a terminal
and without the variable, the command names the variable and ends (exit 2) instead of waiting
for input nobody can type. Once an admin exists, managing accounts needs one (`--user NAME`);
the very first admin may be made by whoever runs the command on the machine.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from cli.common import CliError, add_db, positive_int, store_from
from store import audit
from store.accounts import ROLE_NAMES, ROLE_WORDS, AccountError
from store.imports import default_actor
from store.passwords import RULE_TEXT

PASSWORD_ENV = "PLEDGES_PASSWORD"
NEW_PASSWORD_ENV = "PLEDGES_NEW_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("user", help="계정 관리 (열람·편집·검토·관리자, 비밀번호)")
    actions = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="계정을 만듭니다",
        description="계정을 만듭니다. 저장소에 관리자가 없으면 첫 계정은 관리자여야 하며, 저장소 파일을 가진 "
                    f"운영자는 언제든 관리자 계정을 만들 수 있습니다. 새 비밀번호는 환경 변수 {NEW_PASSWORD_ENV} "
                    f"또는 터미널에서 묻습니다. {RULE_TEXT}",
    )
    add.add_argument("name", metavar="이름", help="로그인 이름")
    add.add_argument("--role", type=_role, required=True, metavar="역할",
                     help="열람 / 편집 / 검토 / 관리자 (viewer / editor / reviewer / admin 도 됩니다)")
    _rights_options(add)
    change = actions.add_parser(
        "set", help="계정의 역할·담당 구·부서·전자우편을 바꿉니다",
        description="계정을 지우지 않고 권한을 바꿉니다. 준 것만 바뀌고(--ward를 주면 담당 구 목록 전체가 바뀜), "
                    "그 계정의 열린 로그인은 모두 끝납니다. 기록에 남습니다.")
    change.add_argument("name", metavar="이름", help="바꿀 계정 이름")
    change.add_argument("--role", type=_role, metavar="역할", help="열람 / 편집 / 검토 / 관리자")
    _rights_options(change)
    passwd = actions.add_parser(
        "passwd", help="비밀번호를 바꿉니다 (본인) 또는 초기화합니다 (관리자)",
        description=f"본인이 바꿀 때는 지금 비밀번호({PASSWORD_ENV} 또는 묻기)와 새 비밀번호({NEW_PASSWORD_ENV} "
                    "또는 묻기)를 줍니다. 관리자가 --user 관리자이름 으로 다른 계정의 비밀번호를 초기화하면, 그 "
                    f"사람은 다음 로그인 때 새 비밀번호를 정해야 합니다. 어느 쪽이든 그 계정의 열린 로그인은 모두 "
                    f"끝납니다. {RULE_TEXT}")
    passwd.add_argument("name", metavar="이름", help="비밀번호를 바꿀 계정 이름")
    remove = actions.add_parser("remove", help="계정을 지웁니다 (열린 로그인도 바로 끝남)")
    remove.add_argument("name", metavar="이름", help="지울 계정 이름")
    listing = actions.add_parser("list", help="계정 목록")
    listing.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    for sub in (add, change, passwd, remove, listing):
        add_db(sub)
        sub.add_argument("--user", metavar="관리자",
                         help=f"관리자 계정 이름 (관리자가 있는 저장소에서 필요; 비밀번호는 {PASSWORD_ENV} 또는 묻기)")
    parser.set_defaults(func=run_user)

    parser = subparsers.add_parser("audit", help="가져오기·되돌리기·계정 변경·로그인 기록",
                                   description="누가 언제 무엇을 했는지 최근 것부터 보여 줍니다 (한국 시각).")
    add_db(parser)
    parser.add_argument("--limit", type=positive_int, default=50, metavar="N", help="보여 줄 기록 수 (기본 50)")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func=run_audit)


def _rights_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ward", action="append", default=None, metavar="구",
                        help="편집·검토 계정의 담당 구 (여러 번 쓸 수 있음; 검토 계정에 없으면 모든 구)")
    parser.add_argument("--department", metavar="부서",
                        help="편집 계정을 담당 구의 한 부서로 한정합니다 (그 부서의 공약만 올릴 수 있음; "
                             "set에서 \"\"를 주면 한정을 풂)")
    parser.add_argument("--email", metavar="주소",
                        help="통합 로그인(SSO)이 알려 주는 이 사람의 전자우편 (docs/security.md)")


def _role(text: str) -> str:
    """`--role 관리자` or `--role admin`; a Korean reason otherwise (argparse shows it)."""
    role = ROLE_WORDS.get(text.strip())
    if role is None:
        raise argparse.ArgumentTypeError(f"'{text}'는 역할이 아닙니다 (열람, 편집, 검토, 관리자 중 하나)")
    return role


def secret(variable: str, prompt: str) -> str:
    """The value of `variable`, or what is typed at a prompt on a terminal; a Korean refusal (exit 2)
    naming the variable when there is neither (cron, a pipe, a service)."""
    given = os.environ.get(variable)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CliError(f"비밀번호를 물을 터미널이 없습니다. 환경 변수 {variable}에 비밀번호를 넣어 실행해 주세요", 2)
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        raise CliError(f"비밀번호를 받지 못했습니다. 환경 변수 {variable}에 넣어 실행할 수도 있습니다", 2) from None


def signed_in(store, name: str | None):  # noqa: ANN001, ANN201
    """The account for `--user NAME` (password from PLEDGES_PASSWORD or a prompt), or None."""
    if not name:
        return None
    return store.authenticate(name, secret(PASSWORD_ENV, f"{name} 비밀번호: "))


def _new_password() -> str:
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    first = secret(NEW_PASSWORD_ENV, "새 비밀번호: ")
    if first != secret(NEW_PASSWORD_ENV, "한 번 더: "):
        raise AccountError("두 비밀번호가 다릅니다")
    return first


def _admin(store, args: argparse.Namespace):  # noqa: ANN001, ANN202
    """The signed-in admin for a change of accounts, or None where the store has no admin yet."""
    admin = signed_in(store, args.user)
    bootstrap = args.user_command == "add" and args.role == "admin" and not store.has_admin()
    if store.has_admin() and not bootstrap and (admin is None or admin.role != "admin"):
        raise AccountError("관리자가 있는 저장소에서는 관리자만 계정을 바꿀 수 있습니다 (--user 관리자이름)")
    return admin


def _passwd(store, args: argparse.Namespace) -> str:  # noqa: ANN001
    if args.user and args.user != args.name:
        admin = _admin(store, args)
        store.reset_password(args.name, _new_password(), by=admin.name, user=admin)
        return (f"'{args.name}'의 비밀번호를 초기화했습니다. 그 사람은 다음 로그인 때 새 비밀번호를 정해야 합니다 "
                "(열린 로그인은 모두 끝났습니다)")
    old = secret(PASSWORD_ENV, f"{args.name} 지금 비밀번호: ")
    store.change_password(args.name, old, _new_password())
    return f"'{args.name}'의 비밀번호를 바꿨습니다 (열린 로그인은 모두 끝났습니다)"


def _listing(store, as_json: bool) -> None:  # noqa: ANN001
    users = store.users()
    if as_json:
        print(json.dumps([{"name": u.name, "role": u.role, "wards": sorted(u.wards), "email": u.email,
                           "must_change": u.must_change,
                           **({"departments": {w: d for w, d in sorted(u.departments)}} if u.departments else {})}
                          for u in users], ensure_ascii=False, indent=2))
        return
    for u in users:
        extra = f"  {u.email}" if u.email else ""
        extra += "  (비밀번호 초기화됨: 다음 로그인 때 새로 정해야 함)" if u.must_change else ""
        print(f"{u.name}  {u.rights_text}{extra}")


def run_user(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        if args.user_command == "list":
            _listing(store, args.json)
        elif args.user_command == "passwd":
            print(_passwd(store, args))
        elif args.user_command == "add":
            admin = _admin(store, args)
            by = admin.name if admin else default_actor()
            account = store.add_user(args.name, _new_password(), args.role, tuple(args.ward or ()), by=by,
                                     department=args.department, email=args.email, user=admin)
            part = f", {next(iter(account.departments))[1]}만" if account.departments else ""
            print(f"'{account.name}' 계정을 만들었습니다 ({ROLE_NAMES[account.role]}{part})")
        elif args.user_command == "set":
            admin = _admin(store, args)
            account = store.set_user(args.name, by=admin.name if admin else default_actor(), user=admin,
                                     role=args.role, wards=tuple(args.ward) if args.ward is not None else None,
                                     department=args.department, email=args.email)
            print(f"'{account.name}' 계정을 바꿨습니다: {account.rights_text} (열린 로그인은 모두 끝났습니다)")
        else:
            admin = _admin(store, args)
            store.remove_user(args.name, by=admin.name if admin else default_actor(), user=admin)
            print(f"'{args.name}' 계정을 지웠습니다 (열린 로그인은 모두 끝났습니다)")
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
