"""The shared-strings part: the texts the wanted sheets use, from its bytes when it has the usual form.

Excel and LibreOffice keep a workbook's texts in one part (`xl/sharedStrings.xml`) that cells
refer to by index. LibreOffice writes every text that mixes scripts (Hangul with digits or
Latin letters: most of a ward's) as rich text, one run per script with its font, so the part
holds several elements per text; lxml building an element for each cost more than every
sheet's cells together. For a part of the written form, the texts are taken from the bytes
(`_ITEM`), as loaders/fastxml.py takes a sheet's cells: only when the part can be vouched
for as a whole, else lxml reads it as before and says what is wrong with it.

Vouched for: what `fastxml.prologue` allows before the root; a root `<sst>` whose attributes
are double-quoted, without `&`, unique, and declare SpreadsheetML as the default namespace;
then nothing but `<si>` items, each a plain `<t>` or runs `<r>` of a `<t>` with optional run
properties (empty elements with at most a `val`, or a `color`), then at most the `<phoneticPr>`
Korean Excel writes; `</sst>` and white space at
the end; valid UTF-8 without carriage returns, `]]>` or U+FFFE/U+FFFF; `&` only as entities
lxml knows. Phonetic hints, white space between elements, any other element: lxml.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from operator import itemgetter

from loaders import fastxml
from loaders.cell_values import Damaged
from loaders.fastxml import TEXT, Unsure
from loaders.sheet_lxml import MAIN, iterparse, rich_text

#: parts up to this size are inflated whole and read from their bytes (larger: streamed with lxml)
WHOLE_PART_BYTES = 8 * 1024 * 1024
#: parts up to this size are read before the sheets (a ward's strings: a few hundred KB); a larger
#: one, whose texts may be mostly another sheet's, only after them, for the indices they use
EAGER_PART_BYTES = 2 * 1024 * 1024

_T = rb'<t(?: xml:space="preserve")?+>'
#: a run's property: `<sz val="11"/>`, `<rFont val="맑은 고딕"/>`, `<b/>`, `<color theme="1" tint="0.5"/>`
_PROPERTY = (rb'<(?:color(?: (?:rgb|theme|indexed|auto)="[^"<&]*+")?+(?: tint="[^"<&]*+")?+'
             rb'|[A-Za-z]++(?: val="[^"<&]*+")?+)/>')
_RUNS = rb"(?:<r>(?:<rPr>(?:" + _PROPERTY + rb")*+</rPr>|<rPr/>)?+(?:" + _T + TEXT + rb"</t>|<t/>)</r>)++"
#: Korean and Japanese Excel end most items with the settings of phonetic hints (no text of its own)
_PHONETIC = (rb'(?:<phoneticPr(?: fontId="[0-9]{1,5}+")?+(?: type="[A-Za-z]{1,20}+")?+'
             rb'(?: alignment="[A-Za-z]{1,20}+")?+/>)?+')
#: one item whole, and its plain text or its runs (whose `<t>` texts make the item's text)
_ITEM = re.compile(rb"(<si>(?:" + _T + rb"(" + TEXT + rb")</t>|<t/>|(" + _RUNS + rb"))" + _PHONETIC + rb"</si>)")
_WHOLE = itemgetter(0)
_TEXTS = itemgetter(1, 2)
_RUN_TEXT = re.compile(_T + rb"(" + TEXT + rb")</t>")
_ROOT = re.compile(rb'<sst((?: [A-Za-z_][\w.-]*+(?::[A-Za-z_][\w.-]*+)?+="[^"<&]*+")*+)>')
_ROOT_ATTR = re.compile(rb'([^ =]++)="([^"]*+)"')
_END = re.compile(rb"</sst>[ \t\r\n]*+")


class SharedTexts(dict):
    """index → text of a vouched-for part, read before the sheets: each cell takes its text as
    it is read (no second pass over the cells), and each item is decoded when a cell first asks
    for it (`__missing__`), so only the texts the sheets use are decoded. Damaged for an index
    past the part's end."""

    def __init__(self, items: list[tuple[bytes, bytes]]) -> None:
        super().__init__()
        self.items = items

    def __missing__(self, index: int) -> str | None:
        if index >= len(self.items):
            raise Damaged  # a reference past the end of the string table
        plain, runs = self.items[index]
        try:
            text = self[index] = _shown(_runs_text(runs) if runs else fastxml.text(plain))
        except Unsure:  # (cannot be: entities and UTF-8 were checked when the part was read)
            raise Damaged from None  # never a traceback from inside a sheet's reading
        return text


