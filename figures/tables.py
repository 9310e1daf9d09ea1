"""The tables behind the charts: Korean headers, numbers in display units.

Every chart on the wall screen is also available as a table (for reading
exact figures, for screen readers, and as the Excel/CSV download of
figures.export). So these functions take the same DataFrames as
figures.charts and return one DataFrame each, with:

- Korean column names, units in the header: 공약번호, 공약명, 이행단계, 상태,
  이행률(%), 예산(백만원), 담당부서 …;
- money converted from 원 to the display unit (백만원 or 억원) but kept as
  numbers, rates as numbers (75.0), dates as dates — so the Excel export keeps
  real numbers with number formats and officials can add them up;
- `formatted(table)` for the screen: the same table as text, "6,268",
  "75.0", "2020. 12. 31.", blanks as "".

`DataFrame.attrs["number_formats"]` names columns whose kind the header
cannot say (a year or a 기준일 as header); figures.export reads it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from figures.charts.theme import is_blank, is_empty, money_scale, to_date
from figures.formatting import format_achievement_date, format_date, quarter_label
from figures.status import COUNTED_STATUSES as CORE_STATUSES
from figures.status import (
    DEFINITIONS,
    NO_INDICATOR,
    NO_STAGE,
    OVERDUE,
    SOURCE_ORDER,
    STAGE_ORDER,
    STATUSES,
)
from loaders.model import UNASSIGNED_SOURCE

TOTAL = "계"
WARD_TITLE = "구 전체"


def _money(won: Any, unit: str) -> float | None:
    """원 → display unit; None stays None (no budget is not a budget of 0)."""
    if is_blank(won):
        return None
    value = float(won) / money_scale(unit)
    return int(value) if value.is_integer() else round(value, 3)


def _num(value: Any, digits: int = 1) -> float | None:
    if is_blank(value):
        return None
    try:
        return round(float(value), digits)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    return None if is_blank(value) else str(value)


def _frame(rows: list[dict[str, Any]], columns: list[str], **formats: str) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df = df.astype(object).where(df.notna(), None) if len(df) else df
    if formats:
        df.attrs["number_formats"] = dict(formats)
    return df


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("order", kind="stable") if "order" in df.columns else df


# ---------------------------------------------------------------- pledges, sub-projects


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


# ---------------------------------------------------------------- budget


def budget_year_table(by_year_source: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """Budget by source (rows) and year (columns) with totals, laid out like sheet 소요예산."""
    if is_empty(by_year_source, "year", "source", "amount"):
        return _frame([], ["재원", TOTAL])
    df = by_year_source.copy()
    df["source"] = df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    df["amount"] = pd.to_numeric(df["amount"], errors="coerce").fillna(0)
    pivot = df.pivot_table(
        index="source", columns="year", values="amount", aggfunc="sum", fill_value=0
    )
    years = sorted(int(y) for y in pivot.columns)
    sources = [s for s in SOURCE_ORDER if s in pivot.index] + [
        s for s in pivot.index if s not in SOURCE_ORDER
    ]
    headers = [f"{y}년" for y in years]
    rows = []
    for source in [TOTAL, *sources]:
        amounts = pivot.sum(axis=0) if source == TOTAL else pivot.loc[source]
        row: dict[str, Any] = {"재원": source}
        row.update({h: _money(amounts[y], unit) for y, h in zip(years, headers, strict=True)})
        row[TOTAL] = _money(float(amounts.sum()), unit)
        rows.append(row)
    money = "#,##0.0" if unit == "억원" else "money"
    return _frame(rows, ["재원", *headers, TOTAL], **{h: money for h in [*headers, TOTAL]})


def source_table(by_source: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """Total by funding source with its share: the donut's numbers, plus the 계 row."""
    columns = ["재원", f"예산({unit})", "비율(%)"]
    if is_empty(by_source, "source", "amount"):
        return _frame([], columns)
    df = by_source.copy()
    df["source"] = df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    sums = df.groupby("source")["amount"].sum()
    total = float(sums.sum())
    sources = [s for s in SOURCE_ORDER if s in sums.index] + [
        s for s in sums.index if s not in SOURCE_ORDER
    ]
    rows = [
        {
            "재원": s,
            f"예산({unit})": _money(sums[s], unit),
            "비율(%)": _num(float(sums[s]) / total * 100) if total else None,
        }
        for s in sources
    ]
    rows.append(
        {"재원": TOTAL, f"예산({unit})": _money(total, unit), "비율(%)": 100.0 if total else None}
    )
    return _frame(rows, columns)


