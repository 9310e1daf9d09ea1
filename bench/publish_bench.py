"""Publishing the whole city (`python bench/publish_bench.py`): issue 13's scale goal.

Uses the city-scale store of bench/store_bench.py (25 wards × 8 quarters × 100 pledges,
built once into bench/out/city_25x8x100.sqlite), approves every version on a copy, then times
`documents.site.publish` without card PDFs (goal: under 60 s, with Seoul's map, each pledge's
path across its quarters and the Atom feeds) and reports the pages written, the CPU time of
the worker processes (steadier than the wall clock on a shared machine), the largest pledge
page (goal: under 300 KB without the shared plotly.js) and the feeds. The card PDFs of one
ward's newest quarter are timed apart (they scale with pledges); `--no-pdf-ward` skips them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from documents.site import publish
from store import open_store
from store.models import ReviewRow, SnapshotRow

CITY = Path(__file__).resolve().parent / "out" / "city_25x8x100.sqlite"


def approved_copy(folder: Path) -> str:
    target = folder / "city.sqlite"
    shutil.copyfile(CITY, target)
    url = f"sqlite:///{target}"
    store = open_store(url)
    with store.engine.begin() as conn:
        ids = list(conn.execute(select(SnapshotRow.id)).scalars())
        conn.execute(insert(ReviewRow), [dict(snapshot_id=i, state="승인", reason="", reviewed_by="bench",
                                              reviewed_at=dt.datetime.now(dt.UTC)) for i in ids])
    store.engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-pdf-ward", action="store_true", help="skip timing one ward's card PDFs")
    args = parser.parse_args()
    if not CITY.exists():
        sys.exit("bench/out/city_25x8x100.sqlite is missing: run `python bench/store_bench.py` first (about 10 minutes)")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(approved_copy(Path(folder)))
        out = Path(folder) / "site"
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        result = publish(store, out, pdf=False, processes=args.processes)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
        pages = list(out.rglob("pledge-*.html"))
        largest = max(p.stat().st_size for p in pages)
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"whole city without card PDFs: {result.wards} wards, {result.quarters} quarters, "
              f"{len(pages):,} pledge pages in {seconds:.1f} s (goal < 60 s), {args.processes} processes; "
              f"workers' CPU {workers:.1f} s; load average before {load:.1f}")
        print(f"largest pledge page {largest / 1024:.0f} KB (goal < 300 KB); site {total / 2**20:.0f} MB "
              f"incl. plotly.min.js {(out / 'assets' / 'plotly.min.js').stat().st_size / 2**20:.1f} MB")
        feeds = list(out.rglob("feed.xml"))
        entries = sum(p.read_text(encoding="utf-8").count("<entry>") for p in feeds)
        print(f"{len(feeds)} Atom feeds with {entries} entries; the city's "
              f"{(out / 'feed.xml').stat().st_size / 1024:.0f} KB; index.html with the map "
              f"{(out / 'index.html').stat().st_size / 1024:.0f} KB")
        if args.no_pdf_ward:
            return
        ward = store.wards()[0]
        started = time.perf_counter()
        one = publish(store, Path(folder) / "one", wards=[ward], pdf=True, processes=1)
        print(f"one ward ({ward}) with its newest quarter's {one.pdfs} card PDFs: "
              f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
