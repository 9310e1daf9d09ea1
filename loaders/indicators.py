"""Sheet 확인지표: each sub-project's planned (계획) and actual (실적) path, with milestone texts."""

from __future__ import annotations

from loaders.cells import CellError, fold_text, percent
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.model import INDICATOR_KINDS, Indicator, IndicatorPoint
from loaders.table import (
    known_pledge,
    known_subproject,
    open_table,
    record_maker,
    rows,
    year_columns_or_error,
)

#: a stated 이행률 further than this from 실적 ÷ 목표 is flagged
RATE_TOLERANCE = 0.5
#: `IndicatorPoint(...)` with every field given, for the thousands of points of a sheet
_point = record_maker(IndicatorPoint)
_indicator = record_maker(Indicator)


def read_indicators(
    grid: Grid,
    pledge_ids: set[str],
    subprojects: dict[str, set[str]] | None,
    findings: Findings,
) -> tuple[list[Indicator], list[IndicatorPoint]]:
    table = open_table(
        grid, ("공약번호", "세부사업", "구분"), ("단위", "목표", "이행률"), findings
    )
    if table is None:
        return [], []
    sheet = table.sheet
    years = year_columns_or_error(table, findings)
    if years is None:
        return [], []
    info: dict[tuple[str, str], dict[str, object]] = {}
    values: dict[tuple[str, str, str], dict[tuple[int, int], float]] = {}
    texts: dict[tuple[str, str, str], dict[tuple[int, int], str]] = {}
    rate_cells: dict[tuple[str, str], tuple[int, int, float]] = {}
    rate_col = table.columns.get("이행률")
    slots = [(column.col, (column.year, column.end_month)) for column in years]
    for row in rows(
        table,
        content=("구분", "목표", "이행률"),
        fill_down=("세부사업",),
        extra_content_cols=tuple(y.col for y in years),
        findings=findings,
    ):
        where = _where(table, row, pledge_ids, subprojects, findings)
        if where is None:
            continue
        name, kind = where
        key = (row.pledge_id, name)
        entry = info.get(key)
        if entry is None:
            entry = info[key] = {"unit": "%", "target": None, "has_plan": False, "has_actual": False}
        unit = fold_text(row.get("단위"))
        if unit and kind in ("계획", "실적"):
            entry["unit"] = unit
        if kind == "계획":
            entry["has_plan"] = True
            _read_target(table, row, entry, findings)
        elif kind == "실적":
            entry["has_actual"] = True
        if rate_col and (row.number, rate_col) in grid.values:  # an empty 이행률 states nothing
            _read_stated_rate(grid, sheet, row.number, rate_col, key, rate_cells, findings)
        path = (*key, "계획" if kind.startswith("계획") else "실적")
        _read_path(grid, sheet, row.number, slots, path, kind in ("계획", "실적"), values, texts, findings)
    indicators, points = [], []
    for key, entry in info.items():
        if entry["has_plan"] and entry["target"] is None:
            continue  # already an error
        indicators.append(_indicator(key[0], key[1], str(entry["unit"]), entry["target"],  # type: ignore[arg-type]
                                    rate_cells.get(key, (0, 0, None))[2], bool(entry["has_plan"]),
                                    bool(entry["has_actual"])))
        points += _points(key, values, texts)
        _check_stated_rate(sheet, key, entry, values, rate_cells, findings)
    return indicators, points


def _where(table, row, pledge_ids: set[str], subprojects: dict[str, set[str]] | None,
           findings: Findings) -> tuple[str, str] | None:
    """(sub-project, 구분) of a row; None, with the error named, when the row cannot be placed."""
    sheet = table.sheet
    if not known_pledge(table, row, pledge_ids, findings):
        return None
    name = fold_text(row.get("세부사업"))
    if name is None:
        findings.error(sheet, "세부사업이 비어 있습니다 (추진일정의 세부사업 이름과 똑같이 적어 주세요)",
                       row.number, table.columns["세부사업"])
        return None
    if not known_subproject(table, row, name, subprojects, findings):
        return None
    kind = (fold_text(row.get("구분")) or "").replace(" ", "")
    if kind not in INDICATOR_KINDS:
        findings.error(
            sheet,
            f"'{kind}'는 구분으로 쓸 수 없습니다 ({', '.join(INDICATOR_KINDS)} 중 하나를 적어 주세요)",
            row.number,
            table.columns["구분"],
        )
        return None
    return name, kind


