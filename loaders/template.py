"""Writing a snapshot (or the blank template) as a format-1 workbook.

The same writer makes the blank template officials download, the sample
workbooks in data/, the benchmark's city-scale workbooks and the round-trip
property tests; so a filled workbook it writes is also next quarter's template
(widths, frozen headers, drop-down lists included).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from copy import copy
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.model import (
    BUDGET_KINDS,
    BUDGET_UNITS,
    NOVELTIES,
    OWNERS,
    PERIODS,
    PLEDGE_ROW_TABLES,
    STAGES,
    TERMS,
    Achievement,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Pledge,
    Snapshot,
    SubProject,
)
from loaders.overview import DEPARTMENT, SUBMISSION_UNITS
from loaders.pledges import department_of
from loaders.template_sheets import (
    BOLD,
    _achievements,
    _adjustment_rows,
    _budget,
    _choices,
    _header,
    _indicators,
    _put,
    _schedule,
    _year_span,
    achievement_date_text,
)

PLEDGE_HEADERS = [
    ("공약번호", "pledge_id", 9), ("공약명", "title", 40), ("분야", "field", 12),
    ("임기구분", "term", 10), ("사업주체", "owner", 12), ("신규여부", "novelty", 10),
    ("사업시기", "period", 10), ("예산구분", "budget_kind", 10), ("이행단계", "stage", 12),
    ("담당부서", "department", 14), ("담당자", "manager", 12), ("연락처", "contact", 14),
    ("정책개요", "overview", 40), ("현황", "situation", 40), ("목표", "goal", 40),
    ("정부·서울시 도움", "support", 30), ("추진계획", "plan", 40),
]
CHOICE_LISTS = {
    "임기구분": TERMS, "사업주체": OWNERS, "신규여부": NOVELTIES,
    "사업시기": PERIODS, "예산구분": BUDGET_KINDS, "이행단계": STAGES,
}


EXAMPLE_SHEET = "작성 예시"


def write_workbook(
    snapshot: Snapshot | None, target: str | Path | BinaryIO, *, budget_unit: str | None = None
) -> None:
    """Write `snapshot`; None writes the blank template.

    The blank template's data sheets hold headers only, and the filled-in example
    (pledge 25) lives on a sheet of its own, `작성 예시`, which the loader ignores: an
    untouched template can never be stored as a quarter (its 개요 is empty, so it
    fails validation naming 개요!B1), and the example is still where officials look.
    """
    book = Workbook()
    blank = snapshot is None
    snap = _blank_snapshot() if blank else snapshot
    unit = budget_unit or (snapshot.budget_unit if snapshot and snapshot.budget_unit in BUDGET_UNITS
                           and _fits(snap.budget, snapshot.budget_unit) else _unit_for(snap.budget))
    _fill_sheets(book, snap, unit, blank)
    if blank:
        example = Workbook()
        sample = example_snapshot()
        _fill_sheets(example, sample, _unit_for(sample.budget), False)
        _append_example(book.create_sheet(EXAMPLE_SHEET), example)
    book.save(target)


def _fill_sheets(book: Workbook, snap: Snapshot, unit: str, blank: bool) -> None:
    _overview(book.active, snap, unit, blank)
    _pledges(book.create_sheet("공약"), snap.pledges)
    _schedule(book.create_sheet("추진일정"), snap)
    years = _year_span(snap)
    staged = blank or any(r.kind != "계획" for r in snap.budget)
    _budget(book.create_sheet("소요예산"), snap.budget, snap.subprojects, unit, years, staged)
    _indicators(book.create_sheet("확인지표"), snap.indicators, snap.points, snap.subprojects, years)
    _achievements(book.create_sheet("추진실적"), snap.achievements)
    _adjustment_rows(book.create_sheet("공약조정"), snap.adjustment_rows)


def _blank_snapshot() -> Snapshot:
    """No ward, no date, no rows: what an official fills in (the year columns start this year)."""
    return Snapshot(ward="", as_of=dt.date.today())


def _append_example(target: Worksheet, example: Workbook) -> None:
    """Every sheet of the filled example, one under another, each under its own title."""
    target.cell(1, 1, "작성 예시 (영등포구 공약 25). 이 시트는 읽지 않습니다. 각 시트에 같은 모양으로 적어 주세요").font = Font(
        bold=True, size=12
    )
    row = 3
    for ws in example.worksheets:
        target.cell(row, 1, f"■ {ws.title} 시트").font = Font(bold=True, color="FF1F4E79")
        offset = row
        for source_row in ws.iter_rows():
            for cell in source_row:
                if cell.value is None and not cell.has_style:
                    continue
                copied = target.cell(offset + cell.row, cell.column, cell.value)
                if cell.has_style:  # style objects, not ids: the ids belong to the other book
                    copied.font, copied.fill = copy(cell.font), copy(cell.fill)
                    copied.alignment, copied.number_format = copy(cell.alignment), cell.number_format
        for merged in ws.merged_cells.ranges:
            target.merge_cells(
                start_row=offset + merged.min_row, end_row=offset + merged.max_row,
                start_column=merged.min_col, end_column=merged.max_col,
            )
        for letter, dimension in ws.column_dimensions.items():
            current = target.column_dimensions[letter].width or 0
            target.column_dimensions[letter].width = max(current, dimension.width or 0)
        row = offset + ws.max_row + 2


def _fits(rows: Iterable[BudgetRow], unit: str) -> bool:
    return all(r.amount % BUDGET_UNITS[unit] == 0 for r in rows)


def _unit_for(rows: Iterable[BudgetRow]) -> str:
    """The largest unit every amount is a whole multiple of, so amounts read back exactly."""
    amounts = [r.amount for r in rows]
    for unit in ("백만원", "천원"):
        if all(a % BUDGET_UNITS[unit] == 0 for a in amounts):
            return unit
    return "원"


def _overview(ws: Worksheet, snap: Snapshot, unit: str, blank: bool) -> None:
    ws.title = "개요"
    rows = [
        ("자치구", snap.ward, "구 이름 (시 공약은 서울특별시)"),
        ("기준일", snap.as_of, "예: 2020-12-31 또는 2020. 12. 기준 (그 달 말일)"),
        ("예산단위", unit, "원 / 천원 / 백만원 / 억원 (소요예산 시트의 단위 표기가 우선)"),
        ("작성부서", snap.author_department, ""),
        ("작성자", snap.author, ""),
        ("민선", f"{snap.term}기" if snap.term else None, "예: 9기 (비워 두면 기준일이 든 임기)"),
        ("구청장", snap.mayor, "구청장 이름 (보궐선거로 구청장이 바뀌면 새 구청장 이름)"),
        ("제출단위", None if blank else snap.submission,
         "구 전체(기본: 구의 분기 전체) 또는 부서(한 부서의 공약만; 작성부서에 부서 이름)"),
    ]
    for row, (key, value, note) in enumerate(rows, start=1):
        ws.cell(row, 1, key).font = BOLD
        if blank and key in ("자치구", "기준일"):
            value = None  # the official's to fill in: an untouched template names 개요!B1
        _put(ws, row, 2, value)
        if isinstance(value, dt.date):
            ws.cell(row, 2).number_format = "yyyy-mm-dd"
        if blank or note:
            ws.cell(row, 4, note).font = Font(color="FF808080")
    ws.cell(len(rows) + 2, 4, "작성 요령: '작성 예시' 시트와 docs/format.md를 보고 각 시트에 내용을 적어 주세요").font = Font(
        color="FF808080"
    )
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["D"].width = 60
    # one cell each: a list over the whole column would refuse 작성부서 or 구청장 typed below 예산단위
    _cell_choices(ws, "B3", BUDGET_UNITS)
    _cell_choices(ws, f"B{len(rows)}", SUBMISSION_UNITS)


def _cell_choices(ws: Worksheet, cell: str, values: Iterable[str]) -> None:
    listed = ",".join(values)
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True, showErrorMessage=True,
                                errorTitle="목록에 없는 값", error=f"다음 중 하나를 고르세요: {listed}")
    validation.add(cell)
    ws.add_data_validation(validation)


def _pledges(ws: Worksheet, pledges: Iterable[Pledge]) -> None:
    _header(ws, 1, [h for h, _, _ in PLEDGE_HEADERS], [w for _, _, w in PLEDGE_HEADERS])
    for row, pledge in enumerate(pledges, start=2):
        for col, (_, name, _) in enumerate(PLEDGE_HEADERS, start=1):
            _put(ws, row, col, getattr(pledge, name))
    for col, (header, _, _) in enumerate(PLEDGE_HEADERS, start=1):
        if header in CHOICE_LISTS:
            _choices(ws, col, CHOICE_LISTS[header], 2)


def example_snapshot() -> Snapshot:
    """One example row per sheet (pledge 25 of 영등포구) for officials to overwrite."""
    pid, sub = "25", "도시공간구조 개편방안 마련"
    return Snapshot(
        ward="영등포구",
        as_of=dt.date(2020, 12, 31),
        pledges=(
            Pledge(pid, "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성", "경제", "임기내", "구", "지속",
                   "단기", "예산", "여론수렴", "도시재생과", "", "", "", "", "", "", ""),
        ),
        subprojects=(SubProject(pid, sub, ("2018Q2", "2018Q3", "2018Q4", "2019Q1")),),
        budget=(BudgetRow(pid, sub, "구비", 2018, 12, 289_000_000),),
        indicators=(Indicator(pid, sub, "%", 100.0, 20.0, True, True),),
        points=(
            IndicatorPoint(pid, sub, "계획", 2018, 12, 20.0, "설계 현황조사"),
            IndicatorPoint(pid, sub, "실적", 2018, 12, 20.0, "설계 현황조사"),
        ),
        achievements=(
            Achievement(pid, sub, "재정비 수립 용역 착수보고회 개최", dt.date(2018, 7, 1), "month"),
        ),
    )


def departments(snapshot: Snapshot) -> list[str]:
    """The departments of a quarter's pledges (미지정 for a blank 담당부서), in the order their first pledge is listed."""
    return list(dict.fromkeys(department_of(p) for p in snapshot.pledges))


