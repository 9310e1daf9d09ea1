"""One import is one transaction: a killed import leaves the store as it was; concurrent ones land whole."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from figures.summary import summary_document
from store import open_store
from store.models import Base, CurrentVersion, PledgeRow, SnapshotRow, SubProjectRow

DATA = Path(__file__).resolve().parents[2] / "data"
P25 = DATA / "영등포구_2020-12-31.xlsx"


def _state(store) -> tuple:
    with store.engine.connect() as conn:
        counts = {t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar()
                  for t in Base.metadata.tables if t != "audit_events"}
    return summary_document([store.frames(w) for w in store.wards()]), counts


def _variant(path: Path, value: int) -> bytes:
    wb = openpyxl.load_workbook(path)
    wb["확인지표"]["H4"] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import_process(url: str, path: Path, pause: str = "0") -> subprocess.Popen:
    env = {**os.environ, "PLEDGES_DB": url, "PLEDGES_TEST_PAUSE_IN_IMPORT": pause}
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "import", str(path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.mark.slow
def test_killed_import_leaves_the_store_as_it_was(store_url, tmp_path):
    store = open_store(store_url)
    store.import_file(DATA / "영등포구_2019-12-31.xlsx")
    before = _state(store)
    process = _import_process(store_url, P25, pause="120")
    time.sleep(6)  # well inside the paused transaction: rows written, not committed
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    reopened = open_store(store_url)
    assert _state(reopened) == before
    assert reopened.import_file(P25).status == "stored"  # and the store still takes writes
    store.engine.dispose()
    reopened.engine.dispose()


@pytest.mark.slow
def test_two_imports_at_once_land_whole(store_url, tmp_path):
    store = open_store(store_url)
    rounds = 3
    for round_number in range(rounds):
        first, second = tmp_path / f"a{round_number}.xlsx", tmp_path / f"b{round_number}.xlsx"
        first.write_bytes(_variant(P25, 81 + round_number))
        second.write_bytes(_variant(P25, 91 + round_number))
        processes = [_import_process(store_url, p) for p in (first, second)]
        results = [p.communicate(timeout=120) for p in processes]
        codes = [p.returncode for p in processes]
        for code, (out, err) in zip(codes, results, strict=True):
            assert code == 0 or "다른 업로드와 겹쳐" in out, (out, err)
    with store.engine.connect() as conn:
        versions = sorted(conn.execute(select(SnapshotRow.version)).scalars())
        assert versions == list(range(1, len(versions) + 1))
        assert conn.execute(select(func.count()).select_from(CurrentVersion)).scalar() == 1
        for snapshot_id in conn.execute(select(SnapshotRow.id)).scalars():
            pledges = conn.execute(select(func.count()).where(PledgeRow.snapshot_id == snapshot_id)).scalar()
            subs = conn.execute(select(func.count()).where(SubProjectRow.snapshot_id == snapshot_id)).scalar()
            assert (pledges, subs) == (1, 3)
    store.engine.dispose()
