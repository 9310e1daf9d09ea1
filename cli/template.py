"""`pledges template OUT.xlsx`: the blank format-1 workbook officials fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from loaders.template import write_workbook


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "template",
        help="빈 서식 파일을 만듭니다",
        description="시트·머리글·예시 행·드롭다운 목록이 들어 있는 빈 공약 이행 현황 서식을 만듭니다.",
    )
    parser.add_argument("out", metavar="OUT.xlsx", help="만들 파일 경로")
    parser.add_argument("--force", action="store_true", help="같은 이름의 파일이 있으면 덮어씀")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"{out}: 이미 있는 파일입니다. 덮어쓰려면 --force 를 붙여 주세요")
        return 1
    if out.suffix.lower() != ".xlsx":
        print(f"{out}: 파일 이름은 .xlsx 로 끝나야 합니다")
        return 2
    write_workbook(None, out)
    print(f"{out}: 빈 서식을 만들었습니다 (각 시트의 예시 행을 지우고 내용을 적어 주세요)")
    return 0
