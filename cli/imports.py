"""`pledges import`, `pledges history`, `pledges rollback`: putting quarters into the store.

`import` exits 0 when every file is stored or already stored, 1 when any file
has errors (that file stores nothing; the others are still imported and
reported one by one).
"""

from __future__ import annotations

import argparse
import json

from cli.common import add_db, iso_date, store_from
from cli.users import signed_in
from figures.formatting import format_date
from store import StoreError
from store.accounts import AccountError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="서식 파일을 저장소에 넣습니다")
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_db(parser)
    parser.add_argument("--by", help="올린 사람 (기본: 운영체제 사용자 이름)")
    parser.add_argument("--user", help="로그인할 계정 (계정이 있는 저장소에서 필요; 비밀번호는 PLEDGES_PASSWORD 또는 입력)")
    parser.set_defaults(func=run_import)

    parser = subparsers.add_parser("history", help="한 구의 업로드 기록(모든 버전)을 봅니다")
    parser.add_argument("--ward", required=True)
    add_db(parser)
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run_history)

    parser = subparsers.add_parser("rollback", help="한 기준일 자료를 이전 버전으로 되돌립니다")
    parser.add_argument("--ward", required=True)
    parser.add_argument("--as-of", required=True, type=iso_date, metavar="YYYY-MM-DD")
    add_db(parser)
    parser.add_argument("--by", help="되돌린 사람 (기본: 운영체제 사용자 이름)")
    parser.add_argument("--user", help="로그인할 계정 (계정이 있는 저장소에서 필요)")
    parser.set_defaults(func=run_rollback)


def run_import(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        user = signed_in(store, args.user)
    except AccountError as problem:
        print(problem)
        return 1
    failed = False
    for path in args.files:
        outcome = store.import_file(path, by=args.by, user=user)
        print(outcome.message)
        for finding in sorted(outcome.findings, key=lambda f: f.level != "error"):
            label = "오류" if finding.level == "error" else "경고"
            print(f"  [{label}] {finding}")
        failed = failed or outcome.status == "rejected"
    return 1 if failed else 0


def run_history(args: argparse.Namespace) -> int:
    table = store_from(args).history(args.ward)
    if table.empty:
        print(f"{args.ward}: 저장된 자료가 없습니다")
        return 1
    if args.json:
        records = [
            {
                "ward": r["ward"], "as_of": r["as_of"].isoformat(), "version": int(r["version"]),
                "current": bool(r["current"]), "file_name": r["file_name"], "sha256": r["sha256"],
                "imported_by": r["imported_by"], "imported_at": r["imported_at"].isoformat(),
                "warnings": int(r["warnings"]), "sample": bool(r["sample"]),
            }
            for r in table.to_dict("records")
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    for r in table.to_dict("records"):
        mark = "●" if r["current"] else " "
        print(
            f"{mark} {format_date(r['as_of'])} 버전 {r['version']}  {r['file_name']}  "
            f"{r['imported_by']}  {r['imported_at']:%Y-%m-%d %H:%M}  경고 {r['warnings']}건"
        )
    print("(● 현재 보이는 버전)")
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        print(store.rollback(args.ward, args.as_of, by=args.by, user=signed_in(store, args.user)))
    except (StoreError, AccountError) as problem:
        print(problem)
        return 1
    return 0
