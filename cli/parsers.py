"""The parsers of the commands that read, store, review and publish quarters: arguments and Korean help.

Why apart from the commands' code: `pledges --help`, and every mistyped option, must answer
without loading pandas, SQLAlchemy or plotly (a second and more). So this module imports only
argparse and cli.common; each parser names the function that runs it as "module:function"
(`func`), and cli/main.py imports that module only once the arguments are parsed.
"""

from __future__ import annotations

import argparse

from cli.common import add_as_of, add_db, add_ward, iso_date, positive_int


def validate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="서식 파일을 검사합니다 (저장하지 않음)",
        description="공약 이행 현황 서식 파일을 읽어 오류와 경고를 시트·셀 별로 보여 줍니다.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="검사할 .xlsx 파일")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.validate:run")


def template(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "template",
        help="빈 서식, 또는 저장된 분기 자료로 다음 분기 서식을 만듭니다",
        description="시트·머리글·드롭다운 목록과 '작성 예시' 시트가 들어 있는 빈 서식을 만듭니다. "
                    "--ward 를 주면 저장된 분기 자료를 그대로 담은 서식(다음 분기 작성용)을 만듭니다.",
    )
    parser.add_argument("out", metavar="OUT.xlsx", help="만들 파일 경로")
    parser.add_argument("--force", action="store_true", help="같은 이름의 파일이 있으면 덮어씀")
    parser.add_argument("--ward", metavar="구", help="이 구의 저장된 분기 자료로 서식을 만듭니다")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--department", metavar="부서", help="이 부서의 공약만 담은 부서 서식 (--ward 와 함께)")
    which.add_argument("--all-departments", action="store_true",
                       help="모든 부서의 부서 서식을 묶은 zip 파일 (OUT 은 .zip; --ward 와 함께)")
    add_as_of(parser)
    add_db(parser)
    parser.set_defaults(func="cli.template:run")


