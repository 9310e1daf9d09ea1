"""What every table shares: money in display units, rounding, blanks, and the screen form (`formatted`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from figures.display import is_blank, money_scale, to_date
from figures.formatting import format_date

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
    # object columns from the start: pandas 3 would make text Arrow strings, and turning those back
    # into objects was a seventh of a fresh server's time
    df = pd.DataFrame(rows, columns=columns, dtype=object)
    df = df.where(df.notna(), None) if len(df) else df
    if formats:
        df.attrs["number_formats"] = dict(formats)
    return df


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("order", kind="stable") if "order" in df.columns else df




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
        out[column] = pd.Series([_display(v, kind, header) for v in table[column].tolist()], index=table.index,
                                dtype=object)
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
