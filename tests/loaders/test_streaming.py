"""The streaming .xlsx reader: the cases openpyxl got wrong, and the limits that keep it bounded."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Color, PatternFill

from bench.variants import REL_STRICT, REL_TRANSITIONAL, STRICT, TRANSITIONAL
from loaders import read_workbook
from loaders.safety import CSV_MESSAGE, MAX_SHEET_CELLS, MAX_SHEET_ROWS, XLSB_MESSAGE
from tests.loaders.conftest import only, pledge25_workbook, read_book

ROOT = Path(__file__).resolve().parents[2]
QUARTERS = ("2018Q1", "2018Q2", "2018Q3", "2018Q4", "2019Q1", "2019Q2", "2019Q3", "2019Q4",
            "2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4")


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, change) -> bytes:
    """Apply `change(name, bytes) -> bytes` to every part of a saved workbook."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item.filename)))
    return out.getvalue()


def _sheet_part(name: str) -> str:
    return f"xl/worksheets/sheet{['개요', '공약', '추진일정', '소요예산', '확인지표', '추진실적'].index(name) + 1}.xml"


@pytest.mark.parametrize("empty", [b"<v/>", b"<v />", b"<v></v>"])
def test_formula_with_an_empty_string_result_is_a_blank_value(book, empty):
    """Excel and LibreOffice save the "" result of a text formula as type `str` with an empty `<v>`."""
    book["소요예산"]["Z3"] = '=IF(A1="","",A1)'

    def change(name: str, xml: bytes) -> bytes:
        xml = re.sub(rb"(<f>IF\(.*?</f>)<v\s*/>|(<f>IF\(.*?</f>)<v></v>",
                     lambda m: (m.group(1) or m.group(2)) + empty, xml)
        return re.sub(rb'(<c r="Z3"[^>]*?)>', rb'\1 t="str">', xml)

    data = _rewrite(_saved(book), change)
    assert b'<f>IF(A1="","",A1)</f>' + empty in zipfile.ZipFile(io.BytesIO(data)).read(_sheet_part("소요예산"))
    result = read_workbook(data)
    assert only(result) == [] and only(result, "warning") == []


