"""증빙 files (issue 29): judged by content, refused in Korean naming what they are; photos kept
upright, without metadata, at most 4,096 px, with a thumbnail. Every file is built here.

Most tests call `inspect_evidence` in this process for the exact message or fields; the
hostile ones also go through the bounded worker, where it is meant to run, and a decompression
bomb is shown refused both ways: by its declared size, and by the worker's memory limit.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import random
import struct
import tarfile
import zipfile
import zlib

import openpyxl
import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image, ImageCms, PngImagePlugin

from loaders.bounded import BoundedRefusal, Limits, run_bounded
from loaders.evidence import EvidenceFile, EvidenceRefused, inspect_evidence
from tests.loaders.test_refusals import _compound_file

ACCEPTED = "증빙으로 올릴 수 있는 파일은 사진(JPEG, PNG, WebP)과 문서(PDF, HWP, HWPX, XLSX, DOCX)입니다"
TARGET = "loaders.evidence:inspect_evidence"
#: the worker's own address space is ~175 MB: this leaves ~125 MB, less than a 49-megapixel RGBA needs
SMALL = Limits(memory_mb=300, seconds=30)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description GPSLatitude="37,33.99N"/></x:xmpmeta>'
GPS = {1: "N", 2: (37.0, 33.0, 59.5), 3: "E", 4: (126.0, 58.0, 41.0)}


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(EvidenceRefused) as refused:
        inspect_evidence(data, name)
    return str(refused.value)


def _exif(orientation: int = 1, taken: str = "2024:05:17 14:03:22") -> Image.Exif:
    """What a phone writes: orientation, device, owner, when, and where (GPS IFD)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F], exif[0x0110], exif[0x013B] = "Samsung", "SM-S918N", "홍길동"
    exif[0x8825] = dict(GPS)
    exif[0x8769] = {0x9003: taken}
    return exif


