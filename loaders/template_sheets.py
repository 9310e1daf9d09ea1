"""The data sheets of a written workbook: 추진일정, 소요예산, 확인지표 and 추진실적, and the cell helpers.

Split from loaders/template.py, which writes 개요 and 공약 and puts the workbook together;
both write text through `_put`, so formula-like text is marked the one way of
`loaders.safe_text` and reads back exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.model import (
    ADJUSTMENT_KINDS,
    BUDGET_ROW_KINDS,
    BUDGET_UNITS,
    INDICATOR_KINDS,
    SOURCES,
    Achievement,
    AdjustmentRow,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Snapshot,
    SubProject,
)
from loaders.safe_text import neutralize

HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
GANTT_FILL = PatternFill("solid", fgColor="FF4472C4")
BOLD = Font(bold=True)
VALIDATION_ROWS = 500


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


def achievement_date_text(a: Achievement | AdjustmentRow) -> str | None:
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


def _adjustment_rows(ws: Worksheet, rows: tuple[AdjustmentRow, ...]) -> None:
    """공약조정: why pledges differ from the term's plan (구분 from a drop-down of the spec's kinds)."""
    _header(ws, 1, ["공약번호", "세부사업", "구분", "일자", "사유", "심의"], [9, 30, 14, 16, 60, 30])
    for row, a in enumerate(rows, start=2):
        when = achievement_date_text(a)  # the 일자 as 추진실적 writes it, precision kept
        for col, value in enumerate((a.pledge_id, a.subproject, a.kind, when, a.reason, a.review), start=1):
            _put(ws, row, col, value)
    _choices(ws, 3, ADJUSTMENT_KINDS, 2)
