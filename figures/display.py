"""Display helpers shared by the charts and the tables: text widths, wrapped names, blanks, dates, units.

Kept apart from `figures.charts.theme` (whose import sets plotly's process-wide template)
so that the tables and the documents format names and money the way the charts do
without importing plotly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from loaders.model import BUDGET_UNITS


def is_empty(df: pd.DataFrame | None, *required: str) -> bool:
    """True when there is nothing to draw: no frame, no rows, or a required column missing."""
    if df is None or len(df) == 0:
        return True
    return any(c not in df.columns for c in required)


def _char_width(ch: str) -> int:
    """Display width: Hangul and other East Asian wide characters take two cells."""
    import unicodedata

    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Width of `text` in half-width cells (한글 = 2), to size margins and columns."""
    return sum(_char_width(c) for c in text)


def truncate(text: str, width: int) -> str:
    """Cut `text` to `width` half-width cells, ending in "…" when cut."""
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def wrap_label(text: Any, width: int = 24, max_lines: int = 2) -> str:
    """Wrap a Korean name onto at most `max_lines` lines of `width` cells (plotly `<br>`).

    Breaks at spaces where possible (Korean names are space-separated words),
    inside a word only when a word alone is too long; the last line is
    truncated with "…" so a long 세부사업 name never pushes the plot aside.
    """
    text = " ".join(str(text if text is not None else "").split())
    if not text:
        return ""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while text_width(word) > width:
            head = truncate(word, width + 1)[:-1]  # hard split, no ellipsis
            lines.append(head)
            word = word[len(head) :]
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        rest = " ".join(lines[max_lines - 1 :])
        kept.append(truncate(rest, width))
        lines = kept
    return "<br>".join(lines)


def wrap_keeping_end(text: Any, width: int, max_lines: int) -> str:
    """Like `wrap_label`, but a name too long for the lines keeps its end: "…착수보고회 개최".

    Officials repeat a long prefix (「문래동1~4가 … 용역」 착수보고회 / 중간보고회): cut at
    the end, two rows would read the same.
    """
    full = wrap_label(text, width=width, max_lines=max_lines * 4)
    if full.count("<br>") < max_lines:
        return full
    clean = " ".join(str(text).split())
    tail, used = "", 1
    for ch in reversed(clean):
        if used + _char_width(ch) > width:
            break
        tail, used = ch + tail, used + _char_width(ch)
    return wrap_label(clean, width=width, max_lines=max_lines - 1) + "<br>…" + tail.lstrip()


def unique_labels(labels: Iterable[str]) -> list[str]:
    """Make category labels unique (plotly merges equal categories into one row).

    Two truncated names can come out equal; an invisible trailing zero-width
    space per repeat keeps them apart without changing what is read.
    """
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label + "\u200b" * n)
    return out


def to_date(value: Any) -> dt.date | None:
    """A date from a date, datetime, Timestamp or ISO text; None for blanks."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        return None


def is_blank(value: Any) -> bool:
    """None, NaN, NaT or pd.NA: the frames keep None, computed columns may carry NaN."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def money_scale(unit: str) -> int:
    """원 per display unit (백만원 → 1,000,000); the figures hold money in 원 (units: loaders.model)."""
    if unit not in BUDGET_UNITS:
        raise ValueError(f"알 수 없는 금액 단위: {unit}")
    return BUDGET_UNITS[unit]
