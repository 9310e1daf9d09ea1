"""The store's tables (SQLAlchemy 2 declarative models).

One import is one `SnapshotRow` with its content rows; nothing is ever updated
in place except `CurrentVersion`, which says which version of a ward's
기준일 is shown. Re-importing or rolling back only moves that pointer, so
every quarter ever uploaded stays on record.

Schema changes go through Alembic (`store/migrations/`); keep these models and
the newest migration in step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base, _utcnow


class SnapshotRow(Base):
    """One imported workbook: one ward, one 기준일, one version."""

    __tablename__ = "snapshots"
    __table_args__ = (
        UniqueConstraint("ward", "as_of", "version", name="uq_snapshot_version"),
        UniqueConstraint("ward", "as_of", "sha256", name="uq_snapshot_file"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ward: Mapped[str] = mapped_column(String(100), index=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    budget_unit: Mapped[str] = mapped_column(String(10), default="백만원")
    author_department: Mapped[str | None] = mapped_column(String(200), nullable=True)
    author: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: loaded automatically from data/ on an empty store; "clear samples" removes only these
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 민선 N기 and 구청장 of 개요: which pledge set the quarter belongs to (store.terms)
    term: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mayor: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: 제출단위 of the file that made this version: 구 전체, or 부서 (merged into the 기준일's quarter)
    submission: Mapped[str] = mapped_column(String(10), default="구 전체", server_default="구 전체")


class SnapshotFile(Base):
    """The exact bytes an official uploaded, so history can hand back what was submitted."""

    __tablename__ = "snapshot_files"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ReviewRow(Base):
    """The coordinating office's decision on a version; no row means 검토 전 (not yet reviewed)."""

    __tablename__ = "reviews"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(10))  # 승인 | 반려
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    reviewed_by: Mapped[str] = mapped_column(String(200))
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


class SnapshotFigures(Base):
    """The snapshot's figures as one JSON document (figures.snapshot), computed once at import."""

    __tablename__ = "snapshot_figures"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text)


class QuarterModel(Base):
    """A version's kept read-model core (figures.quarter.QuarterCore), computed once when it is stored
    (store/kept.py): zlib-compressed JSON of figures/codec.py, with the MODEL_VERSION it was made under."""

    __tablename__ = "quarter_models"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    #: what the rates across a set read of it (figures.snapshot.rate_part), apart: 8 quarters' rates are
    #: 8 small reads, not 8 whole documents
    rates: Mapped[str] = mapped_column(Text)


class CurrentVersion(Base):
    """Which snapshot is shown for a ward's 기준일 (moved by import and rollback)."""

    __tablename__ = "current_versions"

    ward: Mapped[str] = mapped_column(String(100), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


def _snapshot_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)


class PledgeRow(Base):
    __tablename__ = "pledges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(Text, nullable=True)
    term: Mapped[str | None] = mapped_column(String(20), nullable=True)
    owner: Mapped[str | None] = mapped_column(String(20), nullable=True)
    novelty: Mapped[str | None] = mapped_column(String(20), nullable=True)
    period: Mapped[str | None] = mapped_column(String(20), nullable=True)
    budget_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    department: Mapped[str | None] = mapped_column(Text, nullable=True)
    manager: Mapped[str | None] = mapped_column(Text, nullable=True)
    contact: Mapped[str | None] = mapped_column(Text, nullable=True)
    overview: Mapped[str | None] = mapped_column(Text, nullable=True)
    situation: Mapped[str | None] = mapped_column(Text, nullable=True)
    goal: Mapped[str | None] = mapped_column(Text, nullable=True)
    support: Mapped[str | None] = mapped_column(Text, nullable=True)  # 정부·서울시 도움
    plan: Mapped[str | None] = mapped_column(Text, nullable=True)  # 추진계획
    order: Mapped[int] = mapped_column("position", Integer, default=0)


class SubProjectRow(Base):
    __tablename__ = "subprojects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(Text)
    #: scheduled quarters, comma-separated "2018Q2,2018Q3"
    quarters: Mapped[str] = mapped_column(Text, default="")
    order: Mapped[int] = mapped_column("position", Integer, default=0)


class BudgetRowRow(Base):
    __tablename__ = "budget_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    subproject: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str | None] = mapped_column(String(10), nullable=True)
    year: Mapped[int] = mapped_column(Integer)
    end_month: Mapped[int] = mapped_column(Integer, default=12)
    amount: Mapped[int] = mapped_column(BigInteger)
    #: 구분: 계획 (planned), 확보 (secured) or 집행 (spent)
    kind: Mapped[str] = mapped_column(String(4), default="계획", server_default="계획")


class IndicatorRow(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    subproject: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(50), default="%")
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    stated_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    has_plan: Mapped[bool] = mapped_column(Boolean, default=True)
    has_actual: Mapped[bool] = mapped_column(Boolean, default=True)


