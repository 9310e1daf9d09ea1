"""Conditional formatting over the schedule: fills that only a formula decides.

Some offices draw the Gantt of 추진일정 with a conditional format (a rule that
colours a quarter when a date falls in it). Its colour exists only when Excel
evaluates the rule, so a reader cannot see it as shading; a quarter area
covered by such a rule and holding no mark of its own would silently read as
"no quarter scheduled". The official is told instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders.cells import fold_text
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.model import Finding

MESSAGE = "조건부 서식으로 칠한 일정은 읽을 수 없습니다. 분기 칸에 ● 같은 표시를 적거나 셀을 직접 칠해 주세요"


def warn_conditional_schedule(
    grid: Grid, quarter_columns: Iterable[int], first_row: int, findings: Findings
) -> None:
    """One warning per conditional range over the quarter columns (data rows) with no mark in it."""
    columns = set(quarter_columns)
    seen = set()
    for text, min_row, min_col, max_row, max_col in grid.conditional_ranges:
        top = max(min_row, first_row)
        if text in seen or top > max_row or not any(min_col <= c <= max_col for c in columns):
            continue
        seen.add(text)

        def inside(cell: tuple[int, int], top: int = top, bottom: int = max_row,
                   left: int = min_col, right: int = max_col) -> bool:
            row, col = cell
            return top <= row <= bottom and left <= col <= right and col in columns

        marked = any(inside(cell) for cell in grid.shading) or any(
            inside(cell) and fold_text(value) is not None for cell, value in grid.values.items()
        )
        if not marked:
            findings.items.append(Finding("warning", grid.title, text, MESSAGE))
