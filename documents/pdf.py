"""The PDF page: A4, the packaged Korean font embedded, tables that never break inside a row.

Text is laid out here (line breaking by the font's own widths, at spaces when a line
can break there, else between characters), because fpdf2's measuring cells cost a
millisecond each and a ward report draws tens of thousands of them. Every glyph comes
from documents/fonts (NanumGothic, SIL Open Font License), never from the system; a
character the font lacks is replaced by a look-alike or "□" rather than an empty box.
"""

from __future__ import annotations

import copy
import functools
import logging
import unicodedata
from collections.abc import Callable
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF

from documents.tables import Cell, Table
from figures.colors import DOCUMENT_MUTED, DOCUMENT_RULE, rgb

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "NanumGothic"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210.0, 297.0, 15.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BOTTOM = PAGE_HEIGHT - 16.0  # lowest y a row may reach; the footer sits below
PADDING = 1.2
LINE = 1.32  # line height as a multiple of the font size
PT = 25.4 / 72  # millimetres per point
HEADING_SIZE, HEADING_GAP = 10.5, 1.5
LOOK_ALIKES = {"✓": "V", "✔": "V", "☑": "V", "‧": "·", "•": "·", "\u00a0": " ", "\t": " "}

# fontTools reports every table it drops while subsetting; nothing an official can act on
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@functools.cache
def _parsed_fonts() -> dict:
    """NanumGothic regular and bold as fpdf2 parsed them, once per process."""
    prototype = FPDF()
    prototype.add_font(FONT, "", str(FONT_DIR / "NanumGothic.ttf"))
    prototype.add_font(FONT, "B", str(FONT_DIR / "NanumGothicBold.ttf"))
    return dict(prototype.fonts)


def _fresh(font):
    """A document's own copy of a parsed font: the read-only tables (widths, glyph ids, cmap) are
    shared; what a document changes (the glyphs it uses, the fontTools font it subsets at output)
    is its own."""
    own = copy.copy(font)
    own.ttfont = ttLib.TTFont(font.ttffile, recalcTimestamp=False, lazy=True)
    own.subset = copy.deepcopy(font.subset)
    own.missing_glyphs = []
    own.biggest_size_pt = 0
    return own


@functools.cache
def _known_glyphs() -> dict[str, set[int]]:
    return {style: set(_parsed_fonts()[f"{FONT.lower()}{style}"].cmap) for style in ("", "B")}


