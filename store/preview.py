"""The upload preview: what storing a read workbook would change, computed without storing it.

Used by the 업로드 page before its 저장 button, by `pledges import --dry-run`, and by
the review of a stored version. It reads the version the file would replace (the
current one of the same ward and 기준일) and the previous quarter, and lists the
warnings the import would store (the loader's and dropped/backward ones).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, select

from figures.changes import import_warnings
from figures.preview import UploadDiff, previous_label, upload_diff
from figures.terms import QuarterHead
from loaders.frames import SnapshotFrames, to_frames
from loaders.model import Finding, LoadResult
from loaders.overview import DEPARTMENT
from store import submissions, terms
from store.kept import frames_of
from store.models import SnapshotRow
from store.reading import current_id, warnings_for


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
    #: a department's part (제출단위 부서): whose it is; the diffs are of the ward's quarter it would make
    department: str | None = None
    #: what the store would refuse it for (another department's pledge, a pledge left out, an approved
    #: 기준일): storing it would store nothing
    errors: list[Finding] = field(default_factory=list)


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
    """None when the workbook cannot be stored (it has errors).

    A department's part is previewed as the ward's quarter it would make (store.submissions.merge):
    against the shown version only its pledges can move, and against the previous quarter only its
    pledges are compared, so the department sees what its file changes and nothing else.
    """
    if not result.ok or result.snapshot is None:
        return None
    snapshot = result.snapshot
    with engine.connect() as conn:
        merged = submissions.merge(conn, snapshot) if snapshot.submission == DEPARTMENT else None
        errors = merged.errors if merged else []
        if merged and submissions.locked(conn, snapshot.ward, snapshot.as_of):
            errors = [Finding("error", "", "", submissions.locked_message(snapshot.ward, snapshot.as_of)), *errors]
        after = to_frames(merged.snapshot if merged else snapshot)
        replaced_id = current_id(conn, snapshot.ward, snapshot.as_of)
        replaced = frames_of(conn, replaced_id) if replaced_id else None
        versions = conn.execute(
            select(SnapshotRow.version, SnapshotRow.sha256, SnapshotRow.id)
            .where(SnapshotRow.ward == snapshot.ward, SnapshotRow.as_of == snapshot.as_of)
        ).all()
        head = QuarterHead(snapshot.as_of, snapshot.term, snapshot.mayor)
        # the previous quarter of the set this workbook would join (none when it starts a new set)
        previous_id = terms.previous_id(conn, snapshot.ward, snapshot.as_of, head.known_term, snapshot.mayor)
        previous = frames_of(conn, previous_id) if previous_id else None
        adjustment_warnings, _ = terms.findings(conn, snapshot.ward, head, after)
    replaced_version = next((v for v, _, i in versions if i == replaced_id), None)
    same = next((v for v, sha, _ in versions if sha == result.sha256), None)
    against_replaced, against_previous = diffs_for(after, replaced, replaced_version, previous)
    if merged and previous is not None and against_previous is not None:
        mine = {p.pledge_id for p in snapshot.pledges}
        own = upload_diff(_only(previous, mine), _only(after, mine),
                          f"{previous_label(previous)} · {merged.department}의 공약만")
        # what moved: the department's pledges only; the rate: still the ward's
        own.rate_before, own.rate_after = against_previous.rate_before, against_previous.rate_after
        against_previous = own
    if errors:
        against_replaced = against_previous = None
    return Preview(
        ward=snapshot.ward,
        as_of=snapshot.as_of,
        replaces_version=replaced_version,
        new_version=max((v for v, _, _ in versions), default=0) + 1,
        same_file_version=same,
        against_replaced=against_replaced,
        against_previous=against_previous,
        warnings=list(result.warnings) + [f for f in (merged.findings if merged else []) if f.level == "warning"]
        + import_warnings(previous, after) + adjustment_warnings,
        department=merged.department if merged else None,
        errors=errors,
    )


def _only(frames: SnapshotFrames, pledge_ids: set[str]) -> SnapshotFrames:
    """The quarter with these pledges only (every table of SnapshotFrames has a pledge_id column)."""
    tables = {f.name: getattr(frames, f.name) for f in dataclasses.fields(frames)
              if isinstance(getattr(frames, f.name), pd.DataFrame)}
    return dataclasses.replace(frames, **{name: table[table["pledge_id"].isin(pledge_ids)].reset_index(drop=True)
                                          for name, table in tables.items()})


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
        after = frames_of(conn, ids[version])
        earlier = [v for v in ids if v < version]
        replaced_version = max(earlier) if earlier else None
        replaced = frames_of(conn, ids[replaced_version]) if replaced_version else None
        previous_id = terms.previous_id(conn, ward, as_of, after.term, after.mayor)
        previous = frames_of(conn, previous_id) if previous_id else None
        warnings = warnings_for(conn, ids[version])
    against_replaced, against_previous = diffs_for(after, replaced, replaced_version, previous)
    if against_replaced is not None:
        against_replaced.label = f"바로 앞 버전 {replaced_version}과(와) 비교"
    return Preview(ward=ward, as_of=as_of, replaces_version=replaced_version, new_version=version,
                   same_file_version=None, against_replaced=against_replaced,
                   against_previous=against_previous, warnings=warnings)
