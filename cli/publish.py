"""`pledges publish --out DIR [--ward W]`: the residents' static site of approved quarters, with open data."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CliError, add_db, store_from


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish", help="승인된 분기 자료로 주민 공개용 누리집(정적 파일)과 공공데이터를 만듭니다",
        description="구·기준일마다 승인된 최신 버전으로 공개용 HTML 파일, 공약관리카드 PDF, CSV·JSON 공공데이터를 "
                    "만듭니다. 만든 폴더를 그대로 누리집 서버에 올리거나 파일로 열어 볼 수 있습니다.",
    )
    parser.add_argument("--out", required=True, metavar="폴더", help="만들 폴더 (없으면 만듭니다)")
    parser.add_argument("--ward", action="append", metavar="구", help="이 구만 (여러 번 쓸 수 있음; 없으면 모든 구)")
    parser.add_argument("--no-pdf", action="store_true", help="공약관리카드 PDF를 만들지 않음 (빠름)")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from documents.site import publish

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"{out}: 폴더가 아니라 파일입니다. 만들 폴더 이름을 적어 주세요", 2)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise CliError(f"{out}: 폴더를 만들 수 없습니다 ({problem.strerror or problem})", 1) from None
    store = store_from(args)
    result = publish(store, out, wards=args.ward, pdf=not args.no_pdf)
    if result.wards == 0:
        print(f"{out}: 승인된 자료가 없어 빈 목록만 만들었습니다 (pledges approve 로 먼저 승인해 주세요)")
        return 1
    print(f"{out}: {result.wards}개 구, 분기 {result.quarters}건, 공약 화면 {result.pledge_pages}개, "
          f"카드 PDF {result.pdfs}개를 만들었습니다 ({result.seconds:.1f}초). index.html 을 열어 보세요")
    return 0
