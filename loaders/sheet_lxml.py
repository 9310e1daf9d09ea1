"""One sheet part read with lxml's `iterparse` into a `Grid`: the reading for any well-formed part.

Rows are cleared as they go, so memory follows the cells kept, not the part. Namespaces
are matched by their two spellings (transitional and Strict). Each cell's parts go to
`loaders.cell_values.read_cells`, the one set of decoding rules; loaders/sheet_fast.py
reads the usual form of a part from its bytes and hands the same parts to the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from lxml import etree

from loaders.cell_values import MAX_COLUMN, MAX_ROW, Damaged, cell_key, range_bounds, read_cells
from loaders.grid import Grid
from loaders.safety import MAX_SHEET_CELLS, MAX_SHEET_ROWS, too_many_cells, too_many_rows
from loaders.styles import PLAIN, CellStyle, Styles

MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
#: conditional formats Excel keeps in the x14 extension (data bars, other-sheet references)
X14_MAIN = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iterparse(stream: IO[bytes], tags: tuple[str, ...] | None = None) -> etree.iterparse:
    return etree.iterparse(stream, events=("end",), tag=tags, **PARSER_OPTIONS)


def rich_text(element: etree._Element, main: str) -> str:
    """Plain text of an `<is>` or `<si>`: its `<t>` and the `<t>` of its runs, not phonetic hints."""
    if len(element) == 1 and element[0].tag == main + "t":
        return element[0].text or ""  # the common case: plain text
    snippets = []
    for child in element:
        if child.tag == main + "t":
            if child.text is not None:
                snippets.append(child.text)
        elif child.tag == main + "r":
            for part in child:
                if part.tag == main + "t" and part.text is not None:
                    snippets.append(part.text)
    return "".join(snippets)


class SheetReader:
    """One pass over a sheet part; shared strings are left as indices for later (`strings`)."""

    def __init__(self, title: str, styles: Styles, epoch: object,
                 shared: Mapping[int, str | None] | None = None) -> None:
        self.grid = Grid(title=title)
        #: the shared strings when read before the sheets, else their cells' indices (`strings`)
        self.shared = shared
        self.strings: dict[tuple[int, int], int] = {}
        self.styles = styles
        self.epoch = epoch
        base = styles.of(0)
        # cells without `s` (or s="0") take cellXfs[0]: its date format counts, its fill never did
        base = CellStyle(date=base.date, timedelta=base.timedelta)
        self.base = PLAIN if base == PLAIN else base  # PLAIN by identity: the loops skip it unread
        self.columns: dict[str, int] = {}
        self.by_text: dict[str, CellStyle] = {}
        self.tags: dict[str, tuple[str, str, str, str, str, str]] = {}
        self.rows = self.row_number = 0

    def check_size(self) -> None:
        grid = self.grid
        if len(grid.values) + len(self.strings) + len(grid.shading) > MAX_SHEET_CELLS:
            raise too_many_cells(grid.title)

    def style(self, s: str) -> CellStyle:
        """A cell's style from its `s` text, cached (a sheet uses a handful of them)."""
        style = self.by_text.get(s)
        if style is None:
            style = self.styles.of(int(s)) if s.isdigit() and s != "0" else self.base
            self.by_text[s] = style
        return style

    def read(self, stream: IO[bytes]) -> None:
        tags = tuple(f"{{{ns}}}{name}" for ns in MAIN for name in ("row", "mergeCell", "conditionalFormatting"))
        tags += (f"{{{X14_MAIN}}}conditionalFormatting",)
        row_tags = {f"{{{ns}}}row" for ns in MAIN}
        merge_tags = {f"{{{ns}}}mergeCell" for ns in MAIN}
        grid = self.grid
        title, hidden_rows, merged = grid.title, grid.hidden_rows, grid.merged_ranges
        rows = row_number = 0
        for _, element in iterparse(stream, tags):
            tag = element.tag
            if tag in row_tags:
                rows += 1
                if rows > MAX_SHEET_ROWS:
                    raise too_many_rows(title)
                number = element.get("r")
                row_number = int(number) if number and number.isdigit() else row_number + 1
                if row_number > MAX_ROW:
                    raise Damaged
                hidden = element.get("hidden")
                if hidden is not None and hidden.lower() in ("1", "true"):
                    hidden_rows.add(row_number)
                if len(element):
                    self._row(element, row_number)
                element.clear(keep_tail=False)
                # drop the cleared rows themselves, or a 50,000-row sheet keeps 50,000 empty elements
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif tag in merge_tags:
                bounds = range_bounds(element.get("ref", ""), self.columns)
                if bounds:
                    merged.append(bounds)
            else:
                self._conditional(element)
                element.clear()

    def _conditional(self, element: etree._Element) -> None:
        sqref = element.get("sqref")
        if sqref is None:  # the x14 form keeps it in an <xm:sqref> child
            sqref = next((c.text for c in element if local_name(c.tag) == "sqref"), None) or ""
        for piece in sqref.split():
            bounds = range_bounds(piece, self.columns)
            if bounds:
                self.grid.conditional_ranges.append((piece.replace("$", ""), *bounds))

    def _tags(self, row_tag: str) -> tuple[str, str, str, str, str, str]:
        """The tags of a row's cells and their parts, in the row's own namespace."""
        tags = self.tags.get(row_tag)
        if tags is None:
            main = row_tag[:-3]  # "{namespace}" of this sheet
            tags = self.tags[row_tag] = (main, main + "c", main + "v", main + "f", main + "is", main + "t")
        return tags

    def _row(self, row: etree._Element, row_number: int) -> None:
        main, cell_tag, value_tag, formula_tag, inline_tag, _ = self._tags(row.tag)
        grid, columns, by_text, base, epoch = self.grid, self.columns, self.by_text, self.base, self.epoch
        shading, formats = grid.shading, grid.formats
        into = (grid.values, self.strings, grid.uncached_formulas)
        col = 0
        row_text = str(row_number)
        cut = -len(row_text)
        for cell in row:
            if cell.tag != cell_tag:
                continue
            ref = cell.get("r")
            if ref:
                col = columns.get(ref[:cut]) if ref.endswith(row_text) else None
                if col is None:
                    key = cell_key(ref, columns)
                    col = key[1]
                else:
                    key = (row_number, col)
            else:
                col += 1
                if col > MAX_COLUMN:
                    raise Damaged
                key = (row_number, col)
            s = cell.get("s")
            style = base if s is None else by_text.get(s) or self.style(s)
            if style is not PLAIN:
                if style.shaded:
                    shading.add(key)
                if style.percent:
                    formats[key] = style.percent
            if not len(cell):
                continue  # `<c r="B2" s="3"/>`: a styled empty cell
            text = inline = None
            formula = False
            for child in cell:
                tag = child.tag
                if tag == value_tag:
                    text = child.text or ""
                elif tag == formula_tag:
                    formula = True
                elif tag == inline_tag:
                    inline = child
            kind = cell.get("t")
            shown = rich_text(inline, main) if inline is not None and kind == "inlineStr" else None
            read_cells((key,), (kind,), (text,), (style,), (formula,), (shown,), epoch, into, shared=self.shared)
        self.check_size()
