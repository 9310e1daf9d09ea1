"""The bounded read (loaders/bounded.py) against today's in-process read, and what legitimate files need.

    python bench/bounded_bench.py [RUNS]

Goal (issue 24): reading the 120-pledge ward through a pre-started worker stays within
1.5x of `loaders.read_workbook` in the same process (interleaved runs, medians, and the
median of the pair-by-pair ratios). Then, each in a fresh worker, the peak address space
(VmPeak: what RLIMIT_AS limits), peak resident memory and CPU time of reading the
120-pledge ward and a ~20 MB workbook at the upload limit (the ward with 49,000 more
추진실적 rows of random text, so the zip cannot compress it): the figures the default limits
(1 GB, 30 s) were chosen from.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import resource
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.variants import _parts, _zip  # noqa: E402
from bench.workbooks import write_ward  # noqa: E402
from loaders import bounded  # noqa: E402
from loaders.safety import MAX_UPLOAD_BYTES  # noqa: E402
from loaders.workbook import read_workbook  # noqa: E402

ACHIEVEMENTS = "xl/worksheets/sheet6.xml"  # 추진실적 (the template writer's order)


def timed(action) -> float:
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def speed(data: bytes, runs: int) -> None:
    bounded.start_workers()
    for _ in range(3):  # warm both: the worker's first read, the parent's imports
        assert bounded.read_bounded(data, "ward.xlsx").ok
        assert read_workbook(data).ok
    inside, outside = [], []
    for _ in range(runs):  # interleaved, so a busy moment of the machine hits both alike
        inside.append(timed(lambda: read_workbook(data, file_name="ward.xlsx")))
        outside.append(timed(lambda: bounded.read_bounded(data, "ward.xlsx")))
    a, b = statistics.median(inside), statistics.median(outside)
    pairs = statistics.median(o / i for i, o in zip(inside, outside, strict=True))
    print(f"in-process read_workbook: {a * 1000:.0f} ms (median of {runs}; min {min(inside) * 1000:.0f}, "
          f"max {max(inside) * 1000:.0f})")
    print(f"bounded read (warm pool): {b * 1000:.0f} ms (min {min(outside) * 1000:.0f}, "
          f"max {max(outside) * 1000:.0f})")
    print(f"ratio: {b / a:.2f}x of the medians, {pairs:.2f}x median pair by pair (goal <= 1.5x)")


def _workers_cpu() -> float:
    """CPU seconds the pool's live workers have used (from /proc: the parent cannot see a child's rusage until it ends)."""
    pool = bounded._the_pool
    total = 0.0
    for worker in list(pool.everyone) if pool else []:
        fields = Path(f"/proc/{worker.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def cpu(data: bytes, runs: int) -> None:
    """CPU time, steadier than the wall clock on a busy machine: the parent's and the worker's."""
    inside, outside = [], []
    for _ in range(runs):
        gc.collect()
        started = time.process_time()
        read_workbook(data, file_name="ward.xlsx")
        inside.append(time.process_time() - started)
        gc.collect()
        started, worker = time.process_time(), _workers_cpu()
        bounded.read_bounded(data, "ward.xlsx")
        outside.append(time.process_time() - started + _workers_cpu() - worker)
    a, b = statistics.median(inside), statistics.median(outside)
    print(f"CPU time, median of {runs}: in-process {a * 1000:.0f} ms, bounded (parent + worker) {b * 1000:.0f} ms: "
          f"{b / a:.2f}x")


def cold(data: bytes) -> None:
    """A process's first bounded read: the pool starts (fresh interpreters import the loader)."""
    bounded.shutdown()
    seconds = timed(lambda: bounded.read_bounded(data, "ward.xlsx"))
    print(f"first read of a process (pool started on demand): {seconds:.2f} s")


def measured_read(data: bytes) -> dict[str, float]:
    """Run in a worker: one read and what it cost this process."""
    started = time.perf_counter()
    result = read_workbook(data, file_name="measured.xlsx")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "vm_peak_mb": int(status["VmPeak"].split()[0]) / 1024, "rss_peak_mb": int(status["VmHWM"].split()[0]) / 1024,
            "ok": result.ok, "errors": len(result.errors)}


def needs(label: str, data: bytes) -> None:
    bounded.shutdown()  # a fresh worker: its peaks are this read's
    limits = bounded.Limits(memory_mb=4096, seconds=300)
    report = bounded.run_bounded("bench.bounded_bench:measured_read", data, limits=limits)
    print(f"{label} ({len(data) / 1024 / 1024:.1f} MB): {report['seconds']:.2f} s, worker CPU "
          f"{report['cpu']:.2f} s (with its imports), VmPeak {report['vm_peak_mb']:.0f} MB, "
          f"peak RSS {report['rss_peak_mb']:.0f} MB, read ok {report['ok']}")


def _with_long_achievements(ward: bytes, length: int) -> bytes:
    """The ward with 49,000 more 추진실적 rows of random text `length` characters long.

    Every row is read (추진실적 is one of the six sheets) and valid, so this is the most a
    legitimate file at the size limit can ask of the reader; random text keeps the zip
    from compressing it.
    """
    rng = random.Random(0)
    alphabet = string.ascii_letters + string.digits + "가나다라마바사아자차카타파하 "
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%d</t></is></c>'
        b'<c r="C%d" t="inlineStr"><is><t>2019.3.</t></is></c>'
        b'<c r="D%d" t="inlineStr"><is><t>%s</t></is></c></row>'
        % (n, n, n % 120 + 1, n, n, "".join(rng.choices(alphabet, k=length)).encode())
        for n in range(600, 49_600)
    )
    _, parts = _parts(ward)
    parts[ACHIEVEMENTS] = parts[ACHIEVEMENTS].replace(b"</sheetData>", rows + b"</sheetData>")
    return _zip(parts)


def at_upload_limit(ward: bytes) -> bytes:
    """`_with_long_achievements` with texts long enough to come just under the upload limit."""
    short, long = len(_with_long_achievements(ward, 100)), len(_with_long_achievements(ward, 200))
    length = int(100 + 100 * (MAX_UPLOAD_BYTES * 0.98 - short) / (long - short))
    while len(data := _with_long_achievements(ward, length)) > MAX_UPLOAD_BYTES:
        length -= 10
    return data


def main(runs: int = 21) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = write_ward(Path(folder) / "ward.xlsx", "벤치구", dt.date(2020, 12, 31)).read_bytes()
        result = read_workbook(data)
        assert result.ok, result.errors[:3]
        print(f"workbook: {len(data) / 1024:.0f} KB, {len(result.snapshot.pledges)} pledges, "
              f"{len(result.snapshot.subprojects)} sub-projects; limits now {bounded.Limits.from_env()}; "
              f"{os.cpu_count()} cores")
        speed(data, runs)
        cpu(data, runs)
        cold(data)
        needs("120-pledge ward", data)
        needs("at the upload limit", at_upload_limit(data))
    bounded.shutdown()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
