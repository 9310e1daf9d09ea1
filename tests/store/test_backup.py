"""`pledges backup` / `restore`: one file, one consistent state, restored whole into SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, func, select, text, update

from cli.main import main
from store import accounts, audit, open_store
from store.backup import MANIFEST, NOT_KEPT
from store.backup_check import check_backup
from store.engine import MIGRATIONS
from store.models import (
    AccountRow,
    AccountWardRow,
    AuditEvent,
    Base,
    ReviewRow,
    SnapshotFile,
    SnapshotRow,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
P20 = DATA / "영등포구_2020-12-31.xlsx"
AS_OF = dt.date(2020, 12, 31)
SEOUL = "?options=-c%20timezone%3DAsia%2FSeoul"  # a session zone other than UTC must change nothing


def _variant(path: Path, value: int) -> bytes:
    book = openpyxl.load_workbook(path)
    book["확인지표"]["H4"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(store) -> None:
    """Every kind of thing a store keeps: quarters and versions, kept files, reviews, accounts, audit."""
    for path in sorted(DATA.glob("*.xlsx")):
        assert store.import_file(path, by="kim").ok
    store.import_file(_variant(P20, 77), file_name="영등포구_v2.xlsx", by="kim")
    store.approve("영등포구", AS_OF, by="park", version=1)
    store.return_version("영등포구", AS_OF, "지표 확인 필요", by="park")
    store.approve("서초구", dt.date(2025, 3, 31), by="park")
    admin = accounts.add_user(store.engine, "admin", "a long enough password 1", "admin", by="setup")
    accounts.add_user(store.engine, "ydp", "another long password 2", "editor", ("영등포구",), by="admin")
    store.authenticate("admin", "a long enough password 1")
    with pytest.raises(accounts.LoginFailed):
        store.authenticate("ydp", "wrong")
    store.rollback("영등포구", AS_OF, user=admin)


def _cli(capsys, *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, (out, err)
    return out


def _utc(value: object) -> object:
    return audit.canonical_time(value) if isinstance(value, dt.datetime) else value


def _state(url: str, capsys) -> dict:
    """What people read back: summary and history as the CLI prints them, reviews, accounts, audit, files."""
    store = open_store(url)
    history = {}
    for ward in store.wards():
        records = json.loads(_cli(capsys, "history", "--ward", ward, "--json", "--db", url))
        history[ward] = [{**r, "imported_at": _utc(dt.datetime.fromisoformat(r["imported_at"]))} for r in records]
    with store.engine.connect() as conn:
        heads = {r.id: (r.ward, r.as_of.isoformat(), r.version) for r in conn.execute(select(SnapshotRow))}
        state = {
            "summary": json.loads(_cli(capsys, "summary", "--json", "--db", url)),
            "history": history,
            "reviews": sorted((heads[r.snapshot_id], r.state, r.reason, r.reviewed_by, _utc(r.reviewed_at))
                              for r in conn.execute(select(ReviewRow))),
            "accounts": sorted((r.id, r.name, r.password_hash, r.role, _utc(r.created_at), r.disabled)
                               for r in conn.execute(select(AccountRow))),
            "account_wards": sorted(tuple(r) for r in conn.execute(select(AccountWardRow))),
            "audit": [tuple(_utc(v) for v in r) for r in conn.execute(select(AuditEvent).order_by(AuditEvent.id))],
            "files": {heads[r.snapshot_id]: bytes(r.content) for r in conn.execute(select(SnapshotFile))},
            "counts": _counts(conn),
        }
    verified = store.verify()
    assert verified.ok, verified.problems
    store.engine.dispose()
    return state


def _counts(conn) -> dict:
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in Base.metadata.sorted_tables}


def test_sqlite_to_postgres_and_back_reads_back_identical(tmp_path, pg_url, capsys):
    source_url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    source = open_store(source_url)
    _fill(source)
    source.engine.dispose()
    before = _state(source_url, capsys)
    assert len(before["audit"]) >= 12 and len(before["files"]) == 7 and len(before["reviews"]) == 3

    _cli(capsys, "backup", str(tmp_path / "a.sqlite"), "--db", source_url)
    out = _cli(capsys, "restore", str(tmp_path / "a.sqlite"), "--db", pg_url + SEOUL)
    assert "을 복원했습니다" in out
    assert _state(pg_url + SEOUL, capsys) == before

    _cli(capsys, "backup", str(tmp_path / "b.sqlite"), "--db", pg_url + SEOUL)
    assert check_backup(tmp_path / "b.sqlite").source_kind == "postgresql"
    back_url = f"sqlite:///{tmp_path / 'back.sqlite'}"
    _cli(capsys, "restore", str(tmp_path / "b.sqlite"), "--db", back_url)
    assert _state(back_url, capsys) == before
    assert _cli(capsys, "history", "--ward", "영등포구", "--json", "--db", back_url) == \
        _cli(capsys, "history", "--ward", "영등포구", "--json", "--db", source_url)  # to the microsecond

    # the sequences were moved past the copied ids: the next import, review and event go on from there
    restored = open_store(pg_url)
    admin = restored.authenticate("admin", "a long enough password 1")  # the password hash came along
    outcome = restored.import_file(_variant(P20, 55), file_name="영등포구_v3.xlsx", user=admin)
    assert outcome.status == "stored" and outcome.version == 3
    with restored.engine.connect() as conn:
        assert conn.execute(select(func.max(SnapshotRow.id))).scalar() == len(before["files"]) + 1
    assert restored.verify().ok
    assert _cli(capsys, "verify", "--db", pg_url).startswith("이상 없음")
    restored.engine.dispose()


def _downgrade_backup(path: Path, revision: str) -> None:
    """Turn a backup into one made by an older release (at `revision`): its own migrations, backwards."""
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.execute(text(f"update {MANIFEST} set value = :r where key = 'alembic_revision'"), {"r": revision})
        tables = [n for n in sa.inspect(conn).get_table_names() if n not in (MANIFEST, "alembic_version")]
        counts = {n: conn.execute(text(f'select count(*) from "{n}"')).scalar() for n in tables}
        conn.execute(text(f"update {MANIFEST} set value = :c where key = 'counts'"), {"c": json.dumps(counts)})
    engine.dispose()


def test_a_backup_of_an_older_revision_restores_at_head(tmp_path, store_url, capsys):
    source_url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    source = open_store(source_url)
    _fill(source)
    source.backup(tmp_path / "old.sqlite")
    source.engine.dispose()
    before = _state(source_url, capsys)
    _downgrade_backup(tmp_path / "old.sqlite", "0005_refresh_figures")
    info = check_backup(tmp_path / "old.sqlite")
    assert info.revision == "0005_refresh_figures"

    _cli(capsys, "restore", str(tmp_path / "old.sqlite"), "--db", store_url)
    # migration 0006 chained the events of the old backup: the same hashes the source computed
    after = _state(store_url, capsys)
    for state in (before, after):  # kept like the figures, but computed when a quarter is first read
        state["counts"].pop("snapshot_adjustments", None)
    assert after == before


FOREIGN = "공약 대시보드 백업 파일이 아닙니다 (pledges backup 으로 만든 파일을 적어 주세요)"


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = tmp_path / "good.sqlite"
    store = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    store.import_file(P20, by="kim")
    store.backup(good)
    store.engine.dispose()
    data = good.read_bytes()
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(data[: len(data) // 2])
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("create table t (x)")
        conn.execute("insert into t values (1)")
    words = tmp_path / "notes.txt"
    words.write_text("백업 아님\n", encoding="utf-8")
    missing = tmp_path / "missing.sqlite"
    return {
        "missing": (missing, f"{missing}: 백업 파일이 없습니다"),
        "empty": (empty, f"{empty}: 빈 파일입니다. 백업 파일이 아닙니다"),
        "truncated": (truncated, f"{truncated}: 백업 파일이 잘렸습니다 ({len(data) // 2:,}바이트, 있어야 할 크기 "
                                 f"{len(data):,}바이트). 온전한 백업 파일로 다시 해 주세요"),
        "xlsx": (P20, f"{P20}: {FOREIGN}"),
        "sqlite": (other, f"{other}: {FOREIGN}"),
        "text": (words, f"{words}: {FOREIGN}"),
        "folder": (tmp_path, f"{tmp_path}: 폴더입니다. 백업 파일을 적어 주세요"),
    }


def test_a_missing_truncated_or_foreign_file_is_refused_in_korean(tmp_path, capsys):
    target = tmp_path / "target.sqlite"
    for name, (path, message) in _bad_files(tmp_path).items():
        code = main(["restore", str(path), "--db", f"sqlite:///{target}"])
        out, err = capsys.readouterr()
        assert (code, out, err) == (1, "", f"pledges: {message}\n"), name
        assert not target.exists(), name  # a bad file does not even create the store


def test_a_damaged_page_inside_a_whole_sized_file_is_refused(tmp_path, capsys):
    _bad_files(tmp_path)
    good = tmp_path / "good.sqlite"
    data = bytearray(good.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every b-tree page's header
        data[offset:offset + 8] = b"\xff" * 8
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(bytes(data))
    code = main(["restore", str(damaged), "--db", f"sqlite:///{tmp_path / 'target.sqlite'}"])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith(f"pledges: {damaged}: 백업 파일") and "Traceback" not in err
    assert "손상" in err


def test_restore_into_a_store_that_holds_something(tmp_path, store_url, capsys):
    source = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    source.import_file(DATA / "서초구_2025-03-31.xlsx", by="lee")
    source.backup(tmp_path / "seocho.sqlite")
    source.engine.dispose()
    target = open_store(store_url)
    target.import_file(P20, by="kim")
    target.approve("영등포구", AS_OF, by="park")

    code = main(["restore", str(tmp_path / "seocho.sqlite"), "--db", store_url])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == ("pledges: 복원할 저장소가 비어 있지 않습니다. 지금 내용을 지우고 복원하려면 --replace 를 붙여 "
                   "주세요 (지우기 전에 지금 내용을 백업 파일로 남깁니다)\n")
    assert target.wards() == ["영등포구"]

    keep = tmp_path / "kept-before.sqlite"
    out = _cli(capsys, "restore", str(tmp_path / "seocho.sqlite"), "--db", store_url, "--replace",
               "--keep", str(keep))
    assert f"복원 전의 내용은 {keep} 에 백업해 두었습니다" in out
    assert target.wards() == ["서초구"]
    kept = check_backup(keep)
    assert (kept.counts["snapshots"], kept.counts["reviews"], kept.counts["audit_events"]) == (1, 1, 2)
    assert target.verify().ok
    assert target.import_file(P20, by="kim").status == "stored"  # fresh ids after the replaced ones
    target.engine.dispose()


def _import_process(url: str, path: Path, pause: str) -> subprocess.Popen:
    env = {**os.environ, "PLEDGES_DB": url, "PLEDGES_TEST_PAUSE_IN_IMPORT": pause}
    return subprocess.Popen([sys.executable, "-m", "cli.main", "import", str(path), "--by", "big"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _wait_until_written(store, process: subprocess.Popen) -> None:
    """Until the import has written all its rows and sits in its paused, uncommitted transaction."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if store.engine.dialect.name == "postgresql":
            with store.engine.connect() as conn:  # the last write before the pause moves current_versions
                if conn.execute(text(
                        "select count(*) from pg_locks l join pg_class c on c.oid = l.relation "
                        "join pg_stat_activity a on a.pid = l.pid where c.relname = 'current_versions' "
                        "and l.mode = 'RowExclusiveLock' and a.state = 'idle in transaction' "
                        "and l.pid <> pg_backend_pid()")).scalar():
                    return
        else:
            probe = sqlite3.connect(store.engine.url.database, timeout=0)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.rollback()
            except sqlite3.OperationalError:  # the import holds the write lock: its writes take < 1 s
                time.sleep(5)
                return
            finally:
                probe.close()
        time.sleep(0.2)
    pytest.fail("the import never reached its pause")


