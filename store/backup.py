"""Back up the whole store as one SQLite file, from SQLite or PostgreSQL (restored by store/restore.py,
checked before by store/backup_check.py).

Why one SQLite file: it is a single portable file an office can copy to another disk, it
restores into either kind of store, and it is itself a store at the schema revision it was
made at (Alembic's `alembic_version` included), so an older backup is brought up to today's
schema by the same migrations that upgrade a live store. Beside the tables it holds a
`backup_manifest` table: format, format version, revision, source kind, time, row counts.

Why one read: a backup taken while an import runs must hold the store with or without that
import, never half of it. From SQLite, SQLite copies itself (`VACUUM INTO`: one read
transaction, whose snapshot no import committing beside it changes; live rows only, so nothing
deleted or overwritten, such as an old password hash, travels in the file's free space), then
the signed-in sessions are wiped from the copy: the city store in 2 s instead of 37 s of row
copying. From PostgreSQL the rows are copied in one SERIALIZABLE READ ONLY DEFERRABLE
transaction (a snapshot that no later commit changes, without serialization failures), table by
table in foreign-key order and in batches (a few rows at a time for the kept files), so a city
store is never held in memory at once. Either way the file is written beside its final name and
renamed into place, so a reader never sees half a file.

`progress(done, total, what)`, when given, is called as the work goes (rows, or steps): the
command line draws it on a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    Table,
    create_engine,
    func,
    select,
    text,
)
from sqlalchemy import DateTime as _DateTime
from sqlalchemy import LargeBinary as _Binary

from store.engine import MIGRATIONS

FORMAT = "pledges-backup"
FORMAT_VERSION = 1
#: tables a backup leaves empty: a signed-in tab is no part of the record (a restore signs all out)
NOT_KEPT = ("sessions",)
MANIFEST = "backup_manifest"
ROW_BATCH = 10_000
#: rows per batch for a table with a binary column: kept files are up to 20 MB each
BLOB_BATCH = 8
SQLITE_HEADER = b"SQLite format 3\x00"
FOREIGN = "공약 대시보드 백업 파일이 아닙니다 (pledges backup 으로 만든 파일을 적어 주세요)"
#: (done, total, what): how far a backup, restore or verify has come
Progress = Callable[[int, int, str], None]


class BackupError(Exception):
    """A Korean sentence for the person who asked for a backup, restore or check."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file says about itself (its manifest), once checked."""

    path: Path
    format_version: int
    revision: str
    source_kind: str
    created_at: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RestoreOutcome:
    info: BackupInfo
    counts: dict[str, int]
    replaced_backup: Path | None
    message: str


