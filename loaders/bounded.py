"""Every workbook a person hands in is read in a child process with a memory and a time limit.

Why: the parsers we call (calamine for .xls/.xlsb/.ods, lxml and zipfile for .xlsx) are code
we do not control, and a file can make one of them run away. PhpSpreadsheet's public test
file `oleloop.xls` (1 KB, a damaged OLE container) makes calamine allocate without end; read
inside the Streamlit server it took the server, and every official's session, down. The
checks of `loaders/safety.py` cannot see it coming (the file is tiny), so the read itself is
fenced: the reader runs in a worker process whose address space (RLIMIT_AS) and CPU time
(RLIMIT_CPU) are limited, and the parent kills it when the wall clock runs out (a reader that
waits uses no CPU). A worker that dies, times out or runs out of memory is replaced; the
caller gets a `LoadResult` with one Korean file-level error and `refused` set, so nothing is
stored and the store audits the refusal.

How: up to PLEDGES_READ_WORKERS workers started ahead of the files (`start_workers`: the
upload page starts them when an official signs in), each a fresh interpreter (`subprocess`,
so the multi-threaded Streamlit server never forks itself) that imports the loader once and
then serves one request at a time over its own socket; a refused worker's replacement is
started at once, for the next file. Written here rather than with pebble's
ProcessPool on a forkserver context, which was tried first: on Python 3.11 every forkserver
child re-runs the parent's `__main__` (for the `pledges` script that is `cli.main`, with
pandas and SQLAlchemy: 1.2 s and ~100 MB per worker, inside the memory limit), and pebble's
one channel shared by all workers behind cross-process semaphores left "leaked semaphore"
warnings on stderr. One socket per worker also means a killed worker can corrupt nothing
that another uses, and the parent knows exactly which worker died and why.

Limits are set by the worker on itself before each task (soft limits under the inherited hard
ones): RLIMIT_CPU counts a process's whole life, so a fixed limit would fail a long-lived
worker on its hundredth file. A worker's stderr (fd 2) is a file of its own, emptied before
each task: calamine is Rust, its panic and "memory allocation of N bytes failed" messages go
to fd 2 and would break `pledges validate --json`, and reading that file after a worker
aborted tells an allocation failure ("memory") from another crash.

Configuration (environment, read on every call): PLEDGES_READ_MEMORY_MB (default 1024),
PLEDGES_READ_SECONDS (default 30), PLEDGES_READ_WORKERS (default 2, read when a process
first reads). docs/security.md says how the defaults were chosen.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib
import logging
import math
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from loaders.model import Finding, LoadResult, Refused
from loaders.safety import MAX_UPLOAD_BYTES

MEMORY_ENV = "PLEDGES_READ_MEMORY_MB"
SECONDS_ENV = "PLEDGES_READ_SECONDS"
WORKERS_ENV = "PLEDGES_READ_WORKERS"
DEFAULT_MEMORY_MB = 1024
DEFAULT_SECONDS = 30.0
DEFAULT_WORKERS = 2
#: the CPU limit is a backstop behind the parent's wall clock (a worker whose parent is stuck or gone)
CPU_MARGIN_SECONDS = 5
#: a POSIX system (Linux, macOS): workers limited by rlimits; elsewhere (Windows, which has
#: neither rlimits nor SIGXCPU nor fork hooks) files are read in the caller's process, unfenced,
#: rather than every file being refused (docs/security.md)
ISOLATED = hasattr(os, "register_at_fork") and hasattr(signal, "SIGXCPU")
READER = "loaders.bounded_worker:read_in_worker"
_OUT_OF_MEMORY_SIGNS = ("memory allocation of", "MemoryError", "bad_alloc", "Cannot allocate memory",
                        "out of memory")
_ADVICE = "손상된 파일일 수 있습니다. Excel에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장한 뒤 올려 주세요"

log = logging.getLogger(__name__)
# a library's logger: records reach the handlers an application configured, never Python's
# last-resort stderr handler (which would print into `pledges validate --json`'s terminal)
log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Limits:
    """What one read may use: address space in MB, and seconds of wall clock (CPU: a few more)."""

    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def from_env(cls) -> Limits:
        return cls(int(_env_number(MEMORY_ENV, DEFAULT_MEMORY_MB)), _env_number(SECONDS_ENV, DEFAULT_SECONDS))

    @property
    def memory_text(self) -> str:
        """1GB, 1.5GB, 512MB: as an official reads it."""
        return f"{self.memory_mb / 1024:g}GB" if self.memory_mb >= 1024 else f"{self.memory_mb}MB"

    @property
    def seconds_text(self) -> str:
        return f"{self.seconds:g}초"


class BoundedRefusal(Exception):
    """The child ran out of memory or time, or died; `kind` is "memory", "time" or "crash"."""

    def __init__(self, kind: Refused, limits: Limits) -> None:
        super().__init__(kind)
        self.kind: Refused = kind
        self.limits = limits


def _env_number(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not math.isfinite(value) or value <= 0:
        log.warning("%s=%r is not a positive number; using %s", name, text, default)
        return default
    return value


def refusal_message(kind: Refused, file_name: str, limits: Limits) -> str:
    """The Korean sentence an official reads, naming the file and what to do."""
    if kind == "memory":
        what = f"이 파일을 읽다가 메모리 한도({limits.memory_text})를 넘었습니다"
    elif kind == "time":
        what = f"이 파일을 읽다가 시간 한도({limits.seconds_text})를 넘었습니다"
    else:
        what = "이 파일을 읽던 프로그램이 비정상적으로 끝났습니다"
    return f"{file_name}: {what}. {_ADVICE}"


def refused_result(kind: Refused, data: bytes, file_name: str, limits: Limits) -> LoadResult:
    message = refusal_message(kind, file_name, limits)
    return LoadResult(file_name, hashlib.sha256(data).hexdigest(), None, [Finding("error", "", "", message)],
                      refused=kind)


# --- the parent side ---------------------------------------------------------------------------


def read_bounded(source: bytes | str | Path, file_name: str | None = None, *,
                 limits: Limits | None = None) -> LoadResult:
    """`loaders.workbook.read_workbook` in a bounded worker; never raises for a bad file.

    `source` is the file's bytes, or a path, read here in the parent: the worker is handed
    bytes only.
    """
    limits = limits or Limits.from_env()
    if isinstance(source, str | Path):
        path = Path(source)
        file_name = file_name or path.name
        try:
            data = path.read_bytes()
        except OSError:
            from loaders.workbook import (
                read_workbook,  # only here: the parent of a bounded read parses nothing
            )

            return read_workbook(path, file_name=file_name)  # names the problem in Korean; parses nothing
    else:
        data = bytes(source)
    file_name = file_name or "업로드.xlsx"
    if not data or len(data) > MAX_UPLOAD_BYTES:
        # refused for its size before any parsing (loaders/safety.py): not worth a copy to a worker
        from loaders.workbook import read_workbook

        return read_workbook(data, file_name=file_name)
    try:
        return run_bounded(READER, data, file_name, limits=limits)  # type: ignore[return-value]
    except BoundedRefusal as refused:
        return refused_result(refused.kind, data, file_name, limits)
    except Exception:  # read_workbook never raises for bad input: a bug, but the server goes on
        log.exception("reading %s raised in its worker", file_name)
        return refused_result("crash", data, file_name, limits)


def run_bounded(target: str, *args: object, limits: Limits | None = None) -> object:
    """Call `module:function`(*args) in a pool worker under `limits`; return what it returns.

    Raises `BoundedRefusal` when the worker ran out of memory or time or died (it is
    replaced), and re-raises any other exception of the function itself. Waiting for a free
    worker does not count against the time limit.
    """
    limits = limits or Limits.from_env()
    if not ISOLATED:
        return _run_here(target, args, limits)
    request = (target, args, limits.memory_mb * 1024 * 1024, math.ceil(limits.seconds) + CPU_MARGIN_SECONDS)
    pool = _pool()
    worker = pool.take()
    try:
        reply = worker.call(request, limits.seconds)
    except _WorkerGone as gone:
        pool.replace(worker)
        raise BoundedRefusal(gone.kind, limits) from None
    pool.give_back(worker)
    status, value = reply
    if status == "ok":
        return value
    if status == "memory":
        log.warning("a bounded read ran out of memory (limit %s)", limits.memory_text)
        raise BoundedRefusal("memory", limits)
    raise value  # the function's own exception


def _run_here(target: str, args: tuple, limits: Limits) -> object:
    """Where the OS has no rlimits or fork hooks (Windows): the reader in this process, unfenced."""
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)(*args)
    except MemoryError:
        raise BoundedRefusal("memory", limits) from None


class _WorkerGone(Exception):
    def __init__(self, kind: Refused) -> None:
        super().__init__(kind)
        self.kind: Refused = kind


class _Worker:
    """One reader process, the parent's end of its socket, and its stderr file."""

    def __init__(self) -> None:
        mine, theirs = socket.socketpair()
        # an unnamed file (nothing is left behind, whoever dies first); appended to, so a
        # truncation between tasks starts it afresh; read by the parent after a death
        self.err = tempfile.TemporaryFile(mode="a+b")  # noqa: SIM115 - lives as long as the worker
        env = {**os.environ, "RUST_BACKTRACE": "0",
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # the parent's imports, e.g. tests
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys, loaders.bounded_worker as w; w.serve(int(sys.argv[1]))",
             str(theirs.fileno())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.err, env=env,
            pass_fds=(theirs.fileno(),), start_new_session=True,  # no terminal Ctrl-C in the workers
        )
        theirs.close()
        self.conn = Connection(mine.detach())

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, request: tuple, seconds: float) -> tuple[str, object]:
        try:
            self.conn.send(request)
            if not self.conn.poll(seconds):
                self.kill()
                raise _WorkerGone("time")
            return self.conn.recv()
        except (EOFError, OSError):
            pass
        code = self.process.wait()
        said = self._said()
        log.warning("a reader worker (pid %s) ended with %s: %s", self.process.pid, code, said[-500:])
        if code == -signal.SIGXCPU:
            raise _WorkerGone("time") from None
        if any(sign in said for sign in _OUT_OF_MEMORY_SIGNS) or code == -signal.SIGKILL:
            raise _WorkerGone("memory") from None  # a SIGKILL that was not ours: the kernel's OOM killer
        raise _WorkerGone("crash") from None

    def _said(self) -> str:
        """The tail of what the worker wrote to its stderr during its last task."""
        try:
            size = os.fstat(self.err.fileno()).st_size
            return os.pread(self.err.fileno(), 4096, max(0, size - 4096)).decode("utf-8", "replace")
        except OSError:
            return ""

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()

    def close(self, *, wait: float = 2) -> None:
        """Ask it to end (its socket closes: it reads EOF); kill it if it does not."""
        self.conn.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.kill()
        self.err.close()


