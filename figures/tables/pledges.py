"""Pledges, sub-projects, the schedule grid, the planned/actual paths and the achievements log as tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from figures.display import is_blank, is_empty, to_date
from figures.formatting import format_achievement_date, quarter_label
from figures.status import (
    NO_INDICATOR,
    OVERDUE,
)
from figures.tables.cells import _frame, _money, _num, _sorted, _text


def pledge_table(pledge_progress: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """One row per pledge, in workbook order: what the pledge list and its export show."""
    columns = [
        "공약번호", "공약명", "분야", "이행단계", "상태", "이행률(%)", "예산가중 이행률(%)",
        "세부사업 수", f"예산({unit})", "담당부서", "담당자", "연락처",
    ]  # fmt: skip
    if is_empty(pledge_progress, "pledge_id"):
        return _frame([], columns)
    rows = []
    for r in _sorted(pledge_progress).to_dict("records"):
        rows.append(
            {
                "공약번호": _text(r.get("pledge_id")),
                "공약명": _text(r.get("title")),
                "분야": _text(r.get("field")),
                "이행단계": _text(r.get("stage")),
                "상태": _text(r.get("status")),
                "이행률(%)": _num(r.get("rate")),
                "예산가중 이행률(%)": _num(r.get("rate_weighted")),
                "세부사업 수": None
                if is_blank(r.get("n_subprojects"))
                else int(r["n_subprojects"]),
                f"예산({unit})": _money(r.get("budget_total"), unit),
                "담당부서": _text(r.get("department")),
                "담당자": _text(r.get("manager")),
                "연락처": _text(r.get("contact")),
            }
        )
    return _frame(rows, columns)


def subproject_table(
    subprogress: pd.DataFrame,
    subproject_totals: pd.DataFrame | None = None,
    unit: str = "백만원",
) -> pd.DataFrame:
    """One row per sub-project: planned/actual as of the 기준일, rate, status, schedule, budget."""
    columns = [
        "공약번호", "세부사업", "단위", "목표", "계획(기준일)", "실적", "이행률(%)", "상태",
        "일정 시작", "일정 종료", OVERDUE, f"예산({unit})",
    ]  # fmt: skip
    if is_empty(subprogress, "pledge_id", "subproject"):
        return _frame([], columns)
    budgets: dict[tuple[str, str], Any] = {}
    if not is_empty(subproject_totals, "pledge_id", "subproject", "total"):
        for r in subproject_totals.to_dict("records"):
            budgets[(str(r["pledge_id"]), str(r["subproject"]))] = r["total"]
    rows = []
    for r in _sorted(subprogress).to_dict("records"):
        key = (str(r["pledge_id"]), str(r["subproject"]))
        has_indicator = r.get("has_indicator")
        status = _text(r.get("status"))
        if has_indicator is False and not status:
            status = NO_INDICATOR
        rows.append(
            {
                "공약번호": key[0],
                "세부사업": key[1],
                "단위": _text(r.get("unit")),
                "목표": _num(r.get("target"), 3),
                "계획(기준일)": _num(r.get("planned")),
                "실적": _num(r.get("actual"), 3),
                "이행률(%)": _num(r.get("rate")),
                "상태": status,
                "일정 시작": quarter_label(r["first_quarter"])
                if _text(r.get("first_quarter"))
                else "일정 미입력",
                "일정 종료": quarter_label(r["last_quarter"])
                if _text(r.get("last_quarter"))
                else None,
                OVERDUE: OVERDUE if r.get("overdue") is True or r.get("overdue") == 1 else None,
                f"예산({unit})": _money(budgets.get(key), unit),
            }
        )
    return _frame(rows, columns)


def schedule_table(schedule: pd.DataFrame, subprogress: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Gantt as a grid: one row per sub-project, one column per quarter, "●" when scheduled.

    Sub-projects without a scheduled quarter keep their row, marked 일정 미입력.
    """
    keys: list[tuple[str, str]] = []
    if not is_empty(subprogress, "pledge_id", "subproject"):
        keys += [
            (str(r["pledge_id"]), str(r["subproject"]))
            for r in _sorted(subprogress).to_dict("records")
        ]
    marks: dict[tuple[str, str], set[str]] = {}
    if not is_empty(schedule, "pledge_id", "subproject", "quarter"):
        for r in schedule.to_dict("records"):
            key = (str(r["pledge_id"]), str(r["subproject"]))
            marks.setdefault(key, set()).add(str(r["quarter"]).upper())
            keys.append(key)
    keys = list(dict.fromkeys(keys))
    if not keys:
        return _frame([], ["공약번호", "세부사업", "비고"])
    all_q = sorted({q for qs in marks.values() for q in qs}, key=lambda q: (int(q[:4]), int(q[-1])))
    if all_q:  # fill the gaps so the columns read as a calendar
        first, last = all_q[0], all_q[-1]
        i, end = int(first[:4]) * 4 + int(first[-1]) - 1, int(last[:4]) * 4 + int(last[-1]) - 1
        all_q = [f"{k // 4}Q{k % 4 + 1}" for k in range(i, end + 1)]
    headers = [quarter_label(q) for q in all_q]
    rows = []
    for key in keys:
        mine = marks.get(key, set())
        row: dict[str, Any] = {"공약번호": key[0], "세부사업": key[1]}
        row.update({h: ("●" if q in mine else None) for q, h in zip(all_q, headers, strict=True)})
        row["비고"] = None if mine else "일정 미입력"
        rows.append(row)
    return _frame(rows, ["공약번호", "세부사업", *headers, "비고"])


