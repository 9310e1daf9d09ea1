"""증빙 added by two officials at the same moment, while the quarter is approved and the store backed up,
from separate processes, on SQLite and PostgreSQL: every piece lands whole, each is decided or still
waiting (never half), the audit chain holds, and the backup holds each piece it lists with its file."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest

from store import open_store
from tests.store.test_evidence import photo

WARD, AS_OF = "영등포구", dt.date(2020, 12, 31)
PIECES = 3


def _add(url: str, official: str, start, results) -> None:
    store = open_store(url)
    pictures = [photo((900 + 10 * n, 600), gps=True) for n in range(PIECES)]
    start.wait()
    for n, picture in enumerate(pictures):
        piece = store.add_evidence(picture, f"{official}{n}.jpg", ward=WARD, as_of=AS_OF, pledge_id="25",
                                   caption=f"{official}의 현장 사진 {n + 1}", by=official)
        results.put((official, piece.id))
    store.engine.dispose()


@pytest.mark.slow
def test_two_officials_add_while_the_quarter_is_approved_and_backed_up(store_url, tmp_path):
    store = open_store(store_url)
    store.load_samples()
    store.engine.dispose()  # no pooled connection may be inherited by the forked workers
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(3), context.Queue()
    workers = [context.Process(target=_add, args=(store_url, name, start, results)) for name in ("김담당", "이담당")]
    for worker in workers:
        worker.start()
    start.wait()
    approvals = [store.approve(WARD, AS_OF, by="총괄") for _ in range(2)]
    info = store.backup(tmp_path / "during.sqlite")
    for worker in workers:
        worker.join(180)
        assert worker.exitcode == 0
    added = sorted(results.get(timeout=10) for _ in range(2 * PIECES))
    assert len({i for _, i in added}) == 2 * PIECES
    pieces = store.evidence(WARD, AS_OF, "25")
    assert sorted(p.id for p in pieces) == sorted(i for _, i in added)
    assert {p.state for p in pieces} <= {"검토 전", "승인"}
    decided = sum(p.state == "승인" for p in pieces)
    told = sum(int(m.split("증빙 ")[1].split("건")[0]) for m in approvals if "증빙" in m)
    assert decided == told  # each approval decided exactly the pieces it says
    found = store.verify()
    assert found.ok, [p.message for p in found.problems]
    assert found.evidence == 2 * PIECES
    copy = open_store(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    copy.restore(tmp_path / "during.sqlite", info=info)
    restored = copy.verify()
    assert restored.ok, [p.message for p in restored.problems]
    assert restored.evidence == len(copy.evidence(WARD)) <= 2 * PIECES
    copy.engine.dispose()
    store.engine.dispose()
