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

from cli.common import CliError, store_from
from cli.parsers_admin import NEW_PASSWORD_ENV, PASSWORD_ENV
from cli.table import table
from store import audit
from store.accounts import ROLE_NAMES, AccountError
from store.imports import default_actor


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


def signed_in(store, name: str | None):
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


def _admin(store, args: argparse.Namespace):
    """The signed-in admin for a change of accounts, or None where the store has no admin yet."""
    admin = signed_in(store, args.user)
    bootstrap = args.user_command == "add" and args.role == "admin" and not store.has_admin()
    if store.has_admin() and not bootstrap and (admin is None or admin.role != "admin"):
        raise AccountError("관리자가 있는 저장소에서는 관리자만 계정을 바꿀 수 있습니다 (--user 관리자이름)")
    return admin


def _passwd(store, args: argparse.Namespace) -> str:
    if args.user and args.user != args.name:
        admin = _admin(store, args)
        store.reset_password(args.name, _new_password(), by=admin.name, user=admin)
        return (f"'{args.name}'의 비밀번호를 초기화했습니다. 그 사람은 다음 로그인 때 새 비밀번호를 정해야 합니다 "
                "(열린 로그인은 모두 끝났습니다)")
    old = secret(PASSWORD_ENV, f"{args.name} 지금 비밀번호: ")
    store.change_password(args.name, old, _new_password())
    return f"'{args.name}'의 비밀번호를 바꿨습니다 (열린 로그인은 모두 끝났습니다)"


def _listing(store, as_json: bool) -> None:
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
    columns = ("시각", "누가", "무엇을", "결과", "구", "내용")
    rows = [[r[c] or "" for c in columns] for r in audit.korean_events(events).to_dict("records")]
    for line in table(rows, "llllll", flexible=[1, 4, 5], indent=""):
        print(line)
    return 0
