"""The 공약관리카드 as a document model, in the order of the cards the departments write by hand.

Number and title; the classification line (`✓ 임기구분 **임기내** / 임기외`, the ward's own
name standing for 구 under 사업주체); 사업구분; 정부·서울시 도움; 정책개요; 현황 and 목표;
추진계획; 추진일정 as a quarter grid; 소요예산 in the workbook's unit; 확인지표 per
sub-project; 추진실적 dated; 담당부서, 담당자, 연락처 and the 기준일.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from documents.adjustments import adjustment_table
from documents.tables import (
    AS_OF_FILL,
    AS_OF_TINT,
    DASH,
    GROUP_FILL,
    HEADER_FILL,
    NOT_ENTERED,
    SCHEDULED_FILL,
    Cell,
    Table,
    head,
    money_cell,
    number_cell,
    rate_cell,
    text_cell,
)
from figures.colors import WHITE
from figures.formatting import (
    NO_RATE,
    format_achievement_date,
    format_date,
    format_rate,
    quarter_of,
    rate_text,
)
from figures.funding import funding_by_source
from figures.quarter import Quarter
from figures.status import SOURCE_ORDER

STAGE_OPTIONS = ("여론수렴", "타당성분석", "추진중", "완료(지속)")
#: the photos of □ 증빙 자료, this many to a row in every format of the card (PDF, 한글)
PHOTOS_PER_ROW = 4
NO_INDICATOR_TEXT = NO_RATE


@dataclass
class Choice:
    """One line of the classification block: the chosen option is printed bold."""

    label: str
    options: tuple[str, ...]
    chosen: str | None


@dataclass(frozen=True)
class CardEvidence:
    """One 증빙 of the card: what the list says, and a photo's thumbnail (the PDF and 한글 draw it)."""

    caption: str
    when: str  # 촬영일·문서 날짜, or 미입력
    kind: str  # 사진 | 문서
    file_name: str
    state: str  # 검토 전 | 승인 | 반려
    thumbnail: bytes | None = None
    thumb_size: tuple[int, int] | None = None  # pixels


@dataclass
class Card:
    ward: str
    as_of: dt.date
    pledge_id: str
    title: str
    budget_unit: str
    headline: list[tuple[str, str]]  # (label, value): 이행률, 상태, … (the line under the title)
    figures: Table  # the same figures as numbers, for the Excel card
    choices: list[Choice]
    business: str  # 사업구분
    texts: list[tuple[str, str]]  # (section title, text) in card order
    schedule: Table
    schedule_note: str
    budget: Table
    indicators: Table
    #: 계획 · 확보 · 집행 by source with the two rates; None when no 확보/집행 row was entered
    funding: Table | None
    achievements: list[tuple[str, list[tuple[str, str]]]]  # (group, [(text, date)])
    contacts: list[tuple[str, str]] = field(default_factory=list)
    #: `민선 9기` (and `최종 실적`); the 변경 내역 against the term's plan (None: no adjustment)
    term: str = ""
    changes: Table | None = None
    #: 증빙 (issue 29): the pieces shown with the quarter (its set's up to it), and the same as a table
    evidence: list[CardEvidence] = field(default_factory=list)
    evidence_table: Table | None = None


def _text(value: object) -> str | None:
    if value is None or value != value:
        return None
    text = str(value).strip()
    return text or None


def _choices(record: dict, ward: str) -> list[Choice]:
    owner = record.get("owner")
    stage = record.get("stage")
    stages = STAGE_OPTIONS if stage not in ("보류", "폐기") else (*STAGE_OPTIONS, stage)
    return [
        Choice("임기구분", ("임기내", "임기외"), record.get("term")),
        Choice("사업주체", (ward, "정부·서울시", "민간"), ward if owner == "구" else owner),
        Choice("신규여부", ("지속", "신규"), record.get("novelty")),
        Choice("사업시기", ("단기", "중기", "장기"), record.get("period")),
        Choice("예산구분", ("예산", "비예산"), record.get("budget_kind")),
        Choice("이행단계", stages, "완료(지속)" if stage == "완료" else stage),
    ]


def _business(record: dict) -> str:
    parts = [p for p in (_text(record.get("term")), _text(record.get("novelty"))) if p]
    if not parts:
        return NOT_ENTERED
    if record.get("novelty"):
        parts[-1] = f"{parts[-1]}사업"
    return " / ".join(parts)


def _year_label(year: int, end_month: int) -> str:
    return f"{year}년" if end_month == 12 else f"{year}.{end_month}."


