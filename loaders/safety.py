"""File-level checks made before any parsing, so a hostile or wrong file is refused cheaply.

A decompression bomb is refused from the zip's declared sizes, before a byte is
inflated; an oversized sheet of the spec is refused by counting its rows in a
byte scan, in bounded memory (unrelated sheets are never looked at). Every
refusal is a Korean sentence that tells the official what to do, naming the real cause: a
document-security (DRM) container, a password, or the old Excel version the file
was saved in, rather than "not a workbook".
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from loaders.drm import drm_message, drm_product

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




def old_excel_message(version: str) -> str:
    """The "save as .xlsx" advice for a file of an older Excel, naming its version."""
    return (
        f"예전 Excel {version} 형식(.xls) 파일입니다. Excel에서 '다른 이름으로 저장' → "
        "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요"
    )


XLS_MESSAGE = old_excel_message("97-2003")
#: any encrypted workbook: .xlsx/.xlsb (EncryptionInfo), .xls (FILEPASS), .ods (encrypted parts)
PASSWORD_MESSAGE = (
    "암호가 걸린 통합 문서입니다. Excel에서 '파일 → 정보 → 통합 문서 보호 → 암호 설정'의 "
    "암호를 지우고 저장한 뒤 다시 올려 주세요"
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
    check_drm(data)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(
            f"파일이 너무 큽니다 ({len(data) / 1024 / 1024:.1f}MB). "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024}MB 이하의 .xlsx 파일만 받습니다"
        )
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise FileRefused(PASSWORD_MESSAGE)
        raise _compound_file(data)
    if version := _biff_version(data):
        raise FileRefused(old_excel_message(version))
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
        if _odf_encrypted(archive, names):
            raise FileRefused(PASSWORD_MESSAGE)
        if "content.xml" in names:
            raise OtherFormat("ods", ODS_MESSAGE)
        if "xl/workbook.bin" in names:
            raise OtherFormat("xlsb", XLSB_MESSAGE)
        raise FileRefused("엑셀 통합 문서(.xlsx)가 아닙니다. 공약 이행 현황 서식 파일을 올려 주세요")
    return archive


def check_drm(data: bytes) -> None:
    """Refuse a file locked by a document-security product, naming it (loaders/drm.py).

    Run before every other check: a DRM container keeps the name it had (분기자료.xlsx,
    자료.csv), so neither its name nor its being no zip says what is wrong.
    """
    if (product := drm_product(data)) is not None:
        raise FileRefused(drm_message(product))


#: BIFF record types: the beginning of a (sub)stream, and the encryption header
_BOF_TYPES = {0x0009: "2.x", 0x0209: "3.0", 0x0409: "4.0", 0x0809: None}
_FILEPASS = 0x002F
#: BOF `dt`: workbook globals, VB module, worksheet, chart, macro sheet, workspace
_BOF_KINDS = {0x0005, 0x0006, 0x0010, 0x0020, 0x0040, 0x0100}


def _biff_version(data: bytes) -> str | None:
    """The Excel version of a bare BIFF stream (Excel 2.x–4.0 saved no compound file).

    Excel 2.x, 3.0 and 4.0 wrote the records themselves, starting with a BOF record
    (0x0009, 0x0209, 0x0409; the `dt` of the sheet follows the version word); a bare
    0x0809 BOF names its version (0x0500 is Excel 5.0/95, 0x0600 Excel 97-2003).
    """
    if len(data) < 8:
        return None
    kind, size = struct.unpack_from("<HH", data)
    if kind not in _BOF_TYPES or not 4 <= size <= 20:
        return None
    version, dt = struct.unpack_from("<HH", data, 4)
    if dt not in _BOF_KINDS:
        return None
    if kind != 0x0809:
        return _BOF_TYPES[kind]
    return {0x0500: "5.0/95", 0x0600: "97-2003"}.get(version)


def _compound_file(data: bytes) -> FileRefused:
    """What an OLE2 compound file without EncryptionInfo is: an .xls of which Excel.

    Read with olefile (the directory, then the first records of the workbook stream):
    `Workbook` is Excel 97-2003 (BIFF8), `Book` Excel 5.0/95 (BIFF5); a FILEPASS record
    among the first records of either means the workbook is encrypted (a password to
    open, RC4 or XOR). What olefile cannot read goes to calamine as before, as an .xls.
    """
    import olefile  # only for the rare compound file

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:  # bytes alone may be taken for a path
            for stream, version in (("Workbook", "97-2003"), ("Book", "5.0/95")):
                if ole.get_type(stream) != olefile.STGTY_STREAM:
                    continue
                # a stream longer than the file is damaged: let the reader say so
                if ole.get_size(stream) <= len(data) and _has_filepass(ole.openstream(stream).read(512)):
                    return FileRefused(PASSWORD_MESSAGE)
                return OtherFormat("xls", old_excel_message(version))
    except MemoryError:
        raise
    except Exception:
        pass
    return OtherFormat("xls", XLS_MESSAGE)


def _has_filepass(head: bytes) -> bool:
    """Whether FILEPASS is among the first records (after BOF and perhaps WriteProtect).

    Record headers stay in clear when the data is encrypted, so the walk is sound.
    """
    at = 0
    for _ in range(4):
        if at + 4 > len(head):
            return False
        kind, size = struct.unpack_from("<HH", head, at)
        if kind == _FILEPASS:
            return True
        at += 4 + size
    return False


def _odf_encrypted(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether an OpenDocument file is saved with a password.

    Its `META-INF/manifest.xml` then gives each encrypted part `manifest:encryption-data`
    (ODF 1.2, part 3, 3.8). The manifest is read up to 1 MB: it lists parts, nothing more.
    """
    if "META-INF/manifest.xml" not in names:
        return False
    try:
        with archive.open("META-INF/manifest.xml") as stream:
            return b"encryption-data" in stream.read(1 << 20)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return False


def inflates_too_much(members: list[zipfile.ZipInfo]) -> bool:
    """The zip's declared sizes pass a limit (too many parts, too much in all, or a part that inflates
    beyond MAX_RATIO): the one rule for workbooks and 증빙 alike, judged before any part is inflated."""
    if len(members) > MAX_MEMBERS:
        return True
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_INFLATED_BYTES:
            return True
        if member.file_size > RATIO_CHECK_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return True
    return False


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    if inflates_too_much(members):
        raise FileRefused(
            "압축을 풀면 비정상적으로 커지는 파일이라 읽지 않았습니다. 원본 서식에 내용을 옮겨 다시 저장해 주세요"
        )


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
