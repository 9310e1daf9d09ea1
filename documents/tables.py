"""The document model's tables: what both renderers (PDF, Excel) draw, cell by cell.

A cell keeps the number itself (for Excel, where officials paste and add up) and the
text the PDF prints; the text never reads "None" or "nan": a missing value is "-" or a
Korean word the builder chose ("미입력", "지표 없음").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from figures import colors
from figures.formatting import NONE_TEXT, published_rate
from loaders.model import BUDGET_UNITS

Align = Literal["L", "C", "R"]

#: the fills every renderer draws (PDF, Excel, 한글), from figures/colors.py
HEADER_FILL, GROUP_FILL, SCHEDULED_FILL, AS_OF_FILL, AS_OF_TINT = (
    colors.HEADER_FILL, colors.GROUP_FILL, colors.SCHEDULED_FILL, colors.AS_OF_FILL, colors.AS_OF_TINT)

DASH = NONE_TEXT  # figures.formatting: the one word for a missing value
NOT_ENTERED = "미입력"


@dataclass
class Cell:
    text: str = ""
    value: str | int | float | None = None  # what Excel stores; None: the text
    number_format: str | None = None  # Excel number format of a numeric value
    align: Align = "L"
    bold: bool = False
    fill: str | None = None
    color: str | None = None  # text colour, figures/colors.py
    colspan: int = 1


@dataclass
class Table:
    """Header rows then body rows; `widths` are relative column widths (they are scaled to the page)."""

    widths: list[float]
    header: list[list[Cell]] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    title: str | None = None
    note: str | None = None  # a line above the table, e.g. "(단위: 백만원)"
    empty: str = "해당 없음"  # printed instead of the table when it has no body row
    #: rows that start a group kept on one page with the rows up to the next group start
    group_starts: set[int] = field(default_factory=set)
    font_size: float = 8.0
    span: float = 1.0  # share of the page width the table takes (narrow tables are not stretched)


def head(text: str, colspan: int = 1, align: Align = "C", fill: str = HEADER_FILL) -> Cell:
    return Cell(text, align=align, bold=True, fill=fill, colspan=colspan)


def text_cell(text: object, *, align: Align = "L", bold: bool = False, fill: str | None = None,
              colspan: int = 1, blank: str = DASH) -> Cell:
    shown = blank if text is None or text != text or str(text).strip() == "" else str(text)
    return Cell(shown, value=shown, align=align, bold=bold, fill=fill, colspan=colspan)


def number_text(value: float, digits: int = 1) -> str:
    """12,345 or 12,345.6: whole numbers without decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def number_cell(value: float | int | None, *, digits: int = 1, blank: str = DASH, bold: bool = False,
                fill: str | None = None, suffix: str = "") -> Cell:
    if value is None or value != value:
        return Cell(blank, value=blank, align="R", bold=bold, fill=fill)
    whole = float(value).is_integer()
    number = int(value) if whole else round(float(value), digits)
    fmt = "#,##0" if whole else "#,##0." + "0" * digits
    return Cell(number_text(value, digits) + suffix, value=number, number_format=fmt, align="R", bold=bold,
                fill=fill)


def rate_cell(rate: float | None, *, blank: str = DASH, bold: bool = False) -> Cell:
    """A rate in %, shown with one decimal (75.0); Excel keeps the rate as it is published everywhere
    (figures.formatting.published_rate: `pledges summary --json` and the open data hold the same number)."""
    if rate is None or rate != rate:
        return Cell(blank, value=blank, align="R", bold=bold)
    return Cell(f"{rate:.1f}", value=published_rate(rate), number_format="0.0", align="R", bold=bold)


def money_cell(won: int | None, unit: str, *, blank: str = DASH, bold: bool = False,
               fill: str | None = None) -> Cell:
    """An amount in the workbook's unit (money is held in 원); 0 and None read "-" as officials write."""
    if won is None or won == 0:
        return Cell(blank, value=blank, align="R", bold=bold, fill=fill)
    cell = number_cell(won / BUDGET_UNITS[unit], digits=1, bold=bold, fill=fill)
    cell.value = int(won / BUDGET_UNITS[unit]) if won % BUDGET_UNITS[unit] == 0 else won / BUDGET_UNITS[unit]
    return cell  # Excel holds the amount exactly (in the unit), whatever the text rounds


def count_cell(count: int, *, bold: bool = False) -> Cell:
    return Cell(f"{count:,}", value=int(count), number_format="#,##0", align="R", bold=bold)


def ratio_text(numerator: int, denominator: int) -> str:
    return f"{numerator} / {denominator}"
