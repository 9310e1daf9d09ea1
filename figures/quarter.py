"""One ward's 기준일 as the pages show it: every figure of the spec, computed once, read by name.

The dashboard's pages used to ask `dashboard/data.py` for a dozen positional tuples
(`progress(…)[1]`, `plans, funding, _ = money(…)`) and computed totals of their own. A
`Quarter` holds them all under names; `dashboard.data.quarter(ward, as_of)` builds it once
per state of the ward's data and every session reads the same object. Its fields are
pure functions of the quarter's rows (and of the previous quarter's rows and the kept
figures of the quarters before, for what moved): a number on a page is found here in one
hop, and the function named in each field's comment computes it.

The views that depend on what an official picks (the pledges a filter leaves, one
pledge) are functions of a `Quarter` too: `budget_selection`, `pledge_view`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import pandas as pd

from figures.adjustments import Adjustment
from figures.budget import (
    PledgeBudget,
    pledge_budgets,
    pledge_by_source,
    pledge_by_year_source,
    subproject_totals,
    ward_by_source,
)
from figures.changes import Changes, compare
from figures.evaluation import Evaluation, evaluate
from figures.funding import (
    PledgeFunding,
    WardFunding,
    funding_by_source,
    funding_by_year,
    pledge_funding,
    ward_funding,
)
from figures.progress import WardProgress, pledge_progress, subproject_progress, ward_progress
from figures.snapshot import rate_history
from figures.terms import PledgeSet
from loaders.frames import SnapshotFrames
from loaders.terms import term_label


@dataclass(frozen=True)
class Quarter:
    """Everything the pages read of one ward's 기준일 (docs/spec.md "Derived figures" and after)."""

    frames: SnapshotFrames
    #: figures.progress.subproject_progress: planned, actual, 이행률, status per sub-project
    subprojects: pd.DataFrame
    #: figures.progress.pledge_progress: 이행률, budget-weighted 이행률, status per pledge
    pledges: pd.DataFrame
    #: figures.budget.subproject_totals: each sub-project's own total (None: no rows of its own)
    subproject_totals: pd.DataFrame
    #: figures.progress.ward_progress: the ward's 이행률 and counts by status and 이행단계
    progress: WardProgress
    #: figures.budget.pledge_budgets: per pledge its total, by year, by source (계획)
    plans: dict[str, PledgeBudget]
    #: figures.funding.pledge_funding: 계획 · 확보 · 집행 per pledge
    funding: dict[str, PledgeFunding]
    #: figures.budget.ward_by_source: the ward's money by source with shares
    ward_split: pd.DataFrame
    #: the previous quarter shown (None: this is the first) and its 이행률 as kept at import
    previous_as_of: dt.date | None = None
    previous_rate: float | None = None
    #: the previous quarter's rows, for what moved (`changes`)
    previous: SnapshotFrames | None = field(default=None, repr=False)
    #: the kept figures documents (figures.snapshot) of the set's quarters up to this one, oldest
    #: first; `figures.snapshot.rate_part` of each is enough (the history reads nothing else)
    history_documents: tuple[dict, ...] = field(default=(), repr=False)
    #: the pledge set (figures.terms) this quarter belongs to: its term, mayor, quarters, final record
    pledge_set: PledgeSet | None = None
    #: figures.adjustments: every difference from the set's plan, with the 공약조정 row explaining it
    adjustments: tuple[Adjustment, ...] = ()
    #: the plan's 기준일 (None: not known)
    plan_as_of: dt.date | None = None

    @property
    def ward(self) -> str:
        return self.frames.ward

    @property
    def as_of(self) -> dt.date:
        return self.frames.as_of

    @property
    def term_label(self) -> str:
        """`민선 9기` (from the set; a quarter outside any set takes its own term)."""
        term = self.pledge_set.term if self.pledge_set else self.frames.term
        return term_label(term) if term else ""

    @property
    def is_final_record(self) -> bool:
        """This quarter is its set's 최종 실적: a later set (a new term or mayor) follows it."""
        return self.pledge_set is not None and self.pledge_set.final_record == self.as_of

    @property
    def unexplained(self) -> list[Adjustment]:
        return [a for a in self.adjustments if not a.explained]

    @property
    def budget_entered(self) -> list[str]:
        """The pledges with any 소요예산 amount (a pledge without is 미입력, never 0)."""
        return [pid for pid, plan in self.plans.items() if plan.by_year]

    @property
    def budget_total(self) -> int:
        """총 소요예산: the sum of the pledges' totals (spec "How the figures are taken")."""
        return sum(b.total for b in self.plans.values())

    @property
    def rate_change(self) -> float | None:
        """The ward's 이행률 since the previous quarter, in percentage points."""
        if self.previous_rate is None or self.progress.rate is None:
            return None
        return self.progress.rate - self.previous_rate

    @functools.cached_property
    def ward_money(self) -> WardFunding:
        """figures.funding.ward_funding: the ward's 재정 확보율 and 집행률."""
        return ward_funding(self.funding)

    @functools.cached_property
    def by_source(self) -> pd.DataFrame:
        """figures.budget.pledge_by_source: (pledge_id, source, amount)."""
        return pledge_by_source(self.frames)

    @functools.cached_property
    def by_year(self) -> pd.DataFrame:
        """figures.budget.pledge_by_year_source: (pledge_id, year, source, amount)."""
        return pledge_by_year_source(self.frames)

    @functools.cached_property
    def evaluation(self) -> Evaluation:
        """figures.evaluation.evaluate: 공약 이행 완료율 and 연차 목표 달성률."""
        return evaluate(self.frames, self.pledges)

    @functools.cached_property
    def history(self) -> pd.DataFrame:
        """figures.snapshot.rate_history: the ward's and each pledge's 이행률 at every quarter up to this one."""
        return rate_history(list(self.history_documents))

    @functools.cached_property
    def changes(self) -> Changes | None:
        """figures.changes.compare with the previous quarter; None for the first quarter."""
        return compare(self.previous, self.frames) if self.previous is not None else None


