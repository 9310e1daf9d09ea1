"""The byte readings (loaders/fastxml.py, loaders/shared_strings.py) give exactly what lxml gives.

A workbook saved by Excel or by LibreOffice (bench/generators.py writes their forms) must be
read from its bytes, not by the slower lxml fallback, and must give the same grids, figures and
findings as the template writer's form of the same content. Forms the byte readings do not
vouch for must reach lxml and read (or fail) as they always did.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from bench.generators import excel_form, libreoffice_form
from bench.variants import TRANSITIONAL, _parts, _zip
from loaders import fastxml, read_workbook, shared_strings
from loaders.cell_values import Damaged
from loaders.fastxml import Unsure
from loaders.findings import Findings
from loaders.sheet_fast import FastSheetReader
from loaders.workbook import _choose_sheets
from loaders.xlsx import load_styles, open_package, read_sheets
from tests.loaders.conftest import only

HIDDEN_ROW = (
    "추진실적: 숨겨진 행 3에 내용이 있습니다. 숨긴 행도 그대로 읽으니, 필요 없는 행이면 지우고 "
    "필요한 행이면 숨기기를 취소해 확인해 주세요"
)


def _saved(book) -> bytes:
    book["추진실적"].row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as(form, data: bytes) -> bytes:
    _, parts = _parts(data)
    form(parts)
    return _zip(parts)


def _grids(data: bytes) -> dict:
    package = open_package(zipfile.ZipFile(io.BytesIO(data)))
    return read_sheets(package, _choose_sheets(package.sheets, Findings()), load_styles(package))


@pytest.fixture
def fell_back(monkeypatch) -> list[str]:
    """The parts that the byte readings left to lxml during the test."""
    parts: list[str] = []
    scan, with_lxml = FastSheetReader.scan, shared_strings._with_lxml

    def watched_scan(self, data, texts):
        try:
            scan(self, data, texts)
        except Unsure:
            parts.append(self.grid.title)
            raise

    def watched_lxml(archive, part, needed, last):
        parts.append(part)
        return with_lxml(archive, part, needed, last)

    monkeypatch.setattr(FastSheetReader, "scan", watched_scan)
    monkeypatch.setattr(shared_strings, "_with_lxml", watched_lxml)
    return parts


def _lxml_only(patch: pytest.MonkeyPatch) -> None:
    """Every part read by lxml, as when the byte readings cannot vouch for it."""
    def unsure(*_):
        raise Unsure

    patch.setattr(FastSheetReader, "scan", unsure)
    patch.setattr(shared_strings, "_from_bytes", unsure)


@pytest.mark.parametrize("form", [excel_form, libreoffice_form])
def test_excel_and_libreoffice_forms_are_read_from_their_bytes(book, form, fell_back):
    data = _saved(book)
    other = _as(form, data)
    assert b'<c r="A1" t="s"><v>0</v></c>' in zipfile.ZipFile(io.BytesIO(other)).read("xl/worksheets/sheet1.xml")
    assert _grids(other) == _grids(data)
    result = read_workbook(other)
    assert fell_back == []
    assert only(result) == [] and only(result, "warning") == [HIDDEN_ROW]
    assert result.snapshot == read_workbook(data).snapshot is not None


@pytest.mark.parametrize("form", [excel_form, libreoffice_form])
def test_the_byte_and_lxml_readings_of_each_form_agree(book, form, monkeypatch):
    data = _as(form, _saved(book))
    fast = _grids(data)
    _lxml_only(monkeypatch)
    assert _grids(data) == fast and read_workbook(data).snapshot is not None


@pytest.mark.parametrize(
    "boundary, hidden",
    [
        (b'</row><row r="5" customFormat="false" ht="15" hidden="true" customHeight="false" outlineLevel="0" '
         b'collapsed="false">', b"true"),  # LibreOffice
        (b'</row><row r="5" spans="1:9" s="3" customFormat="1" ht="16.5" hidden="1" customHeight="1" '
         b'thickBot="1" x14ac:dyDescent="0.3">', b"1"),  # Excel
    ],
)
def test_row_boundaries_of_excel_and_libreoffice_are_taken_at_once(boundary, hidden):
    assert fastxml.NEXT_ROW_X14AC.fullmatch(boundary).groups() == (b"</row>", b"5", hidden)


# ---- shared strings --------------------------------------------------------------------------

_KOREAN = '<rPr><sz val="11"/><rFont val="맑은 고딕"/><family val="2"/><charset val="129"/></rPr>'
_LATIN = '<rPr><sz val="11"/><color theme="1" tint="0.5"/><rFont val="Calibri"/><b/></rPr>'
ITEMS = [
    '<si><t>공약번호</t><phoneticPr fontId="1" type="noConversion"/></si>',
    f'<si><r>{_KOREAN}<t xml:space="preserve">세부사업 </t></r><r>{_LATIN}<t>3-1 &amp; &#54617;</t></r></si>',
    "<si><t/></si>",
    "<si><t>   </t></si>",
    '<si><t xml:space="preserve"> _x005F_x000D_ 끝</t></si>',
    "<si><r><rPr/><t>가</t></r><r><t/></r><r><t>나</t></r></si>",
]
TEXTS = {0: "공약번호", 1: "세부사업 3-1 & 학", 2: None, 3: None, 4: " _x000D_ 끝", 5: "가나"}


def _strings_part(items: list[str], root: str = f'<sst xmlns="{TRANSITIONAL}" count="9" uniqueCount="9">') -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{root}{"".join(items)}</sst>').encode()


def _read(part: bytes, needed: set[int]) -> dict:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", part)
    return shared_strings.read_shared_strings(zipfile.ZipFile(buffer), "xl/sharedStrings.xml", needed)


def test_rich_text_and_phonetic_settings_read_from_the_bytes_as_lxml_reads_them(fell_back, monkeypatch):
    part = _strings_part(ITEMS)
    assert _read(part, set(TEXTS)) == TEXTS and fell_back == []
    assert _read(part, {1, 5}) == {1: TEXTS[1], 5: TEXTS[5]}
    _lxml_only(monkeypatch)
    assert _read(part, set(TEXTS)) == TEXTS


@pytest.mark.parametrize(
    "items, root, outcome",
    [
        (['<si><t>영등</t><rPh sb="0" eb="1"><t>よう</t></rPh></si>'], None, {0: "영등"}),  # a phonetic run
        (["<si>\n  <t>영등포구</t>\n</si>"], None, {0: "영등포구"}),  # white space between elements
        (["<!-- 주석 --><si><t>영등포구</t></si>"], None, {0: "영등포구"}),
        (['<si><x:t xmlns:x="urn:x">영등포구</x:t></si>'], None, {0: None}),  # not SpreadsheetML's <t>
        (["<si><t>영등포구</t></si>"], f'<sst xmlns="{TRANSITIONAL}" a:b="1">', {0: "영등포구"}),
        (["<si><t>영등포구</t></si>"], f'<sst xmlns="{TRANSITIONAL}" count="1" count="1">', "XMLSyntaxError"),
        (["<si><t>영등포구\r\n</t></si>"], None, {0: "영등포구\n"}),
        (["<si><t>영등포구</t></si>"], '<sst xmlns="urn:other">', {}),  # no item of SpreadsheetML
    ],
)
def test_other_forms_are_left_to_lxml(items, root, outcome, fell_back):
    part = _strings_part(items, *([root] if root else []))
    with pytest.raises(Unsure):
        shared_strings._from_bytes(part, {0}, 0)
    try:
        read = _read(part, {0})
    except etree.XMLSyntaxError:
        read = "XMLSyntaxError"
    assert (read, fell_back) == (outcome, ["xl/sharedStrings.xml"])


def test_declared_prefixes_on_the_root_are_read_from_the_bytes(fell_back):
    root = f'<sst xmlns="{TRANSITIONAL}" xmlns:mc="urn:mc" mc:Ignorable="x" count="1">'
    assert _read(_strings_part(["<si><t>영등포구</t></si>"], root), {0}) == {0: "영등포구"}
    assert fell_back == []


@pytest.mark.parametrize("bad", ["&nbsp;", "&#1;", "& ", "&amp"])
def test_an_entity_lxml_refuses_before_the_last_needed_text_is_an_error(bad):
    part = _strings_part([f"<si><t>{bad}</t></si>", "<si><t>영등포구</t></si>"])
    with pytest.raises(etree.XMLSyntaxError):
        _read(part, {1})


# ---- rows taken at once -----------------------------------------------------------------------

DAMAGED = "엑셀 파일을 읽을 수 없습니다. 파일이 손상되었을 수 있으니 Excel에서 열어 다시 저장해 주세요"


@pytest.mark.parametrize("number, outcome", [(b"0", None), (b"1048577", DAMAGED)])
def test_a_row_numbered_outside_the_sheet_reads_as_lxml_reads_it(book, monkeypatch, number, outcome):
    """Row numbers are checked for all rows at once; one at fault is taken row by row, as before."""
    def change(parts: dict[str, bytes]) -> None:
        part = "xl/worksheets/sheet6.xml"  # 추진실적
        parts[part] = parts[part].replace(b'<row r="5"', b'<row r="' + number + b'"', 1)

    data = _as(change, _saved(book))
    fast = [str(f) for f in read_workbook(data).findings]
    _lxml_only(monkeypatch)
    assert [str(f) for f in read_workbook(data).findings] == fast
    assert (DAMAGED if f"파일: {DAMAGED}" in fast else None) == outcome


def test_no_text_of_a_read_is_kept_after_it(book):
    """Folded texts are kept while a workbook is read (names recur on every sheet), not after."""
    from loaders import cells

    assert read_workbook(_saved(book)).ok
    assert cells._FOLDED == {}
    assert cells.fold_text(" 도시재생과 ") == "도시재생과" == cells.fold_text(" 도시재생과 ")
    assert cells.fold_text("'=1+1") == "=1+1" and cells.fold_text("  ") is None


@pytest.mark.parametrize("text", ["1,889", " 12 ", "0012", "1 234", "6,268", "0", "99,999,999", " - ", "–", ""])
@pytest.mark.parametrize("unit_won", [1, 1_000, 1_000_000, 100_000_000])
def test_amounts_typed_as_whole_numbers_are_the_won_decimal_gives(text, unit_won):
    """`amount_won` reads plain digits (and `-`) without Decimal: what the Decimal reading gives."""
    from decimal import ROUND_HALF_UP, Decimal

    from loaders.cells import amount_won, number

    parsed = number(text)
    expected = None if parsed is None else int((parsed * unit_won).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert amount_won(text, unit_won) == expected


# ---- shared strings read before the sheets, or after them -------------------------------------

@pytest.mark.parametrize("form", [excel_form, libreoffice_form])
def test_strings_read_before_or_after_the_sheets_give_the_same_grids(book, form, monkeypatch):
    """A small part is read first (each cell takes its text as it is read); a larger one after the
    sheets, for the indices they use: the grids are the same."""
    data = _as(form, _saved(book))
    before = _grids(data)
    monkeypatch.setattr(shared_strings, "EAGER_PART_BYTES", 0)
    assert _grids(data) == before


@pytest.mark.parametrize("eager_bytes", [shared_strings.EAGER_PART_BYTES, 0])
def test_an_index_past_the_strings_is_damage_either_way(book, monkeypatch, eager_bytes):
    monkeypatch.setattr(shared_strings, "EAGER_PART_BYTES", eager_bytes)
    data = _as(excel_form, _saved(book))
    _, parts = _parts(data)
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="A1" t="s"><v>0</v></c>', b'<c r="A1" t="s"><v>99999</v></c>')
    assert [str(f) for f in read_workbook(_zip(parts)).findings] == [f"파일: {DAMAGED}"]


@pytest.mark.parametrize("where, outcome", [("first", [f"파일: {DAMAGED}"]), ("last", [HIDDEN_ROW])])
def test_a_bad_entity_in_a_text_no_cell_uses_reads_as_before(book, where, outcome):
    """lxml refuses a bad entity in any item before the last one a cell uses, none after it; so
    does the loader, whether the strings are read before or after the sheets."""
    data = _as(excel_form, _saved(book))
    _, parts = _parts(data)
    sst = parts["xl/sharedStrings.xml"]
    bad = b"<si><t>&nbsp;</t></si>"
    if where == "first":  # every index moves up by one
        at = sst.index(b"<si>")
        parts["xl/sharedStrings.xml"] = sst[:at] + bad + sst[at:]
        for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
            parts[name] = re.sub(rb'(t="s"><v>)(\d+)(</v>)',
                                 lambda m: m.group(1) + b"%d" % (int(m.group(2)) + 1) + m.group(3), parts[name])
    else:
        parts["xl/sharedStrings.xml"] = sst.replace(b"</sst>", bad + b"</sst>")
    assert shared_strings.read_before_sheets(zipfile.ZipFile(io.BytesIO(_zip(parts))), "xl/sharedStrings.xml") is None
    assert [str(f) for f in read_workbook(_zip(parts)).findings] == outcome


@pytest.mark.parametrize("boundary", [
    b'</row><row r="5"/><row r="6">',  # an empty row, then the next: two row tags, not the usual one
    b'</row><row r="5" hidden="1"></row><row r="6">',  # a usual boundary at its end only
    b'</row><row r="5" customFormat="1" foo="1">',  # an attribute the usual form does not have
    b'</row>\n  <row r="5">',  # white space between the tags
    b'</row><row r="5" hidden="1" hidden="1">',  # lxml refuses a repeated attribute
])
def test_an_unusual_row_boundary_reads_as_lxml_reads_it(book, monkeypatch, boundary):
    """All of a slice's row boundaries are matched in one call; one unusual boundary among them
    sends the rows one by one through the slower path, or the part to lxml, never misread."""
    def change(parts: dict[str, bytes]) -> None:
        part = "xl/worksheets/sheet6.xml"  # 추진실적: rows 1 to 8
        parts[part] = re.sub(rb'</row><row r="5"[^>]*>', boundary, parts[part], count=1)
        assert boundary in parts[part]

    def outcome(data: bytes) -> tuple[list[str], object]:
        try:
            grids: object = _grids(data)
        except Damaged:
            grids = "Damaged"
        return [str(f) for f in read_workbook(data).findings], grids

    data = _as(change, _saved(book))
    fast = outcome(data)
    _lxml_only(monkeypatch)
    assert outcome(data) == fast
    assert (fast[1] == "Damaged") is (b'hidden="1" hidden="1"' in boundary)
