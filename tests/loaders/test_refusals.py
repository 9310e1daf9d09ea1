"""Refusals that name the real cause (issue 32): a DRM container, a password, an old Excel
version, a sheet of the spec that is a chart sheet. One test per rule, the exact message.

The password-protected .xls and .ods are files this project made with LibreOffice
(tests/loaders/files/README.md, make_files.py); everything else is built here: bytes of the
DRM headers and of the old Excel formats (BIFF2/3 streams, an Excel 5.0/95 workbook in a
compound file), and openpyxl workbooks with chart sheets. Two files of tests/isolation/files
are read as well (their README).
"""

from __future__ import annotations

import io
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from loaders import read_workbook
from loaders.calamine import format_warning, read_other
from loaders.findings import Findings
from loaders.safety import MAX_UPLOAD_BYTES, OtherFormat
from loaders.workbook import _choose_sheets
from loaders.xlsx import open_package
from tests.loaders.conftest import only, pledge25_workbook, read_book

FILES = Path(__file__).resolve().parent / "files"
ISOLATION = Path(__file__).resolve().parents[1] / "isolation" / "files"
PLEDGES = str(Path(sys.executable).parent / "pledges")

PASSWORD = (
    "암호가 걸린 통합 문서입니다. Excel에서 '파일 → 정보 → 통합 문서 보호 → 암호 설정'의 "
    "암호를 지우고 저장한 뒤 다시 올려 주세요"
)


def _drm(product: str) -> str:
    return (
        f"문서보안(DRM)이 적용된 파일입니다 ({product}). 이 파일은 암호화되어 있어 읽을 수 없습니다. "
        "문서보안 프로그램에서 보안을 해제한 뒤 올려 주세요"
    )


def _old(version: str) -> str:
    return (
        f"예전 Excel {version} 형식(.xls) 파일입니다. Excel에서 '다른 이름으로 저장' → "
        "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요"
    )


def _refusal(data: bytes, name: str = "분기자료.xlsx") -> str:
    """The one file-level error a refused file gets."""
    result = read_workbook(data, file_name=name)
    assert result.snapshot is None
    (finding,) = result.findings
    assert (finding.level, finding.sheet, finding.cell) == ("error", "", "")
    return finding.message


def _noise(size: int = 4096) -> bytes:
    """What follows a DRM header: ciphertext, i.e. bytes that look like nothing."""
    return random.Random(32).randbytes(size)


def _record(kind: int, body: bytes = b"") -> bytes:
    """A BIFF record: type, length, body."""
    return struct.pack("<HH", kind, len(body)) + body


BOF3, BOF58, DIMENSIONS, NUMBER, LABEL, CODEPAGE, BOUNDSHEET, FILEPASS, EOF = (
    0x0209, 0x0809, 0x0200, 0x0203, 0x0204, 0x0042, 0x0085, 0x002F, 0x000A
)


def _excel_95_book(after_bof: bytes = b"") -> bytes:
    """The `Book` stream of an Excel 5.0/95 workbook (BIFF5) with one worksheet `Sheet1`.

    The globals (BOF, `after_bof`, CODEPAGE 1252, BOUNDSHEET, EOF), then the worksheet: a
    label and 20 rows of 12 numbers, so that the stream passes 4096 bytes and lives in the
    compound file's own sectors (`_compound_file`).
    """
    cells = [_record(LABEL, struct.pack("<HHHH", 0, 0, 15, 7) + b"Pledges")]
    cells += [_record(NUMBER, struct.pack("<HHHd", r, c, 15, r * 100 + c)) for r in range(1, 21) for c in range(12)]
    sheet = b"".join([
        _record(BOF58, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0)),
        _record(DIMENSIONS, struct.pack("<HHHHH", 0, 21, 0, 12, 0)),
        *cells,
        _record(EOF),
    ])
    name = b"Sheet1"

    def globals_(at: int) -> bytes:
        return b"".join([
            _record(BOF58, struct.pack("<HHHH", 0x0500, 0x0005, 0, 0)),
            after_bof,
            _record(CODEPAGE, struct.pack("<H", 1252)),
            _record(BOUNDSHEET, struct.pack("<IBBB", at, 0, 0, len(name)) + name),
            _record(EOF),
        ])

    return globals_(len(globals_(0))) + sheet


