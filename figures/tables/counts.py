"""The overview and 변화 tables: pledges by status and by 이행단계, the wards side by side, rates across quarters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from figures.display import is_blank, is_empty, to_date
from figures.formatting import format_date
from figures.records import records
from figures.status import COUNTED_STATUSES as CORE_STATUSES
from figures.status import (
    DEFINITIONS,
    NO_INDICATOR,
    NO_STAGE,
    STAGE_ORDER,
    STATUSES,
)
from figures.tables.cells import TOTAL, WARD_TITLE, _frame, _money, _num, _text
from loaders.terms import term_label


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

    With a `term` column (민선 N of each ward's latest quarter), a 민선 column, and a ward still on
    an earlier term than the newest any ward has is marked in 비고 ("아직 민선 8기 자료").

    `지표 없음` counts the pledges without indicators (they have no 이행률); a ward
    whose pledges all lack them says so in 비고 instead of a blank row; 공약 수 is
    every pledge (the `pledges` column when given), not only those with a status;
    a budget nobody entered is "미입력", never 0.
    """
    with_terms = "term" in wards.columns if wards is not None else False
    columns = ["자치구", *(["민선"] if with_terms else []), "기준일", "이행률(%)", *CORE_STATUSES, NO_INDICATOR,
               "공약 수", f"예산({unit})", "비고"]
    if is_empty(wards, "ward"):
        return _frame([], columns)
    # a ward whose latest quarter is of an earlier term than the city's newest is marked: still on 민선 8기
    newest = max([int(t) for t in wards["term"] if not is_blank(t)], default=None) if with_terms else None
    df = wards.copy()
    df["_rate"] = pd.to_numeric(df.get("rate"), errors="coerce")
    df = df.sort_values("_rate", ascending=False, na_position="last", kind="stable")
    rows = []
    for r in df.to_dict("records"):
        counts = {s: int(r.get(s) or 0) if not is_blank(r.get(s)) else 0 for s in (*CORE_STATUSES, NO_INDICATOR)}
        n = int(r["pledges"]) if not is_blank(r.get("pledges")) else sum(counts.values())
        rate = _num(r.get("rate"))
        term = None if not with_terms or is_blank(r.get("term")) else int(r["term"])
        notes = [f"{NO_INDICATOR}: 계획·실적 지표가 없어 이행률 계산 불가" if rate is None and n
                 else "공약 없음" if not n else None]
        if term is not None and newest is not None and term < newest:
            notes.append(f"아직 {term_label(term)} 자료 (민선 {newest}기 자료 없음)")
        rows.append(
            {
                "자치구": _text(r.get("ward")),
                **({"민선": term_label(term) if term is not None else None} if with_terms else {}),
                "기준일": to_date(r.get("as_of")),
                "이행률(%)": rate,
                **counts,
                "공약 수": n,
                f"예산({unit})": "미입력" if is_blank(r.get("budget_total")) else _money(r.get("budget_total"), unit),
                "비고": " · ".join(n for n in notes if n) or None,
            }
        )
    return _frame(rows, columns)


def _history_rows(rate_history: pd.DataFrame) -> tuple[list[dt.date], dict[str | None, list[dict]]]:
    """The 기준일 in order, and each key's rows (None: the ward's "구 전체"), the ward first, then the
    pledges in their order: one pass over the history (a 100-pledge ward over 8 quarters is 808 rows)."""
    rows = records(rate_history.assign(as_of=rate_history["as_of"].map(to_date)))
    dates = sorted({r["as_of"] for r in rows if r["as_of"]})
    grouped: dict[str | None, list[dict]] = {}
    for row in rows:
        grouped.setdefault(None if is_blank(row["pledge_id"]) else str(row["pledge_id"]), []).append(row)
    keys = sorted(grouped, key=lambda k: k is not None)  # stable: the ward first, pledges in their order
    return dates, {k: grouped[k] for k in keys}


def _title(key: str | None, mine: list[dict]) -> str | None:
    titles = [r["title"] for r in mine if not is_blank(r.get("title"))]
    return titles[-1] if titles else (WARD_TITLE if key is None else None)


def rate_history_table(rate_history: pd.DataFrame) -> pd.DataFrame:
    """이행률 by 기준일 (columns, oldest first), the ward ("구 전체") first, then the pledges."""
    if is_empty(rate_history, "as_of", "rate"):
        return _frame([], ["공약번호", "공약명"])
    dates, grouped = _history_rows(rate_history)
    headers = [format_date(d) for d in dates]
    rows = []
    for key, mine in grouped.items():
        by_date = {r["as_of"]: r["rate"] for r in mine}
        row: dict[str, Any] = {"공약번호": key, "공약명": _title(key, mine)}
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
    dates, grouped = _history_rows(rate_history)
    now = dates[-1]
    before = dates[-2] if len(dates) > 1 else None
    rows = []
    for key, mine in grouped.items():
        at = {r["as_of"]: r for r in mine}
        cur, old = at.get(now, {}), at.get(before, {}) if before else {}
        r_now, r_old = _num(cur.get("rate")), _num(old.get("rate"))
        rows.append(
            {
                "공약번호": key,
                "공약명": _title(key, mine),
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
