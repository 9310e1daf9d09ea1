"""`pledges backup`, `pledges restore`, `pledges verify`: nothing lost, and nothing changed unseen.

`backup FILE` writes the whole store (every table, the kept files, accounts, audit) to one
SQLite file from one consistent state, while the dashboard and imports run.
`restore FILE --db URL` puts it into an empty store of either kind (`--replace` first backs
up, then empties a store that holds something). `verify` exits 1 naming each ward, 기준일
and version (or audit event) that does not hold; `--json` prints {"ok", "checked":
{"snapshots", "files", "figures", "models", "audit_events"}, "problems": [{"kind", "message",
"ward", "as_of", "version", "snapshot_id", "event_id", "event_at"}]}. On a terminal each shows
its progress (cli/progress.py); into a pipe, or with `--json`, only these lines are written.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import CliError, store_from
from cli.progress import progress
from store.backup import BackupError, BackupInfo
from store.backup_check import check_backup_bounded


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
        with progress(args, "백업") as report:
            info = store.backup(args.file, progress=report)
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
        with progress(args, "복원") as report:
            outcome = store.restore(args.file, replace=args.replace, keep=args.keep, info=info, progress=report)
    except BackupError as problem:
        raise CliError(str(problem), 1) from None
    print(outcome.message)
    print(f"복원한 것: {_contents(info)}. 확인하려면 같은 --db 로 pledges verify 를 실행해 주세요")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    store = store_from(args)
    with progress(args, "검사") as report:
        found = store.verify(progress=report)
    checked_counts = {"snapshots": found.snapshots, "files": found.files, "evidence": found.evidence,
                      "figures": found.figures,
                      "models": found.models, "audit_events": found.events}
    if args.json:
        print(json.dumps({"ok": found.ok, "checked": checked_counts,
                          "problems": [p.as_json() for p in found.problems]}, ensure_ascii=False, indent=2))
        return 0 if found.ok else 1
    for problem in found.problems:
        print(problem.message)
    summary = (f"자료 {found.snapshots:,}건 (원본 파일 {found.files:,}개, 수치 {found.figures:,}건, "
               f"읽기 모델 {found.models:,}건), {f'증빙 파일 {found.evidence:,}개, ' if found.evidence else ''}"
               f"감사 기록 {found.events:,}건을 검사했습니다")
    if found.ok:
        print(f"이상 없음: {summary}")
        return 0
    print(f"문제 {len(found.problems):,}건: {summary}")
    return 1