def path_table(points: pd.DataFrame) -> pd.DataFrame:
    """Planned vs actual by year column (the S-curve's numbers and milestone texts), long form."""
    columns = ["공약번호", "세부사업", "연도", "계획", "계획내용", "실적", "실적내용"]
    if is_empty(points, "pledge_id", "subproject", "kind", "year", "end_month"):
        return _frame([], columns)
    rows: dict[tuple, dict[str, Any]] = {}
    for r in points.to_dict("records"):
        year, month = int(r["year"]), int(r["end_month"]) if not is_blank(r["end_month"]) else 12
        key = (str(r["pledge_id"]), str(r["subproject"]), year, month)
        row = rows.setdefault(
            key,
            {
                "공약번호": key[0],
                "세부사업": key[1],
                "연도": f"{year}년" if month == 12 else f"{year}년 {month}월까지",
            },
        )
        kind = str(r["kind"])
        if kind in ("계획", "실적"):
            row[kind] = _num(r.get("value"), 3)
            row[f"{kind}내용"] = _text(r.get("text"))
    order = list(dict.fromkeys((k[0], k[1]) for k in rows))  # first appearance = workbook order
    keys = sorted(rows, key=lambda k: (order.index((k[0], k[1])), k[2], k[3]))
    return _frame([rows[k] for k in keys], columns)


def achievement_table(achievements: pd.DataFrame) -> pd.DataFrame:
    """The achievements log as officials typed it, with the date written the Korean way."""
    columns = ["공약번호", "세부사업", "일자", "내용", "입력된 일자"]
    if is_empty(achievements, "pledge_id", "text"):
        return _frame([], columns)
    rows = []
    for r in _sorted(achievements).to_dict("records"):
        start = to_date(r.get("start"))
        when = (
            format_achievement_date(
                start,
                r.get("start_precision"),
                to_date(r.get("end")),
                r.get("end_precision"),
                bool(r.get("open_end")) if not is_blank(r.get("open_end")) else False,
            )
            if start
            else None
        )
        rows.append(
            {
                "공약번호": _text(r.get("pledge_id")),
                "세부사업": _text(r.get("subproject")) or "공약 전체",
                "일자": when,
                "내용": _text(r.get("text")),
                "입력된 일자": _text(r.get("raw_date")),
            }
        )
    return _frame(rows, columns)
