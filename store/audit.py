"""The audit log: who imported, rolled back or cleared what, and when.

Records are written in their own short transaction so that a refused or
failed import (whose own transaction is rolled back) still leaves its trace.

The log is a hash chain: each event keeps the hash of the event before it (by id) and its
own hash over its fields and that previous hash, so an edited or deleted event no longer
matches and `pledges verify` (store/verify.py) says where. Appending reads the last hash
and writes the new event while holding the store's write lock (SQLite: BEGIN IMMEDIATE;
PostgreSQL: a transaction-scoped advisory lock), so two processes writing at the same
moment still form one chain instead of two branches off the same predecessor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from figures.formatting import KST, korean_time  # noqa: F401 - the audit's times, read from here too
from store.engine import write_transaction
from store.models import AuditEvent

#: prev_hash of the first event
GENESIS = "0" * 64
#: the fields an event's hash covers, in this order (id is not one: the chain itself fixes the order)
HASHED_FIELDS = ("at", "actor", "action", "outcome", "ward", "as_of", "sha256", "detail")
#: any fixed number, other than store.engine's migration lock: serializes appends on PostgreSQL
_AUDIT_LOCK = 0x5EED_A0D1


def canonical_time(moment: dt.datetime) -> str:
    """One text for one instant: SQLite hands back naive UTC, PostgreSQL aware datetimes in the
    session's time zone; both become `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(fields: Mapping[str, object], prev_hash: str) -> str:
    """sha256 over the canonical JSON of the event's fields and the previous event's hash.

    Migration 0006 keeps its own copy of this function (a migration must not import the app);
    tests/store/test_audit_chain.py checks that both give the same hash.
    """
    document: dict[str, object] = {"prev_hash": prev_hash}
    for name in HASHED_FIELDS:
        value = fields.get(name)
        if isinstance(value, dt.datetime):
            value = canonical_time(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        document[name] = value
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
        with write_transaction(target) as conn:  # SQLite: BEGIN IMMEDIATE, the write lock up front
            _append(conn, values)
    else:
        _append(target, values)


def _append(conn: Connection, values: dict) -> None:
    """Add the event at the end of the chain, holding the lock that makes 'the end' one place.

    On SQLite the caller's transaction holds the write lock (write_transaction), or a stale
    read snapshot makes the insert fail (SQLITE_BUSY_SNAPSHOT) rather than fork the chain.
    On PostgreSQL the advisory lock is held to commit; under READ COMMITTED the select after
    it sees the event the previous holder committed.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_AUDIT_LOCK})")
    last = conn.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    prev_hash = (last[0] if last else None) or GENESIS
    conn.execute(insert(AuditEvent), {**values, "prev_hash": prev_hash, "hash": event_hash(values, prev_hash)})


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


ACTION_NAMES = {
    "import": "자료 저장", "rollback": "되돌리기", "clear_samples": "예시 자료 지우기",
    "account_add": "계정 만들기", "account_remove": "계정 지우기", "login": "로그인",
    "login_failed": "로그인 실패", "approve": "승인", "return": "반려",
    "reopen": "다시 열기", "deadline": "제출 기한", "account_set": "계정 바꾸기", "logout": "로그아웃",
    "password_change": "비밀번호 변경", "password_reset": "비밀번호 초기화", "accounts": "계정 관리", "session_end": "로그인 끝남",
    "evidence_add": "증빙 추가", "evidence_remove": "증빙 내리기", "evidence": "증빙",
}
OUTCOME_NAMES = {"ok": "완료", "refused": "거부", "failed": "실패"}
KOREAN_COLUMNS = {"at": "시각", "actor": "누가", "action": "무엇을", "outcome": "결과", "ward": "구",
                  "as_of": "기준일", "sha256": "파일 sha256", "detail": "내용"}


def korean_events(frame: pd.DataFrame) -> pd.DataFrame:
    """The audit log as people read it: Korean actions, outcomes, dates and column names."""
    shown = frame.copy()
    shown["at"] = shown["at"].map(korean_time)
    shown["action"] = shown["action"].map(lambda a: ACTION_NAMES.get(a, a))
    shown["outcome"] = shown["outcome"].map(lambda o: OUTCOME_NAMES.get(o, o))
    shown["as_of"] = shown["as_of"].map(lambda d: f"{d.year}. {d.month}. {d.day}." if d else "")
    shown["ward"] = shown["ward"].map(lambda w: w or "")
    shown["sha256"] = shown["sha256"].map(lambda s: s or "")
    return shown.rename(columns=KOREAN_COLUMNS)
