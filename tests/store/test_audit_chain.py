"""The audit log is one hash chain: built by migration 0006, extended by every record, one chain under concurrency."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import multiprocessing
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from store import StoreError, audit, open_store
from store.engine import MIGRATIONS, make_engine
from store.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
MIGRATION_FILE = MIGRATIONS / "versions" / "0006_audit_chain.py"


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0006", MIGRATION_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _variant(path: Path) -> bytes:
    book = openpyxl.load_workbook(path)
    book["확인지표"]["H4"] = 77
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _chain(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all()


def _assert_one_chain(rows) -> None:
    previous = audit.GENESIS
    for row in rows:
        assert row.prev_hash == previous, row.id
        assert row.hash == audit.event_hash(row._mapping, row.prev_hash)
        previous = row.hash


EXAMPLES = [
    dict(at=dt.datetime(2026, 11, 23, 7, 44, 5, 123456), actor="kim", action="import", outcome="ok",
         ward="영등포구", as_of=dt.date(2020, 12, 31), sha256="ab" * 32, detail="영등포구_2020-12-31.xlsx (버전 1)"),
    dict(at=dt.datetime(2026, 11, 23, 16, 44, 5, 123456, tzinfo=audit.KST), actor="kim", action="import",
         outcome="ok", ward="영등포구", as_of=dt.date(2020, 12, 31), sha256="ab" * 32,
         detail="영등포구_2020-12-31.xlsx (버전 1)"),
    dict(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), actor="누군가", action="login_failed", outcome="failed",
         ward=None, as_of=None, sha256=None, detail=""),
    dict(at=dt.datetime(2026, 1, 1), actor="a\"b\\c\n", action="return", outcome="ok", ward="서초구",
         as_of=dt.date(2025, 3, 31), sha256=None, detail="반려: 🙂 \u0000 줄\n바꿈"),
]


def test_the_migration_hashes_exactly_as_the_application():
    migration = _migration()
    for fields in EXAMPLES:
        for prev in (audit.GENESIS, "f" * 64):
            assert migration.event_hash(fields, prev) == audit.event_hash(fields, prev)
    # one instant, one hash: naive UTC (SQLite) and aware KST (PostgreSQL in Seoul) agree
    assert audit.event_hash(EXAMPLES[0], audit.GENESIS) == audit.event_hash(EXAMPLES[1], audit.GENESIS)
    assert audit.canonical_time(EXAMPLES[1]["at"]) == "2026-11-23T07:44:05.123456Z"


def test_the_migration_imports_nothing_of_the_application():
    source = MIGRATION_FILE.read_text(encoding="utf-8")
    for package in ("store", "figures", "loaders", "dashboard", "documents", "cli"):
        assert f"from {package}" not in source and f"import {package}" not in source


def test_every_way_of_recording_extends_one_chain(store):
    store.import_file(DATA / "영등포구_2020-12-31.xlsx", by="kim")
    store.import_file(_variant(DATA / "영등포구_2020-12-31.xlsx"), file_name="v2.xlsx", by="kim")
    store.approve("영등포구", dt.date(2020, 12, 31), by="lee")
    from store import accounts

    admin = accounts.add_user(store.engine, "admin", "a long enough password 1", "admin", by="setup")
    with pytest.raises(accounts.LoginFailed):
        store.authenticate("admin", "wrong")
    with pytest.raises(StoreError):  # refused: no account signed in
        store.rollback("영등포구", dt.date(2020, 12, 31), by="kim")
    store.rollback("영등포구", dt.date(2020, 12, 31), user=admin)
    rows = _chain(store.engine)
    assert [(r.action, r.outcome) for r in rows] == [
        ("import", "ok"), ("import", "ok"), ("approve", "ok"), ("account_add", "ok"), ("login_failed", "failed"),
        ("rollback", "refused"), ("rollback", "ok")]
    _assert_one_chain(rows)
    assert store.verify().ok


def _downgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_upgrading_a_store_with_events_chains_them(store_url):
    store = open_store(store_url)
    store.import_file(DATA / "영등포구_2020-12-31.xlsx", by="kim")
    store.approve("영등포구", dt.date(2020, 12, 31), by="lee")
    store.engine.dispose()
    engine = make_engine(store_url)
    _downgrade(engine, "0005_refresh_figures")
    old_events = sa.table("audit_events", *(sa.column(n) for n in ("actor", "action", "outcome", "detail")),
                          sa.column("at", sa.DateTime(timezone=True)))
    with engine.begin() as conn:  # an event written by the code before 0006: no chain columns at all
        assert "hash" not in {c["name"] for c in sa.inspect(conn).get_columns("audit_events")}
        conn.execute(old_events.insert(), dict(at=dt.datetime(2025, 5, 1, 9, 0, 0, 654321, tzinfo=dt.UTC),
                                               actor="옛 사람", action="login", outcome="ok", detail=""))
    engine.dispose()
    upgraded = open_store(store_url)  # opening migrates to head: 0006 chains the three events
    rows = _chain(upgraded.engine)
    assert [r.actor for r in rows] == ["kim", "lee", "옛 사람"]
    _assert_one_chain(rows)
    found = upgraded.verify()
    assert found.ok, found.problems
    assert found.events == 3
    upgraded.approve("영등포구", dt.date(2020, 12, 31), by="park")  # and new events go on from there
    _assert_one_chain(_chain(upgraded.engine))
    upgraded.engine.dispose()


def _write_events(url: str, worker: int, count: int, start) -> None:
    engine = make_engine(url)
    start.wait()
    for n in range(count):
        audit.record(engine, actor=f"process {worker}", action="login", detail=str(n))
    engine.dispose()


@pytest.mark.slow
def test_events_written_at_the_same_moment_by_several_processes_form_one_chain(store):
    workers, count = 4, 40
    store.engine.dispose()  # no pooled connection may be inherited by the forked workers
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers)
    processes = [context.Process(target=_write_events, args=(store.url, w, count, start)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    rows = _chain(store.engine)
    assert len(rows) == workers * count
    assert len({r.actor for r in rows}) == workers
    _assert_one_chain(rows)
    assert store.verify().ok