def _columns(rows: list[dict]) -> list[tuple[int, int]]:
    """(year, end_month) columns of some rows, one per year (its latest month), in order."""
    months: dict[int, int] = {}
    for r in rows:
        months[int(r["year"])] = max(months.get(int(r["year"]), 0), int(r["end_month"]))
    return sorted(months.items())


def schedule_table(quarter: Quarter, pledge_id: str, subs: list[dict]) -> tuple[Table, str]:
    scheduled = {(r["subproject"], r["quarter"]) for r in quarter.rows.schedule.get(pledge_id, [])}
    years = {int(q.split("Q")[0]) for _, q in scheduled}
    years |= {int(r["year"]) for r in quarter.rows.budget.get(pledge_id, [])}
    years |= {int(r["year"]) for r in quarter.rows.points.get(pledge_id, [])}
    as_of_q = quarter_of(quarter.as_of)
    years = years or {quarter.as_of.year}
    span = list(range(min(years), max(years) + 1))
    table = Table(widths=[46.0] + [1.0 * 130 / (4 * len(span))] * (4 * len(span)), font_size=7.0)
    table.header.append([head("세부사업")] + [head(f"{y}년", colspan=4) for y in span])
    quarter_row = [head("")]
    for y in span:
        for q in range(1, 5):
            mark = f"{y}Q{q}" == as_of_q
            quarter_row.append(Cell("▼" if mark else str(q), align="C", bold=True,
                                    fill=AS_OF_FILL if mark else HEADER_FILL, color=WHITE if mark else None))
    table.header.append(quarter_row)
    for sub in subs:
        row = [text_cell(sub["subproject"])]
        for y in span:
            for q in range(1, 5):
                key = f"{y}Q{q}"
                on = (sub["subproject"], key) in scheduled
                row.append(Cell("", value="●" if on else "", align="C",
                                fill=SCHEDULED_FILL if on else (AS_OF_TINT if key == as_of_q else None)))
        table.rows.append(row)
    table.empty = "추진일정 미입력 (세부사업 없음)"
    inside = min(span) <= quarter.as_of.year <= max(span)
    note = (f"■ 추진 예정 분기    ▼ 기준일({format_date(quarter.as_of)})이 속한 분기"
            if inside else f"■ 추진 예정 분기    (기준일 {format_date(quarter.as_of)}은 일정 기간 밖입니다)")
    if subs and not scheduled:
        note = "추진 예정 분기 미입력"
    return table, note


def budget_table(quarter: Quarter, pledge_id: str, subs: list[dict]) -> Table:
    """The spec's table: 계 and each source by year (pledge level), then the sub-project rows."""
    unit = quarter.budget_unit
    rows = quarter.rows.budget.get(pledge_id, [])
    columns = _columns(rows)
    budget = quarter.plans.get(pledge_id)
    n = len(columns)
    table = Table(widths=[44.0, 14.0, 18.0] + [max(10.0, 104.0 / max(n, 1))] * n,
                  note=f"(단위: {unit})", font_size=8.0 if n <= 6 else 7.0)
    table.header.append([head("세부사업"), head("재원"), head("계")]
                        + [head(_year_label(y, m)) for y, m in columns])
    if not rows or budget is None:
        record = quarter.rows.pledge[pledge_id]
        table.empty = ("비예산 공약 (소요예산 없음)" if record.get("budget_kind") == "비예산"
                       else f"소요예산 {NOT_ENTERED}")
        return table
    total_row = [text_cell("계", bold=True, fill=GROUP_FILL), text_cell("계", bold=True, fill=GROUP_FILL),
                 money_cell(budget.total, unit, bold=True, fill=GROUP_FILL)]
    total_row += [money_cell(budget.by_year.get(y), unit, bold=True, fill=GROUP_FILL) for y, _ in columns]
    table.rows.append(total_row)
    for source in SOURCE_ORDER:
        if source not in budget.by_source:
            continue
        table.rows.append([text_cell("", blank=""), text_cell(source), money_cell(budget.by_source[source], unit)]
                          + [money_cell(budget.by_year_source.get((y, source)), unit) for y, _ in columns])
    for sub in subs:
        own = [r for r in rows if r["subproject"] == sub["subproject"]]
        if not own:
            continue
        parts: dict[str | None, dict[int, int]] = {}
        for r in own:
            by_year = parts.setdefault(r["source"], {})
            by_year[int(r["year"])] = by_year.get(int(r["year"]), 0) + int(r["amount"])
        named = [s for s in SOURCE_ORDER if s in parts]
        total = parts.get(None) or {
            y: sum(parts[s].get(y, 0) for s in named) for y in {y for s in named for y in parts[s]}
        }
        table.rows.append([text_cell(sub["subproject"]), text_cell("계" if named else DASH),
                           money_cell(sum(total.values()), unit)]
                          + [money_cell(total.get(y), unit) for y, _ in columns])
        for source in named:
            table.rows.append([text_cell("", blank=""), text_cell(source), money_cell(sum(parts[source].values()), unit)]
                              + [money_cell(parts[source].get(y), unit) for y, _ in columns])
    return table