def _strict(data: bytes) -> bytes:
    def change(name: str, xml: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return xml
        return xml.replace(TRANSITIONAL.encode(), STRICT.encode()).replace(
            REL_TRANSITIONAL.encode(), REL_STRICT.encode()
        )
    return _rewrite(data, change)


def test_strict_open_xml_reads_like_transitional(book):
    data = _saved(book)
    strict = _strict(data)
    assert TRANSITIONAL.encode() not in zipfile.ZipFile(io.BytesIO(strict)).read("xl/workbook.xml")
    assert read_workbook(strict).snapshot == read_workbook(data).snapshot is not None


@pytest.mark.parametrize("pattern", ["darkGray", "lightGray", "gray125", "darkGrid", "lightTrellis"])
def test_any_pattern_fill_is_shading(book, pattern):
    ws = book["추진일정"]
    for col in range(3, 23):
        if ws.cell(3, col).fill.fill_type == "solid":
            ws.cell(3, col).fill = PatternFill(pattern, fgColor="FF000000")
    result = read_book(book)
    assert result.snapshot.subprojects[0].quarters == QUARTERS[1:8]


@pytest.mark.parametrize(
    "color",
    [Color(rgb="FFFFFFFF"), Color(theme=0), Color(indexed=9), Color(indexed=64)],
    ids=["white", "theme-0", "indexed-9", "indexed-64"],
)
@pytest.mark.parametrize("pattern", ["solid", "darkGray"])
def test_white_foreground_is_not_shading(book, pattern, color):
    ws = book["추진일정"]
    for col in range(3, 23):
        ws.cell(3, col).fill = PatternFill(pattern, fgColor=color)
    assert read_book(book).snapshot.subprojects[0].quarters == ()


def test_theme_0_with_a_tint_is_shading(book):
    ws = book["추진일정"]
    for col in range(3, 23):
        ws.cell(3, col).fill = PatternFill("solid", fgColor=Color(theme=0, tint=-0.25))
    assert read_book(book).snapshot.subprojects[0].quarters == QUARTERS + ("2022Q1", "2022Q2", "2022Q3", "2022Q4")


def _conditional(book, *, keep_fills: bool):
    ws = book["추진일정"]
    if not keep_fills:
        for row in range(3, 6):
            for col in range(3, 23):
                ws.cell(row, col).fill = PatternFill()
    fill = PatternFill("solid", bgColor="FF4472C4")
    ws.conditional_formatting.add("C3:V5", FormulaRule(formula=["C$2<>\"\""], fill=fill))
    return read_book(book)


def test_conditional_formatting_over_an_unmarked_schedule_is_named(book):
    result = _conditional(book, keep_fills=False)
    assert [str(f) for f in result.findings] == [
        "추진일정!C3:V5: 조건부 서식으로 칠한 일정은 읽을 수 없습니다. 분기 칸에 ● 같은 표시를 적거나 "
        "셀을 직접 칠해 주세요"
    ]


def test_conditional_formatting_beside_real_shading_is_fine(book):
    result = _conditional(book, keep_fills=True)
    assert result.findings == []
    assert result.snapshot.subprojects[0].quarters == QUARTERS[1:8]


def test_two_sheets_for_one_name_is_an_error_naming_both(book):
    old = book.copy_worksheet(book["공약"])
    old.title = "공약 "
    old.sheet_state = "hidden"
    book.move_sheet(old, offset=-(len(book.sheetnames) - 2))
    assert book.sheetnames[1] == "공약 "
    result = read_book(book)
    assert result.snapshot is None
    assert only(result) == [
        "공약: 시트 '공약 ', '공약'이(가) 모두 '공약' 시트로 읽힙니다 (이름에서 띄어쓰기를 빼면 같습니다). "
        "하나만 남기고 지우거나 이름을 바꿔 주세요"
    ]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_required_sheet_is_a_warning(book, state):
    book["확인지표"].sheet_state = state
    result = read_book(book)
    assert result.ok
    assert only(result, "warning") == [
        "확인지표: 시트 '확인지표'이(가) 숨겨져 있습니다. 숨긴 시트도 그대로 읽으니 내용을 확인해 주세요 "
        "(시트 탭에서 마우스 오른쪽 단추 → 숨기기 취소)"
    ]


def test_hidden_rows_with_data_are_named(book):
    ws = book["추진실적"]
    for row in (3, 4, 5, 8):
        ws.row_dimensions[row].hidden = True
    ws.row_dimensions[20].hidden = True  # empty: nothing to say
    result = read_book(book)
    assert result.ok
    assert only(result, "warning") == [
        "추진실적: 숨겨진 행 3~5, 8에 내용이 있습니다. 숨긴 행도 그대로 읽으니, 필요 없는 행이면 지우고 "
        "필요한 행이면 숨기기를 취소해 확인해 주세요"
    ]


def test_dates_of_the_1904_system(book):
    book.epoch = dt.datetime(1904, 1, 1)
    book["개요"]["B2"] = dt.datetime(2020, 12, 31)
    book["개요"]["B2"].number_format = "yyyy-mm-dd"
    result = read_book(book)
    assert result.snapshot.as_of == dt.date(2020, 12, 31)
    assert result.snapshot.achievements[-1].start == dt.date(2020, 6, 19)


def test_rich_text_and_phonetic_hints_in_shared_strings(book):
    data = _saved(book)
    # make 개요!B1 a rich-text shared string with a phonetic run that is not part of the text
    si = '<si><r><t>영등</t></r><r><rPr><b/></rPr><t>포구</t></r><rPh sb="0" eb="1"><t>よう</t></rPh></si>'

    def change(name: str, xml: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            xml = re.sub(rb"<si><t>\xec\x98\x81\xeb\x93\xb1\xed\x8f\xac\xea\xb5\xac</t></si>", si.encode(), xml)
        return xml

    assert read_workbook(_rewrite(data, change)).snapshot.ward == "영등포구"


def _with_sheet(data: bytes, title: str, rows: int) -> bytes:
    """Add a sheet of `rows` numeric rows, written as raw XML."""
    sheet = (f'<worksheet xmlns="{TRANSITIONAL}"><sheetData>'.encode()
             + b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, rows + 1))
             + b"</sheetData></worksheet>")

    def change(name: str, xml: bytes) -> bytes:
        if name == "xl/workbook.xml":
            xml = xml.replace(b"</sheets>", f'<sheet xmlns:r="{REL_TRANSITIONAL}" name="{title}" sheetId="99" '
                                            'r:id="rId99"/></sheets>'.encode())
        elif name == "xl/_rels/workbook.xml.rels":
            xml = xml.replace(b"</Relationships>", f'<Relationship Id="rId99" Type="{REL_TRANSITIONAL}/worksheet" '
                                                   'Target="worksheets/extra.xml"/></Relationships>'.encode())
        return xml

    out = io.BytesIO(_rewrite(data, change))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/extra.xml", sheet)
    return out.getvalue()


