"""How officials write amounts, rates and dates: 6,268백만원, 62.7억원, 75.0%, 2020. 12. 31."""

from __future__ import annotations

import calendar
import datetime as dt

from loaders.model import BUDGET_UNITS

NONE_TEXT = "–"


def to_unit(won: int | float, unit: str = "백만원") -> float:
    return won / BUDGET_UNITS[unit]


def format_money(won: int | float | None, unit: str = "백만원") -> str:
    """백만원 as whole numbers with separators (as in council papers); 억원 with one decimal."""
    if won is None:
        return NONE_TEXT
    value = to_unit(won, unit)
    if unit == "억원":
        text = f"{value:,.1f}".removesuffix(".0")
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.1f}"
    return f"{text}{unit}"


def format_rate(rate: float | None, digits: int = 1) -> str:
    if rate is None or rate != rate:
        return NONE_TEXT
    return f"{rate:.{digits}f}%"


def format_date(day: dt.date | None) -> str:
    if day is None:
        return NONE_TEXT
    return f"{day.year}. {day.month}. {day.day}."


def _partial(day: dt.date, precision: str | None) -> str:
    if precision == "year":
        return f"{day.year}."
    if precision == "month":
        return f"{day.year}. {day.month}."
    return format_date(day)


def format_achievement_date(
    start: dt.date | None,
    start_precision: str | None,
    end: dt.date | None = None,
    end_precision: str | None = None,
    open_end: bool = False,
) -> str:
    """`2019. 9. 26. ~ 10. 28.`: the end leaves out the year it shares with the start."""
    if start is None:
        return NONE_TEXT
    text = _partial(start, start_precision)
    if open_end:
        return f"{text} ~"
    if end is None:
        return text
    end_text = _partial(end, end_precision)
    if end.year == start.year and end_precision in ("month", "day"):
        end_text = end_text.split(". ", 1)[1]
    return f"{text} ~ {end_text}"


def quarter_label(quarter: str) -> str:
    year, q = quarter.split("Q")
    return f"{year}년 {q}분기"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    year, q = (int(x) for x in quarter.split("Q"))
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    return (
        dt.date(year, first_month, 1),
        dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def object_particle(number: int) -> str:
    """을 or 를 after a number as Koreans read it (1 일을, 2 이를, 10 십을)."""
    last = number % 10
    if last == 0:
        return "을"  # 십, 백, 천 end in a consonant (만 too)
    return "를" if last in (2, 4, 5, 9) else "을"
