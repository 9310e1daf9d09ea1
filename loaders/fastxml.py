"""A byte-level reading of a sheet part's `<sheetData>`, for the parts simple enough to be sure of.

lxml builds an element for every `<c>`, `<v>`, `<is>` and `<t>` of a sheet, and
that alone costs more than the rest of the grid step. Excel, openpyxl and
LibreOffice write `<sheetData>` in one narrow, regular form, so for such a part
the cells are taken straight from the bytes by one compiled pattern
(`TOKEN`), and only the rest of the part (`<mergeCell>`, conditional formats,
everything outside `<sheetData>`) goes through lxml as before.

The fast reading must give exactly what lxml gives, or not be used. It is used
only when the part can be vouched for as a whole:

* UTF-8 with at most the usual XML declaration, no DOCTYPE, comment, CDATA
  section or processing instruction anywhere (`envelope`), a root `<worksheet>`
  whose default namespace is SpreadsheetML (transitional or Strict), and no
  other namespace declaration before `<sheetData>`;
* `<sheetData>` holding nothing but whitespace, `<row>` elements and, inside
  them, `<c>` elements of the written form: `r`, `s`, `t` (`cm`, `vm`, `ph`)
  in that order with double quotes, and either nothing, an inline string
  `<is><t>…</t></is>`, or an optional `<f>` followed by an optional `<v>`;
  every byte is accounted for (a gap is an unknown form);
* no control character anywhere in the part; text without carriage returns,
  `]]>` or the non-characters U+FFFE/U+FFFF, valid UTF-8, and `&` only as one
  of the five predefined entities or a character reference to an XML character;
* no `<row>` outside `<sheetData>`, no row numbered 0, row attributes ASCII,
  unique and of declared prefixes; every cell inside a row, its reference
  inside the sheet (lxml's reading says what is wrong with one outside).

Anything else raises `Unsure`, and the caller reads the part with lxml from the
start, so an unusual file reads exactly as it always did.
"""

from __future__ import annotations

import re
from operator import itemgetter

MAIN = (
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
)


class Unsure(Exception):
    """The part is not one the byte reading can vouch for: read it with lxml."""


# ---- the cells -------------------------------------------------------------------------------

