"""Quarters and month ends: the one home of the calendar rules every room uses.

The workbook names a quarter `2018Q2` (추진일정's columns, docs/spec.md), figures compare and
order quarters, charts draw them as spans of days, the cards grid them, the submission board asks
for the next quarter's 기준일. Each used to parse `2018Q2` and find a month's last day on its own;
two of them turned a quarter into a number on different bases. `YearQuarter` is the one reading,
and `month_end` the one month-end rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_FORM = re.compile(r"\s*(\d{4})\s*[Qq]\s*([1-4])\s*")


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month (`2022.6.` → 2022-06-30)."""
    return dt.date(int(year), int(month), calendar.monthrange(int(year), int(month))[1])


@dataclass(frozen=True, order=True)
class YearQuarter:
    """A calendar quarter: ordered in time, `str()` is the workbook's `2018Q2`."""

    year: int
    quarter: int  # 1..4

    @classmethod
    def parse(cls, text: object) -> YearQuarter:
        """`2018Q2` (any case, spaces allowed); ValueError for anything else."""
        found = _FORM.fullmatch(str(text))
        if not found:
            raise ValueError(f"not a quarter: {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> YearQuarter:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_index(cls, index: int) -> YearQuarter:
        return cls(index // 4, index % 4 + 1)

    @property
    def index(self) -> int:
        """Quarters counted from year 0: consecutive quarters differ by one (`2018Q2` → 2018×4 + 1)."""
        return self.year * 4 + self.quarter - 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> dt.date:
        """The quarter's end: a 기준일 is always one."""
        return month_end(self.year, 3 * self.quarter)

    @property
    def label(self) -> str:
        """`2018년 2분기`."""
        return f"{self.year}년 {self.quarter}분기"

    def next(self) -> YearQuarter:
        return YearQuarter.from_index(self.index + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"