def imports(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="서식 파일을 저장소에 넣습니다",
        description="서식 파일을 검사하고, 오류가 없으면 저장합니다. 같은 구·기준일의 자료가 있으면 새 버전이 "
                    "됩니다. --dry-run 은 무엇이 바뀌는지만 보여 주고 저장하지 않습니다.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="저장할 .xlsx 파일 (여러 개 가능)")
    add_db(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="저장하지 않고, 저장하면 달라질 것(바뀌는 버전, 지난 분기와의 차이, 경고)만 보여 줌")
    parser.add_argument("--by", metavar="이름", help="올린 사람 (기본: 운영체제 사용자 이름)")
    parser.add_argument("--user", metavar="계정",
                        help="로그인할 계정 (계정이 있는 저장소에서 필요; 비밀번호는 PLEDGES_PASSWORD 또는 입력)")
    parser.set_defaults(func="cli.imports:run_import")

    parser = subparsers.add_parser("history", help="한 구의 업로드 기록(모든 버전)을 봅니다",
                                   description="한 구의 기준일별 모든 버전과 지금 보이는 버전을 보여 줍니다.")
    add_ward(parser)
    add_db(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.imports:run_history")

    parser = subparsers.add_parser(
        "original", help="어떤 버전으로 올린 파일을 그대로 내려받습니다",
        description="저장소가 보관한, 올린 그대로의 파일을 꺼냅니다 (sha256이 같은 파일).",
    )
    add_ward(parser)
    add_as_of(parser, required=True)
    parser.add_argument("--version", type=positive_int, metavar="N", help="버전 (없으면 지금 보이는 버전)")
    parser.add_argument("-o", "--out", required=True, metavar="FILE.xlsx", help="저장할 파일 경로")
    parser.add_argument("--force", action="store_true", help="같은 이름의 파일이 있으면 덮어씀")
    add_db(parser)
    parser.set_defaults(func="cli.imports:run_original")

    parser = subparsers.add_parser("rollback", help="한 기준일 자료를 이전 버전으로 되돌립니다",
                                   description="지금 보이는 버전 바로 앞의 버전을 다시 보이게 합니다 (지우지 않음).")
    add_ward(parser)
    add_as_of(parser, required=True)
    add_db(parser)
    parser.add_argument("--by", metavar="이름", help="되돌린 사람 (기본: 운영체제 사용자 이름)")
    parser.add_argument("--user", metavar="계정", help="로그인할 계정 (계정이 있는 저장소에서 필요)")
    parser.set_defaults(func="cli.imports:run_rollback")


def summary(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summary", help="구별 이행률·상태·예산 요약",
        description="저장된 자료로 구별 이행률, 상태별 공약 수, 예산을 보여 줍니다.",
    )
    add_db(parser)
    add_ward(parser, required=False)
    add_as_of(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.summary:run_summary")

    parser = subparsers.add_parser(
        "changes", help="지난 기준일 대비 달라진 것",
        description="한 구의 기준일 자료를 바로 앞 기준일과 비교합니다.",
    )
    add_db(parser)
    add_ward(parser)
    add_as_of(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.summary:run_changes")


def adjustments(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "adjustments", help="이행계획 대비 공약 조정과 그 사유",
        description="한 구의 기준일 자료가 그 임기(민선)의 이행계획과 달라진 점(신규·삭제·폐기·보류·공약명·세부사업·"
                    "목표·일정·예산)과 공약조정 시트의 사유를 보여 줍니다.",
    )
    add_ward(parser)
    add_as_of(parser)
    add_db(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.adjustments:run")


def report(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="분기 공약 이행 현황 보고서나 공약관리카드를 PDF·엑셀·한글(HWPX)로 만듭니다",
        description="저장된 분기 자료로 구의 공약 이행 현황 보고서(표지, 요약, 분야별 현황, 점검 사항, "
                    "지난 기준일 대비 변동, 모든 공약관리카드)를 만듭니다. --pledge 를 주면 그 공약의 "
                    "공약관리카드만 만듭니다. 출력 파일의 확장자(.pdf, .xlsx 또는 .hwpx)로 형식을 고릅니다.",
    )
    add_ward(parser)
    add_as_of(parser)
    parser.add_argument("--pledge", metavar="번호", help="공약번호 (주면 그 공약의 공약관리카드만)")
    parser.add_argument("-o", "--out", required=True, metavar="파일",
                        help="만들 파일 (.pdf, .xlsx 또는 .hwpx; 이미 있으면 덮어씀)")
    add_db(parser)
    parser.set_defaults(func="cli.report:run_report")


def review(subparsers: argparse._SubParsersAction) -> None:
    approve = subparsers.add_parser(
        "approve", help="한 기준일 자료를 승인합니다 (공개 대상이 됩니다)",
        description="총괄부서의 검토: 지금 보이는 버전(또는 --version)을 승인합니다. 승인된 최신 버전만 공개됩니다.",
    )
    returned = subparsers.add_parser(
        "return", help="한 기준일 자료를 반려합니다 (이유와 함께)",
        description="총괄부서의 검토: 지금 보이는 버전(또는 --version)을 이유와 함께 반려합니다.",
    )
    returned.add_argument("--reason", required=True, metavar="이유", help="반려 이유 (올린 부서에 보입니다)")
    for parser, func in ((approve, "cli.review:run_approve"), (returned, "cli.review:run_return")):
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
    reopen.set_defaults(func="cli.review:run_reopen")


def submissions(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "submissions", help="부서별 제출 현황 (미제출·제출·반려·승인)",
        description="한 구의 기준일에 부서마다 제출했는지, 누가 어느 파일을 언제 냈는지, 제출 기한과 늦은 부서를 보여 줍니다.",
    )
    add_db(parser)
    add_ward(parser)
    add_as_of(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.submissions:run_submissions")

    parser = subparsers.add_parser(
        "deadline", help="기준일의 부서 제출 기한을 정합니다 (관리자)",
        description="기한이 지나도록 제출하지 않은(또는 반려된) 부서는 제출 현황에 늦은 부서로 표시됩니다.",
    )
    add_db(parser)
    add_ward(parser)
    add_as_of(parser, required=True)
    parser.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD", help="제출 기한")
    parser.add_argument("--by", metavar="이름", help="정한 사람 (기본: 계정 이름 또는 운영체제 사용자 이름)")
    parser.add_argument("--user", metavar="계정", help="로그인할 계정 (계정이 있는 저장소에서 필요: 관리자)")
    parser.set_defaults(func="cli.submissions:run_deadline")


def publish(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish", help="승인된 분기 자료로 주민 공개용 누리집(정적 파일)과 공공데이터를 만듭니다",
        description="구·기준일마다 승인된 최신 버전으로 공개용 HTML 파일, 공약관리카드 PDF, CSV·JSON 공공데이터를 "
                    "만듭니다. 만든 폴더를 그대로 누리집 서버에 올리거나 파일로 열어 볼 수 있습니다.",
    )
    parser.add_argument("--out", required=True, metavar="폴더", help="만들 폴더 (없으면 만듭니다)")
    parser.add_argument("--ward", action="append", metavar="구", help="이 구만 (여러 번 쓸 수 있음; 없으면 모든 구)")
    parser.add_argument("--no-pdf", action="store_true", help="공약관리카드 PDF를 만들지 않음 (빠름)")
    add_db(parser)
    parser.set_defaults(func="cli.publish:run")
