"""Sheet 추진실적 (optional): dated achievements, per sub-project or for the pledge as a whole."""

from __future__ import annotations

from loaders.cells import CellError, fold_text
from loaders.dates import parse_span
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.model import Achievement
from loaders.table import known_pledge, known_subproject, open_table, record_maker, rows

#: `Achievement(...)` with every field given
_achievement = record_maker(Achievement)


def read_achievements(
    grid: Grid,
    pledge_ids: set[str],
    subprojects: dict[str, set[str]] | None,
    findings: Findings,
) -> list[Achievement]:
    # 세부사업 is not filled down here: a blank one means the pledge as a whole (spec).
    table = open_table(grid, ("공약번호", "일자", "내용"), ("세부사업",), findings)
    if table is None:
        return []
    sheet = table.sheet
    result = []
    for row in rows(table, content=("일자", "내용"), findings=findings):
        if not known_pledge(table, row, pledge_ids, findings):
            continue
        name = fold_text(row.get("세부사업"))
        if name is not None and not known_subproject(
            table, row, name, subprojects, findings, hint=", 공약 전체의 실적이면 비워 두세요"
        ):
            continue
        text = fold_text(row.get("내용"))
        if text is None:
            findings.error(
                sheet, "내용이 비어 있습니다 (추진한 일을 적어 주세요)", row.number, table.columns["내용"]
            )
            continue
        raw_date = row.get("일자")
        try:
            span = parse_span(raw_date)
        except CellError as problem:
            findings.error(sheet, str(problem), row.number, table.columns["일자"])
            continue
        result.append(
            _achievement(
                row.pledge_id,
                name,
                text,
                span.start if span else None,
                span.start_precision if span else None,
                span.end if span else None,
                span.end_precision if span else None,
                span.open_end if span else False,
                fold_text(raw_date) or "",
                len(result),
            )
        )
    return result
