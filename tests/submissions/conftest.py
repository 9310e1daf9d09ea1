"""A ward of four departments (도시재생과 holds two pledges), written through the real template writer.

The 2026-09-30 quarter is the ward's first of 민선 9기; each department's form for 2026-12-31 is
that quarter's part with 기준일 moved on and its 실적 raised, as a department would hand it back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from loaders import read_workbook
from loaders.model import (
    Achievement,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Pledge,
    Snapshot,
    SubProject,
)
from loaders.template import department_snapshot, template_bytes

WARD = "중랑구"
Q3, Q4 = dt.date(2026, 9, 30), dt.date(2026, 12, 31)
#: pledge → (title, 담당부서, 실적 at Q3)
PLEDGES = {
    "1": ("면목동 도시재생 뉴딜", "도시재생과", 40.0),
    "2": ("상봉역 일대 역세권 활성화", "도시재생과", 20.0),
    "3": ("어르신 돌봄 통합 지원", "복지정책과", 50.0),
    "4": ("마을버스 노선 확충", "교통행정과", 30.0),
    "5": ("중랑천 장미정원 확대", "공원녹지과", 60.0),
}
DEPARTMENTS = ["도시재생과", "복지정책과", "교통행정과", "공원녹지과"]


def ward_snapshot(as_of: dt.date = Q3, actual: dict[str, float] | None = None) -> Snapshot:
    """The ward's whole quarter: each pledge one sub-project, a plan, an actual, a budget row, an achievement."""
    actual = {pid: value for pid, (_, _, value) in PLEDGES.items()} | (actual or {})
    pledges, subs, budget, indicators, points, achievements = [], [], [], [], [], []
    for order, (pid, (title, department, _)) in enumerate(PLEDGES.items()):
        sub = f"{title} 1단계"
        pledges.append(Pledge(pid, title, "지역", "임기내", "구", "신규", "중기", "예산", "추진중", department,
                              "홍길동", "02-2094-0000", order=order))
        subs.append(SubProject(pid, sub, ("2026Q3", "2026Q4", "2027Q1"), 0))
        budget.append(BudgetRow(pid, sub, "구비", 2026, 12, (int(pid) * 100) * 1_000_000))
        indicators.append(Indicator(pid, sub, "%", 100.0, None, True, True))
        points += [IndicatorPoint(pid, sub, "계획", 2026, 12, 50.0, "착수"),
                   IndicatorPoint(pid, sub, "계획", 2027, 12, 100.0, "완료"),
                   IndicatorPoint(pid, sub, "실적", 2026, 12, actual[pid], "추진")]
        achievements.append(Achievement(pid, sub, f"{title} 착수보고회", dt.date(2026, 8, 1), "month",
                                        raw_date="2026. 8.", order=order))
    return Snapshot(WARD, as_of, "백만원", "기획예산과", "총괄", tuple(pledges), tuple(subs), tuple(budget),
                    tuple(indicators), tuple(points), tuple(achievements), term=9, mayor="김중랑")


def department_file(department: str, as_of: dt.date = Q4, actual: dict[str, float] | None = None,
                    **changes: object) -> bytes:
    """Department `department`'s form of the Q3 quarter, for `as_of`, with its 실적 raised (or `actual`)."""
    part = department_snapshot(ward_snapshot(), department)
    raised = actual or {p.pledge_id: PLEDGES[p.pledge_id][2] + 10 for p in part.pledges}
    points = tuple(dataclasses.replace(p, value=raised.get(p.pledge_id, p.value)) if p.kind == "실적" else p
                   for p in part.points)
    return template_bytes(dataclasses.replace(part, as_of=as_of, points=points, **changes))


def whole_file(as_of: dt.date = Q3, actual: dict[str, float] | None = None) -> bytes:
    return template_bytes(ward_snapshot(as_of, actual))


def read(content: bytes, name: str = "부서.xlsx"):
    return read_workbook(content, file_name=name)


@pytest.fixture
def ward_store(store):
    """The store with the ward's 2026-09-30 quarter, uploaded whole."""
    outcome = store.import_file(whole_file(), file_name="중랑구_3분기.xlsx", by="총괄")
    assert outcome.status == "stored", outcome.message
    return store
