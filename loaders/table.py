"""The data rows of a table sheet: header matched, blank rows skipped, repeats filled down.

Officials leave 공약번호 (and in some sheets 세부사업) empty on rows that repeat
the one above, or merge them; `rows()` hands the sheet readers rows where that
is already resolved, each value paired with its cell for precise findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from keyword import iskeyword

from loaders.cells import NONE_MARKS, fold_text, pledge_id
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.headers import YearColumn, column_map, find_header_row, year_columns

_UNREAD = object()
_NO_NAMES: frozenset[str] = frozenset()


def record_maker(cls: type) -> Callable[..., object]:
    """A constructor for a frozen dataclass taking every field, in order, at half the cost.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`;
    for the thousands of amounts and points of one read, handing the instance
    its `__dict__` in field order at once gives the same object (equal, same
    hash, same pickle). The function is written from the class's own fields, as
    `dataclasses` writes `__init__`, so a field added to the model is a missing
    argument here, never a silently absent attribute. A class this cannot be
    sure of (not a frozen dataclass, slots, `__post_init__`, a field outside
    `__init__`) gets its own constructor back.
    """
    params = getattr(cls, "__dataclass_params__", None)
    names = [f.name for f in fields(cls)] if params is not None else []
    if (
        params is None or not params.frozen or "__slots__" in vars(cls) or hasattr(cls, "__post_init__")
        or not all(f.init for f in fields(cls))
        or not all(name.isidentifier() and not iskeyword(name) and not name.startswith("_maker") for name in names)
    ):
        return cls
    source = (
        f"def make({', '.join(names)}):\n"
        f"    _maker_record = _maker_new(_maker_cls)\n"
        f"    _maker_set(_maker_record, '__dict__', {{{', '.join(f'{name!r}: {name}' for name in names)}}})\n"
        f"    return _maker_record\n"
    )
    scope = {"_maker_new": object.__new__, "_maker_set": object.__setattr__, "_maker_cls": cls}
    exec(source, scope)
    return scope["make"]


@dataclass
class Table:
    grid: Grid
    header_row: int
    columns: dict[str, int]  # canonical header → column number

    @property
    def sheet(self) -> str:
        return self.grid.title


class Row(dict):
    """One data row: its values by header (`row.get(name)`), its number and its 공약번호.

    A dict itself, with the row's facts in slots: one is made for every row of every sheet,
    and filling it in place costs less than building a dict and a record around it.
    """

    __slots__ = ("number", "pledge_id", "explicit_id")
    number: int
    #: typed on this row, or carried down from the rows above
    pledge_id: str
    #: True when 공약번호 was typed on this row (not filled down or spread from a merge)
    explicit_id: bool


def open_table(
    grid: Grid, required: tuple[str, ...], optional: tuple[str, ...], findings: Findings
) -> Table | None:
    """Locate the header and the columns; a missing header or column is an error."""
    header_row = find_header_row(grid)
    if header_row is None:
        findings.error(
            grid.title,
            "머리글 행을 찾지 못했습니다 (위에서 10행 안에 '공약번호' 칸이 있는 머리글 행이 있어야 합니다)",
        )
        return None
    found = column_map(grid, header_row)
    missing = [name for name in required if name not in found]
    for name in missing:
        findings.error(
            grid.title, f"필수 열 '{name}'이(가) 없습니다 (머리글 행 {header_row}행에 추가해 주세요)"
        )
    if missing:
        return None
    columns = {name: found[name] for name in (*required, *optional) if name in found}
    return Table(grid, header_row, columns)


def rows(
    table: Table,
    *,
    first_row: int | None = None,
    content: tuple[str, ...],
    fill_down: tuple[str, ...] = (),
    extra_content_cols: tuple[int, ...] = (),
    findings: Findings,
) -> Iterator[Row]:
    """Data rows below the header; blank rows (no value in `content`) are skipped."""
    grid = table.grid
    get, shading = grid.values.get, grid.shading
    pairs = tuple(table.columns.items())
    id_col = table.columns["공약번호"]
    merged_from_above = _merged_cells_below_top(grid, id_col)
    last_id: str | None = None
    last_fill: dict[str, object] = {}
    ids: dict[str, str | None] = {}
    start = first_row if first_row is not None else table.header_row + 1
    for number in range(start, grid.max_row + 1):
        values = Row()  # {name: value} in column order, filled in place (the cheapest way found)
        for name, col in pairs:
            values[name] = get((number, col))
        # `is_blank` spelled out: this runs for every row of every sheet
        has_content = False
        for name in content:
            value = values.get(name)
            if value is not None and not (isinstance(value, str) and value.strip() in NONE_MARKS):
                has_content = True
                break
        else:
            for c in extra_content_cols:
                value = get((number, c))
                if (value is not None and not (isinstance(value, str) and value.strip() in NONE_MARKS)) or (
                    (number, c) in shading
                ):
                    has_content = True
                    break
        raw = values.get("공약번호")
        if raw.__class__ is str:  # the same few numbers on every row: each text read once
            raw_id = ids.get(raw, _UNREAD)
            if raw_id is _UNREAD:
                raw_id = ids[raw] = pledge_id(raw)
        else:
            raw_id = pledge_id(raw)
        if not has_content:
            if raw_id is not None:
                last_id = raw_id
                last_fill = {}
            continue
        explicit = raw_id is not None and (number, id_col) not in merged_from_above
        if raw_id is None:
            if last_id is None:
                findings.error(
                    table.sheet,
                    "공약번호가 비어 있습니다 (첫 행에는 공약번호를 적어 주세요)",
                    number,
                    id_col,
                )
                continue
            raw_id = last_id
        if raw_id != last_id:
            last_fill = {}
        for name in fill_down:
            if fold_text(values.get(name)) is None:
                if name in last_fill:
                    values[name] = last_fill[name]
            else:
                last_fill[name] = values[name]
        last_id = raw_id
        values.number, values.pledge_id, values.explicit_id = number, raw_id, explicit
        yield values


def _merged_cells_below_top(grid: Grid, col: int) -> set[tuple[int, int]]:
    """Cells that show a merged range's value without holding it (all but the top-left)."""
    return grid.merged_followers.get(col, set())


def known_pledge(table: Table, row: Row, pledge_ids: set[str], findings: Findings) -> bool:
    """Every sheet's 공약번호 must be one of sheet 공약's."""
    if row.pledge_id in pledge_ids:
        return True
    findings.error(
        table.sheet,
        f"공약번호 {row.pledge_id}은(는) 공약 시트에 없습니다 (공약 시트의 공약번호와 같게 적어 주세요)",
        row.number,
        table.columns["공약번호"],
    )
    return False


def known_subproject(
    table: Table, row: Row, name: str, subprojects: dict[str, set[str]] | None, findings: Findings,
    *, hint: str = "",
) -> bool:
    """Sub-project names in the other sheets must match 추진일정's (after trimming and folding)."""
    if subprojects is None or name in subprojects.get(row.pledge_id, _NO_NAMES):
        return True
    findings.error(
        table.sheet,
        f"'{name}'은(는) 추진일정에 없는 세부사업입니다 (추진일정의 세부사업 이름과 똑같이 적어 주세요{hint})",
        row.number,
        table.columns["세부사업"],
    )
    return False


def year_columns_or_error(table: Table, findings: Findings) -> list[YearColumn] | None:
    """The sheet's year columns; None (and an error) when a sheet with data rows has none."""
    years = year_columns(table.grid, table.header_row)
    if years or not _has_rows(table):
        return years
    findings.error(
        table.sheet,
        "연도 열을 찾지 못했습니다 (머리글에 2018, 2018년 또는 2022.6. 같은 연도 열을 두어 주세요)",
        table.header_row,
        1,
    )
    return None


def _has_rows(table: Table) -> bool:
    """Whether any cell below the header holds something (an empty sheet needs no year columns)."""
    grid = table.grid
    return any(
        grid.value(row, col) is not None
        for row in range(table.header_row + 1, grid.max_row + 1)
        for col in range(1, grid.max_col + 1)
    )
