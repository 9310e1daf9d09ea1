"""The audit log: who imported, rolled back or cleared what, and when.

Records are written in their own short transaction so that a refused or
failed import (whose own transaction is rolled back) still leaves its trace.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from store.models import AuditEvent


def record(
    target: Engine | Connection,
    *,
    actor: str,
    action: str,
    outcome: str = "ok",
    ward: str | None = None,
    as_of: dt.date | None = None,
    sha256: str | None = None,
    detail: str = "",
) -> None:
    values = dict(
        at=dt.datetime.now(dt.UTC), actor=actor, action=action, outcome=outcome,
        ward=ward, as_of=as_of, sha256=sha256, detail=detail[:2000],
    )
    if isinstance(target, Engine):
        with target.begin() as conn:
            conn.execute(insert(AuditEvent), values)
    else:
        target.execute(insert(AuditEvent), values)


def events(engine: Engine, *, limit: int = 200, ward: str | None = None) -> pd.DataFrame:
    query = select(
        AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.outcome,
        AuditEvent.ward, AuditEvent.as_of, AuditEvent.sha256, AuditEvent.detail,
    ).order_by(AuditEvent.id.desc()).limit(limit)
    if ward:
        query = query.where(AuditEvent.ward == ward)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["at", "actor", "action", "outcome", "ward", "as_of", "sha256", "detail"],
        dtype=object,
    )
