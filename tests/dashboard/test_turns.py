"""The turns at drawing (dashboard/turns.py): never more than two reading pages drawn at once in a
process, the others waiting, and a turn given back when a page stops or fails."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard import turns


def test_at_most_two_pages_draw_at_once_and_the_others_wait():
    inside, most, lock = 0, 0, threading.Lock()

    def page() -> None:
        nonlocal inside, most
        with turns.drawing_turn():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=page) for _ in range(6)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert (most, inside) == (2, 0)
    assert time.perf_counter() - started >= 0.15  # six pages, two at a time, 50 ms each


def test_a_page_that_stops_or_fails_gives_its_turn_back():
    for _ in range(turns.AT_ONCE + 1):
        with pytest.raises(RuntimeError), turns.drawing_turn():
            raise RuntimeError("다시 그리기")  # Streamlit stops a page for a rerun by raising
    acquired = [turns._turns().acquire(blocking=False) for _ in range(turns.AT_ONCE)]
    assert acquired == [True, True]
    for _ in acquired:
        turns._turns().release()