class _Pool:
    """Up to `size` workers: a caller takes an idle one (one more is started while all are
    busy), then gives it back or has it replaced by a fresh one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.everyone: set[_Worker] = set()
        self.lock = threading.Lock()
        self.closed = False

    def grow(self, up_to: int) -> None:
        """Start workers until `up_to` (at most `size`) exist; each returns at once and imports on its own."""
        while True:
            with self.lock:
                if self.closed or len(self.everyone) >= min(up_to, self.size):
                    return
                worker = _Worker()
                self.everyone.add(worker)
            self.idle.put(worker)

    def take(self) -> _Worker:
        while True:
            try:
                worker = self.idle.get_nowait()
            except queue.Empty:
                self.grow(len(self.everyone) + 1)
                worker = self.idle.get()
            if worker.alive():
                return worker
            self._drop(worker)  # died while idle (killed from outside): not this file's fault

    def give_back(self, worker: _Worker) -> None:
        self.idle.put(worker)

    def replace(self, worker: _Worker) -> None:
        self._drop(worker)
        try:
            self.grow(len(self.everyone) + 1)  # started now, ready for the next caller
        except OSError:  # no process could be started now; the next caller tries again
            log.exception("could not start a reader worker")

    def _drop(self, worker: _Worker) -> None:
        with self.lock:
            self.everyone.discard(worker)
        worker.kill()
        worker.close(wait=0)

    def shutdown(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.everyone)
        for worker in workers:
            worker.close()


_the_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _pool() -> _Pool:
    global _the_pool
    with _pool_lock:
        if _the_pool is None:
            _the_pool = _Pool(int(_env_number(WORKERS_ENV, DEFAULT_WORKERS)))
            _the_pool.grow(1)
        return _the_pool


def _forget_after_fork() -> None:
    """In a forked child (tests fork; the server never does): the parent's workers are not its own.

    The child starts its own pool; it must not talk over the parent's sockets, nor wait on a
    lock that another thread of the parent held at the moment of the fork.
    """
    global _the_pool, _pool_lock
    _pool_lock = threading.Lock()
    if _the_pool is not None:
        for worker in _the_pool.everyone:
            with contextlib.suppress(OSError):
                worker.conn.close()
        _the_pool = None


if ISOLATED:
    os.register_at_fork(after_in_child=_forget_after_fork)


def start_workers() -> None:
    """Start every worker of the pool now, so the first files find them ready (returns at once)."""
    if ISOLATED:
        pool = _pool()
        pool.grow(pool.size)


@atexit.register
def shutdown() -> None:
    """End every worker (at exit; tests and benchmarks may call it too)."""
    global _the_pool
    with _pool_lock:
        pool, _the_pool = _the_pool, None
    if pool is not None:
        pool.shutdown()
