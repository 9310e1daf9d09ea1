"""A worksheet as a plain grid: values with merged cells spread, shading and number formats.

Sheet readers work on this instead of openpyxl cells, so the merge rule
("a merged cell's value applies to every cell it spans") and the shading rule
are applied once, here, for every sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

#: fills that are not shading: white, or no colour at all
_WHITE = {"FFFFFFFF", "00FFFFFF", "FFFFFF"}


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _shaded(cell) -> bool:  # noqa: ANN001 - openpyxl cell
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return False
    color = fill.fgColor
    if color is None:
        return False
    if color.type == "rgb":
        return isinstance(color.rgb, str) and color.rgb.upper() not in _WHITE
    if color.type == "theme":
        # theme colour 0 without tint is the background (white): not a mark
        return not (color.theme == 0 and not color.tint)
    if color.type == "indexed":
        return color.indexed not in (9, 64)  # 9 white, 64 system background
    return False


@dataclass
class Grid:
    title: str
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    shading: set[tuple[int, int]] = field(default_factory=set)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    #: cells holding a formula whose result Excel never saved
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    #: per column, the cells that show a merged range's value without holding it
    merged_followers: dict[int, set[tuple[int, int]]] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0

    def value(self, row: int, col: int) -> object:
        return self.values.get((row, col))

    def is_shaded(self, row: int, col: int) -> bool:
        return (row, col) in self.shading

    def number_format(self, row: int, col: int) -> str | None:
        return self.formats.get((row, col))

    def row_values(self, row: int) -> list[object]:
        return [self.values.get((row, col)) for col in range(1, self.max_col + 1)]


def grid_from_sheet(ws: Worksheet, uncached: set[tuple[int, int]] | None = None) -> Grid:
    grid = Grid(title=ws.title, uncached_formulas=set(uncached or ()))
    values, shading, formats = grid.values, grid.shading, grid.formats
    max_row = max_col = 0
    shaded_by_fill: dict[int, bool] = {}
    percent_by_format: dict[int, str | None] = {}
    # only the cells the sheet holds (iter_rows would build every empty cell of the rectangle);
    # fills and formats are judged once per style id, not once per cell
    for (row, col), cell in ws._cells.items():
        value = cell._value
        if value is not None and not (isinstance(value, str) and not value.strip()):
            values[(row, col)] = value
            max_row = max(max_row, row)
            max_col = max(max_col, col)
        style = cell._style
        if style is None:
            continue
        fill_id = style.fillId
        if fill_id:
            shaded = shaded_by_fill.get(fill_id)
            if shaded is None:
                shaded = shaded_by_fill[fill_id] = _shaded(cell)
            if shaded:
                shading.add((row, col))
                max_row = max(max_row, row)
                max_col = max(max_col, col)
        format_id = style.numFmtId
        if format_id:
            if format_id not in percent_by_format:
                fmt = cell.number_format
                percent_by_format[format_id] = fmt if fmt and "%" in fmt else None
            fmt = percent_by_format[format_id]
            if fmt:
                formats[(row, col)] = fmt
    for merged in ws.merged_cells.ranges:
        top = (merged.min_row, merged.min_col)
        value = values.get(top)
        shaded = top in shading
        fmt = formats.get(top)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != top:
                    grid.merged_followers.setdefault(c, set()).add((r, c))
                if value is not None:
                    values[(r, c)] = value
                if shaded:
                    shading.add((r, c))
                if fmt:
                    formats[(r, c)] = fmt
        if value is not None or shaded:
            max_row = max(max_row, merged.max_row)
            max_col = max(max_col, merged.max_col)
    grid.max_row, grid.max_col = max_row, max_col
    return grid
