"""The documents as formatted Excel workbooks, for officials who paste them into their own papers.

Numbers stay numbers (with number formats: `#,##0`, `0.0`), tables have borders and a
shaded header, merged cells only where the card merges (titles, year headers, long
text). The card is one sheet; the report has one sheet per section and one sheet with
every card, a page break before each. Printing is set to A4, fitted to the page width.
"""

from __future__ import annotations

import io
import math
import unicodedata
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from documents.card import Card
from documents.report import Report
from documents.tables import Cell, Table
from figures.colors import DOCUMENT_MUTED, DOCUMENT_RULE, HEADER_FILL, NAVY, WHITE, hex6
from figures.formatting import format_date
from loaders.safe_text import neutralize

FONT_NAME = "맑은 고딕"
WIDTHS = [34.0] + [12.0] * 24  # characters; column A holds names and labels
TEXT_COLUMNS = 9  # long text merges over A:I
THIN = Side(style="thin", color=hex6(DOCUMENT_RULE))
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONTS = {
    (bold, size, color): Font(name=FONT_NAME, bold=bold, size=size, color=hex6(color) if color else None)
    for bold in (False, True) for size in (9, 10, 11, 14, 18) for color in (None, WHITE, NAVY, DOCUMENT_MUTED)
}
ALIGN = {
    (h, wrap): Alignment(horizontal=h, vertical="center", wrap_text=wrap)
    for h in ("left", "center", "right") for wrap in (False, True)
}
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
FILLS: dict[str, PatternFill] = {}
H = {"L": "left", "C": "center", "R": "right"}
_BAD_SHEET = str.maketrans({c: " " for c in "[]:*?/\\"})


def _fill(colour: str) -> PatternFill:
    if colour not in FILLS:
        FILLS[colour] = PatternFill("solid", start_color=hex6(colour), end_color=hex6(colour))
    return FILLS[colour]


def _safe(text: str) -> str:
    """Workbook text never runs as a formula (`loaders.safe_text.neutralize`, the project's one rule).

    The cells are also written as text (data type "s"), so openpyxl never stores a formula.
    """
    return neutralize(ILLEGAL_CHARACTERS_RE.sub("", text))


def _put(cell, value) -> None:
    if isinstance(value, str):
        cell.value = _safe(value)
        cell.data_type = "s"
    else:
        cell.value = value


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


