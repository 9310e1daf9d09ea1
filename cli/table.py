"""Text tables whose columns line up on a terminal, in Korean.

A Hangul syllable takes two columns of a terminal and a Latin letter one (Unicode's East Asian
Width), so padding by characters, as `f"{title:<40}"` does, sets the next column anywhere
between two places. Here every cell is measured and padded by its display width (rich's
`cell_len`, the same tables rich draws with), a column too wide for the terminal gives way
(the widest of those allowed to, first) and each cut cell ends with `…` so a reader sees that
something is missing. The width is the terminal's, or 100 columns when the output is not a
terminal (a pipe, a file, cron mail): the same lines whoever reads them.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

from rich.cells import cell_len

#: the width when the output is not a terminal (and COLUMNS does not say)
DEFAULT_WIDTH = 100
#: the narrowest a column that gives way becomes (a cut cell keeps a few characters and its …)
MIN_WIDTH = 8
CUT = "…"


def terminal_width() -> int:
    """The terminal's columns; COLUMNS when set; else DEFAULT_WIDTH."""
    try:
        if sys.stdout.isatty():
            return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    except (AttributeError, ValueError):
        pass
    given = os.environ.get("COLUMNS", "")
    return int(given) if given.isdigit() and int(given) > 0 else DEFAULT_WIDTH


def cut(text: str, width: int) -> str:
    """`text` within `width` display columns, ending with … when something was cut off."""
    if cell_len(text) <= width:
        return text
    kept, used = [], cell_len(CUT)
    for char in text:
        size = cell_len(char)
        if used + size > width:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + CUT


def _pad(text: str, width: int, align: str) -> str:
    room = " " * max(0, width - cell_len(text))
    return room + text if align == "r" else text + room


def _widths(rows: Sequence[Sequence[str]], flexible: set[int], room: int) -> list[int]:
    widths = [max((cell_len(row[i]) for row in rows), default=0) for i in range(len(rows[0]))]
    while sum(widths) > room:
        shrinkable = [i for i in flexible if widths[i] > MIN_WIDTH]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def table(rows: Sequence[Sequence[object]], align: str, *, flexible: Sequence[int] = (), indent: str = "  ",
          gap: str = "  ", width: int | None = None) -> list[str]:
    """The lines of `rows` as columns: `align` one letter per column (l left, r right); the columns
    numbered in `flexible` give way, and are cut, when the lines would be wider than the terminal."""
    cells = [[str(value) if value is not None else "" for value in row] for row in rows]
    if not cells:
        return []
    room = (width or terminal_width()) - cell_len(indent) - cell_len(gap) * (len(align) - 1)
    widths = _widths(cells, set(flexible), room)
    lines = []
    for row in cells:
        parts = [_pad(cut(text, w), w, a) for text, w, a in zip(row, widths, align, strict=True)]
        lines.append((indent + gap.join(parts)).rstrip())
    return lines