def _read_stated_rate(grid: Grid, sheet: str, number: int, rate_col: int, key: tuple[str, str],
                      rate_cells: dict[tuple[str, str], tuple[int, int, float]], findings: Findings) -> None:
    """The 이행률 column as typed, kept to check against 실적 ÷ 목표; an empty one states nothing."""
    raw = grid.values.get((number, rate_col))
    if raw is None:
        return
    try:
        stated = percent(raw, grid.formats.get((number, rate_col)), what="이행률")
    except CellError as problem:
        findings.error(sheet, str(problem), number, rate_col)
        return
    if stated is not None:
        rate_cells[key] = (number, rate_col, stated)


def _read_path(grid: Grid, sheet: str, number: int, slots: list[tuple[int, tuple[int, int]]],
               path: tuple[str, str, str], numeric: bool, values: dict, texts: dict, findings: Findings) -> None:
    """One row's year columns: values of a 계획/실적 row, milestone texts of a 계획내용/실적내용 row.

    (Written for the thousands of cells of a ward: the path's dict is looked up once a row, and
    a sheet without % formats is not asked for one per cell.)
    """
    cells, formats = grid.values, grid.formats
    found = None
    for col, slot in slots:
        raw = cells.get((number, col))
        if raw is None:
            continue  # an empty cell is neither a value nor a text
        if numeric:
            try:
                value = percent(raw, formats.get((number, col)) if formats else None, what="숫자")
            except CellError as problem:
                findings.error(sheet, str(problem), number, col)
                continue
            if value is not None:
                if found is None:
                    found = values.setdefault(path, {})
                found[slot] = value
        else:
            text = fold_text(raw)
            if text is not None and text not in ("-", "–", "—"):
                if found is None:
                    found = texts.setdefault(path, {})
                found[slot] = text


def _points(key: tuple[str, str], values: dict, texts: dict) -> list[IndicatorPoint]:
    """A sub-project's 계획 and 실적 points, each year with its value and its text."""
    pid, name = key
    points = []
    for base in ("계획", "실적"):
        by_value, by_text = values.get((*key, base), {}), texts.get((*key, base), {})
        value_of, text_of = by_value.get, by_text.get
        for slot in sorted(set(by_value) | set(by_text)):
            year, end_month = slot
            points.append(_point(pid, name, base, year, end_month, value_of(slot), text_of(slot)))
    return points


def _read_target(table, row, entry: dict[str, object], findings: Findings) -> None:
    sheet = table.sheet
    col = table.columns.get("목표")
    raw = row.get("목표") if col else None
    try:
        # "100%" and 1.0 in a %-formatted cell are 100, like every percent value
        target = percent(raw, table.grid.number_format(row.number, col), what="목표") if col else None
    except CellError as problem:
        findings.error(sheet, str(problem), row.number, col)
        entry["target"] = None
        entry["target_error"] = True
        return
    if target is None:
        findings.error(
            sheet,
            "계획 행에 목표가 없습니다 (최종 목표값, 보통 100을 목표 열에 적어 주세요)",
            row.number,
            col,
        )
    elif target <= 0:
        findings.error(
            sheet, f"목표는 0보다 커야 합니다 ('{raw}'; 보통 100을 적어 주세요)", row.number, col
        )
    else:
        entry["target"] = float(target)


def _check_stated_rate(sheet, key, entry, values, rate_cells, findings: Findings) -> None:
    if key not in rate_cells or not entry.get("target"):
        return
    actual_path = values.get((*key, "실적"), {})
    if not actual_path:
        return
    latest = actual_path[max(actual_path)]
    computed = min(latest / float(entry["target"]) * 100, 100.0)
    row_number, col, stated = rate_cells[key]
    if abs(computed - stated) > RATE_TOLERANCE:
        findings.warning(
            sheet,
            f"이행률 {stated:g}%가 실적 ÷ 목표로 계산한 {computed:.1f}%와 다릅니다",
            row_number,
            col,
        )

