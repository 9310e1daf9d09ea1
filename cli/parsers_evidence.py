"""The parsers of `pledges evidence add|list|get|remove` (증빙): arguments and Korean help, nothing heavy.

Like cli/parsers.py: the handlers live in cli/evidence.py, imported only once the arguments are parsed.
"""

from __future__ import annotations

import argparse

from cli.common import add_db, iso_date, positive_int


def evidence(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evidence", help="증빙(사진·문서)을 붙이고, 보고, 내려받고, 내립니다",
        description="공약이나 세부사업의 근거가 되는 사진(JPEG, PNG, WebP)과 문서(PDF, HWP, HWPX, XLSX, DOCX)를 "
                    "저장된 분기에 붙입니다. 파일은 내용으로 판단하고, 사진은 방향을 바로잡고 위치(GPS)·기기 정보를 "
                    "지운 뒤 저장합니다. 붙인 증빙은 그 분기와 함께 검토·승인된 뒤 공개됩니다.")
    actions = parser.add_subparsers(dest="evidence_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="증빙을 붙입니다 (파일 여러 개 가능)",
                             description="파일마다 증빙 하나를 붙입니다. 받지 않는 파일은 실제로 어떤 파일인지 알려 주고 "
                                         "붙이지 않습니다 (끝 상태 1).")
    add.add_argument("files", nargs="+", metavar="파일", help="사진 또는 문서 (한 개에 20MB까지)")
    add.add_argument("--ward", required=True, metavar="구", help="자치구 이름 (예: 영등포구)")
    add.add_argument("--as-of", type=iso_date, required=True, metavar="YYYY-MM-DD", help="증빙을 붙일 분기의 기준일")
    add.add_argument("--pledge", required=True, metavar="번호", help="공약번호")
    add.add_argument("--subproject", metavar="세부사업", help="세부사업 이름 (없으면 공약 전체)")
    add.add_argument("--caption", required=True, metavar="설명",
                     help="설명 (필수: 사진을 볼 수 없는 사람에게 읽어 주는 대체 글)")
    add.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="촬영일·문서 날짜 (없으면 사진에 적힌 날짜)")
    listing = actions.add_parser("list", help="증빙 목록",
                                 description="--as-of 를 주면 그 분기 화면에 보이는 증빙(같은 임기의 그 분기까지 붙인 것), "
                                             "없으면 그 구의 모든 증빙을 보여 줍니다 (내린 것 제외).")
    listing.add_argument("--ward", required=True, metavar="구", help="자치구 이름")
    listing.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="기준일")
    listing.add_argument("--pledge", metavar="번호", help="공약번호")
    listing.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    get = actions.add_parser("get", help="저장된 파일을 내려받습니다",
                             description="저장된 그대로의 파일(사진은 위치 정보를 지운 파일)을 씁니다.")
    get.add_argument("id", type=positive_int, metavar="번호", help="증빙 번호 (evidence list의 id)")
    get.add_argument("-o", "--out", required=True, metavar="파일", help="쓸 파일 (이미 있으면 덮어씀)")
    remove = actions.add_parser("remove", help="증빙을 내립니다 (이유와 함께 기록되고, 파일은 지워지지 않음)")
    remove.add_argument("id", type=positive_int, metavar="번호", help="증빙 번호")
    remove.add_argument("--reason", required=True, metavar="이유", help="내리는 이유 (기록에 남습니다)")
    for sub in (add, listing, get, remove):
        add_db(sub)
    for sub in (add, remove):
        sub.add_argument("--by", metavar="이름", help="한 사람 (기본: 계정 이름 또는 운영체제 사용자 이름)")
        sub.add_argument("--user", metavar="계정", help="로그인할 계정 (계정이 있는 저장소에서 필요)")
    parser.set_defaults(func="cli.evidence:run")
