"""The quarterly documents on a 120-pledge ward (`python bench/report_bench.py`).

Writes bench/workbooks.py's 120-pledge workbook (3–6 sub-projects, 5 years each),
imports it into a temporary SQLite store, then times, each over a few runs in this
process (median, best and worst: the machine may be shared): the ward's whole report
(PDF, Excel, 한글 HWPX) and a single card (PDF, Excel, HWPX), each read from the store as
`pledges report` does. Goals (issue 12): the report under 10 s, a card under 1 s; for
the HWPX (issue 30) a card under 0.5 s and the 120-pledge report under 10 s.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import documents  # noqa: E402
from bench.workbooks import write_ward  # noqa: E402
from store import open_store  # noqa: E402

WARD, AS_OF = "벤치구", dt.date(2020, 12, 31)


def timed(label: str, make, runs: int) -> bytes:
    times, content = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        content = make()
        times.append(time.perf_counter() - started)
    print(f"{label:<26} median {statistics.median(times):6.2f} s   best {min(times):6.2f} s   "
          f"worst {max(times):6.2f} s   ({len(content):,} bytes)")
    return content


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = write_ward(Path(tmp) / "bench.xlsx", WARD, AS_OF, pledges=120)
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        outcome = store.import_file(book)
        assert outcome.status == "stored", outcome.message
        pdf = timed("report PDF (120 pledges)", lambda: documents.report_pdf(store, WARD, AS_OF), runs)
        timed("report Excel (120 pledges)", lambda: documents.report_xlsx(store, WARD, AS_OF), runs)
        timed("report HWPX (120 pledges)", lambda: documents.report_hwpx(store, WARD, AS_OF), runs)
        timed("card PDF", lambda: documents.card_pdf(store, WARD, AS_OF, "60"), runs)
        timed("card Excel", lambda: documents.card_xlsx(store, WARD, AS_OF, "60"), runs)
        timed("card HWPX", lambda: documents.card_hwpx(store, WARD, AS_OF, "60"), max(runs, 5))
        (Path(tmp) / "report.pdf").write_bytes(pdf)
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
        print(f"report PDF pages: {pages or 'n/a'}")
        store.engine.dispose()


if __name__ == "__main__":
    main()