# --- reading one consistent state ------------------------------------------------------
@contextmanager
def snapshot_connection(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one state of the store however long it reads."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="SERIALIZABLE", postgresql_readonly=True,
                                   postgresql_deferrable=True)
        with conn.begin():
            yield conn


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def _migrate(engine: Engine, revision: str) -> None:
    """Create the schema of `revision` in an empty SQLite file, with the store's own migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def portable_time(value: object) -> object:
    """Datetimes go into the backup as naive UTC: SQLite keeps wall time and drops the zone."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def aware_time(value: object) -> object:
    """Naive datetimes from the backup are UTC; PostgreSQL would read them in its session zone."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def copy_table(source: Connection, source_table: Table, target: Connection, target_table: Table,
                convert: Callable[[object], object], advance: Callable[[int], None] | None = None) -> int:
    """Copy one table in primary-key order, batch by batch; returns the number of rows.

    Rows go to the driver's executemany as tuples, each value through the target type's own bind
    processor (what SQLAlchemy's insert would do) and `convert` for the time columns only: building
    a dict and compiling parameters for each of 2.3 million rows took most of a city backup.
    """
    names = [c.name for c in target_table.columns if c.name in source_table.columns]
    binary = any(isinstance(target_table.c[n].type, _Binary) for n in names)
    batch = BLOB_BATCH if binary else ROW_BATCH
    dialect = target.dialect
    fixes = []
    for index, name in enumerate(names):
        kind = target_table.c[name].type
        bind = kind.dialect_impl(dialect).bind_processor(dialect)
        timed = isinstance(kind, _DateTime)
        if timed or bind:
            fixes.append((index, _chain(convert if timed else None, bind)))
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    statement = (f"INSERT INTO {quote(target_table.name)} ({', '.join(quote(n) for n in names)}) "
                 f"VALUES ({', '.join([mark] * len(names))})")
    query = select(*(source_table.c[n] for n in names)).order_by(*source_table.primary_key.columns)
    copied = 0
    result = source.execute(query.execution_options(yield_per=batch))  # this statement only
    for part in result.partitions(batch):
        rows = [list(row) for row in part]
        for row in rows:
            for index, fix in fixes:
                row[index] = fix(row[index])
        target.exec_driver_sql(statement, [tuple(row) for row in rows])
        copied += len(rows)
        if advance:
            advance(len(rows))
    return copied


def _chain(first: Callable | None, then: Callable | None) -> Callable[[object], object]:
    if first and then:
        return lambda value: then(first(value))
    return first or then  # type: ignore[return-value]


def counter(progress: Progress | None, total: int, what: str) -> Callable[[str], Callable[[int], None]]:
    """For each table, a function that adds a batch's rows to the running count shown as `what (table)`."""
    done = 0

    def for_table(table: str) -> Callable[[int], None]:
        def advance(rows: int) -> None:
            nonlocal done
            done += rows
            if progress:
                progress(done, total, f"{what} ({table})")
        return advance
    return for_table


# --- backup ----------------------------------------------------------------------------
def backup(engine: Engine, path: str | Path, *, progress: Progress | None = None) -> BackupInfo:
    """Write the whole store to `path` (an SQLite file), atomically, from one consistent state."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path}: 폴더입니다. 만들 백업 파일의 이름을 적어 주세요")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"{path}: 폴더 '{folder}'가 없습니다")
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and path.exists() and Path(database).resolve() == path.resolve():
        raise BackupError(f"{path}: 저장소 파일 자신입니다. 다른 곳에 백업 파일을 만들어 주세요")
    partial = folder / f".{path.name}.{os.getpid()}.partial"
    partial.unlink(missing_ok=True)
    try:
        if engine.dialect.name == "sqlite":
            info = _write_sqlite(engine, partial, progress)
        else:
            with snapshot_connection(engine) as source:
                revision = source.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                info = _write(source, partial, str(revision), engine.dialect.name, progress)
        _durable_rename(partial, path)
    except (OSError, sqlite3.OperationalError) as problem:
        reason = getattr(problem, "strerror", None) or problem
        raise BackupError(f"{path}: 백업 파일을 쓰지 못했습니다 ({reason})") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path, info.format_version, info.revision, info.source_kind, info.created_at, info.counts)


def _write_sqlite(engine: Engine, partial: Path, progress: Progress | None) -> BackupInfo:
    """SQLite's own copy of one state of the store, then the sessions wiped and the manifest added."""
    steps = 3
    if progress:
        progress(0, steps, "저장소를 한 시점 그대로 복사")
    raw = engine.raw_connection()  # autocommit (store/engine.py): VACUUM INTO opens its own read
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(partial),))
    finally:
        raw.close()
    if progress:
        progress(1, steps, "로그인 정보 지우기, 행 수 세기")
    with closing(sqlite3.connect(partial, isolation_level=None)) as target:
        target.execute("PRAGMA secure_delete=ON")  # the wiped sessions leave no bytes behind
        target.execute("BEGIN")
        for name in NOT_KEPT:
            target.execute(f'DELETE FROM "{name}"')
        revision = str(target.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        names = [n for (n,) in target.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                 if not n.startswith("sqlite_") and n not in ("alembic_version", *NOT_KEPT)]
        counts = {n: target.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        created, rows = _manifest(revision, "sqlite", counts)
        target.execute(f"CREATE TABLE {MANIFEST} (key VARCHAR(50) PRIMARY KEY, value TEXT NOT NULL)")
        target.executemany(f"INSERT INTO {MANIFEST} (key, value) VALUES (?, ?)", rows)
        target.execute("COMMIT")
    if progress:
        progress(steps, steps, "백업 파일 마무리")
    return BackupInfo(partial, FORMAT_VERSION, revision, "sqlite", created, counts)


def _manifest(revision: str, source_kind: str, counts: dict[str, int]) -> tuple[str, list[tuple[str, str]]]:
    """The time of the backup and the manifest's rows (key, value)."""
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = {"format": FORMAT, "format_version": str(FORMAT_VERSION), "alembic_revision": revision,
                "source_kind": source_kind, "created_at": created, "counts": json.dumps(counts, sort_keys=True)}
    return created, list(manifest.items())


def _write(source: Connection, partial: Path, revision: str, source_kind: str,
           progress: Progress | None) -> BackupInfo:
    """The rows of every table, copied from the open read transaction `source` into a new SQLite file."""
    target_engine = create_engine(f"sqlite:///{partial}")
    try:
        _migrate(target_engine, revision)
        metadata = MetaData()
        metadata.reflect(target_engine)
        tables = [t for t in metadata.sorted_tables if t.name not in ("alembic_version", *NOT_KEPT)]
        for table in tables:  # generic types, so the same table reads SQLite and PostgreSQL
            for column in table.columns:
                column.type = column.type.as_generic()
        total = sum(source.execute(select(func.count()).select_from(t)).scalar_one() for t in tables) \
            if progress else 0
        advance = counter(progress, total, "행 복사")
        counts: dict[str, int] = {}
        with target_engine.begin() as target:
            for table in tables:
                counts[table.name] = copy_table(source, table, target, table, portable_time,
                                                 advance(table.name))
            created, rows = _manifest(revision, source_kind, counts)
            target.exec_driver_sql(f"CREATE TABLE {MANIFEST} (key VARCHAR(50) PRIMARY KEY, value TEXT NOT NULL)")
            target.exec_driver_sql(f"INSERT INTO {MANIFEST} (key, value) VALUES (?, ?)", rows)
    finally:
        target_engine.dispose()
    return BackupInfo(partial, FORMAT_VERSION, revision, source_kind, created, counts)


def _durable_rename(partial: Path, path: Path) -> None:
    """fsync the file, rename it over the final name, fsync the folder (where the OS allows)."""
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)
    if hasattr(os, "O_DIRECTORY"):
        descriptor = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
