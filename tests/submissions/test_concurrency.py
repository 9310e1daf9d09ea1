"""Two departments submit to the same 기준일 at the same moment, from separate processes, on SQLite and PostgreSQL.

One of them holds its write transaction open (store.imports.PAUSE_ENV) while the other starts, in
either order, and once with no pause at all: both land as two versions, and the last version holds
both departments' figures (SQLite queues the second writer; on PostgreSQL it collides on the
version key and reruns its merge on the first one's result).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time

import pytest
from sqlalchemy import select

from loaders import read_workbook
from store import open_store
from store.imports import PAUSE_ENV
from store.models import SnapshotRow
from tests.submissions.conftest import WARD, department_file, whole_file

#: (기준일, the department that holds its transaction open first; None: a plain race)
ROUNDS = [(dt.date(2026, 12, 31), "도시재생과"), (dt.date(2027, 3, 31), "복지정책과"), (dt.date(2027, 6, 30), None),
          (dt.date(2027, 9, 30), None), (dt.date(2027, 12, 31), None), (dt.date(2028, 3, 31), None)]


def _submit(url: str, content: bytes, name: str, pause: bool, start, results) -> None:
    if pause:
        os.environ[PAUSE_ENV] = "1.5"
    result = read_workbook(content, file_name=name)  # read before the start: only the storing races
    store = open_store(url)
    start.wait()
    if not pause:
        time.sleep(0.3)  # the paused one is inside its transaction by now
    outcome = store.store_result(result, content=content, by=name)
    results.put((name, outcome.status, outcome.message))
    store.engine.dispose()


def _actual(store, as_of: dt.date, pid: str) -> float:
    points = store.frames(WARD, as_of).points
    return float(points[(points["pledge_id"] == pid) & (points["kind"] == "실적")]["value"].iloc[0])


@pytest.mark.slow
def test_two_departments_at_once_both_land_in_either_order(store_url):
    store = open_store(store_url)
    assert store.import_file(whole_file(), file_name="구.xlsx").status == "stored"
    context = multiprocessing.get_context("fork")
    for number, (as_of, paused) in enumerate(ROUNDS):
        figures = {"도시재생과": {"1": 51.0 + number, "2": 31.0 + number}, "복지정책과": {"3": 71.0 + number}}
        files = {d: department_file(d, as_of, actual=figures[d]) for d in figures}
        store.engine.dispose()  # no pooled connection may be inherited by the forked workers
        start, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_submit, args=(store_url, files[d], f"{d}.xlsx", d == paused, start, results))
                   for d in files]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
            assert worker.exitcode == 0
        outcomes = sorted(results.get(timeout=10) for _ in workers)
        assert [status for _, status, _ in outcomes] == ["stored", "stored"], outcomes
        with store.engine.connect() as conn:
            versions = conn.execute(select(SnapshotRow.version).where(
                SnapshotRow.ward == WARD, SnapshotRow.as_of == as_of).order_by(SnapshotRow.version)).scalars().all()
        assert versions == [1, 2]
        assert (_actual(store, as_of, "1"), _actual(store, as_of, "2"), _actual(store, as_of, "3")) == (
            51.0 + number, 31.0 + number, 71.0 + number)
        states = {d.department: d.state for d in store.submissions(WARD, as_of).departments}
        assert states == {"도시재생과": "제출", "복지정책과": "제출", "교통행정과": "미제출", "공원녹지과": "미제출"}
        if paused:  # the paused one went first: version 1 is its part alone
            first = store.history(WARD)
            assert first[(first["as_of"] == as_of) & (first["version"] == 1)]["file_name"].tolist() == [f"{paused}.xlsx"]
    store.engine.dispose()
