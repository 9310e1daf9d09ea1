"""Finding the header row and reading header labels: columns, years, quarters, unit notes.

Officials put title rows and `(단위: 백만원)` above the table, reorder columns
and write quarters as `2018.1Q` or as a year row over `1 2 3 4`; all of that is
recognised here so the sheet readers only deal with data rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.cells import header_key
from loaders.grid import Grid

HEADER_SEARCH_ROWS = 10
ID_HEADER = "공약번호"
_UNIT_NOTE = re.compile(r"단위\s*[:：]?\s*(원|천원|백만원|억원)")
_YEAR = re.compile(r"(\d{4})년?")
_YEAR_MONTH = re.compile(r"(\d{4})[.년](\d{1,2})[.월]?")
_FULL_QUARTER = re.compile(r"'?(\d{4}|\d{2})[.\-/년]?(?:Q([1-4])|([1-4])(?:Q|분기))")
_QUARTER = re.compile(r"(?:Q([1-4])|([1-4])(?:Q|분기)?)")


def find_header_row(grid: Grid) -> int | None:
    """The first row within the first 10 whose cells include 공약번호."""
    for row in range(1, min(grid.max_row, HEADER_SEARCH_ROWS) + 1):
        if any(header_key(v) == ID_HEADER for v in grid.row_values(row)):
            return row
    return None


#: other spellings of a header, after spaces are removed (the card writes the first one long)
_ALIASES = {
    "정부·서울시도움(권한명확성)": "정부·서울시도움",
    "정부.서울시도움": "정부·서울시도움",
    "정부ㆍ서울시도움": "정부·서울시도움",
    "정부/서울시도움": "정부·서울시도움",
}


def column_map(grid: Grid, row: int) -> dict[str, int]:
    """Header text (spaces and line breaks removed) → column number; first occurrence wins."""
    found: dict[str, int] = {}
    for col, value in enumerate(grid.row_values(row), start=1):
        key = header_key(value)
        key = _ALIASES.get(key, key)
        if key and key not in found:
            found[key] = col
    return found


def unit_note(grid: Grid, header_row: int) -> str | None:
    """A `단위: 백만원` note in any cell above the header overrides 예산단위 for the sheet."""
    for row in range(1, header_row):
        for value in grid.row_values(row):
            if isinstance(value, str):
                match = _UNIT_NOTE.search(value.replace(" ", ""))
                if match:
                    return match.group(1)
    return None


@dataclass(frozen=True)
class YearColumn:
    col: int
    year: int
    end_month: int  # 12, or M for a `YYYY.M.` column


def year_label(value: object) -> tuple[int, int] | None:
    """`2018`, `2018년`, `2022.6.` (the year up to month 6) → (year, end_month)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if float(value).is_integer() and 1990 <= int(value) <= 2100:
            return int(value), 12
        return None
    text = header_key(value)
    match = _YEAR.fullmatch(text)
    if match:
        return int(match.group(1)), 12
    match = _YEAR_MONTH.fullmatch(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    return None


def year_columns(grid: Grid, row: int) -> list[YearColumn]:
    columns = []
    for col, value in enumerate(grid.row_values(row), start=1):
        label = year_label(value)
        if label:
            columns.append(YearColumn(col, *label))
    return columns


def full_quarter_label(value: object) -> tuple[int, int] | None:
    """One-row quarter labels: `2018.1Q`, `2018-Q1`, `2018 1Q`, `2018년 1분기`, `18.1Q`."""
    if not isinstance(value, str):
        return None
    text = header_key(value).upper()
    match = _FULL_QUARTER.fullmatch(text)
    if not match:
        return None
    year = int(match.group(1))
    year = 2000 + year if year < 100 else year
    return year, int(match.group(2) or match.group(3))


def quarter_number(value: object) -> int | None:
    """The quarter row under a year row: `1`, `1분기`, `1Q`, `Q1`."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value) if float(value) in (1.0, 2.0, 3.0, 4.0) else None
    match = _QUARTER.fullmatch(header_key(value).upper())
    return int(match.group(1) or match.group(2)) if match else None


@dataclass(frozen=True)
class QuarterColumns:
    columns: dict[int, str]  # column → "2018Q1"
    first_data_row: int


def quarter_columns(grid: Grid, header_row: int) -> QuarterColumns:
    """Quarter columns in either header style, and the row where data starts."""
    one_row: dict[int, str] = {}
    for col, value in enumerate(grid.row_values(header_row), start=1):
        label = full_quarter_label(value)
        if label:
            one_row[col] = f"{label[0]}Q{label[1]}"
    if one_row:
        return QuarterColumns(one_row, header_row + 1)
    below = _two_row(grid, header_row, header_row + 1)
    if below:
        return QuarterColumns(below, header_row + 2)
    if header_row > 1:
        above = _two_row(grid, header_row - 1, header_row)
        if above:
            return QuarterColumns(above, header_row + 1)
    return QuarterColumns({}, header_row + 1)


def _two_row(grid: Grid, year_row: int, quarter_row: int) -> dict[int, str]:
    """A year row (merged or written once over its quarters) above a row of quarter numbers."""
    if quarter_row > grid.max_row:
        return {}
    years = grid.row_values(year_row)
    quarters = grid.row_values(quarter_row)
    found: dict[int, str] = {}
    current_year: int | None = None
    for index in range(max(len(years), len(quarters))):
        label = year_label(years[index]) if index < len(years) else None
        if label:
            current_year = label[0]
        elif index < len(years) and years[index] is not None and header_key(years[index]):
            current_year = None  # another header (세부사업 …) ends the run of a year
        quarter = quarter_number(quarters[index]) if index < len(quarters) else None
        if quarter and current_year:
            found[index + 1] = f"{current_year}Q{quarter}"
    return found