def department_snapshot(snapshot: Snapshot, department: str) -> Snapshot:
    """Department X's part of a ward's quarter: X's pledges and every row of every sheet about them.

    개요 says `제출단위: 부서` and `작성부서: X`, so the file X hands back is read as X's part and
    merged into the ward's quarter (spec "Department submissions"); the other departments'
    pledges are not in it, so X cannot change them by mistake.
    """
    mine = {p.pledge_id for p in snapshot.pledges if department_of(p) == department}

    return dataclasses.replace(
        snapshot, author_department=department, author=None, submission=DEPARTMENT, pledge_cells=(),
        **{name: tuple(r for r in getattr(snapshot, name) if r.pledge_id in mine)
           for name in ("pledges", *PLEDGE_ROW_TABLES)},
    )


def department_file_name(ward: str, as_of: dt.date, department: str) -> str:
    """`영등포구_2026-09-30_도시재생과.xlsx`: a name a department recognises, safe on every file system."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", department).strip("_") or "부서"
    return f"{ward}_{as_of.isoformat()}_{safe}.xlsx"


def department_forms_zip(snapshot: Snapshot) -> bytes:
    """Every department's form in one zip: the coordinating office sends them out in one go."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for department in departments(snapshot):
            archive.writestr(department_file_name(snapshot.ward, snapshot.as_of, department),
                             template_bytes(department_snapshot(snapshot, department)))
    return buffer.getvalue()


def template_bytes(snapshot: Snapshot | None) -> bytes:
    """`write_workbook` into memory: the download buttons and the CLI write these bytes."""
    buffer = io.BytesIO()
    write_workbook(snapshot, buffer)
    return buffer.getvalue()


__all__ = ["EXAMPLE_SHEET", "achievement_date_text", "department_file_name", "department_forms_zip",
           "department_snapshot", "departments", "example_snapshot", "template_bytes", "write_workbook"]
