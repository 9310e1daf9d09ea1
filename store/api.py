"""`Store`: the one object the dashboard and the `pledges` command talk to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from sqlalchemy import Engine, func, select

from figures.adjustments import Adjustment
from figures.quarter import Quarter, QuarterCore
from figures.terms import PledgeSet, set_of
from loaders.frames import SnapshotFrames, from_frames
from loaders.model import Finding, LoadResult, Snapshot
from store import (
    audit,
    backup,
    history,
    kept,
    quarters,
    reading,
    restore,
    review,
    samples,
    submissions,
    terms,
    verify,
)
from store.account_door import AccountDoor
from store.accounts import Account
from store.backup import BackupInfo, RestoreOutcome
from store.engine import make_engine, resolve_url, upgrade
from store.evidence_door import EvidenceDoor
from store.imports import ImportOutcome, actor, import_file, store_result
from store.models import AuditEvent, CurrentVersion, EvidenceRow, ReviewRow, SnapshotRow
from store.preview import Preview, preview, version_preview
from store.submissions import Board, Origin
from store.verify import Verification


class Store(AccountDoor, EvidenceDoor):
    """The one door of the store; its account and 증빙 methods are in store/account_door.py and
    store/evidence_door.py."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    # --- writing ---------------------------------------------------------------------
    def import_file(
        self,
        source: str | Path | bytes | BinaryIO,
        *,
        file_name: str | None = None,
        by: str | None = None,
        user: Account | None = None,
    ) -> ImportOutcome:
        """Store a workbook; `user` must have the right once the store has accounts."""
        return import_file(self.engine, source, file_name=file_name, by=by, user=user)

    def store_result(self, result: LoadResult, *, content: bytes | None = None, by: str | None = None,
                     user: Account | None = None) -> ImportOutcome:
        """Store a workbook already read (the upload page reads each file once, bounded).

        A refused read (`result.refused`) stores nothing and is audited as refused.
        """
        return store_result(self.engine, result, by=actor(by, user), user=user,
                            content=content)

    def rollback(self, ward: str, as_of: dt.date, *, by: str | None = None, user: Account | None = None) -> str:
        return history.rollback(self.engine, ward, as_of, by=actor(by, user),
                                user=user)

    def preview(self, result: LoadResult) -> Preview | None:
        """What storing this read workbook would change (nothing is stored)."""
        return preview(self.engine, result)

    def approve(self, ward: str, as_of: dt.date, *, by: str | None = None, user: Account | None = None,
                version: int | None = None, department: str | None = None) -> str:
        """승인: this version (the current one by default) may be published; or one department's part of it."""
        if department is not None:
            return review.decide_department(self.engine, ward, as_of, review.APPROVED, department,
                                            by=actor(by, user), user=user)
        return review.decide(self.engine, ward, as_of, review.APPROVED, by=actor(by, user),
                             user=user, version=version)

    def return_version(self, ward: str, as_of: dt.date, reason: str, *, by: str | None = None,
                       user: Account | None = None, version: int | None = None, department: str | None = None) -> str:
        """반려 with a reason the uploading department reads (of the version, or of one department's part)."""
        if department is not None:
            return review.decide_department(self.engine, ward, as_of, review.RETURNED, department, reason=reason,
                                            by=actor(by, user), user=user)
        return review.decide(self.engine, ward, as_of, review.RETURNED, by=actor(by, user),
                             user=user, version=version, reason=reason)

    def reopen(self, ward: str, as_of: dt.date, *, by: str | None = None, user: Account | None = None) -> str:
        """Take department submissions for an approved 기준일 again (admins; audited)."""
        return review.reopen(self.engine, ward, as_of, by=actor(by, user), user=user)

    def set_deadline(self, ward: str, as_of: dt.date, day: dt.date, *, by: str | None = None,
                     user: Account | None = None) -> str:
        """제출 기한 of a ward's 기준일 (admins; audited)."""
        return submissions.set_deadline(self.engine, ward, as_of, day,
                                        by=actor(by, user), user=user)

    def submissions(self, ward: str, as_of: dt.date, today: dt.date | None = None) -> Board:
        """Each department's state for a ward's 기준일, with the 제출 기한 (store.submissions.board)."""
        return submissions.board(self.engine, ward, as_of, today)

    def pledge_origins(self, ward: str, as_of: dt.date) -> dict[str, Origin]:
        """Per pledge of the shown version: its department and the earlier 기준일 it carries (None: its own)."""
        with self.engine.connect() as conn:
            return submissions.shown_pledges(conn, ward, as_of)[1] if reading.current_id(conn, ward, as_of) else {}

    def version_preview(self, ward: str, as_of: dt.date, version: int) -> Preview | None:
        """What a stored version changed (against the version before it and the previous quarter)."""
        return version_preview(self.engine, ward, as_of, version)

    def reviews(self, ward: str) -> pd.DataFrame:
        return review.reviews(self.engine, ward)

    def review_state(self, ward: str, as_of: dt.date) -> tuple[str, str] | None:
        """(state, reason) of the version shown for this 기준일; None when there is none."""
        with self.engine.connect() as conn:
            snapshot_id = reading.current_id(conn, ward, as_of)
            return review.state_of(conn, snapshot_id) if snapshot_id else None

    def published(self, wards: list[str] | None = None) -> dict[tuple[str, dt.date], int]:
        """(ward, 기준일) → the snapshot id residents see (the latest approved version)."""
        with self.engine.connect() as conn:
            return review.published_ids(conn, wards)

    def frames_by_ids(self, snapshot_ids: list[int]) -> dict[int, SnapshotFrames]:
        """The versions' rows as frames, from their kept cores."""
        with self.engine.connect() as conn:
            found = kept.frames_for_ids(conn, snapshot_ids)
            conn.commit()  # cores computed for a version kept without one are kept
        return found

    def version_frames(self, ward: str, as_of: dt.date, version: int) -> SnapshotFrames | None:
        with self.engine.connect() as conn:
            snapshot_id = conn.execute(select(SnapshotRow.id).where(
                SnapshotRow.ward == ward, SnapshotRow.as_of == as_of, SnapshotRow.version == version)).scalar()
            return kept.frames_of(conn, snapshot_id) if snapshot_id else None

    def version_warnings(self, ward: str, as_of: dt.date, version: int) -> list[Finding]:
        with self.engine.connect() as conn:
            snapshot_id = conn.execute(select(SnapshotRow.id).where(
                SnapshotRow.ward == ward, SnapshotRow.as_of == as_of, SnapshotRow.version == version)).scalar()
            return reading.warnings_for(conn, snapshot_id) if snapshot_id else []

    def load_samples(self, data_dir: Path | None = None) -> list[ImportOutcome]:
        return samples.load_samples(self.engine, data_dir)

    def has_samples(self) -> bool:
        return samples.has_samples(self.engine)

    def clear_samples(self, *, by: str | None = None, user: Account | None = None) -> int:
        return samples.clear_samples(self.engine, by=actor(by, user), user=user)

    def dispose(self) -> None:
        """Close the store's connections (a command ends, a test is done)."""
        self.engine.dispose()

    # --- reading ---------------------------------------------------------------------
    def history(self, ward: str) -> pd.DataFrame:
        return history.history(self.engine, ward)

    def wards(self) -> list[str]:
        with self.engine.connect() as conn:
            return reading.wards(conn)

    def as_of_dates(self, ward: str) -> list[dt.date]:
        with self.engine.connect() as conn:
            return reading.as_of_dates(conn, ward)

    def previous_as_of(self, ward: str, as_of: dt.date) -> dt.date | None:
        """The quarter before `as_of` within its pledge set (None for a set's first quarter)."""
        found = self.pledge_set(ward, as_of)
        return found.previous(as_of) if found else None

    def pledge_sets(self, ward: str) -> list[PledgeSet]:
        """The ward's pledge sets (a term and a mayor each), oldest first (figures.terms)."""
        with self.engine.connect() as conn:
            return terms.sets(conn, ward)

    def pledge_set(self, ward: str, as_of: dt.date) -> PledgeSet | None:
        """The pledge set the shown version of this 기준일 belongs to."""
        return set_of(self.pledge_sets(ward), as_of)

    def latest_sets(self, wards: list[str]) -> dict[str, PledgeSet]:
        """Each ward's newest pledge set (its latest quarter's term): the city view marks wards on an old term."""
        with self.engine.connect() as conn:
            return {ward: found[-1] for ward in wards if (found := terms.sets(conn, ward))}

    def adjustments(self, ward: str, as_of: dt.date) -> tuple[list[Adjustment], dt.date | None]:
        """The shown version's adjustments against its set's plan, and the plan's 기준일 (figures.adjustments)."""
        with self.engine.connect() as conn:
            snapshot_id = reading.current_id(conn, ward, as_of)
            if snapshot_id is None:
                return [], None
            found, plan_as_of, computed = terms.kept(conn, snapshot_id)
            if computed:
                conn.commit()  # recomputed after the plan or the carried rows moved: kept again
        return found, plan_as_of

    def quarter(self, ward: str, as_of: dt.date | None = None) -> Quarter | None:
        """The shown version of the ward's 기준일 (the latest when None): the read-model every page,
        document and command reads (store/quarters.py); None when the store has none."""
        with self.engine.connect() as conn:
            found = quarters.quarter(conn, ward, as_of)
            conn.commit()  # what was computed for a version kept without it (or adjustments whose basis moved)
        return found

    def quarter_by_id(self, snapshot_id: int, *, pledge_id: str | None = None) -> Quarter:
        """One stored version assembled (a reviewed or published version that is not the shown one)."""
        with self.engine.connect() as conn:
            found = quarters.quarter_of(conn, snapshot_id, pledge_id=pledge_id)
            conn.commit()
        return found

    def cores_by_ids(self, snapshot_ids: list[int]) -> dict[int, QuarterCore]:
        """The kept cores of these versions (figures.quarter.QuarterCore), for readers with their own context."""
        with self.engine.connect() as conn:
            found = kept.cores_for_ids(conn, snapshot_ids)
            conn.commit()
        return found

    def frames(self, ward: str, as_of: dt.date | None = None) -> SnapshotFrames | None:
        """The shown version's rows as frames (from its kept core)."""
        with self.engine.connect() as conn:
            snapshot_id = reading.current_id(conn, ward, as_of)
            return kept.frames_of(conn, snapshot_id) if snapshot_id else None

    def frames_many(self, wards: list[str], as_of: dt.date | None = None) -> list[SnapshotFrames | None]:
        """`frames` for several wards at once: the city's summary."""
        with self.engine.connect() as conn:
            ids = [reading.current_id(conn, ward, as_of) for ward in wards]
            found = kept.frames_for_ids(conn, [i for i in ids if i])
            conn.commit()
        return [found.get(i) if i else None for i in ids]

    def cores_many(self, wards: list[str], as_of: dt.date | None = None) -> list[QuarterCore | None]:
        """Each ward's shown version's kept core: the city's summary without any recomputation."""
        with self.engine.connect() as conn:
            ids = [reading.current_id(conn, ward, as_of) for ward in wards]
            found = kept.cores_for_ids(conn, [i for i in ids if i])
            conn.commit()
        return [found.get(i) if i else None for i in ids]

    def figures_many(self, wards: list[str], as_of: dt.date | None = None) -> list[dict | None]:
        """Each ward's stored figures document (figures.snapshot) for its shown version: the city view."""
        with self.engine.connect() as conn:
            ids = [reading.current_id(conn, ward, as_of) for ward in wards]
            found = kept.figures_for_ids(conn, [i for i in ids if i])
            conn.commit()  # documents recomputed for an outdated version are kept
        return [found.get(i) if i else None for i in ids]

    def figures_over_time(self, ward: str, until: dt.date | None = None) -> list[dict]:
        """The kept figures of each 기준일 of `until`'s pledge set up to it (shown versions), oldest first."""
        with self.engine.connect() as conn:
            found = terms.sets(conn, ward)
            owner = set_of(found, until) if until is not None else (found[-1] if found else None)
            # a set's quarters only: pledge 3 of 민선 9기 is never pledge 3 of 민선 8기
            dates = [d for d in (owner.dates if owner else ()) if until is None or d <= until]
            ids = [reading.current_id(conn, ward, d) for d in dates]
            found = kept.figures_for_ids(conn, ids)
            conn.commit()
        return [found[i] for i in ids]

    def figures_by_ids(self, snapshot_ids: list[int]) -> dict[int, dict]:
        """The figures kept at import for these snapshots (computed and kept where missing)."""
        with self.engine.connect() as conn:
            found = kept.figures_for_ids(conn, snapshot_ids)
            conn.commit()
        return found

    def snapshot_warnings(self, ward: str, as_of: dt.date) -> list[Finding]:
        with self.engine.connect() as conn:
            snapshot_id = reading.current_id(conn, ward, as_of)
            return reading.warnings_for(conn, snapshot_id) if snapshot_id else []

    def snapshot_info(self, ward: str, as_of: dt.date) -> dict[str, object] | None:
        with self.engine.connect() as conn:
            snapshot_id = reading.current_id(conn, ward, as_of)
            if not snapshot_id:
                return None
            row = conn.execute(select(SnapshotRow.__table__).where(SnapshotRow.id == snapshot_id)).one()
            return {
                "file_name": row.file_name, "version": row.version, "imported_by": row.imported_by,
                "imported_at": row.imported_at, "sha256": row.sha256, "sample": row.sample,
                "budget_unit": row.budget_unit, "author_department": row.author_department,
                "author": row.author,
            }

    def snapshot(self, ward: str, as_of: dt.date | None = None) -> Snapshot | None:
        """The shown quarter as a Snapshot, e.g. to write it back as next quarter's workbook."""
        frames = self.frames(ward, as_of)
        if frames is None:
            return None
        info = self.snapshot_info(ward, frames.as_of) or {}
        return from_frames(frames, budget_unit=str(info.get("budget_unit") or "백만원"),
                           author_department=info.get("author_department"),  # type: ignore[arg-type]
                           author=info.get("author"))  # type: ignore[arg-type]

    def original_file(self, ward: str, as_of: dt.date, version: int | None = None) -> tuple[str, bytes] | None:
        """The exact bytes uploaded for a version (the current one by default), with the file name."""
        return history.original_file(self.engine, ward, as_of, version)

    def state_token(self) -> str:
        """Changes with every import, rollback or clearing: the dashboard's cache key."""
        # one round trip: pages ask for it before every cached read, on every rerun of every session
        query = select(
            select(func.count()).select_from(SnapshotRow).scalar_subquery(),
            select(func.max(SnapshotRow.id)).scalar_subquery(),
            select(func.count()).select_from(CurrentVersion).scalar_subquery(),
            select(func.max(CurrentVersion.changed_at)).scalar_subquery(),
            select(func.max(AuditEvent.id)).scalar_subquery(),
        )
        with self.engine.connect() as conn:
            return ":".join(str(v) for v in conn.execute(query).one())

    def ward_token(self, ward: str) -> str:
        """Changes with every import, rollback, approval or return of this ward, each 증빙 added or removed
        (and the clearing of samples).

        The pages key a ward's cached figures and charts by it, so one ward's import leaves
        the other 24 wards' caches warm: on the morning after the quarter closes the wards
        upload one after another while the others are being read.
        """
        mine = select(SnapshotRow.id).where(SnapshotRow.ward == ward)
        query = select(
            select(func.count()).select_from(SnapshotRow).where(SnapshotRow.ward == ward).scalar_subquery(),
            select(func.max(SnapshotRow.id)).where(SnapshotRow.ward == ward).scalar_subquery(),
            select(func.count()).select_from(CurrentVersion).where(CurrentVersion.ward == ward).scalar_subquery(),
            select(func.max(CurrentVersion.changed_at)).where(CurrentVersion.ward == ward).scalar_subquery(),
            select(func.count()).select_from(ReviewRow).where(ReviewRow.snapshot_id.in_(mine)).scalar_subquery(),
            select(func.max(ReviewRow.reviewed_at)).where(ReviewRow.snapshot_id.in_(mine)).scalar_subquery(),
            # 증빙 added or removed (a review's decision on it moves ReviewRow above)
            select(func.max(EvidenceRow.id)).where(EvidenceRow.ward == ward).scalar_subquery(),
            select(func.count()).select_from(EvidenceRow).where(
                EvidenceRow.ward == ward, EvidenceRow.removed_at.is_not(None)).scalar_subquery(),
        )
        with self.engine.connect() as conn:
            return ":".join(str(v) for v in conn.execute(query).one())

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(SnapshotRow.id).limit(1)).first() is None

    def is_fresh(self) -> bool:
        """Never used: no snapshot and no audit record (so cleared samples do not come back)."""
        with self.engine.connect() as conn:
            used = conn.execute(select(AuditEvent.id).limit(1)).first() is not None
        return not used and self.is_empty()

    def audit_events(self, limit: int = 200) -> pd.DataFrame:
        return audit.events(self.engine, limit=limit)

    # --- backup, restore, verify (store/backup.py, restore.py, verify.py) -----------------------
    def backup(self, path: str | Path, *, progress: backup.Progress | None = None) -> BackupInfo:
        """The whole store, from one consistent state, into one SQLite file (written atomically)."""
        return backup.backup(self.engine, path, progress=progress)

    def restore(self, path: str | Path, *, replace: bool = False, keep: str | Path | None = None,
                info: BackupInfo | None = None, progress: backup.Progress | None = None) -> RestoreOutcome:
        """A backup into this store: refused when it holds anything, unless `replace` (backed up to `keep` first)."""
        return restore.restore(self.engine, path, replace=replace, keep=keep, info=info, progress=progress)

    def verify(self, *, progress: backup.Progress | None = None) -> Verification:
        """Kept files, kept figures, pointers and the audit chain checked; `.problems` lists what does not hold."""
        return verify.verify(self.engine, progress=progress)


def open_store(url: str | None = None) -> Store:
    """Open (and create or upgrade) the store at `url`, PLEDGES_DB, or data/pledges.sqlite."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    upgrade(engine)
    kept.fill_missing(engine)  # the read-model of versions a migration left without (once)
    return Store(engine, resolved)
