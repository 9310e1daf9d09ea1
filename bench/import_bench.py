"""Storing the 120-pledge ward (`python bench/import_bench.py [RUNS] [--against CHECKOUT]`).

Goal (issue 28): the import of the 120-pledge ward no slower than before the kept read-model,
which is now computed when a version is stored. Each run is a new process that opens an empty,
already migrated SQLite store (a copy of one made once) and times `Store.import_file` alone: the
bounded read, the checks, the rows, the kept figures and read-model, the audit. With `--against`
the same runs alternate with another checkout of this project (e.g. a `git worktree` of an
earlier commit, run with this project's interpreter), and the pair-by-pair ratios are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = """
import shutil, sys, time
root, empty, target, workbook = sys.argv[1:5]
sys.path.insert(0, root)
import store
shutil.copyfile(empty, target)
opened = store.open_store(f"sqlite:///{target}")
started = time.perf_counter()
outcome = opened.import_file(workbook, by="bench")
assert outcome.status == "stored", outcome.message
print(time.perf_counter() - started)
"""


def run(root: Path, empty: Path, target: Path, workbook: Path) -> float:
    done = subprocess.run([sys.executable, "-c", ONE_RUN, str(root), str(empty), str(target), str(workbook)],
                          cwd=root, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def empty_store(root: Path, path: Path) -> Path:
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(root)!r}); import store; "
                    f"store.open_store('sqlite:///{path}').engine.dispose()"], cwd=root, check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=7)
    parser.add_argument("--against", type=Path, help="another checkout of this project")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.workbooks import write_ward

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbook = write_ward(folder / "ward.xlsx", "벤치구", dt.date(2024, 6, 30))
        roots = {"this checkout": ROOT, **({"--against": args.against.resolve()} if args.against else {})}
        empties = {name: empty_store(root, folder / f"empty{n}.sqlite") for n, (name, root) in enumerate(roots.items())}
        times: dict[str, list[float]] = {name: [] for name in roots}
        for _ in range(args.runs):
            for n, (name, root) in enumerate(roots.items()):
                times[name].append(run(root, empties[name], folder / f"run{n}.sqlite", workbook))
        for name, found in times.items():
            print(f"{name}: import_file of the 120-pledge ward median {statistics.median(found):.3f} s "
                  f"(min {min(found):.3f}, max {max(found):.3f}, {args.runs} runs)")
        if args.against:
            ratios = [a / b for a, b in zip(times["this checkout"], times["--against"], strict=True)]
            print(f"this checkout / --against: median of the pair-by-pair ratios {statistics.median(ratios):.2f}× "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