def _photo(size: tuple[int, int], fmt: str = "JPEG", mode: str = "RGB", **save: object) -> bytes:
    """A gradient (so a resize has something to do) saved as `fmt` with `save`'s options."""
    image = Image.linear_gradient("L").resize(size).convert(mode)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def _halves(size: tuple[int, int], fmt: str, **save: object) -> bytes:
    """Left half red, right half blue: where red ends up shows how the photo was turned."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def _opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_declaring(width: int, height: int, rows: int = 1) -> bytes:
    """A PNG whose IHDR declares `width`×`height` RGBA, with `rows` rows of zeros (compressed as
    they are made: the file stays small, whatever it declares)."""
    packer = zlib.compressobj(9)
    row = bytes(1 + width * 4)
    idat = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def _zip(parts: dict[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body, zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _hwpx(**extra: bytes) -> bytes:
    """An HWPX package as 한글 writes it: `mimetype` first and stored, then the parts."""
    return _zip({"mimetype": b"application/hwp+zip", "version.xml": b"<version/>",
                 "META-INF/container.xml": b"<container/>", "Contents/header.xml": b"<head/>",
                 "Contents/section0.xml": b"<sec/>", **extra}, stored=("mimetype",))


def _hwp(properties: int = 0) -> bytes:
    """An HWP 5.0 compound file: its FileHeader (signature, version 5.1.0.0, properties)."""
    header = b"HWP Document File".ljust(32, b"\0") + bytes([0, 0, 1, 5]) + struct.pack("<I", properties)
    return _compound_file("FileHeader", header.ljust(4096, b"\0"))


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Completion inspection")
    return bytes(pdf.output())


# --- photos: what is kept ------------------------------------------------------------------


def test_a_phone_photo_loses_every_metadata_and_is_turned_upright():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    app13 = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0a\x1c\x02\x50\x00\x06Hong G"
    data = _photo((800, 600), exif=_exif(orientation=6), xmp=XMP, comment="owner 홍길동", icc_profile=icc,
                  extra=b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13)
    assert _opened(data).getexif().get_ifd(0x8825) == GPS  # the test photo does carry a location

    kept = inspect_evidence(data, "현장.jpg")

    assert (kept.kind, kept.media_type, kept.extension) == ("사진", "image/jpeg", ".jpg")
    image = _opened(kept.content)
    assert len(image.getexif()) == 0
    assert not {"exif", "xmp", "comment", "photoshop"} & set(image.info)
    for mark in (b"Exif\0\0", b"http://ns.adobe.com/xap", b"xmpmeta", b"Photoshop 3.0", "홍길동".encode(), b"Samsung"):
        assert mark not in kept.content
    assert image.info["icc_profile"] == icc  # the colours' meaning stays
    assert (kept.width, kept.height, image.size) == (600, 800, (600, 800))
    assert (kept.thumb_width, kept.thumb_height, _opened(kept.thumbnail).size) == (240, 320, (240, 320))
    assert b"Exif\0\0" not in kept.thumbnail
    assert kept.taken_on == dt.date(2024, 5, 17)


def test_orientation_6_turns_a_4_by_2_photo_into_2_by_4():
    kept = inspect_evidence(_photo((4, 2), exif=_exif(orientation=6)), "a.jpg")
    assert (kept.width, kept.height) == (2, 4)
    assert _opened(kept.content).size == (2, 4)


def test_orientation_is_applied_to_the_pixels():
    """Orientation 6 says: turn 90° clockwise to view. The left (red) half then is on top."""
    kept = inspect_evidence(_halves((40, 20), "PNG", exif=_exif(orientation=6)), "a.png")
    image = _opened(kept.content).convert("RGB")
    assert image.size == (20, 40)
    assert image.getpixel((10, 5)) == (255, 0, 0)
    assert image.getpixel((10, 35)) == (0, 0, 255)


@pytest.mark.parametrize(("fmt", "extension", "media_type"), [("PNG", ".png", "image/png"),
                                                              ("WEBP", ".webp", "image/webp")])
def test_png_and_webp_lose_exif_xmp_and_text(fmt, extension, media_type):
    options: dict[str, object] = {"exif": _exif(orientation=8), "xmp": XMP}
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "홍길동", zip=False)
        options = {"exif": _exif(orientation=8), "pnginfo": text}
    data = _photo((300, 200), fmt, **options)
    assert _opened(data).getexif().get_ifd(0x8825) == GPS

    kept = inspect_evidence(data, f"사진{extension}")

    image = _opened(kept.content)
    assert (kept.media_type, kept.extension, image.format) == (media_type, extension, fmt)
    assert len(image.getexif()) == 0 and not {"exif", "xmp", "Author", "XML:com.adobe.xmp"} & set(image.info)
    assert b"Exif" not in kept.content and b"xmpmeta" not in kept.content
    assert image.size == (kept.width, kept.height) == (200, 300)  # orientation 8: a quarter turn
    assert kept.taken_on == dt.date(2024, 5, 17)


def test_a_large_photo_is_scaled_to_4096_and_its_thumbnail_to_320():
    kept = inspect_evidence(_photo((6000, 4000), quality=80), "큰사진.jpg")
    assert (kept.width, kept.height) == (4096, 2731)
    assert _opened(kept.content).size == (4096, 2731)
    assert (kept.thumb_width, kept.thumb_height) == (320, 213)
    thumbnail = _opened(kept.thumbnail)
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (320, 213))


def test_a_small_photo_is_not_enlarged_and_has_no_date_without_exif():
    kept = inspect_evidence(_photo((200, 100), "PNG"), "작은.png")
    assert (kept.width, kept.height, kept.thumb_width, kept.thumb_height) == (200, 100, 200, 100)
    assert kept.taken_on is None


def test_a_camera_without_a_clock_gives_no_date():
    kept = inspect_evidence(_photo((20, 10), exif=_exif(taken="0000:00:00 00:00:00")), "a.jpg")
    assert kept.taken_on is None


def test_the_kind_comes_from_the_content_not_the_name():
    kept = inspect_evidence(_photo((30, 20)), "사진.png")
    assert (kept.media_type, kept.extension) == ("image/jpeg", ".jpg")


def test_modes_are_converted_for_their_format():
    """CMYK JPEG → RGB; a transparent palette PNG stays a palette with its transparency, its
    thumbnail flattened on white; an RGBA WebP keeps its alpha."""
    cmyk = inspect_evidence(_photo((40, 30), mode="CMYK"), "인쇄.jpg")
    assert _opened(cmyk.content).mode == "RGB"
    clear = Image.new("P", (40, 30), 0)
    clear.putpalette([0, 0, 0, 255, 0, 0])
    out = io.BytesIO()
    clear.save(out, "PNG", transparency=0)
    palette = inspect_evidence(out.getvalue(), "투명.png")
    image = _opened(palette.content)
    assert (image.mode, image.info["transparency"]) == ("P", 0)
    assert _opened(palette.thumbnail).getpixel((5, 5)) == (255, 255, 255)
    see_through = Image.new("RGBA", (40, 30), "red")
    see_through.putalpha(Image.linear_gradient("L").resize((40, 30)))
    out = io.BytesIO()
    see_through.save(out, "WEBP")
    webp = _opened(inspect_evidence(out.getvalue(), "a.webp").content)
    assert webp.mode == "RGBA" and webp.getpixel((20, 0))[3] < 20


@pytest.mark.parametrize(("fmt", "kept_as"), [("PNG", "PNG"), ("WEBP", "WEBP"), ("MPO", "JPEG")])
def test_an_animation_or_a_multi_picture_jpeg_keeps_its_first_frame(fmt, kept_as):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue", "green")]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=100, lossless=True)
    assert Image.open(io.BytesIO(out.getvalue())).n_frames == 3
    kept = _opened(inspect_evidence(out.getvalue(), "움짤.jpg").content)
    assert (kept.format, getattr(kept, "n_frames", 1)) == (kept_as, 1)
    assert kept.convert("RGB").getpixel((10, 10))[0] > 200


def test_a_16_bit_grey_png_stays_16_bit_when_scaled():
    kept = inspect_evidence(_photo((5000, 300), "PNG", mode="I;16"), "스캔.png")
    image = _opened(kept.content)
    assert (image.mode, image.size, kept.thumb_width, kept.thumb_height) == ("I;16", (4096, 246), 320, 19)


def test_a_damaged_photo_is_named_so():
    cut = _photo((400, 300), quality=95)
    assert _refusal(cut[: len(cut) // 2], "잘림.jpg") == (
        "잘림.jpg: 사진 파일(JPEG)이 손상되어 열 수 없습니다. 사진을 다시 저장해 올려 주세요")
    assert _refusal(b"\x89PNG\r\n\x1a\n" + bytes(50), "a.png") == (
        "a.png: 사진 파일(PNG)이 손상되어 열 수 없습니다. 사진을 다시 저장해 올려 주세요")


# --- documents: accepted by their structure -------------------------------------------------


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize(("make", "name", "media_type", "extension"), [
    (_pdf, "준공검사.pdf", "application/pdf", ".pdf"),
    (lambda: b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "a.pdf",
     "application/pdf", ".pdf"),
    (_hwp, "고시문.hwp", "application/x-hwp", ".hwp"),
    (_hwpx, "보도자료.hwpx", "application/hwp+zip", ".hwpx"),
    (_xlsx, "계약.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    (lambda: _zip(DOCX_PARTS), "계약서.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    (_hwpx, "이름만다름.pdf", "application/hwp+zip", ".hwpx"),
])
def test_documents_are_kept_as_they_came(make, name, media_type, extension):
    data = make()
    assert inspect_evidence(data, name) == EvidenceFile("문서", media_type, extension, data)


def test_a_pdf_without_its_end_or_with_a_password_is_refused():
    assert _refusal(_pdf()[:-200], "잘림.pdf") == (
        "잘림.pdf: PDF 파일이 끝까지 저장되지 않았거나 손상되었습니다 (끝 표시 %%EOF가 없습니다). "
        "PDF를 다시 만들어 올려 주세요")
    locked = "암호.pdf: 암호가 걸린 PDF 문서입니다. 암호와 보안 설정을 해제한 PDF로 다시 저장해 올려 주세요"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_encryption(owner_password="owner", encryption_method=EncryptionMethod.AES_128)
    assert _refusal(bytes(pdf.output()), "암호.pdf") == locked
    xref_stream = b"1 0 obj<</Type/XRef/Size 3/Encrypt 2 0 R/W[1 1 1]/Length 0>>stream\nendstream\nendobj\n"
    assert _refusal(b"%PDF-1.5\n" + xref_stream + b"startxref\n9\n%%EOF\n", "암호.pdf") == locked


def test_a_password_hwp_or_hwpx_is_refused():
    message = "잠금.hwp: 암호가 걸린 한글 문서입니다. 한글에서 문서 암호를 해제하고 저장한 뒤 올려 주세요"
    assert _refusal(_hwp(properties=0x2), "잠금.hwp") == message
    manifest = b"<manifest><file-entry><encryption-data/></file-entry></manifest>"
    assert _refusal(_hwpx(**{"META-INF/manifest.xml": manifest}), "잠금.hwp") == message


# --- refused, naming what the file is ------------------------------------------------------


def _tar() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        archive.addfile(info, io.BytesIO(b""))
    return out.getvalue()


def _picture(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, fmt)
    return out.getvalue()


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html>\n<html><head><title>report</title></head><body><script>x()</script></body></html>"
ZIP_ADVICE = "압축을 풀어 안의 파일을 하나씩 올려 주세요"
PICTURE_ADVICE = "JPEG나 PNG로 저장해 올려 주세요"
OLD_EXCEL = "Excel에서 'Excel 통합 문서(*.xlsx)'나 PDF로 저장해 올려 주세요"
HOSTILE = [
    (SVG, "사진.png", "이름은 .png 파일이지만 실제로는 SVG 그림 파일입니다. PNG나 JPEG로 저장해 올려 주세요"),
    (SVG, "그림.svg", "SVG 그림 파일입니다. PNG나 JPEG로 저장해 올려 주세요"),
    (gzip.compress(SVG), "그림.svgz", f"압축된 SVG 그림(SVGZ) 파일입니다. {PICTURE_ADVICE}"),
    (HTML, "보도자료.pdf", "이름은 .pdf 파일이지만 실제로는 HTML 웹 페이지입니다. "
                       "웹 페이지는 브라우저의 'PDF로 저장'(인쇄)으로 PDF를 만들어 올려 주세요"),
    (b"<script>fetch('/x')</script>", "a.jpg", "이름은 .jpg 파일이지만 실제로는 스크립트가 든 HTML 웹 페이지입니다"),
    (b'<?xml version="1.0"?><root><a/></root>', "자료.xml", "XML 파일입니다"),
    (b"#!/bin/sh\nrm -rf ~\n", "a.hwp", "이름은 .hwp 파일이지만 실제로는 실행 스크립트(sh)입니다"),
    (b"#!/usr/bin/env python3\nprint(1)\n", "run", "실행 스크립트(python3)입니다"),
    (b"function go() {\n  document.location = 'x';\n}\n", "a.js", "자바스크립트 파일입니다"),
    (b'Set shell = CreateObject("WScript.Shell")\nshell.Run "calc"\n', "a.vbs", "VBScript 스크립트입니다"),
    (b"$c = New-Object Net.WebClient\nInvoke-Expression $c\n", "a.ps1", "PowerShell 스크립트입니다"),
    (b"@echo off\r\ndel /q %~dp0*.*\r\n", "a.bat", "Windows 배치 파일(BAT·CMD)입니다"),
    ("공약 이행 사진 설명\n2024년 5월\n".encode(), "설명.txt",
     "텍스트 파일입니다. 한글이나 Word에서 HWPX·DOCX나 PDF로 저장해 올려 주세요"),
    (b"MZ\x90\x00\x03" + bytes(200), "setup.pdf", "이름은 .pdf 파일이지만 실제로는 Windows 실행 파일(EXE)입니다"),
    (b"\x7fELF\x02\x01\x01" + bytes(200), "a.bin", "Linux 실행 파일(ELF)입니다"),
    (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(200), "a.app", "macOS 실행 파일(Mach-O)입니다"),
    (_zip({"사진1.jpg": b"x", "사진2.jpg": b"y"}), "결과.hwpx",
     f"이름은 .hwpx 파일이지만 실제로는 일반 압축(zip) 파일입니다. {ZIP_ADVICE}"),
    (b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(200), "a.7z", f"압축(7z) 파일입니다. {ZIP_ADVICE}"),
    (b"Rar!\x1a\x07\x01\x00" + bytes(200), "a.rar", f"압축(RAR) 파일입니다. {ZIP_ADVICE}"),
    (gzip.compress(b"plain words"), "a.gz", f"압축(gzip) 파일입니다. {ZIP_ADVICE}"),
    (gzip.compress(_tar()), "a.tgz", f"압축(tar.gz) 파일입니다. {ZIP_ADVICE}"),
    (_tar(), "a.tar", f"압축(tar) 파일입니다. {ZIP_ADVICE}"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(100), "IMG_0001.HEIC",
     "HEIC(HEIF) 사진입니다. 휴대폰에서 JPEG로 저장하거나(아이폰: 설정 → 카메라 → 포맷 → '높은 호환성') "
     "JPEG로 바꿔 올려 주세요"),
    (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heix" + bytes(100), "a.heif",
     "HEIC(HEIF) 사진입니다. 휴대폰에서 JPEG로 저장하거나(아이폰: 설정 → 카메라 → 포맷 → '높은 호환성') "
     "JPEG로 바꿔 올려 주세요"),
    (_picture("GIF"), "a.gif", f"GIF 그림입니다. {PICTURE_ADVICE}"),
    (_picture("BMP"), "a.jpg", f"이름은 .jpg 파일이지만 실제로는 BMP 그림입니다. {PICTURE_ADVICE}"),
    (_picture("TIFF"), "스캔.tif", f"TIFF 그림입니다. {PICTURE_ADVICE}"),
    (_compound_file("WordDocument", bytes(4096)), "계약서.doc",
     "예전 Word 97-2003 문서(.doc)입니다. Word에서 'Word 문서(*.docx)'나 PDF로 저장해 올려 주세요"),
    (_compound_file("Workbook", bytes(4096)), "a.xls", f"예전 Excel 97-2003 통합 문서(.xls)입니다. {OLD_EXCEL}"),
    (_compound_file("PowerPoint Document", bytes(4096)), "a.ppt",
     "PowerPoint 97-2003 프레젠테이션(.ppt)입니다. PowerPoint에서 PDF로 저장해 올려 주세요"),
    (_zip({**DOCX_PARTS, "word/vbaProject.bin": b"x"}), "a.docx",
     "이름은 .docx 파일이지만 실제로는 매크로가 든 Word 문서(DOCM)입니다. 매크로 없는 'Word 문서(*.docx)'로 저장해 올려 주세요"),
    (_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), "발표.pptx",
     "PowerPoint 프레젠테이션(PPTX)입니다. PowerPoint에서 PDF로 저장해 올려 주세요"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, ("mimetype",)),
     "a.odt", "OpenDocument 문서(ODT)입니다. PDF로 저장해 올려 주세요"),
    (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + bytes(100), "현장.mp4", "동영상(MP4) 파일입니다"),
    (random.Random(29).randbytes(4096), "a.jpg", "이름은 .jpg 파일이지만 실제로는 알 수 없는 형식의 파일입니다"),
]


@pytest.mark.parametrize(("data", "name", "said"), HOSTILE, ids=[f"{i}-{h[1]}" for i, h in enumerate(HOSTILE)])
def test_refused_naming_what_it_is(data, name, said):
    assert _refusal(data, name) == f"{name}: {said}. {ACCEPTED}"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "빈.jpg", "빈.jpg: 빈 파일입니다 (0바이트). 올리려던 파일을 다시 선택해 주세요"),
    (b"SCDSA004" + bytes(100), "보안.hwp", "보안.hwp: 문서보안(DRM)이 적용된 파일입니다 (SoftCamp Document Security). "
     "이 파일은 암호화되어 있어 읽을 수 없습니다. 문서보안 프로그램에서 보안을 해제한 뒤 올려 주세요"),
    (_compound_file("EncryptedPackage", bytes(4096)), "잠금.docx",
     "잠금.docx: 암호가 걸린 Office 문서입니다. 암호를 해제하고 저장한 뒤 올려 주세요"),
    (_hwpx()[:-30], "잘림.hwpx", "잘림.hwpx: 파일이 손상되었거나 끝까지 저장되지 않았습니다. 원래 프로그램에서 다시 저장해 올려 주세요"),
    (_zip({"mimetype": b"application/hwp+zip", "version.xml": b"<v/>"}, ("mimetype",)), "빈본문.hwpx",
     "빈본문.hwpx: 본문(Contents)이 없는 손상된 한글(HWPX) 문서입니다. 한글에서 다시 저장해 올려 주세요"),
])
def test_refused_for_what_is_wrong_with_it(data, name, message):
    assert _refusal(data, name) == message


def test_a_zip_bomb_is_refused_from_its_declared_sizes():
    bomb = _hwpx(**{"Contents/section1.xml": bytes(6 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert _refusal(bomb, "폭탄.hwpx") == (
        "폭탄.hwpx: 압축을 풀면 비정상적으로 커지는 파일이라 열지 않았습니다. 원래 프로그램에서 다시 저장해 올려 주세요")


def test_20_megabytes_a_file():
    limit = 20 * 1024 * 1024
    pdf = b"%PDF-1.4\n" + bytes(limit - 16) + b"\n%%EOF\n"
    assert len(pdf) == limit and inspect_evidence(pdf, "큰.pdf").media_type == "application/pdf"
    assert _refusal(pdf + b" ", "큰.pdf") == (
        "큰.pdf: 파일이 너무 큽니다 (20.1MB). 증빙 파일은 한 개에 20MB까지 올릴 수 있습니다")
    assert _refusal(SVG + bytes(limit), "큰.svg").startswith("큰.svg: 파일이 너무 큽니다")  # size before kind


# --- decompression bombs and the bounded worker ----------------------------------------------


def test_a_png_bomb_is_refused_by_its_declared_size():
    bomb = _png_declaring(100_000, 100_000)
    assert len(bomb) < 1000
    message = "폭탄.png: 사진이 너무 큽니다 (100,000×100,000 화소). 5,000만 화소 이하로 줄여 올려 주세요"
    assert _refusal(bomb, "폭탄.png") == message
    assert Image.MAX_IMAGE_PIXELS == 50_000_000  # Pillow's own check agrees
    with pytest.raises(EvidenceRefused) as refused:  # in a worker too small to decode even a tenth of it
        run_bounded(TARGET, bomb, "폭탄.png", limits=SMALL)
    assert str(refused.value) == message


def _jpeg_declaring(width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF0) declares `width`×`height`, with next to no scan data."""
    tables = b"\xff\xdb" + struct.pack(">HB", 67, 0) + bytes([1] * 64)
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + bytes([1, 0x11, 0])
    huffman = b"\xff\xc4" + struct.pack(">HB", 20, 0) + bytes([1] + [0] * 15) + b"\x00"
    scan = b"\xff\xda" + struct.pack(">HB", 8, 1) + bytes([1, 0, 0, 63, 0])
    return b"\xff\xd8" + tables + frame + huffman + scan + bytes(100) + b"\xff\xd9"