class IndicatorPointRow(Base):
    __tablename__ = "indicator_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    subproject: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    end_month: Mapped[int] = mapped_column(Integer, default=12)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)


class AchievementRow(Base):
    __tablename__ = "achievements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    subproject: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    start_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    open_end: Mapped[bool] = mapped_column(Boolean, default=False)
    raw_date: Mapped[str] = mapped_column(Text, default="")
    order: Mapped[int] = mapped_column("position", Integer, default=0)


class AdjustmentSheetRow(Base):
    """A row of sheet 공약조정: why a pledge differs from its set's plan (loaders.model.AdjustmentRow)."""

    __tablename__ = "adjustment_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    pledge_id: Mapped[str] = mapped_column(String(50))
    subproject: Mapped[str | None] = mapped_column(Text, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    review: Mapped[str | None] = mapped_column(Text, nullable=True)
    start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    start_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    open_end: Mapped[bool] = mapped_column(Boolean, default=False)
    raw_date: Mapped[str] = mapped_column(Text, default="")
    order: Mapped[int] = mapped_column("position", Integer, default=0)
    cell: Mapped[str] = mapped_column(String(20), default="")


class SnapshotAdjustments(Base):
    """A quarter's adjustments against its set's plan (figures.adjustments), kept at import.

    They depend on the plan and on the 공약조정 rows of the set's earlier quarters as well as on
    the quarter's own rows, so the document says what it was computed from: the plan's snapshot
    id and `basis`, the ids of the quarters whose rows were carried. When either has moved (a
    version approved or rolled back) the store computes them again on read.
    """

    __tablename__ = "snapshot_adjustments"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True
    )
    plan_snapshot_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    basis: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str] = mapped_column(Text)


class FindingRow(Base):
    """A warning kept with its snapshot (workbooks with errors are never stored)."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    level: Mapped[str] = mapped_column(String(10))
    sheet: Mapped[str] = mapped_column(String(100))
    cell: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)


class SubmissionRow(Base):
    """One department's part of a ward's 기준일 as handed in (spec "Department submissions").

    A department's workbook makes one row; a whole-ward workbook one row per department of its
    pledges, all by its uploader. `snapshot_id` is the version the upload made. Review per
    department sets `state` (제출 → 승인 or 반려 with `reason`); `warnings` is the JSON list of
    [sheet, cell, message] the upload gave about this department's pledges.
    """

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_ward_as_of", "ward", "as_of"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ward: Mapped[str] = mapped_column(String(100))
    as_of: Mapped[dt.date] = mapped_column(Date)
    department: Mapped[str] = mapped_column(String(200))
    snapshot_id: Mapped[int] = _snapshot_fk()
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))  # 제출 | 반려 | 승인
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    warnings: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class PledgeOrigin(Base):
    """Where a version's pledge comes from: its department, and whose rows it carries.

    `carried_from` is None for the quarter's own rows and the earlier 기준일 otherwise (a pledge whose
    department has not submitted yet, shown 미제출); `submission_id` is the submission (no foreign
    key: a plain reference, like SnapshotAdjustments.plan_snapshot_id) that supplied its rows.
    """

    __tablename__ = "pledge_origins"

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True)
    pledge_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    department: Mapped[str] = mapped_column(String(200))
    carried_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    submission_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class DeadlineRow(Base):
    """The 제출 기한 an admin set for a ward's 기준일; departments not submitted by then are late."""

    __tablename__ = "deadlines"

    ward: Mapped[str] = mapped_column(String(100), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    deadline: Mapped[dt.date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


class ReopeningRow(Base):
    """An admin reopened an approved 기준일 for department submissions (the approved version stays published)."""

    __tablename__ = "reopenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ward: Mapped[str] = mapped_column(String(100))
    as_of: Mapped[dt.date] = mapped_column(Date)
    snapshot_id: Mapped[int] = _snapshot_fk()
    reopened_by: Mapped[str] = mapped_column(String(200))
    reopened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


class AuditEvent(Base):
    """Who did what, when: imports, rollbacks, account changes, failed logins, refusals.

    Append-only and hash-chained (store/audit.py), so `pledges verify` sees an edit or a deletion.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_actor_action_at", "actor", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    outcome: Mapped[str] = mapped_column(String(20), default="ok")  # ok | refused | failed
    ward: Mapped[str | None] = mapped_column(String(100), nullable=True)
    as_of: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    #: the chain (store.audit.event_hash): the hash of the event before this one (by id), and this
    #: event's own hash over its fields and prev_hash; an edited or deleted event breaks it.
    #: Nullable so that a process still running the code before migration 0006 keeps working
    #: (its events show up in `pledges verify` as unchained).
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


# the accounts' tables (their own module; imported here so every table is on Base.metadata)
from store.account_models import AccountRow, AccountWardRow, SessionRow  # noqa: E402, F401
from store.evidence_models import EvidenceFileRow, EvidenceRow  # noqa: E402, F401
