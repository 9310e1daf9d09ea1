"""Is a backup file whole and ours? Checked before anything is restored from it.

A backup may come from anywhere (another office, a damaged disk), and SQLite reading a crafted
database is code we do not control: the cheap checks (exists, not empty, SQLite's header, not cut
short) run in this process, the reading (integrity_check, the manifest, the row counts) in the
bounded worker (loaders.bounded). Each refusal is a Korean BackupError naming the file.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from contextlib import closing
from pathlib import Path

from alembic.util.exc import CommandError

from store.backup import (
    FOREIGN,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SQLITE_HEADER,
    BackupError,
    BackupInfo,
    scripts,
)


def check_backup(path: str | Path) -> BackupInfo:
    """Open a backup read-only and make sure it is whole and ours; else a Korean BackupError.

    A plain function of a path (no engine, no store) so it can run in a memory- and
    time-limited child process: the file may come from anywhere.
    """
    path = Path(path)
    _check_file(path)
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            found = conn.execute("PRAGMA integrity_check").fetchall()
            if found != [("ok",)]:
                detail = "; ".join(str(r[0]) for r in found[:3])
                raise BackupError(f"{path}: 백업 파일이 손상되었습니다 (무결성 검사: {detail[:200]})")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if MANIFEST not in tables:
                raise BackupError(f"{path}: {FOREIGN}")
            manifest = dict(conn.execute(f"SELECT key, value FROM {MANIFEST}").fetchall())
            info = _manifest_info(path, manifest)
            for table, expected in info.counts.items():
                actual = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] if table in tables else None
                if actual != expected:
                    raise BackupError(f"{path}: 백업 파일이 손상되었습니다 ({table} 표의 행 수가 "
                                      f"기록된 {expected}건과 다릅니다: {actual})")
    except sqlite3.DatabaseError as problem:
        raise BackupError(f"{path}: 백업 파일을 읽을 수 없습니다. 손상되었거나 백업 파일이 아닙니다 ({problem})") from None
    return info


def check_backup_bounded(path: str | Path) -> BackupInfo:
    """check_backup in a memory- and time-limited child process (loaders.bounded).

    The file may come from anywhere, and SQLite reading a crafted database is code we do not
    control: the cheap checks (exists, not empty, SQLite's header, not cut short) run here,
    the reading (integrity_check, manifest, row counts) in the child. The time allowed grows
    with the file (10 MB a second at least, never under a minute).
    """
    from loaders.bounded import BoundedRefusal, Limits, run_bounded

    _check_file(Path(path))
    size_mb = Path(path).stat().st_size / 1_048_576
    limits = Limits(Limits.from_env().memory_mb, max(60.0, size_mb / 10))
    try:
        return run_bounded("store.backup_check:check_backup", str(path), limits=limits)  # type: ignore[return-value]
    except BoundedRefusal as refused:
        what = {"memory": f"메모리 한도({limits.memory_text})를", "time": f"시간 한도({limits.seconds_text})를"}
        if refused.kind in what:
            raise BackupError(f"{path}: 백업 파일을 검사하다가 {what[refused.kind]} 넘었습니다. "
                              "손상된 파일일 수 있습니다") from None
        raise BackupError(f"{path}: 백업 파일을 검사하던 프로그램이 비정상적으로 끝났습니다. "
                          "손상된 파일일 수 있습니다") from None


def _check_file(path: Path) -> None:
    if not path.exists():
        raise BackupError(f"{path}: 백업 파일이 없습니다")
    if path.is_dir():
        raise BackupError(f"{path}: 폴더입니다. 백업 파일을 적어 주세요")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as problem:
        raise BackupError(f"{path}: 파일을 읽을 수 없습니다 ({problem.strerror or problem})") from None
    if size == 0:
        raise BackupError(f"{path}: 빈 파일입니다. 백업 파일이 아닙니다")
    if not header.startswith(SQLITE_HEADER):
        raise BackupError(f"{path}: {FOREIGN}")
    if len(header) == 100 and header[92:96] == header[24:28]:  # the in-header size is valid
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        if pages and size < page_size * pages:
            raise BackupError(f"{path}: 백업 파일이 잘렸습니다 ({size:,}바이트, 있어야 할 크기 "
                              f"{page_size * pages:,}바이트). 온전한 백업 파일로 다시 해 주세요")
    if size < 512:
        raise BackupError(f"{path}: 백업 파일이 잘렸습니다 ({size:,}바이트). 온전한 백업 파일로 다시 해 주세요")


def _manifest_info(path: Path, manifest: dict[str, str]) -> BackupInfo:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: {FOREIGN}")
    try:
        version = int(manifest["format_version"])
        counts = {str(k): int(v) for k, v in json.loads(manifest["counts"]).items()}
        revision = manifest["alembic_revision"]
    except (KeyError, ValueError, TypeError, AttributeError):
        raise BackupError(f"{path}: 백업 파일의 기록(manifest)이 손상되었습니다") from None
    newer = f"{path}: 이 프로그램보다 새 버전이 만든 백업입니다"
    if version > FORMAT_VERSION:
        raise BackupError(f"{newer} (백업 형식 {version}). 프로그램을 새 버전으로 올린 뒤 복원해 주세요")
    try:
        known = scripts().get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(f"{newer} (스키마 {revision}). 프로그램을 새 버전으로 올린 뒤 복원해 주세요")
    return BackupInfo(path, version, revision, manifest.get("source_kind", ""), manifest.get("created_at", ""),
                      counts)
