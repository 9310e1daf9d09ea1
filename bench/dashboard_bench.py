"""Dashboard page runs on the city-scale store, cold and warm cache (`python bench/dashboard_bench.py`).

Uses the store bench/store_bench.py builds (run that first). A "run" is one
full AppTest script run of the page, as a browser refresh would trigger.
Goals (issue "Dashboard"): warm under 0.5 s, cold under 2 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

STORE = ROOT / "bench" / "out" / "city_25x8x100.sqlite"
APP = str(ROOT / "dashboard" / "app.py")


def run_page(page: str | None, ward: str) -> float:
    app = AppTest.from_file(APP, default_timeout=120)
    app.session_state["ward"] = ward
    app.session_state["pledge_id"] = "1"
    if page:
        app.run()  # land on the overview first, as a user would, then switch
        app.switch_page(page)
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    assert not app.exception, app.exception
    return elapsed


def main(runs: int = 5) -> None:
    if not STORE.exists():
        sys.exit(f"{STORE} is missing: run `python bench/store_bench.py` first")
    os.environ["PLEDGES_DB"] = f"sqlite:///{STORE}"
    ward = "영등포구"
    for label, page in (("overview (현황)", None), ("pledge (공약 상세)", "views/pledge.py")):
        cold = []
        for _ in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            cold.append(run_page(page, ward) if page is None else _cold_switch(page, ward))
        warm = [run_page(page, ward) for _ in range(runs)]
        print(f"{label}: cold {statistics.median(cold):.2f} s, warm {statistics.median(warm):.2f} s "
              f"(median of {runs}; goals cold < 2 s, warm < 0.5 s)")


def _cold_switch(page: str, ward: str) -> float:
    """Cold for the page itself: the overview ran first (as a user would), then caches are emptied."""
    app = AppTest.from_file(APP, default_timeout=120)
    app.session_state["ward"] = ward
    app.session_state["pledge_id"] = "1"
    app.run()
    app.switch_page(page)
    st.cache_data.clear()
    st.cache_resource.clear()
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    assert not app.exception, app.exception
    return elapsed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