def indicator_table(quarter: Quarter, pledge_id: str, subs: list[dict]) -> Table:
    """Per sub-project: 계획, 계획내용, 실적, 실적내용 by year, and its 이행률."""
    points = quarter.rows.points.get(pledge_id, [])
    columns = _columns(points)
    n = len(columns)
    year_width = max(12.0, 118.0 / max(n, 1))
    table = Table(widths=[16.0, 11.0, 13.0] + [year_width] * n + [16.0],
                  font_size=7.5 if n <= 6 else 6.5)
    table.header.append([head("구분"), head("단위"), head("목표")]
                        + [head(_year_label(y, m)) for y, m in columns] + [head("이행률(%)")])
    width = 4 + n
    by_key: dict[tuple[str, str, int], dict] = {}
    for p in points:
        by_key[(p["subproject"], p["kind"], int(p["year"]))] = p
    for sub in subs:
        name = sub["subproject"]
        indicator = quarter.rows.indicators.get((pledge_id, name))
        table.group_starts.add(len(table.rows))
        if not sub["has_indicator"] or indicator is None:
            table.rows.append([text_cell(name, bold=True, fill=GROUP_FILL, colspan=width)])
            table.rows.append([text_cell(NO_INDICATOR_TEXT, colspan=width)])
            continue
        status = f"{name}  (이행률 {format_rate(sub['rate'])} · {sub['status']})"
        table.rows.append([text_cell(status, bold=True, fill=GROUP_FILL, colspan=width)])
        unit = _text(indicator.get("unit")) or "%"
        for kind, label in (("계획", "계획"), ("계획", "계획내용"), ("실적", "실적"), ("실적", "실적내용")):
            is_text = label.endswith("내용")
            row = [text_cell(label, align="C"), text_cell("" if is_text else unit, align="C", blank=""),
                   number_cell(sub["target"]) if label == "계획" else text_cell("", blank="")]
            for y, _ in columns:
                point = by_key.get((name, kind, y))
                if is_text:
                    row.append(text_cell(point.get("text") if point else None, align="C", blank=""))
                else:
                    row.append(number_cell(point.get("value") if point else None, blank=""))
            row.append(rate_cell(sub["rate"], bold=True) if label == "실적" else text_cell("", blank=""))
            table.rows.append(row)
    table.empty = f"확인지표 {NOT_ENTERED} (세부사업 없음)"
    return table


def achievement_groups(quarter: Quarter, pledge_id: str, subs: list[dict]) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = sorted(quarter.rows.achievements.get(pledge_id, []), key=lambda r: int(r.get("order") or 0))
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    names = [None] + [s["subproject"] for s in subs]
    names += sorted({r["subproject"] for r in rows if r["subproject"] not in names})
    for name in names:
        mine = [r for r in rows if r["subproject"] == name]
        if mine:
            lines = [(str(r["text"]), _achievement_date(r)) for r in mine]
            groups.append((name or "공약 전체", lines))
    return groups


def _achievement_date(row: dict) -> str:
    start = row.get("start")
    if start is None or start != start:
        return _text(row.get("raw_date")) or "일자 미입력"
    return format_achievement_date(start, row.get("start_precision"), row.get("end"),
                                   row.get("end_precision"), bool(row.get("open_end")))


def funding_table(quarter: Quarter, pledge_id: str) -> Table | None:
    """Per source to the 기준일's year: 계획, 확보, 집행, 재정 확보율, 집행률 (spec "Planned, secured and spent")."""
    money = quarter.funding.get(pledge_id)
    if money is None or (money.secured is None and money.spent is None):
        return None
    unit = quarter.budget_unit
    table = Table(widths=[30.0, 30.0, 30.0, 30.0, 30.0, 30.0],
                  note=f"(단위: {unit}; {quarter.as_of.year}년까지, 이후 연도는 계획만)")
    table.header.append([head("재원"), head("계획"), head("확보"), head("집행"), head("재정 확보율(%)"),
                         head("집행률(%)")])
    by_source = funding_by_source(money)
    for r in by_source.to_dict("records"):
        secured, spent, planned = r["secured"], r["spent"], r["planned"]
        table.rows.append([
            text_cell(r["source"]), money_cell(planned, unit),
            money_cell(secured, unit, blank=NOT_ENTERED) if secured is not None else text_cell(NOT_ENTERED),
            money_cell(spent, unit, blank=NOT_ENTERED) if spent is not None else text_cell(NOT_ENTERED),
            rate_cell(secured / planned * 100 if secured is not None and planned else None, blank=NOT_ENTERED),
            rate_cell(spent / secured * 100 if spent is not None and secured else None, blank=NOT_ENTERED),
        ])
    table.rows.append([
        text_cell("계", bold=True, fill=GROUP_FILL), money_cell(money.planned_to_date, unit, bold=True),
        money_cell(money.secured_to_date, unit, bold=True, blank=NOT_ENTERED),
        money_cell(money.spent_to_date, unit, bold=True, blank=NOT_ENTERED),
        rate_cell(money.secured_rate, blank=NOT_ENTERED, bold=True),
        rate_cell(money.spent_rate, blank=NOT_ENTERED, bold=True),
    ])
    return table


