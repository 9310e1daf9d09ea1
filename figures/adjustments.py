"""공약 조정: how a quarter differs from its pledge set's plan, and which differences are explained.

Spec "Terms and pledge adjustments". The plan (공약 이행계획) is the set's first approved
version of its first 기준일 (the store finds it); an adjustment is a difference between a
quarter and that plan, of one of the spec's kinds (`loaders.model.ADJUSTMENT_KINDS`):

| 구분 | before → after |
|---|---|
| 신규 | None → the pledge's 공약명 |
| 삭제 | the plan's 공약명 → None |
| 폐기, 보류 | the plan's 이행단계 (None: blank) → 폐기 / 보류 |
| 공약명 변경 | 공약명 → 공약명 |
| 예산 변경 | the pledge's total planned (계획) budget in 원 (None: none entered) → the same |
| 세부사업 추가, 세부사업 삭제 | None → name, name → None |
| 목표 변경 | the sub-project's 목표 → 목표 |
| 일정 변경 | its last scheduled quarter ("2027Q4"; None: none) → the same |

The sub-project kinds apply to pledges both have; a 신규 or 삭제 pledge is that one
adjustment. An adjustment is explained by a 공약조정 row with its 공약번호, 구분 and, for the
sub-project kinds, its 세부사업; rows carry over within the set (the store hands in the rows of
the set's earlier quarters too). Pure functions: frames in, adjustments and findings out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from figures.budget import pledge_budgets
from figures.formatting import format_date, format_money, quarter_label
from loaders.frames import SnapshotFrames
from loaders.model import SUBPROJECT_ADJUSTMENTS, AdjustmentRow, Finding
from loaders.quarters import YearQuarter

SHEET = "공약조정"


@dataclass(frozen=True)
class Adjustment:
    """One difference from the plan; `row` is the 공약조정 row that explains it (None: unexplained)."""

    pledge_id: str
    subproject: str | None
    kind: str
    before: object
    after: object
    #: the pledge's 공약명 (the plan's for a 삭제), for messages and pages
    title: str
    row: AdjustmentRow | None = None

    @property
    def explained(self) -> bool:
        return self.row is not None

    @property
    def key(self) -> tuple[str, str, str | None]:
        return self.pledge_id, self.kind, self.subproject


def differences(plan: SnapshotFrames, quarter: SnapshotFrames) -> list[Adjustment]:
    """Every adjustment of `quarter` against `plan`, pledge by pledge in the quarter's order, then 삭제."""
    before, after = _pledges(plan), _pledges(quarter)
    budgets_before, budgets_after = _budgets(plan), _budgets(quarter)
    found: list[Adjustment] = []
    for pid, row in after.items():
        title = row["title"]
        if pid not in before:
            found.append(Adjustment(pid, None, "신규", None, title, title))
            continue
        old = before[pid]
        stage = row.get("stage")
        if stage in ("폐기", "보류") and old.get("stage") != stage:
            found.append(Adjustment(pid, None, stage, old.get("stage"), stage, title))
        if old["title"] != title:
            found.append(Adjustment(pid, None, "공약명 변경", old["title"], title, title))
        if budgets_before.get(pid) != budgets_after.get(pid):
            found.append(Adjustment(pid, None, "예산 변경", budgets_before.get(pid), budgets_after.get(pid), title))
        found += _subproject_differences(plan, quarter, pid, title)
    found += [Adjustment(pid, None, "삭제", old["title"], None, old["title"])
              for pid, old in before.items() if pid not in after]
    return found


def _pledges(frames: SnapshotFrames) -> dict[str, dict]:
    table = frames.pledges.sort_values("order", kind="stable") if len(frames.pledges) else frames.pledges
    return {str(r["pledge_id"]): r for r in table.to_dict("records")}


def _budgets(frames: SnapshotFrames) -> dict[str, int]:
    """Each pledge's total planned budget in 원, for the pledges with any 계획 amount."""
    return {pid: b.total for pid, b in pledge_budgets(frames).items() if b.by_year}


