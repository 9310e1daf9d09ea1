"""Cell-level reading rules: text, pledge numbers, amounts and percents as officials type them.

Each parser returns a value or raises `CellError` with the Korean explanation
the official sees; the sheet readers add the sheet and cell. Keeping the rules
here means every sheet reads `1,889`, `-` and `△5` the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from loaders.safe_text import restore

NONE_MARKS = {"", "-", "–", "—", "－", "~"}
MINUS_MARKS = ("△", "▲")
_SPACES = re.compile(r"\s+")
_ZERO_DECIMALS = re.compile(r"\d+\.0+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class CellError(ValueError):
    """A cell that cannot be read; `str()` is the Korean message for the official."""


#: each text's fold, kept for the read (a sub-project's name is folded on every sheet);
#: `forget_long_texts` empties it after each read
_FOLDED: dict[str, str | None] = {}
_UNSEEN = object()
#: a bound for callers outside a read (which never empty the cache)
_FOLDED_MAX = 100_000


def fold_text(value: object) -> str | None:
    """Trim and fold inner white space; blank → None (spec: general reading rules)."""
    if value.__class__ is str:
        folded = _FOLDED.get(value, _UNSEEN)
        if folded is _UNSEEN:
            if len(_FOLDED) >= _FOLDED_MAX:
                _FOLDED.clear()
            folded = _FOLDED[value] = _fold(value)
        return folded  # type: ignore[return-value]
    return None if value is None else _fold(value)


def _fold(value: object) -> str | None:
    if value.__class__ is str and value.isprintable() and "  " not in value:
        # the common case, no fold to do: a printable text holds no white space but " ",
        # and without a double space there is no run of it to fold
        text = value.strip()
        return (restore(text) if text[:1] == "'" else text) or None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = _SPACES.sub(" ", str(value)).strip()
    return restore(text) or None


def fold_multiline(value: object) -> str | None:
    """Like `fold_text` but keeps line breaks (정책개요, 현황, 목표 may hold several lines)."""
    if value is None:
        return None
    lines = [_SPACES.sub(" ", line).strip() for line in str(value).splitlines()]
    text = "\n".join(line for line in lines if line)
    return restore(text) or None


def header_key(value: object) -> str:
    """Headers and sheet names are matched with all spaces and line breaks removed."""
    if value is None:
        return ""
    text = str(value)
    return _long_header_key(text) if len(text) > _LONG_TEXT else _SPACES.sub("", text)


#: texts longer than this are folded once per read, however many cells share them
_LONG_TEXT = 1_000


@functools.lru_cache(maxsize=64)
def _long_header_key(text: str) -> str:
    # One shared string may fill thousands of cells (a pasted 1 MB text in column A of
    # 개요): the same object comes back each time, so its hash is computed once and the
    # fold is not repeated per cell. `forget_long_texts` empties this after each read.
    return _SPACES.sub("", text)


def forget_long_texts() -> None:
    """Drop the folded texts of the last read (they may be megabytes)."""
    _long_header_key.cache_clear()
    _FOLDED.clear()


def pledge_id(value: object) -> str | None:
    """`25`, `25.0` and `'25` are the same pledge: 공약번호 is text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = fold_text(value)
    if text is None:
        return None
    text = text.lstrip("'").strip()
    if _ZERO_DECIMALS.fullmatch(text):
        text = text.split(".")[0]
    return text or None


def is_blank(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and value.strip() in NONE_MARKS


def _decimal_from_text(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", "").replace(" ", "")
    negative = False
    if cleaned[:1] in MINUS_MARKS:
        negative, cleaned = True, cleaned[1:]
    if not _DECIMAL.fullmatch(cleaned):
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return -number if negative else number


def with_ro(word: str) -> str:
    """`금액으로`, `숫자로`, `이행률로`: the particle 으로/로 follows the word's last sound."""
    last = word[-1:]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return f"{word}으로" if final not in (0, 8) else f"{word}로"  # 8: ㄹ takes 로
    return f"{word}로"


def number(value: object, *, what: str = "숫자") -> Decimal | None:
    """A numeric cell, `1,889`, `△5`; `-`/blank → None. Anything else is an error."""
    if isinstance(value, bool):
        raise CellError(f"'{value}'는 {with_ro(what)} 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)")
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, Decimal):
        return value
    if is_blank(value):
        return None
    if isinstance(value, str):
        parsed = _decimal_from_text(value)
        if parsed is not None:
            return parsed
    shown = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    raise CellError(f"'{shown}'는 {with_ro(what)} 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)")


_INFINITIES = (float("inf"), float("-inf"))

#: 1,000조원: no pledge budget comes near; anything larger is a typo (or 1e22 in a cell)
MAX_AMOUNT_WON = 10**18


def amount_won(value: object, unit_won: int) -> int | None:
    """An amount in the sheet's unit → whole 원 (rounded half up); negatives are errors."""
    if type(value) is int and 0 <= value * unit_won <= MAX_AMOUNT_WON:
        return value * unit_won  # the common case, exact without Decimal
    if type(value) is str:
        # `1,889` typed as text: the cleaning `_decimal_from_text` does, and for plain digits the
        # same whole 원 as Decimal would give, without it (thousands of amounts in a ward)
        text = value.strip()
        if text in NONE_MARKS:
            return None  # `-` or blank: no amount (`number`'s `is_blank`)
        digits = text.replace(",", "").replace(" ", "")
        if digits.isdigit() and digits.isascii() and int(digits) * unit_won <= MAX_AMOUNT_WON:
            return int(digits) * unit_won
    parsed = number(value, what="금액")
    if parsed is None:
        return None
    if not parsed.is_finite():
        raise CellError(f"'{fold_text(value)}'는 금액으로 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)")
    if parsed < 0:
        raise CellError(f"금액은 음수일 수 없습니다 ('{fold_text(value)}'; 0 이상으로 적어 주세요)")
    won = parsed * unit_won
    if won > MAX_AMOUNT_WON:
        raise CellError(f"금액이 너무 큽니다 ('{fold_text(value)}'; 단위와 자릿수를 확인해 주세요)")
    return int(won.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value: object, number_format: str | None = None, *, what: str = "비율") -> float | None:
    """`20`, `"20"`, `"20%"`, and 0.2 in a %-formatted cell all mean 20."""
    if type(value) in (int, float):
        if value != value or value in _INFINITIES:
            raise CellError(f"'{value}'는 {with_ro(what)} 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)")
        scale = 100 if number_format and "%" in number_format else 1
        return float(Decimal(repr(value)) * scale) if scale != 1 else float(value)
    if isinstance(value, str) and value.strip().endswith("%"):
        inner = number(value.strip()[:-1], what=what)
        return None if inner is None else float(inner)
    parsed = number(value, what=what)
    if parsed is None:
        return None
    if number_format and "%" in number_format and isinstance(value, int | float):
        return float(parsed * 100)
    return float(parsed)
