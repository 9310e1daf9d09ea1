"""Evaluation figures of docs/spec.md "Evaluation figures (평가 지표)", as the 매니페스토 counts them.

- 공약 이행 완료율 = complete pledges ÷ all pledges of the workbook × 100; a pledge is
  complete when its 이행단계 is 완료 (the loader reads `완료(지속)` as 완료) or its status
  is 완료. 보류 and 폐기 pledges stay in the denominator.
- 연차 목표 달성률 for year Y (the latest year whose end is on or before the 기준일): a
  sub-project met Y's target when it has a 계획 value in Y's column and its 실적 in that
  column is at least that value; a pledge met Y's targets when it is complete or when it
  has at least one sub-project with a 계획 value for Y and every such sub-project met it.
  Rate = pledges that met ÷ all pledges × 100. Pledges neither complete nor with a 계획
  value for Y are listed as "연차 목표 없음".

Each rate comes with its numerator and denominator so an official can check it by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from figures.progress import TOLERANCE, pledge_progress
from loaders.frames import SnapshotFrames

#: how the report and the overview name the pledges without a 계획 value for Y
NO_ANNUAL_TARGET = "연차 목표 없음"
PLEDGE_COLUMNS = ["pledge_id", "title", "complete", "has_target", "met"]


@dataclass(frozen=True)
class Ratio:
    """A rate with the counts it is made of; `rate` is None when there is no pledge at all."""

    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator * 100 if self.denominator else None


@dataclass(frozen=True)
class Evaluation:
    year: int  # Y: the latest year whose end is on or before the 기준일
    completion: Ratio  # 공약 이행 완료율
    annual: Ratio  # 연차 목표 달성률 for `year`
    #: (pledge_id, title) of the pledges "연차 목표 없음", in workbook order
    no_target: list[tuple[str, str]] = field(default_factory=list)
    #: one row per pledge: PLEDGE_COLUMNS
    pledges: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLEDGE_COLUMNS))


def evaluation_year(as_of: dt.date) -> int:
    """Y: the 기준일's year when it is 31 December, else the year before."""
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def _year_values(frames: SnapshotFrames, year: int) -> dict[tuple[str, str, str], float]:
    """(pledge, sub-project, 계획|실적) → the value in `year`'s column (its latest one if several)."""
    points = frames.points
    found: dict[tuple[str, str, str], tuple[int, float]] = {}
    if len(points):
        for p, sub, kind, y, m, v in zip(
            points["pledge_id"], points["subproject"], points["kind"], points["year"],
            points["end_month"], points["value"], strict=True,
        ):
            if int(y) != year or v is None or v != v:
                continue
            key = (p, sub, kind)
            if key not in found or int(m) >= found[key][0]:
                found[key] = (int(m), float(v))
    return {key: value for key, (_, value) in found.items()}


def evaluate(frames: SnapshotFrames, pledge_table: pd.DataFrame | None = None) -> Evaluation:
    """The 완료율 and 연차 목표 달성률 of one ward at its 기준일 (`pledge_table`: pledge_progress, if at hand)."""
    pledges = pledge_progress(frames) if pledge_table is None else pledge_table
    year = evaluation_year(frames.as_of)
    values = _year_values(frames, year)
    known = set(zip(frames.subprojects["pledge_id"], frames.subprojects["subproject"], strict=True))
    targets: dict[str, list[bool]] = {}
    for (pledge, sub, kind), planned in values.items():
        if kind != "계획" or (pledge, sub) not in known:
            continue
        actual = values.get((pledge, sub, "실적"))
        targets.setdefault(pledge, []).append(actual is not None and actual >= planned - TOLERANCE)
    rows = []
    for record in pledges.to_dict("records"):
        pid = record["pledge_id"]
        complete = record["stage"] == "완료" or record["status"] == "완료"
        met_subs = targets.get(pid, [])
        has_target = bool(met_subs)
        met = complete or (has_target and all(met_subs))
        rows.append((pid, record["title"], complete, has_target, met))
    table = pd.DataFrame(rows, columns=PLEDGE_COLUMNS)
    if len(table):
        table = table.astype({"complete": bool, "has_target": bool, "met": bool})
    total = len(table)
    return Evaluation(
        year=year,
        completion=Ratio(int(table["complete"].sum()) if total else 0, total),
        annual=Ratio(int(table["met"].sum()) if total else 0, total),
        no_target=[(r.pledge_id, r.title) for r in table.itertuples() if not r.complete and not r.has_target],
        pledges=table,
    )
