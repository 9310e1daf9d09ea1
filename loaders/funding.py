"""The 계획 · 확보 · 집행 cross-checks of sheet 소요예산 (spec "Planned, secured and spent").

For a pledge and a source in a year, money spent (집행) above money secured (확보), or
secured above planned (계획), is almost always a row typed under the wrong 구분 or
year; the official sees the cell of the larger amount. Each 구분 is read the way
the figures read it: the pledge-level rows when there are any, else the sum of its
sub-projects.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from loaders.findings import Findings
from loaders.headers import YearColumn
from loaders.model import BUDGET_UNITS

#: (pledge, sub-project or None), source or None → (row number, {year column: 원})
Seen = dict[tuple[tuple[str, str | None], str | None], tuple[int, dict[int, int]]]
#: source (None: all sources) → year column → (row number, 원)
View = dict[str | None, dict[int, tuple[int, int]]]


def _pledge_view(seen: Seen, pledge: str) -> View:
    """One pledge's amounts by source and year column, with the row each comes from."""
    own = {source: entry for (key, source), entry in seen.items() if key == (pledge, None)}
    if not own:  # no pledge-level rows: the sum of the sub-projects' rows
        summed: dict[str | None, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        first_row: dict[str | None, int] = {}
        for ((p, _sub), source), (row, amounts) in seen.items():
            if p != pledge:
                continue
            first_row.setdefault(source, row)
            for col, won in amounts.items():
                summed[source][col] += won
        own = {source: (first_row[source], dict(cols)) for source, cols in summed.items()}
    view: View = {
        source: {col: (row, won) for col, won in amounts.items()} for source, (row, amounts) in own.items()
    }
    if None not in view and view:  # all sources together: the sum of the named ones
        total: dict[int, tuple[int, int]] = {}
        for cols in view.values():
            for col, (row, won) in cols.items():
                previous = total.get(col, (row, 0))
                total[col] = (previous[0], previous[1] + won)
        view[None] = total
    return view


def _text(won: int, unit: str) -> str:
    return f"{Decimal(won) / BUDGET_UNITS[unit]:,.3f}".rstrip("0").rstrip(".")


def check_funding(
    sheet: str,
    seen_by_kind: dict[str, Seen],
    years: list[YearColumn],
    unit: str,
    findings: Findings,
) -> None:
    """Warn where 집행 > 확보 or 확보 > 계획 for a pledge and source in a year."""
    if set(seen_by_kind) <= {"계획"}:
        return
    year_name = {y.col: (f"{y.year}년" if y.end_month == 12 else f"{y.year}.{y.end_month}.") for y in years}
    pledges = sorted(
        {key[0] for seen in seen_by_kind.values() for (key, _source) in seen},
        key=lambda p: min(row for seen in seen_by_kind.values()
                          for ((pid, _s), _src), (row, _a) in seen.items() if pid == p),
    )
    for pledge in pledges:
        views = {kind: _pledge_view(seen, pledge) for kind, seen in seen_by_kind.items()}
        for upper, lower in (("집행", "확보"), ("확보", "계획")):
            if upper not in views:
                continue
            for source, cols in views[upper].items():
                limit = views.get(lower, {}).get(source)
                if limit is None and source is not None:
                    continue  # that source is not stated under the lower 구분: nothing to compare
                for column in years:
                    if column.col not in cols:
                        continue
                    row, won = cols[column.col]
                    allowed = (limit or {}).get(column.col, (0, 0))[1]
                    if won > allowed:
                        which = "전체" if source is None else source
                        findings.warning(
                            sheet,
                            f"공약 {pledge}의 {year_name[column.col]} {which} {upper} {_text(won, unit)}이(가) "
                            f"{lower} {_text(allowed, unit)}보다 많습니다 (단위: {unit}; 구분과 연도를 확인해 주세요)",
                            row,
                            column.col,
                        )
