"""File-level checks made before any parsing, so a hostile or wrong file is refused cheaply.

A decompression bomb is refused from the zip's declared sizes, before a byte is
inflated; an oversized sheet is refused by counting rows while streaming, in
bounded memory. Every refusal is a Korean sentence that tells the official what
to do.
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

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


class FileRefused(ValueError):
    """The file cannot be read as a workbook; `str()` is the Korean message."""


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
        raise FileRefused(
            "예전 Excel 97-2003 형식(.xls) 파일입니다. Excel에서 '다른 이름으로 저장' → "
            "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요"
        )
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
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise FileRefused(
                "OpenDocument(.ods) 파일입니다. '다른 이름으로 저장'에서 Excel 통합 문서(.xlsx)로 저장해 주세요"
            )
        raise FileRefused("엑셀 통합 문서(.xlsx)가 아닙니다. 공약 이행 현황 서식 파일을 올려 주세요")
    _check_declared_sizes(members)
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


def scan_sheet(archive: zipfile.ZipFile, member: str, limit: int = MAX_SHEET_ROWS) -> tuple[int, bool]:
    """One streaming pass over a sheet: its row count (up to `limit`) and whether it holds formulas."""
    count = 0
    formulas = False
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                block = tail + chunk
                formulas = formulas or b"<f" in block
                count += len(_ROW_TAG.findall(block))
                # keep a short tail so a tag split across chunks is counted once
                cut = max(block.rfind(b"<"), len(block) - 16)
                tail = block[cut:]
                count -= len(_ROW_TAG.findall(tail))
                if count > limit:
                    return count, formulas
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise FileRefused(
            "파일이 손상되었거나 끝까지 저장되지 않았습니다. Excel에서 열어 다시 저장한 뒤 올려 주세요"
        ) from None
    return count + len(_ROW_TAG.findall(tail)), formulas
