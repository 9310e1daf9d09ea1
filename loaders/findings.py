"""Collecting findings while reading, so all of a workbook's problems come out in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.grid import cell_ref
from loaders.model import Finding


@dataclass
class Findings:
    items: list[Finding] = field(default_factory=list)

    def error(self, sheet: str, message: str, row: int | None = None, col: int | None = None) -> None:
        self.items.append(Finding("error", sheet, _ref(row, col), message))

    def warning(
        self, sheet: str, message: str, row: int | None = None, col: int | None = None
    ) -> None:
        self.items.append(Finding("warning", sheet, _ref(row, col), message))

    @property
    def has_errors(self) -> bool:
        return any(f.level == "error" for f in self.items)


def _ref(row: int | None, col: int | None) -> str:
    if row is None:
        return ""
    if col is None:
        return str(row)
    return cell_ref(row, col)
