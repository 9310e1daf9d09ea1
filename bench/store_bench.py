"""City-scale store: one ward's summary and the whole city's (`python bench/store_bench.py`).

Builds 25 wards × 8 quarterly snapshots × 100 pledges (3–6 sub-projects each)
through the real import path (workbooks written by the template writer, read
by the loader, stored by `Store.import_file`) into bench/out/city.sqlite, once;
later runs reuse it. Goals: one ward under 0.3 s, the city's summary under 3 s, and the
city view (25 wards, from the figures kept at import) cold under 1 s. "Cold" is a new
store object (a new engine and connection) in this process, each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.workbooks import write_ward
from figures.progress import pledge_progress
from figures.snapshot import city_rows
from figures.summary import summary_document
from store import open_store

OUT = Path(__file__).resolve().parent / "out"
WARDS = ["종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구",
         "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구",
         "관악구", "서초구", "강남구", "송파구", "강동구"]
QUARTER_ENDS = [dt.date(2019, 3, 31), dt.date(2019, 6, 30), dt.date(2019, 9, 30), dt.date(2019, 12, 31),
                dt.date(2020, 3, 31), dt.date(2020, 6, 30), dt.date(2020, 9, 30), dt.date(2020, 12, 31)]


def build(path: Path, wards: int, snapshots: int, pledges: int) -> float:
    store = open_store(f"sqlite:///{path}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for w, ward in enumerate(WARDS[:wards]):
            for s, as_of in enumerate(QUARTER_ENDS[:snapshots]):
                workbook = write_ward(Path(folder) / f"{w}_{s}.xlsx", ward, as_of, pledges, seed=w)
                outcome = store.import_file(workbook, by="bench")
                assert outcome.status == "stored", outcome.message
            print(f"  {ward}: {snapshots} snapshots stored ({time.perf_counter() - started:.0f} s)", flush=True)
    store.engine.dispose()
    return time.perf_counter() - started


def median(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", type=int, default=25)
    parser.add_argument("--snapshots", type=int, default=8)
    parser.add_argument("--pledges", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"city_{args.wards}x{args.snapshots}x{args.pledges}.sqlite"
    if not path.exists():
        print(f"building {path.name} through the real import path …")
        seconds = build(path.with_suffix(".partial"), args.wards, args.snapshots, args.pledges)
        path.with_suffix(".partial").rename(path)
        print(f"built in {seconds:.0f} s ({args.wards * args.snapshots} imports)")
    url = f"sqlite:///{path}"
    store = open_store(url)
    wards = store.wards()
    one = median(lambda: summary_document([store.frames(wards[0])]), args.runs)
    city = median(lambda: summary_document(store.frames_many(wards)), args.runs)

    def city_view_cold() -> None:
        fresh = open_store(url)
        city_rows(fresh.figures_many(fresh.wards()))
        fresh.engine.dispose()

    def city_view_recomputed() -> None:  # what the city view did before the figures were kept
        fresh = open_store(url)
        [pledge_progress(f) for f in fresh.frames_many(fresh.wards())]
        fresh.engine.dispose()

    kept = median(city_view_cold, args.runs)
    recomputed = median(city_view_recomputed, args.runs)
    size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(path.name + "-*"))
    print(f"store: {len(wards)} wards, {len(store.as_of_dates(wards[0]))} snapshots each, "
          f"{args.pledges} pledges per snapshot; {size / 1024 / 1024:.0f} MB on disk (SQLite)")
    print(f"one ward's summary: {one:.3f} s (median of {args.runs}; goal < 0.3 s)")
    print(f"whole city's summary, recomputed from the rows: {city:.3f} s (median of {args.runs}; goal < 3 s)")
    print(f"city view (25 wards) cold, from the figures kept at import: {kept:.3f} s "
          f"(median of {args.runs}; goal < 1 s); recomputing it from the rows: {recomputed:.3f} s "
          f"({recomputed / kept:.0f}× slower)")


if __name__ == "__main__":
    main()
