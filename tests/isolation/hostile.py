"""Readers that misbehave on purpose, run through `loaders.bounded.run_bounded` by the tests.

Each takes what a reader takes (the file's bytes and name) so it can stand in for
`read_in_worker`; they live in a module of their own because a worker imports its target
by name.
"""

from __future__ import annotations

import os
import resource
import sys
import time


def sleeps(data: bytes = b"", name: str = "") -> None:
    """Waits without using CPU: only the parent's wall clock can end it."""
    time.sleep(3600)


def spins(data: bytes = b"", name: str = "") -> None:
    """Burns CPU forever."""
    while True:
        pass


def allocates(data: bytes = b"", name: str = "") -> None:
    """Allocates 32 MB at a time until the address-space limit says no (Python's MemoryError)."""
    kept = []
    while True:
        kept.append(bytearray(32 * 1024 * 1024))


def allocates_a_little_then_fails(data: bytes = b"", name: str = "") -> None:
    """A MemoryError without using the memory (safe to run in the test's own process)."""
    raise MemoryError


def maps_past_the_limit(data: bytes = b"", name: str = "") -> None:
    """Maps 2 GB at once: under the limit the kernel says ENOMEM, an OSError (as a lazy import's mmap does)."""
    import mmap

    mmap.mmap(-1, 2 * 1024 * 1024 * 1024)


def aborts_like_rust(data: bytes = b"", name: str = "") -> None:
    """What calamine does when an allocation fails: a line on stderr, then abort()."""
    os.write(2, b"memory allocation of 1073741824 bytes failed\n")
    os.abort()


def segfaults(data: bytes = b"", name: str = "") -> None:
    """Dies of a signal that says nothing about memory."""
    os.kill(os.getpid(), 11)


def raises(data: bytes = b"", name: str = "") -> None:
    raise ValueError(f"{name}: 읽는 함수 자신의 예외")


def chatters(data: bytes = b"", name: str = "") -> str:
    """Writes to stderr (fd 2 and sys.stderr) and succeeds: the parent's stderr must stay clean."""
    os.write(2, b"thread '<unnamed>' panicked at src/xls.rs:1:1\n")
    print("a warning from some library", file=sys.stderr, flush=True)
    return "조용히 끝남"


def worker_facts(data: bytes = b"", name: str = "") -> dict[str, object]:
    """Who the worker is and what limits it is under: pid, soft limits, what it has imported."""
    return {
        "pid": os.getpid(),
        "as": resource.getrlimit(resource.RLIMIT_AS)[0],
        "cpu": resource.getrlimit(resource.RLIMIT_CPU)[0],
        "cpu_used": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
        "core": resource.getrlimit(resource.RLIMIT_CORE)[0],
        "modules": sorted(m for m in ("loaders.workbook", "python_calamine", "pandas", "sqlalchemy",
                                      "streamlit", "store", "cli.main") if m in sys.modules),
        "bytes": len(data),
        "name": name,
    }


def spins_under_its_own_cpu_limit(data: bytes = b"", name: str = "") -> None:
    """Lowers its CPU limit to one second from now and spins: the kernel's SIGXCPU ends it, not the parent."""
    used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    resource.setrlimit(resource.RLIMIT_CPU, (int(used) + 1, resource.getrlimit(resource.RLIMIT_CPU)[1]))
    while True:
        pass
