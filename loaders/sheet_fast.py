"""One sheet part read from its bytes (loaders/fastxml.py) when the part is of the usual form.

lxml builds an element for every `<c>`, `<v>`, `<is>` and `<t>`, and that alone cost more
than the rest of the grid step. For a part fastxml can vouch for, the cells come from one
compiled pattern and only the rest of the part (merged ranges, conditional formats) goes
through lxml. What a cell holds is decided by the same `loaders.cell_values.read_cells` as
the lxml reading: here only the cell's parts are found, its reference, its style, the rows.
Anything unusual raises `Unsure`, and the caller reads the part with lxml from the start.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from itertools import compress, repeat
from operator import itemgetter

from loaders import fastxml
from loaders.cell_values import MAX_ROW, Damaged, column_number, read_cells
from loaders.fastxml import Unsure
from loaders.safety import MAX_SHEET_ROWS, too_many_rows
from loaders.sheet_lxml import SheetReader

_BETWEEN_OF, _LETTERS_OF, _DIGITS_OF, _STYLE_OF, _KIND_OF, _RAW_OF, _INLINE_OF, _FORMULA_OF = (
    itemgetter(n) for n in range(8))
_CLOSE_OF, _NUMBER_OF, _HIDDEN_OF = itemgetter(0), itemgetter(1), itemgetter(2)
#: a row's `hidden` as the usual row boundary spells it (`_begin_row` takes any case of these)
_HIDDEN = frozenset((b"1", b"true"))
#: a cell's `t` as the byte pattern finds it, as the decoding rules take it (None: no `t`)
_KINDS: dict[bytes, str | None] = {b"": None, b"n": "n", b"s": "s", b"str": "str", b"b": "b",
                                   b"inlineStr": "inlineStr", b"e": "e", b"d": "d"}


class _Kinds(dict):
    """`_KINDS` for one slice of cells, and any other `t` as its text (for the rules to name)."""

    def __missing__(self, raw: bytes) -> str:
        kind = self[raw] = raw.decode()
        return kind


class FastSheetReader(SheetReader):
    """`SheetReader` with `scan`: the same grid from the part's bytes, or `Unsure`."""

    def scan(self, data: bytes, texts: fastxml.Texts) -> None:
        """Read a whole sheet part from its bytes; `Unsure` when it cannot.

        The cells come from the bytes, the rest of the part from lxml, and the result is what
        `read` gives the same part. After `Unsure` this sheet is half-filled: the caller starts
        again with a fresh one and `read`. `texts` keeps the decoded texts of the read (names
        recur on every sheet).
        """
        rest, start, end, prefixes = fastxml.envelope(data)
        x14ac = b"x14ac" in prefixes
        next_row = (fastxml.NEXT_ROW_X14AC if x14ac else fastxml.NEXT_ROW,
                    fastxml.USUAL_ROWS_X14AC if x14ac else fastxml.USUAL_ROWS)
        in_row = False
        for low, high in fastxml.slices(data, start, end):
            found, tail = fastxml.cells(data, low, high)
            in_row = self._cells(found, prefixes, texts, next_row, in_row)
            in_row = self._row_tags(data[tail:high], prefixes, in_row)
        if in_row:
            raise Unsure  # a row left open
        self.read(io.BytesIO(rest))

    def _row_tags(self, between: bytes, prefixes: frozenset[bytes], in_row: bool) -> bool:
        """The rows begun and ended in the bytes between two cells; whether a row is open after them.

        A row's number and visibility are taken as `read` takes them; a row must
        close before the next begins, and the open row, if any, holds the next cell.
        """
        for attributes, empty, close in fastxml.row_tags(between):
            if close:
                if not in_row:
                    raise Unsure
                in_row = False
                self.check_size()
                continue
            if in_row:
                raise Unsure  # a row inside a row
            found = fastxml.attributes(attributes, prefixes) if attributes else {}
            self._begin_row(found.get(b"r"), found.get(b"hidden"))
            in_row = not empty
        return in_row

    def _begin_row(self, number: bytes | None, hidden: bytes | None) -> None:
        self.rows += 1
        if self.rows > MAX_SHEET_ROWS:
            raise too_many_rows(self.grid.title)
        self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
        if self.row_number == 0:
            raise Unsure  # `_row` keys such a row's cells by what its column cache holds
        if self.row_number > MAX_ROW:
            raise Damaged
        if hidden is not None and hidden.lower() in (b"1", b"true"):
            self.grid.hidden_rows.add(self.row_number)

    def _keys(self, found: list[tuple[bytes, ...]]) -> list[tuple[int, int]]:
        """Every cell's (row, column), made from the few distinct letters and digits at once.

        A reference outside the sheet is left to `read`, which says where it stops.
        """
        row_of = {number: int(number) for number in set(map(_DIGITS_OF, found))}
        if row_of and not (min(row_of.values()) > 0 and max(row_of.values()) <= MAX_ROW):
            raise Unsure
        col_of = {}
        for name in set(map(_LETTERS_OF, found)):
            try:
                col_of[name] = column_number(name.decode(), self.columns)
            except Damaged:
                raise Unsure from None
        return list(zip(map(row_of.__getitem__, map(_DIGITS_OF, found)),
                        map(col_of.__getitem__, map(_LETTERS_OF, found)), strict=True))

    def _styles(self, found: list[tuple[bytes, ...]], keys: list[tuple[int, int]]) -> map:
        """Each cell's style (from each distinct `s`); the shading and % formats taken in document order."""
        grid, base = self.grid, self.base
        names = list(map(_STYLE_OF, found))
        styles = {name: self.style(name.decode()) if name else base for name in set(names)}
        shaded = {name for name, style in styles.items() if style.shaded}
        if shaded:
            grid.shading.update(compress(keys, map(shaded.__contains__, names)))
        percents = {name: style.percent for name, style in styles.items() if style.percent}
        if percents:
            chosen = list(map(percents.__contains__, names))
            grid.formats.update(zip(compress(keys, chosen), map(percents.__getitem__, compress(names, chosen)),
                                    strict=True))
        return map(styles.__getitem__, names)

    def _rows_between(self, found: list[tuple[bytes, ...]], prefixes: frozenset[bytes], in_row: bool,
                      step: Callable[[bytes], re.Match[bytes] | None]) -> bool:
        """The rows begun and ended between the cells, one cell at a time (an unusual boundary somewhere)."""
        for between in map(_BETWEEN_OF, found):
            if between:
                in_row = self._between(between, prefixes, in_row, step)
            if not in_row:
                raise Unsure  # a cell outside a row
        return in_row

    def _cells(
        self, found: list[tuple[bytes, ...]], prefixes: frozenset[bytes], texts: fastxml.Texts,
        next_row: tuple[re.Pattern[bytes], re.Pattern[bytes]], in_row: bool,
    ) -> bool:
        """The hot loop of the fast path: each cell's parts found in bulk, then read by `read_cells`.

        `texts` decodes each distinct text once for the whole read (and so checks it); whole
        numbers and string indices are read from their digits undecoded; a formula cell (rare)
        has its `<v>` inside its formula part.
        """
        step = next_row[0].fullmatch
        keys = self._keys(found)
        styles = self._styles(found, keys)
        if not in_row and self._usual_rows(found, next_row[1]):
            in_row = True
        else:
            in_row = self._rows_between(found, prefixes, in_row, step)
        text_of = texts.__getitem__
        raws: list[bytes | None] | map = map(_RAW_OF, found)
        formulas: list[bool] | repeat[bool] = repeat(False, len(found))
        if any(map(_FORMULA_OF, found)):
            raws, formulas = list(map(_RAW_OF, found)), [False] * len(found)
            for i, formula in enumerate(map(_FORMULA_OF, found)):
                if formula:
                    has_value, raw = fastxml.formula(formula, prefixes)
                    raws[i], formulas[i] = (raw if has_value else None), True
        kinds = _Kinds(_KINDS)
        # an inline text is decoded (and so checked) wherever the part has one; most parts have none
        inlines = map(text_of, map(_INLINE_OF, found)) if any(map(_INLINE_OF, found)) else repeat("", len(found))
        read_cells(keys, map(kinds.__getitem__, map(_KIND_OF, found)), raws, styles, formulas, inlines, self.epoch,
                   (self.grid.values, self.strings, self.grid.uncached_formulas), text_of, self.shared)
        self.check_size()
        return in_row

    def _between(self, between: bytes, prefixes: frozenset[bytes], in_row: bool,
                 step: Callable[[bytes], re.Match[bytes] | None]) -> bool:
        """The row tags before a cell; whether a row is open after them."""
        usual = step(between)
        if usual is None:
            return self._row_tags(between, prefixes, in_row)
        close, number, hidden = usual.groups()  # `</row><row r="5">`: the row ends, the next begins
        if bool(close) is not in_row:
            raise Unsure
        if close:
            self.check_size()
        self._begin_row(number, hidden)
        return True

    def _usual_rows(self, found: list[tuple[bytes, ...]], usual_rows: re.Pattern[bytes]) -> bool:
        """Take every row at once when each row boundary is the usual `</row><row r="5">`.

        Then the first cell opens the first row and every later boundary closes
        one and opens the next, so each cell lies in a row; the rows' numbers and
        visibility are taken at once, as the cell loop would take them. False
        (nothing taken) for any other form: the loop takes the rows one by one.
        """
        boundaries = list(filter(None, map(_BETWEEN_OF, found)))
        if not found or not found[0][0]:
            return False
        parts = usual_rows.findall(b"\x00".join(boundaries))
        if len(parts) != len(boundaries) or parts[0][0] or not all(map(_CLOSE_OF, parts[1:])):
            return False
        numbers = list(map(int, map(_NUMBER_OF, parts)))  # the pattern holds digits only
        if self.rows + len(numbers) > MAX_SHEET_ROWS or min(numbers) == 0 or max(numbers) > MAX_ROW:
            for _, number, hidden in parts:  # row by row, so the first row at fault says what is wrong
                self._begin_row(number, hidden)
            return True
        self.rows += len(numbers)
        self.row_number = numbers[-1]
        hidden = list(map(_HIDDEN.__contains__, map(_HIDDEN_OF, parts)))
        if any(hidden):
            self.grid.hidden_rows.update(compress(numbers, hidden))
        return True
