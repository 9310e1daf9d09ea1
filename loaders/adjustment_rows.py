"""Sheet 공약조정 (optional): why a pledge changed since its term's plan, with who approved it.

Spec "Sheet 공약조정" and "Terms and pledge adjustments": columns 공약번호, 세부사업 (blank:
the pledge as a whole), 구분 (one of the adjustment kinds), 일자 (as in 추진실적), 사유
(required) and 심의 (free text). A 구분 outside the kinds, or a row without 사유, is an error
naming the cell. Neither 공약번호 nor 세부사업 is checked against the other sheets: a 삭제 row
names a pledge the quarter no longer has. Whether a row explains an adjustment is judged
against the plan when the quarter is stored (figures/adjustments.py).
"""

from __future__ import annotations

from loaders.cells import CellError, fold_multiline, fold_text
from loaders.dates import parse_span
from loaders.findings import Findings
from loaders.grid import Grid, cell_ref
from loaders.model import ADJUSTMENT_KINDS, AdjustmentRow
from loaders.table import open_table, rows

#: 구분 as officials may type it (spaces anywhere) → as the spec writes it
_KINDS = {kind.replace(" ", ""): kind for kind in ADJUSTMENT_KINDS}


def read_adjustment_rows(grid: Grid, findings: Findings) -> list[AdjustmentRow]:
    # 세부사업 is not filled down: a blank one means the pledge as a whole
    table = open_table(grid, ("공약번호", "구분", "사유"), ("세부사업", "일자", "심의"), findings)
    if table is None:
        return []
    sheet = table.sheet
    result: list[AdjustmentRow] = []
    for row in rows(table, content=("구분", "사유", "일자", "심의"), findings=findings):
        raw_kind = fold_text(row.get("구분"))
        kind = _KINDS.get((raw_kind or "").replace(" ", ""))
        if kind is None:
            shown = f"'{raw_kind}'는 구분으로 쓸 수 없습니다" if raw_kind else "구분이 비어 있습니다"
            findings.error(sheet, f"{shown} ({', '.join(ADJUSTMENT_KINDS)} 중 하나를 적어 주세요)",
                           row.number, table.columns["구분"])
            continue
        reason = fold_multiline(row.get("사유"))
        if reason is None:
            findings.error(sheet, "사유가 비어 있습니다 (공약을 조정한 까닭을 적어 주세요)", row.number,
                           table.columns["사유"])
            continue
        raw_date = row.get("일자")
        try:
            span = parse_span(raw_date)
        except CellError as problem:
            findings.error(sheet, str(problem), row.number, table.columns["일자"])
            continue
        result.append(AdjustmentRow(
            row.pledge_id, fold_text(row.get("세부사업")), kind, reason, fold_text(row.get("심의")),
            span.start if span else None, span.start_precision if span else None, span.end if span else None,
            span.end_precision if span else None, span.open_end if span else False, fold_text(raw_date) or "",
            len(result), cell_ref(row.number, table.columns["구분"]),
        ))
    return result
