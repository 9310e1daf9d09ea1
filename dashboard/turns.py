"""Turns at drawing: at most two reading pages are drawn at once in one server process.

One process runs Python one thread at a time, so ten sessions drawing at once do not finish
sooner than one after another: each got a tenth of the process and all ended late together, and
the interpreter handed its lock so unevenly that one 현황 took 6–8 s while the same work took 2–3 s
in the next session (bench/load_bench.py, ten sessions on ten wards as a server starts). Two at a
time (one drawing while the other waits on the store or the network) draws the first to arrive
first: p95 3.3–3.7 s became 2.7 s, and 현황's p95 6–8 s became 3.6–4.8 s. A waiting session sees
Streamlit's own "running" mark.

Only the reading pages take a turn (현황, 공약 상세, 예산, 변화): the upload, review and admin pages
wait on the bounded worker or on the store's writes, and must not keep a reader waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

#: reading pages drawn at once in one process (measured best on 2 cores: 3 gave p95 3.3–3.5 s)
AT_ONCE = 2


@st.cache_resource(show_spinner=False)
def _turns() -> threading.BoundedSemaphore:
    """One set of turns for the whole process (every session), made on first use."""
    return threading.BoundedSemaphore(AT_ONCE)


@contextmanager
def drawing_turn() -> Iterator[None]:
    """Wait for a turn, draw, give it back (also when the page stops for a rerun or fails)."""
    with _turns():
        yield