#: character data: no markup (`&` checked on decoding; control characters refused by `envelope`)
TEXT = rb"[^<]*+"
#: the characters XML 1.0 allows nowhere, not even as text (tab, line feed and return aside)
_CONTROL = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
#: attributes of a row or formula: ASCII names and values, double quotes, `&` never
_ATTRS = rb"(?:[ \t\n]++[A-Za-z_][\w.-]*+(?::[A-Za-z_][\w.-]*+|)=\"[ !#-%'-;=-~]*+\")*+"
_ROW_TAG = rb"<row" + _ATTRS + rb"[ \t\n]*+/?>"
#: whitespace and row tags between two cells (a row's end, the next row's start)
_BETWEEN = rb"((?:[ \t\n]|</row>|" + _ROW_TAG + rb")*+)"
#: a formula and the value saved with it, both optional parts in one (formulas are few)
_FORMULA = rb"<f" + _ATTRS + rb"(?>/>|>" + TEXT + rb"</f>)(?><v/>|<v>" + TEXT + rb"</v>|)"
#: (each optional attribute an alternation with nothing, not `(…)?+`: a possessive repeat around a
#: group makes the engine save the marks of every group at each cell, 7 % of the matching's work)
_CELL = (
    rb'<c r="([A-Z]{1,3}+)([0-9]{1,7}+)"(?: s="([0-9]{1,10}+)"|)(?: t="([A-Za-z]{1,9}+)"|)'
    rb'(?: cm="[0-9]{1,9}+"|)(?: vm="[0-9]{1,9}+"|)(?: ph="[01]"|)'
    rb"(?>/>|>(?><v>(" + TEXT + rb")</v>|<is><t(?: xml:space=\"preserve\")?+>(" + TEXT + rb")</t></is>"
    rb"|<is><t/></is>|(" + _FORMULA + rb")|<v/>|)</c>)"
)
#: one cell with the row tags before it, or one byte no cell form accounts for (the last group);
#: most cells follow another directly, which the look-ahead sees without entering the row tags' loop
TOKEN = re.compile(rb"(?:(?=<c )|" + _BETWEEN + rb")" + _CELL + rb"|(.)", re.S)
CELL = re.compile(_CELL)
_JUNK = itemgetter(8)
#: what may follow the last cell: whitespace and row tags only
_TAIL = re.compile(rb"(?:[ \t\n]|</row>|" + _ROW_TAG + rb")*+")
#: the row tags of the bytes between two cells
ROW_TAGS = re.compile(rb"<row(" + _ATTRS + rb")[ \t\n]*+(/?)>|(</row>)")
#: a boolean attribute's value as Excel (0, 1) and LibreOffice (false, true) write it
_FLAG = rb'(?:[01]|true|false)'
#: the usual bytes between two cells: a row's end and the next row's start, attributes in the
#: order Excel and LibreOffice write them (the x14ac prefix only where the part declares it)
_NEXT_ROW = (
    rb'(?:(</row>)|)<row r="([0-9]{1,7}+)"(?: spans="[0-9]{1,5}+:[0-9]{1,5}+"|)(?: s="[0-9]{1,9}+"|)'
    rb'(?: customFormat="' + _FLAG + rb'"|)(?: ht="[0-9.]{1,20}+"|)(?: hidden="(' + _FLAG + rb')"|)'
    rb'(?: customHeight="' + _FLAG + rb'"|)(?: outlineLevel="[0-7]"|)(?: collapsed="' + _FLAG + rb'"|)'
    rb'(?: thickTop="' + _FLAG + rb'"|)(?: thickBot="' + _FLAG + rb'"|)(?: ph="' + _FLAG + rb'"|)'
)
_X14AC = rb'(?: x14ac:dyDescent="[0-9.]{1,20}+"|)'
NEXT_ROW = re.compile(_NEXT_ROW + rb">")
NEXT_ROW_X14AC = re.compile(_NEXT_ROW + _X14AC + rb">")
#: the same for all of a slice's boundaries joined by NUL (no part holds one: `envelope`), in one
#: call: each match must run from a boundary's start to its end, so one match per boundary means
#: every boundary is the usual one
USUAL_ROWS = re.compile(rb"(?<![^\x00])" + _NEXT_ROW + rb">(?=\x00|\Z)")
USUAL_ROWS_X14AC = re.compile(rb"(?<![^\x00])" + _NEXT_ROW + _X14AC + rb">(?=\x00|\Z)")
_FORMULA_PARTS = re.compile(
    rb"<f(" + _ATTRS + rb")(?>/>|>(" + TEXT + rb")</f>)(?>(<v/>)|(<v>)(" + TEXT + rb")</v>|)"
)
_ATTR = re.compile(rb'([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)="([^"]*)"')


def cells(data: bytes, start: int, end: int) -> tuple[list[tuple[bytes, ...]], int]:
    """The cells of `data[start:end]` (a `<sheetData>`'s content), every byte accounted for.

    Each is (row tags before it, column letters, row digits, s, t, value text,
    inline text, formula with its value, b""); a part absent is b"". Also where
    the row tags after the last cell begin.
    """
    last = data.rfind(b"<c ", start, end)
    if last < 0:
        tail = start
        found: list[tuple[bytes, ...]] = []
    else:
        final = CELL.match(data, last, end)
        if final is None:
            raise Unsure
        tail = final.end()
        found = TOKEN.findall(data, start, tail)
        if any(map(_JUNK, found)):
            raise Unsure
    if _TAIL.fullmatch(data, tail, end) is None:
        raise Unsure
    return found, tail


