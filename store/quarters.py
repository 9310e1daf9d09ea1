"""A ward's 기준일 as every reader sees it: the kept core of the shown version and its context.

`quarter` reads the version's kept core (store/kept.py) and adds what its place among the ward's
quarters decides, from what the store keeps of those quarters, computing no figure again:
- the pledge set it belongs to (store.terms: the heads of the ward's versions);
- the previous quarter of the set: its kept core, to say what moved (figures.changes.compare_cores
  reads the progress tables both cores hold) and its 이행률;
- the rates of the set's quarters up to it (the small kept figures, figures.snapshot.rate_part);
- its adjustments against the set's plan (kept with their basis, store.terms.kept);
- the warnings kept with it, and the workbook's money unit.
The dashboard, the documents, the commands and the site all read this one `Quarter`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from figures.quarter import Quarter, QuarterCore, assemble
from figures.terms import set_of
from store import kept, reading, terms
from store.models import SnapshotRow


def quarter(conn: Connection, ward: str, as_of: dt.date | None = None) -> Quarter | None:
    """The shown version of the ward's 기준일 (the latest when None), assembled; None when there is none."""
    snapshot_id = reading.current_id(conn, ward, as_of)
    return quarter_of(conn, snapshot_id) if snapshot_id else None


def quarter_of(conn: Connection, snapshot_id: int, *, pledge_id: str | None = None) -> Quarter:
    """One stored version assembled with the shown versions of the other 기준일 of its set.

    `pledge_id`: the adjustments of that pledge only (a card)."""
    ward, as_of, unit = conn.execute(select(SnapshotRow.ward, SnapshotRow.as_of, SnapshotRow.budget_unit)
                                     .where(SnapshotRow.id == snapshot_id)).one()
    owner = set_of(terms.sets(conn, ward), as_of)
    dates = [d for d in owner.dates if d <= as_of] if owner else [as_of]
    ids = {d: (reading.current_id(conn, ward, d) if d != as_of else snapshot_id) for d in dates}
    before = owner.previous(as_of) if owner else None
    cores = kept.cores_for_ids(conn, [snapshot_id, *([ids[before]] if before else [])])
    rates = kept.rates_for_ids(conn, [i for i in ids.values() if i])
    adjustments, plan_as_of, _ = terms.kept(conn, snapshot_id)
    if pledge_id is not None:
        adjustments = [a for a in adjustments if a.pledge_id == pledge_id]
    return assemble(
        cores[snapshot_id],
        previous=cores.get(ids[before]) if before else None,
        history_documents=tuple(rates[i] for i in ids.values() if i in rates),
        pledge_set=owner,
        adjustments=tuple(adjustments),
        plan_as_of=plan_as_of,
        warnings=tuple(reading.warnings_for(conn, snapshot_id)),
        budget_unit=unit or "백만원",
    )


def core(conn: Connection, snapshot_id: int) -> QuarterCore:
    """One version's kept core alone (the site assembles its own context from published versions)."""
    return kept.cores_for_ids(conn, [snapshot_id])[snapshot_id]
