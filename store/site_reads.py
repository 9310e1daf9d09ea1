"""Reads the published site needs that the Store's methods give only for the shown version.

`pledges publish` shows, per ward and 기준일, the latest *approved* version, which is not
always the version the dashboard shows (a newer one may wait for review). Its adjustments
must be that approved version's, never the newer one's: a resident must not read a change
the coordinating office has not approved.
"""

from __future__ import annotations

import datetime as dt

from figures.adjustments import Adjustment
from store import terms


def adjustments_by_ids(store, snapshot_ids: list[int]) -> dict[int, tuple[list[Adjustment], dt.date | None]]:
    """Each snapshot's adjustments against its pledge set's plan, and the plan's 기준일 (`terms.kept`:
    what was kept at import, computed again and kept where the plan or the carried rows moved)."""
    found = {}
    with store.engine.connect() as conn:
        for snapshot_id in snapshot_ids:
            adjustments, plan_as_of, _ = terms.kept(conn, snapshot_id)
            found[snapshot_id] = (adjustments, plan_as_of)
        conn.commit()
    return found