def subproject_budget_table(subproject_totals: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """Each sub-project's total budget and its share of the sub-projects' sum."""
    columns = ["공약번호", "세부사업", f"예산({unit})", "비율(%)"]
    if is_empty(subproject_totals, "subproject", "total"):
        return _frame([], columns)
    total = float(pd.to_numeric(subproject_totals["total"], errors="coerce").fillna(0).sum())
    rows = [
        {
            "공약번호": _text(r.get("pledge_id")),
            "세부사업": _text(r.get("subproject")),
            f"예산({unit})": _money(r.get("total"), unit),
            "비율(%)": _num(float(r["total"]) / total * 100)
            if total and not is_blank(r.get("total"))
            else None,
        }
        for r in subproject_totals.to_dict("records")
    ]
    return _frame(rows, columns)


def pledge_source_table(
    pledge_by_source: pd.DataFrame, pledges: pd.DataFrame | None = None, unit: str = "백만원"
) -> pd.DataFrame:
    """Per pledge: amount by source, total, and the 구비 / 시비 shares (the budget page's split)."""
    if is_empty(pledge_by_source, "pledge_id", "source", "amount"):
        return _frame([], ["공약번호", "공약명", f"계({unit})"])
    df = pledge_by_source.copy()
    df["pledge_id"] = df["pledge_id"].astype(str)
    df["source"] = df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    sums = df.groupby(["pledge_id", "source"])["amount"].sum()
    present = set(df["source"])
    sources = [s for s in SOURCE_ORDER if s in present] + sorted(present - set(SOURCE_ORDER))
    titles: dict[str, Any] = {}
    order = list(dict.fromkeys(df["pledge_id"]))
    if not is_empty(pledges, "pledge_id"):
        info = _sorted(pledges)
        titles = dict(
            zip(info["pledge_id"].astype(str), info.get("title", info["pledge_id"]), strict=True)
        )
        order = [p for p in info["pledge_id"].astype(str) if p in set(order)] + [
            p for p in order if p not in titles
        ]
    rows = []
    for pid in order:
        total = float(sum(float(sums.get((pid, s), 0)) for s in sources))
        row: dict[str, Any] = {"공약번호": pid, "공약명": _text(titles.get(pid))}
        row.update({f"{s}({unit})": _money(sums.get((pid, s), 0), unit) for s in sources})
        row[f"계({unit})"] = _money(total, unit)
        for s in ("구비", "시비"):
            if s in sources:
                row[f"{s} 비율(%)"] = (
                    _num(float(sums.get((pid, s), 0)) / total * 100) if total else None
                )
        rows.append(row)
    columns = ["공약번호", "공약명", *[f"{s}({unit})" for s in sources], f"계({unit})"]
    columns += [f"{s} 비율(%)" for s in ("구비", "시비") if s in sources]
    return _frame(rows, columns)


# ---------------------------------------------------------------- overview


def status_count_table(pledge_progress: pd.DataFrame) -> pd.DataFrame:
    """Pledges per status (the five always, 지표 없음 when present), share and definition."""
    columns = ["상태", "공약 수", "비율(%)", "뜻"]
    statuses = (
        pledge_progress["status"].map(lambda s: NO_INDICATOR if is_blank(s) else str(s))
        if not is_empty(pledge_progress, "status")
        else pd.Series(dtype=object)
    )
    counts = statuses.value_counts()
    order = [s for s in STATUSES if s in CORE_STATUSES or s in counts.index]
    order += [s for s in CORE_STATUSES if s not in order] + [
        s for s in counts.index if s not in order
    ]
    total = int(counts.sum())
    rows = [
        {
            "상태": s,
            "공약 수": int(counts.get(s, 0)),
            "비율(%)": _num(int(counts.get(s, 0)) / total * 100) if total else None,
            "뜻": DEFINITIONS.get(s),
        }
        for s in order
    ]
    rows.append({"상태": TOTAL, "공약 수": total, "비율(%)": 100.0 if total else None, "뜻": None})
    return _frame(rows, columns)


def stage_count_table(pledge_progress: pd.DataFrame) -> pd.DataFrame:
    """Pledges per 이행단계 in the spec's order; blank stages as 미입력."""
    columns = ["이행단계", "공약 수", "비율(%)"]
    stages = (
        pledge_progress["stage"].map(lambda s: NO_STAGE if is_blank(s) else str(s))
        if not is_empty(pledge_progress, "stage")
        else pd.Series(dtype=object)
    )
    counts = stages.value_counts()
    order = list(STAGE_ORDER) + [s for s in counts.index if s not in STAGE_ORDER]
    total = int(counts.sum())
    rows = [
        {
            "이행단계": s,
            "공약 수": int(counts.get(s, 0)),
            "비율(%)": _num(int(counts.get(s, 0)) / total * 100) if total else None,
        }
        for s in order
    ]
    rows.append({"이행단계": TOTAL, "공약 수": total, "비율(%)": 100.0 if total else None})
    return _frame(rows, columns)


def ward_table(wards: pd.DataFrame, unit: str = "억원") -> pd.DataFrame:
    """The city view's table: one row per ward, sorted by 이행률 (highest first).

    `지표 없음` counts the pledges without indicators (they have no 이행률); a ward
    whose pledges all lack them says so in 비고 instead of a blank row; 공약 수 is
    every pledge (the `pledges` column when given), not only those with a status;
    a budget nobody entered is "미입력", never 0.
    """
    columns = ["자치구", "기준일", "이행률(%)", *CORE_STATUSES, NO_INDICATOR, "공약 수", f"예산({unit})", "비고"]
    if is_empty(wards, "ward"):
        return _frame([], columns)
    df = wards.copy()
    df["_rate"] = pd.to_numeric(df.get("rate"), errors="coerce")
    df = df.sort_values("_rate", ascending=False, na_position="last", kind="stable")
    rows = []
    for r in df.to_dict("records"):
        counts = {s: int(r.get(s) or 0) if not is_blank(r.get(s)) else 0 for s in (*CORE_STATUSES, NO_INDICATOR)}
        n = int(r["pledges"]) if not is_blank(r.get("pledges")) else sum(counts.values())
        rate = _num(r.get("rate"))
        rows.append(
            {
                "자치구": _text(r.get("ward")),
                "기준일": to_date(r.get("as_of")),
                "이행률(%)": rate,
                **counts,
                "공약 수": n,
                f"예산({unit})": "미입력" if is_blank(r.get("budget_total")) else _money(r.get("budget_total"), unit),
                "비고": (f"{NO_INDICATOR}: 계획·실적 지표가 없어 이행률 계산 불가" if rate is None and n
                       else "공약 없음" if not n else None),
            }
        )
    return _frame(rows, columns)


# ---------------------------------------------------------------- changes, achievements


def rate_history_table(rate_history: pd.DataFrame) -> pd.DataFrame:
    """이행률 by 기준일 (columns, oldest first), the ward ("구 전체") first, then the pledges."""
    if is_empty(rate_history, "as_of", "rate"):
        return _frame([], ["공약번호", "공약명"])
    df = rate_history.copy()
    df["as_of"] = df["as_of"].map(to_date)
    dates = sorted({d for d in df["as_of"] if d})
    headers = [format_date(d) for d in dates]
    keys = list(dict.fromkeys(None if is_blank(p) else str(p) for p in df["pledge_id"]))
    keys.sort(key=lambda k: k is not None)  # the ward first, pledges in their order
    rows = []
    for key in keys:
        mine = df[df["pledge_id"].map(lambda p, key=key: (None if is_blank(p) else str(p)) == key)]
        titles = [t for t in mine["title"] if not is_blank(t)] if "title" in mine else []
        by_date = {d: r for d, r in zip(mine["as_of"], mine["rate"], strict=True)}
        row: dict[str, Any] = {
            "공약번호": key,
            "공약명": titles[-1] if titles else (WARD_TITLE if key is None else None),
        }
        row.update({h: _num(by_date.get(d)) for d, h in zip(dates, headers, strict=True)})
        rows.append(row)
    return _frame(rows, ["공약번호", "공약명", *headers], **{h: "rate" for h in headers})


def rate_change_table(rate_history: pd.DataFrame) -> pd.DataFrame:
    """What moved between the last two 기준일: rate before, now, change in %p, status before → now."""
    columns = [
        "공약번호",
        "공약명",
        "이전 이행률(%)",
        "현재 이행률(%)",
        "증감(%p)",
        "이전 상태",
        "현재 상태",
    ]
    if is_empty(rate_history, "as_of", "rate"):
        return _frame([], columns)
    df = rate_history.copy()
    df["as_of"] = df["as_of"].map(to_date)
    dates = sorted({d for d in df["as_of"] if d})
    now = dates[-1]
    before = dates[-2] if len(dates) > 1 else None
    keys = list(dict.fromkeys(None if is_blank(p) else str(p) for p in df["pledge_id"]))
    keys.sort(key=lambda k: k is not None)
    rows = []
    for key in keys:
        mine = df[df["pledge_id"].map(lambda p, key=key: (None if is_blank(p) else str(p)) == key)]
        at = {d: r for d, r in zip(mine["as_of"], mine.to_dict("records"), strict=True)}
        cur, old = at.get(now, {}), at.get(before, {}) if before else {}
        r_now, r_old = _num(cur.get("rate")), _num(old.get("rate"))
        titles = [t for t in mine["title"] if not is_blank(t)] if "title" in mine else []
        rows.append(
            {
                "공약번호": key,
                "공약명": titles[-1] if titles else (WARD_TITLE if key is None else None),
                "이전 이행률(%)": r_old,
                "현재 이행률(%)": r_now,
                "증감(%p)": _num(r_now - r_old)
                if r_now is not None and r_old is not None
                else None,
                "이전 상태": _text(old.get("status")),
                "현재 상태": _text(cur.get("status")),
            }
        )
    out = _frame(rows, columns, **{"증감(%p)": "rate"})
    out.attrs["as_of"] = (before, now)
    return out


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


# ---------------------------------------------------------------- on screen


def formatted(table: pd.DataFrame) -> pd.DataFrame:
    """The table as display text: "6,268", rates "75.0", "2020. 12. 31.", blanks "".

    For st.dataframe / HTML on the wall screen; exports take the numeric table.
    """
    kinds = dict(table.attrs.get("number_formats", {}))
    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        header = str(column)
        kind = kinds.get(header)
        if kind is None:
            if "%" in header:
                kind = "rate"
            elif any(u in header for u in ("백만원", "억원", "천원")):
                kind = "money"
        out[column] = [_display(v, kind, header) for v in table[column]]
    return out


def _display(value: Any, kind: str | None, header: str) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, dt.date | pd.Timestamp):
        return format_date(to_date(value))
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, int | float):
        if kind == "#,##0.0":
            return f"{float(value):,.1f}"
        if kind == "rate":
            return f"{float(value):,.1f}"
        if kind == "money" and "억원" in header:
            return f"{float(value):,.1f}"
        if kind == "money" or float(value).is_integer():
            return (
                f"{float(value):,.0f}"
                if float(value).is_integer() or kind == "money"
                else f"{value:,}"
            )
        return f"{float(value):,.3f}".rstrip("0").rstrip(".")
    return str(value)


__all__ = [
    "achievement_table",
    "budget_year_table",
    "formatted",
    "path_table",
    "pledge_source_table",
    "pledge_table",
    "rate_change_table",
    "rate_history_table",
    "schedule_table",
    "source_table",
    "stage_count_table",
    "status_count_table",
    "subproject_budget_table",
    "subproject_table",
    "ward_table",
]