def _compound_file(name: str, stream: bytes) -> bytes:
    """An OLE2 compound file (MS-CFB version 3, 512-byte sectors) holding the one stream `name`.

    Sector 0 is the FAT, sector 1 the directory (root entry, the stream), then the stream. A
    stream under 4096 bytes would belong in the mini stream, which this writer does not make.
    """
    assert len(stream) >= 4096
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    sectors = -(-len(stream) // 512)
    fat = [fat_sector, end, *range(3, 2 + sectors), end]
    assert len(fat) <= 128
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
        + struct.pack("<HHHHH6x", 0x003E, 3, 0xFFFE, 9, 6)
        + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )

    def entry(title: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = title.encode("utf-16-le") + b"\0\0" if title else b""
        return raw.ljust(64, b"\0") + struct.pack("<HBB3I36xIQ", len(raw), kind, 1, none, none, child, start, size)

    directory = (
        entry("Root Entry", 5, 1, end, 0) + entry(name, 2, none, 2, len(stream))
        + entry("", 0, none, 0, 0) * 2
    )
    fat_bytes = struct.pack("<128I", *fat, *[free] * (128 - len(fat)))
    return header + fat_bytes + directory + stream.ljust(sectors * 512, b"\0")


def _chart_sheet_book(title: str = "Chart1") -> bytes:
    """Worksheets Sheet1, Sheet2, Sheet3 and, before Sheet3, a chart sheet `title` (openpyxl)."""
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Sheet1"
    for row in [("구분", "실적"), ("1분기", 20), ("2분기", 60), ("3분기", 80)]:
        data.append(row)
    book.create_sheet("Sheet2")
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    book.create_chartsheet(title).add_chart(chart)
    book.create_sheet("Sheet3")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- document security (DRM) ---------------------------------------------------------


@pytest.mark.parametrize("header", [b"SCDSA004", b"SCDSA002"])
def test_softcamp_drm_file_is_named_as_such(header):
    assert _refusal(header + _noise()) == _drm("SoftCamp Document Security")


@pytest.mark.parametrize(
    "header",
    [b"\x9b DRMONE  This Document is encrypted and protected by Fasoo DRM ", b"<!-- FasooSecureContainer - Ver 1 -->"],
)
def test_fasoo_drm_file_is_named_as_such(header):
    assert _refusal(header + _noise()) == _drm("Fasoo DRM")


def test_markany_drm_file_is_named_as_such():
    assert _refusal(b"<DOCUMENT SAFER V2010 R2>" + _noise()) == _drm("MarkAny Document SAFER")


def test_drm_file_named_csv_is_drm_not_csv():
    assert _refusal(b"SCDSA004" + _noise(), "공약목록.csv") == _drm("SoftCamp Document Security")


def test_drm_is_said_before_the_size():
    """Removing the protection comes first; the size refusal would send the official astray."""
    data = b"SCDSA004" + bytes(MAX_UPLOAD_BYTES)
    assert _refusal(data) == _drm("SoftCamp Document Security")


def test_a_drm_header_elsewhere_than_the_start_is_no_drm():
    assert _refusal(b"hello SCDSA004" + _noise()) == (
        "엑셀 통합 문서(.xlsx)가 아닌 파일입니다. 공약 이행 현황 서식(.xlsx) 파일을 올려 주세요"
    )


# --- passwords -------------------------------------------------------------------------


def test_password_xls_of_libreoffice():
    """Saved by LibreOffice as Excel 97-2003 with a password: FILEPASS (RC4) right after BOF."""
    assert _refusal((FILES / "password_libreoffice.xls").read_bytes()) == PASSWORD


def test_password_xls_of_excel_2002_sheetjs():
    """FILEPASS after a WriteProtect record, not right after BOF."""
    assert _refusal((ISOLATION / "password_2002_40_xor.xls").read_bytes()) == PASSWORD


def test_password_ods_of_libreoffice():
    assert _refusal((FILES / "password_libreoffice.ods").read_bytes(), "분기자료.ods") == PASSWORD


def test_password_excel_95_workbook():
    # BOF, then a FILEPASS record (XOR obfuscation: key and verifier)
    book = _excel_95_book(after_bof=_record(FILEPASS, b"\x01\x02\x03\x04"))
    assert _refusal(_compound_file("Book", book), "분기자료.xls") == PASSWORD


def test_encrypted_xlsx_message_is_the_same_sentence():
    """One sentence for every encrypted workbook: what a real encrypted .xlsx gets."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    data = header + "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0")
    assert _refusal(data) == PASSWORD


# --- old Excel versions ---------------------------------------------------------------


def test_excel_2_worksheet():
    bof = b"\x09\x00\x04\x00\x02\x00\x10\x00"  # BIFF2 BOF: version, dt = worksheet
    number = b"\x03\x00\x0f\x00" + b"\0" * 15  # NUMBER
    eof = b"\x0a\x00\x00\x00"
    assert _refusal(bof + number + eof, "분기자료.xls") == _old("2.x")


def test_excel_3_worksheet():
    """What Excel 3.0 saved: the BIFF3 records themselves, no compound file."""
    data = b"".join([
        _record(BOF3, struct.pack("<HHH", 0, 0x0010, 0)),  # version, dt = worksheet, build
        _record(DIMENSIONS, struct.pack("<HHHHH", 0, 2, 0, 2, 0)),
        _record(NUMBER, struct.pack("<HHHd", 0, 0, 15, 25.0)),
        _record(NUMBER, struct.pack("<HHHd", 1, 1, 15, 80.0)),
        _record(EOF),
    ])
    assert _refusal(data, "분기자료.xls") == _old("3.0")


def test_excel_4_worksheet_xlrd():
    assert _refusal((ISOLATION / "biff4_no_format_no_window2.xls").read_bytes()) == _old("4.0")


def test_excel_95_workbook_that_cannot_be_read_names_its_version():
    book = _excel_95_book()
    data = _compound_file("Book", book[:12] + b"\xff" * (len(book) - 12))  # BOF, then garbage
    assert _refusal(data, "분기자료.xls") == _old("5.0/95")


def test_excel_95_workbook_that_can_be_read_is_read():
    result = read_workbook(_compound_file("Book", _excel_95_book()), file_name="분기자료.xls")
    assert only(result)[0] == "개요: 필수 시트 '개요'이(가) 없습니다 (서식의 시트 이름을 그대로 두어 주세요)"
    assert only(result, "warning") == [f"파일: {format_warning('xls')}"]


def test_bytes_like_a_bof_with_an_unknown_sheet_type_are_not_excel():
    assert _refusal(b"\x09\x04\x06\x00\x00\x00\x77\x00" + _noise()) == (
        "엑셀 통합 문서(.xlsx)가 아닌 파일입니다. 공약 이행 현황 서식(.xlsx) 파일을 올려 주세요"
    )


# --- chart sheets ----------------------------------------------------------------------


def _chart_sheet_message(title: str, key: str) -> str:
    return (
        f"시트 '{title}'은(는) 차트 시트라서 셀이 없어 읽을 수 없습니다. '{key}' 자료는 일반 워크시트에 "
        f"있어야 합니다: 차트 시트의 이름을 다른 이름으로 바꾸고, 자료를 담은 일반 워크시트의 이름을 "
        f"'{key}'(으)로 해 주세요"
    )


def _as_chart_sheet(name: str):
    """The pledge-25 workbook whose sheet `name` is a chart sheet of that name instead."""
    book = pledge25_workbook()
    index = book.sheetnames.index(name)
    del book[name]
    chart = BarChart()
    chart.add_data(Reference(book["공약"], min_col=1, min_row=3, max_row=4))
    book.create_chartsheet(name, index).add_chart(chart)
    return book


def test_required_sheet_that_is_a_chart_sheet():
    assert only(read_book(_as_chart_sheet("추진일정"))) == [
        f"추진일정: {_chart_sheet_message('추진일정', '추진일정')}"
    ]


def test_optional_sheet_that_is_a_chart_sheet_is_a_warning():
    result = read_book(_as_chart_sheet("추진실적"))
    assert only(result) == []
    assert only(result, "warning") == [f"추진실적: {_chart_sheet_message('추진실적', '추진실적')}"]


def test_chart_sheet_among_worksheets_is_a_chart_sheet():
    archive = zipfile.ZipFile(io.BytesIO(_chart_sheet_book()))
    kinds = [(e.title, e.kind) for e in open_package(archive).sheets]
    assert kinds == [
        ("Sheet1", "worksheet"), ("Sheet2", "worksheet"), ("Chart1", "chartsheet"), ("Sheet3", "worksheet")
    ]


def test_chart_sheet_named_like_a_required_sheet_in_a_file_of_other_sheets():
    result = read_workbook(_chart_sheet_book("개요"), file_name="분기자료.xlsx")
    assert only(result)[0] == f"개요: {_chart_sheet_message('개요', '개요')}"


def test_chart_sheet_read_through_calamine_is_named_too():
    """.xls/.xlsb files go through calamine, whose sheet list says which sheets are charts."""
    findings = Findings()
    read_other(_chart_sheet_book("공 약"), OtherFormat("xlsb", "-"), _choose_sheets, findings)
    assert [str(f) for f in findings.items if f.sheet == "공약"] == [
        f"공약: {_chart_sheet_message('공 약', '공약')}"
    ]


# --- the command ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("분기자료.xlsx", b"SCDSA004" + _noise(), _drm("SoftCamp Document Security")),
        ("분기자료.xls", (FILES / "password_libreoffice.xls").read_bytes(), PASSWORD),
    ],
    ids=["drm", "password-xls"],
)
def test_validate_prints_the_cause_and_exits_1(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    run = subprocess.run([PLEDGES, "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout == f"{path}: 오류 1건, 경고 0건\n  [오류] 파일\n    {message}\n"
