"""Where the store lives and how to reach it: URL resolution, engine settings, migrations on open.

SQLite is the default (one file under data/, nothing to install); PostgreSQL
serves shared deployments. Alembic upgrades the schema on every open, so a
deployed database moves to the new version in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    data = REPO_DATA if REPO_DATA.is_dir() else Path.cwd() / "data"
    data.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data / 'pledges.sqlite'}"


def resolve_url(url: str | None = None) -> str:
    """The flag wins over env PLEDGES_DB, which wins over the SQLite file under data/."""
    return url or os.environ.get("PLEDGES_DB") or default_url()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record) -> None:
            # take over transaction control from pysqlite so BEGIN IMMEDIATE is possible
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # a writer takes the write lock up front, so two imports queue instead of deadlocking
            immediate = connection.info.pop("immediate", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for one import or rollback: all of it is stored, or none of it."""
    with engine.connect() as connection:
        connection.info["immediate"] = True
        with connection.begin():
            yield connection


#: any fixed number: PostgreSQL's advisory lock that serializes schema upgrades across processes
_MIGRATION_LOCK = 0x5EED_2026


def upgrade(engine: Engine) -> None:
    """Bring the schema to head, once, even when several processes open a new store together.

    The migration runs holding the database's write lock (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: a transaction-scoped advisory lock), so a second process waits, then
    finds the schema at head and does nothing, instead of racing to create the same
    tables ("database is locked", duplicate type errors).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        connection.info["immediate"] = True
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