def _per_snapshot(url: str) -> dict:
    store = open_store(url)
    with store.engine.connect() as conn:
        found = {}
        for head in conn.execute(select(SnapshotRow)):
            found[(head.ward, head.as_of, head.version)] = {
                t.name: conn.execute(select(func.count()).select_from(t).where(t.c.snapshot_id == head.id)).scalar()
                for t in Base.metadata.sorted_tables if "snapshot_id" in t.c}
    figures = store.figures_many(store.wards())
    assert store.verify().ok
    store.engine.dispose()
    return {"rows": found, "figures": figures}


@pytest.mark.slow
def test_a_backup_taken_during_a_large_import_holds_the_store_without_it(tmp_path, store_url):
    from bench.workbooks import write_ward

    big = write_ward(tmp_path / "강남구_2020-12-31.xlsx", "강남구", AS_OF, pledges=120)
    store = open_store(store_url)
    store.import_file(P20, by="kim")
    without = _per_snapshot(store_url)
    process = _import_process(store_url, big, pause="25")
    try:
        _wait_until_written(store, process)
        store.backup(tmp_path / "during.sqlite")
        assert process.poll() is None  # the backup was taken inside the import's open transaction
        # and while it is open, the dashboard keeps reading (WAL / MVCC)
        assert store.wards() == ["영등포구"]
    finally:
        out, err = process.communicate(timeout=180)
    assert process.returncode == 0, (out, err)
    store.backup(tmp_path / "after.sqlite")
    full = _per_snapshot(store_url)
    assert len(full["rows"]) == 2 and full["rows"][("강남구", AS_OF, 1)]["pledges"] == 120
    store.engine.dispose()

    for name, expected in (("during", without), ("after", full)):
        restored_url = f"sqlite:///{tmp_path / f'restored-{name}.sqlite'}"
        open_store(restored_url).restore(tmp_path / f"{name}.sqlite")
        assert _per_snapshot(restored_url) == expected, name


