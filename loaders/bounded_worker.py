"""The worker side of loaders/bounded.py: a fresh interpreter that reads one file at a time.

It imports the loader (and calamine) once, then answers requests on its socket; before each
task it sets its own limits (RLIMIT_AS, and RLIMIT_CPU counted from the CPU it has used so
far) and empties its stderr file, so the parent can tell an allocation failure from another
death. Kept apart from the pool so that what runs in the child is small and plain.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import math
import os
import resource
import traceback
from multiprocessing.connection import Connection

from loaders.model import LoadResult
from loaders.workbook import read_workbook


def serve(fd: int) -> None:
    """A worker's life: answer requests on socket `fd` until the parent closes it."""
    _set_soft(resource.RLIMIT_CORE, 0)  # an abort leaves no core file behind
    importlib.import_module("loaders.calamine")  # the rare formats' reader too, before the first file
    importlib.import_module("python_calamine")
    conn = Connection(fd)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        reply = _run(*request)
        try:
            conn.send(reply)
        except OSError:
            return
        except Exception as problem:  # pickling failed (before a byte was written)
            conn.send(("error", RuntimeError(f"unpicklable reply: {problem!r}")))


def _set_soft(which: int, value: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, hard))


def _run(target: str, args: tuple, memory_bytes: int, cpu_seconds: int) -> tuple[str, object]:
    """One task: the function's module imported, then this task's limits, an empty stderr file, and the call.

    The module is ours and imported before the limits: they fence what a file makes the code do, and
    a module's import refused under them (pandas wraps that in an ImportError) would look like a fault."""
    try:
        module, _, name = target.partition(":")
        function = getattr(importlib.import_module(module), name)
    except Exception as problem:
        problem.add_note(traceback.format_exc())
        return "error", problem
    used = resource.getrusage(resource.RUSAGE_SELF)
    _set_soft(resource.RLIMIT_CPU, math.ceil(used.ru_utime + used.ru_stime) + cpu_seconds)
    _set_soft(resource.RLIMIT_AS, memory_bytes)
    with contextlib.suppress(OSError):
        os.ftruncate(2, 0)
    try:
        return "ok", function(*args)
    except MemoryError:
        pass  # answered below, once the frames that held the memory are gone
    except OSError as problem:
        if problem.errno != errno.ENOMEM:  # mmap or an import refused under the limit: the same as MemoryError
            problem.add_note(traceback.format_exc())
            return "error", problem
    except Exception as problem:
        problem.add_note(traceback.format_exc())  # notes travel with the pickled exception
        return "error", problem
    return "memory", None


def read_in_worker(data: bytes, file_name: str) -> LoadResult:
    """The reader as a worker runs it: the loader was imported when the worker started."""
    return read_workbook(data, file_name=file_name)
