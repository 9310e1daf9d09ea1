"""The budget tables: by year and source, by source, per sub-project, and each pledge split by source."""

from __future__ import annotations

from typing import Any

import pandas as pd

from figures.display import is_blank, is_empty
from figures.status import (
    SOURCE_ORDER,
)
from figures.tables.cells import TOTAL, _frame, _money, _num, _sorted, _text
from loaders.model import UNASSIGNED_SOURCE


def budget_year_table(by_year_source: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """Budget by source (rows) and year (columns) with totals, laid out like sheet 소요예산."""
    if is_empty(by_year_source, "year", "source", "amount"):
        return _frame([], ["재원", TOTAL])
    df = by_year_source.copy()
    df["source"] = df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    df["amount"] = pd.to_numeric(df["amount"], errors="coerce").fillna(0)
    pivot = df.pivot_table(
        index="source", columns="year", values="amount", aggfunc="sum", fill_value=0
    )
    years = sorted(int(y) for y in pivot.columns)
    sources = [s for s in SOURCE_ORDER if s in pivot.index] + [
        s for s in pivot.index if s not in SOURCE_ORDER
    ]
    headers = [f"{y}년" for y in years]
    rows = []
    for source in [TOTAL, *sources]:
        amounts = pivot.sum(axis=0) if source == TOTAL else pivot.loc[source]
        row: dict[str, Any] = {"재원": source}
        row.update({h: _money(amounts[y], unit) for y, h in zip(years, headers, strict=True)})
        row[TOTAL] = _money(float(amounts.sum()), unit)
        rows.append(row)
    money = "#,##0.0" if unit == "억원" else "money"
    return _frame(rows, ["재원", *headers, TOTAL], **{h: money for h in [*headers, TOTAL]})


def source_table(by_source: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """Total by funding source with its share: the donut's numbers, plus the 계 row."""
    columns = ["재원", f"예산({unit})", "비율(%)"]
    if is_empty(by_source, "source", "amount"):
        return _frame([], columns)
    df = by_source.copy()
    df["source"] = df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    sums = df.groupby("source")["amount"].sum()
    total = float(sums.sum())
    sources = [s for s in SOURCE_ORDER if s in sums.index] + [
        s for s in sums.index if s not in SOURCE_ORDER
    ]
    rows = [
        {
            "재원": s,
            f"예산({unit})": _money(sums[s], unit),
            "비율(%)": _num(float(sums[s]) / total * 100) if total else None,
        }
        for s in sources
    ]
    rows.append(
        {"재원": TOTAL, f"예산({unit})": _money(total, unit), "비율(%)": 100.0 if total else None}
    )
    return _frame(rows, columns)


def subproject_budget_table(subproject_totals: pd.DataFrame, unit: str = "백만원") -> pd.DataFrame:
    """Each sub-project's total budget and its share of the sub-projects' sum."""
    columns = ["공약번호", "세부사업", f"예산({unit})", "비율(%)"]
    if is_empty(subproject_totals, "subproject", "total"):
        return _frame([], columns)
    total = float(pd.to_numeric(subproject_totals["total"], errors="coerce").fillna(0).sum())
    rows = [
        {
            "공약번호": _text(r.get("pledge_id")),
            "세부사업": _text(r.get("subproject")),
            f"예산({unit})": _money(r.get("total"), unit),
            "비율(%)": _num(float(r["total"]) / total * 100)
            if total and not is_blank(r.get("total"))
            else None,
        }
        for r in subproject_totals.to_dict("records")
    ]
    return _frame(rows, columns)


def pledge_source_table(
    pledge_by_source: pd.DataFrame, pledges: pd.DataFrame | None = None, unit: str = "백만원"
) -> pd.DataFrame:
    """Per pledge: amount by source, total, and the 구비 / 시비 shares (the budget page's split)."""
    if is_empty(pledge_by_source, "pledge_id", "source", "amount"):
        return _frame([], ["공약번호", "공약명", f"계({unit})"])
    df = pledge_by_source.copy()
    df["pledge_id"] = df["pledge_id"].astype(str)
    df["source"] = df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    sums = df.groupby(["pledge_id", "source"])["amount"].sum()
    present = set(df["source"])
    sources = [s for s in SOURCE_ORDER if s in present] + sorted(present - set(SOURCE_ORDER))
    titles: dict[str, Any] = {}
    order = list(dict.fromkeys(df["pledge_id"]))
    if not is_empty(pledges, "pledge_id"):
        info = _sorted(pledges)
        titles = dict(
            zip(info["pledge_id"].astype(str), info.get("title", info["pledge_id"]), strict=True)
        )
        order = [p for p in info["pledge_id"].astype(str) if p in set(order)] + [
            p for p in order if p not in titles
        ]
    rows = []
    for pid in order:
        total = float(sum(float(sums.get((pid, s), 0)) for s in sources))
        row: dict[str, Any] = {"공약번호": pid, "공약명": _text(titles.get(pid))}
        row.update({f"{s}({unit})": _money(sums.get((pid, s), 0), unit) for s in sources})
        row[f"계({unit})"] = _money(total, unit)
        for s in ("구비", "시비"):
            if s in sources:
                row[f"{s} 비율(%)"] = (
                    _num(float(sums.get((pid, s), 0)) / total * 100) if total else None
                )
        rows.append(row)
    columns = ["공약번호", "공약명", *[f"{s}({unit})" for s in sources], f"계({unit})"]
    columns += [f"{s} 비율(%)" for s in ("구비", "시비") if s in sources]
    return _frame(rows, columns)
