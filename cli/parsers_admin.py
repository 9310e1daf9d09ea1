"""The parsers of the commands that run the service and keep it safe: serve, user, audit, backup,
restore, verify.

Like cli/parsers.py, nothing heavy is imported here. The few facts of the store that the help
texts and the `--role` check need are kept as copies (reading them from store/ would load
SQLAlchemy and argon2 for `--help`); tests/cli/test_startup.py checks that they still equal the
store's own.
"""

from __future__ import annotations

import argparse

from cli.common import add_db, positive_int

PASSWORD_ENV = "PLEDGES_PASSWORD"
NEW_PASSWORD_ENV = "PLEDGES_NEW_PASSWORD"
#: store.passwords.RULE_TEXT, the sentence shown before a password is typed
RULE_TEXT = ("비밀번호는 영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상을 섞어 10자 이상, 또는 세 종류 "
             "이상을 섞어 8자 이상으로 정해 주세요. 계정 이름이나 흔히 쓰는 비밀번호는 쓸 수 없습니다.")
#: store.accounts.ROLE_WORDS: what people type for a role, the app's Korean names and the English keys
ROLE_WORDS = {"열람": "viewer", "편집": "editor", "검토": "reviewer", "관리자": "admin",
              **{r: r for r in ("viewer", "editor", "reviewer", "admin")}}


def serve(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="대시보드를 엽니다 (브라우저로 http://localhost:PORT)",
        description="대시보드를 엽니다. 기본은 이 컴퓨터에서만 볼 수 있게(127.0.0.1) 열고, "
                    "--host 0.0.0.0 처럼 주면 다른 컴퓨터에서도 들어올 수 있습니다.",
    )
    add_db(parser)
    parser.add_argument("--port", type=positive_int, default=8501, metavar="번호", help="포트 (기본 8501)")
    parser.add_argument("--host", "--address", dest="host", default="127.0.0.1", metavar="주소",
                        help="들을 주소 (기본 127.0.0.1: 이 컴퓨터에서만. 0.0.0.0: 네트워크의 모든 컴퓨터)")
    parser.add_argument("--secrets", metavar="파일",
                        help="통합 로그인(SSO) 설정 등이 든 secrets.toml (없으면 Streamlit 기본 위치: "
                             "~/.streamlit/secrets.toml, ./.streamlit/secrets.toml; docs/security.md)")
    parser.set_defaults(func="cli.serve:run")


def users(subparsers: argparse._SubParsersAction) -> None:
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
    parser.set_defaults(func="cli.users:run_user")

    parser = subparsers.add_parser("audit", help="가져오기·되돌리기·계정 변경·로그인 기록",
                                   description="누가 언제 무엇을 했는지 최근 것부터 보여 줍니다 (한국 시각).")
    add_db(parser)
    parser.add_argument("--limit", type=positive_int, default=50, metavar="N", help="보여 줄 기록 수 (기본 50)")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.users:run_audit")


def backup(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup", help="저장소 전체를 파일 하나로 백업합니다",
        description="모든 기준일·버전, 올린 원본 파일, 검토, 계정, 감사 기록을 SQLite 파일 하나로 씁니다. "
                    "가져오기와 대시보드가 돌고 있어도 한 시점의 온전한 내용을 씁니다. 이 파일은 SQLite와 "
                    "PostgreSQL 어느 쪽으로도 복원할 수 있습니다.",
    )
    parser.add_argument("file", metavar="FILE", help="만들 백업 파일 (예: pledges-2026-12-03.sqlite; 있으면 바꿔 씀)")
    add_db(parser)
    parser.set_defaults(func="cli.backup:run_backup")

    parser = subparsers.add_parser(
        "restore", help="백업 파일을 빈 저장소에 복원합니다",
        description="pledges backup 으로 만든 파일을 --db 의 저장소에 복원합니다. 저장소가 비어 있어야 하며, "
                    "--replace 를 붙이면 지금 내용을 먼저 백업한 뒤 지우고 복원합니다. 예전 버전의 백업은 "
                    "오늘의 스키마로 올려서 복원합니다.",
    )
    parser.add_argument("file", metavar="FILE", help="복원할 백업 파일")
    parser.add_argument(
        "--db", metavar="URL", required=True,
        help="복원할 저장소 주소 (예: sqlite:///data/pledges.sqlite 또는 postgresql+psycopg://user:pw@host/db)",
    )
    parser.add_argument("--replace", action="store_true",
                        help="비어 있지 않은 저장소를 바꿈 (지금 내용을 먼저 백업 파일로 남김)")
    parser.add_argument("--keep", metavar="FILE",
                        help="--replace 때 지금 내용을 백업할 파일 (기본: 백업 파일과 같은 폴더의 "
                             "pledges-before-restore-날짜-시각.sqlite)")
    parser.set_defaults(func="cli.backup:run_restore")

    parser = subparsers.add_parser(
        "verify", help="저장소가 손상되거나 몰래 바뀌지 않았는지 검사합니다",
        description="보관한 원본 파일의 sha256, 보관한 수치와 다시 계산한 수치, 지금 보이는 버전과 검토 기록이 "
                    "가리키는 자료, 감사 기록의 사슬을 검사합니다. 모두 맞으면 0, 아니면 1로 끝납니다.",
    )
    add_db(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func="cli.backup:run_verify")


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
