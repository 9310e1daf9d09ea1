"""What moved between a ward's snapshot and the one before it (the 변화 page, `pledges changes`).

Nothing drops out silently: a pledge or sub-project present before and missing
now is listed as dropped, and an actual lower than last quarter is flagged as
going backwards; `import_warnings` turns both into warnings at import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from figures.formatting import format_date
from figures.progress import WardProgress, pledge_progress, subproject_progress, ward_progress
from figures.records import records
from loaders.frames import ACHIEVEMENT_COLUMNS, SnapshotFrames
from loaders.model import Finding

PLEDGE_COLUMNS = [
    "pledge_id", "title", "rate_before", "rate_after", "rate_change",
    "status_before", "status_after", "status_changed", "new", "dropped",
]
SUBPROJECT_COLUMNS = [
    "pledge_id", "subproject", "actual_before", "actual_after", "actual_change",
    "rate_before", "rate_after", "backward", "new", "dropped",
]


@dataclass
class Changes:
    ward: str
    as_of: object
    previous_as_of: object | None
    rate_before: float | None
    rate_after: float | None
    rate_change: float | None
    pledges: pd.DataFrame = field(default_factory=pd.DataFrame)
    subprojects: pd.DataFrame = field(default_factory=pd.DataFrame)
    new_achievements: pd.DataFrame = field(default_factory=pd.DataFrame)
    dropped: pd.DataFrame = field(default_factory=pd.DataFrame)


def _diff(after: float | None, before: float | None) -> float | None:
    if after is None or before is None or after != after or before != before:
        return None
    return float(after) - float(before)


def _achievement_key(row: dict) -> tuple:
    return (row["pledge_id"], row["subproject"], row["text"], row["start"], row["end"])


class Progress(Protocol):
    """What `compare_cores` reads of a quarter: its rows and its progress tables (figures.quarter.QuarterCore)."""

    frames: SnapshotFrames
    pledges: pd.DataFrame
    subprojects: pd.DataFrame
    progress: WardProgress


@dataclass(frozen=True)
class _Computed:
    frames: SnapshotFrames
    pledges: pd.DataFrame
    subprojects: pd.DataFrame
    progress: WardProgress


def _computed(frames: SnapshotFrames) -> _Computed:
    pledges = pledge_progress(frames)
    return _Computed(frames, pledges, subproject_progress(frames), ward_progress(pledges))


def compare(previous: SnapshotFrames | None, current: SnapshotFrames) -> Changes:
    """What moved between two quarters' rows (an import's warnings, a preview)."""
    return compare_cores(_computed(previous) if previous is not None else None, _computed(current))


def compare_cores(previous: Progress | None, current: Progress) -> Changes:
    """What moved, from the progress tables already computed (the kept cores): nothing is recomputed."""
    now_p, now_s = current.pledges, current.subprojects
    ward_after = current.progress.rate
    frames = current.frames
    if previous is None:
        pledges = pd.DataFrame(
            [(r["pledge_id"], r["title"], None, r["rate"], None, None, r["status"], False, False, False)
             for r in records(now_p)],
            columns=PLEDGE_COLUMNS,
            dtype=object,
        )
        subs = pd.DataFrame(
            [(r["pledge_id"], r["subproject"], None, r["actual"], None, None, r["rate"], False, False, False)
             for r in records(now_s)],
            columns=SUBPROJECT_COLUMNS,
            dtype=object,
        )
        return Changes(frames.ward, frames.as_of, None, None, ward_after, None, pledges, subs,
                       pd.DataFrame(columns=ACHIEVEMENT_COLUMNS),
                       pd.DataFrame(columns=["pledge_id", "subproject", "title"]))
    old_p, old_s = previous.pledges, previous.subprojects
    before = {r["pledge_id"]: r for r in records(old_p)}
    after = {r["pledge_id"]: r for r in records(now_p)}
    pledge_rows = []
    for pid, row in after.items():
        old = before.get(pid)
        pledge_rows.append((
            pid, row["title"], old["rate"] if old else None, row["rate"],
            _diff(row["rate"], old["rate"] if old else None),
            old["status"] if old else None, row["status"],
            bool(old and old["status"] != row["status"]), old is None, False,
        ))
    dropped = []
    for pid, old in before.items():
        if pid not in after:
            pledge_rows.append((pid, old["title"], old["rate"], None, None, old["status"], None, False, False, True))
            dropped.append((pid, None, old["title"]))
    sub_before = {(r["pledge_id"], r["subproject"]): r for r in records(old_s)}
    sub_after = {(r["pledge_id"], r["subproject"]): r for r in records(now_s)}
    sub_rows = []
    for key, row in sub_after.items():
        old = sub_before.get(key)
        change = _diff(row["actual"], old["actual"] if old else None)
        sub_rows.append((
            *key, old["actual"] if old else None, row["actual"], change,
            old["rate"] if old else None, row["rate"], bool(change is not None and change < 0),
            old is None, False,
        ))
    for key, old in sub_before.items():
        if key not in sub_after:
            sub_rows.append((*key, old["actual"], None, None, old["rate"], None, False, False, True))
            if key[0] in after:
                dropped.append((key[0], key[1], before[key[0]]["title"]))
    seen = {_achievement_key(r) for r in records(previous.frames.achievements)}
    achievements = frames.achievements
    new_achievements = achievements[
        [_achievement_key(r) not in seen for r in records(achievements)]
    ] if len(achievements) else achievements
    ward_before = previous.progress.rate
    return Changes(
        frames.ward, frames.as_of, previous.frames.as_of, ward_before, ward_after,
        _diff(ward_after, ward_before),
        pd.DataFrame(pledge_rows, columns=PLEDGE_COLUMNS, dtype=object),
        pd.DataFrame(sub_rows, columns=SUBPROJECT_COLUMNS, dtype=object),
        new_achievements.reset_index(drop=True),
        pd.DataFrame(dropped, columns=["pledge_id", "subproject", "title"], dtype=object),
    )


def _number(value: float) -> str:
    return f"{value:g}"


def import_warnings(previous: SnapshotFrames | None, current: SnapshotFrames) -> list[Finding]:
    """Dropped pledges and sub-projects and backward actuals, as warnings stored with the import."""
    if previous is None:
        return []
    changes = compare(previous, current)
    when = format_date(previous.as_of)
    found = []
    for row in changes.dropped.to_dict("records"):
        if row["subproject"] is None:
            found.append(Finding(
                "warning", "공약", "",
                f"공약 {row['pledge_id']} '{row['title']}'이(가) 지난 기준일({when}) 자료에는 있었으나 이번 파일에는 없습니다",
            ))
        else:
            found.append(Finding(
                "warning", "추진일정", "",
                f"공약 {row['pledge_id']}의 세부사업 '{row['subproject']}'이(가) 지난 기준일({when}) 자료에는 "
                "있었으나 이번 파일에는 없습니다",
            ))
    for row in changes.subprojects[changes.subprojects["backward"].astype(bool)].to_dict("records"):
        found.append(Finding(
            "warning", "확인지표", "",
            f"공약 {row['pledge_id']} '{row['subproject']}'의 실적이 지난 기준일({when}) "
            f"{_number(row['actual_before'])}에서 {_number(row['actual_after'])}(으)로 줄었습니다",
        ))
    return found


def rate_history(frames_list: Iterable[SnapshotFrames]) -> pd.DataFrame:
    """Rates across 기준일: one row per pledge per 기준일, plus the ward's own row ("구 전체")."""
    rows = []
    for frames in frames_list:
        pledges = pledge_progress(frames)
        for r in pledges.to_dict("records"):
            rows.append((frames.as_of, r["pledge_id"], r["title"], r["rate"], r["status"]))
        rows.append((frames.as_of, None, "구 전체", ward_progress(pledges).rate, None))
    return pd.DataFrame(rows, columns=["as_of", "pledge_id", "title", "rate", "status"], dtype=object)
