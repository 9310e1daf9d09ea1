"""Imports at the same moment in separate processes, 50 rounds, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from store import open_store
from store.models import CurrentVersion, PledgeRow, SnapshotRow, SubProjectRow

DATA = Path(__file__).resolve().parents[2] / "data"
ROUNDS = 50


def _variant(path: Path, cell: str, value: object) -> bytes:
    wb = openpyxl.load_workbook(path)
    sheet, ref = cell.split("!")
    wb[sheet][ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import(url: str, data: bytes, start, results) -> None:
    store = open_store(url)
    start.wait()
    outcome = store.import_file(data, file_name="race.xlsx", by="race")
    results.put((outcome.status, outcome.message))
    store.engine.dispose()


@pytest.mark.slow
def test_fifty_rounds_of_simultaneous_imports(store_url):
    store = open_store(store_url)
    p25 = DATA / "영등포구_2020-12-31.xlsx"
    context = multiprocessing.get_context("fork")
    for round_number in range(ROUNDS):
        same_ward = [_variant(p25, "확인지표!H4", 60 + round_number % 40),
                     _variant(p25, "확인지표!H8", 40 + round_number % 40)]
        other_ward = _variant(DATA / "서초구_2025-03-31.xlsx", "공약!B2", f"양재 AI 특구 {round_number}")
        store.engine.dispose()  # no pooled connection may be inherited by the forked workers
        start, results = context.Barrier(3), context.Queue()
        workers = [context.Process(target=_import, args=(store_url, data, start, results))
                   for data in (*same_ward, other_ward)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
            assert worker.exitcode == 0
        outcomes = [results.get(timeout=10) for _ in workers]
        for status, message in outcomes:
            assert status == "stored" or "다른 업로드와 겹쳐" in message, message
    with store.engine.connect() as conn:
        for ward, as_of_count in (("영등포구", 1), ("서초구", 1)):
            versions = sorted(conn.execute(select(SnapshotRow.version).where(SnapshotRow.ward == ward)).scalars())
            assert versions == list(range(1, len(versions) + 1))
            current = conn.execute(select(func.count()).where(CurrentVersion.ward == ward)).scalar()
            assert current == as_of_count
        for snapshot_id, ward in conn.execute(select(SnapshotRow.id, SnapshotRow.ward)).all():
            pledges = conn.execute(select(func.count()).where(PledgeRow.snapshot_id == snapshot_id)).scalar()
            subs = conn.execute(select(func.count()).where(SubProjectRow.snapshot_id == snapshot_id)).scalar()
            assert (pledges, subs) == ((1, 3) if ward == "영등포구" else (2, 4))
    store.engine.dispose()
