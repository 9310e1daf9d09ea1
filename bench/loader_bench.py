"""Loader speed against a bare openpyxl load of the same file (`python bench/loader_bench.py`).

Goal (issue "Loaders"): the loader within 1.5× of `openpyxl.load_workbook`.
"""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from bench.workbooks import write_ward  # noqa: E402
from loaders import read_workbook  # noqa: E402


def timed(action) -> float:  # noqa: ANN001
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(runs: int = 5) -> None:
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        path = write_ward(Path(folder) / "ward.xlsx", "벤치구", dt.date(2020, 12, 31))
        result = read_workbook(path)
        assert result.ok, result.errors[:3]
        snap = result.snapshot
        print(f"workbook: {path.stat().st_size / 1024:.0f} KB, {len(snap.pledges)} pledges, "
              f"{len(snap.subprojects)} sub-projects, {len(snap.budget)} budget amounts")
        bare_times, loader_times = [], []
        for _ in range(runs):  # interleaved, so a busy moment of the machine hits both alike
            bare_times.append(timed(lambda: openpyxl.load_workbook(path)))
            loader_times.append(timed(lambda: read_workbook(path)))
        bare, loader = statistics.median(bare_times), statistics.median(loader_times)
    print(f"bare openpyxl.load_workbook: {bare:.3f} s (median of {runs})")
    print(f"loaders.read_workbook:       {loader:.3f} s (median of {runs})")
    print(f"ratio: {loader / bare:.2f}x (goal ≤ 1.5x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
