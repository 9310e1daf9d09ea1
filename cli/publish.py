"""`pledges publish --out DIR [--ward W]`: the residents' static site of approved quarters, with open data.

Into a folder that holds a publication, only what changed is written (documents/site/build.py);
on a terminal the progress shows (cli/progress.py), into a pipe only the closing line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CliError, store_from
from cli.progress import progress


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
    with progress(args, "공개") as report:
        result = publish(store, out, wards=args.ward, pdf=not args.no_pdf, progress=report)
    if result.wards == 0:
        print(f"{out}: 승인된 자료가 없어 빈 목록만 만들었습니다 (pledges approve 로 먼저 승인해 주세요)")
        return 1
    made = (f"{out}: {result.wards}개 구, 분기 {result.quarters}건, 공약 화면 {result.pledge_pages}개, "
            f"카드 PDF {result.pdfs}개")
    if result.kept:  # a quarter whose files an earlier publication wrote, and whose content did not change
        print(f"{made}가 준비되었습니다 ({result.seconds:.1f}초; 바뀌지 않은 분기 {result.kept}건은 그대로 두고 "
              f"파일 {result.written}개를 새로 썼습니다). index.html 을 열어 보세요")
    else:
        print(f"{made}를 만들었습니다 ({result.seconds:.1f}초). index.html 을 열어 보세요")
    return 0
