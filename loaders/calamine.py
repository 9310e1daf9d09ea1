"""Placeholder: .xls, .xlsb and .ods are refused with the conversion message for now."""

from __future__ import annotations

from loaders.findings import Findings
from loaders.grid import Grid
from loaders.safety import OtherFormat


def read_other(data: bytes, other: OtherFormat, sheets: tuple[str, ...], findings: Findings) -> dict[str, Grid]:
    raise other
