"""Run a folder of other projects' spreadsheet test files through the bounded reader, once.

    python -m tests.isolation.corpus FOLDER [--json OUT]

Not a test (it needs the corpus, which is not in this repository; `fetch` the public
repositories of calamine, xlrd, PhpSpreadsheet, Apache POI, SheetJS and openpyxl and copy
out their spreadsheet files). Every file goes through `loaders.bounded.read_bounded` with
the default limits; it prints how many were read (a LoadResult, with or without findings),
refused in Korean (the worker ran out of memory or time, or died), and killed (anything that
escaped: an exception, a non-Korean refusal, the pool unable to read a good file afterwards),
and the refused files by kind. The pool is checked with a good workbook after every refusal.

The loader parses only the six sheets of the spec, so most of these files are refused before
a parser sees their cells. `--every-sheet` runs `read_every_sheet` instead: the same parsers
(loaders/xlsx.py, calamine) over every sheet of every file, as if each sheet had one of the
spec's names, in the same bounded workers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from loaders.bounded import BoundedRefusal, read_bounded, run_bounded, shutdown
from loaders.findings import Findings
from loaders.safety import FileRefused, OtherFormat, check_bytes
from loaders.xlsx import Damaged, SheetEntry, load_styles, open_package, read_sheets

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "data" / "영등포구_2020-12-31.xlsx"
SUFFIXES = {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".xlam", ".xltx", ".xltm"}
HANGUL = re.compile("[가-힣]")


def _every(entries: list[SheetEntry], findings: Findings) -> dict[str, SheetEntry]:
    return {str(n): entry for n, entry in enumerate(entries)}


def read_every_sheet(data: bytes, file_name: str) -> str:
    """Run in a worker: every sheet through the loader's parsers; what happened, in a word."""
    try:
        try:
            archive = check_bytes(data)
        except OtherFormat as other:
            from loaders.calamine import read_other

            grids = read_other(data, other, _every, Findings())
        else:
            package = open_package(archive)
            grids = read_sheets(package, _every(package.sheets, Findings()), load_styles(package))
    except FileRefused as refused:
        return f"refused by the loader: {refused}"
    except Damaged:
        return "refused by the loader: damaged"
    return f"read {len(grids)} sheets, {sum(len(g.values) for g in grids.values())} cells"


def _every_sheet(path: Path) -> str:
    try:
        said = run_bounded("tests.isolation.corpus:read_every_sheet", path.read_bytes(), path.name)
    except BoundedRefusal as refused:
        return f"refused:{refused.kind}"
    return "read" if str(said).startswith(("read", "refused by the loader")) else "killed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--every-sheet", action="store_true")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    counts: Counter[str] = Counter()
    rows = []
    good = GOOD.read_bytes()
    started = time.perf_counter()
    for path in files:
        begun = time.perf_counter()
        result = None
        try:
            if args.every_sheet:
                outcome = _every_sheet(path)
            else:
                result = read_bounded(path)
                outcome = f"refused:{result.refused}" if result.refused else "read"
                if not all(HANGUL.search(f.message) for f in result.findings):
                    outcome = "killed"
        except Exception as problem:  # counted, never expected
            outcome = "killed"
            print(f"{path}: {problem!r}", file=sys.stderr)
        seconds = time.perf_counter() - begun
        if outcome != "read" and not read_bounded(good, GOOD.name).ok:
            outcome = "killed"  # the pool did not survive
        counts[outcome] += 1
        rows.append({"file": str(path.relative_to(args.folder)), "bytes": path.stat().st_size,
                     "outcome": outcome, "seconds": round(seconds, 3),
                     "ok": bool(result and result.ok), "first": str(result.findings[0]) if result and result.findings else ""})
    read = [r for r in rows if r["outcome"] == "read"]
    refused = [r for r in rows if r["outcome"].startswith("refused")]
    kinds = ", ".join(f"{key.removeprefix('refused:')} {n}" for key, n in sorted(counts.items())
                      if key.startswith("refused"))
    print(f"{len(files)} files in {time.perf_counter() - started:.0f} s: read {len(read)} "
          f"({sum(r['ok'] for r in read)} of them a valid quarter), refused in Korean {len(refused)} "
          f"({kinds or 'none'}), killed {counts['killed']}")
    print(f"slowest read: {max((r['seconds'] for r in read), default=0):.2f} s")
    for row in refused + [r for r in rows if r["outcome"] == "killed"]:
        print(f"  {row['outcome']:16} {row['bytes']:>9}  {row['seconds']:6.2f} s  {row['file']}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    shutdown()
    return 1 if counts["killed"] else 0


if __name__ == "__main__":
    sys.exit(main())
