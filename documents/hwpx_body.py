"""The body of a 한글 document (Contents/section0.xml): paragraphs in named styles and OWPML tables.

Every text reaches the XML as an element's text, so lxml escapes it: a title such as
`=HYPERLINK("http://…","클릭")` or `<script>` stays the characters it is. Nothing here writes a
field (hp:fieldBegin), a hyperlink or a macro; a 한글 document shows text as text.

Tables are `hp:tbl` of `hp:tr`/`hp:tc`, header rows marked as 제목 셀 and repeated on every
page, the model's colspan as `hp:cellSpan colSpan` (a header cell left empty under a
one-column header cell is merged into it with rowSpan, as a 한글 table is drawn), each
cell's text in its own alignment (numbers right, as the model gives them with their
thousands separators), bold and fill. Column widths are the model's relative widths on
the width between the margins; 한글 grows a row to fit its text when it lays the page out.

Pictures (the card's 증빙 photos) sit in a table without lines, a few to a row, each over its
caption line; documents/hwpx_pictures.py writes the `hp:pic`.
"""

from __future__ import annotations

import itertools
from copy import deepcopy

from lxml import etree

from documents.hwpx_parts import CONTENT_WIDTH, HP, MARGINS, PAGE_SIZE, PREVIEW_CHARS, Shapes, clean
from documents.hwpx_pictures import Picture, fit, picture
from documents.tables import Cell, Table

HS = "{http://www.hancom.co.kr/hwpml/2011/section}"
ALIGN = {"L": "LEFT", "C": "CENTER", "R": "RIGHT"}
#: cell padding 1 mm left and right, 0.5 mm above and below (한글's new table has 1.8 mm: the card's
#: tables are dense, as in the PDF); a column narrower than 9 mm (a quarter of 추진일정) keeps 0.5 mm
CELL_MARGIN = {"left": "283", "right": "283", "top": "141", "bottom": "141"}
NARROW_MARGIN = {"left": "141", "right": "141", "top": "141", "bottom": "141"}
NARROW = 2600
#: a picture's cell: 1.5 mm each side (3 mm between two pictures, the PDF's gap), 1.5 mm under its caption
PICTURE_MARGIN = {"left": "425", "right": "425", "top": "141", "bottom": "425"}
CAPTION_SIZE = 7.0  # the PDF's
#: the height between header and footer (232 mm): a table placed as a character taller than this is cut
#: off at the paper's edge, as 한글 never breaks such a table across pages (python-hwpx's layout check)
PAGE_BODY = PAGE_SIZE["height"] - sum(MARGINS[side] for side in ("top", "bottom", "header", "footer"))
SUBLIST = {"id": "", "textDirection": "HORIZONTAL", "lineWrap": "BREAK", "vertAlign": "CENTER",
           "linkListIDRef": "0", "linkListNextIDRef": "0", "textWidth": "0", "textHeight": "0",
           "hasTextRef": "0", "hasNumRef": "0"}
FOOTER_SIZE = 8.0
Run = tuple[str, str]  # (text, charPr id)


