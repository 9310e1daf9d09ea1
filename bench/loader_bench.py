"""Loader speed against python-calamine's bare read, and peak memory beside a 50,000-row sheet.

    python bench/loader_bench.py [RUNS]

Goals (issue 10, relaxed to 4× by issue 20): `loaders.read_workbook` within 4× of calamine reading every
sheet of the same file to Python lists, and under 300 MB peak memory for a
quarter with an unrelated 50,000-row sheet beside it. The loader's time is
shown whole (file checks, the six sheets streamed into grids, the sheet
readers' rules) and with the grid part alone, since calamine does only the
latter's share of the work.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import python_calamine  # noqa: E402

from bench.variants import _parts, _zip, big_extra_sheet  # noqa: E402
from bench.workbooks import write_ward  # noqa: E402
from loaders import read_workbook  # noqa: E402
from loaders.findings import Findings  # noqa: E402
from loaders.safety import check_bytes  # noqa: E402
from loaders.workbook import _choose_sheets  # noqa: E402
from loaders.xlsx import load_styles, open_package, read_sheets  # noqa: E402

PEAK = """
import json, resource, sys, time
from loaders import read_workbook


def high_water_kb():
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over the fork
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


before = high_water_kb()
started = time.perf_counter()
result = read_workbook(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - started, "ok": result.ok,
                  "before_kb": before, "peak_kb": high_water_kb()}))
"""


def timed(action) -> float:
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def calamine_read(data: bytes) -> None:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def grids_only(data: bytes) -> None:
    package = open_package(check_bytes(data))
    read_sheets(package, _choose_sheets(package.sheets, Findings()), load_styles(package))


def speed(data: bytes, runs: int) -> None:
    bare, grids, loader = [], [], []
    for _ in range(runs):  # interleaved, so a busy moment of the machine hits all alike
        bare.append(timed(lambda: calamine_read(data)))
        grids.append(timed(lambda: grids_only(data)))
        loader.append(timed(lambda: read_workbook(data)))
    b, g, w = (statistics.median(x) for x in (bare, grids, loader))
    print(f"calamine, every sheet to_python: {b:.3f} s (median of {runs})")
    print(f"loader, six sheets to grids:     {g:.3f} s  ratio {g / b:.2f}x")
    print(f"loaders.read_workbook (whole):   {w:.3f} s  ratio {w / b:.2f}x (goal ≤ 4x: issue 20 let the one decoder cost a little)")


def cpu_time(action, runs: int = 15) -> float:
    """Best CPU time of `runs`: what the work costs, whatever else the machine is doing."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    return best


def cpu(data: bytes, runs: int = 15) -> None:
    b = cpu_time(lambda: calamine_read(data), runs)
    g = cpu_time(lambda: grids_only(data), runs)
    w = cpu_time(lambda: read_workbook(data), runs)
    print(f"CPU time, best of {runs}: calamine {b * 1000:.1f} ms, grids {g * 1000:.1f} ms ({g / b:.2f}x), "
          f"whole {w * 1000:.1f} ms ({w / b:.2f}x)")


def peak(path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    report = json.loads(completed.stdout)
    assert report["ok"], report
    print(f"with a 50,000-row sheet beside it ({path.stat().st_size / 1024 / 1024:.1f} MB): "
          f"{report['seconds']:.2f} s, peak RSS {report['peak_kb'] / 1024:.0f} MB "
          f"(after imports {report['before_kb'] / 1024:.0f} MB; goal < 300 MB)")


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_ward(Path(folder) / "ward.xlsx", "벤치구", dt.date(2020, 12, 31))
        data = path.read_bytes()
        result = read_workbook(data)
        assert result.ok, result.errors[:3]
        snap = result.snapshot
        print(f"workbook: {len(data) / 1024:.0f} KB, {len(snap.pledges)} pledges, "
              f"{len(snap.subprojects)} sub-projects, {len(snap.budget)} budget amounts")
        speed(data, runs)
        cpu(data)
        _, parts = _parts(data)
        big_extra_sheet(parts)
        big = Path(folder) / "ward_with_raw_data.xlsx"
        big.write_bytes(_zip(parts))
        peak(big)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
