"""DataFrames → downloadable Excel / CSV bytes, safe to open in Excel.

Officials download every chart's table to paste into their own reports, so the
workbook must open ready to use: bold frozen header, money with thousands
separators, rates with one decimal, columns wide enough for Korean text.

Formula injection: the tables carry text typed by many people (pledge titles,
milestone texts, sub-project names); `loaders.safe_text.neutralize` is the one
rule every writer of the project applies (a leading `'`, and in xlsx a string
cell). Real numbers are never touched: -5 stays the number -5.

Pure functions: DataFrames in, bytes out, no file system.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from numbers import Number
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from figures.colors import HEADER_FILL, hex6
from loaders.safe_text import FORMULA_STARTS as INJECTION_PREFIXES
from loaders.safe_text import neutralize

MONEY_FORMAT = "#,##0"
MONEY_FORMAT_FINE = "#,##0.0"  # 억원: 62.7억원 needs its decimal
RATE_FORMAT = "0.0"
INTEGER_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.###"
DATE_FORMAT = 'yyyy". "m". "d"."'  # 2020. 12. 31., as the officials write dates

_KINDS = ("money", "rate", "int", "number", "date", "text")
_FONT = "맑은 고딕"  # Excel's Korean default on the officials' PCs
_MONEY_HINTS = ("백만원", "억원", "천원", "(원)", "금액", "예산")
_RATE_HINTS = ("(%)", "률", "비율", "비중")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _is_number(value: Any) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def _blank(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _cell_value(value: Any) -> Any:
    """A pandas/numpy value as something openpyxl writes faithfully."""
    if _blank(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalar
        with contextlib.suppress(AttributeError, ValueError):
            value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if _is_number(value) or isinstance(value, dt.date):
        if isinstance(value, float) and math.isinf(value):
            return None
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text


def _column_kind(header: str, values: pd.Series) -> str:
    """'money' | 'rate' | 'int' | 'number' | 'date' | 'text', from the header first, then the data.

    The tables name their unit in the header (예산(백만원), 이행률(%)), which is
    a stabler signal than the dtype: a money column of round 백만원 is int.
    """
    non_blank = [v for v in values if not _blank(v)]
    numeric = bool(non_blank) and all(_is_number(_cell_value(v)) for v in non_blank)
    if non_blank and all(isinstance(v, dt.date | pd.Timestamp) for v in non_blank):
        return "date"
    if not numeric:
        return "text"
    if any(h in header for h in _RATE_HINTS):
        return "rate"
    if any(h in header for h in _MONEY_HINTS):
        return "money"
    if all(float(_cell_value(v)).is_integer() for v in non_blank):
        return "int"
    return "number"


def _format_for(kind: str, header: str) -> str | None:
    if kind == "money":
        return MONEY_FORMAT_FINE if "억원" in header else MONEY_FORMAT
    return {
        "rate": RATE_FORMAT,
        "int": INTEGER_FORMAT,
        "number": NUMBER_FORMAT,
        "date": DATE_FORMAT,
    }.get(kind)


def _display_width(value: Any, number_format: str | None) -> int:
    """Rough width in Excel character units; Hangul counts double."""
    import unicodedata

    if value is None:
        return 0
    if _is_number(value) and number_format:
        text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    elif isinstance(value, dt.date):
        text = "2020. 12. 31."
    else:
        text = str(value)
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in longest)


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel's rules: ≤ 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    base = _SHEET_NAME_BAD.sub(" ", str(name)).strip().strip("'") or "표"
    base = base[:31]
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def _write_text(cell: Any, text: str) -> None:
    """Write text so openpyxl never turns it into a formula (data type 's')."""
    cell.value = neutralize(text)
    cell.data_type = "s"


def to_xlsx(sheets: Mapping[str, pd.DataFrame], *, title: str | None = None) -> bytes:
    """One formatted worksheet per DataFrame, as .xlsx bytes for a download button.

    Each sheet: optional bold title row (then a blank row), a bold shaded header
    row frozen in place with an auto filter, number formats chosen per column
    (money `#,##0`, 억원 `#,##0.0`, rates `0.0`, dates `2020. 12. 31.`; a table
    may name a column's kind or Excel format in `df.attrs["number_formats"]`
    when its header cannot, e.g. a year column of money),
    and column widths fitted to the Korean text (capped so one long milestone
    does not make a column a screen wide). An empty mapping gives one sheet with
    the Korean empty note, so a download never fails.
    """
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    items = list(sheets.items()) or [
        ("자료 없음", pd.DataFrame({"안내": ["표시할 자료가 없습니다"]}))
    ]
    header_fill = PatternFill("solid", fgColor=hex6(HEADER_FILL))
    thin = Side(style="thin", color="999999")
    for name, df in items:
        ws = wb.create_sheet(_sheet_title(name, used))
        df = df if df is not None else pd.DataFrame()
        row = 1
        if title:
            _write_text(ws.cell(row=1, column=1), title)
            ws.cell(row=1, column=1).font = Font(name=_FONT, bold=True, size=14)
            row = 3
        header_row = row
        headers = [str(c) for c in df.columns]
        overrides = {str(k): v for k, v in df.attrs.get("number_formats", {}).items()}
        widths = [0] * len(headers)
        formats: list[str | None] = []
        for j, header in enumerate(headers, start=1):
            cell = ws.cell(row=header_row, column=j)
            _write_text(cell, header)
            cell.font = Font(name=_FONT, bold=True)
            cell.fill = header_fill
            cell.border = Border(bottom=thin)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widths[j - 1] = _display_width(header, None)
            kind = _column_kind(header, df.iloc[:, j - 1])
            declared = overrides.get(header)
            if declared and kind in ("int", "number", "money", "rate"):
                # the table knows better than its header ("2018년" is money in 백만원)
                kind = declared
            formats.append(_format_for(kind, header) if kind in _KINDS else kind)
        for i, record in enumerate(df.itertuples(index=False, name=None), start=header_row + 1):
            for j, raw in enumerate(record, start=1):
                value = _cell_value(raw)
                cell = ws.cell(row=i, column=j)
                if isinstance(value, str):
                    _write_text(cell, value)
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.value = value
                    fmt = formats[j - 1]
                    if value is not None and fmt and (_is_number(value) or fmt == DATE_FORMAT):
                        cell.number_format = fmt
                cell.font = Font(name=_FONT)
                widths[j - 1] = max(widths[j - 1], _display_width(cell.value, formats[j - 1]))
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
        if headers:
            ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
            last = get_column_letter(len(headers))
            ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(df), 1)}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_csv(df: pd.DataFrame) -> bytes:
    """The table as CSV in UTF-8 with a BOM, so Excel on a Korean PC shows 한글 right.

    Text cells (and headers) that Excel could run as formulas get a leading `'`;
    numbers are written as numbers.
    """
    text = neutralized(pd.DataFrame() if df is None else df).to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def neutralized(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose headers and text cells are `neutralize`d: what every CSV writer writes."""
    safe = df.copy()
    safe.columns = [neutralize(str(c)) for c in safe.columns]
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            safe.isetitem(position, column.map(neutralize).astype(object))
    return safe


__all__ = ["INJECTION_PREFIXES", "neutralize", "neutralized", "to_csv", "to_xlsx"]
