"""A store of several wards and terms, built through real imports, for the published site's tests.

영등포구: the samples' 2019-12-31 and 2020-12-31 (민선 7기); a 민선 8기 quarter (2025-12-31); two
민선 9기 quarters reusing pledge number 25 (2026-09-30; 2026-12-31 with a renamed title explained
by a 공약조정 row, a higher 실적 and a `- ` bullet a spreadsheet would run); a newer 민선 9기 quarter
that is never approved. 서초구, 금천구 and 서울특별시: their samples. Everything else approved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from loaders import read_workbook
from loaders.model import AdjustmentRow
from loaders.template import template_bytes

DATA = Path(__file__).resolve().parents[2] / "data"
WARD = "영등포구"
NINE_FIRST, NINE_LAST, UNAPPROVED = dt.date(2026, 9, 30), dt.date(2026, 12, 31), dt.date(2027, 3, 31)
EIGHT = dt.date(2025, 12, 31)
SEVEN_FINAL = dt.date(2020, 12, 31)
RENAMED = "문래 미래산업 거점 육성 (명칭 변경)"
REASON = "주민설명회 의견을 반영해 공약명을 바꿈"
BULLET = "- 용역 준공 보고"


def _later(snapshot, as_of: dt.date, term: int, mayor: str, *, changed: bool = False):
    snap = dataclasses.replace(snapshot, as_of=as_of, term=term, mayor=mayor)
    if not changed:
        return snap
    last = max(p.year for p in snap.points if p.kind == "실적" and p.value is not None)
    points = []
    for p in snap.points:
        if p.kind == "실적" and p.subproject == snap.indicators[2].subproject and p.year == last:
            p = dataclasses.replace(p, value=90.0, text=BULLET)  # 60 → 90: pledge 25 goes from 75.0% to 85.0%
        points.append(p)
    pledge = dataclasses.replace(snap.pledges[0], title=RENAMED)
    row = AdjustmentRow(pledge_id="25", subproject=None, kind="공약명 변경", reason=REASON,
                        review="공약이행평가단 심의 2026. 11. 20.", start=dt.date(2026, 11, 1),
                        start_precision="month")
    return dataclasses.replace(snap, points=tuple(points), pledges=(pledge, *snap.pledges[1:]),
                               adjustment_rows=(row,))


def build(store) -> None:
    """Import and approve the quarters above into an empty store."""
    for name in ("영등포구_2019-12-31", "영등포구_2020-12-31", "서초구_2025-03-31", "금천구_2025-09-30",
                 "서울특별시_2026-03-31"):
        outcome = store.import_file(DATA / f"{name}.xlsx", by="시험")
        assert outcome.status == "stored", outcome.message
    base = read_workbook(DATA / "영등포구_2020-12-31.xlsx").snapshot
    for snap in (_later(base, EIGHT, 8, "김팔기"), _later(base, NINE_FIRST, 9, "박구기"),
                 _later(base, NINE_LAST, 9, "박구기", changed=True), _later(base, UNAPPROVED, 9, "박구기")):
        outcome = store.import_file(template_bytes(snap), file_name=f"{snap.as_of}.xlsx", by="시험")
        assert outcome.status == "stored", outcome.message
    for ward in store.wards():
        for as_of in store.as_of_dates(ward):
            if as_of != UNAPPROVED:
                store.approve(ward, as_of, by="총괄")
