"""What a cell of an .xlsx sheet holds, decoded by one set of rules for both ways of reading a sheet.

A sheet part is read either from its bytes (loaders/sheet_fast.py, for the regular form
Excel, openpyxl and LibreOffice write) or with lxml (loaders/sheet_lxml.py, for anything
else). Both find the same parts of a cell — its type `t`, the text of its `<v>`, an inline
string, whether it holds a formula — and hand them to `read_cells`, so a rule is written,
and changed, once. The values follow what `openpyxl.load_workbook(data_only=True)` gave
before the streaming reader: ints and floats as written, dates as `datetime` (by the
cell's number format), booleans, error codes as text, blank as None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from loaders.excel_serials import from_excel, from_ISO8601
from loaders.styles import CellStyle

#: Excel's sheet size; a reference beyond it is a damaged (or hostile) file
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
_DIGITS = "0123456789"


class Damaged(Exception):
    """A needed part is not well-formed; the caller tells the official to re-save the file."""


def _same(text: str) -> str:
    return text


def read_cells(
    keys: Iterable[tuple[int, int]], kinds: Iterable[str | None], texts: Iterable[str | bytes | None],
    styles: Iterable[CellStyle], formulas: Iterable[bool], inlines: Iterable[str | None], epoch: object,
    into: tuple[dict, dict, set], decode: Callable[[bytes], str] = _same,
    shared: Mapping[int, str | None] | None = None,
) -> None:
    """What each cell holds, from its parts, put `into` (values, shared-string indices, uncalculated).

    Per cell (one per position of the iterables): `kind` is its `t` (None when absent); `text`
    its `<v>`'s text ("" for an empty `<v/>`, None for no `<v>` at all) — the byte reading hands
    it over undecoded, and `decode` turns it into text where a rule needs more than its digits;
    `formula` whether it has an `<f>`; `inline` the text of its `<is>`. A shared string's cell
    takes its text from `shared` (index → text, None when blank) when the strings were read
    first, else its index goes `into` the indices for later. A blank cell is put nowhere. Only a text formula saves "" as its result (`=IF(A1="","",…)`, type `str`): any
    other formula with an empty `<v/>` was written by a script and never calculated. The rules
    run in one loop over many cells: a sheet part's bytes give thousands at once.
    """
    values, strings, uncached = into
    for key, kind, text, style, formula, inline in zip(keys, kinds, texts, styles, formulas, inlines, strict=True):
        if formula and (text is None or (not text and kind != "str")):
            uncached.add(key)
        elif kind is None or kind == "n":
            if not text:
                continue
            if text.isdigit():  # a whole number as Excel writes it (int() inline: tens of thousands of cells)
                try:
                    value = int(text)
                except ValueError:  # a digit that is not an ASCII one ('²'): read as the text it is
                    value = _number(text)
            else:
                value = _number(decode(text))
            if style.date and value.__class__ in (int, float):
                value = _dated(value, style, epoch)
            if value is not None:
                values[key] = value
        elif kind == "s":
            if not text:
                continue
            if text.isdigit():
                try:
                    index = int(text)
                except ValueError:  # '²'
                    raise Damaged from None
            else:
                index = _index(decode(text))
            if shared is None:
                strings[key] = index
            else:
                shown = shared[index]
                if shown is not None:
                    values[key] = shown
        elif kind == "inlineStr":  # the text is in `<is>`; a `<v>` beside it is not shown (but checked)
            if text:
                decode(text)
            if inline is not None and inline.strip():
                values[key] = inline
        elif text:
            value = _other(kind, decode(text))
            if value is not None:
                values[key] = value


def _number(text: str) -> object:
    try:
        return float(text) if "." in text or "E" in text or "e" in text else int(text)
    except ValueError:
        return text if text.strip() else None  # not a number after all: keep what the file says


def _dated(value: object, style: CellStyle, epoch: object) -> object:
    try:
        return from_excel(value, epoch, timedelta=style.timedelta)
    except (OverflowError, ValueError):
        return "#VALUE!"  # as openpyxl showed a serial outside the calendar


def _index(text: str) -> int:
    if "." in text or "E" in text or "e" in text:
        raise Damaged
    try:
        index = int(text)
    except ValueError:
        raise Damaged from None
    if index < 0:
        raise Damaged
    return index


def _other(kind: str, text: str) -> object:
    if kind == "b":
        return text.strip() not in ("0", "false", "")
    if kind == "d":
        try:
            return from_ISO8601(text)
        except ValueError:
            pass
    # "str", "e", "d" that is no date, and anything unknown: the text as saved
    return text if text.strip() else None


def column_number(letters: str, cache: dict[str, int]) -> int:
    """`AB` → 28 (cached: a sheet uses a few dozen columns); Damaged outside Excel's sheet."""
    number = cache.get(letters)
    if number is None:
        number = 0
        for char in letters.upper():
            if not "A" <= char <= "Z":
                raise Damaged
            number = number * 26 + ord(char) - 64
        if not 0 < number <= MAX_COLUMN:
            raise Damaged
        cache[letters] = number
    return number


def cell_key(text: str, cache: dict[str, int]) -> tuple[int, int]:
    """`B7` → (7, 2)."""
    letters = text.rstrip(_DIGITS)
    digits = text[len(letters):]
    if not letters or not digits or not 0 < int(digits) <= MAX_ROW:
        raise Damaged
    return int(digits), column_number(letters.lstrip("$"), cache)


def range_bounds(text: str, cache: dict[str, int]) -> tuple[int, int, int, int] | None:
    """`C3:R20` → (3, 3, 20, 18); None for a reference that is not a range of this sheet."""
    first, _, last = text.replace("$", "").partition(":")
    try:
        top = cell_key(first, cache)
        bottom = cell_key(last, cache) if last else top
    except Damaged:
        return None
    return min(top[0], bottom[0]), min(top[1], bottom[1]), max(top[0], bottom[0]), max(top[1], bottom[1])