def test_a_backup_is_itself_a_store_and_says_what_it_holds(tmp_path, store_url, capsys):
    store = open_store(store_url)
    _fill(store)
    path = tmp_path / "백업 폴더" / "pledges 2026-12-03.sqlite"  # spaces and Korean in the path
    path.parent.mkdir()
    out = _cli(capsys, "backup", str(path), "--db", store_url)
    assert out.startswith(f"{path}: 저장소 전체를 백업했습니다 (자료 7건, 원본 파일 7개, 계정 2개, 감사 기록 ")
    info = check_backup(path)
    with store.engine.connect() as conn:
        revision = conn.execute(text("select version_num from alembic_version")).scalar_one()
    assert info.source_kind == store.engine.dialect.name and info.revision == revision
    with store.engine.connect() as conn:  # signed-in sessions are no part of a backup
        assert info.counts == {name: n for name, n in _counts(conn).items() if name not in NOT_KEPT}
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left beside it
    store.engine.dispose()
    with sqlite3.connect(path) as conn:  # plain SQLite, journal in the file itself (no -wal beside it)
        assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    opened = open_store(f"sqlite:///{path}")
    assert sorted(opened.wards()) == ["금천구", "서울특별시", "서초구", "영등포구"]
    opened.engine.dispose()


def test_a_backup_whose_rows_were_removed_is_refused(tmp_path, capsys):
    store = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    _fill(store)
    store.backup(tmp_path / "b.sqlite")
    store.engine.dispose()
    with sqlite3.connect(tmp_path / "b.sqlite") as conn:
        conn.execute("delete from audit_events where id = 3")
    code = main(["restore", str(tmp_path / "b.sqlite"), "--db", f"sqlite:///{tmp_path / 't.sqlite'}"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith(f"pledges: {tmp_path / 'b.sqlite'}: 백업 파일이 손상되었습니다 (audit_events 표의 행 수가 "
                          "기록된 ")


def test_kept_file_bytes_survive_exactly(tmp_path, store_url):
    store = open_store(store_url)
    store.import_file(P20, by="kim")
    content = P20.read_bytes()
    with store.engine.begin() as conn:  # every byte value, in a kept file, survives both kinds of store
        conn.execute(update(SnapshotFile).values(content=content + bytes(range(256)) * 3))
    store.backup(tmp_path / "b.sqlite")
    store.engine.dispose()
    restored = open_store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    restored.restore(tmp_path / "b.sqlite")
    assert restored.original_file("영등포구", AS_OF)[1] == content + bytes(range(256)) * 3
    restored.engine.dispose()


def test_the_check_of_a_backup_runs_bounded(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    store.import_file(P20, by="kim")
    store.backup(tmp_path / "b.sqlite")
    store.engine.dispose()
    with closing(sqlite3.connect(tmp_path / "b.sqlite")) as crafted, crafted:  # a manifest made to fill memory
        crafted.execute(f"UPDATE {MANIFEST} SET value = value || ? WHERE key = 'created_at'", (" " * 80_000_000,))
    env = {**os.environ, "PLEDGES_READ_MEMORY_MB": "40"}  # too little for the checking child to read it
    done = subprocess.run([sys.executable, "-m", "cli.main", "restore", str(tmp_path / "b.sqlite"), "--db",
                           f"sqlite:///{tmp_path / 'target.sqlite'}"], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"pledges: {tmp_path / 'b.sqlite'}: 백업 파일을 검사하다가 메모리 한도(40MB)를 "
                           "넘었습니다. 손상된 파일일 수 있습니다\n")
    assert not (tmp_path / "target.sqlite").exists()


def test_a_backup_of_sqlite_holds_no_session_and_no_replaced_secret(tmp_path):
    """SQLite's own copy (VACUUM INTO) of the live rows, the sessions wiped with secure_delete: neither a
    signed-in tab's token hash nor a password hash replaced before the backup is anywhere in the file
    (an SQLite built without secure_delete by default would keep deleted bytes in free space)."""
    from store import sessions

    store = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    store.import_file(P20, by="kim")
    admin = accounts.add_user(store.engine, "admin", "a long enough password 1", "admin", by="setup")
    with store.engine.begin() as conn:
        account_id, old_hash = conn.execute(select(AccountRow.id, AccountRow.password_hash)).one()
        token = sessions.start(conn, account_id, "admin", "비밀번호")
    store.reset_password("admin", "a new long password 2", by="admin", user=admin)
    with store.engine.connect() as conn:
        assert conn.execute(select(AccountRow.password_hash)).scalar_one() != old_hash
    steps = []
    info = store.backup(tmp_path / "b.sqlite", progress=lambda *step: steps.append(step))
    assert steps == [(0, 3, "저장소를 한 시점 그대로 복사"), (1, 3, "로그인 정보 지우기, 행 수 세기"),
                     (3, 3, "백업 파일 마무리")]
    assert (info.counts["snapshots"], info.counts["accounts"], "sessions" in info.counts) == (1, 1, False)
    data = (tmp_path / "b.sqlite").read_bytes()
    assert sessions._hash(token).encode() not in data
    assert old_hash.encode() not in data
    with sqlite3.connect(tmp_path / "b.sqlite") as conn:
        assert conn.execute("select count(*) from sessions").fetchone() == (0,)
    store.engine.dispose()


def test_restore_tells_its_progress_row_by_row(tmp_path):
    source = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    source.import_file(P20, by="kim")
    info = source.backup(tmp_path / "b.sqlite")
    source.engine.dispose()
    target = open_store(f"sqlite:///{tmp_path / 'target.sqlite'}")
    steps = []
    target.restore(tmp_path / "b.sqlite", progress=lambda *step: steps.append(step))
    assert steps[-1][:2] == (info.rows, info.rows)
    assert [done for done, _, _ in steps] == sorted(done for done, _, _ in steps)
    assert {what for _, _, what in steps} >= {"행 복원 (snapshots)", "행 복원 (budget_rows)"}
    assert target.verify().ok
    target.engine.dispose()
