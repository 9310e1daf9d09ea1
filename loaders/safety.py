"""File-level checks made before any parsing, so a hostile or wrong file is refused cheaply.

A decompression bomb is refused from the zip's declared sizes, before a byte is
inflated; an oversized sheet of the spec is refused by counting its rows in a
byte scan, in bounded memory (unrelated sheets are never looked at). Every
refusal is a Korean sentence that tells the official what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: the whole archive may not inflate past this
MAX_INFLATED_BYTES = 200 * 1024 * 1024
#: a member this large must not be compressed better than MAX_RATIO:1
RATIO_CHECK_BYTES = 5 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2_000
MAX_SHEET_ROWS = 50_000
#: cells (and merged-range area) kept per sheet: 50,000 rows of 20 columns
MAX_SHEET_CELLS = 1_000_000

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


class FileRefused(ValueError):
    """The file cannot be read as a workbook; `str()` is the Korean message."""


class OtherFormat(FileRefused):
    """A spreadsheet in another format (.xls, .xlsb, .ods): readable by calamine, perhaps.

    `str()` is the Korean "how to convert" message shown when it cannot be read.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


XLS_MESSAGE = (
    "예전 Excel 97-2003 형식(.xls) 파일입니다. Excel에서 '다른 이름으로 저장' → "
    "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요"
)
XLSB_MESSAGE = (
    "Excel 바이너리 통합 문서(.xlsb) 파일입니다. Excel에서 '다른 이름으로 저장' → "
    "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요"
)
ODS_MESSAGE = "OpenDocument(.ods) 파일입니다. '다른 이름으로 저장'에서 Excel 통합 문서(.xlsx)로 저장해 주세요"
CSV_MESSAGE = (
    "CSV 파일입니다. CSV에는 시트가 하나만 담겨 개요·공약·추진일정 등 여러 시트로 된 공약 이행 현황을 "
    "읽을 수 없습니다. 서식 통합 문서(.xlsx)를 그대로 저장해 올려 주세요"
)
_CSV_NAMES = (".csv", ".tsv")
_SPREADSHEET_NAMES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def too_many_rows(title: str) -> FileRefused:
    return FileRefused(
        f"시트 '{title}'의 행이 너무 많습니다 (최대 {MAX_SHEET_ROWS:,}행). "
        "공약 이행 현황에 필요한 행만 남기고 다시 올려 주세요"
    )


def too_many_cells(title: str) -> FileRefused:
    return FileRefused(
        f"시트 '{title}'의 칸이 너무 많습니다 (최대 {MAX_SHEET_CELLS:,}칸, 병합한 칸 포함). "
        "공약 이행 현황에 필요한 칸만 남기고 다시 올려 주세요"
    )


def check_csv(data: bytes, file_name: str) -> None:
    """A .csv holds one sheet: say so instead of "not a workbook".

    Judged by the name, or, for a name that claims no spreadsheet format, by
    content that is plain text with a comma or tab on its first line.
    """
    name = file_name.lower()
    if name.endswith(_CSV_NAMES):
        raise FileRefused(CSV_MESSAGE)
    if name.endswith(_SPREADSHEET_NAMES) or not data or data.startswith((b"PK", _OLE2_MAGIC, b"%PDF")):
        return
    head = data[:4096]
    for encoding in ("utf-8-sig", "cp949"):
        try:
            first = head.decode(encoding).splitlines()[0] if head.strip() else ""
        except (UnicodeDecodeError, IndexError):
            continue
        if ("," in first or "\t" in first) and "\0" not in head.decode(encoding, "replace"):
            raise FileRefused(CSV_MESSAGE)
        return


def check_bytes(data: bytes) -> zipfile.ZipFile:
    """Refuse what is not a readable .xlsx; return the opened archive for the reader."""
    if not data:
        raise FileRefused("빈 파일입니다 (0바이트). 작성한 엑셀 파일(.xlsx)을 다시 선택해 주세요")
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(
            f"파일이 너무 큽니다 ({len(data) / 1024 / 1024:.1f}MB). "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024}MB 이하의 .xlsx 파일만 받습니다"
        )
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise FileRefused(
                "암호가 걸린 통합 문서입니다. Excel에서 '파일 → 정보 → 통합 문서 보호 → 암호 설정'의 "
                "암호를 지우고 저장한 뒤 다시 올려 주세요"
            )
        raise OtherFormat("xls", XLS_MESSAGE)
    if not data.startswith(b"PK"):
        kind = "PDF 문서" if data.startswith(b"%PDF") else "엑셀 통합 문서(.xlsx)가 아닌 파일"
        raise FileRefused(f"{kind}입니다. 공약 이행 현황 서식(.xlsx) 파일을 올려 주세요")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(
            "파일이 손상되었거나 끝까지 저장되지 않았습니다. Excel에서 열어 다시 저장한 뒤 올려 주세요"
        ) from None
    _check_declared_sizes(members)
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise OtherFormat("ods", ODS_MESSAGE)
        if "xl/workbook.bin" in names:
            raise OtherFormat("xlsb", XLSB_MESSAGE)
        raise FileRefused("엑셀 통합 문서(.xlsx)가 아닙니다. 공약 이행 현황 서식 파일을 올려 주세요")
    return archive


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    refusal = FileRefused(
        "압축을 풀면 비정상적으로 커지는 파일이라 읽지 않았습니다. 원본 서식에 내용을 옮겨 다시 저장해 주세요"
    )
    if len(members) > MAX_MEMBERS:
        raise refusal
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_INFLATED_BYTES:
            raise refusal
        if member.file_size > RATIO_CHECK_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise refusal


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def count_rows(archive: zipfile.ZipFile, member: str, limit: int = MAX_SHEET_ROWS) -> int:
    """Rows of a sheet part (up to just past `limit`), counted by a byte scan in bounded memory.

    Run over the sheets of the spec before they are parsed: a sheet of a
    million rows is refused after a few megabytes of scanning, not after
    50,000 rows of parsing.
    """
    try:
        with archive.open(member) as stream:
            return _count_rows(stream, limit)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise FileRefused(
            "파일이 손상되었거나 끝까지 저장되지 않았습니다. Excel에서 열어 다시 저장한 뒤 올려 주세요"
        ) from None


def over_row_limit(data: bytes, limit: int = MAX_SHEET_ROWS) -> bool:
    """Whether `count_rows` of this part, already inflated, passes `limit`.

    Every row tag holds the bytes `row`, so a part with no more of those than
    `limit` cannot pass it; only a part that might is scanned, as `count_rows` does.
    """
    return data.count(b"row") > limit and _count_rows(io.BytesIO(data), limit) > limit


def _count_rows(stream: io.BufferedIOBase, limit: int) -> int:
    count = 0
    tail = b""
    while chunk := stream.read(1 << 20):
        block = tail + chunk
        count += len(_ROW_TAG.findall(block))
        # keep a short tail so a tag split across chunks is counted once
        cut = max(block.rfind(b"<"), len(block) - 16)
        tail = block[cut:]
        count -= len(_ROW_TAG.findall(tail))
        if count > limit:
            return count
    return count + len(_ROW_TAG.findall(tail))
