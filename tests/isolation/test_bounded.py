"""The bounded runner itself: hostile readers are stopped by the right limit and the pool goes on."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from loaders import bounded
from loaders.bounded import CPU_MARGIN_SECONDS, BoundedRefusal, Limits, read_bounded, run_bounded

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLE = DATA / "영등포구_2020-12-31.xlsx"
SMALL = Limits(memory_mb=512, seconds=2)
ADVICE = "손상된 파일일 수 있습니다. Excel에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장한 뒤 올려 주세요"


def hostile(name: str, limits: Limits = SMALL) -> BoundedRefusal:
    with pytest.raises(BoundedRefusal) as refused:
        run_bounded(f"tests.isolation.hostile:{name}", b"", "x.xlsx", limits=limits)
    return refused.value


def facts() -> dict:
    return run_bounded("tests.isolation.hostile:worker_facts", b"abc", "x.xlsx", limits=SMALL)


def test_a_sleeping_reader_is_stopped_by_the_wall_clock():
    started = time.monotonic()
    assert hostile("sleeps").kind == "time"
    assert 2 <= time.monotonic() - started < 4  # a reader that waits uses no CPU: the parent's clock ends it
    assert facts()["bytes"] == 3


def test_a_spinning_reader_is_stopped_by_the_wall_clock():
    started = time.monotonic()
    assert hostile("spins").kind == "time"
    assert time.monotonic() - started < 4


def test_the_cpu_limit_ends_a_worker_the_parent_has_not():
    refused = hostile("spins_under_its_own_cpu_limit", Limits(memory_mb=512, seconds=60))
    assert refused.kind == "time"  # SIGXCPU, long before the 60 s wall clock


def test_an_allocating_reader_hits_the_memory_limit():
    started = time.monotonic()
    # a wall clock well past what the allocation takes: under a loaded CI machine 2 s ran out first
    assert hostile("allocates", Limits(memory_mb=512, seconds=8)).kind == "memory"
    assert time.monotonic() - started < 10


def test_an_os_error_of_no_memory_is_memory():
    assert hostile("maps_past_the_limit").kind == "memory"  # not "예기치 못한 문제 (OSError …)"


def test_an_abort_after_a_failed_allocation_is_memory_and_a_segfault_is_a_crash():
    assert hostile("aborts_like_rust").kind == "memory"
    assert hostile("segfaults").kind == "crash"


def test_the_functions_own_exception_reaches_the_caller():
    with pytest.raises(ValueError, match="x.xlsx: 읽는 함수 자신의 예외"):
        run_bounded("tests.isolation.hostile:raises", b"", "x.xlsx", limits=SMALL)


def test_each_task_runs_under_its_own_limits_in_a_worker_that_imported_only_the_loader():
    seen = facts()
    assert seen["as"] == 512 * 1024 * 1024
    # RLIMIT_CPU counts a worker's whole life: the limit is set afresh from what it has used
    assert seen["cpu_used"] + 2 + CPU_MARGIN_SECONDS - 1 <= seen["cpu"] <= seen["cpu_used"] + 2 + CPU_MARGIN_SECONDS + 1
    assert seen["core"] == 0
    assert seen["modules"] == ["loaders.workbook", "python_calamine"]  # not the parent's store, pandas or app


def test_a_refused_worker_is_replaced_and_the_others_are_reused():
    before = {facts()["pid"] for _ in range(6)}
    hostile("aborts_like_rust")
    after = {facts()["pid"] for _ in range(6)}
    assert len(after) <= bounded.DEFAULT_WORKERS and after != before  # pre-started workers, one new
    assert read_bounded(SAMPLE).ok


def test_other_reads_go_on_beside_a_stuck_one():
    stuck = threading.Thread(target=hostile, args=("sleeps", Limits(memory_mb=512, seconds=4)))
    stuck.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert read_bounded(SAMPLE).ok and read_bounded(SAMPLE).ok
    assert time.monotonic() - started < 3
    stuck.join()


def test_what_a_worker_prints_stays_out_of_the_callers_stderr(capfd):
    assert run_bounded("tests.isolation.hostile:chatters", limits=SMALL) == "조용히 끝남"
    hostile("aborts_like_rust")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


@pytest.mark.parametrize("reader,limits,expected", [
    ("allocates", Limits(memory_mb=512, seconds=5), "이 파일을 읽다가 메모리 한도(512MB)를 넘었습니다"),
    ("sleeps", Limits(memory_mb=1024, seconds=2), "이 파일을 읽다가 시간 한도(2초)를 넘었습니다"),
    ("segfaults", Limits(memory_mb=1536, seconds=5), "이 파일을 읽던 프로그램이 비정상적으로 끝났습니다"),
])
def test_a_refused_read_is_one_korean_error_naming_the_file(monkeypatch, reader, limits, expected):
    monkeypatch.setattr(bounded, "READER", f"tests.isolation.hostile:{reader}")
    result = read_bounded(b"PK\x03\x04 anything", "분기자료.xlsx", limits=limits)
    assert [str(f) for f in result.findings] == [f"파일: 분기자료.xlsx: {expected}. {ADVICE}"]
    assert result.snapshot is None and result.refused == reader.replace("allocates", "memory").replace(
        "sleeps", "time").replace("segfaults", "crash")
    assert len(result.sha256) == 64


def test_the_limits_come_from_the_environment(monkeypatch):
    assert Limits.from_env() == Limits(1024, 30.0)
    monkeypatch.setenv("PLEDGES_READ_MEMORY_MB", "1536")
    monkeypatch.setenv("PLEDGES_READ_SECONDS", "12.5")
    assert Limits.from_env() == Limits(1536, 12.5)
    assert Limits.from_env().memory_text == "1.5GB" and Limits.from_env().seconds_text == "12.5초"
    monkeypatch.setenv("PLEDGES_READ_SECONDS", "-3")
    monkeypatch.setenv("PLEDGES_READ_MEMORY_MB", "lots")
    assert Limits.from_env() == Limits(1024, 30.0)  # nonsense falls back to the defaults


def test_empty_and_oversized_files_are_refused_before_any_worker(monkeypatch):
    def no_worker(*args, **kwargs):
        raise AssertionError("no worker for a file refused by its size")

    monkeypatch.setattr(bounded, "run_bounded", no_worker)
    assert "빈 파일입니다" in read_bounded(b"", "a.xlsx").errors[0].message
    assert "파일이 너무 큽니다" in read_bounded(b"PK" + bytes(21 * 1024 * 1024), "a.xlsx").errors[0].message
    assert read_bounded("/nonexistent/a.xlsx").errors[0].message == "파일을 찾을 수 없거나 열 수 없습니다"


def _read_in_a_forked_child(answers) -> None:
    answers.put(read_bounded(SAMPLE).ok)


def _parents_workers() -> dict[int, bool]:
    return {w.process.pid: w.alive() for w in bounded._the_pool.everyone}


def test_a_forked_child_has_its_own_workers_and_leaves_the_parents_alone():
    facts()
    mine = _parents_workers()
    context = multiprocessing.get_context("fork")  # as tests/security/test_concurrency.py does
    answers = context.Queue()
    child = context.Process(target=_read_in_a_forked_child, args=(answers,))
    child.start()
    child.join(60)
    assert child.exitcode == 0 and answers.get(timeout=5) is True
    assert _parents_workers() == mine and all(mine.values())  # neither used nor killed by the child
    assert facts()["pid"] in mine


def test_without_rlimits_a_file_is_read_in_this_process(monkeypatch):
    """Windows has no rlimits nor fork hooks: the file is read unfenced rather than always refused."""
    monkeypatch.setattr(bounded, "ISOLATED", False)
    monkeypatch.setattr(bounded, "_pool", lambda: pytest.fail("no worker where the OS cannot limit one"))
    result = read_bounded(SAMPLE)
    assert result.refused is None and result.snapshot.ward == "영등포구"
    assert hostile("allocates_a_little_then_fails").kind == "memory"
