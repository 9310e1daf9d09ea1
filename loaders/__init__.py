"""Reading the quarterly pledge workbook (format 1 of docs/spec) into a typed snapshot.

Public entry points: `read_workbook` (a file in, a `LoadResult` out) and the
model types. Nothing here knows of databases or Streamlit.
"""

from loaders.model import (
    Achievement,
    BudgetRow,
    Finding,
    Indicator,
    IndicatorPoint,
    LoadResult,
    Pledge,
    Snapshot,
    SubProject,
)

__all__ = [
    "Achievement",
    "BudgetRow",
    "Finding",
    "Indicator",
    "IndicatorPoint",
    "LoadResult",
    "Pledge",
    "Snapshot",
    "SubProject",
    "read_workbook",
]


def read_workbook(source, *, file_name: str | None = None) -> LoadResult:
    """Read a workbook path or bytes; see `loaders.workbook.read_workbook`."""
    from loaders.workbook import read_workbook as _read

    return _read(source, file_name=file_name)
