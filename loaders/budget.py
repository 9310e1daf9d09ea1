"""Sheet 소요예산: amounts by pledge or sub-project, funding source and year, held in 원.

Arithmetic that does not add up (a 계 column, a source-total row, sub-projects
against the pledge total) is a warning, not an error: officials copy these
tables from council papers where rounding differs, and the dashboard flags them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from loaders.cells import MAX_AMOUNT_WON, CellError, amount_won, fold_text
from loaders.findings import Findings
from loaders.funding import check_funding
from loaders.grid import Grid
from loaders.headers import unit_note
from loaders.model import BUDGET_ROW_KINDS, BUDGET_UNITS, SOURCES, BudgetRow
from loaders.table import (
    known_pledge,
    known_subproject,
    open_table,
    record_maker,
    rows,
    year_columns_or_error,
)

TOTAL_WORDS = {"계", "합계", "총계", "소계"}
ALL_SOURCES = {"계", "합계", "-", "–", "—", ""}

Key = tuple[str, str | None]  # (pledge, sub-project or None for the pledge total)
#: `BudgetRow(...)` with every field given, for the thousands of amounts of a sheet
_budget_row = record_maker(BudgetRow)


def _shown(won: int, unit_won: int) -> str:
    value = Decimal(won) / unit_won
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text


def read_budget(
    grid: Grid,
    default_unit: str,
    pledge_ids: set[str],
    subprojects: dict[str, set[str]] | None,
    findings: Findings,
) -> list[BudgetRow]:
    table = open_table(grid, ("공약번호", "세부사업", "재원"), ("계", "구분"), findings)
    if table is None:
        return []
    sheet = table.sheet
    unit = unit_note(grid, table.header_row) or default_unit
    unit_won = BUDGET_UNITS[unit]
    years = year_columns_or_error(table, findings)
    if years is None:
        return []
    result: list[BudgetRow] = []
    errors_before = len(findings.items)
    # 구분 → (key, source) → (row number, {year column: 원}); every rule applies per 구분
    seen_by_kind: dict[str, dict[tuple[Key, str | None], tuple[int, dict[int, int]]]] = {}
    year_slots = [(column.col, column.year, column.end_month) for column in years]
    year_of = {col: (year, end_month) for col, year, end_month in year_slots}
    for row in rows(
        table,
        content=("세부사업", "재원", "계"),
        fill_down=("세부사업",),
        extra_content_cols=tuple(y.col for y in years),
        findings=findings,
    ):
        where = _where(table, row, pledge_ids, subprojects, findings)
        if where is None:
            continue
        subproject, source, kind = where
        amounts, row_ok = _amounts(grid, sheet, row.number, year_slots, unit_won, findings)
        pid = row.pledge_id
        for col, won in amounts.items():
            year, end_month = year_of[col]
            result.append(_budget_row(pid, subproject, source, year, end_month, won, kind))
        seen = seen_by_kind.setdefault(kind, {})
        key = ((row.pledge_id, subproject), source)
        if key in seen:
            what = "세부사업·재원" if "구분" not in table.columns else "세부사업·재원·구분"
            findings.error(sheet, f"같은 {what}의 행이 {seen[key][0]}행에 이미 있습니다 (한 행으로 합쳐 주세요)",
                           row.number, table.columns["재원"])
            continue
        seen[key] = (row.number, amounts)
        if "계" in table.columns:
            _check_stated_total(grid, sheet, row.number, table.columns["계"], amounts if row_ok else None, unit,
                                findings)
    if not any(f.level == "error" for f in findings.items[errors_before:]):
        # sums over rows we could not read would only add noise to the errors
        for kind, seen in seen_by_kind.items():
            label = "" if kind == "계획" else f"{kind} "
            _check_sums(sheet, seen, years, table.columns.get("계"), unit, unit_won, findings, label)
        check_funding(sheet, seen_by_kind, years, unit, findings)
    return result


def _where(table, row, pledge_ids: set[str], subprojects: dict[str, set[str]] | None,
           findings: Findings) -> tuple[str | None, str | None, str] | None:
    """(sub-project or None for the pledge total, source or None for all sources, 구분) of a row;
    None, with the error named, when the row cannot be placed."""
    sheet = table.sheet
    if not known_pledge(table, row, pledge_ids, findings):
        return None
    name = fold_text(row.get("세부사업"))
    subproject = None if name is None or name in TOTAL_WORDS else name
    if subproject is not None and not known_subproject(table, row, subproject, subprojects, findings):
        return None
    raw_source = (fold_text(row.get("재원")) or "").replace(" ", "")
    if raw_source not in ALL_SOURCES and raw_source not in SOURCES:
        findings.error(
            sheet,
            f"'{raw_source}'는 재원으로 쓸 수 없습니다 ({', '.join(SOURCES)} 또는 계 중 하나를 적어 주세요)",
            row.number,
            table.columns["재원"],
        )
        return None
    kind = (fold_text(row.get("구분")) or "계획").replace(" ", "")
    if kind not in BUDGET_ROW_KINDS:
        findings.error(
            sheet,
            f"'{kind}'는 구분으로 쓸 수 없습니다 ({', '.join(BUDGET_ROW_KINDS)} 중 하나를 적거나 비워 두세요. "
            "비워 두면 계획입니다)",
            row.number,
            table.columns["구분"],
        )
        return None
    return subproject, (None if raw_source in ALL_SOURCES else raw_source), kind


def _amounts(grid: Grid, sheet: str, number: int, year_slots: list[tuple[int, int, int]], unit_won: int,
             findings: Findings) -> tuple[dict[int, int], bool]:
    """{year column: 원} of one row, and whether every amount could be read (errors named)."""
    cells = grid.values
    amounts: dict[int, int] = {}
    row_ok = True
    for col, _, _ in year_slots:
        raw = cells.get((number, col))
        if raw is None:
            continue  # an empty cell is no amount
        if raw.__class__ is int and 0 <= raw * unit_won <= MAX_AMOUNT_WON:
            amounts[col] = raw * unit_won  # `amount_won`'s common case, spelled out for the thousands of amounts
            continue
        try:
            won = amount_won(raw, unit_won)
        except CellError as problem:
            findings.error(sheet, str(problem), number, col)
            row_ok = False
            continue
        if won is not None:
            amounts[col] = won
    return amounts, row_ok


def _check_stated_total(grid: Grid, sheet: str, number: int, col: int, amounts: dict[int, int] | None, unit: str,
                        findings: Findings) -> None:
    """A `계` column that is not the sum of the year columns is a warning; an unreadable one an error.

    `amounts` None: a year amount of the row could not be read, so there is no sum to compare.
    """
    unit_won = BUDGET_UNITS[unit]
    try:
        stated = amount_won(grid.value(number, col), unit_won)
    except CellError as problem:
        findings.error(sheet, str(problem), number, col)
        return
    if amounts is None:
        return
    total = sum(amounts.values())
    if stated is not None and stated != total:
        findings.warning(
            sheet,
            f"계 {_shown(stated, unit_won)}이(가) 연도별 금액의 합 {_shown(total, unit_won)}과(와) 다릅니다 (단위: {unit})",
            number,
            col,
        )


def _check_sums(sheet, seen, years, total_col, unit: str, unit_won: int, findings: Findings,
                label: str = "") -> None:
    """The sum warnings of the spec, for the rows of one 구분 (`label` names it in the message)."""
    by_key: dict[Key, dict[str | None, tuple[int, dict[int, int]]]] = defaultdict(dict)
    for (key, source), entry in seen.items():
        by_key[key][source] = entry
    year_name = {y.col: (f"{y.year}년" if y.end_month == 12 else f"{y.year}.{y.end_month}.") for y in years}

    def totals(entries: dict[str | None, tuple[int, dict[int, int]]]) -> dict[int, int]:
        if None in entries:
            return entries[None][1]
        summed: dict[int, int] = defaultdict(int)
        for _, amounts in entries.values():
            for col, won in amounts.items():
                summed[col] += won
        return summed

    # a source-total row against its named sources, per year
    for key, entries in by_key.items():
        named = [e for s, e in entries.items() if s is not None]
        if None not in entries or not named:
            continue
        row_number, stated = entries[None]
        for column in years:
            parts = sum(amounts.get(column.col, 0) for _, amounts in named)
            if stated.get(column.col, 0) != parts:
                who = f"공약 {key[0]}" if key[1] is None else f"'{key[1]}'"
                findings.warning(
                    sheet,
                    f"{label}{who}의 {year_name[column.col]} 계 {_shown(stated.get(column.col, 0), unit_won)}이(가) "
                    f"재원별 합 {_shown(parts, unit_won)}과(와) 다릅니다 (단위: {unit})",
                    row_number,
                    column.col,
                )
    # sub-projects against the pledge total, per year and overall
    subs_of: dict[str, list[dict[str | None, tuple[int, dict[int, int]]]]] = defaultdict(list)
    for (pledge, sub), entries in by_key.items():
        if sub is not None:
            subs_of[pledge].append(entries)
    for (pledge, sub), entries in by_key.items():
        if sub is not None:
            continue
        subs = subs_of.get(pledge)
        if not subs:
            continue
        pledge_totals = totals(entries)
        row_number = (entries.get(None) or next(iter(entries.values())))[0]
        sub_totals: dict[int, int] = defaultdict(int)
        for sub_entries in subs:
            for col, won in totals(sub_entries).items():
                sub_totals[col] += won
        for column in years:
            if pledge_totals.get(column.col, 0) != sub_totals.get(column.col, 0):
                findings.warning(
                    sheet,
                    f"{label}공약 {pledge}의 {year_name[column.col]} 세부사업 합 "
                    f"{_shown(sub_totals.get(column.col, 0), unit_won)}이(가) 공약 계 "
                    f"{_shown(pledge_totals.get(column.col, 0), unit_won)}과(와) 다릅니다 (단위: {unit})",
                    row_number,
                    column.col,
                )
        overall_pledge, overall_subs = sum(pledge_totals.values()), sum(sub_totals.values())
        if overall_pledge != overall_subs:
            findings.warning(
                sheet,
                f"{label}공약 {pledge}의 세부사업 총합 {_shown(overall_subs, unit_won)}이(가) 공약 총계 "
                f"{_shown(overall_pledge, unit_won)}과(와) 다릅니다 (단위: {unit})",
                row_number,
                total_col or years[0].col,
            )