def read_before_sheets(archive: zipfile.ZipFile, part: str) -> SharedTexts | None:
    """The part's items, when it is small (`EAGER_PART_BYTES`) and of the vouched form; else None,
    and the sheets' indices are gathered first (`read_shared_strings`)."""
    try:
        if archive.getinfo(part).file_size > EAGER_PART_BYTES:
            return None
    except KeyError:
        return None
    data = _whole_part(archive, part)
    if data is None:
        return None
    try:
        items = _items(data)
        if b"&" in data:
            for plain, runs in items:  # as lxml would, refuse a bad entity in any item
                _check_entities(runs or plain)
    except Unsure:
        return None
    return SharedTexts(items)


def read_shared_strings(archive: zipfile.ZipFile, part: str, needed: set[int]) -> dict[int, str | None]:
    """{index: text} of the `needed` items that the part holds, each read once.

    A blank text maps to None, so that blank cells stay out of the grid.
    """
    last = max(needed)
    texts = None
    data = _whole_part(archive, part)
    if data is not None:
        try:
            texts = _from_bytes(data, needed, last)
        except Unsure:
            texts = None
    if texts is None:
        texts = _with_lxml(archive, part, needed, last)
    return {index: _shown(text) for index, text in texts.items()}


def _shown(text: str) -> str | None:
    """An item's text as cells show it: Excel's escape of `_x` taken out, blank as None."""
    text = text.replace("x005F_", "")
    return text if text.strip() else None


def _whole_part(archive: zipfile.ZipFile, part: str) -> bytes | None:
    """The part inflated, when small enough; None (lxml streams it and meets any fault) otherwise."""
    try:
        if archive.getinfo(part).file_size > WHOLE_PART_BYTES:
            return None
        return archive.read(part)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return None


def _items(data: bytes) -> list[tuple[bytes, bytes]]:
    """Each item's plain text or runs, undecoded; `Unsure` unless the whole part is of the vouched form."""
    root = _ROOT.match(data, fastxml.prologue(data))
    if root is None:
        raise Unsure
    _check_root(root.group(1))
    end = data.rfind(b"</sst>")
    if end < root.end() or _END.fullmatch(data, end) is None:
        raise Unsure
    fastxml.refuse_odd_text(data, 0, len(data))
    try:
        data.decode()  # run properties' values (font names) are not decoded below
    except UnicodeDecodeError:
        raise Unsure from None
    found = _ITEM.findall(data, root.end(), end)
    if sum(map(len, map(_WHOLE, found))) != end - root.end():
        raise Unsure  # bytes no item accounts for (white space, another element, a damaged item)
    return list(map(_TEXTS, found))


def _from_bytes(data: bytes, needed: set[int], last: int) -> dict[int, str]:
    """The needed texts (up to `last`); `Unsure` unless the whole part is of the vouched form."""
    found = {}
    entities = b"&" in data
    for index, (plain, runs) in enumerate(_items(data)[: last + 1]):
        if index in needed:
            found[index] = _runs_text(runs) if runs else fastxml.text(plain)
        elif entities:
            _check_entities(runs or plain)  # lxml would refuse a bad entity in any item it passes
    return found


def _check_entities(item: bytes) -> None:
    """`Unsure` for an entity lxml would refuse (the part is valid UTF-8 already: `_items`)."""
    if b"&" in item:
        fastxml.text(item)


def _runs_text(runs: bytes) -> str:
    """The runs' texts one after another; each run decoded by itself where one holds an entity
    (`&am` ending one run and `p;` beginning the next is no `&amp;`)."""
    if b"&" in runs:
        return "".join(map(fastxml.text, _RUN_TEXT.findall(runs)))
    return b"".join(_RUN_TEXT.findall(runs)).decode()  # (the part is valid UTF-8: `_items`)


def _check_root(attributes: bytes) -> None:
    """The root's attributes: unique, SpreadsheetML the default namespace, prefixes declared."""
    pairs = _ROOT_ATTR.findall(attributes)
    names = dict(pairs)
    if len(names) != len(pairs) or names.get(b"xmlns") not in fastxml.MAIN:
        raise Unsure
    for name, value in names.items():
        prefix, colon, _ = name.partition(b":")
        if prefix == b"xmlns" and colon and not value:
            raise Unsure  # a prefix bound to no namespace
        if colon and prefix not in (b"xmlns", b"xml") and b"xmlns:" + prefix not in names:
            raise Unsure


def _with_lxml(archive: zipfile.ZipFile, part: str, needed: set[int], last: int) -> dict[int, str]:
    """The needed texts (up to `last`) through lxml, the items passed cleared as it goes."""
    found: dict[int, str] = {}
    tags = tuple(f"{{{ns}}}si" for ns in MAIN)
    with archive.open(part) as stream:
        for index, (_, element) in enumerate(iterparse(stream, tags)):
            if index in needed:
                found[index] = rich_text(element, element.tag[:-2])
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            if index >= last:
                break
    return found