#: the cells of a `<sheetData>` are matched this many bytes at a time (ending with a row), so
#: the matches held at once stay small however large the part
SLICE_BYTES = 1 << 20


def slices(data: bytes, start: int, end: int) -> list[tuple[int, int]]:
    """`data[start:end]` cut after a `</row>` every `SLICE_BYTES` or so."""
    found = []
    while end - start > SLICE_BYTES:
        cut = data.find(b"</row>", start + SLICE_BYTES, end)
        if cut < 0:
            break
        found.append((start, cut + 6))
        start = cut + 6
    found.append((start, end))
    return found


def row_tags(between: bytes) -> list[tuple[bytes, bytes, bytes]]:
    """(attributes, "/" or b"", "</row>" or b"") of each row tag in the bytes between two cells."""
    return ROW_TAGS.findall(between)


def formula(cell_part: bytes, prefixes: frozenset[bytes]) -> tuple[bool, bytes]:
    """Whether a formula has a `<v>`, and its text; unsure of anything lxml might refuse."""
    parts = _FORMULA_PARTS.fullmatch(cell_part)
    if parts is None:
        raise Unsure
    f_attributes, f_text, empty, opened, raw = parts.groups()
    if f_attributes:
        attributes(f_attributes, prefixes)
    if f_text:
        check(f_text)
    return bool(empty or opened), raw or b""


def attributes(text: bytes, prefixes: frozenset[bytes]) -> dict[bytes, bytes]:
    """A row's or formula's attributes; unsure of repeated names, namespace declarations, unknown prefixes."""
    pairs = _ATTR.findall(text)
    found = dict(pairs)
    if len(found) != len(pairs):
        raise Unsure  # a name given twice
    for name in found:
        if name.startswith(b"xmlns"):
            raise Unsure
        prefix, colon, _ = name.partition(b":")
        if colon and prefix not in prefixes:
            raise Unsure
    return found


# ---- text ------------------------------------------------------------------------------------

