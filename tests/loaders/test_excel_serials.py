"""loaders/excel_serials.py gives what openpyxl gives, and reading a workbook imports no openpyxl.

The reader keeps its own copy of openpyxl's date rules so that `pledges validate` does not pay
openpyxl's (and numpy's) import; these tests are what makes the copy safe: any serial, format
or ISO text read differently from openpyxl fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl.styles import numbers
from openpyxl.utils import datetime as openpyxl_datetime

from loaders import excel_serials

ROOT = Path(__file__).resolve().parents[2]

FORMATS = [
    *numbers.BUILTIN_FORMATS.values(), None, "", "yyyy-mm-dd", 'yyyy"년" m"월" d"일"', "[$-412]yyyy\\-mm\\-dd",
    "[$-ko-KR]AM/PM h:mm", '"day"0', "\\d0", "_d0", "0.0%", "#,##0;[Red]-#,##0", "[Red]0", "[h]:mm", "[mm]:ss",
    "[ss].00", "[HH]:MM", "mm:ss.0", "General;yyyy", "@", '[>=100]"big";0', "ge.m.d", "[DBNum1][$-412]General",
    "d", "s", "0.00E+00",
]
SERIALS = [0, 0.0, 0.25, 0.5, 0.999999, 1, 1.5, 59, 59.99, 60, 60.5, 61, 365, 43830, 43830.75, 44196, 2958465,
           -1, -0.5, 1e-9, 12345.678901234, 0.0000115740740740]


def test_the_builtin_formats_are_openpyxls():
    assert excel_serials.BUILTIN_FORMATS == numbers.BUILTIN_FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_and_timedelta_formats_as_openpyxl_judges_them(fmt):
    assert excel_serials.is_date_format(fmt) is numbers.is_date_format(fmt)
    assert excel_serials.is_timedelta_format(fmt) is numbers.is_timedelta_format(fmt)


@pytest.mark.parametrize("epoch", [openpyxl_datetime.WINDOWS_EPOCH, openpyxl_datetime.CALENDAR_MAC_1904])
@pytest.mark.parametrize("timedelta", [False, True])
def test_serials_as_openpyxl_converts_them(epoch, timedelta):
    assert (excel_serials.WINDOWS_EPOCH, excel_serials.CALENDAR_MAC_1904) == (
        openpyxl_datetime.WINDOWS_EPOCH, openpyxl_datetime.CALENDAR_MAC_1904)
    for serial in SERIALS:
        try:
            expected: object = openpyxl_datetime.from_excel(serial, epoch, timedelta=timedelta)
        except (OverflowError, ValueError) as problem:
            expected = type(problem)
        try:
            got: object = excel_serials.from_excel(serial, epoch, timedelta=timedelta)
        except (OverflowError, ValueError) as problem:
            got = type(problem)
        assert (serial, got) == (serial, expected)


@pytest.mark.parametrize("text", ["2020-12-31", "2020-12-31T10:30:00", "2020-12-31T10:30:00.5Z", "10:30",
                                  "10:30:15.123", "PT1H30M", "PT2.5S", "PT", "", "2020-13-01", "어제", "T"])
def test_iso_dates_as_openpyxl_reads_them(text):
    def outcome(read):
        try:
            return read(text)
        except ValueError as problem:
            return ("ValueError", str(problem))

    assert outcome(excel_serials.from_ISO8601) == outcome(openpyxl_datetime.from_ISO8601)


def test_reading_a_workbook_imports_no_openpyxl_or_numpy():
    """About 120 ms of every `pledges validate` and of every bounded worker's start."""
    code = (
        "import sys; from loaders import read_workbook; "
        "r = read_workbook('data/영등포구_2020-12-31.xlsx'); "
        "print(r.ok, sorted(m for m in ('openpyxl', 'numpy', 'pandas', 'PIL') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[0] == "True []"
