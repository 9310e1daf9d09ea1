"""`pledges report`: the quarterly documents from the store (the ward's report, or one 공약관리카드).

    pledges report --ward 영등포구 [--as-of 2020-12-31] [--pledge 25] -o 파일.pdf|파일.xlsx|파일.hwpx [--db URL]

The suffix of the output file picks the format (.pdf, .xlsx or .hwpx, the 한글 document an
official edits and attaches to a 결재; anything else is a usage error, exit 2). Without
--pledge it writes the ward's report: cover, summary, 분야, what needs attention, changes
since the previous quarter and every card. An unknown ward, 기준일 or pledge is a Korean
message and exit 1.
"""

from __future__ import annotations

import argparse

import documents
from cli.common import CliError, output_path, store_from, write_bytes
from cli.progress import spinner
from figures.formatting import format_date

FORMATS = (".pdf", ".xlsx", ".hwpx")
#: per suffix: the card's maker, the report's, and the format's name in the message
MAKERS = {
    ".pdf": (documents.card_pdf, documents.report_pdf, "PDF"),
    ".xlsx": (documents.card_xlsx, documents.report_xlsx, "엑셀"),
    ".hwpx": (documents.card_hwpx, documents.report_hwpx, "한글(HWPX)"),
}


def run_report(args: argparse.Namespace) -> int:
    out = output_path(args.out, suffixes=FORMATS)
    make_card, make_report, form = MAKERS[out.suffix.lower()]
    store = store_from(args)
    try:
        if args.pledge is not None:
            content = make_card(store, args.ward, args.as_of, args.pledge)
            what = f"공약 {str(args.pledge).strip().removesuffix('.0')} 공약관리카드"
        else:
            # a whole ward's report takes seconds and the documents report no steps: a spinner and the
            # time gone on a terminal (cli/progress.py), nothing into a pipe
            with spinner(args, f"{args.ward} 보고서({form}) 만드는 중"):
                content = make_report(store, args.ward, args.as_of)
            what = "공약 이행 현황 보고서"
        as_of = args.as_of or max(store.as_of_dates(args.ward), default=None)
    except documents.DocumentError as problem:
        raise CliError(str(problem), 1) from None
    finally:
        store.engine.dispose()
    write_bytes(out, content)
    when = f" ({format_date(as_of)} 기준)" if as_of else ""
    print(f"{out}: {args.ward}{when} {what}를 {form} 파일로 저장했습니다 "
          f"({len(content):,}바이트)")
    return 0
