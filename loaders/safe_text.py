"""One rule for text that a spreadsheet could run as a formula, for every file the project writes.

Pledge titles, milestones and achievements are typed by many people and end up in
CSV open data, the dashboard's Excel and CSV downloads, the documents' Excel and the
written-back workbook. A text that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return can be run by Excel or LibreOffice as a formula (or a DDE command)
when such a file is opened (OWASP "CSV injection"). Every writer therefore puts a
leading `'` before such a text (`neutralize`), and the Excel writers also store the
cell as text. Numbers are never touched (-5 stays the number -5), and JSON keeps
the text exact.

The loader reads that mark back (`restore`): a text `'=…` in a workbook is what our
own writer made of `=…` (Excel itself keeps an apostrophe typed in front of a text
as a cell style, not in the value), so a written-back workbook reads back exactly.
Lives in `loaders` because the template writer is here and `loaders` imports
nothing else of the project.
"""

from __future__ import annotations

from typing import Any

#: First characters that make Excel (or LibreOffice) read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralize(value: Any) -> Any:
    """Text that a spreadsheet could run gets a leading `'`; anything else is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The inverse of `neutralize`, for text read from a workbook: `'=1+1` → `=1+1`."""
    if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
