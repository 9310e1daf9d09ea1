"""Progress on a terminal, for the commands that can take more than a couple of seconds.

An operator watching `pledges backup` or `publish` on the city store must be able to tell a slow
run from a hung one: what is being done, how far along, the time gone and the time left, in
Korean. Drawn by rich (a live line on stderr that it redraws and clears at the end), only when
a person is watching: stdout and stderr both terminals and no `--json`. Into a pipe, a file, cron
mail or a script, nothing extra is written, so the output stays the message lines it always was.
rich is imported only when a bar is drawn: the commands start as fast without it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: (done, total, what): the callback the store and the site call as they go
Callback = Callable[[int, int, str], None]


def wanted(args: argparse.Namespace | None = None) -> bool:
    """A person is watching: both streams are terminals, the terminal can redraw, no JSON is asked for."""
    if args is not None and getattr(args, "json", False):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return _tty(sys.stdout) and _tty(sys.stderr)


def _tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # replaced or closed streams (tests' captures)
        return False


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "계산 중"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _bar(spinner_only: bool):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
    )
    from rich.table import Column
    from rich.text import Text

    class Times(ProgressColumn):
        """경과 (time gone) and 남은 시간 (rich's own columns say "-:--:--" and nothing in Korean)."""

        def render(self, task) -> Text:
            gone = f"경과 {_clock(task.elapsed or 0)}"
            if task.total is None or spinner_only:
                return Text(gone, style="progress.elapsed")
            left = None if task.finished else task.time_remaining
            return Text(f"{gone} · 남은 시간 {_clock(0 if task.finished else left)}", style="progress.remaining")

    # the words take the room the bar and the times leave, cut with … on a narrow terminal
    columns = [SpinnerColumn(), TextColumn("{task.description}", table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1))]
    if not spinner_only:
        columns += [BarColumn(bar_width=16), TaskProgressColumn()]
    columns.append(Times())
    return Progress(*columns, console=Console(file=sys.stderr), transient=True, expand=not spinner_only)


@contextmanager
def progress(args: argparse.Namespace | None, label: str) -> Iterator[Callback | None]:
    """A callback that draws `label` with how far along and the time left, or None when nobody watches.

    A step that starts over (a smaller count, or another total: verify's files, then its figures)
    starts the bar afresh, so the time left is that step's own.
    """
    if not wanted(args):
        yield None
        return
    with _bar(spinner_only=False) as bar:
        task = bar.add_task(label, total=None)
        last = {"done": 0, "total": None}

        def report(done: int, total: int, what: str) -> None:
            description = f"{label}: {what}" if what else label
            if done < last["done"] or total != last["total"]:
                bar.reset(task, total=max(total, 1), completed=done, description=description)
            else:
                bar.update(task, completed=done, description=description)
            last.update(done=done, total=total)

        yield report


@contextmanager
def spinner(args: argparse.Namespace | None, label: str) -> Iterator[None]:
    """For work that reports no steps: `label` with a spinner and the time gone, while a person watches."""
    if not wanted(args):
        yield
        return
    with _bar(spinner_only=True) as bar:
        bar.add_task(label, total=None)
        yield
