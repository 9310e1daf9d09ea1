"""What a handed-in 증빙 file really is, judged by its bytes; its name only words the message.

Why by content: a name is whatever the sender typed. An SVG named 사진.png, an HTML page
named 보도자료.pdf or a plain zip named 결과.hwpx would be kept and later served to residents
as the kind its name claims; an SVG or HTML page carries scripts that run in a browser.
So the accepted kinds are recognised by their structure (a photo's signature, then Pillow;
a PDF's header and `%%EOF` trailer; HWP's compound file with its `FileHeader` stream; the
zip parts of HWPX, XLSX and DOCX), and everything else is refused with a sentence naming
what it is: our own checks for text (SVG, HTML, XML, scripts, `evidence_text.py`), zips
and compound files (which say more than any signature), and the `filetype` package for the
many binary kinds it knows (GIF, BMP, TIFF, 7z, RAR, EXE, ELF, video, fonts: 80 signatures
we would otherwise copy by hand). Zips are judged from the central directory and at most
the small `mimetype` and manifest parts, with loaders/safety.py's limits on declared sizes.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype

from loaders.drm import drm_message, drm_product
from loaders.evidence_text import SVG, text_kind
from loaders.safety import MAX_UPLOAD_BYTES, inflates_too_much

MAX_EVIDENCE_BYTES = MAX_UPLOAD_BYTES
ACCEPTED = "증빙으로 올릴 수 있는 파일은 사진(JPEG, PNG, WebP)과 문서(PDF, HWP, HWPX, XLSX, DOCX)입니다"
#: names that claim an accepted kind: a refusal then says "이름은 … 이지만 실제로는 …"
_ACCEPTED_NAMES = {".jpg", ".jpeg", ".png", ".webp", ".pdf", ".hwp", ".hwpx", ".xlsx", ".docx"}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS_PICTURE = "JPEG나 PNG로 저장해 올려 주세요"
_UNZIP = "압축을 풀어 안의 파일을 하나씩 올려 주세요"
_DAMAGED = "파일이 손상되었거나 끝까지 저장되지 않았습니다. 원래 프로그램에서 다시 저장해 올려 주세요"


class EvidenceRefused(ValueError):
    """The file is not kept; `str()` is the Korean sentence, naming the file."""


@dataclass(frozen=True)
class Kind:
    """An accepted kind: 사진 (with the Pillow format to open it as) or 문서."""

    kind: str
    media_type: str
    extension: str
    pil_format: str | None = None


JPEG = Kind("사진", "image/jpeg", ".jpg", "JPEG")
PNG = Kind("사진", "image/png", ".png", "PNG")
WEBP = Kind("사진", "image/webp", ".webp", "WEBP")
PDF = Kind("문서", "application/pdf", ".pdf")
HWP = Kind("문서", "application/x-hwp", ".hwp")
HWPX = Kind("문서", "application/hwp+zip", ".hwpx")
XLSX = Kind("문서", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
DOCX = Kind("문서", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")


def refused(file_name: str, sentence: str) -> EvidenceRefused:
    return EvidenceRefused(f"{file_name}: {sentence}")


def not_accepted(file_name: str, what: str, advice: str = "") -> EvidenceRefused:
    """"<name>: [이름은 .png 파일이지만 실제로는] SVG 그림 파일입니다. [advice.] 증빙으로 …"."""
    suffix = PurePath(file_name).suffix.lower()
    said = f"이름은 {suffix} 파일이지만 실제로는 {what}입니다" if suffix in _ACCEPTED_NAMES else f"{what}입니다"
    return refused(file_name, f"{said}. {advice + '. ' if advice else ''}{ACCEPTED}")


def judge(data: bytes, file_name: str) -> Kind:
    """The accepted kind of `data`, or `EvidenceRefused` naming what it is instead."""
    if not data:
        raise refused(file_name, "빈 파일입니다 (0바이트). 올리려던 파일을 다시 선택해 주세요")
    if len(data) > MAX_EVIDENCE_BYTES:
        megabytes = math.ceil(len(data) * 10 / 1024 / 1024) / 10  # 20MB and one byte is 20.1MB, not 20.0MB
        raise refused(file_name, f"파일이 너무 큽니다 ({megabytes:.1f}MB). "
                                 f"증빙 파일은 한 개에 {MAX_EVIDENCE_BYTES // 1024 // 1024}MB까지 올릴 수 있습니다")
    if (product := drm_product(data)) is not None:
        raise refused(file_name, drm_message(product))
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return _pdf(data, file_name)
    if data.startswith(_OLE2_MAGIC):
        return _compound_file(data, file_name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):  # a zip's local, end or spanned header
        return _zip(data, file_name)
    raise _other(data, file_name)


# --- PDF -----------------------------------------------------------------------------------


def _pdf(data: bytes, file_name: str) -> Kind:
    """A PDF whole to its end (`%%EOF` in the last 1 KB) and without a password.

    An encrypted PDF (`/Encrypt` in its trailer, or in the cross-reference stream's dictionary
    that `startxref` points to) is refused even when it opens without a password (an owner
    password that only forbids printing or copying): its text cannot be checked, and residents
    would be handed a document they may not print.
    """
    if b"%%EOF" not in data[-1024:]:
        raise refused(file_name, "PDF 파일이 끝까지 저장되지 않았거나 손상되었습니다 (끝 표시 %%EOF가 없습니다). "
                                 "PDF를 다시 만들어 올려 주세요")
    if _pdf_encrypted(data):
        raise refused(file_name, "암호가 걸린 PDF 문서입니다. 암호와 보안 설정을 해제한 PDF로 다시 저장해 올려 주세요")
    return PDF


def _pdf_encrypted(data: bytes) -> bool:
    tail = data[-4096:]
    if (at := tail.rfind(b"trailer")) >= 0 and b"/Encrypt" in tail[at:]:
        return True
    offsets = re.findall(rb"startxref\s+(\d+)", tail)
    if offsets and (offset := int(offsets[-1])) < len(data):
        dictionary = data[offset:offset + 4096].split(b"stream", 1)[0]
        return b"/Encrypt" in dictionary
    return False


# --- compound files: HWP 5.0, or an old Office file -----------------------------------------

_OLE_KINDS = (
    ("WordDocument", "예전 Word 97-2003 문서(.doc)", "Word에서 'Word 문서(*.docx)'나 PDF로 저장해 올려 주세요"),
    ("Workbook", "예전 Excel 97-2003 통합 문서(.xls)", "Excel에서 'Excel 통합 문서(*.xlsx)'나 PDF로 저장해 올려 주세요"),
    ("Book", "예전 Excel 5.0/95 통합 문서(.xls)", "Excel에서 'Excel 통합 문서(*.xlsx)'나 PDF로 저장해 올려 주세요"),
    ("PowerPoint Document", "PowerPoint 97-2003 프레젠테이션(.ppt)", "PowerPoint에서 PDF로 저장해 올려 주세요"),
)
#: FileHeader's properties (HWP 5.0 spec, 3.2.1): bit 1, a password to open
_HWP_PASSWORD = 0x2


def _compound_file(data: bytes, file_name: str) -> Kind:
    """HWP 5.0 (a `FileHeader` stream starting "HWP Document File"), else which Office file it is."""
    import olefile  # only for compound files

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:  # bytes alone may be taken for a path
            if ole.get_type("FileHeader") == olefile.STGTY_STREAM:
                header = ole.openstream("FileHeader").read(256)
                if header.startswith(b"HWP Document File"):
                    if len(header) >= 40 and int.from_bytes(header[36:40], "little") & _HWP_PASSWORD:
                        raise refused(file_name, "암호가 걸린 한글 문서입니다. 한글에서 문서 암호를 해제하고 "
                                                 "저장한 뒤 올려 주세요")
                    return HWP
            streams = {"/".join(entry) for entry in ole.listdir()}
    except EvidenceRefused:
        raise
    except MemoryError:
        raise
    except Exception:
        raise refused(file_name, _DAMAGED) from None
    if "EncryptedPackage" in streams:  # an .xlsx/.docx/.hwpx… saved with a password (MS-OFFCRYPTO)
        raise refused(file_name, "암호가 걸린 Office 문서입니다. 암호를 해제하고 저장한 뒤 올려 주세요")
    for stream, what, advice in _OLE_KINDS:
        if stream in streams:
            raise not_accepted(file_name, what, advice)
    raise not_accepted(file_name, "알 수 없는 종류의 OLE 복합 문서")


# --- zips: HWPX, XLSX, DOCX, or another package ----------------------------------------------

_ODF = {
    "application/vnd.oasis.opendocument.text": "OpenDocument 문서(ODT)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument 스프레드시트(ODS)",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument 프레젠테이션(ODP)",
    "application/epub+zip": "전자책(EPUB)",
}
#: parts that name an Office Open XML package we do not accept: (part, what, advice)
_OOXML_REFUSED = (
    ("xl/vbaProject.bin", "매크로가 든 Excel 통합 문서(XLSM)", "매크로 없는 'Excel 통합 문서(*.xlsx)'로 저장해 올려 주세요"),
    ("word/vbaProject.bin", "매크로가 든 Word 문서(DOCM)", "매크로 없는 'Word 문서(*.docx)'로 저장해 올려 주세요"),
    ("xl/workbook.bin", "Excel 바이너리 통합 문서(XLSB)", "'Excel 통합 문서(*.xlsx)'로 저장해 올려 주세요"),
    ("ppt/presentation.xml", "PowerPoint 프레젠테이션(PPTX)", "PowerPoint에서 PDF로 저장해 올려 주세요"),
)


def _zip(data: bytes, file_name: str) -> Kind:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refused(file_name, _DAMAGED) from None
    _check_declared_sizes(members, file_name)
    names = {member.filename for member in members}
    if members and members[0].filename == "mimetype":
        mimetype = _small_part(archive, members[0], 256).strip().decode("ascii", "replace")
        if mimetype == "application/hwp+zip":
            return _hwpx(archive, names, file_name)
        if mimetype in _ODF:
            raise not_accepted(file_name, _ODF[mimetype], "PDF로 저장해 올려 주세요")
    if "[Content_Types].xml" in names:
        return _ooxml(names, file_name)
    if "AndroidManifest.xml" in names and "classes.dex" in names:
        raise not_accepted(file_name, "Android 앱(APK)")
    if "META-INF/MANIFEST.MF" in names:
        raise not_accepted(file_name, "Java 프로그램(JAR)")
    raise not_accepted(file_name, "일반 압축(zip) 파일", _UNZIP)


def _hwpx(archive: zipfile.ZipFile, names: set[str], file_name: str) -> Kind:
    """HWPX (KS X 6101, OWPML): `mimetype` first, the body under `Contents/`."""
    manifest = next((m for m in archive.infolist() if m.filename == "META-INF/manifest.xml"), None)
    if manifest is not None and b"encryption-data" in _small_part(archive, manifest, 1 << 20):
        raise refused(file_name, "암호가 걸린 한글 문서입니다. 한글에서 문서 암호를 해제하고 저장한 뒤 올려 주세요")
    if not any(name.startswith("Contents/") for name in names):
        raise refused(file_name, "본문(Contents)이 없는 손상된 한글(HWPX) 문서입니다. 한글에서 다시 저장해 올려 주세요")
    return HWPX


def _ooxml(names: set[str], file_name: str) -> Kind:
    for part, what, advice in _OOXML_REFUSED:
        if part in names:
            raise not_accepted(file_name, what, advice)
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    raise not_accepted(file_name, "XLSX·DOCX가 아닌 Office 문서", "PDF로 저장해 올려 주세요")


def _small_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` bytes of a part, read only if it declares no more (an empty one if damaged)."""
    if member.file_size > limit:
        return b""
    try:
        with archive.open(member) as stream:
            return stream.read(limit)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error):
        return b""