#: a lossless WebP of 8,000×6,500 red pixels, 36 bytes: written by Pillow 13 as
#: Image.new("RGB", (8000, 6500), "red").save(out, "WEBP", lossless=True, method=0)
RED_WEBP = bytes.fromhex("524946461c000000574542505650384c0f0000002f3fdf58060710fd8ffe0722a2ff0100")


@pytest.mark.parametrize(("data", "size"), [
    (_png_declaring(7072, 7072), "7,072×7,072"),  # just over 50 megapixels
    (_jpeg_declaring(60_000, 60_000), "60,000×60,000"),
    (RED_WEBP, "8,000×6,500"),
])
def test_over_50_megapixels_is_refused_naming_the_size(data, size):
    assert _refusal(data, "a.jpg") == f"a.jpg: 사진이 너무 큽니다 ({size} 화소). 5,000만 화소 이하로 줄여 올려 주세요"


def test_a_bomb_within_the_pixel_limit_is_stopped_by_the_worker_memory_limit():
    """49 megapixels of RGBA (196 MB decoded) from a file of 200 KB: allowed by the pixel limit,
    stopped by the worker's; the pool then serves the next photo."""
    bomb = _png_declaring(7000, 7000, rows=7000)
    assert len(bomb) < 300_000
    with pytest.raises(BoundedRefusal) as refused:
        run_bounded(TARGET, bomb, "큰그림.png", limits=SMALL)
    assert refused.value.kind == "memory"
    kept = run_bounded(TARGET, _photo((640, 480), exif=_exif()), "현장.jpg", limits=SMALL)
    assert isinstance(kept, EvidenceFile) and (kept.width, kept.thumb_width) == (640, 320)


def test_hostile_files_in_the_worker_are_refused_and_the_pool_still_serves():
    for data, name, said in HOSTILE[:5] + HOSTILE[13:17]:
        with pytest.raises(EvidenceRefused) as refused:
            run_bounded(TARGET, data, name)
        assert str(refused.value) == f"{name}: {said}. {ACCEPTED}"
    kept = run_bounded(TARGET, _photo((1200, 900), exif=_exif(orientation=6)), "현장.jpg")
    assert (kept.width, kept.height, kept.taken_on) == (900, 1200, dt.date(2024, 5, 17))
    assert len(_opened(kept.content).getexif()) == 0
