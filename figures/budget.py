"""Budget figures (docs/spec.md, 소요예산 "How the figures are taken"), all in 원 as int.

A pledge's total is its pledge-level all-sources (계) row when there is one,
else its pledge-level source rows (docs/choices.md), else the sum of its
sub-projects' totals; its split by source comes from its pledge-level source
rows when there are any, else from its sub-projects' source rows, and the part
of the total with no source is `미지정`. A `YYYY.M.` column counts for year YYYY.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from figures.status import SOURCE_ORDER
from loaders.frames import SnapshotFrames
from loaders.model import UNASSIGNED_SOURCE


@dataclass
class PledgeBudget:
    total: int = 0
    by_year: dict[int, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_year_source: dict[tuple[int, str], int] = field(default_factory=dict)


def _rows(frames: SnapshotFrames) -> list[tuple[str, str | None, str | None, int, int]]:
    budget = frames.budget
    if budget.empty:
        return []
    # plain Python values: numpy scalars make every later sum and dict key several times slower
    return list(
        zip(
            budget["pledge_id"].tolist(),
            budget["subproject"].tolist(),
            budget["source"].tolist(),
            budget["year"].astype("int64").tolist(),
            budget["amount"].astype("int64").tolist(),
            strict=True,
        )
    )


def _by_year(rows: list[tuple[str | None, int, int]]) -> dict[int, int]:
    summed: dict[int, int] = defaultdict(int)
    for _, year, amount in rows:
        summed[year] += int(amount)
    return dict(summed)


def _part_total(rows: list[tuple[str | None, int, int]]) -> dict[int, int]:
    """A pledge's or sub-project's per-year total: its all-sources rows, else its source rows."""
    all_sources = [r for r in rows if r[0] is None]
    return _by_year(all_sources if all_sources else rows)


def pledge_budgets(frames: SnapshotFrames) -> dict[str, PledgeBudget]:
    """Every pledge of the snapshot (a pledge without budget rows gets total 0)."""
    grouped: dict[str, dict[str | None, list[tuple[str | None, int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for pledge, sub, source, year, amount in _rows(frames):
        grouped[pledge][sub].append((source, year, amount))
    result: dict[str, PledgeBudget] = {}
    for pledge in frames.pledges["pledge_id"]:
        parts = grouped.get(pledge, {})
        own = parts.get(None, [])
        subs = {name: rows for name, rows in parts.items() if name is not None}
        if own:
            by_year = _part_total(own)
        else:
            by_year = defaultdict(int)
            for rows in subs.values():
                for year, amount in _part_total(rows).items():
                    by_year[year] += amount
            by_year = dict(by_year)
        named_rows = [r for r in own if r[0] is not None]
        if not named_rows:
            named_rows = [r for rows in subs.values() for r in rows if r[0] is not None]
        by_year_source: dict[tuple[int, str], int] = defaultdict(int)
        named_by_year: dict[int, int] = defaultdict(int)
        for source, year, amount in named_rows:
            by_year_source[(year, source)] += amount
            named_by_year[year] += amount
        for year, total in by_year.items():
            if total > named_by_year.get(year, 0):
                by_year_source[(year, UNASSIGNED_SOURCE)] += total - named_by_year.get(year, 0)
        by_source: dict[str, int] = defaultdict(int)
        for (_, source), amount in by_year_source.items():
            by_source[source] += amount
        result[pledge] = PledgeBudget(
            total=sum(by_year.values()),
            by_year=dict(sorted(by_year.items())),
            by_source={s: by_source[s] for s in SOURCE_ORDER if by_source.get(s)},
            by_year_source=dict(sorted(by_year_source.items(), key=_year_source_key)),
        )
    return result


_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCE_ORDER)}


def _year_source_key(item: tuple[tuple[int, str], int]) -> tuple[int, int]:
    (year, source), _ = item
    return year, _SOURCE_RANK[source]


def pledge_totals(frames: SnapshotFrames) -> pd.DataFrame:
    budgets = pledge_budgets(frames)
    return pd.DataFrame(
        {"pledge_id": list(budgets), "total": [b.total for b in budgets.values()]}
    ).astype({"total": "int64"})


def pledge_by_source(frames: SnapshotFrames) -> pd.DataFrame:
    rows = [
        (pledge, source, amount)
        for pledge, b in pledge_budgets(frames).items()
        for source, amount in b.by_source.items()
    ]
    return pd.DataFrame(rows, columns=["pledge_id", "source", "amount"])


def pledge_by_year_source(frames: SnapshotFrames) -> pd.DataFrame:
    rows = [
        (pledge, year, source, amount)
        for pledge, b in pledge_budgets(frames).items()
        for (year, source), amount in b.by_year_source.items()
    ]
    return pd.DataFrame(rows, columns=["pledge_id", "year", "source", "amount"])


def subproject_totals(frames: SnapshotFrames) -> pd.DataFrame:
    """Each sub-project's own total; None when it has no budget rows of its own."""
    parts: dict[tuple[str, str], list[tuple[str | None, int, int]]] = defaultdict(list)
    for pledge, sub, source, year, amount in _rows(frames):
        if sub is not None:
            parts[(pledge, sub)].append((source, year, int(amount)))
    subs = frames.subprojects
    totals = [
        sum(_part_total(parts[key]).values()) if key in parts else None
        for key in zip(subs["pledge_id"], subs["subproject"], strict=True)
    ]
    return pd.DataFrame(
        {"pledge_id": list(subs["pledge_id"]), "subproject": list(subs["subproject"]), "total": totals},
        dtype=object,
    )


def ward_total(frames: SnapshotFrames) -> int:
    return sum(b.total for b in pledge_budgets(frames).values())


def ward_by_source(frames: SnapshotFrames, plans: dict[str, PledgeBudget] | None = None) -> pd.DataFrame:
    """The ward's money by source with each source's share of the total in %."""
    summed: dict[str, int] = defaultdict(int)
    for b in (plans if plans is not None else pledge_budgets(frames)).values():
        for source, amount in b.by_source.items():
            summed[source] += amount
    total = sum(summed.values())
    rows = [
        (source, summed[source], summed[source] / total * 100 if total else 0.0)
        for source in SOURCE_ORDER
        if summed.get(source)
    ]
    return pd.DataFrame(rows, columns=["source", "amount", "share"])


def ward_by_year_source(frames: SnapshotFrames) -> pd.DataFrame:
    summed: dict[tuple[int, str], int] = defaultdict(int)
    for b in pledge_budgets(frames).values():
        for key, amount in b.by_year_source.items():
            summed[key] += amount
    rows = [(year, source, amount) for (year, source), amount in sorted(summed.items(), key=_year_source_key)]
    return pd.DataFrame(rows, columns=["year", "source", "amount"])
