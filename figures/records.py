"""A frame's rows as plain dicts, faster than `DataFrame.to_dict("records")`.

pandas boxes every value through `maybe_box_native` one call at a time; a city's summary
(25 wards × 100 pledges × their sub-projects) spent about a tenth of its time there. A column's
`tolist()` gives the same plain Python values (int, float, bool, str, the objects of an
object column) in one call per column.
"""

from __future__ import annotations

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """`frame.to_dict("records")`, the same values, column by column."""
    columns = list(frame.columns)
    if not len(frame):
        return []
    return [dict(zip(columns, row, strict=True)) for row in zip(*(frame[c].tolist() for c in columns), strict=True)]


def by_pledge(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """A frame's rows grouped by their `pledge_id`, in frame order: a ward report of 120 cards walks
    every frame once instead of filtering it 120 times."""
    grouped: dict[str, list[dict]] = {}
    for row in records(frame):
        grouped.setdefault(row["pledge_id"], []).append(row)
    return grouped
