"""What the documents read: a stored quarter, the quarter before it, and every figure computed once.

`Quarter` holds the frames with their figures (progress, budget, evaluation) and each
table grouped by pledge, so a ward report of 120 cards walks every frame once instead of
filtering it 120 times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from figures.adjustments import Adjustment
from figures.budget import PledgeBudget, pledge_budgets, subproject_totals
from figures.evaluation import Evaluation, evaluate
from figures.formatting import format_date
from figures.funding import PledgeFunding, WardFunding, pledge_funding, ward_funding
from figures.progress import WardProgress, pledge_progress, subproject_progress, ward_progress
from loaders.frames import SnapshotFrames
from loaders.model import Finding


class DocumentError(LookupError):
    """A ward, 기준일 or pledge the store does not hold; the message is Korean, for the official."""


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records") if len(frame) else []


def _by_pledge(frame: pd.DataFrame) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in _records(frame):
        grouped.setdefault(row["pledge_id"], []).append(row)
    return grouped


@dataclass
class Quarter:
    """One ward at one 기준일 with the figures every document section needs."""

    frames: SnapshotFrames
    budget_unit: str = "백만원"
    warnings: list[Finding] = field(default_factory=list)
    previous: SnapshotFrames | None = None
    #: `민선 9기` (figures.terms), with `최종 실적` when a later set follows this quarter
    term: str = ""
    #: figures.adjustments against the set's plan (a card's: its pledge's only), and the plan's 기준일
    adjustments: list[Adjustment] = field(default_factory=list)
    plan_as_of: dt.date | None = None

    def __post_init__(self) -> None:
        frames = self.frames
        self.subs = subproject_progress(frames)
        self.budgets: dict[str, PledgeBudget] = pledge_budgets(frames)
        self.sub_totals = subproject_totals(frames)
        self.pledge_table = pledge_progress(frames, self.subs, self.budgets, self.sub_totals)
        self.ward: WardProgress = ward_progress(self.pledge_table)
        self.evaluation: Evaluation = evaluate(frames, self.pledge_table)
        self.funding: dict[str, PledgeFunding] = pledge_funding(frames, self.budgets)
        self.ward_funding: WardFunding = ward_funding(self.funding)
        self.pledge_records = {r["pledge_id"]: r for r in _records(frames.pledges)}
        self.progress_records = {r["pledge_id"]: r for r in _records(self.pledge_table)}
        self.subs_by_pledge = _by_pledge(self.subs)
        self.schedule = _by_pledge(frames.schedule)
        self.budget_rows = _by_pledge(frames.budget)
        self.indicators = {(r["pledge_id"], r["subproject"]): r for r in _records(frames.indicators)}
        self.points = _by_pledge(frames.points)
        self.achievements = _by_pledge(frames.achievements)
        self.met = {r["pledge_id"]: r for r in _records(self.evaluation.pledges)}

    @property
    def ward_name(self) -> str:
        return self.frames.ward

    @property
    def as_of(self) -> dt.date:
        return self.frames.as_of

    def pledge_ids(self) -> list[str]:
        return list(self.pledge_records)


def only_pledge(frames: SnapshotFrames, pledge_id: str) -> SnapshotFrames:
    """The frames of one pledge: a card's figures depend on its own rows only, so a card of a
    120-pledge ward computes one pledge's figures, not the ward's."""
    parts = {}
    for item in fields(frames):
        frame = getattr(frames, item.name)
        if isinstance(frame, pd.DataFrame) and "pledge_id" in frame.columns and len(frame):
            parts[item.name] = frame[frame["pledge_id"] == pledge_id].reset_index(drop=True)
    return replace(frames, **parts)


def _normal_id(pledge_id: object) -> str:
    wanted = str(pledge_id).strip()
    return wanted[:-2] if wanted.endswith(".0") else wanted


def load_quarter(store, ward: str, as_of: dt.date | None, *, with_previous: bool = False,  # noqa: ANN001
                 pledge_id: str | None = None) -> Quarter:
    """The stored quarter (the latest when `as_of` is None); DocumentError in Korean when absent.

    With `pledge_id` the quarter holds that pledge only (for its card; the store's warnings
    are left out).
    """
    if ward not in store.wards():
        raise DocumentError(f"'{ward}' 자료가 저장소에 없습니다. 자치구 이름을 확인해 주세요.")
    frames = store.frames(ward, as_of)
    if frames is None:
        dates = ", ".join(format_date(d) for d in store.as_of_dates(ward)) or "없음"
        when = f"{format_date(as_of)} 기준 " if as_of else ""
        raise DocumentError(f"{ward}의 {when}자료가 없습니다. 저장된 기준일: {dates}")
    if pledge_id is not None:
        ids = [str(i) for i in frames.pledges["pledge_id"]]
        wanted = _normal_id(pledge_id)
        if wanted not in ids:
            more = " …" if len(ids) > 30 else ""
            raise DocumentError(
                f"{ward} {format_date(frames.as_of)} 기준 자료에 공약 {pledge_id}이(가) 없습니다. "
                f"있는 공약번호: {', '.join(ids[:30])}{more}"
            )
        frames = only_pledge(frames, wanted)
    info = store.snapshot_info(ward, frames.as_of) or {}
    previous = None
    if with_previous:
        before = store.previous_as_of(ward, frames.as_of)
        previous = store.frames(ward, before) if before else None
    owner = store.pledge_set(ward, frames.as_of)
    adjustments, plan_as_of = store.adjustments(ward, frames.as_of)
    if pledge_id is not None:
        adjustments = [a for a in adjustments if a.pledge_id == _normal_id(pledge_id)]
    return Quarter(
        frames,
        budget_unit=str(info.get("budget_unit") or "백만원"),
        warnings=[] if pledge_id is not None else list(store.snapshot_warnings(ward, frames.as_of)),
        previous=previous,
        term=(owner.label + (" 최종 실적" if owner.final_record == frames.as_of else "")) if owner else "",
        adjustments=adjustments,
        plan_as_of=plan_as_of,
    )
