"""The upload preview: what storing a read workbook would change, computed without storing it.

Used by the 업로드 page before its 저장 button, by `pledges import --dry-run`, and by
the review of a stored version. It reads the version the file would replace (the
current one of the same ward and 기준일) and the previous quarter, and lists the
warnings the import would store (the loader's and dropped/backward ones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from figures.changes import import_warnings
from figures.preview import UploadDiff, previous_label, upload_diff
from figures.terms import QuarterHead
from loaders.frames import SnapshotFrames, to_frames
from loaders.model import Finding, LoadResult
from store import terms
from store.models import SnapshotRow
from store.reading import current_id, frames_for, warnings_for


@dataclass
class Preview:
    ward: str
    as_of: dt.date
    #: the version now shown for this 기준일, which storing would replace (None: a new 기준일)
    replaces_version: int | None
    #: the version number storing would create
    new_version: int
    #: the identical file is already stored as this version: storing would change nothing
    same_file_version: int | None
    against_replaced: UploadDiff | None
    against_previous: UploadDiff | None
    warnings: list[Finding] = field(default_factory=list)


def diffs_for(
    after: SnapshotFrames, replaced: SnapshotFrames | None, replaced_version: int | None,
    previous: SnapshotFrames | None,
) -> tuple[UploadDiff | None, UploadDiff | None]:
    return (
        upload_diff(replaced, after, f"지금 보이는 버전 {replaced_version}과(와) 비교") if replaced is not None
        else None,
        upload_diff(previous, after, previous_label(previous)) if previous is not None else None,
    )


def preview(engine: Engine, result: LoadResult) -> Preview | None:
    """None when the workbook cannot be stored (it has errors)."""
    if not result.ok or result.snapshot is None:
        return None
    snapshot = result.snapshot
    after = to_frames(snapshot)
    with engine.connect() as conn:
        replaced_id = current_id(conn, snapshot.ward, snapshot.as_of)
        replaced = frames_for(conn, replaced_id) if replaced_id else None
        versions = conn.execute(
            select(SnapshotRow.version, SnapshotRow.sha256, SnapshotRow.id)
            .where(SnapshotRow.ward == snapshot.ward, SnapshotRow.as_of == snapshot.as_of)
        ).all()
        head = QuarterHead(snapshot.as_of, snapshot.term, snapshot.mayor)
        # the previous quarter of the set this workbook would join (none when it starts a new set)
        previous_id = terms.previous_id(conn, snapshot.ward, snapshot.as_of, head.known_term, snapshot.mayor)
        previous = frames_for(conn, previous_id) if previous_id else None
        adjustment_warnings, _ = terms.findings(conn, snapshot.ward, head, after)
    replaced_version = next((v for v, _, i in versions if i == replaced_id), None)
    same = next((v for v, sha, _ in versions if sha == result.sha256), None)
    against_replaced, against_previous = diffs_for(after, replaced, replaced_version, previous)
    return Preview(
        ward=snapshot.ward,
        as_of=snapshot.as_of,
        replaces_version=replaced_version,
        new_version=max((v for v, _, _ in versions), default=0) + 1,
        same_file_version=same,
        against_replaced=against_replaced,
        against_previous=against_previous,
        warnings=list(result.warnings) + import_warnings(previous, after) + adjustment_warnings,
    )


def version_preview(engine: Engine, ward: str, as_of: dt.date, version: int) -> Preview | None:
    """The review's view of a stored version: the same diff its upload showed, and its stored warnings.

    It is compared with the version before it of the same 기준일 (the one it replaced) and with
    the previous quarter as shown now.
    """
    with engine.connect() as conn:
        ids = dict(conn.execute(
            select(SnapshotRow.version, SnapshotRow.id).where(SnapshotRow.ward == ward, SnapshotRow.as_of == as_of)
        ).all())
        if version not in ids:
            return None
        after = frames_for(conn, ids[version])
        earlier = [v for v in ids if v < version]
        replaced_version = max(earlier) if earlier else None
        replaced = frames_for(conn, ids[replaced_version]) if replaced_version else None
        previous_id = terms.previous_id(conn, ward, as_of, after.term, after.mayor)
        previous = frames_for(conn, previous_id) if previous_id else None
        warnings = warnings_for(conn, ids[version])
    against_replaced, against_previous = diffs_for(after, replaced, replaced_version, previous)
    if against_replaced is not None:
        against_replaced.label = f"바로 앞 버전 {replaced_version}과(와) 비교"
    return Preview(ward=ward, as_of=as_of, replaces_version=replaced_version, new_version=version,
                   same_file_version=None, against_replaced=against_replaced,
                   against_previous=against_previous, warnings=warnings)
