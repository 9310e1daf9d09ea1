"""The load bench's client (dashboard/protocol.py) against a real `pledges serve`.

It stands in for a browser in bench/load_bench.py, so it must see what a browser sees:
the pages by their paths, the query string the app writes, and an error when one shows.
"""

from __future__ import annotations

import asyncio

from dashboard.protocol import Session


async def _walk(base: str) -> list:
    async with Session(base) as session:
        runs = [await session.open("", ward="영등포구", as_of="2020-12-31")]
        assert set(session.pages) >= {"", "pledge", "budget", "changes"}
        runs.append(await session.open("pledge"))
        on_pledge = session.query
        for path in ("budget", "changes", "nowhere"):
            runs.append(await session.open(path))
        return runs, on_pledge


def test_the_protocol_client_walks_the_pages_as_a_browser_does(server):
    runs, query = asyncio.run(_walk(server["base"]))
    overview, pledge, budget, changes, missing = runs
    assert [r.error for r in (overview, pledge, budget, changes)] == [None] * 4
    assert min(r.elements for r in (overview, pledge, budget, changes)) > 5
    # the app writes the ward, 기준일 and pledge into the URL, and the client carries them as a browser does
    assert query == "ward=%EC%98%81%EB%93%B1%ED%8F%AC%EA%B5%AC&as_of=2020-12-31&pledge=25"
    # an unknown address opens 현황 with a Korean note (dashboard/unknown_page.py), not Streamlit's English
    # "page not found" message: the client sees the page a browser sees
    assert missing.error is None and missing.elements == overview.elements + 1