def _check_declared_sizes(members: list[zipfile.ZipInfo], file_name: str) -> None:
    """loaders/safety.py's limits, from the declared sizes, before any part is inflated."""
    if inflates_too_much(members):
        raise refused(file_name, "압축을 풀면 비정상적으로 커지는 파일이라 열지 않았습니다. "
                                 "원래 프로그램에서 다시 저장해 올려 주세요")


# --- everything else: named, then refused -----------------------------------------------------

#: ISO base media brands (ISO/IEC 23008-12, AV1 image format): a phone's photo in a format we refuse
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_HEIC = ("HEIC(HEIF) 사진", "휴대폰에서 JPEG로 저장하거나(아이폰: 설정 → 카메라 → 포맷 → '높은 호환성') "
                           "JPEG로 바꿔 올려 주세요")
#: filetype's extension → what we call it (the rest: by its group, below)
_NAMES = {
    "gif": "GIF 그림", "bmp": "BMP 그림", "tif": "TIFF 그림", "psd": "포토샵(PSD) 그림",
    "ico": "아이콘(ICO) 그림", "jpx": "JPEG 2000 그림", "jxr": "JPEG XR 그림", "xcf": "GIMP(XCF) 그림",
    "cr2": "카메라 원본(RAW) 사진", "avif": "AVIF 사진", "heic": _HEIC[0], "dwg": "CAD 도면(DWG)",
    "dcm": "의료 영상(DICOM)",
    "zip": "일반 압축(zip) 파일", "tar": "압축(tar) 파일", "rar": "압축(RAR) 파일", "gz": "압축(gzip) 파일",
    "bz2": "압축(bzip2) 파일", "7z": "압축(7z) 파일", "xz": "압축(xz) 파일", "zst": "압축(zstd) 파일",
    "cab": "압축(CAB) 파일", "lz4": "압축(LZ4) 파일", "br": "압축(Brotli) 파일", "Z": "압축(Z) 파일",
    "lz": "압축(lzip) 파일", "lzo": "압축(LZO) 파일", "ar": "압축(ar) 파일",
    "exe": "Windows 실행 파일(EXE)", "elf": "Linux 실행 파일(ELF)", "deb": "설치 패키지(DEB)",
    "rpm": "설치 패키지(RPM)", "crx": "브라우저 확장 프로그램(CRX)", "swf": "플래시(SWF) 파일",
    "wasm": "웹어셈블리(WASM) 프로그램", "nes": "게임 롬(NES) 파일", "sqlite": "데이터베이스(SQLite) 파일",
    "rtf": "서식 있는 텍스트(RTF) 문서", "ps": "포스트스크립트(PS) 문서", "eot": "글꼴(EOT) 파일",
    "pdf": "머리말(%PDF-)이 손상된 PDF 문서",
}
_GROUPS = {"video": "동영상", "audio": "소리", "font": "글꼴", "image": "그림"}
_ADVICE = {
    "rtf": "한글이나 Word에서 HWPX·DOCX나 PDF로 저장해 올려 주세요",
    "ps": "PDF로 저장해 올려 주세요",
}
_ARCHIVES = {"zip", "tar", "rar", "gz", "bz2", "7z", "xz", "zst", "cab", "lz4", "br", "Z", "lz", "lzo", "ar"}
_MACH_O = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")


