"""Sheet 개요: key/value pairs (key in column A, value in column B) about the workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.cells import CellError, fold_text, header_key
from loaders.dates import parse_as_of
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.model import BUDGET_UNITS
from loaders.terms import parse_term, term_label, term_of, term_period

DEFAULT_UNIT = "백만원"
#: 제출단위 (spec "Department submissions"): the ward's whole quarter (the default), or one department's part
WHOLE_WARD, DEPARTMENT = "구 전체", "부서"
SUBMISSION_UNITS = (WHOLE_WARD, DEPARTMENT)


@dataclass(frozen=True)
class Overview:
    ward: str | None
    as_of: dt.date | None
    budget_unit: str
    author_department: str | None
    author: str | None
    #: 민선 N기: as written, or the term whose period holds the 기준일 when 민선 is blank
    term: int | None = None
    mayor: str | None = None
    #: 제출단위: 구 전체 or 부서 (then `author_department` names the department)
    submission: str = WHOLE_WARD


def read_overview(grid: Grid, findings: Findings) -> Overview:
    pairs: dict[str, tuple[int, object]] = {}
    for row in range(1, grid.max_row + 1):
        key = header_key(grid.value(row, 1))
        if key and key not in pairs:
            pairs[key] = (row, grid.value(row, 2))
    sheet = grid.title

    def text(key: str) -> str | None:
        return fold_text(pairs[key][1]) if key in pairs else None

    ward = text("자치구")
    if ward is None:
        where = pairs.get("자치구", (None, None))[0]
        findings.error(
            sheet,
            "자치구가 없습니다 (A열에 '자치구', B열에 구 이름(예: 영등포구)을 적어 주세요)",
            where,
            2 if where else None,
        )
    as_of = None
    if "기준일" not in pairs or fold_text(pairs["기준일"][1]) is None:
        where = pairs.get("기준일", (None, None))[0]
        findings.error(
            sheet,
            "기준일이 없습니다 (A열에 '기준일', B열에 2020-12-31 같은 날짜를 적어 주세요)",
            where,
            2 if where else None,
        )
    else:
        row, value = pairs["기준일"]
        try:
            as_of = parse_as_of(value)
        except CellError as problem:
            findings.error(sheet, str(problem), row, 2)
    unit = DEFAULT_UNIT
    raw_unit = text("예산단위")
    if raw_unit is not None:
        compact = raw_unit.replace(" ", "")
        if compact in BUDGET_UNITS:
            unit = compact
        else:
            findings.error(
                sheet,
                f"'{raw_unit}'는 예산단위로 쓸 수 없습니다 (원, 천원, 백만원, 억원 중 하나를 적어 주세요)",
                pairs["예산단위"][0],
                2,
            )
    term = _term(pairs, as_of, sheet, findings)
    submission = _submission(pairs, text("작성부서"), sheet, findings)
    return Overview(ward, as_of, unit, text("작성부서"), text("작성자"), term, text("구청장"), submission)


def _submission(pairs: dict[str, tuple[int, object]], department: str | None, sheet: str,
                findings: Findings) -> str:
    """제출단위 as written (spaces ignored: `구전체` is 구 전체); blank is 구 전체, as every workbook before it.

    A department's part must say which department it is: without 작성부서 the store could not tell
    whose pledges the file replaces, so it is an error naming the cell to fill.
    """
    if "제출단위" not in pairs or fold_text(pairs["제출단위"][1]) is None:
        return WHOLE_WARD
    row, value = pairs["제출단위"]
    written = fold_text(value) or ""
    unit = next((u for u in SUBMISSION_UNITS if u.replace(" ", "") == written.replace(" ", "")), None)
    if unit is None:
        findings.error(sheet, f"'{written}'는 제출단위로 쓸 수 없습니다 (구 전체 또는 부서를 적어 주세요)", row, 2)
        return WHOLE_WARD
    if unit == DEPARTMENT and department is None:
        where = pairs.get("작성부서", (row, None))[0]
        findings.error(sheet, "제출단위가 부서인 파일에는 작성부서가 있어야 합니다 (A열 '작성부서' 옆 B열에 이 파일을 "
                       "낸 부서 이름을 적어 주세요. 예: 도시재생과)", where, 2)
    return unit


def _term(pairs: dict[str, tuple[int, object]], as_of: dt.date | None, sheet: str, findings: Findings) -> int | None:
    """민선 as written (an error naming the cell when unreadable), else the 기준일's term.

    A term whose period does not hold the 기준일 is read as written, with a warning: the
    quarter may be the new term's plan dated a day early, or 민선 may be a typo.
    """
    stated = None
    if "민선" in pairs:
        row, value = pairs["민선"]
        try:
            stated = parse_term(value)
        except CellError as problem:
            findings.error(sheet, str(problem), row, 2)
            return None
    if stated is None:
        return term_of(as_of) if as_of else None
    if as_of is not None and term_of(as_of) != stated:
        first, last = term_period(stated)
        findings.warning(
            sheet,
            f"기준일 {as_of.year}. {as_of.month}. {as_of.day}.은(는) {term_label(stated)}"
            f"({first.year}. {first.month}. {first.day}. ~ {last.year}. {last.month}. {last.day}.) 기간이 아닙니다. "
            "민선과 기준일을 확인해 주세요",
            pairs["민선"][0],
            2,
        )
    return stated
