"""Money secured and spent (docs/spec.md "Planned, secured and spent"): 재정 확보율 and 집행률.

Each 구분 (계획, 확보, 집행) is read exactly as the plan is (`figures.budget.pledge_budgets`:
pledge-level rows first, else the sub-projects, the rest of a total as `미지정`). The
rates count the years up to and including the 기준일's year (later years are plans only):

- 재정 확보율 = 확보 ÷ 계획 × 100;  집행률 = 집행 ÷ 확보 × 100.

A pledge with no 확보 (or 집행) row has no such rate: None, shown as "미입력", never 0.
A ward's rate is a ratio of sums over the pledges that have it, not a mean of rates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from figures.budget import PledgeBudget, pledge_budgets
from loaders.frames import BUDGET_COLUMNS, SnapshotFrames
from loaders.model import UNASSIGNED_SOURCE

NOT_ENTERED = "미입력"


@dataclass
class PledgeFunding:
    """One pledge's plan, secured and spent money, and its two rates (None: not entered)."""

    secured: PledgeBudget | None  # None: no 확보 row
    spent: PledgeBudget | None  # None: no 집행 row
    planned_to_date: int = 0
    secured_to_date: int | None = None
    spent_to_date: int | None = None
    planned_to_date_by_source: dict[str, int] = field(default_factory=dict)
    secured_to_date_by_source: dict[str, int] = field(default_factory=dict)
    spent_to_date_by_source: dict[str, int] = field(default_factory=dict)

    @property
    def secured_rate(self) -> float | None:
        return _ratio(self.secured_to_date, self.planned_to_date)

    @property
    def spent_rate(self) -> float | None:
        return _ratio(self.spent_to_date, self.secured_to_date) if self.spent is not None else None

    @property
    def secured_rate_by_source(self) -> dict[str, float | None]:
        """A rate per source the pledge plans or secures; None where nothing is secured for it."""
        sources = [*self.planned_to_date_by_source,
                   *(s for s in self.secured_to_date_by_source if s not in self.planned_to_date_by_source)]
        return {
            s: (_ratio(self.secured_to_date_by_source.get(s), self.planned_to_date_by_source.get(s, 0))
                if self.secured is not None and s in self.secured_to_date_by_source else None)
            for s in sources
        }


