"""What the pages let an official pick and the tables they then show, as pure functions of a Quarter.

현황 and 예산 filter the same pledges by the same classification columns with the same rule (a filter
is offered where the column has two values or more; picking nothing keeps every pledge); the pledge
list says which pledges carry an earlier quarter's rows and which have no budget; 변화's table names
its columns as the report's. Pages lay these out; the functions are here so the rule has one home.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from figures.formatting import format_date, format_money, rate_text
from figures.funding import NOT_ENTERED
from figures.tables import pledge_table

#: the pledge list's filters (column of figures.progress.pledge_progress, its Korean name)
FILTERS: tuple[tuple[str, str], ...] = (
    ("field", "분야"), ("term", "임기구분"), ("owner", "사업주체"), ("novelty", "신규여부"),
    ("period", "사업시기"), ("budget_kind", "예산구분"), ("stage", "이행단계"), ("status", "상태"),
)


@dataclass(frozen=True)
class Filter:
    column: str
    label: str
    options: tuple[str, ...]


def filters(pledges: pd.DataFrame) -> list[Filter]:
    """The filters worth offering: a column with two values or more among these pledges."""
    found = []
    for column, label in FILTERS:
        options = tuple(sorted(str(v) for v in pledges[column].dropna().unique()))
        if len(options) > 1:
            found.append(Filter(column, label, options))
    return found


def chosen(pledges: pd.DataFrame, picked: Mapping[str, list]) -> pd.DataFrame:
    """The pledges every filter with a choice keeps (a filter left empty keeps all), in workbook order."""
    keep = pd.Series(True, index=pledges.index)
    for column, values in picked.items():
        if values:
            keep &= pledges[column].astype(str).isin([str(v) for v in values])
    return pledges[keep]


def pledge_list(shown: pd.DataFrame, entered: list[str], carried: Mapping[str, dt.date], unit: str
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the list as exported, the list as shown): pledges not yet submitted say which 기준일's rows they
    carry (spec "Department submissions"); a pledge without any 소요예산 reads 미입력, never 0."""
    listed = pledge_table(shown, unit)
    if carried:
        listed.insert(2, "제출", [f"미제출 ({format_date(carried[pid])} 자료)" if pid in carried else "제출"
                                for pid in listed["공약번호"]])
    column = f"예산({unit})"
    listed[column] = pd.Series([NOT_ENTERED if pid not in entered else value
                                for pid, value in zip(listed["공약번호"], listed[column], strict=True)],
                               index=listed.index, dtype=object)
    on_screen = listed.assign(**{column: pd.Series(
        [value if isinstance(value, str) or value is None else format_money(value, unit, in_unit=True)
         for value in listed[column]], index=listed.index, dtype=object)})
    return listed, on_screen


#: 변화's table and its export: the report's names for the same columns
CHANGE_COLUMNS = {"pledge_id": "공약번호", "title": "공약명", "rate_before": "이전 이행률(%)",
                  "rate_after": "현재 이행률(%)", "rate_change": "증감(%p)", "status_before": "이전 상태",
                  "status_after": "현재 상태"}


def change_table(moved: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the table as exported, as shown) of figures.changes' pledge rows: a rate nobody could compute
    reads 지표 없음 on screen."""
    table = moved.rename(columns=CHANGE_COLUMNS)[list(CHANGE_COLUMNS.values())]
    on_screen = table.assign(**{
        "이전 이행률(%)": [rate_text(v).removesuffix("%") for v in table["이전 이행률(%)"]],
        "현재 이행률(%)": [rate_text(v).removesuffix("%") for v in table["현재 이행률(%)"]],
        "증감(%p)": [rate_text(None) if v is None or v != v else f"{v:+.1f}" for v in table["증감(%p)"]],
    })
    return table, on_screen
