"""Pictures in a 한글 body (`hp:pic`): the card's 증빙 photos, each placed like a character in a table cell.

The element is written in the form python-hwpx's `add_picture` writes it, the form it took from
files 한글 saved (tests/documents/test_hwpx.py compares the two): the shape component first
(offset, orgSz, curSz, flip, rotationInfo, renderingInfo), then the picture's own children
(imgRect, imgClip, inMargin, imgDim, `hc:img` naming the BinData item, effects), then the
object's size and position (`treatAsChar`: it sits in its line and moves with the text) and
an empty comment. The picture is drawn at its full size, uncropped and unscaled (orgSz = curSz,
identity matrices). Its image is a BinData part that `Shapes.picture` (documents/hwpx_parts.py)
puts in the package and content.hpf; the body only names it.

Sizes are HWPUNIT: 7,200 an inch, 283.465 a millimetre.
"""

from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from documents.hwpx_parts import HP

HC = "{http://www.hancom.co.kr/hwpml/2011/core}"
IDENTITY = {"e1": "1", "e2": "0", "e3": "0", "e4": "0", "e5": "1", "e6": "0"}
NO_MARGIN = {"left": "0", "right": "0", "top": "0", "bottom": "0"}
#: a picture at most twice as tall as its cell is wide (an upright strip is narrowed instead), so that
#: no row of photos outgrows the page: a phone's 9:16 photo (1.78) still fills its cell's width
TALLEST = 2.0


class Picture(NamedTuple):
    item: str  # the BinData item's manifest id (Shapes.picture)
    pixels: tuple[int, int]  # the image's width and height in pixels: its proportions
    caption: str  # the line under it


def fit(pixels: tuple[int, int], width: int, tallest: float = TALLEST) -> tuple[int, int]:
    """The picture's size in HWPUNIT: `width` wide and as tall as its proportions make it; one taller
    than `tallest` times `width` is made that tall instead, and as much narrower."""
    across, down = pixels
    height = width * down / across
    if height > width * tallest:
        return max(1, round(width * width * tallest / height)), round(width * tallest)
    return width, max(1, round(height))


def picture(run: etree._Element, item: str, size: tuple[int, int], object_id: str) -> etree._Element:
    """An `hp:pic` of the BinData `item`, `size` (width, height) HWPUNIT, placed as a character in `run`."""
    width, height = size
    w, h = str(width), str(height)
    pic = etree.SubElement(run, f"{HP}pic", {
        "textWrap": "SQUARE", "textFlow": "BOTH_SIDES", "reverse": "0", "id": object_id, "zOrder": "0",
        "numberingType": "PICTURE", "lock": "0", "dropcapstyle": "None", "href": "", "groupLevel": "0",
        "instid": object_id})
    etree.SubElement(pic, f"{HP}offset", x="0", y="0")
    etree.SubElement(pic, f"{HP}orgSz", width=w, height=h)
    etree.SubElement(pic, f"{HP}curSz", width=w, height=h)
    etree.SubElement(pic, f"{HP}flip", horizontal="0", vertical="0")
    etree.SubElement(pic, f"{HP}rotationInfo", angle="0", centerX=str(width // 2), centerY=str(height // 2),
                     rotateimage="1")
    rendering = etree.SubElement(pic, f"{HP}renderingInfo")
    for matrix in ("transMatrix", "scaMatrix", "rotMatrix"):
        etree.SubElement(rendering, f"{HC}{matrix}", IDENTITY)
    rect = etree.SubElement(pic, f"{HP}imgRect")
    for corner, (x, y) in enumerate((("0", "0"), (w, "0"), (w, h), ("0", h))):
        etree.SubElement(rect, f"{HC}pt{corner}", x=x, y=y)
    etree.SubElement(pic, f"{HP}imgClip", left="0", right=w, top="0", bottom=h)
    etree.SubElement(pic, f"{HP}inMargin", NO_MARGIN)
    etree.SubElement(pic, f"{HP}imgDim", dimwidth=w, dimheight=h)
    etree.SubElement(pic, f"{HC}img", binaryItemIDRef=item, bright="0", contrast="0", effect="REAL_PIC", alpha="0")
    etree.SubElement(pic, f"{HP}effects")
    etree.SubElement(pic, f"{HP}sz", width=w, height=h, widthRelTo="ABSOLUTE", heightRelTo="ABSOLUTE", protect="0")
    etree.SubElement(pic, f"{HP}pos", treatAsChar="1", affectLSpacing="0", flowWithText="1", allowOverlap="0",
                     holdAnchorAndSO="0", vertRelTo="PARA", horzRelTo="COLUMN", vertAlign="TOP",
                     horzAlign="LEFT", vertOffset="0", horzOffset="0")
    etree.SubElement(pic, f"{HP}outMargin", NO_MARGIN)
    etree.SubElement(pic, f"{HP}shapeComment")
    return pic


__all__ = ["Picture", "fit", "picture"]
