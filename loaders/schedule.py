"""Sheet 추진일정: the sub-projects of each pledge and the quarters each is scheduled in (the Gantt)."""

from __future__ import annotations

from loaders.cells import fold_text
from loaders.conditional import warn_conditional_schedule
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.headers import find_header_row, quarter_columns
from loaders.model import SubProject
from loaders.table import known_pledge, open_table, record_maker, rows

#: `SubProject(...)` with every field given
_subproject = record_maker(SubProject)


def read_schedule(grid: Grid, pledge_ids: set[str], findings: Findings) -> list[SubProject]:
    table = open_table(grid, ("공약번호", "세부사업"), (), findings)
    if table is None:
        return []
    header_row = find_header_row(grid) or table.header_row
    quarters = quarter_columns(grid, header_row)
    if not quarters.columns:
        findings.error(
            table.sheet,
            "분기 열을 찾지 못했습니다 (머리글에 2018.1Q 같은 분기, 또는 연도 행 아래 1 2 3 4 분기 행을 두어 주세요)",
            header_row,
        )
        return []
    warn_conditional_schedule(grid, quarters.columns, quarters.first_data_row, findings)
    ordered: dict[tuple[str, str], set[str]] = {}
    cells, shading, quarter_columns_ = grid.values, grid.shading, tuple(quarters.columns.items())
    for row in rows(
        table,
        first_row=quarters.first_data_row,
        content=("세부사업",),
        extra_content_cols=tuple(quarters.columns),
        findings=findings,
    ):
        name = fold_text(row.get("세부사업"))
        if name is None:
            findings.error(
                table.sheet,
                "세부사업 이름이 비어 있습니다 (일정을 표시한 행에는 세부사업을 적어 주세요)",
                row.number,
                table.columns["세부사업"],
            )
            continue
        if not known_pledge(table, row, pledge_ids, findings):
            continue
        marked = ordered.setdefault((row.pledge_id, name), set())
        number = row.number
        for col, quarter in quarter_columns_:
            cell = (number, col)
            # a shaded quarter is scheduled whatever it holds (most Gantt cells are): no text read
            if cell in shading or ((value := cells.get(cell)) is not None and fold_text(value) is not None):
                marked.add(quarter)
    order_in_pledge: dict[str, int] = {}
    quarter_order = {quarter: _quarter_key(quarter) for quarter in quarters.columns.values()}
    subprojects = []
    for (pid, name), marked in ordered.items():
        order = order_in_pledge.get(pid, 0)
        order_in_pledge[pid] = order + 1
        subprojects.append(_subproject(pid, name, tuple(sorted(marked, key=quarter_order.__getitem__)), order))
    return subprojects


def _quarter_key(quarter: str) -> tuple[int, int]:
    year, q = quarter.split("Q")
    return int(year), int(q)