def _other(data: bytes, file_name: str) -> EvidenceRefused:
    """The refusal of a file of no accepted kind, naming it as exactly as we can."""
    if data.startswith(b"HWP Document File"):
        return not_accepted(file_name, "예전 한글 3.0 문서(.hwp)", "한글에서 HWP나 HWPX로 다시 저장해 올려 주세요")
    if data.startswith(_MACH_O) or (data.startswith(b"\xca\xfe\xba\xbe") and 0 < int.from_bytes(data[4:8]) < 30):
        return not_accepted(file_name, "macOS 실행 파일(Mach-O)")
    if data[4:8] == b"ftyp":
        if data[8:12] in {b"avif", b"avis"}:
            return not_accepted(file_name, "AVIF 사진", _SAVE_AS_PICTURE)
        if data[8:12] in _HEIF_BRANDS:
            return not_accepted(file_name, *_HEIC)
    if (match := filetype.match(data[:8192])) is not None:
        return _named(data, file_name, match)
    if (named := text_kind(data)) is not None:
        return not_accepted(file_name, *named)
    return not_accepted(file_name, "알 수 없는 형식의 파일")


def _named(data: bytes, file_name: str, match: filetype.Type) -> EvidenceRefused:
    extension = match.extension
    group = type(match).__module__.rsplit(".", 1)[-1]
    if extension == "gz":
        inner = _gunzip_head(data)
        if (named := text_kind(inner)) is not None and named[0] == SVG:
            return not_accepted(file_name, "압축된 SVG 그림(SVGZ) 파일", _SAVE_AS_PICTURE)
        if inner[257:262] == b"ustar":
            return not_accepted(file_name, "압축(tar.gz) 파일", _UNZIP)
    if extension == "heic":
        return not_accepted(file_name, *_HEIC)
    what = _NAMES.get(extension) or (
        f"{_GROUPS[group]}({extension.upper()}) 파일" if group in _GROUPS else f"{extension.upper()} 파일")
    if extension in _ARCHIVES:
        advice = _UNZIP
    else:
        advice = _ADVICE.get(extension) or (_SAVE_AS_PICTURE if group == "image" else "")
    return not_accepted(file_name, what, advice)


def _gunzip_head(data: bytes) -> bytes:
    """The first 8 KB a gzip stream inflates to (never more), or nothing if it is damaged."""
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data, 8192)
    except zlib.error:
        return b""
