"""A worksheet as a plain grid: values with merged cells spread, shading and number formats.

Sheet readers work on this instead of a spreadsheet library's cells, so the
merge rule ("a merged cell's value applies to every cell it spans") and the
shading rule are applied once, here, for every sheet and every file format.
The readers (loaders/xlsx.py for .xlsx, loaders/calamine.py for .xls/.xlsb/.ods)
fill the raw parts; `finish` spreads merges and takes the extent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from loaders.safety import MAX_SHEET_CELLS, too_many_cells

Cell = tuple[int, int]
_row, _col = itemgetter(0), itemgetter(1)


def column_letters(col: int) -> str:
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    return f"{column_letters(col)}{row}"


@dataclass
class Grid:
    title: str
    values: dict[Cell, object] = field(default_factory=dict)
    shading: set[Cell] = field(default_factory=set)
    formats: dict[Cell, str] = field(default_factory=dict)
    #: cells holding a formula whose result Excel never saved
    uncached_formulas: set[Cell] = field(default_factory=set)
    #: per column, the cells that show a merged range's value without holding it
    merged_followers: dict[int, set[Cell]] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0
    #: merged ranges as (min_row, min_col, max_row, max_col), spread by `finish`
    merged_ranges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: rows the sheet hides (`<row hidden="1">`): read like any other, but worth a warning
    hidden_rows: set[int] = field(default_factory=set)
    #: conditional formatting ranges as written (`C3:R20`) with their bounds; their fills
    #: depend on formulas and cannot be judged as shading
    conditional_ranges: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    def value(self, row: int, col: int) -> object:
        return self.values.get((row, col))

    def is_shaded(self, row: int, col: int) -> bool:
        return (row, col) in self.shading

    def number_format(self, row: int, col: int) -> str | None:
        return self.formats.get((row, col))

    def row_values(self, row: int) -> list[object]:
        return [self.values.get((row, col)) for col in range(1, self.max_col + 1)]

    def finish(self) -> Grid:
        """Spread merged ranges over the cells they span and take the sheet's extent.

        A merged range's area counts against the per-sheet cell limit: one
        `A1:XFD1048576` merge must not become seventeen billion cells.
        """
        values, shading, formats = self.values, self.shading, self.formats
        spread = 0
        for min_row, min_col, max_row, max_col in self.merged_ranges:
            spread += (max_row - min_row + 1) * (max_col - min_col + 1)
            if spread > MAX_SHEET_CELLS:
                raise too_many_cells(self.title)
        for min_row, min_col, last_row, last_col in self.merged_ranges:
            # what a covered cell holds itself is not shown (Excel keeps only the top-left)
            for r in range(min_row, last_row + 1):
                for c in range(min_col, last_col + 1):
                    if (r, c) != (min_row, min_col):
                        values.pop((r, c), None)
                        shading.discard((r, c))
                        formats.pop((r, c), None)
        # one C-level pass over the keys for each: the rows' numbers, the columns'
        max_row = max(map(_row, values), default=0)
        max_col = max(map(_col, values), default=0)
        if shading:
            max_row = max(max_row, max(map(_row, shading)))
            max_col = max(max_col, max(map(_col, shading)))
        for min_row, min_col, last_row, last_col in self.merged_ranges:
            top = (min_row, min_col)
            value = values.get(top)
            shaded = top in shading
            fmt = formats.get(top)
            for r in range(min_row, last_row + 1):
                for c in range(min_col, last_col + 1):
                    if (r, c) != top:
                        self.merged_followers.setdefault(c, set()).add((r, c))
                    if value is not None:
                        values[(r, c)] = value
                    if shaded:
                        shading.add((r, c))
                    if fmt:
                        formats[(r, c)] = fmt
            if value is not None or shaded:
                max_row = max(max_row, last_row)
                max_col = max(max_col, last_col)
        self.max_row, self.max_col = max_row, max_col
        return self
