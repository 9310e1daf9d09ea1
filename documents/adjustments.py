"""변경 내역: a pledge's (or the ward's) adjustments against its term's plan, as a document table.

Korean 공약관리카드 carry a 변경 내역 of what was changed since the plan and why; the ward's
report lists every adjustment, the unexplained ones first (they are what the coordinating
office must chase before the next quarter). The figures are figures.adjustments'.
"""

from __future__ import annotations

import datetime as dt

from documents.tables import Table, head, text_cell
from figures.adjustments import Adjustment, shown
from figures.formatting import format_date

NO_REASON = "사유 없음"


def adjustment_table(adjustments: list[Adjustment], plan_as_of: dt.date | None, *, with_pledge: bool,
                     title: str | None = None) -> Table:
    """구분, (공약,) 세부사업, 이행계획의 값, 지금 값, 사유, 심의·일자; unexplained first."""
    plan = f"이행계획({format_date(plan_as_of)})" if plan_as_of else "이행계획"
    widths = ([10.0] if with_pledge else []) + [18.0, 28.0, 24.0, 24.0, 40.0, 30.0]
    table = Table(widths=widths, title=title, font_size=7.5)
    table.header.append([*([head("번호")] if with_pledge else []), head("구분"), head("세부사업"), head(plan),
                         head("지금"), head("사유"), head("심의 · 일자")])
    for a in sorted(adjustments, key=lambda a: a.explained):
        review = " · ".join(part for part in ((a.row.review or "") if a.row else "", (a.row.raw_date or "")
                                              if a.row else "") if part)
        table.rows.append([
            *([text_cell(a.pledge_id, align="C")] if with_pledge else []),
            text_cell(a.kind, align="C"), text_cell(a.subproject, blank="(공약 전체)"),
            text_cell(shown(a.kind, a.before)), text_cell(shown(a.kind, a.after)),
            text_cell(a.row.reason if a.row else NO_REASON, bold=a.row is None), text_cell(review),
        ])
    return table


def adjustment_lines(adjustments: list[Adjustment], plan_as_of: dt.date | None, term: str) -> list[str]:
    """The sentence above the report's table: how many adjustments, how many without a reason."""
    if plan_as_of is None:
        return [f"{term} 이행계획이 아직 없습니다."]
    missing = sum(not a.explained for a in adjustments)
    if not adjustments:
        return [f"{term} 이행계획({format_date(plan_as_of)})과 달라진 공약이 없습니다."]
    return [f"{term} 이행계획({format_date(plan_as_of)}) 대비 조정 {len(adjustments)}건, 이 가운데 공약조정 시트에 "
            f"사유가 없는 조정 {missing}건 (표의 위쪽)."]
