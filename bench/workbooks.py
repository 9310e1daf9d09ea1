"""Synthetic ward workbooks for the benchmarks, written through the real template writer."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from loaders.model import (
    Achievement,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Pledge,
    Snapshot,
    SubProject,
)
from loaders.template import achievement_date_text, write_workbook

YEARS = range(2018, 2023)
QUARTERS = [f"{y}Q{q}" for y in YEARS for q in range(1, 5)]


def ward_snapshot(ward: str, as_of: dt.date, pledges: int = 120, seed: int = 0) -> Snapshot:
    """`pledges` pledges of 3–6 sub-projects: 5 years, 20 quarters, 3 sources, an achievement each."""
    rng = random.Random(seed)
    items: dict[str, list] = {k: [] for k in ("p", "s", "b", "i", "pt", "a")}
    for n in range(1, pledges + 1):
        pid = str(n)
        items["p"].append(Pledge(pid, f"{ward} 공약 {n}: 지역 산업 거점 육성 사업", "경제", "임기내", "구", "신규",
                                 "중기", "예산", rng.choice(["추진중", "타당성분석", "완료"]), "기획예산과",
                                 order=n - 1))
        for s in range(rng.randint(3, 6)):
            name = f"세부사업 {n}-{s + 1}"
            first = rng.randint(0, 8)
            items["s"].append(SubProject(pid, name, tuple(QUARTERS[first:first + rng.randint(4, 12)]), s))
            for source in ("구비", "시비", "국비"):
                for year in YEARS:
                    items["b"].append(BudgetRow(pid, name, source, year, 12, rng.randint(1, 500) * 1_000_000))
            items["i"].append(Indicator(pid, name, "%", 100.0, None, True, True))
            plan = sorted(rng.sample(range(5, 100), 4)) + [100]
            for year, value in zip(YEARS, plan, strict=True):
                items["pt"].append(IndicatorPoint(pid, name, "계획", year, 12, float(value), f"{year}년 계획"))
                if year < as_of.year or (year == as_of.year and as_of.month == 12):
                    items["pt"].append(IndicatorPoint(pid, name, "실적", year, 12, float(max(0, value - rng.randint(0, 15))),
                                                      f"{year}년 실적"))
            a = Achievement(pid, name, f"{name} 착수보고회 개최", dt.date(2019, rng.randint(1, 12), 1), "month")
            items["a"].append(Achievement(**{**a.__dict__, "raw_date": achievement_date_text(a), "order": len(items["a"])}))
    return Snapshot(ward, as_of, "백만원", None, None, tuple(items["p"]), tuple(items["s"]), tuple(items["b"]),
                    tuple(items["i"]), tuple(items["pt"]), tuple(items["a"]))


def write_ward(path: Path, ward: str, as_of: dt.date, pledges: int = 120, seed: int = 0) -> Path:
    write_workbook(ward_snapshot(ward, as_of, pledges, seed), path)
    return path
