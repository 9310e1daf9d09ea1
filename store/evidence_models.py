"""The tables of 증빙 (evidence): the photos and documents behind a pledge's figures, and their files.

A piece belongs to a ward's 기준일 (the quarter it was added to) and to a pledge, or one of its
세부사업; it is reviewed with that quarter (승인 publishes it, 반려 returns it) and shown with the
pledge in every later quarter of the same pledge set. Nothing is ever deleted: removal hides a
piece with who, when and why, and its file stays. The file is kept apart (`evidence_files`), so
listing evidence never reads a photo. Schema changes go through Alembic like store/models.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base, _utcnow


class EvidenceRow(Base):
    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_ward_as_of", "ward", "as_of"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ward: Mapped[str] = mapped_column(String(100))
    as_of: Mapped[dt.date] = mapped_column(Date)
    pledge_id: Mapped[str] = mapped_column(String(50))
    subproject: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: required: it is the picture's alternative text on every page that shows it
    caption: Mapped[str] = mapped_column(Text)
    #: when the photo was taken or the document issued (as given, else the photo's own date)
    taken_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    kind: Mapped[str] = mapped_column(String(10))  # 사진 | 문서
    media_type: Mapped[str] = mapped_column(String(100))
    #: the name as handed in, and the extension its content really has
    file_name: Mapped[str] = mapped_column(String(500))
    extension: Mapped[str] = mapped_column(String(10))
    #: size and sha256 of the kept file (a photo as kept: turned upright, its metadata removed)
    bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: sha256 of the file as handed in (a photo's kept bytes differ from it)
    original_sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    thumb_width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    thumb_height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    #: 검토 전 until its quarter is approved (승인) or returned (반려, with the reason)
    state: Mapped[str] = mapped_column(String(10), default="검토 전")
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    removed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    removed_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class EvidenceFileRow(Base):
    """The kept bytes of a piece and, for a photo, its thumbnail (made once, when it was added)."""

    __tablename__ = "evidence_files"

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
