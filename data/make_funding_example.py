"""Writes data/examples/영등포구_2020-12-31_재정확보_예시.xlsx: pledge 25 with 확보 and 집행 rows.

No seed states how much of pledge 25's money was secured or spent, so these rows are
INVENTED for illustration (the spec's 구분 column at work); the file sits in
data/examples/, which is never loaded as a sample ward. Run: `python data/make_funding_example.py`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from loaders import read_workbook
from loaders.model import BudgetRow
from loaders.template import write_workbook

HERE = Path(__file__).resolve().parent
M = 1_000_000
#: (source, year, 확보 백만원, 집행 백만원): 구비 fully secured, 시비 lagging behind its plan
ROWS = (
    ("구비", 2018, 189, 180), ("구비", 2019, 64, 60), ("구비", 2020, 37, 20),
    ("시비", 2018, 1_700, 1_500), ("시비", 2019, 800, 700), ("시비", 2020, 300, 100),
)


def funding_example():
    snapshot = read_workbook(HERE / "영등포구_2020-12-31.xlsx").snapshot
    extra = []
    for source, year, secured, spent in ROWS:
        extra.append(BudgetRow("25", None, source, year, 12, secured * M, "확보"))
        extra.append(BudgetRow("25", None, source, year, 12, spent * M, "집행"))
    return dataclasses.replace(snapshot, budget=snapshot.budget + tuple(extra))


if __name__ == "__main__":
    target = HERE / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx"
    target.parent.mkdir(exist_ok=True)
    write_workbook(funding_example(), target)
    print(target)
