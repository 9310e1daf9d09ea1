"""The `Store`'s 증빙 methods (store/evidence.py): add, list, read, remove; judged by the store's own rights."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from store import evidence
from store.accounts import Account
from store.evidence import Evidence
from store.imports import actor


class EvidenceDoor:
    engine: Engine

    def add_evidence(self, data: bytes, file_name: str, *, ward: str, as_of: dt.date, pledge_id: str, caption: str,
                     subproject: str | None = None, taken_on: dt.date | None = None, by: str | None = None,
                     user: Account | None = None) -> Evidence:
        """Keep a photo or document for a pledge of a stored quarter; EvidenceError in Korean when refused.

        The file is judged by its content and a photo prepared in the bounded worker (loaders/evidence.py)."""
        return evidence.add(self.engine, ward=ward, as_of=as_of, pledge_id=pledge_id, caption=caption, data=data,
                            file_name=file_name, by=actor(by, user), user=user, subproject=subproject,
                            taken_on=taken_on)

    def evidence(self, ward: str, as_of: dt.date | None = None, pledge_id: str | None = None, *,
                 removed: bool = False) -> list[Evidence]:
        """The ward's pieces (with `as_of`: those shown with that quarter, its set's up to it), oldest first."""
        return evidence.listing(self.engine, ward, as_of, pledge_id, removed=removed)

    def evidence_piece(self, evidence_id: int) -> Evidence:
        return evidence.piece(self.engine, evidence_id)

    def evidence_file(self, evidence_id: int) -> tuple[Evidence, bytes]:
        """The piece and its kept bytes (a photo as kept: upright, without its metadata)."""
        return evidence.content(self.engine, evidence_id)

    def evidence_thumbnails(self, evidence_ids: list[int]) -> dict[int, bytes]:
        return evidence.thumbnails(self.engine, evidence_ids)

    def remove_evidence(self, evidence_id: int, reason: str, *, by: str | None = None,
                        user: Account | None = None) -> str:
        """Hide a piece with the reason (audited); its row and file stay."""
        return evidence.remove(self.engine, evidence_id, reason, by=actor(by, user), user=user)

    def published_evidence(self, ward: str, dates: list[dt.date]) -> list[Evidence]:
        """What residents see of these 기준일: approved pieces, not removed (the site's)."""
        with self.engine.connect() as conn:
            return evidence.approved(conn, ward, dates)

    def evidence_files(self, evidence_ids: list[int]) -> dict[int, tuple[bytes, bytes | None]]:
        """The kept bytes and thumbnails of these pieces, by id (the site copies them)."""
        with self.engine.connect() as conn:
            return evidence.files(conn, evidence_ids)