class Body:
    """A section written top to bottom; `preview` gathers the text 한글 shows before opening a file."""

    def __init__(self, shapes: Shapes, footer: str) -> None:
        self.shapes = shapes
        nsmap, self._settings = shapes.section_start()
        self.root = etree.Element(f"{HS}sec", nsmap=nsmap)
        self._footer = clean(footer)
        self._ids = itertools.count(1)
        self._objects = itertools.count(1)  # tables and pictures: 한글 numbers both in one series
        self.preview: list[str] = []
        self._seen = 0
        self._started = False  # the first paragraph of the body carries the page settings
        self._cell_paras = {a: shapes.para(align=ALIGN[a], spacing=130) for a in ALIGN}
        self._note_char = shapes.char(8.5)
        self._anchor = shapes.para(align="LEFT", after=300, spacing=130)

    # --- paragraphs -------------------------------------------------------------------
    def paragraph(self, runs: str | list[Run], style: str = "바탕글", *, para: str | None = None,
                  page_break: bool = False) -> etree._Element:
        """One paragraph in the named style (its shapes unless `para` or a run's charPr says otherwise)."""
        style_id, style_para, style_char = self.shapes.styles.get(style) or ("0", "0", "0")
        if isinstance(runs, str):
            runs = [(runs, style_char)]
        p = self._p(self.root, para or style_para, style_id, page_break)
        for text, char in runs:
            etree.SubElement(etree.SubElement(p, f"{HP}run", charPrIDRef=char), f"{HP}t").text = clean(text)
        self._see("".join(text for text, _ in runs))
        return p

    def note(self, text: str, span: float = 1.0) -> None:
        """A small line flush with the right edge of the table below: its unit, "(단위: 백만원)"."""
        right = round(CONTENT_WIDTH * (1 - span))
        self.paragraph([(text, self._note_char)], para=self.shapes.para(align="RIGHT", spacing=130, right=right))

    def _p(self, parent: etree._Element, para: str, style: str = "0", page_break: bool = False) -> etree._Element:
        p = etree.SubElement(parent, f"{HP}p", id=str(next(self._ids)), paraPrIDRef=para, styleIDRef=style,
                             pageBreak="1" if page_break else "0", columnBreak="0", merged="0")
        if parent is self.root and not self._started:  # (lxml counts an element's children one by one)
            self._started = True
            self._start_section(p)
        return p

    def _start_section(self, p: etree._Element) -> None:
        """The first paragraph carries the page settings and the footer: the title, page n / N."""
        run = etree.SubElement(p, f"{HP}run", charPrIDRef="0")
        run.extend(deepcopy(child) for child in self._settings)
        footer = etree.SubElement(etree.SubElement(run, f"{HP}ctrl"), f"{HP}footer", id="1", applyPageType="BOTH")
        sublist = etree.SubElement(footer, f"{HP}subList", {
            **SUBLIST, "vertAlign": "BOTTOM", "textWidth": str(CONTENT_WIDTH), "textHeight": str(MARGINS["footer"])})
        line = self._p(sublist, self._cell_paras["C"])
        char = self.shapes.char(FOOTER_SIZE)
        # text, then 한글's page counters (hp:autoNum): "… 기준    2 / 5"
        for text, counter in ((f"{self._footer}    ", None), (None, "PAGE"), (" / ", None), (None, "TOTAL_PAGE")):
            run = etree.SubElement(line, f"{HP}run", charPrIDRef=char)
            if counter:
                number = etree.SubElement(etree.SubElement(run, f"{HP}ctrl"), f"{HP}autoNum", num="1",
                                          numType=counter)
                etree.SubElement(number, f"{HP}autoNumFormat", type="DIGIT", userChar="", prefixChar="",
                                 suffixChar="", supscript="0")
            else:
                etree.SubElement(run, f"{HP}t").text = text

    def _see(self, text: str) -> None:
        if self._seen < PREVIEW_CHARS:
            self.preview.append(clean(text))
            self._seen += len(text)

    # --- tables -----------------------------------------------------------------------
    def table(self, table: Table) -> etree._Element:
        """The model's table as an OWPML table in a paragraph of its own: treated as a character when it is
        short, else flowing with the text, because 한글 never breaks a table placed as a character across
        pages (the rows past the paper's edge are cut off). The height is only an estimate (a long title
        wraps), so a table that might reach half a page already flows."""
        widths = _scaled(table.widths, round(CONTENT_WIDTH * table.span))
        size = max(7.0, min(9.0, table.font_size))  # the PDF's size: the page is as narrow
        height = int(size * 130) + 282
        rows = [(cells, True) for cells in table.header] + [(cells, False) for cells in table.rows]
        tbl = self._tbl(len(rows), widths, len(table.header), height * len(rows),
                        inline=height * len(rows) <= PAGE_BODY // 2)
        above: dict[int, etree._Element] = {}  # header cells one column wide, by column: merge targets
        for r, (cells, header) in enumerate(rows):
            tr = etree.SubElement(tbl, f"{HP}tr")
            column, starts = 0, {}
            for cell in cells:
                span = min(cell.colspan, len(widths) - column)
                target = above.get(column) if header and span == 1 and not cell.text and len(cells) > 1 else None
                if target is not None:
                    grow = target.find(f"{HP}cellSpan")
                    grow.set("rowSpan", str(int(grow.get("rowSpan")) + 1))
                    size_element = target.find(f"{HP}cellSz")
                    size_element.set("height", str(int(size_element.get("height")) + height))
                    starts[column] = target
                else:
                    tc = self._cell(tr, cell, header, column, r, span, sum(widths[column:column + span]), height,
                                    size)
                    if header and span == 1:
                        starts[column] = tc
                column += span
            above = starts if header else {}
            self._see("".join(f"<{c.text}>" for c in cells))
        return tbl

    def _tbl(self, rows: int, widths: list[int], header_rows: int, height: int, lines: str | None = None,
             page_break: str = "CELL", inline: bool = True) -> etree._Element:
        """An empty `hp:tbl` (`height` all its rows) in an anchor paragraph of its own; the caller adds
        the `hp:tr` rows. `lines` the table's border/fill (thin lines unless given); `page_break` CELL
        lets a row's text run on to the next page, TABLE moves a row that does not fit whole; a table
        not `inline` (placed as a character) flows with the text and 한글 breaks it across pages."""
        anchor = self._p(self.root, self._anchor)
        tbl = etree.SubElement(etree.SubElement(anchor, f"{HP}run", charPrIDRef="0"), f"{HP}tbl", {
            "id": str(next(self._objects)), "zOrder": "0", "numberingType": "TABLE", "textWrap": "TOP_AND_BOTTOM",
            "textFlow": "BOTH_SIDES", "lock": "0", "dropcapstyle": "None", "pageBreak": page_break,
            "repeatHeader": "1" if header_rows else "0", "rowCnt": str(rows), "colCnt": str(len(widths)),
            "cellSpacing": "0", "borderFillIDRef": lines or self.shapes.line, "noAdjust": "0"})
        etree.SubElement(tbl, f"{HP}sz", width=str(sum(widths)), widthRelTo="ABSOLUTE",
                         height=str(height), heightRelTo="ABSOLUTE", protect="0")
        etree.SubElement(tbl, f"{HP}pos", treatAsChar="1" if inline else "0", affectLSpacing="0", flowWithText="1",
                         allowOverlap="0", holdAnchorAndSO="0", vertRelTo="PARA", horzRelTo="COLUMN",
                         vertAlign="TOP", horzAlign="LEFT", vertOffset="0", horzOffset="0")
        etree.SubElement(tbl, f"{HP}outMargin", left="0", right="0", top="0", bottom="0")
        etree.SubElement(tbl, f"{HP}inMargin", CELL_MARGIN)
        return tbl

    def _cell(self, tr: etree._Element, cell: Cell, header: bool, column: int, row: int, span: int, width: int,
              height: int, size: float) -> etree._Element:
        char = self.shapes.char(size, cell.bold or header, "돋움", cell.color)
        lines = [[(line, char)] for line in (cell.text.split("\n") if cell.text else [""])]
        return self._tc(tr, lines, cell.align, self.shapes.fill(cell.fill), header, (column, row, span),
                        (width, height))

    def _tc(self, tr: etree._Element, lines: list[list[Run]], align: str, fill: str, header: bool,
            place: tuple[int, int, int], size: tuple[int, int], margin: dict | None = None) -> etree._Element:
        """One cell: a paragraph per line, each line runs of text; `place` is (column, row, colspan);
        `margin` its own padding instead of the table's."""
        (column, row, span), (width, height) = place, size
        narrow = width < NARROW
        margin = margin or (NARROW_MARGIN if narrow else None)
        tc = etree.SubElement(tr, f"{HP}tc", name="", header="1" if header else "0",
                              hasMargin="1" if margin else "0", protect="0", editable="0", dirty="0",
                              borderFillIDRef=fill)
        sublist = etree.SubElement(tc, f"{HP}subList", SUBLIST)
        for runs in lines:
            p = self._p(sublist, self._cell_paras[align])
            for text, char in runs:
                etree.SubElement(etree.SubElement(p, f"{HP}run", charPrIDRef=char), f"{HP}t").text = clean(text) or None
        etree.SubElement(tc, f"{HP}cellAddr", colAddr=str(column), rowAddr=str(row))
        etree.SubElement(tc, f"{HP}cellSpan", colSpan=str(span), rowSpan="1")
        etree.SubElement(tc, f"{HP}cellSz", width=str(width), height=str(height))
        etree.SubElement(tc, f"{HP}cellMargin", margin or CELL_MARGIN)
        return tc

    def box(self, cells: list[list[Run]], columns: int) -> None:
        """Runs of mixed weight in a plain table of `columns` equal columns (the card's 분류 block)."""
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        widths = _scaled([1.0] * columns, CONTENT_WIDTH)
        tbl = self._tbl(len(rows), widths, 0, 1400 * len(rows))
        for r, row in enumerate(rows):
            tr = etree.SubElement(tbl, f"{HP}tr")
            for c in range(columns):
                runs = row[c] if c < len(row) else [("", "0")]
                self._tc(tr, [runs], "L", self.shapes.line, False, (c, r, 1), (widths[c], 1400))
            self._see(" ".join("".join(t for t, _ in runs) for runs in row))

    def pictures(self, pictures: list[Picture], per_row: int) -> None:
        """Pictures `per_row` to a row of a table without lines, as the PDF card lays out its photos: each
        as wide as its cell (its proportions kept, hwpx_pictures.fit) over its caption line. A row that
        does not fit on the page moves to the next whole (a picture cannot be split). Rows taller than a
        page together (four rows of upright photos, eight of landscape ones) flow across pages, as
        python-hwpx's `add_table` lets such a table flow: placed as a character, 한글 would cut it off."""
        widths = _scaled([1.0] * per_row, CONTENT_WIDTH)
        pad = int(PICTURE_MARGIN["left"]) + int(PICTURE_MARGIN["right"])
        char = self.shapes.char(CAPTION_SIZE)
        caption = int(CAPTION_SIZE * 130) + int(PICTURE_MARGIN["top"]) + int(PICTURE_MARGIN["bottom"])
        rows = [pictures[i:i + per_row] for i in range(0, len(pictures), per_row)]
        sizes = [[fit(p.pixels, widths[c] - pad) for c, p in enumerate(row)] for row in rows]
        heights = [max(h for _, h in row) + caption for row in sizes]
        lines, para = self.shapes.no_lines(), self.shapes.para(align="LEFT", spacing=100)
        tbl = self._tbl(len(rows), widths, 0, sum(heights), lines=lines, page_break="TABLE",
                        inline=sum(heights) <= PAGE_BODY)
        for r, row in enumerate(rows):
            tr = etree.SubElement(tbl, f"{HP}tr")
            for c in range(per_row):
                text = [[], [(row[c].caption, char)]] if c < len(row) else [[("", char)]]
                tc = self._tc(tr, text, "L", lines, False, (c, r, 1), (widths[c], heights[r]), PICTURE_MARGIN)
                if c < len(row):  # the first paragraph holds the picture, at 100 % (its line is the picture)
                    first = tc.find(f"{HP}subList/{HP}p")
                    first.set("paraPrIDRef", para)
                    picture(etree.SubElement(first, f"{HP}run", charPrIDRef=char), row[c].item, sizes[r][c],
                            str(next(self._objects)))
            self._see(" ".join(p.caption for p in row))

    def xml(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _scaled(widths: list[float], total: int) -> list[int]:
    """Relative widths as HWPUNIT columns that add up to `total` exactly (the last takes the rounding)."""
    scale = total / sum(widths)
    columns = [round(w * scale) for w in widths]
    columns[-1] += total - sum(columns)
    return columns


__all__ = ["Body"]
