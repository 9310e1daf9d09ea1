"""Caches filled before the officials arrive: each ward's latest quarter, recomputed when it changes.

Measured with bench/load_bench.py: ten sessions on warm caches answer in about a second
each, on cold ones in many (every session computes its ward's figures and charts at once,
and one process computes one thing at a time). So one background thread per server
process watches every ward's `Store.ward_token` and, when a ward's data has changed (or at
start), computes what its pages read first through the same cached functions the pages
call (dashboard/data.py), with the same keys; then, where reading needs no login, it
visits the ward's four pages itself over Streamlit's protocol (dashboard/protocol.py), so
the charts and tables the pages build (`data.built`) are ready too, with no second copy
of the pages' logic. A ward's import therefore costs its own ward one recomputation in the
background, and nobody waits for it in front of a page.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import streamlit as st

from dashboard import data
from dashboard.auth import reading_requires_login

#: the pages an official opens first, by their url paths ("" is 현황)
PAGES = ("", "pledge", "budget", "changes")

#: set by `pledges serve`; unset (AppTest, `streamlit run` by hand) nothing runs in the background
ENV = "PLEDGES_WARM"
#: seconds between two looks at the wards' tokens (25 small queries)
POLL_SECONDS = 5.0
#: a pause between two wards, so sessions arriving meanwhile are served between them
PAUSE_SECONDS = 0.2

_LOG = logging.getLogger(__name__)


def warm_ward(ward: str) -> list[str]:
    """Compute what 현황, 공약 상세 (its first pledge), 예산 and 변화 read first for the latest 기준일.

    Returns what was computed, for the log and the tests.
    """
    dates = data.as_of_dates(ward)
    if not dates:
        return []
    as_of = dates[-1]
    done = ["frames"] if data.frames(ward, as_of) is not None else []
    quarter = data.quarter(ward, as_of)
    if quarter is None:
        return done
    # the quarter's fields computed up front (its lazy ones too), under the names the pages read
    quarter.ward_money, quarter.evaluation  # noqa: B018
    done += ["progress", "money"]
    data.review_state(ward, as_of)
    done.append("review")
    if quarter.previous_as_of is not None:
        done.append("previous rate")
    quarter.history, quarter.changes  # noqa: B018
    data.rate_chart(ward, as_of)
    done += ["changes", "rate chart"]
    if len(quarter.pledges):
        first = str(quarter.pledges.sort_values("order", kind="stable")["pledge_id"].iloc[0])
        data.pledge_charts(ward, as_of, first)
        done.append(f"pledge {first} charts")
    return done


def own_address() -> str:
    """This server's own address for a visit (the loopback when it listens on every interface)."""
    address = st.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::"):
        address = "127.0.0.1"
    path = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://{address}:{st.get_option('server.port')}" + (f"/{path}" if path else "")


async def visit(base: str, ward: str, as_of: str) -> list[str | None]:
    """Open the ward's four pages as an official would; each page's error, or None."""
    from dashboard.protocol import Session

    async with Session(base) as session:
        runs = [await session.open(PAGES[0], ward=ward, as_of=as_of)]
        runs += [await session.open(path) for path in PAGES[1:]]
    return [run.error for run in runs]


def warm_once(seen: dict[str, str], base: str | None = None) -> list[str]:
    """Warm every ward whose token differs from `seen` (updated in place); the wards warmed."""
    warmed = []
    changed = False
    for ward in data.wards():
        token = data.ward_token(ward)
        if seen.get(ward) == token:
            continue
        changed = True
        warm_ward(ward)
        dates = data.as_of_dates(ward)
        if base and dates and not reading_requires_login():
            try:
                asyncio.run(visit(base, ward, dates[-1].isoformat()))
            except Exception:  # noqa: BLE001 - the figures are warm; only the pages' charts are not
                _LOG.warning("visiting %s's pages to warm them failed", ward, exc_info=True)
        # the token read before warming: data changed meanwhile is warmed on the next look
        seen[ward] = token
        warmed.append(ward)
        time.sleep(PAUSE_SECONDS)
    if changed:
        data.city()
    return warmed


def _loop() -> None:
    seen: dict[str, str] = {}
    base = own_address()
    while True:
        try:
            warmed = warm_once(seen, base)
            if warmed:
                _LOG.info("caches warmed for %s", ", ".join(warmed))
        except Exception:  # noqa: BLE001 - a failed warm-up only means a slower first page
            _LOG.exception("warming the caches failed; the pages compute on demand")
        time.sleep(POLL_SECONDS)


@st.cache_resource(show_spinner=False)
def start() -> threading.Thread:
    """The process's one warming thread (started by the first session; a daemon, gone with the server)."""
    thread = threading.Thread(target=_loop, name="pledges-warm", daemon=True)
    thread.start()
    return thread
