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


#: Korea has no daylight saving time: a fixed +9 hours is exact, and needs no tz database
KST = dt.timezone(dt.timedelta(hours=9), "KST")
ACTION_NAMES = {
    "import": "자료 저장", "rollback": "되돌리기", "clear_samples": "예시 자료 지우기",
    "account_add": "계정 만들기", "account_remove": "계정 지우기", "login": "로그인",
    "login_failed": "로그인 실패", "approve": "승인", "return": "반려",
}
OUTCOME_NAMES = {"ok": "완료", "refused": "거부", "failed": "실패"}
KOREAN_COLUMNS = {"at": "시각", "actor": "누가", "action": "무엇을", "outcome": "결과", "ward": "구",
                  "as_of": "기준일", "sha256": "파일 sha256", "detail": "내용"}


def korean_time(moment: dt.datetime) -> str:
    """`2026. 11. 23. 16:44:05` in Korea time (SQLite hands back naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(KST)
    return f"{local.year}. {local.month}. {local.day}. {local:%H:%M:%S}"


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
