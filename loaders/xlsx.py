"""Streaming the parts of an .xlsx the loader needs into `Grid`s, and nothing else.

A workbook may carry a 50,000-row sheet of its own, pivot caches, drawings or
parts no library knows; none of that is ever inflated. Only the workbook part,
its relationships, the styles, the sheets of the spec and the shared strings are
read (a large strings part only for the texts those sheets use), so memory follows
those sheets, not the file.

This module finds the parts (the package, its relationships, the sheet list); the
shared strings are read by loaders/shared_strings.py, a sheet part by
loaders/sheet_fast.py from its bytes when it has the usual form, else by
loaders/sheet_lxml.py, and what each cell holds is decided once, by
loaders/cell_values.py. Namespaces are matched by local
name, so a workbook saved as "Strict Open XML" reads like a transitional one.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from loaders import fastxml
from loaders.cell_values import Damaged
from loaders.excel_serials import CALENDAR_MAC_1904, WINDOWS_EPOCH
from loaders.fastxml import Unsure
from loaders.grid import Grid
from loaders.safety import MAX_SHEET_ROWS, FileRefused, count_rows, over_row_limit, too_many_rows
from loaders.shared_strings import SharedTexts, read_before_sheets, read_shared_strings
from loaders.sheet_fast import FastSheetReader
from loaders.sheet_lxml import SheetReader, iterparse, local_name
from loaders.styles import Styles, read_styles

RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
#: sheet parts up to this size are inflated once into memory (counted, then parsed), larger ones streamed
WHOLE_PART_BYTES = 8 * 1024 * 1024

__all__ = ["Damaged", "Package", "SheetEntry", "load_styles", "open_package", "read_sheets"]


@dataclass(frozen=True)
class SheetEntry:
    title: str
    part: str | None
    #: visible, hidden or veryHidden (workbook.xml `state`)
    state: str
    #: worksheet, or a sheet without cells: chartsheet, dialogsheet, macrosheet, module
    kind: str = "worksheet"


#: the sheet kinds of workbook.xml's relationships (the type's last word); others are not sheets
SHEET_KINDS = {
    "worksheet": "worksheet",
    "chartsheet": "chartsheet",
    "dialogsheet": "dialogsheet",
    "xlMacrosheet": "macrosheet",
    "xlIntlMacrosheet": "macrosheet",
}


@dataclass
class Package:
    archive: zipfile.ZipFile
    sheets: list[SheetEntry]
    date1904: bool = False
    styles_part: str | None = None
    strings_part: str | None = None
    _names: dict[str, str] = field(default_factory=dict)


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
        for _, rel in iterparse(stream):
            if local_name(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
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
            for _, element in iterparse(stream):
                name = local_name(element.tag)
                if name == "sheet":
                    rid = next((element.get(f"{{{ns}}}id") for ns in RELATIONSHIPS if element.get(f"{{{ns}}}id")), None)
                    kind, part = rels.get(rid, ("worksheet", None))
                    if kind in SHEET_KINDS:  # kept so that a chart sheet named 공약 is not "missing"
                        title, state = element.get("name", ""), element.get("state", "visible")
                        sheets.append(SheetEntry(title, part, state, SHEET_KINDS[kind]))
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
    package: Package, entry: SheetEntry, styles: Styles, epoch: object, texts: fastxml.Texts,
    shared: SharedTexts | None,
) -> SheetReader:
    """One sheet part: from its bytes when fastxml can vouch for it, else (or when larger) with lxml."""
    assert entry.part is not None
    data = _sheet_bytes(package.archive, entry.part, entry.title)
    sheet = FastSheetReader(entry.title, styles, epoch, shared)
    if data is None:
        with _sheet_stream(package.archive, entry.part, entry.title) as stream:
            sheet.read(stream)
        return sheet
    try:
        sheet.scan(data, texts)
    except Unsure:
        sheet = FastSheetReader(entry.title, styles, epoch, shared)
        sheet.read(io.BytesIO(data))
    return sheet


def read_sheets(
    package: Package, wanted: dict[str, SheetEntry], styles: Styles
) -> dict[str, Grid]:
    """Stream each wanted worksheet (key → entry) and give finished grids with strings filled in.

    A small shared-strings part of the usual form is read first, so that each cell takes its
    text as it is read; otherwise the cells' indices are gathered, and only those texts read
    after the sheets. Sheets of other kinds hold no cells and are passed over.
    """
    epoch = CALENDAR_MAC_1904 if package.date1904 else WINDOWS_EPOCH
    sheets: dict[str, SheetReader] = {}
    texts = fastxml.Texts()  # the decoded texts of the fast path, shared by the sheets
    shared = None if package.strings_part is None else read_before_sheets(package.archive, package.strings_part)
    try:
        for key, entry in wanted.items():
            if entry.kind != "worksheet":
                continue
            if entry.part is None:
                raise Damaged
            sheets[key] = _read_sheet(package, entry, styles, epoch, texts, shared)
        needed = set().union(*(sheet.strings.values() for sheet in sheets.values()))
        strings = _shared_strings(package, needed)
    except FileRefused:
        raise
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError):
        raise Damaged from None
    if not needed <= strings.keys():
        raise Damaged  # a reference past the end of the string table
    blank = {index for index, text in strings.items() if text is None}
    grids = {}
    for key, sheet in sheets.items():
        # every cell's text put in at once (tens of thousands in a LibreOffice workbook); a blank
        # text is no value, so such a cell keeps what it held before, if anything
        refs = sheet.strings if not blank else {cell: i for cell, i in sheet.strings.items() if i not in blank}
        sheet.grid.values.update(zip(refs, map(strings.__getitem__, refs.values()), strict=True))
        grids[key] = sheet.grid.finish()
    return grids


def _shared_strings(package: Package, needed: set[int]) -> dict[int, str | None]:
    """Only the strings the sheets use (loaders/shared_strings.py); none when no cell uses one."""
    if not needed:
        return {}
    if package.strings_part is None:
        raise Damaged
    return read_shared_strings(package.archive, package.strings_part, needed)