_DECIMAL_REF = re.compile(r"&#([0-9]{1,7});")
_ENTITY = re.compile(r"(amp|lt|gt|quot|apos);|#([0-9]{1,8});|#x([0-9a-fA-F]{1,6});")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_char(code: int) -> bool:
    return (
        0x20 <= code <= 0xD7FF or code in (0x9, 0xA, 0xD) or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def text(raw: bytes) -> str:
    """Character data as lxml gives it: UTF-8 decoded, entities and character references resolved."""
    try:
        value = raw.decode()
    except UnicodeDecodeError:
        raise Unsure from None
    if "&" in value:
        value = _unescape(value)
    return value


class Texts(dict):
    """Decoded character data by its bytes, shared by a read's sheets: each distinct text decoded
    (and so checked) once, on first use (`Unsure` for what lxml might refuse); b"" is ""."""

    def __missing__(self, raw: bytes) -> str:
        value = self[raw] = text(raw) if raw else ""
        return value


def check(raw: bytes) -> None:
    """Be sure lxml would take character data the reading does not otherwise decode."""
    if b"&" in raw or not raw.isascii():
        text(raw)


def _unescape(value: str) -> str:
    parts = _DECIMAL_REF.split(value)
    codes = parts[1::2]
    if codes and value.count("&") == len(codes):
        # the common case: every `&` a decimal reference (how openpyxl writes Hangul)
        numbers = list(map(int, codes))
        if not (min(numbers) >= 0x20 and max(numbers) <= 0xD7FF) and not all(map(_xml_char, numbers)):
            raise Unsure
        parts[1::2] = map(chr, numbers)
        return "".join(parts)
    pieces = value.split("&")
    out = [pieces[0]]
    for piece in pieces[1:]:
        match = _ENTITY.match(piece)
        if match is None:
            raise Unsure  # a bare `&` or an entity lxml would refuse
        name, decimal, hexadecimal = match.groups()
        if name:
            out.append(_NAMED[name])
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if not _xml_char(code):
                raise Unsure
            out.append(chr(code))
        out.append(piece[match.end():])
    return "".join(out)


# ---- the part around <sheetData> --------------------------------------------------------------

_DECLARATION = re.compile(
    rb"<\?xml[ \t\r\n]+version=[\"']1\.0[\"']"
    rb"(?:[ \t\r\n]+encoding=[\"'](?:[Uu][Tt][Ff]-8)[\"'])?"
    rb"(?:[ \t\r\n]+standalone=[\"'](?:yes|no)[\"'])?[ \t\r\n]*\?>[ \t\r\n]*"
)
_ROOT = re.compile(rb"<worksheet((?:[ \t\r\n]+[^\s=<>/]+[ \t\r\n]*=[ \t\r\n]*(?:\"[^\"<]*\"|'[^'<]*'))*)[ \t\r\n]*>")
_ROOT_ATTR = re.compile(rb"([^\s=<>/]+)[ \t\r\n]*=[ \t\r\n]*(?:\"([^\"<]*)\"|'([^'<]*)')")
#: an element named row, in any namespace
_ANY_ROW = re.compile(rb"<(?:[^\s<>/!?:]+:)?row[\s/>]")
_OPEN, _CLOSE = b"<sheetData>", b"</sheetData>"


def prologue(data: bytes) -> int:
    """Where a part's root element begins, after at most the usual XML declaration.

    `Unsure` for a part with a DOCTYPE, comment, CDATA section, processing instruction or an
    unusual declaration anywhere, or a control character lxml would refuse.
    """
    declaration = _DECLARATION.match(data)
    at = declaration.end() if declaration else 0
    if (b"!" in data and b"<!" in data) or (data.find(b"?", at) >= 0 and data.find(b"<?", at) >= 0):
        raise Unsure  # DOCTYPE, comment, CDATA, processing instruction, or an unusual declaration
    if len(data.translate(None, _CONTROL)) != len(data):
        raise Unsure  # lxml refuses the part: let it say so
    return at


def envelope(data: bytes) -> tuple[bytes, int, int, frozenset[bytes]]:
    """The part with an empty `<sheetData/>` (for lxml), the content's bounds, the declared prefixes."""
    at = prologue(data)
    root = _ROOT.match(data, at)
    if root is None:
        raise Unsure
    namespace, prefixes = None, {b"xml"}
    for name, double, single in _ROOT_ATTR.findall(root.group(1)):
        value = double if double or not single else single
        if name == b"xmlns":
            namespace = value
        elif name.startswith(b"xmlns:"):
            prefixes.add(name[6:])
    if namespace not in MAIN:
        raise Unsure
    opening = data.find(_OPEN, root.end())
    closing = data.find(_CLOSE, opening)
    if opening < 0 or closing < 0:
        raise Unsure
    start, end = opening + len(_OPEN), closing
    head, rest = data[:opening], data[closing + len(_CLOSE):]
    if head.find(b"xmlns", root.end()) >= 0 or _ANY_ROW.search(head) or _ANY_ROW.search(rest):
        raise Unsure
    refuse_odd_text(data, start, end)
    return head + b"<sheetData/>" + rest, start, end, frozenset(prefixes)


def refuse_odd_text(data: bytes, start: int, end: int) -> None:
    """`Unsure` for text lxml would not give back as written: a carriage return (lxml makes it a
    line feed), `]]>`, the non-characters U+FFFE and U+FFFF."""
    # (each looked for by a byte of it first: a one-byte search is many times faster)
    for first, odd in ((b"\r", b"\r"), (b"]", b"]]>"), (b"\xef", b"\xef\xbf\xbe"), (b"\xef", b"\xef\xbf\xbf")):
        if data.find(first, start, end) >= 0 and data.find(odd, start, end) >= 0:
            raise Unsure