class Sheet:
    """A sheet written top to bottom; `row` is the next free row.

    Styling a cell through openpyxl's attributes hashes every style object again (a
    report styles tens of thousands of cells), so each combination is styled once and its
    style record copied to the next cells (`styles`, shared by the workbook's sheets).
    Merged ranges are added directly: the sheet is written top to bottom and never
    overlaps them, which openpyxl's merge_cells checks against every earlier range.
    """

    def __init__(self, ws: Worksheet, styles: dict | None = None) -> None:
        self.ws = ws
        self.row = 1
        self.styles = {} if styles is None else styles
        for i, width in enumerate(WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.sheet_view.showGridLines = False

    def line(self, text: str | CellRichText, *, size: int = 10, bold: bool = False, color: str | None = None,
             span: int = TEXT_COLUMNS, height: float | None = None) -> None:
        cell = self.ws.cell(self.row, 1)
        _put(cell, text)
        self.style(cell, ("line", bold, size, color), font=FONTS[(bold, size, color)], alignment=TOP_LEFT)
        if span > 1:
            self.merge(self.row, 1, span)
        if isinstance(text, str):
            width = sum(WIDTHS[:span])
            lines = sum(max(1, math.ceil(_display_width(p) * size / 10 / width)) for p in text.split("\n"))
            height = height or max(1, lines) * (size * 1.45 + 1.5)
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.row += 1

    def style(self, cell, key: tuple, **attributes) -> None:
        known = self.styles.get(key)
        if known is not None:
            cell._style = copy(known)
            return
        for name, value in attributes.items():
            if value is not None:
                setattr(cell, name, value)
        self.styles[key] = copy(cell._style)

    def merge(self, row: int, column: int, span: int) -> None:
        self.ws.merged_cells.ranges.add(CellRange(min_col=column, min_row=row, max_col=column + span - 1,
                                                  max_row=row))

    def heading(self, text: str) -> None:
        self.row += 1
        self.line("■ " + text, size=11, bold=True, color=NAVY)

    def table(self, table: Table) -> None:
        if table.note and table.rows:
            self.line(table.note, size=9, color=DOCUMENT_MUTED)
        if not table.rows:
            self.line(table.empty, size=10)
            return
        for cells in table.header:
            self._row(cells, header=True)
        for cells in table.rows:
            self._row(cells)
        self.row += 1

    def _row(self, cells: list[Cell], header: bool = False) -> None:
        ws, col, tallest = self.ws, 1, 1
        for c in cells:
            value = c.value if c.value is not None else c.text
            target = ws.cell(self.row, col)
            _put(target, value)
            number_format = c.number_format if c.number_format and not isinstance(value, str) else None
            key = ("cell", c.bold or header, c.color, c.align, number_format, c.fill)
            self.style(target, key, font=FONTS[(c.bold or header, 9, c.color)], alignment=ALIGN[(H[c.align], True)],
                       border=BORDER, number_format=number_format, fill=_fill(c.fill) if c.fill else None)
            if c.colspan > 1:
                for extra in range(col + 1, col + c.colspan):
                    self.style(ws.cell(self.row, extra), ("border",), border=BORDER)
                self.merge(self.row, col, c.colspan)
            if isinstance(value, str) and value:
                width = sum(WIDTHS[col - 1:col - 1 + c.colspan])
                tallest = max(tallest, sum(math.ceil(_display_width(p) / max(width - 1, 1)) or 1
                                           for p in value.split("\n")))
            col += c.colspan
        if tallest > 1:
            ws.row_dimensions[self.row].height = tallest * 13.5 + 2
        self.row += 1


def _choice_text(card: Card) -> list[CellRichText]:
    lines = []
    for choice in card.choices:
        parts: list[str | TextBlock] = [f"✓ {choice.label}  "]
        for i, option in enumerate(choice.options):
            if i:
                parts.append(" / ")
            if option == choice.chosen:
                parts.append(TextBlock(InlineFont(rFont=FONT_NAME, b=True, sz=10), option))
            else:
                parts.append(option)
        if choice.chosen is None:
            parts.append("  (미입력)")
        lines.append(CellRichText(*parts))
    return lines


def write_card(sheet: Sheet, card: Card) -> None:
    sheet.line(f"{card.pledge_id}. {card.title}", size=14, bold=True, color=NAVY)
    facts = " · ".join(f"{label} {value}" for label, value in card.headline)
    term = f"{card.term} · " if card.term else ""
    sheet.line(f"{card.ward} · {term}{format_date(card.as_of)} 기준   {facts}", size=9, color=DOCUMENT_MUTED)
    sheet.table(card.figures)
    for text in _choice_text(card):
        sheet.line(text, size=10, height=16)
    texts = dict(card.texts)
    sheet.heading("사업구분")
    sheet.line("- " + card.business)
    for title in ("정부·서울시 도움(권한 명확성)", "정책개요"):
        sheet.heading(title)
        sheet.line(texts[title])
    sheet.heading("정책현황 및 목표")
    for label in ("현황", "목표"):
        sheet.line(label, bold=True)
        sheet.line(texts[label])
    sheet.heading("추진계획")
    sheet.line(texts["추진계획"])
    sheet.heading("추진일정")
    sheet.table(card.schedule)
    if card.schedule.rows:
        sheet.line(card.schedule_note.replace("■", "●"), size=9, color=DOCUMENT_MUTED)
    sheet.heading("소요예산")
    sheet.table(card.budget)
    if card.funding is not None:
        sheet.heading("계획 · 확보 · 집행")
        sheet.table(card.funding)
    sheet.heading("공약달성 확인지표")
    sheet.table(card.indicators)
    sheet.heading("추진실적")
    if not card.achievements:
        sheet.line("추진실적 미입력")
    for group, lines in card.achievements:
        sheet.line(group, bold=True)
        sheet.line("\n".join(f"- {text}: {date}" for text, date in lines))
    if card.evidence_table is not None:
        sheet.heading("증빙 자료")
        sheet.table(card.evidence_table)
    if card.changes is not None:
        sheet.heading("변경 내역 (이행계획 대비)")
        sheet.table(card.changes)
    sheet.row += 1
    contacts = Table(widths=[1.0] * len(card.contacts))
    contacts.header.append([Cell(label, align="C", bold=True, fill=HEADER_FILL) for label, _ in card.contacts])
    contacts.rows.append([Cell(value, align="C") for _, value in card.contacts])
    sheet.table(contacts)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def card_workbook(card: Card) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = f"공약 {card.pledge_id}".translate(_BAD_SHEET)[:31]
    sheet = Sheet(ws)
    write_card(sheet, card)
    workbook.properties.title = f"{card.ward} 공약 {card.pledge_id} 공약관리카드"
    return _save(workbook)


def report_workbook(report: Report) -> bytes:
    workbook = Workbook()
    first = True
    styles: dict = {}
    for part in report.sections:
        ws = workbook.active if first else workbook.create_sheet()
        ws.title = part.title.translate(_BAD_SHEET)[:31]
        sheet = Sheet(ws, styles)
        if first:
            sheet.line(report.title, size=18, bold=True, color=NAVY)
            for line in report.cover:
                sheet.line(line, size=10)
            first = False
        else:
            sheet.line(f"{report.title} · {part.title}", size=14, bold=True, color=NAVY)
            sheet.line(f"{format_date(report.as_of)} 기준", size=9, color=DOCUMENT_MUTED)
        for block in part.blocks:
            if isinstance(block, str):
                sheet.line(block, size=9)
                continue
            if block.title:
                sheet.heading(block.title)
            sheet.table(block)
    ws = workbook.create_sheet("공약관리카드")
    sheet = Sheet(ws, styles)
    for i, card in enumerate(report.cards):
        if i:
            ws.row_breaks.append(Break(id=sheet.row - 1))
        write_card(sheet, card)
        sheet.row += 1
    workbook.properties.title = f"{report.title} ({format_date(report.as_of)} 기준)"
    return _save(workbook)
