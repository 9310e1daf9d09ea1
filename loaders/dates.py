"""Dates as officials write them: 기준일 in 개요, and 일자 (dates and ranges) in 추진실적.

Officials write `'19. 9. 25.`, `'20. 1. ~ 5.` or `2018.7.`; the precision they
gave (month or day) is kept, because "2018년 7월" must not be shown as 7월 1일.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from loaders.cells import CellError
from loaders.model import Precision
from loaders.quarters import month_end

AS_OF_FORMS = "2020-12-31, 2020.12.31, 2020. 12. 31., 2020. 12. 기준 또는 엑셀 날짜"
ACHIEVEMENT_FORMS = "'18. 7., '19. 9. 25., 2018.7., 2018-07, '20. 8. ~ '21. 8., '18. 2.~ 또는 엑셀 날짜"
_RANGE = re.compile(r"[~∼〜～]")


#: how a day may be typed where one is asked for (the 제출 기한 on the page and on the command line)
DAY_FORMS = "2027-01-15 또는 2027. 1. 15."
_TYPED_DAY = re.compile(r"\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?\s*")


def typed_day(text: str | None) -> dt.date | None:
    """`2027-01-15`, `2027.1.15`, `2027. 1. 15.`: a day as officials type it; None when it is none."""
    found = _TYPED_DAY.fullmatch(text or "")
    try:
        return dt.date(*(int(g) for g in found.groups())) if found else None
    except ValueError:
        return None


def not_a_day(text: str) -> str:
    """The one Korean refusal of a typed day that is none."""
    return f"'{text}'는 날짜가 아닙니다 ({DAY_FORMS}처럼 적어 주세요)"


def _parts(token: str) -> tuple[list[int], bool]:
    """Numbers of a date token and whether it starts with a year mark (`'18` or 4 digits)."""
    token = token.strip()
    apostrophe = token[:1] in ("'", "’", "‘", "`")
    numbers = re.findall(r"\d+", token)
    rest = re.sub(r"[\d\s'’‘`.\-/년월일]|기준", "", token)
    if rest or not numbers:
        raise ValueError(token)
    starts_with_year = apostrophe or len(numbers[0]) == 4
    return [int(n) for n in numbers], starts_with_year


def _year(value: int) -> int:
    return 2000 + value if value < 100 else value


def _build(parts: list[int]) -> tuple[dt.date, Precision]:
    year = _year(parts[0])
    if len(parts) == 1:
        return dt.date(year, 1, 1), "year"
    if len(parts) == 2:
        return dt.date(year, parts[1], 1), "month"
    if len(parts) == 3:
        return dt.date(year, parts[1], parts[2]), "day"
    raise ValueError(parts)


def parse_as_of(value: object) -> dt.date:
    """기준일: an Excel date or text; a month alone means that month's last day (spec)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    try:
        parts, _ = _parts(text)
        if len(parts) == 2:
            return month_end(_year(parts[0]), parts[1])
        if len(parts) == 3 and len(str(parts[0])) >= 2:
            return dt.date(_year(parts[0]), parts[1], parts[2])
    except ValueError:
        pass
    raise CellError(f"'{text}'는 기준일로 읽을 수 없습니다 ({AS_OF_FORMS} 형식으로 적어 주세요)")


@dataclass(frozen=True)
class DateSpan:
    start: dt.date
    start_precision: Precision
    end: dt.date | None = None
    end_precision: Precision | None = None
    open_end: bool = False


def parse_span(value: object) -> DateSpan | None:
    """일자 of 추진실적: a date, a range (whose end may leave out the shared year), an open range."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return DateSpan(value.date(), "day")
    if isinstance(value, dt.date):
        return DateSpan(value, "day")
    text = str(value).strip()
    if not text:
        return None
    try:
        pieces = _RANGE.split(text)
        if len(pieces) > 2:
            raise ValueError(text)
        start_parts, _ = _parts(pieces[0])
        start, start_precision = _build(start_parts)
        if len(pieces) == 1:
            return DateSpan(start, start_precision)
        if not pieces[1].strip():
            return DateSpan(start, start_precision, open_end=True)
        end_parts, has_year = _parts(pieces[1])
        if not has_year:
            # The end leaves out what it shares with the start: align it to the right.
            shared = start_parts[: len(start_parts) - len(end_parts)]
            if not shared:
                raise ValueError(text)
            end_parts = shared + end_parts
        end, end_precision = _build(end_parts)
        if end < start:
            raise ValueError(text)
        return DateSpan(start, start_precision, end, end_precision)
    except (ValueError, OverflowError):  # OverflowError: a number too long for a date (found by fuzzing)
        raise CellError(
            f"'{text}'는 일자로 읽을 수 없습니다 ({ACHIEVEMENT_FORMS} 형식으로 적어 주세요)"
        ) from None
