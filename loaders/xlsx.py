"""Streaming the parts of an .xlsx the loader needs into `Grid`s, and nothing else.

A workbook may carry a 50,000-row sheet of its own, pivot caches, drawings or
parts no library knows; none of that is ever inflated. Only the workbook part,
its relationships, the styles, the six sheets of the spec and the shared
strings those sheets use are read, each with lxml's `iterparse` and cleared as
it goes, so memory follows the six sheets, not the file.

Namespaces are matched by local name, so a workbook saved as "Strict Open XML"
(purl.oclc.org namespaces) reads like a transitional one. Values follow what
`openpyxl.load_workbook(data_only=True)` gave before, so the sheet readers see
the same Python objects: ints and floats as written, dates as `datetime`,
booleans, error codes as text.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import IO

from lxml import etree
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

from loaders import fastxml
from loaders.fastxml import Unsure
from loaders.grid import Grid
from loaders.safety import (
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    FileRefused,
    count_rows,
    over_row_limit,
    too_many_cells,
    too_many_rows,
)
from loaders.styles import PLAIN, CellStyle, Styles, read_styles

MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
#: conditional formats Excel keeps in the x14 extension (data bars, other-sheet references)
X14_MAIN = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}
_DIGITS = "0123456789"
#: Excel's sheet size; a reference beyond it is a damaged (or hostile) file
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
#: sheet parts up to this size are inflated once into memory (counted, then parsed), larger ones streamed
WHOLE_PART_BYTES = 8 * 1024 * 1024
_BETWEEN_OF, _LETTERS_OF, _DIGITS_OF, _STYLE_OF, _INLINE_OF = (itemgetter(n) for n in (0, 1, 2, 3, 6))
_CLOSE_OF, _GROUPS = itemgetter(0), re.Match.groups


class Damaged(Exception):
    """A needed part is not well-formed; the caller tells the official to re-save the file."""


@dataclass(frozen=True)
class SheetEntry:
    title: str
    part: str | None
    #: visible, hidden or veryHidden (workbook.xml `state`)
    state: str


@dataclass
class Package:
    archive: zipfile.ZipFile
    sheets: list[SheetEntry]
    date1904: bool = False
    styles_part: str | None = None
    strings_part: str | None = None
    _names: dict[str, str] = field(default_factory=dict)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _iterparse(stream: IO[bytes], tags: tuple[str, ...] | None = None) -> etree.iterparse:
    return etree.iterparse(stream, events=("end",), tag=tags, **_PARSER_OPTIONS)


def _open(archive: zipfile.ZipFile, part: str) -> IO[bytes]:
    return archive.open(part)


def _relationships(
    archive: zipfile.ZipFile, names: dict[str, str], source: str
) -> list[tuple[str, str, str]]:
    """(id, type's last word, part name) of a part's internal relationships."""
    folder, base = posixpath.split(source)
    rels = names.get(posixpath.join(folder, "_rels", base + ".rels").lower())
    if rels is None:
        return []
    found = []
    with _open(archive, rels) as stream:
        for _, rel in _iterparse(stream):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target)
            )
            found.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], part))
    return found


def open_package(archive: zipfile.ZipFile) -> Package:
    """The sheet list (title, part, visibility), the date system and the style and string parts."""
    names = {name.lower(): name for name in archive.namelist()}
    try:
        book_part = next(
            (part for _, kind, part in _relationships(archive, names, "") if kind == "officeDocument"
             and part.lower() in names),
            "xl/workbook.xml",
        )
        book_part = names.get(book_part.lower(), book_part)
        rels = {rid: (kind, names.get(part.lower())) for rid, kind, part in _relationships(archive, names, book_part)}
        sheets, date1904 = [], False
        with _open(archive, book_part) as stream:
            for _, element in _iterparse(stream):
                name = _local(element.tag)
                if name == "sheet":
                    rid = next((element.get(f"{{{ns}}}id") for ns in RELATIONSHIPS if element.get(f"{{{ns}}}id")), None)
                    kind, part = rels.get(rid, ("worksheet", None))
                    if kind == "worksheet":  # chart and dialog sheets hold no cells
                        sheets.append(SheetEntry(element.get("name", ""), part, element.get("state", "visible")))
                elif name == "workbookPr":
                    date1904 = element.get("date1904", "").lower() in ("1", "true")
                elif name in ("definedNames", "extLst", "fileVersion", "bookViews"):
                    element.clear()
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise FileRefused(
            "엑셀 통합 문서의 구조를 읽을 수 없습니다. Excel에서 열어 다시 저장해 주세요"
        ) from None
    by_kind = {kind: part for kind, part in rels.values() if part}
    return Package(archive, sheets, date1904, by_kind.get("styles"), by_kind.get("sharedStrings"), names)


def load_styles(package: Package) -> Styles:
    if package.styles_part is None:
        return Styles()
    try:
        with _open(package.archive, package.styles_part) as stream:
            return read_styles(stream)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise Damaged from None


def _column(letters: str, cache: dict[str, int]) -> int:
    number = cache.get(letters)
    if number is None:
        number = 0
        for char in letters.upper():
            if not "A" <= char <= "Z":
                raise Damaged
            number = number * 26 + ord(char) - 64
        if not 0 < number <= MAX_COLUMN:
            raise Damaged
        cache[letters] = number
    return number


def _ref(text: str, cache: dict[str, int]) -> tuple[int, int]:
    letters = text.rstrip(_DIGITS)
    digits = text[len(letters):]
    if not letters or not digits or not 0 < int(digits) <= MAX_ROW:
        raise Damaged
    return int(digits), _column(letters.lstrip("$"), cache)


def _bounds(text: str, cache: dict[str, int]) -> tuple[int, int, int, int] | None:
    first, _, last = text.replace("$", "").partition(":")
    try:
        top = _ref(first, cache)
        bottom = _ref(last, cache) if last else top
    except Damaged:
        return None
    return min(top[0], bottom[0]), min(top[1], bottom[1]), max(top[0], bottom[0]), max(top[1], bottom[1])


def _number(text: str) -> int | float | str:
    try:
        if "." in text or "E" in text or "e" in text:
            return float(text)
        return int(text)
    except ValueError:
        return text  # not a number after all: keep what the file says


def _rich_text(element: etree._Element, main: str) -> str:
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


class _Sheet:
    """One streaming pass over a sheet part; shared strings are left as indices for later."""

    def __init__(self, title: str, styles: Styles, epoch: object) -> None:
        self.grid = Grid(title=title)
        self.strings: dict[tuple[int, int], int] = {}
        self.styles = styles
        self.epoch = epoch
        self.base = styles.of(0)
        # cells without `s` (or s="0") take cellXfs[0]: its date format counts, its fill never did
        base = CellStyle(date=self.base.date, timedelta=self.base.timedelta)
        self.base = PLAIN if base == PLAIN else base  # PLAIN by identity: the loop skips it unread
        self.columns: dict[str, int] = {}
        self.by_text: dict[str, CellStyle] = {}
        self.tags: dict[str, tuple[str, str, str, str, str, str]] = {}
        self.rows = self.row_number = 0

    def scan(self, data: bytes, texts: dict[bytes, str]) -> None:
        """Read a whole sheet part from its bytes (loaders/fastxml.py); `Unsure` when it cannot.

        The cells come from the bytes, the rest of the part from lxml, and the
        result is what `read` gives the same part. After `Unsure` this sheet is
        half-filled: the caller starts again with a fresh one and `read`.
        `texts` keeps the decoded texts of the read (names recur on every sheet).
        """
        rest, start, end, prefixes = fastxml.envelope(data)
        next_row = fastxml.NEXT_ROW_X14AC if b"x14ac" in prefixes else fastxml.NEXT_ROW
        in_row = False
        for low, high in fastxml.slices(data, start, end):
            found, tail = fastxml.cells(data, low, high)
            in_row = self._cells(found, prefixes, texts, next_row, in_row)
            in_row = self._row_tags(data[tail:high], prefixes, in_row)
        if in_row:
            raise Unsure  # a row left open
        self.read(io.BytesIO(rest))

    def _row_tags(self, between: bytes, prefixes: frozenset[bytes], in_row: bool) -> bool:
        """The rows begun and ended in the bytes between two cells; whether a row is open after them.

        A row's number and visibility are taken as `read` takes them; a row must
        close before the next begins, and the open row, if any, holds the next cell.
        """
        grid = self.grid
        for attributes, empty, close in fastxml.row_tags(between):
            if close:
                if not in_row:
                    raise Unsure
                in_row = False
                if len(grid.values) + len(self.strings) + len(grid.shading) > MAX_SHEET_CELLS:
                    raise too_many_cells(grid.title)
                continue
            if in_row:
                raise Unsure  # a row inside a row
            found = fastxml.attributes(attributes, prefixes) if attributes else {}
            self._begin_row(found.get(b"r"), found.get(b"hidden"))
            in_row = not empty
        return in_row

    def _begin_row(self, number: bytes | None, hidden: bytes | None) -> None:
        self.rows += 1
        if self.rows > MAX_SHEET_ROWS:
            raise too_many_rows(self.grid.title)
        self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
        if self.row_number == 0:
            raise Unsure  # `_row` keys such a row's cells by what its column cache holds
        if self.row_number > MAX_ROW:
            raise Damaged
        if hidden is not None and hidden.lower() in (b"1", b"true"):
            self.grid.hidden_rows.add(self.row_number)

    def _cells(
        self, found: list[tuple[bytes, ...]], prefixes: frozenset[bytes], texts: dict[bytes, str],
        next_row: re.Pattern[bytes], in_row: bool,
    ) -> bool:
        # the hot loop of the fast path: `_row`'s rules, one tuple of byte strings per cell
        grid, base, epoch = self.grid, self.base, self.epoch
        values, strings, shading, formats = grid.values, self.strings, grid.shading, grid.formats
        text, check, step = fastxml.text, fastxml.check, next_row.fullmatch
        # every cell's (row, column) key made at once, from the few distinct letters and digits;
        # a reference outside the sheet is left to `read`, which says where it stops
        digits, letters = list(map(_DIGITS_OF, found)), list(map(_LETTERS_OF, found))
        row_of = {number: int(number) for number in set(digits)}
        if row_of and not (min(row_of.values()) > 0 and max(row_of.values()) <= MAX_ROW):
            raise Unsure
        col_of = {}
        for name in set(letters):
            try:
                col_of[name] = _column(name.decode(), self.columns)
            except Damaged:
                raise Unsure from None
        keys = list(zip(map(row_of.__getitem__, digits), map(col_of.__getitem__, letters), strict=True))
        # shading and % formats in document order, straight from each distinct `s`
        names = list(map(_STYLE_OF, found))
        styles = {name: self._style(name.decode()) if name else base for name in set(names)}
        shaded = {name for name, style in styles.items() if style.shaded}
        if shaded:
            shading.update(compress(keys, map(shaded.__contains__, names)))
        percents = {name: style.percent for name, style in styles.items() if style.percent}
        if percents:
            chosen = list(map(percents.__contains__, names))
            formats.update(zip(compress(keys, chosen), map(percents.__getitem__, compress(names, chosen)),
                               strict=True))
        rows_read = not in_row and self._usual_rows(found, step)
        in_row = in_row or rows_read
        # each distinct inline text decoded once (and checked, whatever the cell's type); blank → None
        inlines = {raw: texts.get(raw) or text(raw) for raw in set(map(_INLINE_OF, found)) if raw}
        texts.update(inlines)
        shown = {raw: value for raw, value in inlines.items() if value.strip()}
        for key, (between, _, _, s, kind, raw, inline, formula, _) in zip(keys, found, strict=True):
            if between and not rows_read:
                usual = step(between)
                if usual is None:
                    in_row = self._row_tags(between, prefixes, in_row)
                else:  # `</row><row r="5">`: the row ends, the next begins
                    close, number, hidden = usual.groups()
                    if bool(close) is not in_row:
                        raise Unsure
                    if close and len(values) + len(strings) + len(shading) > MAX_SHEET_CELLS:
                        raise too_many_cells(grid.title)
                    self._begin_row(number, hidden)
                    in_row = True
            if not in_row:
                raise Unsure  # a cell outside a row
            if inline:  # `<is><t>text</t></is>`
                if kind == b"inlineStr":
                    value = shown.get(inline)
                    if value is not None:
                        values[key] = value
                continue
            if formula:
                has_value, raw = fastxml.formula(formula, prefixes)
                if not has_value or (not raw and kind != b"str"):
                    # only a text formula saves "" as its result (`=IF(A1="","",…)`); any other
                    # formula with an empty `<v/>` was written by a script and never calculated
                    grid.uncached_formulas.add(key)
                    continue
            if not raw:
                continue  # no value, or a formula whose saved result is "" (blank)
            if kind == b"inlineStr":
                check(raw)
                continue
            if not kind or kind == b"n":
                try:
                    value = (
                        int(raw) if raw.isdigit()
                        else float(raw) if b"." in raw or b"E" in raw or b"e" in raw else int(raw)
                    )
                except ValueError:
                    # not ASCII digits: the text as lxml gives it, read as `_row` reads it
                    value = text(raw)
                    try:
                        value = float(value) if "." in value or "E" in value or "e" in value else int(value)
                    except ValueError:
                        if not value.strip():
                            continue
                        values[key] = value  # not a number after all: keep what the file says
                        continue
                style = styles[s]
                if style.date:
                    try:
                        value = from_excel(value, epoch, timedelta=style.timedelta)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"  # as openpyxl showed a serial outside the calendar
                values[key] = value
                continue
            value = texts.get(raw)
            if value is None:
                value = texts[raw] = text(raw)
            if kind == b"s":
                if "." in value or "E" in value or "e" in value:
                    raise Damaged
                try:
                    index = int(value)
                except ValueError:
                    raise Damaged from None
                if index < 0:
                    raise Damaged
                strings[key] = index
                continue
            if kind == b"b":
                value = value.strip() not in ("0", "false", "")
            elif kind == b"d":
                saved = value
                try:
                    value = from_ISO8601(saved)
                except ValueError:
                    value = saved
            if value is None or (value.__class__ is str and not value.strip()):
                continue
            values[key] = value
        if len(values) + len(strings) + len(shading) > MAX_SHEET_CELLS:
            raise too_many_cells(grid.title)
        return in_row

    def _usual_rows(self, found: list[tuple[bytes, ...]], step: Callable[[bytes], re.Match[bytes] | None]) -> bool:
        """Take every row at once when each row boundary is the usual `</row><row r="5">`.

        Then the first cell opens the first row and every later boundary closes
        one and opens the next, so each cell lies in a row; the rows' numbers and
        visibility are taken in document order, as the cell loop would. False
        (nothing taken) for any other form: the loop takes the rows one by one.
        """
        boundaries = list(filter(None, map(_BETWEEN_OF, found)))
        if not found or not found[0][0]:
            return False
        usual = list(map(step, boundaries))
        if None in usual:
            return False
        parts = list(map(_GROUPS, usual))
        if parts[0][0] or not all(map(_CLOSE_OF, parts[1:])):
            return False
        begin = self._begin_row
        for _, number, hidden in parts:
            begin(number, hidden)
        return True

    def read(self, stream: IO[bytes]) -> None:
        tags = tuple(f"{{{ns}}}{name}" for ns in MAIN for name in ("row", "mergeCell", "conditionalFormatting"))
        tags += (f"{{{X14_MAIN}}}conditionalFormatting",)
        row_tags = {f"{{{ns}}}row" for ns in MAIN}
        merge_tags = {f"{{{ns}}}mergeCell" for ns in MAIN}
        grid = self.grid
        title, hidden_rows, merged = grid.title, grid.hidden_rows, grid.merged_ranges
        rows = row_number = 0
        for _, element in _iterparse(stream, tags):
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
                bounds = _bounds(element.get("ref", ""), self.columns)
                if bounds:
                    merged.append(bounds)
            else:
                self._conditional(element)
                element.clear()

    def _conditional(self, element: etree._Element) -> None:
        sqref = element.get("sqref")
        if sqref is None:  # the x14 form keeps it in an <xm:sqref> child
            sqref = next((c.text for c in element if _local(c.tag) == "sqref"), None) or ""
        for piece in sqref.split():
            bounds = _bounds(piece, self.columns)
            if bounds:
                self.grid.conditional_ranges.append((piece.replace("$", ""), *bounds))

    def _style(self, s: str) -> CellStyle:
        """A cell's style from its `s` text, cached (a sheet uses a handful of them)."""
        style = self.by_text.get(s)
        if style is None:
            style = self.styles.of(int(s)) if s.isdigit() and s != "0" else self.base
            self.by_text[s] = style
        return style

    def _tags(self, row_tag: str) -> tuple[str, str, str, str, str, str]:
        """The tags of a row's cells and their parts, in the row's own namespace."""
        tags = self.tags.get(row_tag)
        if tags is None:
            main = row_tag[:-3]  # "{namespace}" of this sheet
            tags = self.tags[row_tag] = (main, main + "c", main + "v", main + "f", main + "is", main + "t")
        return tags

    def _row(self, row: etree._Element, row_number: int) -> None:
        # the hot loop of the loader: one pass per cell, lookups cached, no calls in the common case
        main, cell_tag, value_tag, formula_tag, inline_tag, text_tag = self._tags(row.tag)
        grid, columns, by_text, base = self.grid, self.columns, self.by_text, self.base
        values, strings, shading, formats = grid.values, self.strings, grid.shading, grid.formats
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
                    key = _ref(ref, columns)
                    col = key[1]
                else:
                    key = (row_number, col)
            else:
                col += 1
                if col > MAX_COLUMN:
                    raise Damaged
                key = (row_number, col)
            s = cell.get("s")
            style = base if s is None else by_text.get(s) or self._style(s)
            if style is not PLAIN:
                if style.shaded:
                    shading.add(key)
                if style.percent:
                    formats[key] = style.percent
            size = len(cell)
            if not size:
                continue  # `<c r="B2" s="3"/>`: a styled empty cell
            kind = cell.get("t")
            if size == 1:
                first = cell[0]
                tag = first.tag
                if tag == value_tag:
                    text = first.text
                elif tag == inline_tag and kind == "inlineStr":
                    # the common inline string: `<is><t>text</t></is>`
                    if len(first) == 1 and (only := first[0]).tag == text_tag:
                        value = only.text
                    else:
                        value = _rich_text(first, main)
                    if value and value.strip():
                        values[key] = value
                    continue
                else:
                    if tag == formula_tag:
                        grid.uncached_formulas.add(key)
                    continue  # nothing to show: an inline string of another type, a lone formula
            else:
                text = inline = None
                has_value = has_formula = False
                for child in cell:
                    tag = child.tag
                    if tag == value_tag:
                        has_value, text = True, child.text
                    elif tag == formula_tag:
                        has_formula = True
                    elif tag == inline_tag:
                        inline = child
                if has_formula and (not has_value or (not text and kind != "str")):
                    grid.uncached_formulas.add(key)  # as in `scan`: only a text formula saves ""
                    continue
                if kind == "inlineStr":
                    value = _rich_text(inline, main) if inline is not None else None
                    if value is not None and value.strip():
                        values[key] = value
                    continue
            if not text or kind == "inlineStr":
                continue  # no value, or a formula whose saved result is "" (blank)
            if kind is None or kind == "n":
                try:
                    value = float(text) if "." in text or "E" in text or "e" in text else int(text)
                except ValueError:
                    value = text  # not a number after all: keep what the file says
                    if not text.strip():
                        continue
                else:
                    if style.date:
                        try:
                            value = from_excel(value, self.epoch, timedelta=style.timedelta)
                        except (OverflowError, ValueError):
                            value = "#VALUE!"  # as openpyxl showed a serial outside the calendar
                values[key] = value
                continue
            if kind == "s":
                if "." in text or "E" in text or "e" in text:
                    raise Damaged
                try:
                    index = int(text)
                except ValueError:
                    raise Damaged from None
                if index < 0:
                    raise Damaged
                strings[key] = index
                continue
            if kind == "b":
                value = text.strip() not in ("0", "false", "")
            elif kind == "d":
                try:
                    value = from_ISO8601(text)
                except ValueError:
                    value = text
            else:  # "str", "e" and anything unknown: the text as saved
                value = text
            if value is None or (value.__class__ is str and not value.strip()):
                continue
            values[key] = value
        if len(values) + len(strings) + len(shading) > MAX_SHEET_CELLS:
            raise too_many_cells(grid.title)


def _sheet_bytes(archive: zipfile.ZipFile, part: str, title: str) -> bytes | None:
    """A sheet part of up to `WHOLE_PART_BYTES`, inflated once, its rows counted first.

    Too many rows and it is refused unparsed. None for a larger part (or one
    that cannot be inflated): `_sheet_stream` counts it in a streaming scan.
    """
    if archive.getinfo(part).file_size <= WHOLE_PART_BYTES:
        try:
            data = archive.read(part)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
            return None  # the streaming count meets the fault and says what it always said
        if over_row_limit(data):
            raise too_many_rows(title)
        return data
    return None


def _sheet_stream(archive: zipfile.ZipFile, part: str, title: str) -> IO[bytes]:
    """A sheet part too large to inflate whole (or faulty), counted in a streaming scan, then streamed."""
    if count_rows(archive, part) > MAX_SHEET_ROWS:
        raise too_many_rows(title)
    return _open(archive, part)


def _read_sheet(
    package: Package, entry: SheetEntry, styles: Styles, epoch: object, texts: dict[bytes, str]
) -> _Sheet:
    """One sheet part: from its bytes when fastxml can vouch for it, else (or when larger) with lxml."""
    assert entry.part is not None
    data = _sheet_bytes(package.archive, entry.part, entry.title)
    sheet = _Sheet(entry.title, styles, epoch)
    if data is None:
        with _sheet_stream(package.archive, entry.part, entry.title) as stream:
            sheet.read(stream)
        return sheet
    try:
        sheet.scan(data, texts)
    except Unsure:
        sheet = _Sheet(entry.title, styles, epoch)
        sheet.read(io.BytesIO(data))
    return sheet


def read_sheets(
    package: Package, wanted: dict[str, SheetEntry], styles: Styles
) -> dict[str, Grid]:
    """Stream each wanted sheet (key → entry) and give finished grids with strings filled in."""
    epoch = CALENDAR_MAC_1904 if package.date1904 else WINDOWS_EPOCH
    sheets: dict[str, _Sheet] = {}
    texts: dict[bytes, str] = {}  # the decoded texts of the fast path, shared by the six sheets
    try:
        for key, entry in wanted.items():
            if entry.part is None:
                raise Damaged
            sheets[key] = _read_sheet(package, entry, styles, epoch, texts)
        needed = {index for sheet in sheets.values() for index in sheet.strings.values()}
        strings = _shared_strings(package, needed)
    except FileRefused:
        raise
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError):
        raise Damaged from None
    grids = {}
    for key, sheet in sheets.items():
        values = sheet.grid.values
        for cell, index in sheet.strings.items():
            if index not in strings:
                raise Damaged  # a reference past the end of the string table
            text = strings[index]
            if text is not None:
                values[cell] = text
        grids[key] = sheet.grid.finish()
    return grids


def _shared_strings(package: Package, needed: set[int]) -> dict[int, str | None]:
    """Only the strings the six sheets use; each read once and shared by every cell using it.

    A blank string maps to None so that blank cells stay out of the grid, as before.
    """
    if not needed:
        return {}
    if package.strings_part is None:
        raise Damaged
    found: dict[int, str | None] = {}
    last = max(needed)
    tags = tuple(f"{{{ns}}}si" for ns in MAIN)
    with _open(package.archive, package.strings_part) as stream:
        for index, (_, element) in enumerate(_iterparse(stream, tags)):
            if index in needed:
                text = _rich_text(element, element.tag[:-2]).replace("x005F_", "")
                found[index] = text if text.strip() else None
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            if index >= last:
                break
    return found
