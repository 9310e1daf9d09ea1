"""`pledges backup`, `pledges restore`, `pledges verify`: nothing lost, and nothing changed unseen.

`backup FILE` writes the whole store (every table, the kept files, accounts, audit) to one
SQLite file from one consistent state, while the dashboard and imports run.
`restore FILE --db URL` puts it into an empty store of either kind (`--replace` first backs
up, then empties a store that holds something). `verify` exits 1 naming each ward, 기준일
and version (or audit event) that does not hold; `--json` prints
{"ok", "checked": {...}, "problems": [{"kind", "message", "ward", "as_of", "version",
"snapshot_id", "event_id", "event_at"}]}.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import CliError, add_db, store_from
from store.backup import BackupError, BackupInfo, check_backup_bounded


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup", help="저장소 전체를 파일 하나로 백업합니다",
        description="모든 기준일·버전, 올린 원본 파일, 검토, 계정, 감사 기록을 SQLite 파일 하나로 씁니다. "
                    "가져오기와 대시보드가 돌고 있어도 한 시점의 온전한 내용을 씁니다. 이 파일은 SQLite와 "
                    "PostgreSQL 어느 쪽으로도 복원할 수 있습니다.",
    )
    parser.add_argument("file", metavar="FILE", help="만들 백업 파일 (예: pledges-2026-12-03.sqlite; 있으면 바꿔 씀)")
    add_db(parser)
    parser.set_defaults(func=run_backup)

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
    parser.set_defaults(func=run_restore)

    parser = subparsers.add_parser(
        "verify", help="저장소가 손상되거나 몰래 바뀌지 않았는지 검사합니다",
        description="보관한 원본 파일의 sha256, 보관한 수치와 다시 계산한 수치, 지금 보이는 버전과 검토 기록이 "
                    "가리키는 자료, 감사 기록의 사슬을 검사합니다. 모두 맞으면 0, 아니면 1로 끝납니다.",
    )
    add_db(parser)
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    parser.set_defaults(func=run_verify)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_048_576:,.1f} MB" if size >= 1_048_576 else f"{size / 1024:,.0f} KB"


def _contents(info: BackupInfo) -> str:
    counts = info.counts
    return (f"자료 {counts.get('snapshots', 0):,}건, 원본 파일 {counts.get('snapshot_files', 0):,}개, "
            f"계정 {counts.get('accounts', 0):,}개, 감사 기록 {counts.get('audit_events', 0):,}건")


def run_backup(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        info = store.backup(args.file)
    except BackupError as problem:
        raise CliError(str(problem), 1) from None
    print(f"{info.path}: 저장소 전체를 백업했습니다 ({_contents(info)}; 모두 {info.rows:,}행, "
          f"{_size(info.path)}, 스키마 {info.revision})")
    return 0


def checked(path: str) -> BackupInfo:
    """The backup file checked in a bounded child process; a Korean CliError when it fails."""
    try:
        return check_backup_bounded(path)
    except BackupError as problem:
        raise CliError(str(problem), 1) from None


def run_restore(args: argparse.Namespace) -> int:
    info = checked(args.file)  # before the target is opened (or created): a bad file changes nothing
    store = store_from(args)
    try:
        outcome = store.restore(args.file, replace=args.replace, keep=args.keep, info=info)
    except BackupError as problem:
        raise CliError(str(problem), 1) from None
    print(outcome.message)
    print(f"복원한 것: {_contents(info)}. 확인하려면 같은 --db 로 pledges verify 를 실행해 주세요")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    found = store_from(args).verify()
    checked_counts = {"snapshots": found.snapshots, "files": found.files, "figures": found.figures,
                      "audit_events": found.events}
    if args.json:
        print(json.dumps({"ok": found.ok, "checked": checked_counts,
                          "problems": [p.as_json() for p in found.problems]}, ensure_ascii=False, indent=2))
        return 0 if found.ok else 1
    for problem in found.problems:
        print(problem.message)
    summary = (f"자료 {found.snapshots:,}건 (원본 파일 {found.files:,}개, 수치 {found.figures:,}건), "
               f"감사 기록 {found.events:,}건을 검사했습니다")
    if found.ok:
        print(f"이상 없음: {summary}")
        return 0
    print(f"문제 {len(found.problems):,}건: {summary}")
    return 1