def test_an_unrelated_sheet_over_the_row_limit_is_never_read(book):
    data = _with_sheet(_saved(book), "원자료", MAX_SHEET_ROWS + 10)
    result = read_workbook(data)
    assert result.ok and result.findings == []


def test_a_merged_range_larger_than_a_sheet_may_hold_is_refused(book):
    def change(name: str, xml: bytes) -> bytes:
        if name == _sheet_part("추진실적"):
            xml = xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                              b'<mergeCell ref="F1:XFD1048576"/></mergeCells>')
        return xml

    result = read_workbook(_rewrite(_saved(book), change))
    assert [f.message for f in result.findings] == [
        f"시트 '추진실적'의 칸이 너무 많습니다 (최대 {MAX_SHEET_CELLS:,}칸, 병합한 칸 포함). "
        "공약 이행 현황에 필요한 칸만 남기고 다시 올려 주세요"
    ]


def test_cell_references_beyond_the_sheet_are_damage(book):
    data = _rewrite(_saved(book), lambda name, xml: xml.replace(b'r="A1"', b'r="ZZZZZZ1"'))
    assert [f.message for f in read_workbook(data).findings] == [
        "엑셀 파일을 읽을 수 없습니다. 파일이 손상되었을 수 있으니 Excel에서 열어 다시 저장해 주세요"
    ]


@pytest.mark.parametrize("name", ["공약.csv", "공약.tsv", "공약"])
def test_csv_holds_one_sheet(name):
    result = read_workbook("공약번호,공약명\n25,경인".encode(), file_name=name)
    assert [f.message for f in result.findings] == [CSV_MESSAGE]


def test_xlsb_calamine_cannot_read_gets_the_conversion_message():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\0\1\2")
    assert [f.message for f in read_workbook(buffer.getvalue()).findings] == [XLSB_MESSAGE]


def test_cell_styles_out_of_range_are_plain(book):
    data = _rewrite(_saved(book), lambda name, xml: re.sub(rb' s="\d+"', b' s="999"', xml)
                    if name.startswith("xl/worksheets/") else xml)
    # not "damaged": the cells simply lose fill and format, so the one Excel date reads as a number
    assert [str(f) for f in read_workbook(data).findings] == [
        "추진실적!C8: '44001'는 일자로 읽을 수 없습니다 ('18. 7., '19. 9. 25., 2018.7., 2018-07, "
        "'20. 8. ~ '21. 8., '18. 2.~ 또는 엑셀 날짜 형식으로 적어 주세요)"
    ]


def test_validate_json_output_is_clean(tmp_path):
    """No library may print during a read: `pledges validate --json` is parsed by other programs."""
    from bench.variants import build

    names = ("no_cell_styles.xlsx", "no_cell_style_formats.xlsx", "pivot_cache.xlsx", "sample.ods", "공약.csv")
    corpus = build(tmp_path / "corpus", names=names)
    files = [corpus[name] for name in names]
    bad = pledge25_workbook()
    bad["개요"]["B2"] = "언젠가"
    files.append(tmp_path / "bad.xlsx")
    bad.save(files[-1])
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "pledges"), "validate", "--json", *map(str, files)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert completed.stderr == ""
    reports = json.loads(completed.stdout)
    assert [r["ok"] for r in reports] == [False, True, True, True, False, False]
