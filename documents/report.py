"""The ward's quarterly 공약 이행 현황 report as a document model: sections of tables and lines.

Cover; summary (구 이행률 and its change, counts by status and by 이행단계, 공약 이행 완료율
and 연차 목표 달성률 each with numerator and denominator, budget total and split by
source); a table by 분야; what needs attention (지연, 기한 경과, 실적 going backwards,
dropped pledges and sub-projects, 연차 목표 없음, the stored warnings); the changes since
the previous quarter (figures.changes); then every pledge's card.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from documents.adjustments import adjustment_lines, adjustment_table
from documents.card import Card, build_card
from documents.tables import (
    DASH,
    GROUP_FILL,
    NOT_ENTERED,
    Cell,
    Table,
    count_cell,
    head,
    money_cell,
    number_cell,
    rate_cell,
    ratio_text,
    text_cell,
)
from figures.formatting import format_achievement_date, format_date, format_rate, quarter_label
from figures.quarter import Quarter
from figures.status import (
    COUNTED_STATUSES,
    DEFINITIONS,
    NO_INDICATOR,
    NO_STAGE,
    SOURCE_ORDER,
    STAGE_ORDER,
)
from loaders.model import BUDGET_UNITS

Block = Table | str


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    ward: str
    as_of: dt.date
    budget_unit: str
    cover: list[str]  # lines under the title
    sections: list[Section]
    cards: list[Card]

    @property
    def title(self) -> str:
        return f"{self.ward} 공약 이행 현황"


def _titled(title: str, widths: list[float], columns: list[str], **kw) -> Table:
    table = Table(widths=widths, title=title, **kw)
    table.header.append([head(c) for c in columns])
    return table


def _pledge_cell(quarter: Quarter, pid: str) -> Cell:
    return text_cell(quarter.rows.pledge.get(pid, {}).get("title"))


def _money(won: int | None, unit: str) -> str:
    return DASH if won is None else f"{won / BUDGET_UNITS[unit]:,.0f}"


def summary_section(quarter: Quarter) -> Section:
    ward, evaluation, unit = quarter.progress, quarter.evaluation, quarter.budget_unit
    previous_as_of, previous_rate = quarter.previous_as_of, quarter.previous_rate
    if previous_as_of is None:
        change = "이전 기준일 자료 없음"
    elif ward.rate is None or previous_rate is None:
        change = f"지난 기준일({format_date(previous_as_of)}) 대비 비교 불가 (지표 없음)"
    else:
        change = f"지난 기준일({format_date(previous_as_of)}) {format_rate(previous_rate)} 대비 " \
                 f"{ward.rate - previous_rate:+.1f}%p"
    key = _titled("주요 지표", [30, 16, 18, 70], ["지표", "값(%)", "분자 / 분모", "설명"])
    completion, annual = evaluation.completion, evaluation.annual
    rated = sum(1 for r in quarter.pledges["rate"] if r is not None and r == r)
    key.rows += [
        [text_cell("구 이행률 (평균 이행률)", bold=True), rate_cell(ward.rate, blank="지표 없음", bold=True),
         text_cell(f"공약 {rated}건의 평균" if rated else DASH, align="C"), text_cell(change)],
        [text_cell("공약 이행 완료율", bold=True), rate_cell(completion.rate, bold=True),
         text_cell(ratio_text(completion.numerator, completion.denominator), align="C"),
         text_cell("이행단계 완료(완료(지속) 포함) 또는 상태 완료인 공약 ÷ 전체 공약 (보류·폐기 포함)")],
        [text_cell(f"연차 목표 달성률 ({evaluation.year}년)", bold=True), rate_cell(annual.rate, bold=True),
         text_cell(ratio_text(annual.numerator, annual.denominator), align="C"),
         text_cell(f"{evaluation.year}년 계획값을 모두 달성했거나 완료된 공약 ÷ 전체 공약 "
                   f"(연차 목표 없음 {len(evaluation.no_target)}건)")],
    ]
    money = quarter.ward_money
    key.rows += [
        [text_cell("재정 확보율", bold=True), rate_cell(money.secured_rate, blank="미입력", bold=True),
         text_cell(f"{_money(money.secured, unit)} / {_money(money.planned, unit)}" if money.secured is not None
                   else DASH, align="C"),
         text_cell(f"{quarter.as_of.year}년까지 확보 ÷ 계획 (확보를 적은 공약 {money.pledges_with_secured}건의 합, "
                   f"단위 {unit})")],
        [text_cell("집행률", bold=True), rate_cell(money.spent_rate, blank="미입력", bold=True),
         text_cell(f"{_money(money.spent, unit)} / 확보" if money.spent is not None else DASH, align="C"),
         text_cell(f"{quarter.as_of.year}년까지 집행 ÷ 확보 (집행을 적은 공약 {money.pledges_with_spent}건의 합)")],
    ]
    n = quarter.progress.n_pledges
    status = _titled("상태별 공약 수", [24, 14, 14, 82], ["상태", "공약 수", "비율(%)", "뜻"])
    for name, count in ward.counts.items():
        if name in COUNTED_STATUSES or count:
            status.rows.append([text_cell(name), count_cell(count), rate_cell(count / n * 100 if n else None),
                                text_cell(DEFINITIONS.get(name, ""), blank="")])
    stages = _titled("이행단계별 공약 수", [24, 14, 14], ["이행단계", "공약 수", "비율(%)"], span=0.55)
    for name in (*STAGE_ORDER, NO_STAGE):
        if name in ward.stage_counts and (name in STAGE_ORDER or ward.stage_counts[name]):
            count = ward.stage_counts[name]
            stages.rows.append([text_cell(name), count_cell(count), rate_cell(count / n * 100 if n else None)])
    budget = _titled("소요예산 (재원별)", [24, 24, 14], ["재원", f"금액({unit})", "비율(%)"], span=0.55)
    by_source: dict[str, int] = {}
    for b in quarter.plans.values():
        for source, amount in b.by_source.items():
            by_source[source] = by_source.get(source, 0) + amount
    total = sum(b.total for b in quarter.plans.values())
    budget.rows.append([text_cell("계", bold=True, fill=GROUP_FILL), money_cell(total, unit, bold=True,
                                                                               fill=GROUP_FILL),
                        rate_cell(100.0 if total else None, bold=True)])
    for source in SOURCE_ORDER:
        if by_source.get(source):
            budget.rows.append([text_cell(source), money_cell(by_source[source], unit),
                                rate_cell(by_source[source] / total * 100 if total else None)])
    if not total:
        budget.rows = []
    budget.empty = f"소요예산 {NOT_ENTERED}"
    budget.note = f"(단위: {unit})"
    return Section("요약", [key, status, stages, budget])


def _evidence_count(pieces: list) -> str:
    """`사진 2 · 문서 1` (the 증빙 shown with the quarter), or - when there is none."""
    photos = sum(p.kind == "사진" for p in pieces)
    parts = [f"사진 {photos}"] * bool(photos) + [f"문서 {len(pieces) - photos}"] * bool(len(pieces) - photos)
    return " · ".join(parts) or DASH


def pledge_list(quarter: Quarter, evidence: dict[str, list]) -> Section:
    unit = quarter.budget_unit
    table = _titled("공약별 현황", [10, 50, 14, 14, 10, 12, 14, 16, 16],
                    ["번호", "공약명", "분야", "이행단계", "상태", "이행률(%)", "예산가중 이행률(%)", f"소요예산({unit})",
                     "증빙"])
    for r in quarter.pledges.to_dict("records"):
        table.rows.append([
            text_cell(r["pledge_id"], align="C"), text_cell(r["title"]), text_cell(r["field"], blank=NOT_ENTERED),
            text_cell(r["stage"], blank=NOT_ENTERED, align="C"), text_cell(r["status"], align="C"),
            rate_cell(r["rate"], blank=NO_INDICATOR), rate_cell(r["rate_weighted"]),
            money_cell(r["budget_total"], unit, blank="비예산" if r["budget_kind"] == "비예산" else NOT_ENTERED),
            text_cell(_evidence_count(evidence.get(r["pledge_id"], [])), align="C"),
        ])
    table.note = f"(단위: {unit})"
    return Section("공약별 현황", [table])


def field_section(quarter: Quarter) -> Section:
    unit = quarter.budget_unit
    columns = ["분야", "공약 수", "완료", "정상", "지연", "보류·폐기", "지표 없음", "평균 이행률(%)", f"소요예산({unit})"]
    table = _titled("분야별 현황", [26, 12, 11, 11, 11, 13, 13, 17, 20], columns, note=f"(단위: {unit})")
    groups: dict[str, list[dict]] = {}
    for r in quarter.pledges.to_dict("records"):
        groups.setdefault(r["field"] or NOT_ENTERED, []).append(r)

    def row(name: str, rows: list[dict], bold: bool = False) -> list[Cell]:
        rates = [r["rate"] for r in rows if r["rate"] is not None]
        count = {s: sum(1 for r in rows if r["status"] == s) for s in (*COUNTED_STATUSES, NO_INDICATOR)}
        fill = GROUP_FILL if bold else None
        return [text_cell(name, bold=bold, fill=fill), count_cell(len(rows), bold=bold),
                count_cell(count["완료"]), count_cell(count["정상"]), count_cell(count["지연"]),
                count_cell(count["보류"] + count["폐기"]), count_cell(count[NO_INDICATOR]),
                rate_cell(sum(rates) / len(rates) if rates else None, blank=NO_INDICATOR, bold=bold),
                money_cell(sum(r["budget_total"] for r in rows), unit, bold=bold)]

    everything = quarter.pledges.to_dict("records")
    if everything:
        table.rows.append(row("전체", everything, bold=True))
    for name in sorted(groups, key=lambda g: (g == NOT_ENTERED, g)):
        table.rows.append(row(name, groups[name]))
    return Section("분야별 현황", [table, "평균 이행률: 분야 안 공약 이행률의 평균 (지표 없는 공약 제외)"])


def attention_section(quarter: Quarter, changes) -> Section:
    late = _titled("지연 공약", [10, 70, 14, 56], ["번호", "공약명", "이행률(%)", "지연된 세부사업"])
    for r in quarter.pledges.to_dict("records"):
        if r["status"] == "지연":
            subs = [s["subproject"] for s in quarter.rows.subprojects.get(r["pledge_id"], []) if s["status"] == "지연"]
            late.rows.append([text_cell(r["pledge_id"], align="C"), text_cell(r["title"]), rate_cell(r["rate"]),
                              text_cell(", ".join(subs))])
    overdue = _titled("기한 경과 세부사업", [10, 62, 58, 20, 14],
                      ["번호", "공약명", "세부사업", "마지막 예정 분기", "이행률(%)"])
    for s in quarter.subprojects.to_dict("records"):
        if s["overdue"]:
            overdue.rows.append([text_cell(s["pledge_id"], align="C"), _pledge_cell(quarter, s["pledge_id"]),
                                 text_cell(s["subproject"]), text_cell(quarter_label(s["last_quarter"]), align="C"),
                                 rate_cell(s["rate"])])
    backward = _titled("실적이 줄어든 세부사업", [10, 62, 58, 16, 16],
                       ["번호", "공약명", "세부사업", "지난 실적", "이번 실적"])
    dropped = _titled("빠진 공약·세부사업", [10, 70, 70], ["번호", "공약명", "빠진 세부사업"])
    if changes is not None:
        for s in changes.subprojects.to_dict("records"):
            if s["backward"]:
                backward.rows.append([text_cell(s["pledge_id"], align="C"), _pledge_cell(quarter, s["pledge_id"]),
                                      text_cell(s["subproject"]), number_cell(s["actual_before"]),
                                      number_cell(s["actual_after"])])
        for d in changes.dropped.to_dict("records"):
            dropped.rows.append([text_cell(d["pledge_id"], align="C"), text_cell(d["title"]),
                                 text_cell(d["subproject"], blank="(공약 전체)")])
    else:
        backward.empty = dropped.empty = "이전 기준일 자료가 없어 비교할 수 없습니다"
    no_target = _titled(f"연차 목표 없음 ({quarter.evaluation.year}년 계획값이 없는 공약)", [10, 140],
                        ["번호", "공약명"])
    no_target.rows += [[text_cell(pid, align="C"), text_cell(title)] for pid, title in quarter.evaluation.no_target]
    warnings = _titled("자료 점검 경고 (저장 때 발견)", [20, 14, 116], ["시트", "셀", "내용"])
    warnings.rows += [[text_cell(w.sheet), text_cell(w.cell, align="C", blank=""), text_cell(w.message)]
                      for w in quarter.warnings]
    return Section("점검이 필요한 사항", [late, overdue, backward, dropped, no_target, warnings])


def changes_section(quarter: Quarter, changes) -> Section:
    if changes is None or quarter.previous_as_of is None:
        return Section("지난 기준일 대비 변동", ["이전 기준일 자료가 없어 비교할 수 없습니다."])
    before = format_date(quarter.previous_as_of)
    lines = [f"비교 기준: {before} → {format_date(quarter.as_of)}.  구 이행률 {format_rate(changes.rate_before)} → "
             f"{format_rate(changes.rate_after)}"]
    table = _titled("공약별 이행률 변동", [10, 58, 15, 15, 15, 13, 13, 11],
                    ["번호", "공약명", "지난 이행률(%)", "이번 이행률(%)", "증감(%p)", "지난 상태", "이번 상태", "비고"])
    for r in changes.pledges.to_dict("records"):
        remark = "신규" if r["new"] else ("빠짐" if r["dropped"] else ("상태 변경" if r["status_changed"] else ""))
        change = r["rate_change"]
        table.rows.append([
            text_cell(r["pledge_id"], align="C"), text_cell(r["title"]), rate_cell(r["rate_before"]),
            rate_cell(r["rate_after"]),
            Cell(DASH if change is None else f"{change:+.1f}", value=DASH if change is None else round(change, 1),
                 number_format="+0.0;-0.0;0.0", align="R"),
            text_cell(r["status_before"], align="C"), text_cell(r["status_after"], align="C"),
            text_cell(remark, align="C", blank=""),
        ])
    news = _titled("새로 적힌 추진실적", [10, 50, 62, 28], ["번호", "세부사업", "내용", "일자"])
    for a in changes.new_achievements.to_dict("records"):
        date = format_achievement_date(a["start"], a["start_precision"], a["end"], a["end_precision"],
                                       bool(a["open_end"])) if a["start"] is not None else a.get("raw_date")
        news.rows.append([text_cell(a["pledge_id"], align="C"), text_cell(a["subproject"], blank="(공약 전체)"),
                          text_cell(a["text"]), text_cell(date, align="C")])
    return Section("지난 기준일 대비 변동", [*lines, table, news])


def adjustments_section(quarter: Quarter) -> Section:
    """공약 조정: every difference from the term's plan with its reason, the unexplained ones first."""
    term = quarter.term_label or "이번 임기"
    blocks: list[Block] = [*adjustment_lines(quarter.adjustments, quarter.plan_as_of, term)]
    if quarter.adjustments:
        blocks.append(adjustment_table(quarter.adjustments, quarter.plan_as_of, with_pledge=True,
                                       title="이행계획 대비 공약 조정"))
    return Section("공약 조정 (이행계획 대비)", blocks)