def _subprojects(frames: SnapshotFrames, pledge_id: str) -> list[str]:
    subs = frames.subprojects
    mine = subs[subs["pledge_id"] == pledge_id] if len(subs) else subs
    if "order" in mine.columns and len(mine):
        mine = mine.sort_values("order", kind="stable")
    return [str(name) for name in mine["subproject"]] if len(mine) else []


def _targets(frames: SnapshotFrames, pledge_id: str) -> dict[str, float | None]:
    table = frames.indicators
    mine = table[table["pledge_id"] == pledge_id] if len(table) else table
    return {str(r["subproject"]): _number(r["target"]) for r in mine.to_dict("records")}


def _last_quarters(frames: SnapshotFrames, pledge_id: str) -> dict[str, str]:
    table = frames.schedule
    mine = table[table["pledge_id"] == pledge_id] if len(table) else table
    last: dict[str, str] = {}
    for r in mine.to_dict("records"):
        name, quarter = str(r["subproject"]), str(r["quarter"])
        if name not in last or YearQuarter.parse(quarter) > YearQuarter.parse(last[name]):
            last[name] = quarter
    return last


def _subproject_differences(plan: SnapshotFrames, quarter: SnapshotFrames, pid: str, title: str) -> list[Adjustment]:
    names_before, names_after = _subprojects(plan, pid), _subprojects(quarter, pid)
    targets_before, targets_after = _targets(plan, pid), _targets(quarter, pid)
    last_before, last_after = _last_quarters(plan, pid), _last_quarters(quarter, pid)
    found = []
    for name in names_after:
        if name not in names_before:
            found.append(Adjustment(pid, name, "세부사업 추가", None, name, title))
            continue
        if targets_before.get(name) != targets_after.get(name):
            found.append(Adjustment(pid, name, "목표 변경", targets_before.get(name), targets_after.get(name), title))
        if last_before.get(name) != last_after.get(name):
            found.append(Adjustment(pid, name, "일정 변경", last_before.get(name), last_after.get(name), title))
    found += [Adjustment(pid, name, "세부사업 삭제", name, None, title) for name in names_before
              if name not in names_after]
    return found


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return float(value)


def rows_of(frames: SnapshotFrames) -> list[AdjustmentRow]:
    """A quarter's 공약조정 rows as the loader gave them."""
    table = frames.adjustment_rows
    records = table.astype(object).where(table.notna(), None).to_dict("records") if len(table) else []
    return [AdjustmentRow(**{**r, "open_end": bool(r["open_end"]), "raw_date": r["raw_date"] or "",
                             "order": int(r["order"] or 0), "cell": r["cell"] or ""}) for r in records]


def row_key(row: AdjustmentRow) -> tuple[str, str, str | None]:
    """What a row explains: (공약번호, 구분, 세부사업 for the sub-project kinds, else None)."""
    return row.pledge_id, row.kind, row.subproject if row.kind in SUBPROJECT_ADJUSTMENTS else None


def explain(found: list[Adjustment], rows: list[AdjustmentRow]) -> list[Adjustment]:
    """Each adjustment with the row that explains it (the latest of the rows carried over and this
    quarter's, which come last)."""
    by_key = {row_key(row): row for row in rows}
    return [replace(a, row=by_key.get(a.key)) for a in found]


def unexplained_warning(adjustment: Adjustment, plan_as_of: dt.date) -> Finding:
    """`공약 3 '…' 세부사업 '…'의 목표가 이행계획(2026. 9. 30.)의 100에서 80으로 바뀌었으나 공약조정 시트에 사유가 없습니다`."""
    a, plan = adjustment, f"이행계획({format_date(plan_as_of)})"
    who = f"공약 {a.pledge_id} '{a.title}'" + (f" 세부사업 '{a.subproject}'" if a.subproject else "")
    missing = "공약조정 시트에 사유가 없습니다"
    if a.kind == "신규":
        text = f"{who}은(는) {plan}에 없던 공약(신규)이나 {missing}"
    elif a.kind == "삭제":
        text = (f"{who}이(가) {plan}에 있었으나 이번 자료에 없습니다(삭제). 공약을 지우지 말고 이행단계를 '폐기'로 "
                f"적어 주세요. {missing}")
    elif a.kind == "세부사업 추가":
        text = f"{who}이(가) {plan}에 없다가 추가되었으나(세부사업 추가) {missing}"
    elif a.kind == "세부사업 삭제":
        text = f"{who}이(가) {plan}에 있었으나 이번 자료에서 빠졌는데(세부사업 삭제) {missing}"
    else:
        subject, old, new = _changed(a)
        text = f"{who}의 {subject} {plan}의 {old}에서 {new}{ro(new)} 바뀌었으나 {missing}"
    return Finding("warning", SHEET, "", text)


