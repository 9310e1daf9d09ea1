"""One ward's 기준일, assembled once: the read-model every page, document, the site and the CLI read.

`QuarterCore` holds every figure of the spec that a stored version's own rows decide. It is
computed once, when the version is stored (an import, a department's merge, a restore or a
migration: `core_of`), kept by the store beside the version (store/quarters.py, encoded by
figures/codec.py) and never computed again by a reader. `Quarter` adds what the version's place
among the ward's quarters decides (the previous quarter and what moved, the rates across the set,
the set itself, the adjustments against its plan), gathered by the store from what it keeps of
those versions. A number on a page, in a card or on the residents' site is found here in one hop,
and the function named in each field's comment computes it.

The views that depend on what an official picks (the pledges a filter leaves, one
pledge) are functions of a `Quarter` too: `budget_selection`, `pledge_view`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields

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
from figures.changes import Changes, compare_cores
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
from figures.records import by_pledge, records
from figures.snapshot import rate_history
from figures.tables.money import budget_year_table, pledge_source_table, source_table
from figures.terms import PledgeSet
from loaders.frames import SnapshotFrames
from loaders.model import Finding
from loaders.terms import term_label

#: bump when a rule behind a kept core changes: kept cores of another version are computed again
MODEL_VERSION = 1


@dataclass(frozen=True)
class QuarterCore:
    """The figures of one stored version that depend on its own rows only: computed once when the
    version is stored (`core_of`), kept by the store beside it (store/quarters.py) and read back by
    every page, document, the site and the command line. Each field names the function computing it."""

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
    #: figures.budget.pledge_by_source: (pledge_id, source, amount)
    by_source: pd.DataFrame
    #: figures.budget.pledge_by_year_source: (pledge_id, year, source, amount)
    by_year: pd.DataFrame
    #: figures.evaluation.evaluate: 공약 이행 완료율 and 연차 목표 달성률
    evaluation: Evaluation

    @property
    def ward(self) -> str:
        return self.frames.ward

    @property
    def as_of(self) -> dt.date:
        return self.frames.as_of


def core_of(frames: SnapshotFrames) -> QuarterCore:
    """Every figure of the spec that a version's own rows decide, each computed once."""
    subs = subproject_progress(frames)
    totals = subproject_totals(frames)
    plans = pledge_budgets(frames)
    pledges = pledge_progress(frames, subs, plans, totals)
    return QuarterCore(
        frames=frames,
        subprojects=subs,
        pledges=pledges,
        subproject_totals=totals,
        progress=ward_progress(pledges),
        plans=plans,
        funding=pledge_funding(frames, plans),
        ward_split=ward_by_source(frames, plans),
        by_source=pledge_by_source(frames),
        by_year=pledge_by_year_source(frames),
        evaluation=evaluate(frames, pledges),
    )


@dataclass(frozen=True)
class Quarter(QuarterCore):
    """Everything the pages, documents and commands read of one ward's 기준일 (docs/spec.md "Derived
    figures" and after): the kept core of the shown version, and what its place among the ward's other
    versions adds, gathered by the store (store/quarters.py) from what it keeps of those."""

    #: the previous quarter of the pledge set (None: this is the first) and its 이행률 as kept
    previous_as_of: dt.date | None = None
    previous_rate: float | None = None
    #: figures.changes.compare with the previous quarter's kept core; None for the first quarter
    changes: Changes | None = field(default=None, repr=False)
    #: the kept figures documents (figures.snapshot.rate_part) of the set's quarters up to this one
    history_documents: tuple[dict, ...] = field(default=(), repr=False)
    #: the pledge set (figures.terms) this quarter belongs to: its term, mayor, quarters, final record
    pledge_set: PledgeSet | None = None
    #: figures.adjustments: every difference from the set's plan, with the 공약조정 row explaining it
    adjustments: tuple[Adjustment, ...] = ()
    #: the plan's 기준일 (None: not known)
    plan_as_of: dt.date | None = None
    #: the warnings kept with the version (loaders' findings and the import's own)
    warnings: tuple[Finding, ...] = ()
    #: the workbook's money unit (백만원, 천원, 원): documents show money in it
    budget_unit: str = "백만원"

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

    @property
    def term_heading(self) -> str:
        """`민선 9기`, or `민선 8기 최종 실적` for a set's last quarter once a later set follows it."""
        return self.term_label + (" 최종 실적" if self.is_final_record and self.term_label else "")

    @functools.cached_property
    def rows(self) -> PledgeRows:
        """The quarter's rows and progress grouped by pledge (figures.records.by_pledge): the cards' index."""
        return pledge_rows(self)

    @functools.cached_property
    def history(self) -> pd.DataFrame:
        """figures.snapshot.rate_history: the ward's and each pledge's 이행률 at every quarter up to this one."""
        return rate_history(list(self.history_documents))


