"""What is kept of a photo handed in as 증빙: upright, without metadata, at most 4,096 px, re-encoded.

Why: a phone photo carries where it was taken (GPS), the phone and often its owner in EXIF,
XMP and IPTC; a 현장 사진 published on the residents' site must not say where an official
lives. So the kept photo is decoded and encoded anew in its own format, with nothing but its
pixels and its ICC colour profile: the camera's orientation is applied to the pixels first
(`ImageOps.exif_transpose`), since the tag that said it goes with the rest. Re-encoding also
drops whatever rides behind the image data (a zip or a script glued to a JPEG). Photos longer
than 4,096 px are scaled down (LANCZOS): larger adds bytes to every page, no detail anyone
reads. The thumbnail (320 px on the longer side, JPEG) is made here, once, when the photo is
added; for a JPEG from a reduced decode (`Image.draft`), so a 12-megapixel photo costs a
1/8-scale decode for it.

Bombs: the dimensions are read from the header without decoding (Pillow's plugins open
lazily) and a photo over 50 megapixels is refused naming them; `PIL.Image.MAX_IMAGE_PIXELS`
is set to the same limit so Pillow's own check agrees. A file that passes and still needs
too much memory is stopped by the bounded worker's limit (loaders/bounded.py): this module
is run only there.

Animated PNG and WebP files, and a multi-picture JPEG (MPO) keep their first frame only.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from loaders.evidence_kinds import EvidenceRefused, Kind, refused

MAX_PIXELS = 50_000_000
MAX_SIDE = 4096
THUMB_SIDE = 320
_PLUGINS = {
    "JPEG": JpegImagePlugin.JpegImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
}
#: the modes each format is written in as they are; any other is converted (`_mode_for`)
_KEPT_MODES = {"JPEG": {"L", "RGB"}, "PNG": {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"}, "WEBP": {"RGB", "RGBA"}}
_SAVE = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    # method 2, not Pillow's 4: a 12-megapixel WebP then encodes in ~0.8 s instead of ~1.5 s
    # (bench/evidence_bench.py), for a file a few per cent larger
    "WEBP": {"quality": 85, "method": 2},
}
_FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
_EXIF_IFD, _DATE_TIME_ORIGINAL = 0x8769, 0x9003


@dataclass(frozen=True)
class Photo:
    content: bytes
    width: int
    height: int
    thumbnail: bytes
    thumb_width: int
    thumb_height: int
    taken_on: dt.date | None


def keep_photo(data: bytes, kind: Kind, file_name: str) -> Photo:
    """The photo as kept (see the module's docstring), or `EvidenceRefused`."""
    fmt = kind.pil_format
    assert fmt is not None
    width, height = _declared_size(data, fmt, file_name)
    if width * height > MAX_PIXELS:
        raise refused(file_name, f"사진이 너무 큽니다 ({width:,}×{height:,} 화소). "
                                 f"{MAX_PIXELS // 10_000:,}만 화소 이하로 줄여 올려 주세요")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            taken_on = _taken_on(image.getexif())
            icc = image.info.get("icc_profile")
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no copy of a 50-megapixel image
            upright = image
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _damaged(file_name, fmt) from None
    kept, icc = _for_format(upright, fmt, icc)
    if max(kept.size) > MAX_SIDE:
        kept = kept.resize(_fit(kept.size, MAX_SIDE), Image.Resampling.LANCZOS)
    small = _jpeg_thumbnail(data, kept.size) if fmt == "JPEG" else _thumbnail_of(kept)
    thumbnail = _encode(small, "JPEG", None, quality=80, optimize=True)
    content = _encode(kept, fmt, icc)
    return Photo(content, *kept.size, thumbnail, *small.size, taken_on)


def _declared_size(data: bytes, fmt: str, file_name: str) -> tuple[int, int]:
    """Width and height as the header says, nothing decoded; the plugin class itself is used
    because `Image.open` would stop a bomb with its own English error before we could name it."""
    try:
        with _PLUGINS[fmt](io.BytesIO(data)) as image:
            return image.size
    except MemoryError:
        raise
    except Exception:
        raise _damaged(file_name, fmt) from None


def _damaged(file_name: str, fmt: str) -> EvidenceRefused:
    return refused(file_name, f"사진 파일({_FORMAT_NAMES[fmt]})이 손상되어 열 수 없습니다. "
                              "사진을 다시 저장해 올려 주세요")


def _taken_on(exif: Image.Exif) -> dt.date | None:
    """The day of EXIF DateTimeOriginal ("2024:05:17 14:03:22"), if there is a valid one."""
    try:
        value = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except Exception:  # a damaged EXIF block is no reason to refuse the photo
        return None
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value.strip("\0 ")[:10].replace("-", ":"), "%Y:%m:%d").date()
    except ValueError:  # "0000:00:00", blanks: cameras without a clock
        return None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or (
        image.mode in {"P", "L", "RGB"} and "transparency" in image.info)


def _for_format(image: Image.Image, fmt: str, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """The image in a mode its format writes (and LANCZOS scales), and the profile still true of it.

    CMYK and the like become RGB, or RGBA where they had transparency (a palette or 1-bit
    image too when it is to be scaled: LANCZOS needs whole colours). The colour profile
    stays only where its colour space still holds: a palette's colours are RGB, but a CMYK
    or grey profile on RGB pixels would be wrong.
    """
    mode = image.mode
    if mode in _KEPT_MODES[fmt] and not (mode in {"1", "P"} and max(image.size) > MAX_SIDE):
        return image, icc
    target = "RGBA" if _has_alpha(image) and fmt != "JPEG" else "RGB"
    return image.convert(target), icc if mode == "P" else None


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled so its longer side is `side` (never enlarged)."""
    width, height = size
    if max(width, height) <= side:
        return size
    scale = side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _jpeg_thumbnail(data: bytes, kept_size: tuple[int, int]) -> Image.Image:
    """From a reduced decode of the JPEG (1/2 … 1/8 scale), turned upright, then LANCZOS."""
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
        image.draft("RGB", (THUMB_SIDE, THUMB_SIDE))
        upright = ImageOps.exif_transpose(image.convert("RGB"))
    return upright.resize(_fit(kept_size, THUMB_SIDE), Image.Resampling.LANCZOS)


def _thumbnail_of(image: Image.Image) -> Image.Image:
    """From the kept image; transparency flattened on white (a JPEG has none)."""
    if image.mode not in {"L", "RGB", "RGBA", "LA"} or "transparency" in image.info:
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    small = image.resize(_fit(image.size, THUMB_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if small.mode in {"RGBA", "LA"}:
        rgba = small.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return small.convert("RGB")


def _encode(image: Image.Image, fmt: str, icc: bytes | None, **options: object) -> bytes:
    """The pixels alone, in `fmt`: no EXIF, XMP, IPTC, comment or text chunk; the ICC profile if any.

    Pillow writes some of an image's `info` by itself (a JPEG's comment, a PNG's transparency
    and profile), so `info` is emptied and only what is meant to stay is handed back.
    """
    transparency = image.info.get("transparency") if fmt == "PNG" and image.mode in {"P", "L", "RGB"} else None
    image.info = {}
    settings = {**_SAVE[fmt], **options}
    if icc:
        settings["icc_profile"] = icc
    if transparency is not None:
        settings["transparency"] = transparency
    out = io.BytesIO()
    image.save(out, fmt, **settings)
    return out.getvalue()
