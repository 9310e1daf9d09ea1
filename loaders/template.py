"""Writing a snapshot (or the blank template) as a format-1 workbook.

The same writer makes the blank template officials download, the sample
workbooks in data/, the benchmark's city-scale workbooks and the round-trip
property tests; so a filled workbook it writes is also next quarter's template
(widths, frozen headers, drop-down lists included).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from copy import copy
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.model import (
    BUDGET_KINDS,
    BUDGET_ROW_KINDS,
    BUDGET_UNITS,
    INDICATOR_KINDS,
    NOVELTIES,
    OWNERS,
    PERIODS,
    SOURCES,
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
from loaders.safe_text import neutralize

HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
GANTT_FILL = PatternFill("solid", fgColor="FF4472C4")
BOLD = Font(bold=True)
VALIDATION_ROWS = 500
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


def _put(ws: Worksheet, row: int, col: int, value: object) -> None:
    cell = ws.cell(row, col, neutralize(value))
    if isinstance(value, str):
        cell.data_type = "s"  # workbook text is never a formula (the loader reads the `'` back)
    if isinstance(value, str) and "\n" in value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header(ws: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row, col, label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row + 1, 3)


def _choices(ws: Worksheet, col: int, values: Iterable[str], first_row: int) -> None:
    listed = ",".join(values)
    validation = DataValidation(
        type="list", formula1=f'"{listed}"', allow_blank=True, showErrorMessage=True,
        errorTitle="목록에 없는 값", error=f"다음 중 하나를 고르세요: {listed}",
    )
    letter = get_column_letter(col)
    validation.add(f"{letter}{first_row}:{letter}{VALIDATION_ROWS}")
    ws.add_data_validation(validation)


def _overview(ws: Worksheet, snap: Snapshot, unit: str, blank: bool) -> None:
    ws.title = "개요"
    rows = [
        ("자치구", snap.ward, "구 이름 (시 공약은 서울특별시)"),
        ("기준일", snap.as_of, "예: 2020-12-31 또는 2020. 12. 기준 (그 달 말일)"),
        ("예산단위", unit, "원 / 천원 / 백만원 / 억원 (소요예산 시트의 단위 표기가 우선)"),
        ("작성부서", snap.author_department, ""),
        ("작성자", snap.author, ""),
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
    ws.cell(7, 4, "작성 요령: '작성 예시' 시트와 docs/format.md를 보고 각 시트에 내용을 적어 주세요").font = Font(
        color="FF808080"
    )
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["D"].width = 60
    _choices(ws, 2, BUDGET_UNITS, 3)


def _pledges(ws: Worksheet, pledges: Iterable[Pledge]) -> None:
    _header(ws, 1, [h for h, _, _ in PLEDGE_HEADERS], [w for _, _, w in PLEDGE_HEADERS])
    for row, pledge in enumerate(pledges, start=2):
        for col, (_, name, _) in enumerate(PLEDGE_HEADERS, start=1):
            _put(ws, row, col, getattr(pledge, name))
    for col, (header, _, _) in enumerate(PLEDGE_HEADERS, start=1):
        if header in CHOICE_LISTS:
            _choices(ws, col, CHOICE_LISTS[header], 2)


def _year_span(snap: Snapshot) -> list[int]:
    years = {int(q.split("Q")[0]) for s in snap.subprojects for q in s.quarters}
    years |= {r.year for r in snap.budget} | {p.year for p in snap.points}
    if not years:
        years = {snap.as_of.year}
    return list(range(min(years), max(years) + 1))


def _schedule(ws: Worksheet, snap: Snapshot) -> None:
    years = _year_span(snap)
    labels = ["공약번호", "세부사업"] + [f"{y}년" if q == 1 else "" for y in years for q in range(1, 5)]
    _header(ws, 1, labels, [9, 36] + [4] * (4 * len(years)))
    for i, _year in enumerate(years):
        col = 3 + 4 * i
        ws.merge_cells(start_row=1, end_row=1, start_column=col, end_column=col + 3)
        for q in range(4):
            cell = ws.cell(2, col + q, q + 1)
            cell.font, cell.fill = BOLD, HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
    for col in (1, 2):
        ws.merge_cells(start_row=1, end_row=2, start_column=col, end_column=col)
    ws.freeze_panes = "C3"
    for row, sub in enumerate(snap.subprojects, start=3):
        _put(ws, row, 1, sub.pledge_id)
        _put(ws, row, 2, sub.name)
        for quarter in sub.quarters:
            year, q = (int(x) for x in quarter.split("Q"))
            cell = ws.cell(row, 3 + 4 * years.index(year) + q - 1, "●")
            cell.fill = GANTT_FILL
            cell.alignment = Alignment(horizontal="center")


def _year_columns(slots: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """One column per year; a year known only up to month M gets a `YYYY.M.` column."""
    by_year: dict[int, int] = {}
    for year, end_month in slots:
        by_year[year] = max(by_year.get(year, 0), end_month)
    return sorted(by_year.items())


def _year_label(year: int, end_month: int) -> str:
    return f"{year}년" if end_month == 12 else f"{year}.{end_month}."


def _budget(
    ws: Worksheet,
    rows: tuple[BudgetRow, ...],
    subs: tuple[SubProject, ...],
    unit: str,
    years: list[int],
    staged: bool,
) -> None:
    """The 소요예산 table; `staged` adds the `구분` column (계획/확보/집행) with its list."""
    ws.cell(1, 1, f"(단위: {unit})")
    columns = _year_columns((r.year, r.end_month) for r in rows) or [(y, 12) for y in years]
    keys = ["공약번호", "세부사업", "재원"] + (["구분"] if staged else [])
    first_year = len(keys) + 2
    labels = [*keys, "계"] + [_year_label(*c) for c in columns]
    _header(ws, 2, labels, [9, 36, 8] + ([8] if staged else []) + [12] + [12] * len(columns))
    sub_order = {(s.pledge_id, s.name): s.order for s in subs}
    source_order = {None: -1, **{s: i for i, s in enumerate(SOURCES)}}
    kind_order = {k: i for i, k in enumerate(BUDGET_ROW_KINDS)}
    groups: dict[tuple[str, str | None, str | None, str], dict[int, int]] = {}
    for r in rows:
        groups.setdefault((r.pledge_id, r.subproject, r.source, r.kind), {})[r.year] = r.amount
    pledge_order = {r.pledge_id: i for i, r in reversed(list(enumerate(rows)))}
    ordered = sorted(
        groups,
        key=lambda k: (
            pledge_order[k[0]],
            kind_order.get(k[3], 9),
            -1 if k[1] is None else sub_order.get((k[0], k[1]), 999),
            source_order[k[2]],
        ),
    )
    unit_won = BUDGET_UNITS[unit]
    for row, key in enumerate(ordered, start=3):
        pid, sub, source, kind = key
        amounts = groups[key]
        for col, value in enumerate((pid, sub or "계", source or "계", kind)[: len(keys)], start=1):
            _put(ws, row, col, value)
        ws.cell(row, first_year - 1, sum(amounts.values()) // unit_won).number_format = "#,##0"
        for i, (year, _) in enumerate(columns):
            value = amounts.get(year)
            cell = ws.cell(row, first_year + i, value // unit_won if value is not None else "-")
            cell.number_format = "#,##0"
            cell.alignment = Alignment(horizontal="right")
    _choices(ws, 3, (*SOURCES, "계"), 3)
    if staged:
        _choices(ws, 4, BUDGET_ROW_KINDS, 3)


def _indicators(
    ws: Worksheet,
    indicators: tuple[Indicator, ...],
    points: tuple[IndicatorPoint, ...],
    subs: tuple[SubProject, ...],
    years: list[int],
) -> None:
    columns = _year_columns((p.year, p.end_month) for p in points) or [(y, 12) for y in years]
    labels = ["공약번호", "세부사업", "구분", "단위", "목표"] + [_year_label(*c) for c in columns] + ["이행률"]
    _header(ws, 1, labels, [9, 36, 10, 6, 8] + [16] * len(columns) + [8])
    year_col = {year: 6 + i for i, (year, _) in enumerate(columns)}
    rate_col = 6 + len(columns)
    by_key: dict[tuple[str, str, str], list[IndicatorPoint]] = {}
    for p in points:
        by_key.setdefault((p.pledge_id, p.subproject, p.kind), []).append(p)
    sub_order = {(s.pledge_id, s.name): i for i, s in enumerate(subs)}
    row = 2
    for ind in sorted(indicators, key=lambda i: sub_order.get((i.pledge_id, i.subproject), 999)):
        for kind, present in (("계획", ind.has_plan), ("실적", ind.has_actual)):
            if not present:
                continue
            path = by_key.get((ind.pledge_id, ind.subproject, kind), [])
            _put(ws, row, 1, ind.pledge_id)
            _put(ws, row, 2, ind.subproject)
            _put(ws, row, 3, kind)
            _put(ws, row, 4, ind.unit)
            if kind == "계획":
                _put(ws, row, 5, _plain(ind.target))
            elif ind.stated_rate is not None:
                _put(ws, row, rate_col, f"{_plain(ind.stated_rate)}%")
            for p in path:
                if p.value is not None:
                    _put(ws, row, year_col[p.year], _plain(p.value))
            row += 1
            if any(p.text for p in path):
                _put(ws, row, 1, ind.pledge_id)
                _put(ws, row, 2, ind.subproject)
                _put(ws, row, 3, f"{kind}내용")
                for p in path:
                    if p.text:
                        _put(ws, row, year_col[p.year], p.text)
                        ws.cell(row, year_col[p.year]).alignment = Alignment(wrap_text=True)
                row += 1
    _choices(ws, 3, INDICATOR_KINDS, 2)


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def achievement_date_text(a: Achievement) -> str | None:
    """The Korean short form that keeps the precision and both ends of a range."""
    if a.start is None or a.start_precision is None:
        return None
    text = _date_text(a.start, a.start_precision)
    if a.open_end:
        return f"{text} ~"
    if a.end is not None and a.end_precision is not None:
        return f"{text} ~ {_date_text(a.end, a.end_precision)}"
    return text


def _date_text(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return f"{day.year}. {day.month}."
    return f"{day.year}. {day.month}. {day.day}."


def _achievements(ws: Worksheet, achievements: tuple[Achievement, ...]) -> None:
    _header(ws, 1, ["공약번호", "세부사업", "일자", "내용"], [9, 36, 24, 70])
    for row, a in enumerate(achievements, start=2):
        for col, value in enumerate(
            (a.pledge_id, a.subproject, achievement_date_text(a), a.text), start=1
        ):
            _put(ws, row, col, value)


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


def template_bytes(snapshot: Snapshot | None) -> bytes:
    """`write_workbook` into memory: the download buttons and the CLI write these bytes."""
    buffer = io.BytesIO()
    write_workbook(snapshot, buffer)
    return buffer.getvalue()