@dataclass(frozen=True)
class PledgeRows:
    """Each table of a quarter as lists of row dicts per pledge, and per pledge its own row."""

    pledge: dict[str, dict]  # the 공약 sheet's row
    progress: dict[str, dict]  # figures.progress.pledge_progress's row
    evaluation: dict[str, dict]  # figures.evaluation's row
    subprojects: dict[str, list[dict]]  # figures.progress.subproject_progress's rows
    schedule: dict[str, list[dict]]
    budget: dict[str, list[dict]]
    points: dict[str, list[dict]]
    achievements: dict[str, list[dict]]
    indicators: dict[tuple[str, str], dict]


def pledge_rows(core: QuarterCore) -> PledgeRows:
    frames = core.frames
    return PledgeRows(
        pledge={r["pledge_id"]: r for r in records(frames.pledges)},
        progress={r["pledge_id"]: r for r in records(core.pledges)},
        evaluation={r["pledge_id"]: r for r in records(core.evaluation.pledges)},
        subprojects=by_pledge(core.subprojects),
        schedule=by_pledge(frames.schedule),
        budget=by_pledge(frames.budget),
        points=by_pledge(frames.points),
        achievements=by_pledge(frames.achievements),
        indicators={(r["pledge_id"], r["subproject"]): r for r in records(frames.indicators)},
    )


def assemble(core: QuarterCore, *, previous: QuarterCore | None = None, previous_rate: float | None = None,
             **context: object) -> Quarter:
    """The `Quarter` of a kept core and its context; what moved since `previous` is found here, once."""
    values = {f.name: getattr(core, f.name) for f in fields(QuarterCore)}
    return Quarter(**values, previous_as_of=previous.as_of if previous is not None else None,
                   previous_rate=previous_rate if previous_rate is not None or previous is None
                   else previous.progress.rate,
                   changes=compare_cores(previous, core) if previous is not None else None,
                   **context)  # type: ignore[arg-type]


def build_quarter(frames: SnapshotFrames, *, previous: SnapshotFrames | None = None, **context: object) -> Quarter:
    """A `Quarter` computed from rows (tests, and a quarter not kept yet): `core_of` and `assemble`."""
    return assemble(core_of(frames), previous=core_of(previous) if previous is not None else None, **context)


@dataclass(frozen=True)
class BudgetSelection:
    """예산 for the pledges an official's filters leave (`chosen`), with the tables behind its charts
    (made once for a selection, as the page and its Excel download both show them)."""

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


    @functools.cached_property
    def year_table(self) -> pd.DataFrame:
        """figures.tables.budget_year_table: 연도별 (the chart's table and the download's sheet)."""
        return budget_year_table(self.by_year)

    @functools.cached_property
    def source_table(self) -> pd.DataFrame:
        """figures.tables.source_table: 재원별."""
        return source_table(self.totals)

    @functools.cached_property
    def pledge_source_table(self) -> pd.DataFrame:
        """figures.tables.pledge_source_table: 공약별 재원."""
        return pledge_source_table(self.by_source, self.pledges)


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
