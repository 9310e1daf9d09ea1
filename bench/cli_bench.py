"""How fast `pledges` answers, whole process, against the least a new Python process costs.

    python bench/cli_bench.py [PAIRS]

Pair by pair, interleaved (the machine is shared and drifts): `pledges --help` against a bare
`python -c pass`, and `pledges validate` of the 120-pledge ward (bench/workbooks.py) against a
new process that reads the same file with python-calamine and nothing else. Each line gives
both medians and the median of the pair-by-pair ratios. Goals (issue 32): `--help` < 0.3 s,
`validate` of the 120-pledge ward < 0.6 s.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.workbooks import write_ward  # noqa: E402

#: the installed command as an operator runs it (`pip install -e .`), else the module
SCRIPT = Path(sys.executable).parent / "pledges"
PLEDGES = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "cli.main"]
CALAMINE = """
import sys
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
"""


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def pairs(ours: list[str], baseline: list[str], n: int) -> tuple[list[float], list[float]]:
    """`n` pairs, the order inside each pair alternating, after one warm-up of each (disk cache)."""
    wall(ours), wall(baseline)
    mine, theirs = [], []
    for i in range(n):
        first, second = (ours, baseline) if i % 2 == 0 else (baseline, ours)
        a, b = wall(first), wall(second)
        mine.append(a if first is ours else b)
        theirs.append(b if first is ours else a)
    return mine, theirs


def line(label: str, goal: float, mine: list[float], theirs: list[float], name: str) -> str:
    ratio = statistics.median(m / t for m, t in zip(mine, theirs, strict=True))
    median = statistics.median(mine)
    verdict = "목표 달성" if median < goal else "목표 미달"
    return (f"{label}: {median:.3f} s (min {min(mine):.3f}) vs {name} {statistics.median(theirs):.3f} s: "
            f"{ratio:.2f}× (pair-by-pair median); goal < {goal} s: {verdict}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    with tempfile.TemporaryDirectory() as folder:
        ward = write_ward(Path(folder) / "ward.xlsx", "벤치구", dt.date(2020, 12, 31))
        print(f"{n} pairs each, interleaved; the 120-pledge ward: {ward.stat().st_size / 1024:.0f} KB")
        mine, theirs = pairs([*PLEDGES, "--help"], [sys.executable, "-c", "pass"], n)
        print(line("pledges --help", 0.3, mine, theirs, "python -c pass"))
        mine, theirs = pairs([*PLEDGES, "validate", str(ward)], [sys.executable, "-c", CALAMINE, str(ward)], n)
        print(line("pledges validate (120 pledges)", 0.6, mine, theirs, "calamine read in a new process"))


if __name__ == "__main__":
    main()