#: what changed, with its subject particle, per kind
_SUBJECTS = {"폐기": "이행단계가", "보류": "이행단계가", "공약명 변경": "공약명이", "예산 변경": "총 소요예산(계획)이",
             "목표 변경": "목표가", "일정 변경": "마지막 추진 분기가"}


def _changed(a: Adjustment) -> tuple[str, str, str]:
    return _SUBJECTS[a.kind], shown(a.kind, a.before), shown(a.kind, a.after)


def shown(kind: str, value: object) -> str:
    """A before or after value as an official reads it: 100, '새 이름', 2027년 4분기, 1,200백만원, 미입력."""
    if value is None:
        return "미입력" if kind in ("예산 변경", "목표 변경", "일정 변경", "폐기", "보류") else "없음"
    if kind == "예산 변경":
        return format_money(int(value))
    if kind == "일정 변경":
        return quarter_label(str(value))
    if kind == "목표 변경":
        number = float(value)
        return f"{number:g}" if abs(number) < 1e15 else f"{number:,.0f}"
    return f"'{value}'"


def ro(text: str) -> str:
    """으로 or 로 after `text`, as it is read aloud (80으로, 2027년 4분기로, 1,200백만원으로, '폐기'로)."""
    last = text.rstrip("'\" )")[-1:]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "로" if final in (0, 8) else "으로"  # no final consonant, or ㄹ
    if last.isdigit():
        return "으로" if last in "036" else "로"  # 영·십·백·천(…으로), 삼, 육; 일·칠·팔 end in ㄹ
    return "로"


def unused_row_warning(row: AdjustmentRow, plan_as_of: dt.date) -> Finding:
    """A row of this workbook that explains no adjustment: say which cell."""
    what = f"공약 {row.pledge_id}" + (f" 세부사업 '{row.subproject}'" if row.subproject else "")
    return Finding(
        "warning", SHEET, row.cell,
        f"이 행({what}, {row.kind})이 설명하는 공약 조정이 없습니다: 이행계획({format_date(plan_as_of)})과 비교해 "
        f"{row.kind}에 해당하는 차이가 없습니다. 공약번호·세부사업·구분을 확인해 주세요",
    )


def adjustment_findings(explained: list[Adjustment], own_rows: list[AdjustmentRow],
                        plan_as_of: dt.date) -> list[Finding]:
    """The warnings of one quarter: each unexplained adjustment, then each row of its own that explains none."""
    used = {a.key for a in explained}
    findings = [unexplained_warning(a, plan_as_of) for a in explained if not a.explained]
    findings += [unused_row_warning(row, plan_as_of) for row in own_rows if row_key(row) not in used]
    return findings


def adjustments_table(adjustments: list[Adjustment], *, with_pledge: bool = True) -> pd.DataFrame:
    """The pages' and documents' list: the unexplained ones first, then by pledge, in Korean.

    `with_pledge` False leaves out 공약번호 and 공약명 (one pledge's page: its reasons stay in view).
    """
    ordered = sorted(adjustments, key=lambda a: a.explained)  # stable: the plan's order kept within each
    rows = [
        {
            "공약번호": a.pledge_id, "공약명": a.title, "세부사업": a.subproject or "", "구분": a.kind,
            "이전(이행계획)": shown(a.kind, a.before), "지금": shown(a.kind, a.after),
            "사유": a.row.reason if a.row else "사유 없음", "심의": (a.row.review or "") if a.row else "",
            "일자": (a.row.raw_date or "") if a.row else "",
        }
        for a in ordered
    ]
    columns = ["공약번호", "공약명", "세부사업", "구분", "이전(이행계획)", "지금", "사유", "심의", "일자"]
    return pd.DataFrame(rows, columns=columns if with_pledge else columns[2:])
