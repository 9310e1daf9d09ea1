"""Sheet 공약: one row per pledge with its classification fields."""

from __future__ import annotations

from loaders.cells import fold_multiline, fold_text, header_key
from loaders.findings import Findings
from loaders.grid import Grid, cell_ref
from loaders.model import (
    BUDGET_KINDS,
    NOVELTIES,
    OWNERS,
    PERIODS,
    STAGES,
    TERMS,
    Pledge,
)
from loaders.table import open_table, rows

REQUIRED = ("공약번호", "공약명")
CHOICES: dict[str, tuple[str, tuple[str, ...]]] = {
    # header → (Pledge field, allowed values)
    "임기구분": ("term", TERMS),
    "사업주체": ("owner", OWNERS),
    "신규여부": ("novelty", NOVELTIES),
    "사업시기": ("period", PERIODS),
    "예산구분": ("budget_kind", BUDGET_KINDS),
    "이행단계": ("stage", STAGES),
}
TEXTS = {"분야": "field", "담당부서": "department", "담당자": "manager", "연락처": "contact"}
LONG_TEXTS = {
    "정책개요": "overview",
    "현황": "situation",
    "목표": "goal",
    "정부·서울시도움": "support",
    "추진계획": "plan",
}
OPTIONAL = (*CHOICES, *TEXTS, *LONG_TEXTS)
#: the department of a pledge whose 담당부서 is blank: its pages and forms still need a name to group it by
UNASSIGNED_DEPARTMENT = "미지정"


def department_of(pledge: Pledge) -> str:
    """The department a pledge belongs to (spec "Department submissions"): its 담당부서, or 미지정 when blank."""
    return pledge.department or UNASSIGNED_DEPARTMENT


def _canonical(header: str, text: str, ward: str | None) -> str:
    compact = header_key(text)
    if header == "사업주체":
        for mark in (".", "ㆍ", "/", "・", "･"):
            compact = compact.replace(mark, "·")
        if ward and compact == header_key(ward):
            return "구"
        if ward is None and len(compact) > 1 and compact.endswith("구"):
            return "구"  # the ward is missing from 개요 (its own error); don't cascade
    if header == "이행단계" and compact.startswith("완료"):
        return "완료"  # 완료(지속) is 완료
    return compact


def read_pledges(grid: Grid, ward: str | None, findings: Findings,
                 cells: list[tuple[str, str, str]] | None = None) -> list[Pledge]:
    """The pledges; `cells`, when given, receives (공약번호, its 공약번호 cell, its 담당부서 cell or "") per pledge.

    The cells let the store name where a department's file holds a pledge that is not the
    department's (spec "Department submissions"): the 담당부서 cell is the row that gave the
    pledge its 담당부서, or the pledge's first row when none did; "" when the sheet has no 담당부서 column.
    """
    table = open_table(grid, REQUIRED, OPTIONAL, findings)
    if table is None:
        return []
    records: dict[str, dict[str, object]] = {}
    first_rows: dict[str, int] = {}
    department_rows: dict[str, int] = {}
    for row in rows(table, content=("공약명", *OPTIONAL), findings=findings):
        record = records.get(row.pledge_id)
        if record is not None and row.explicit_id:
            findings.error(
                table.sheet,
                f"공약번호 {row.pledge_id}이(가) {first_rows[row.pledge_id]}행에 이미 있습니다 "
                "(공약번호는 한 번씩만 적어 주세요)",
                row.number,
                table.columns["공약번호"],
            )
            continue
        if record is None:
            record = records[row.pledge_id] = {"pledge_id": row.pledge_id}
            first_rows[row.pledge_id] = row.number
        _merge_row(table, row, record, ward, findings)
        if "department" in record:
            department_rows.setdefault(row.pledge_id, row.number)
    pledges = []
    for order, (pid, record) in enumerate(records.items()):
        if not record.get("title"):
            findings.error(
                table.sheet,
                f"공약 {pid}의 공약명이 비어 있습니다 (공약명을 적어 주세요)",
                first_rows[pid],
                table.columns["공약명"],
            )
            continue
        pledges.append(Pledge(order=order, **record))  # type: ignore[arg-type]
        if cells is not None:
            column = table.columns.get("담당부서")
            where = cell_ref(department_rows.get(pid, first_rows[pid]), column) if column else ""
            cells.append((pid, cell_ref(first_rows[pid], table.columns["공약번호"]), where))
    return pledges


def _merge_row(table, row, record: dict[str, object], ward: str | None, findings: Findings) -> None:
    """A row continuing a pledge (merged or blank 공약번호) adds lines to its long texts."""
    title = fold_text(row.get("공약명"))
    if title and not record.get("title"):
        record["title"] = title
    for header, (name, allowed) in CHOICES.items():
        text = fold_text(row.get(header))
        if text is None or header not in table.columns:
            continue
        value = _canonical(header, text, ward)
        if value not in allowed:
            shown = ", ".join(allowed)
            findings.error(
                table.sheet,
                f"'{text}'는 {header}에 쓸 수 없는 값입니다 ({shown} 중 하나를 적어 주세요)",
                row.number,
                table.columns[header],
            )
            continue
        record.setdefault(name, value)
    for header, name in TEXTS.items():
        text = fold_text(row.get(header))
        if text is not None:
            record.setdefault(name, text)
    for header, name in LONG_TEXTS.items():
        text = fold_multiline(row.get(header))
        if text is not None:
            previous = record.get(name)
            record[name] = f"{previous}\n{text}" if previous and previous != text else text
