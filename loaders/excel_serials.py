"""Excel's date serials and number formats, read exactly as openpyxl reads them, without openpyxl.

The loader's values follow what `openpyxl.load_workbook(data_only=True)` gave before the
streaming reader: a serial in a date-formatted cell is a `datetime`, `t="d"` cells are ISO
8601 text. Importing `openpyxl.utils.datetime` for that runs openpyxl's package import,
numpy included: about 120 ms of a 0.6 s `pledges validate`, paid twice (the command and its
bounded worker each import the loader). So the few functions and the table of built-in
formats the reader uses are kept here, as openpyxl 3.1 writes them; tests/loaders/
test_excel_serials.py compares every one with openpyxl's own, so a difference fails a test
instead of silently changing a value.
"""

from __future__ import annotations

import datetime
import re

WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
MAC_EPOCH = datetime.datetime(1904, 1, 1)
CALENDAR_MAC_1904 = MAC_EPOCH
_SECS_PER_DAY = 86400

#: the number formats every workbook may use by id without writing them (openpyxl's table)
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

#: quoted literals and bracketed locales/colours (not hours, minutes, seconds) say nothing of a date
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def is_date_format(fmt: str | None) -> bool:
    """Whether a number format shows a date or time (its first section, literals and locales aside)."""
    if fmt is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt: str | None) -> bool:
    """Whether a number format shows elapsed time (`[h]:mm:ss`)."""
    if fmt is None:
        return False
    return _TIMEDELTA.search(fmt.split(";")[0]) is not None


def from_excel(value: float, epoch: datetime.datetime = WINDOWS_EPOCH, timedelta: bool = False) -> object:
    """A serial as a datetime (a time below one day, a timedelta for elapsed-time formats).

    Excel's 1900 calendar counts a 29 February 1900 that never was, so serials below 60
    are a day early against the epoch.
    """
    if timedelta:
        td = datetime.timedelta(days=value)
        if td.microseconds:  # to the millisecond
            td = datetime.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * _SECS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + datetime.timedelta(days=day) + diff


def from_ISO8601(text: str) -> object:
    """A `t="d"` cell's ISO 8601 date, time, date-time or duration; ValueError for anything else."""
    if not text:
        return None
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return datetime.time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return datetime.date(parts["year"], parts["month"], parts["day"])
        del parts["time"], parts["date"]
        return datetime.datetime(**parts)
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        return datetime.timedelta(**{key: float(value) if value else value for key, value in parts.items()})
    raise ValueError(f"Invalid datetime value {text}")