def evidence_table(pieces: list[CardEvidence]) -> Table | None:
    """증빙 as a table (구분, 설명, 날짜, 파일, 검토): the Excel card and the 한글 card list it, the PDF too."""
    if not pieces:
        return None
    table = Table(widths=[10, 60, 18, 42, 12], font_size=8.0)
    table.header.append([head("구분"), head("설명"), head("날짜"), head("파일"), head("검토")])
    for piece in pieces:
        table.rows.append([text_cell(piece.kind, align="C"), text_cell(piece.caption), text_cell(piece.when, align="C"),
                           text_cell(piece.file_name), text_cell(piece.state, align="C")])
    return table


def build_card(quarter: Quarter, pledge_id: str, evidence: list[CardEvidence] | None = None) -> Card:
    record = quarter.rows.pledge[pledge_id]
    progress = quarter.rows.progress[pledge_id]
    subs = quarter.rows.subprojects.get(pledge_id, [])
    evaluation = quarter.rows.evaluation.get(pledge_id, {})
    year = quarter.evaluation.year
    if evaluation.get("complete"):
        annual = "완료 공약"
    elif not evaluation.get("has_target"):
        annual = "연차 목표 없음"
    else:
        annual = "달성" if evaluation.get("met") else "미달성"
    headline = [
        ("이행률", rate_text(progress["rate"])),
        ("상태", str(progress["status"])),
        (f"{year}년 목표", annual),
    ]
    figures = Table(widths=[1.0] * 5)
    figures.header.append([head("이행률(%)"), head("예산가중 이행률(%)"), head("상태"), head(f"{year}년 목표"),
                           head(f"총 소요예산({quarter.budget_unit})")])
    figures.rows.append([
        rate_cell(progress["rate"], blank=NO_INDICATOR_TEXT), rate_cell(progress["rate_weighted"]),
        text_cell(progress["status"], align="C"), text_cell(annual, align="C"),
        money_cell(int(progress["budget_total"]), quarter.budget_unit, blank=NOT_ENTERED),
    ])
    texts = [
        ("정부·서울시 도움(권한 명확성)", _text(record.get("support")) or NOT_ENTERED),
        ("정책개요", _text(record.get("overview")) or NOT_ENTERED),
        ("현황", _text(record.get("situation")) or NOT_ENTERED),
        ("목표", _text(record.get("goal")) or NOT_ENTERED),
        ("추진계획", _text(record.get("plan")) or NOT_ENTERED),
    ]
    schedule, note = schedule_table(quarter, pledge_id, subs)
    adjusted = [a for a in quarter.adjustments if a.pledge_id == pledge_id]
    return Card(
        ward=quarter.ward,
        as_of=quarter.as_of,
        pledge_id=pledge_id,
        title=str(record["title"]),
        budget_unit=quarter.budget_unit,
        headline=headline,
        figures=figures,
        choices=_choices(record, quarter.ward),
        business=_business(record),
        texts=texts,
        schedule=schedule,
        schedule_note=note,
        budget=budget_table(quarter, pledge_id, subs),
        funding=funding_table(quarter, pledge_id),
        indicators=indicator_table(quarter, pledge_id, subs),
        achievements=achievement_groups(quarter, pledge_id, subs),
        contacts=[
            ("담당부서", _text(record.get("department")) or NOT_ENTERED),
            ("담당자", _text(record.get("manager")) or NOT_ENTERED),
            ("연락처", _text(record.get("contact")) or NOT_ENTERED),
            ("기준일", format_date(quarter.as_of)),
        ],
        term=quarter.term_heading,
        changes=adjustment_table(adjusted, quarter.plan_as_of, with_pledge=False) if adjusted else None,
        evidence=list(evidence or []),
        evidence_table=evidence_table(list(evidence or [])),
    )
