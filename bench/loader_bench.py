"""Loader speed against python-calamine's bare read, and peak memory beside a 50,000-row sheet.

    python bench/loader_bench.py [RUNS]

Goals (issue 10, relaxed to 4× by issue 20; issue 32: on every ward variant): `loaders.read_workbook`
within 4× of calamine reading every sheet of the same file to Python lists, and under 300 MB peak
memory for a quarter with an unrelated 50,000-row sheet beside it. The loader's time is
shown whole (file checks, the six sheets streamed into grids, the sheet
readers' rules) and with the grid part alone, since calamine does only the
latter's share of the work.

Then the same ward as other programs save it (issue 32): every variant of bench/variants.py
built from the 120-pledge ward (the Excel and LibreOffice forms of bench/generators.py among
them) and, where LibreOffice is installed, real LibreOffice round trips of it, each timed
against calamine pair by pair (the median of the pairs' ratios); and `pledges validate` of the
ward as a whole process against a bare calamine read in a new process (issue 32: < 0.6 s).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import python_calamine  # noqa: E402

from bench.variants import XLSX_VARIANTS, _parts, _zip, big_extra_sheet, build  # noqa: E402
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


#: variants not timed against calamine: it copies the 1 MB text into each of 4,000 cells (about 8 s a read)
UNTIMED = ("one_mb_string.xlsx",)
CALAMINE_PROCESS = """
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
"""


def round_trips(ward: Path, folder: Path) -> dict[str, Path]:
    """The ward saved again by LibreOffice: as .xlsx directly, and by way of .ods (none without soffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return {}
    found = {}
    profile = f"-env:UserInstallation={(folder / 'soffice_profile').as_uri()}"  # apart from any running soffice
    for label, steps in (("libreoffice round trip", ("xlsx",)), ("libreoffice via .ods", ("ods", "xlsx"))):
        source = ward
        out = folder / label.replace(" ", "_")
        for step in steps:
            subprocess.run([soffice, profile, "--headless", "--convert-to", step, "--outdir", str(out), str(source)],
                           check=True, capture_output=True)
            source = out / f"{ward.stem}.{step}"
        found[label] = source
    return found


def ratio(data: bytes, runs: int) -> tuple[float, float, float]:
    """calamine's and the loader's median times, and the median of the pairs' ratios."""
    bare, loader = [], []
    for _ in range(runs):
        bare.append(timed(lambda: calamine_read(data)))
        loader.append(timed(lambda: read_workbook(data)))
    ratios = [w / b for b, w in zip(bare, loader, strict=True)]
    return statistics.median(bare), statistics.median(loader), statistics.median(ratios)


def variants(ward: Path, folder: Path, runs: int) -> None:
    files = {"template writer (openpyxl)": ward}
    files.update(round_trips(ward, folder))
    files.update(build(folder / "variants", ward, tuple(name for name in XLSX_VARIANTS if name not in UNTIMED)))
    print(f"\nthe 120-pledge ward as other programs save it ({runs} pairs each, median of the pairs' ratios):")
    print(f"{'variant':34s} {'calamine':>9s} {'loader':>8s} {'ratio':>6s}  outcome")
    worst = 0.0
    for label, path in files.items():
        data = path.read_bytes()
        result = read_workbook(data)
        outcome = "read" if result.ok else f"{len(result.errors)} error(s), as the variant means"
        bare, loader, pair_ratio = ratio(data, runs)
        worst = max(worst, pair_ratio)
        print(f"{label:34s} {bare * 1000:7.1f}ms {loader * 1000:6.1f}ms {pair_ratio:5.2f}x  {outcome}")
    print(f"highest ratio {worst:.2f}x (goal ≤ 4x on every variant); not timed: {', '.join(UNTIMED)} "
          "(calamine copies its 1 MB text into 4,000 cells)")


def whole_process(path: Path, runs: int) -> None:
    """`pledges validate FILE` against a new process reading the file with calamine, pair by pair."""
    pledges = Path(sys.executable).with_name("pledges")
    command = [str(pledges), "validate", str(path)] if pledges.exists() else [
        sys.executable, "-m", "cli.main", "validate", str(path)]
    bare, validate = [], []
    for _ in range(runs):
        for times, args in ((bare, [sys.executable, "-c", CALAMINE_PROCESS, str(path)]), (validate, command)):
            started = time.perf_counter()
            subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    ratios = [v / b for b, v in zip(bare, validate, strict=True)]
    print(f"\npledges validate, whole process: {statistics.median(validate):.2f} s (goal < 0.6 s) against "
          f"{statistics.median(bare):.2f} s for a new process reading every sheet with calamine "
          f"({statistics.median(ratios):.1f}x, median of {runs} pairs)")


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
        whole_process(path, runs)
        variants(path, Path(folder), runs)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
