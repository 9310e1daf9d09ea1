""".xls, .xlsb and .ods through python-calamine: values and merged ranges, no styles.

Some offices still save as Excel 97-2003 (.xls), binary (.xlsb) or
OpenDocument (.ods). Calamine reads their values and merged ranges, so such a
file is accepted rather than sent back, with one warning: calamine exposes no
fills and no number formats, so a Gantt drawn only with shading reads as "no
quarter", and a percent typed as 80% in a %-formatted cell reads as 0.8. When
calamine cannot read the file, the official gets the usual "save as .xlsx"
message of that format.

Calamine is Rust: a panic there prints to the process's stderr, and a runaway
allocation aborts the process. Files that people hand in are therefore read in a
worker process (loaders/bounded.py) whose stderr is its own file and whose memory
and time are limited; in-process reads (trusted files: the samples, benchmarks)
may print a panic message, which no longer warrants pointing every thread's fd 2 at
/dev/null around each call.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from loaders.findings import Findings
from loaders.grid import Grid
from loaders.safety import (
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    FileRefused,
    OtherFormat,
    too_many_cells,
    too_many_rows,
)
from loaders.xlsx import SheetEntry

SUFFIX = {"xls": ".xls", "xlsb": ".xlsb", "ods": ".ods"}


def format_warning(kind: str) -> str:
    return (
        f"이 파일 형식({SUFFIX.get(kind, kind)})에서는 셀 색칠과 표시 형식을 읽을 수 없습니다. 추진일정은 ● 같은 "
        "표시를 적은 분기만 일정으로 읽었으니 색칠만 한 분기에는 ●를 적고, 백분율 서식(80%)으로 보이는 값은 "
        "0.8로 읽히니 80처럼 적어 주세요 (Excel 통합 문서(.xlsx)로 저장해 올리면 그대로 읽습니다)"
    )


def _value(value: object) -> object:
    """Calamine's types as the .xlsx reader gives them: whole floats as int, dates as datetime."""
    if value == "" or value is None:
        return None
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def read_other(
    data: bytes,
    other: OtherFormat,
    choose: Callable[[list[SheetEntry], Findings], dict[str, SheetEntry]],
    findings: Findings,
) -> dict[str, Grid]:
    """Grids of the spec's sheets of a .xls/.xlsb/.ods, or the format's refusal when unreadable."""
    import python_calamine

    visible = python_calamine.SheetVisibleEnum.Visible
    types = python_calamine.SheetTypeEnum
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        entries = [
            SheetEntry(meta.name, meta.name, "visible" if meta.visible == visible else "hidden", kind)
            for meta in book.sheets_metadata
            if (kind := _kind(meta.typ, types)) is not None
        ]
        wanted = choose(entries, findings)
        grids = {key: _grid(book, e.title) for key, e in wanted.items() if e.kind == "worksheet"}
    except FileRefused:
        raise
    except BaseException as problem:  # calamine's errors and a Rust panic (a BaseException)
        # a MemoryError is the bounded worker's memory limit: its own refusal, not "save as .xlsx"
        if isinstance(problem, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise other from None
    findings.warning("", format_warning(other.kind))
    return {key: grid.finish() for key, grid in grids.items()}


#: calamine's sheet types as SheetEntry kinds: a chart sheet is named to the official, not dropped
#: (an .ods has no chart sheets: calamine calls each of its sheets a worksheet)
_KINDS = (
    ("WorkSheet", "worksheet"),
    ("ChartSheet", "chartsheet"),
    ("DialogSheet", "dialogsheet"),
    ("MacroSheet", "macrosheet"),
    ("Vba", "module"),
)


def _kind(typ: object, types: object) -> str | None:
    """The kind of a calamine sheet type (its enum values compare but do not hash)."""
    return next((kind for name, kind in _KINDS if typ == getattr(types, name)), None)


def _grid(book: object, title: str) -> Grid:
    sheet = book.get_sheet_by_name(title)
    if sheet.height > MAX_SHEET_ROWS:
        raise too_many_rows(title)
    if sheet.height * sheet.width > MAX_SHEET_CELLS:
        raise too_many_cells(title)
    grid = Grid(title=title)
    start_row, start_col = sheet.start or (0, 0)
    for r, row in enumerate(sheet.to_python(skip_empty_area=True), start=start_row + 1):
        for c, raw in enumerate(row, start=start_col + 1):
            value = _value(raw)
            if value is not None:
                grid.values[(r, c)] = value
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        grid.merged_ranges.append((top + 1, left + 1, bottom + 1, right + 1))
    return grid