def build_quarter(
    frames: SnapshotFrames,
    *,
    previous: SnapshotFrames | None = None,
    previous_rate: float | None = None,
    history_documents: tuple[dict, ...] = (),
    pledge_set: PledgeSet | None = None,
    adjustments: tuple[Adjustment, ...] = (),
    plan_as_of: dt.date | None = None,
) -> Quarter:
    """The quarter's figures; `previous` and `previous_rate` are the quarter before it (if any)."""
    subs = subproject_progress(frames)
    totals = subproject_totals(frames)
    plans = pledge_budgets(frames)
    pledges = pledge_progress(frames, subs, plans, totals)
    return Quarter(
        frames=frames,
        subprojects=subs,
        pledges=pledges,
        subproject_totals=totals,
        progress=ward_progress(pledges),
        plans=plans,
        funding=pledge_funding(frames, plans),
        ward_split=ward_by_source(frames),
        previous_as_of=previous.as_of if previous is not None else None,
        previous_rate=previous_rate,
        previous=previous,
        history_documents=tuple(history_documents),
        pledge_set=pledge_set,
        adjustments=tuple(adjustments),
        plan_as_of=plan_as_of,
    )


@dataclass(frozen=True)
class BudgetSelection:
    """예산 for the pledges an official's filters leave (`chosen`)."""

    chosen: frozenset[str]
    pledges: pd.DataFrame
    by_source: pd.DataFrame
    by_year: pd.DataFrame
    #: the chosen pledges' money by source, summed (sources with money only)
    totals: pd.DataFrame
    entered: list[str]
    total: int
    funding: dict[str, PledgeFunding]
    money: WardFunding
    source_money: pd.DataFrame
    year_money: pd.DataFrame


def budget_selection(quarter: Quarter, chosen: set[str] | frozenset[str]) -> BudgetSelection:
    """The budget figures of the chosen pledges (figures.budget, figures.funding), as 예산 shows them."""
    by_source = quarter.by_source[quarter.by_source["pledge_id"].isin(chosen)]
    by_year = quarter.by_year[quarter.by_year["pledge_id"].isin(chosen)]
    totals = by_source.groupby("source", as_index=False, sort=False)["amount"].sum()
    funding = {pid: f for pid, f in quarter.funding.items() if pid in chosen}
    return BudgetSelection(
        chosen=frozenset(chosen),
        pledges=quarter.pledges[quarter.pledges["pledge_id"].isin(chosen)],
        by_source=by_source,
        by_year=by_year,
        totals=totals[totals["amount"] > 0],
        entered=[pid for pid in chosen if quarter.plans[pid].by_year],
        total=int(by_source["amount"].sum()) if len(by_source) else 0,
        funding=funding,
        money=ward_funding(funding),
        source_money=funding_by_source(list(funding.values())),
        year_money=funding_by_year(list(funding.values()), [quarter.plans[p] for p in funding], quarter.as_of.year),
    )


@dataclass(frozen=True)
class PledgeView:
    """공약 상세: one pledge's rows and figures."""

    pledge_id: str
    #: its row of figures.progress.pledge_progress, and its row of sheet 공약 as read
    figures: pd.Series
    record: pd.Series
    subprojects: pd.DataFrame
    schedule: pd.DataFrame
    points: pd.DataFrame
    subproject_totals: pd.DataFrame
    achievements: pd.DataFrame
    plan: PledgeBudget
    funding: PledgeFunding
    by_year: pd.DataFrame
    by_source: pd.DataFrame
    source_money: pd.DataFrame
    year_money: pd.DataFrame
    #: the quarter's adjustments to this pledge (figures.adjustments), unexplained ones first
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def budget_entered(self) -> bool:
        return bool(self.plan.by_year)


def _only(frame: pd.DataFrame, pledge_id: str) -> pd.DataFrame:
    return frame[frame["pledge_id"] == pledge_id] if len(frame) else frame


def pledge_view(quarter: Quarter, pledge_id: str) -> PledgeView:
    """One pledge of the quarter, every table and figure of its page cut to it."""
    frames = quarter.frames
    plan, funding = quarter.plans[pledge_id], quarter.funding[pledge_id]
    return PledgeView(
        pledge_id=pledge_id,
        figures=quarter.pledges[quarter.pledges["pledge_id"] == pledge_id].iloc[0],
        record=frames.pledges[frames.pledges["pledge_id"] == pledge_id].iloc[0],
        subprojects=_only(quarter.subprojects, pledge_id),
        schedule=_only(frames.schedule, pledge_id),
        points=_only(frames.points, pledge_id),
        subproject_totals=_only(quarter.subproject_totals, pledge_id),
        achievements=_only(frames.achievements, pledge_id),
        plan=plan,
        funding=funding,
        by_year=_only(quarter.by_year, pledge_id),
        by_source=_only(quarter.by_source, pledge_id),
        source_money=funding_by_source(funding),
        year_money=funding_by_year([funding], [plan], quarter.as_of.year),
        adjustments=tuple(sorted((a for a in quarter.adjustments if a.pledge_id == pledge_id),
                                 key=lambda a: a.explained)),
    )
