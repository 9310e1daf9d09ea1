"""The mayor's term (민선 N기): how officials write it, and which term a date falls in.

Spec "Terms and pledge adjustments": Seoul's ward mayors are elected for four years;
term N runs from 1 July of 1990 + 4N to 30 June four years later (민선 7기 2018-07-01 –
2022-06-30, 8기 2022-07-01 – 2026-06-30, 9기 2026-07-01 – 2030-06-30). 개요's `민선` is
written `9기`, `민선 9기`, `제9기` or `9`; blank, it is the term whose period holds the 기준일.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.cells import CellError, fold_text

_TERM = re.compile(r"(?:민선)?\s*(?:제)?\s*([0-9]{1,2})\s*(?:기)?")


def term_of(day: dt.date) -> int:
    """The term whose period holds `day` (2026-06-30 → 8, 2026-07-01 → 9)."""
    start_year = day.year if day.month >= 7 else day.year - 1
    return (start_year - 1990) // 4


def effective_term(term: int | None, as_of: dt.date) -> int:
    """A quarter's term: the one it states (민선 N기 of 개요), else the one holding its 기준일 (a quarter the
    loader has not filled, or stored before terms were kept): the one rule every reader applies."""
    return term if term is not None else term_of(as_of)


def term_period(term: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of 민선 `term`기."""
    return dt.date(1990 + 4 * term, 7, 1), dt.date(1994 + 4 * term, 6, 30)


def term_label(term: int) -> str:
    return f"민선 {term}기"


def parse_term(value: object) -> int | None:
    """`9기`, `민선 9기`, `제9기`, `9` (or the number 9) → 9; blank → None; anything else is a CellError."""
    if isinstance(value, bool):
        raise CellError(_message(value))
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 99:
        return int(value)
    text = fold_text(value)
    if text is None:
        return None
    match = _TERM.fullmatch(text)
    if match is None or not 1 <= int(match.group(1)) <= 99:
        raise CellError(_message(text))
    return int(match.group(1))


def _message(shown: object) -> str:
    return f"'{shown}'는 민선으로 읽을 수 없습니다 (9기, 민선 9기, 제9기 또는 9처럼 적어 주세요)"
