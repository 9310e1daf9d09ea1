"""audit events hash-chained

Revision ID: 0006_audit_chain
Revises: 0005_refresh_figures
Create Date: 2026-12-03 12:30:00

Adds `prev_hash` and `hash` to `audit_events` and chains the events already stored, in
id order, so an edited or deleted event is seen by `pledges verify` from the upgrade on.

This migration imports nothing of the application: it has its own table definition and
its own copy of the hash (store.audit.event_hash), because a migration must keep doing
what it did when it was written even after the application's code moves on.
tests/store/test_audit_chain.py checks that both copies give the same hash.
"""
import datetime as dt
import hashlib
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006_audit_chain"
down_revision: Union[str, Sequence[str], None] = "0005_refresh_figures"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GENESIS = "0" * 64
HASHED_FIELDS = ("at", "actor", "action", "outcome", "ward", "as_of", "sha256", "detail")
BATCH = 1000

events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("outcome", sa.String),
    sa.column("ward", sa.String),
    sa.column("as_of", sa.Date),
    sa.column("sha256", sa.String),
    sa.column("detail", sa.Text),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def canonical_time(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(fields, prev_hash: str) -> str:  # noqa: ANN001
    document = {"prev_hash": prev_hash}
    for name in HASHED_FIELDS:
        value = fields.get(name)
        if isinstance(value, dt.datetime):
            value = canonical_time(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        document[name] = value
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_events", sa.Column("hash", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    fields = [events.c[name] for name in HASHED_FIELDS]
    update = (
        events.update()
        .where(events.c.id == sa.bindparam("event_id"))
        .values(prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash"))
    )
    prev_hash, last_id = GENESIS, None
    while True:  # in batches: a busy store has many login events
        query = sa.select(events.c.id, *fields).order_by(events.c.id).limit(BATCH)
        if last_id is not None:
            query = query.where(events.c.id > last_id)
        rows = conn.execute(query).all()
        if not rows:
            break
        chained = []
        for row in rows:
            own = event_hash(row._mapping, prev_hash)
            chained.append({"event_id": row.id, "new_prev": prev_hash, "new_hash": own})
            prev_hash, last_id = own, row.id
        conn.execute(update, chained)


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