def build_report(quarter: Quarter, evidence: dict[str, list] | None = None) -> Report:
    changes = quarter.changes
    n_subs = len(quarter.subprojects)
    cover = [
        (f"{quarter.term_heading} · " if quarter.term_heading else "") + f"{format_date(quarter.as_of)} 기준",
        f"공약 {quarter.progress.n_pledges}건 · 세부사업 {n_subs}건",
        f"구 이행률 {format_rate(quarter.progress.rate)} · 공약 이행 완료율 {format_rate(quarter.evaluation.completion.rate)} "
        f"({ratio_text(quarter.evaluation.completion.numerator, quarter.evaluation.completion.denominator)}) · "
        f"연차 목표 달성률 {format_rate(quarter.evaluation.annual.rate)} "
        f"({ratio_text(quarter.evaluation.annual.numerator, quarter.evaluation.annual.denominator)})",
        ("지난 기준일 " + format_date(quarter.previous_as_of)) if quarter.previous_as_of else "이전 기준일 자료 없음",
    ]
    return Report(
        ward=quarter.ward,
        as_of=quarter.as_of,
        budget_unit=quarter.budget_unit,
        cover=cover,
        sections=[
            summary_section(quarter),
            pledge_list(quarter, evidence or {}),
            field_section(quarter),
            attention_section(quarter, changes),
            changes_section(quarter, changes),
            adjustments_section(quarter),
        ],
        cards=[build_card(quarter, pid, (evidence or {}).get(pid)) for pid in quarter.rows.pledge],
    )
