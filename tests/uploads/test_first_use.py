"""A fresh store under concurrent first use: separate processes, 20 rounds on each database.

Two `pledges import` commands and a process loading the samples (what `pledges serve`
does on a new store) start together on a new SQLite file or an empty PostgreSQL
database: the schema is created once, every import lands whole or is refused in
Korean, and no process prints a traceback.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store import open_store
from store.models import CurrentVersion, PledgeRow, SnapshotRow

DATA = Path(__file__).resolve().parents[2] / "data"
ROUNDS = 20
CLI = "import sys; from cli.main import main; sys.exit(main())"
SAMPLES = "from store import open_store; s = open_store(); s.is_fresh() and s.load_samples()"


def _start(code: str, *args: str, url: str) -> subprocess.Popen:
    env = {"PLEDGES_DB": url, "PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _round(url: str) -> None:
    processes = [
        _start(CLI, "import", str(DATA / "영등포구_2020-12-31.xlsx"), url=url),
        _start(CLI, "import", str(DATA / "서초구_2025-03-31.xlsx"), url=url),
        _start(SAMPLES, url=url),
    ]
    for process in processes:
        out, err = process.communicate(timeout=180)
        assert "Traceback" not in out + err, err
        assert process.returncode == 0, out + err
    store = open_store(url)
    with store.engine.connect() as conn:
        # each file stored once (the samples too when they came first), each snapshot whole
        stored = conn.execute(select(SnapshotRow.id, SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.version)).all()
        keys = {(ward, as_of.isoformat()) for _, ward, as_of, _ in stored}
        assert {("영등포구", "2020-12-31"), ("서초구", "2025-03-31")} <= keys
        assert len(keys) in (2, 6) and len(stored) == len(keys), stored
        assert {version for *_, version in stored} == {1}
        assert conn.execute(select(func.count()).select_from(CurrentVersion)).scalar() == len(keys)
        expected = {"영등포구": 1, "서초구": 2, "금천구": 3, "서울특별시": 2}
        for snapshot_id, ward, _, _ in stored:
            count = conn.execute(select(func.count()).where(PledgeRow.snapshot_id == snapshot_id)).scalar()
            assert count == expected[ward], (ward, count)
    store.engine.dispose()


@pytest.mark.slow
def test_concurrent_first_use_of_a_new_sqlite_file(tmp_path):
    for number in range(ROUNDS):
        _round(f"sqlite:///{tmp_path / f'fresh_{number}.sqlite'}")


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_first_use_of_an_empty_postgres_database():
    from tests.conftest import PG_BASE, _pg_admin, create_database, drop_database

    admin = _pg_admin()
    for _ in range(ROUNDS):
        name = f"pledges_first_{uuid.uuid4().hex[:10]}"
        create_database(admin, name)
        try:
            _round(f"{PG_BASE}/{name}")
        finally:
            drop_database(admin, name)
    admin.dispose()
