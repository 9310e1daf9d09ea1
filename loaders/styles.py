"""What the loader needs from styles.xml: per cell style, is it shading, a percent, a date.

Only three facts of a cell's style matter to the sheet readers, so the style
part is boiled down to one small record per `cellXfs` entry, judged once per
style rather than once per cell. The rules are the ones officials rely on:

* shading (추진일정 Gantt bars): any pattern fill other than `none` is shading
  unless its foreground colour is white — rgb FFFFFF, theme 0 without tint, or
  indexed 9/64 (white, system background). A gradient counts when one of its
  stops is not white.
* a number format with `%` makes 0.2 read as 20 (이행률, 목표).
* a date format turns a serial number into a `datetime`, exactly as openpyxl
  did, so 기준일 and 일자 typed as Excel dates keep reading the same.

An unusual but well-formed style part (no cellXfs, fills without patterns,
colours out of the palette) must never make a workbook "damaged": anything
missing simply means "no shading, no format".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from loaders.excel_serials import BUILTIN_FORMATS, is_date_format, is_timedelta_format

#: fill colours that are not shading (white, with or without alpha)
_WHITE = {"FFFFFFFF", "00FFFFFF", "FFFFFF"}


@dataclass(frozen=True)
class CellStyle:
    shaded: bool = False
    #: the number format when it holds `%` (the only formats the readers look at)
    percent: str | None = None
    date: bool = False
    timedelta: bool = False


PLAIN = CellStyle()


@dataclass
class Styles:
    #: indexed by a cell's `s` attribute (its cellXfs position)
    cells: list[CellStyle] = field(default_factory=list)

    def of(self, index: int) -> CellStyle:
        if 0 <= index < len(self.cells):
            return self.cells[index]
        return PLAIN  # Excel shows such a cell unstyled; so do we


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _color_is_shading(color: etree._Element | None) -> bool:
    """The foreground colour of a fill: white and 'background' are not a mark, anything else is."""
    if color is None:
        return True  # openpyxl's (and Excel's) default foreground is black
    indexed, theme = color.get("indexed"), color.get("theme")
    if indexed is not None:
        return _int(indexed, -1) not in (9, 64)
    if theme is not None:
        return not (_int(theme, -1) == 0 and not _float(color.get("tint")))
    if color.get("auto") is not None:
        return False
    rgb = color.get("rgb", "00000000")
    return rgb.upper() not in _WHITE


def _fill_is_shading(fill: etree._Element) -> bool:
    for child in fill:
        kind = _local(child.tag)
        if kind == "patternFill":
            pattern = child.get("patternType")
            if pattern in (None, "none"):
                return False
            fg = next((c for c in child if _local(c.tag) == "fgColor"), None)
            return _color_is_shading(fg)
        if kind == "gradientFill":
            stops = [c for stop in child for c in stop if _local(c.tag) == "color"]
            return any(_color_is_shading(c) for c in stops)
    return False


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _float(text: str | None) -> float:
    try:
        return float(text) if text is not None else 0.0
    except ValueError:
        return 0.0


def read_styles(stream: object | None) -> Styles:
    """Parse a styles part (a file object), or nothing when the workbook has none."""
    if stream is None:
        return Styles()
    formats: dict[int, str] = {}
    fills: list[bool] = []
    xfs: list[tuple[int, int]] = []
    for _, element in etree.iterparse(stream, events=("end",), huge_tree=False, resolve_entities=False):
        name = _local(element.tag)
        parent = element.getparent()
        where = _local(parent.tag) if parent is not None else ""
        if name == "numFmt" and where == "numFmts":
            code = element.get("formatCode")
            if code is not None:
                formats[_int(element.get("numFmtId"), -1)] = code
        elif name == "fill" and where == "fills":
            fills.append(_fill_is_shading(element))
            element.clear()
        elif name == "xf" and where == "cellXfs":
            xfs.append((_int(element.get("fillId"), 0), _int(element.get("numFmtId"), 0)))
            element.clear()
        elif name in ("cellStyleXfs", "dxfs", "cellStyles", "colors", "fonts", "borders", "extLst"):
            element.clear()  # nothing of these is needed; keep memory flat
    return Styles([_cell_style(fill, fmt, fills, formats) for fill, fmt in xfs])


def _cell_style(fill_id: int, format_id: int, fills: list[bool], formats: dict[int, str]) -> CellStyle:
    # fill 0 is the reserved "no fill" of every workbook; the old reader skipped it too
    shaded = bool(fill_id) and 0 <= fill_id < len(fills) and fills[fill_id]
    code = formats[format_id] if format_id in formats else BUILTIN_FORMATS.get(format_id)
    percent = code if format_id and code and "%" in code else None
    style = CellStyle(shaded, percent, is_date_format(code), is_timedelta_format(code))
    return PLAIN if style == PLAIN else style
