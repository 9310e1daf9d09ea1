"""A workbook of the template writer (openpyxl) rewritten in the form Excel or LibreOffice saves it.

The template writer puts every text inline in its cell; the programs officials save with do
not. Excel (Korean) keeps texts in the shared-strings part, each item ending with its phonetic
settings, and writes each row's column span and descent; LibreOffice Calc also uses shared
strings, but writes a text that mixes Hangul with other letters as rich text (a run per
script, each with its font), spells every row's flags `true`/`false` and types numbers
`t="n"`. The content stays the same, so a reader must give the same figures from all three.
These forms were taken from files the two programs saved (Excel 2016 Korean, LibreOffice
7.4's "Excel 2007-365" filter); bench/variants.py lists them with the other variants.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, unescape

TRANSITIONAL = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_EXCEL_ROOT = (
    f'<worksheet xmlns="{TRANSITIONAL}" xmlns:r="{_RELATIONSHIPS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
    'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
    'xr:uid="{00000000-0001-0000-0000-000000000000}">'
).encode()
_LIBREOFFICE_ROOT = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{TRANSITIONAL}" '
    f'xmlns:r="{_RELATIONSHIPS}" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
).encode()
_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t(?: xml:space="preserve")?>'
                     rb"([^<]*)</t></is></c>")
_ROW = re.compile(rb'<row r="([0-9]+)"([^>]*)>')
_CHAR_REF = re.compile(rb"&#([0-9]+);")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")
_HANGUL_OR_NOT = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+|[^\uac00-\ud7a3\u3131-\u318e]+")
_KOREAN_FONT = '<rPr><sz val="11"/><rFont val="맑은 고딕"/><family val="2"/><charset val="129"/></rPr>'
_LATIN_FONT = '<rPr><sz val="11"/><color rgb="FF000000"/><rFont val="Calibri"/><family val="2"/></rPr>'


def _text(raw: bytes) -> str:
    return unescape(_CHAR_REF.sub(lambda m: chr(int(m.group(1))).encode(), raw).decode())


def _to_shared(parts: dict[str, bytes], excel: bool) -> list[str]:
    """Every inline text of every sheet made a shared string (in order of first use); numbers
    lose their `t="n"` the way Excel writes them."""
    strings: list[str] = []
    index: dict[str, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        text = _text(match.group(3))
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2) or b"", index[text])

    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = _INLINE.sub(shared, parts[name])
        xml = xml.replace(b' t="n"><v>', b"><v>") if excel else xml
        parts[name] = xml
    return strings


def add_part(parts: dict[str, bytes], name: str, data: bytes, content_type: str, rel_type: str, rel_id: str, *,
             target: str | None = None) -> None:
    """A part added to a workbook package: its bytes, its content type and the workbook's relationship to it
    (`target` as the relationship names it: by default the part's absolute name)."""
    parts[name] = data
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode()
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="{rel_id}" Type="{_RELATIONSHIPS}/{rel_type}" Target="{target or "/" + name}"/>'
        "</Relationships>".encode(),
    )


def _add_strings(parts: dict[str, bytes], items: str, count: int) -> None:
    data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{TRANSITIONAL}" '
            f'count="{count}" uniqueCount="{count}">{items}</sst>').encode()
    add_part(parts, "xl/sharedStrings.xml", data, _STRINGS_TYPE, "sharedStrings", "rId990", target="sharedStrings.xml")


def excel_form(parts: dict[str, bytes]) -> None:
    """As Excel (Korean) saves it: shared strings with phonetic settings, spans and descent on rows."""
    strings = _to_shared(parts, excel=True)
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = parts[name].replace(f'<worksheet xmlns="{TRANSITIONAL}">'.encode(), _EXCEL_ROOT, 1)
        spans = re.search(rb'<dimension ref="[A-Z]+[0-9]+:([A-Z]+)[0-9]+"/>', xml)
        width = _column(spans.group(1)) if spans else 1
        parts[name] = _ROW.sub(
            lambda m, width=width: b'<row r="%s" spans="1:%d"%s x14ac:dyDescent="0.3">'
            % (m.group(1), width, b' hidden="1"' if b'hidden="1"' in m.group(2) else b""),
            xml,
        )
    preserve = ' xml:space="preserve"'
    items = "".join(
        f'<si><t{preserve if s != s.strip() else ""}>{escape(s)}</t><phoneticPr fontId="1" type="noConversion"/></si>'
        for s in strings
    )
    _add_strings(parts, items, len(strings))


def libreoffice_form(parts: dict[str, bytes]) -> None:
    """As LibreOffice Calc saves it: rich-text runs per script, rows with every flag spelled out."""
    strings = _to_shared(parts, excel=False)
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = parts[name].replace(f'<worksheet xmlns="{TRANSITIONAL}">'.encode(), _LIBREOFFICE_ROOT, 1)
        parts[name] = _ROW.sub(
            lambda m: b'<row r="%s" customFormat="false" ht="15" hidden="%s" customHeight="false" '
            b'outlineLevel="0" collapsed="false">' % (m.group(1), b"true" if b'hidden="1"' in m.group(2) else b"false"),
            xml,
        )
    _add_strings(parts, "".join(_libreoffice_item(s) for s in strings), len(strings))


def _libreoffice_item(text: str) -> str:
    pieces = _HANGUL_OR_NOT.findall(text)
    if len(pieces) < 2:
        return f'<si><t xml:space="preserve">{escape(text)}</t></si>'
    runs = "".join(
        f'<r>{_KOREAN_FONT if _HANGUL.match(piece) else _LATIN_FONT}<t xml:space="preserve">{escape(piece)}</t></r>'
        for piece in pieces
    )
    return f"<si>{runs}</si>"


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