def _ratio(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole * 100


def _kind_frames(frames: SnapshotFrames, kind: str) -> SnapshotFrames:
    rows = frames.funding[frames.funding["kind"] == kind][BUDGET_COLUMNS] if len(frames.funding) else \
        frames.budget.iloc[0:0]
    return dataclasses.replace(frames, budget=rows.reset_index(drop=True))


def _to_date(budget: PledgeBudget, last_year: int) -> tuple[int, dict[str, int]]:
    total = sum(v for y, v in budget.by_year.items() if y <= last_year)
    by_source: dict[str, int] = {}
    for (year, source), amount in budget.by_year_source.items():
        if year <= last_year:
            by_source[source] = by_source.get(source, 0) + amount
    return total, by_source


def pledge_funding(frames: SnapshotFrames, plans: dict[str, PledgeBudget] | None = None) -> dict[str, PledgeFunding]:
    """Every pledge's funding figures as of the snapshot's 기준일."""
    plans = plans if plans is not None else pledge_budgets(frames)
    entered = set(frames.funding["kind"]) if len(frames.funding) else set()
    with_rows = {kind: set(frames.funding.loc[frames.funding["kind"] == kind, "pledge_id"])
                 for kind in ("확보", "집행") if kind in entered}
    secured = pledge_budgets(_kind_frames(frames, "확보")) if "확보" in entered else {}
    spent = pledge_budgets(_kind_frames(frames, "집행")) if "집행" in entered else {}
    last_year = frames.as_of.year
    result = {}
    for pid, plan in plans.items():
        got = secured.get(pid) if pid in with_rows.get("확보", ()) else None
        used = spent.get(pid) if pid in with_rows.get("집행", ()) else None
        planned_total, planned_sources = _to_date(plan, last_year)
        funding = PledgeFunding(got, used, planned_total, planned_to_date_by_source=planned_sources)
        if got is not None:
            funding.secured_to_date, funding.secured_to_date_by_source = _to_date(got, last_year)
        if used is not None:
            funding.spent_to_date, funding.spent_to_date_by_source = _to_date(used, last_year)
        result[pid] = funding
    return result


@dataclass(frozen=True)
class WardFunding:
    secured_rate: float | None
    spent_rate: float | None
    planned: int  # to date, over the pledges with 확보 rows
    secured: int | None
    spent: int | None
    pledges_with_secured: int
    pledges_with_spent: int


def ward_funding(funding: dict[str, PledgeFunding]) -> WardFunding:
    """Sums over the pledges that entered 확보 (resp. 집행), then one ratio: not a mean of rates."""
    with_secured = [f for f in funding.values() if f.secured is not None]
    with_spent = [f for f in funding.values() if f.spent is not None]
    planned = sum(f.planned_to_date for f in with_secured)
    secured = sum(f.secured_to_date or 0 for f in with_secured) if with_secured else None
    spent = sum(f.spent_to_date or 0 for f in with_spent) if with_spent else None
    secured_for_spent = sum(f.secured_to_date or 0 for f in with_spent)
    return WardFunding(
        secured_rate=_ratio(secured, planned),
        spent_rate=_ratio(spent, secured_for_spent) if with_spent else None,
        planned=planned,
        secured=secured,
        spent=spent,
        pledges_with_secured=len(with_secured),
        pledges_with_spent=len(with_spent),
    )


def funding_by_source(funding: PledgeFunding | list[PledgeFunding]) -> pd.DataFrame:
    """계획 · 확보 · 집행 to date per source (None where not entered): the chart's and the table's rows."""
    items = funding if isinstance(funding, list) else [funding]
    sources: list[str] = []
    for f in items:
        for s in (*f.planned_to_date_by_source, *f.secured_to_date_by_source, *f.spent_to_date_by_source):
            if s not in sources:
                sources.append(s)
    rows = []
    for source in sources:
        planned = sum(f.planned_to_date_by_source.get(source, 0) for f in items)
        secured = [f.secured_to_date_by_source.get(source, 0) for f in items if f.secured is not None]
        spent = [f.spent_to_date_by_source.get(source, 0) for f in items if f.spent is not None]
        rows.append((source, planned, sum(secured) if secured else None, sum(spent) if spent else None))
    order = {s: i for i, s in enumerate(("구비", "시비", "국비", "민자", "기타", UNASSIGNED_SOURCE))}
    rows.sort(key=lambda r: order.get(r[0], 99))
    return pd.DataFrame(rows, columns=["source", "planned", "secured", "spent"])


def lagging_outside_money(
    funding: dict[str, PledgeFunding], titles: dict[str, str], *, limit: int = 5
) -> pd.DataFrame:
    """Pledges whose city (시비) or state (국비) money lags furthest behind its plan (the 현황 list)."""
    rows = []
    for pid, f in funding.items():
        if f.secured is None:
            continue
        for source in ("시비", "국비"):
            planned = f.planned_to_date_by_source.get(source, 0)
            if planned <= 0 or source not in f.secured_to_date_by_source:
                continue  # nothing planned, or nothing entered for that source: no rate to rank
            secured = f.secured_to_date_by_source[source]
            rows.append((pid, titles.get(pid, ""), source, planned, secured, planned - secured,
                         secured / planned * 100))
    table = pd.DataFrame(rows, columns=["pledge_id", "title", "source", "planned", "secured", "gap", "rate"])
    return table.sort_values(["rate", "gap"], ascending=[True, False]).head(limit).reset_index(drop=True)


def funding_by_year(funding: list[PledgeFunding], plans: list[PledgeBudget], last_year: int) -> pd.DataFrame:
    """계획 · 확보 · 집행 per year (every year of the plan; None where nothing was entered).

    Years after `last_year` (the 기준일's) are plans only: `later` is True and nothing is
    counted as secured or spent there.
    """
    years = sorted({y for p in plans for y in p.by_year}
                   | {y for f in funding for b in (f.secured, f.spent) if b is not None for y in b.by_year})
    rows = []
    for year in years:
        secured = [f.secured.by_year.get(year, 0) for f in funding if f.secured is not None]
        spent = [f.spent.by_year.get(year, 0) for f in funding if f.spent is not None]
        later = year > last_year
        rows.append((f"{year}년", sum(p.by_year.get(year, 0) for p in plans),
                     sum(secured) if secured and not later else None,
                     sum(spent) if spent and not later else None, later))
    return pd.DataFrame(rows, columns=["year", "planned", "secured", "spent", "later"])
