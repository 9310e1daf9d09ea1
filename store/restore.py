"""Restore a backup (store/backup.py) into a store: all in one transaction, or nothing.

A store that holds anything is refused unless the official asks to replace it; then what it holds
is backed up first (beside the backup file) and emptied in the restoring transaction, so a failed
restore leaves it as it was. The office's backup file is never opened for writing: a copy is
brought to today's schema by the same migrations as a live store, then its rows are copied
table by table in foreign-key order.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, literal, select, text

from store import kept
from store.backup import (
    NOT_KEPT,
    BackupError,
    BackupInfo,
    Progress,
    RestoreOutcome,
    aware_time,
    backup,
    copy_table,
    counter,
    portable_time,
    snapshot_connection,
)
from store.backup_check import check_backup_bounded
from store.engine import make_engine, upgrade, write_transaction
from store.models import Base


def restore(engine: Engine, path: str | Path, *, replace: bool = False, keep: str | Path | None = None,
            info: BackupInfo | None = None, progress: Progress | None = None) -> RestoreOutcome:
    """Restore a backup into the store of `engine` (brought to head), all in one transaction.

    A store with anything in it is refused unless `replace`; then what it holds is first
    backed up to `keep` (by default beside the backup file) and emptied in the restoring
    transaction, so a failed restore leaves it as it was. `info` is the result of
    check_backup_bounded when the caller already ran it.
    """
    path = Path(path)
    info = info or check_backup_bounded(path)
    upgrade(engine)
    replaced = None
    with engine.connect() as conn:
        empty = _empty_in(conn)
    if not empty:
        if not replace:
            raise BackupError("복원할 저장소가 비어 있지 않습니다. 지금 내용을 지우고 복원하려면 --replace 를 "
                              "붙여 주세요 (지우기 전에 지금 내용을 백업 파일로 남깁니다)")
        replaced = backup(engine, Path(keep) if keep else _keep_path(path),
                          progress=_labelled(progress, "복원 전 내용 백업"))
    with tempfile.TemporaryDirectory(prefix="pledges-restore-") as folder:
        copy = Path(folder) / "backup.sqlite"
        shutil.copyfile(path, copy)  # the office's backup file itself is never opened for writing
        source_engine = make_engine(f"sqlite:///{copy}")
        try:
            upgrade(source_engine)  # a backup of an older revision: the same migrations as a store
            counts = _restore_rows(source_engine, engine, replace, counter(progress, info.rows, "행 복원"))
        finally:
            source_engine.dispose()
    kept.fill_missing(engine)  # a migration of an older backup may have left some without
    message = f"{path}: 백업({info.created_at}, {info.source_kind})을 복원했습니다 ({sum(counts.values()):,}행)"
    if replaced:
        message += f". 복원 전의 내용은 {replaced.path} 에 백업해 두었습니다"
    return RestoreOutcome(info, counts, replaced.path if replaced else None, message)


def _labelled(progress: Progress | None, label: str) -> Progress | None:
    """`progress` with `label` before each step's words (a backup inside a restore)."""
    if progress is None:
        return None
    return lambda done, total, what: progress(done, total, f"{label}: {what}")


def _restore_rows(source_engine: Engine, engine: Engine, replace: bool,
                  advance: Callable[[str], Callable[[int], None]]) -> dict[str, int]:
    tables = [t for t in Base.metadata.sorted_tables if t.name not in NOT_KEPT]
    convert = aware_time if engine.dialect.name == "postgresql" else portable_time
    counts: dict[str, int] = {}
    with snapshot_connection(source_engine) as source, write_transaction(engine) as target:
        if not _empty_in(target):
            if not replace:  # filled between the first look and the write lock
                raise BackupError("복원할 저장소가 비어 있지 않습니다 (복원하는 사이에 자료가 들어왔습니다)")
            _clear(target)
        for table in tables:
            counts[table.name] = copy_table(source, table, target, table, convert, advance(table.name))
        if target.dialect.name == "postgresql":
            _reset_sequences(target)
    return counts


def _empty_in(conn: Connection) -> bool:
    return all(conn.execute(select(literal(1)).select_from(t).limit(1)).first() is None
               for t in Base.metadata.sorted_tables)


def _clear(target: Connection) -> None:
    tables = list(reversed(Base.metadata.sorted_tables))
    if target.dialect.name == "postgresql":
        target.exec_driver_sql("TRUNCATE TABLE " + ", ".join(f'"{t.name}"' for t in tables))
    else:
        for table in tables:
            target.execute(delete(table))


def _reset_sequences(target: Connection) -> None:
    """Ids were copied as they were: the next import must get a fresh one, not a taken one."""
    for table in Base.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        target.execute(
            text(f'SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(max("{column.name}"), 0) + 1, false) '
                 f'FROM "{table.name}"'),
            {"t": table.name, "c": column.name},
        )


def _keep_path(backup_file: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return backup_file.resolve().parent / f"pledges-before-restore-{stamp}.sqlite"
