"""The one reading of a quarter (`2018Q2`) and of a month's end (loaders/quarters.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.quarters import YearQuarter, month_end


def test_a_quarter_reads_orders_and_counts_as_one_rule():
    q = YearQuarter.parse(" 2018q2 ")
    assert (q.year, q.quarter, str(q), q.label) == (2018, 2, "2018Q2", "2018년 2분기")
    assert (q.first_day, q.last_day) == (dt.date(2018, 4, 1), dt.date(2018, 6, 30))
    assert YearQuarter.parse("2018Q4").next() == YearQuarter(2019, 1)
    assert YearQuarter.parse("2019Q1").index - YearQuarter.parse("2018Q4").index == 1
    assert YearQuarter.from_index(q.index) == q
    assert sorted(YearQuarter.parse(t) for t in ("2019Q1", "2018Q4", "2018Q2")) == [
        YearQuarter(2018, 2), YearQuarter(2018, 4), YearQuarter(2019, 1)]
    assert YearQuarter.of(dt.date(2020, 12, 31)) == YearQuarter(2020, 4)


@pytest.mark.parametrize("text", ["2018Q5", "2018-Q2", "Q2 2018", "", "2018"])
def test_anything_else_is_no_quarter(text):
    with pytest.raises(ValueError, match="not a quarter"):
        YearQuarter.parse(text)


def test_month_end_knows_leap_years():
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert month_end(2023, 2) == dt.date(2023, 2, 28)
    assert month_end(2022, 6) == dt.date(2022, 6, 30)
