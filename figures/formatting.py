"""How officials write amounts, rates and dates: 6,268백만원, 62.7억원, 75.0%, 2020. 12. 31.

The one home of the words for a missing value: `NONE_TEXT` ("-", as officials leave a cell of
a 한글 or Excel table) wherever a value is simply absent, and `rate_text` for a rate, which is
absent for a reason the reader must see (지표 없음). Pages, documents, the site and the command
line all import them.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from loaders.model import BUDGET_UNITS
from loaders.quarters import YearQuarter

#: a value that is simply absent, on every page, document, the site and the command line
NONE_TEXT = "-"
#: a rate nobody can compute: the pledge or ward has no 계획·실적 지표 (figures.status.NO_INDICATOR)
NO_RATE = "지표 없음"


def to_unit(won: int | float, unit: str = "백만원") -> float:
    return won / BUDGET_UNITS[unit]


def format_money(won: int | float | None, unit: str = "백만원", *, in_unit: bool = False) -> str:
    """백만원 as whole numbers with separators (as in council papers); 억원 with one decimal.

    `in_unit`: the amount is already in `unit` (a table's column), not in 원."""
    if won is None:
        return NONE_TEXT
    value = won if in_unit else to_unit(won, unit)
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


def published_rate(value: float | None) -> float | None:
    """A rate as it is handed to others (`pledges summary --json`, open data, the documents' Excel): two
    decimals, cut rather than rounded, so a published rate is never rounded up (70.785… → 70.78)."""
    if value is None or value != value:
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def rate_text(rate: float | None, empty: str = NO_RATE) -> str:
    """`85.0%`, or why there is no rate (지표 없음 unless the caller names another reason)."""
    return empty if rate is None or rate != rate else format_rate(rate)


def file_size(size: int) -> str:
    """`1.2MB`, `70KB` or `98바이트`: a file's size as the pages and the site say it."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}MB"
    return f"{size / 1024:,.0f}KB" if size >= 1024 else f"{size}바이트"


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
    """`2018Q2` → `2018년 2분기` (loaders.quarters.YearQuarter)."""
    return YearQuarter.parse(quarter).label


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """The first and last day of `2018Q2` (loaders.quarters.YearQuarter)."""
    found = YearQuarter.parse(quarter)
    return found.first_day, found.last_day


def quarter_of(day: dt.date) -> str:
    """`2018Q2` for a day of it (loaders.quarters.YearQuarter)."""
    return str(YearQuarter.of(day))


def object_particle(number: int) -> str:
    """을 or 를 after a number as Koreans read it (1 일을, 2 이를, 10 십을)."""
    last = number % 10
    if last == 0:
        return "을"  # 십, 백, 천 end in a consonant (만 too)
    return "를" if last in (2, 4, 5, 9) else "을"


#: Korea has no daylight saving time: a fixed +9 hours is exact, and needs no tz database
KST = dt.timezone(dt.timedelta(hours=9), "KST")


def korean_time(moment: dt.datetime) -> str:
    """`2026. 11. 23. 16:44:05` in Korea time (SQLite hands back naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(KST)
    return f"{local.year}. {local.month}. {local.day}. {local:%H:%M:%S}"
