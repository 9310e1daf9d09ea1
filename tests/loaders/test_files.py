"""Files that are not what they claim: each refused with a clear Korean message, fast, never a traceback."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from loaders import read_workbook
from loaders.safety import MAX_SHEET_ROWS, MAX_UPLOAD_BYTES
from tests.loaders.conftest import pledge25_workbook


def _message(data: bytes) -> str:
    result = read_workbook(data, file_name="x.xlsx")
    assert result.snapshot is None
    (finding,) = result.findings
    assert (finding.level, finding.sheet, finding.cell) == ("error", "", "")
    return finding.message


def _valid_bytes() -> bytes:
    buffer = io.BytesIO()
    pledge25_workbook().save(buffer)
    return buffer.getvalue()


def test_empty_file():
    assert _message(b"") == "빈 파일입니다 (0바이트). 작성한 엑셀 파일(.xlsx)을 다시 선택해 주세요"


def test_text_file():
    assert _message("공약번호,공약명\n25,경인".encode()) == (
        "엑셀 통합 문서(.xlsx)가 아닌 파일입니다. 공약 이행 현황 서식(.xlsx) 파일을 올려 주세요"
    )


def test_pdf():
    assert _message(b"%PDF-1.7\n...").startswith("PDF 문서입니다")


def _cfb(streams: list[str]) -> bytes:
    """Minimal bytes of an OLE2 compound file with directory entry names (UTF-16)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in streams)
    return header + entries


def test_old_xls():
    assert _message(_cfb(["Root Entry", "Workbook"])) == (
        "예전 Excel 97-2003 형식(.xls) 파일입니다. Excel에서 '다른 이름으로 저장' → "
        "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요"
    )


def test_password_protected_workbook():
    message = _message(_cfb(["Root Entry", "EncryptionInfo", "EncryptedPackage"]))
    assert message.startswith("암호가 걸린 통합 문서입니다")


def test_truncated_archive():
    data = _valid_bytes()
    assert _message(data[: len(data) // 2]) == (
        "파일이 손상되었거나 끝까지 저장되지 않았습니다. Excel에서 열어 다시 저장한 뒤 올려 주세요"
    )


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _message(buffer.getvalue()) == "엑셀 통합 문서(.xlsx)가 아닙니다. 공약 이행 현황 서식 파일을 올려 주세요"


def test_oversized_upload():
    data = b"PK" + b"\0" * (MAX_UPLOAD_BYTES + 1)
    assert _message(data).startswith("파일이 너무 큽니다")


def _bomb() -> bytes:
    """A valid workbook whose first sheet's XML inflates to 320 MB of blanks (under 1 MB compressed)."""
    source = zipfile.ZipFile(io.BytesIO(_valid_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
                    chunk = b" " * (1 << 20)
                    for _ in range(320):
                        stream.write(chunk)
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def test_decompression_bomb_refused_before_inflating():
    data = _bomb()
    assert len(data) < MAX_UPLOAD_BYTES
    started = time.perf_counter()
    message = _message(data)
    assert time.perf_counter() - started < 1.0
    assert message == (
        "압축을 풀면 비정상적으로 커지는 파일이라 읽지 않았습니다. 원본 서식에 내용을 옮겨 다시 저장해 주세요"
    )


def _million_rows() -> bytes:
    """A workbook whose 공약 sheet has 1,000,000 rows, written as raw XML (not through openpyxl)."""
    source = zipfile.ZipFile(io.BytesIO(_valid_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                head, _, tail = data.partition(b"<sheetData>")
                _, _, tail = tail.partition(b"</sheetData>")
                rows = b"".join(
                    b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (i, i, i)
                    for i in range(1, 1_000_001)
                )
                data = head + b"<sheetData>" + rows + b"</sheetData>" + tail
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.slow
def test_million_row_sheet_refused():
    data = _million_rows()
    started = time.perf_counter()
    message = _message(data)
    assert time.perf_counter() - started < 5.0
    assert message == (
        f"시트 '공약'의 행이 너무 많습니다 (최대 {MAX_SHEET_ROWS:,}행). "
        "공약 이행 현황에 필요한 행만 남기고 다시 올려 주세요"
    )


def test_missing_path_is_a_finding(tmp_path):
    result = read_workbook(tmp_path / "없는파일.xlsx")
    assert [f.message for f in result.findings] == ["파일을 찾을 수 없거나 열 수 없습니다"]
