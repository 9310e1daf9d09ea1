"""Shared fixtures: a store on a real SQLite file and on a real PostgreSQL server.

PostgreSQL comes from env PLEDGES_TEST_PG (a server URL) or the local server
that `.ci/postgres.sh` starts. Locally a missing server skips those tests; in
CI (env CI set) it fails them, because CI must prove both databases.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

PG_BASE = os.environ.get("PLEDGES_TEST_PG", "postgresql+psycopg://pledges:pledges@127.0.0.1:5432")


def _pg_admin():
    engine = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as problem:
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_BASE}: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {PG_BASE}")
    return engine


def create_database(admin, name: str) -> None:
    """CREATE DATABASE copies template1 and fails while another test process is copying it too
    ("source database is being accessed by other users"): wait and try again."""
    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'create database "{name}"'))
            return
        except Exception as problem:  # psycopg's ObjectInUse, wrapped by SQLAlchemy
            if "being accessed by other users" not in str(problem) or attempt == 19:
                raise
            time.sleep(0.2 + 0.1 * attempt)


@pytest.fixture
def pg_url() -> Iterator[str]:
    admin = _pg_admin()
    name = f"pledges_t_{uuid.uuid4().hex[:12]}"
    create_database(admin, name)
    try:
        yield f"{PG_BASE}/{name}"
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin, name: str) -> None:
    """Drop a test database, whatever is still connected to it: the one teardown every test uses.

    Only our own leftover connections are terminated: an autovacuum worker on the database runs
    as the superuser, may not be terminated by us ("must be a superuser to terminate superuser
    process"), and is stopped by DROP DATABASE itself, which then waits for it; should it still be
    there ("being accessed by other users"), the drop is tried again.
    """
    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where datname = :n and usename = current_user and pid <> pg_backend_pid()"
                ), {"n": name})
                conn.execute(text(f'drop database if exists "{name}"'))
            return
        except Exception as problem:  # psycopg's ObjectInUse, wrapped by SQLAlchemy
            if "being accessed by other users" not in str(problem) or attempt == 19:
                raise
            time.sleep(0.2 + 0.1 * attempt)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    from store import open_store

    opened = open_store(store_url)
    yield opened
    opened.engine.dispose()