class DocumentPDF(FPDF):
    """A4 portrait with a footer "title … n / N" on every page."""

    def __init__(self, footer_text: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        # a copy of fonts parsed once per process: parsing both TTFs took 0.4 s of every card,
        # a copy takes a few ms (each document still subsets and embeds its own glyphs)
        for key, font in _parsed_fonts().items():
            self.fonts[key] = _fresh(font)
        self.set_font(FONT, "", 9)
        self.alias_nb_pages("{nb}")
        self._known = _known_glyphs()
        self.set_creator("공약 이행 대시보드")
        self.set_lang("ko")

    # --- text -------------------------------------------------------------------------
    def clean(self, text: str) -> str:
        known = self._known["B" if "B" in self.font_style else ""]
        if all(ord(ch) in known for ch in text):
            return text
        out = []
        for ch in text:
            if ord(ch) in known:
                out.append(ch)
                continue
            alike = LOOK_ALIKES.get(ch) or unicodedata.normalize("NFKC", ch)
            out.append(alike if all(ord(c) in known for c in alike) else "□")
        return "".join(out)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)

    def width(self, text: str) -> float:
        widths = self.current_font.cw
        return sum(widths[ord(ch)] for ch in text) * self.font_size_pt / 1000 * PT

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` no wider than `width` mm: breaks at spaces, else between characters."""
        lines: list[str] = []
        for paragraph in self.clean(text).split("\n"):
            lines.extend(_wrap_paragraph(paragraph.rstrip(), width, self.current_font.cw,
                                         self.font_size_pt / 1000 * PT))
        return lines or [""]

    def line_height(self) -> float:
        return self.font_size_pt * PT * LINE

    def put_text(self, x: float, y: float, text: str) -> None:
        """`text` with its top at y (fpdf's text() takes the baseline)."""
        self.text(x, y + self.font_size_pt * PT * 0.95, text)

    def ensure(self, height: float, on_new_page: Callable[[], None] | None = None) -> None:
        """A new page unless `height` mm still fit above the footer."""
        if self.get_y() + height > BOTTOM:
            self.add_page()
            if on_new_page:
                on_new_page()

    def paragraph(self, text: str, size: float = 9.0, indent: float = 0.0, bold: bool = False,
                  gap: float = 1.0) -> None:
        """Wrapped text; a line starting with "-" hangs like the card's bullet lists."""
        self.font(size, bold)
        height = self.line_height()
        for raw in text.split("\n"):
            stripped = raw.strip()
            depth = len(raw) - len(raw.lstrip(" "))
            bullet = stripped[:1] in ("-", "·", "○", "•", "ㅇ", "※") and len(stripped) > 1
            hang = 3.5 if bullet else 0.0
            left = MARGIN + indent + min(depth, 4) * 2.0
            lines = self.wrap(stripped, CONTENT_WIDTH - (left - MARGIN) - hang)
            for i, line in enumerate(lines):
                self.ensure(height)
                self.put_text(left + (hang if (bullet and i) else 0.0), self.get_y(), line)
                self.set_y(self.get_y() + height)
        self.set_y(self.get_y() + gap)

    def footer(self) -> None:
        self.font(7.5)
        self.set_text_color(*rgb(DOCUMENT_MUTED))
        y = PAGE_HEIGHT - 11.0
        self.set_draw_color(*rgb(DOCUMENT_RULE))
        self.line(MARGIN, y - 1.5, PAGE_WIDTH - MARGIN, y - 1.5)
        if self.footer_text:
            self.put_text(MARGIN, y, self.clean(self.footer_text))
        self.set_xy(PAGE_WIDTH - MARGIN - 30, y)
        self.cell(30, 3.5, f"{self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)

    # --- tables -----------------------------------------------------------------------
    def heading(self, title: str, keep: float = 14.0) -> None:
        """A "■ 제목" line, kept on the page with at least `keep` mm of what follows."""
        self.set_y(self.get_y() + HEADING_GAP)
        self.ensure(keep + self.heading_height())
        self.font(HEADING_SIZE, bold=True)
        self.set_text_color(31, 56, 100)
        self.put_text(MARGIN, self.get_y(), "■ " + self.clean(title))
        self.set_text_color(0, 0, 0)
        self.set_y(self.get_y() + HEADING_SIZE * PT * LINE + 1.0)

    def heading_height(self) -> float:
        return HEADING_SIZE * PT * LINE + 1.0

    def table(self, table: Table, heading: str | None = None, width: float = CONTENT_WIDTH) -> None:
        """Header rows repeated on every page; a row (or a group) never split across pages.

        `heading` ("■ 제목") and the unit note stay on the page of the table's first rows:
        a table that fits on one page is moved whole to the next page rather than cut.
        """
        width = width * table.span
        if not table.rows:
            if heading:
                self.heading(heading, keep=8.0)
            self.paragraph(table.empty, size=8.5, gap=2.0)
            return
        scale = width / sum(table.widths)
        widths = [w * scale for w in table.widths]
        header = [self._layout(row, widths, table.font_size) for row in table.header]
        body = [self._layout(row, widths, table.font_size) for row in table.rows]
        header_height = sum(h for h, _ in header)
        lead = (HEADING_GAP + self.heading_height() if heading else 0.0) + (4.0 if table.note else 0.0)

        def draw_header() -> None:
            for laid in header:
                self._draw_row(laid, table.font_size)

        starts = sorted(table.group_starts | {0, len(body)})
        drawn = False
        for first, end in zip(starts, starts[1:], strict=False):
            group = sum(h for h, _ in body[first:end])
            before = header_height + (0.0 if drawn else lead)
            if self.get_y() + group + (0.0 if drawn else before) > BOTTOM and \
                    before + group <= BOTTOM - MARGIN:
                self.add_page()
                drawn = False
            if not drawn:
                self.ensure(lead + header_height + body[first][0])
                if heading and first == 0:
                    self.heading(heading, keep=0.0)
                if table.note and first == 0:
                    self.font(7.5)
                    self.set_xy(MARGIN, self.get_y())
                    self.cell(width, 3.5, self.clean(table.note), align="R")
                    self.set_y(self.get_y() + 4.0)
                draw_header()
                drawn = True
            for laid in body[first:end]:
                self.ensure(laid[0], draw_header)
                self._draw_row(laid, table.font_size)
        self.set_y(self.get_y() + 2.5)

    def _layout(self, row: list[Cell], widths: list[float], size: float) -> tuple[float, list]:
        cells, col, height = [], 0, 0.0
        for cell in row:
            w = sum(widths[col:col + cell.colspan])
            self.font(size, cell.bold)
            lines = self.wrap(cell.text, w - 2 * PADDING) if cell.text else []
            cells.append((cell, w, lines))
            height = max(height, len(lines) * self.line_height() + 2 * PADDING)
            col += cell.colspan
        return max(height, size * PT * LINE + 2 * PADDING), cells

    def _draw_row(self, laid: tuple[float, list], size: float) -> None:
        height, cells = laid
        x, y = MARGIN, self.get_y()
        self.set_line_width(0.15)
        self.set_draw_color(110, 110, 110)
        for cell, w, lines in cells:
            if cell.fill:
                self.set_fill_color(*rgb(cell.fill))
                self.rect(x, y, w, height, style="DF")
            else:
                self.rect(x, y, w, height)
            self.font(size, cell.bold)
            if cell.color:
                self.set_text_color(*rgb(cell.color))
            lh = self.line_height()
            top = y + (height - len(lines) * lh) / 2
            for i, line in enumerate(lines):
                if cell.align == "L":
                    tx = x + PADDING
                else:
                    free = w - 2 * PADDING - self.width(line)
                    tx = x + PADDING + (free if cell.align == "R" else free / 2)
                self.put_text(tx, top + i * lh + 0.1 * lh, line)
            if cell.color:
                self.set_text_color(0, 0, 0)
            x += w
        self.set_draw_color(0, 0, 0)
        self.set_y(y + height)


def _wrap_paragraph(text: str, width: float, widths, scale: float) -> list[str]:
    if not text:
        return [""]
    lines: list[str] = []
    line, line_w, last_space = [], 0.0, -1
    for ch in text:
        w = widths[ord(ch)] * scale
        if line_w + w > width and line:
            if ch == " ":
                lines.append("".join(line).rstrip())
                line, line_w, last_space = [], 0.0, -1
                continue
            if last_space > 0:
                head_part, rest = line[:last_space], line[last_space + 1:]
                lines.append("".join(head_part).rstrip())
                line = rest
                line_w = sum(widths[ord(c)] * scale for c in line)
                last_space = max((i for i, c in enumerate(line) if c == " "), default=-1)
            else:
                lines.append("".join(line))
                line, line_w, last_space = [], 0.0, -1
        if ch == " ":
            if not line:
                continue
            last_space = len(line)
        line.append(ch)
        line_w += w
    if line:
        lines.append("".join(line).rstrip())
    return lines
