"""What a cell of an .xlsx sheet holds, decoded by one set of rules for both ways of reading a sheet.

A sheet part is read either from its bytes (loaders/sheet_fast.py, for the regular form
Excel, openpyxl and LibreOffice write) or with lxml (loaders/sheet_lxml.py, for anything
else). Both find the same parts of a cell — its type `t`, the text of its `<v>`, an inline
string, whether it holds a formula — and hand them to `cell_value`, so a rule is written,
and changed, once. The values follow what `openpyxl.load_workbook(data_only=True)` gave
before the streaming reader: ints and floats as written, dates as `datetime` (by the
cell's number format), booleans, error codes as text, blank as None.
"""

from __future__ import annotations

from openpyxl.utils.datetime import from_excel, from_ISO8601

from loaders.styles import CellStyle

#: Excel's sheet size; a reference beyond it is a damaged (or hostile) file
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
_DIGITS = "0123456789"


class Damaged(Exception):
    """A needed part is not well-formed; the caller tells the official to re-save the file."""


class SharedString(int):
    """A cell's index into the shared string table (filled in once the sheets are read)."""

    __slots__ = ()


class _Uncached:
    """The mark of a formula whose result Excel never saved (the loader names the cell)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNCACHED"


UNCACHED = _Uncached()


def cell_value(
    kind: str | None,
    text: str | None,
    style: CellStyle,
    epoch: object,
    *,
    formula: bool = False,
    inline: str | None = None,
) -> object:
    """A cell's value from its parts: `kind` its `t` (None when absent), `text` its `<v>`'s text
    ("" for an empty `<v/>`, None for no `<v>` at all), `formula` whether it has an `<f>`,
    `inline` the text of its `<is>`.

    None for a blank cell, `SharedString` for a shared string, `UNCACHED` for a formula with no
    saved result. Only a text formula saves "" as its result (`=IF(A1="","",…)`, type `str`):
    any other formula with an empty `<v/>` was written by a script and never calculated.
    """
    if formula and (text is None or (not text and kind != "str")):
        return UNCACHED
    if kind == "inlineStr":  # the text is in `<is>`; a `<v>` beside it is not shown
        return inline if inline is not None and inline.strip() else None
    if not text:
        return None
    if kind is None or kind == "n":
        try:
            value: object = float(text) if "." in text or "E" in text or "e" in text else int(text)
        except ValueError:
            return text if text.strip() else None  # not a number after all: keep what the file says
        if style.date:
            try:
                return from_excel(value, epoch, timedelta=style.timedelta)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl showed a serial outside the calendar
        return value
    if kind == "s":
        if "." in text or "E" in text or "e" in text:
            raise Damaged
        try:
            index = int(text)
        except ValueError:
            raise Damaged from None
        if index < 0:
            raise Damaged
        return SharedString(index)
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
