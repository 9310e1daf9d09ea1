"""The normalized snapshot that one quarterly workbook becomes.

Everything downstream (the store, the figures, the dashboard) sees only these
types or their DataFrame form (`loaders.frames`), never a worksheet. Values are
already normalized: money in 원 as int, percents as plain numbers (20 = 20 %),
classification fields as the spec's canonical Korean words, sub-project names
trimmed with inner white space folded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]
Precision = Literal["year", "month", "day"]
#: why a bounded read (loaders/bounded.py) gave up: the reader's child ran out of memory or time, or died
Refused = Literal["memory", "time", "crash"]

#: Funding sources the spec names, in the order the dashboard shows them.
SOURCES: tuple[str, ...] = ("구비", "시비", "국비", "민자", "기타")
#: The part of a total with no named source (spec: "counts as 미지정").
UNASSIGNED_SOURCE = "미지정"

#: Fixed value sets of sheet 공약 (canonical spellings).
TERMS = ("임기내", "임기외")
OWNERS = ("구", "정부·서울시", "민간")
NOVELTIES = ("신규", "지속")
PERIODS = ("단기", "중기", "장기")
BUDGET_KINDS = ("예산", "비예산")
STAGES = ("여론수렴", "타당성분석", "추진중", "완료", "보류", "폐기")
#: 구분 values of sheet 소요예산: what a row's amounts are (spec "Planned, secured and spent").
BUDGET_ROW_KINDS = ("계획", "확보", "집행")
#: 구분 values of sheet 확인지표.
INDICATOR_KINDS = ("계획", "계획내용", "실적", "실적내용")
BUDGET_UNITS = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}
#: 구분 values of sheet 공약조정 (spec "Terms and pledge adjustments"), as the spec writes them
PLEDGE_ADJUSTMENTS = ("신규", "삭제", "폐기", "보류", "공약명 변경", "예산 변경")
SUBPROJECT_ADJUSTMENTS = ("세부사업 추가", "세부사업 삭제", "목표 변경", "일정 변경")
ADJUSTMENT_KINDS = ("신규", "삭제", "폐기", "보류", "공약명 변경", "세부사업 추가", "세부사업 삭제", "목표 변경",
                    "일정 변경", "예산 변경")


@dataclass(frozen=True)
class Finding:
    """One problem found in a workbook, located so an official can fix it.

    `cell` is an A1 reference ("F7"), or "" when the finding concerns the whole
    sheet (a missing sheet or column) or the whole file.
    """

    level: Level
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else (self.sheet or "파일")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Pledge:
    pledge_id: str
    title: str
    field: str | None = None  # 분야
    term: str | None = None  # 임기구분
    owner: str | None = None  # 사업주체
    novelty: str | None = None  # 신규여부
    period: str | None = None  # 사업시기
    budget_kind: str | None = None  # 예산구분
    stage: str | None = None  # 이행단계
    department: str | None = None  # 담당부서
    manager: str | None = None  # 담당자
    contact: str | None = None  # 연락처
    overview: str | None = None  # 정책개요
    situation: str | None = None  # 현황
    goal: str | None = None  # 목표
    support: str | None = None  # 정부·서울시 도움 (권한 명확성)
    plan: str | None = None  # 추진계획
    order: int = 0  # position in the workbook, to show pledges as officials listed them


@dataclass(frozen=True)
class SubProject:
    pledge_id: str
    name: str
    #: scheduled quarters, "2018Q2" style, in time order
    quarters: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class BudgetRow:
    """One amount of sheet 소요예산: one pledge/sub-project, one source, one year column.

    `subproject` is None for a pledge-total row (세부사업 계/합계); `source` is None
    for an all-sources row (재원 계/합계/-/blank). A `YYYY.M.` column has
    `end_month` M; a plain year column has 12. `kind` is the row's 구분: 계획 (what the
    pledge needs; the default), 확보 (secured) or 집행 (spent).
    """

    pledge_id: str
    subproject: str | None
    source: str | None
    year: int
    end_month: int
    amount: int  # 원
    kind: str = "계획"


@dataclass(frozen=True)
class Indicator:
    """The 계획 row's fixed parts of one sub-project's indicator."""

    pledge_id: str
    subproject: str
    unit: str = "%"
    target: float | None = None  # 목표
    stated_rate: float | None = None  # 이행률 column as typed, for the cross-check
    #: a 계획 / 실적 row exists; without both the sub-project is "지표 없음"
    has_plan: bool = True
    has_actual: bool = True


@dataclass(frozen=True)
class IndicatorPoint:
    """One year column of a 계획 (planned) or 실적 (actual) path.

    `value` comes from the 계획/실적 row, `text` from the 계획내용/실적내용 row of the
    same year; either may be None. A year with neither value nor text is left
    out, so "the latest non-blank 실적" is simply the last 실적 point with a value.
    """

    pledge_id: str
    subproject: str
    kind: Literal["계획", "실적"]
    year: int
    end_month: int
    value: float | None = None
    text: str | None = None


@dataclass(frozen=True)
class Achievement:
    """A dated line of sheet 추진실적, with the precision the official gave.

    A month-precision date is stored as the 1st of that month; `end` is None for
    a single date, and for an open range (`'18. 2.~`) with `open_end` True.
    """

    pledge_id: str
    subproject: str | None  # None: the pledge as a whole
    text: str
    start: dt.date | None
    start_precision: Precision | None
    end: dt.date | None = None
    end_precision: Precision | None = None
    open_end: bool = False
    raw_date: str = ""
    order: int = 0


@dataclass(frozen=True)
class AdjustmentRow:
    """A row of sheet 공약조정: why a pledge (or one of its sub-projects) differs from the term's plan.

    `subproject` is None for the pledge kinds; the 일자 is read as 추진실적's, with its precision.
    """

    pledge_id: str
    subproject: str | None
    kind: str
    reason: str  # 사유
    review: str | None = None  # 심의: who approved the change and when
    start: dt.date | None = None
    start_precision: Precision | None = None
    end: dt.date | None = None
    end_precision: Precision | None = None
    open_end: bool = False
    raw_date: str = ""
    order: int = 0
    #: the row's 구분 cell ("C5"): a row that explains no adjustment is a warning naming it
    cell: str = ""


@dataclass(frozen=True)
class Snapshot:
    """The complete state of one ward's pledges as of one 기준일."""

    ward: str
    as_of: dt.date
    budget_unit: str = "백만원"
    author_department: str | None = None
    author: str | None = None
    pledges: tuple[Pledge, ...] = ()
    subprojects: tuple[SubProject, ...] = ()
    budget: tuple[BudgetRow, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    points: tuple[IndicatorPoint, ...] = ()
    achievements: tuple[Achievement, ...] = ()
    #: 민선 N기 (the loader fills it from the 기준일 when 개요 leaves it blank) and 구청장
    term: int | None = None
    mayor: str | None = None
    adjustment_rows: tuple[AdjustmentRow, ...] = ()
    #: 제출단위 of 개요: "구 전체" (the ward's whole quarter) or "부서" (one department's part, whose name is
    #: `author_department`; spec "Department submissions")
    submission: str = "구 전체"
    #: (공약번호, its 공약번호 cell "A5", its 담당부서 cell "J5" or "") per pledge, as read: the store names
    #: these cells when a department's file holds a pledge that is not its own. Not part of the quarter's
    #: content, so two snapshots of the same content compare equal however their rows were laid out.
    pledge_cells: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)


#: the Snapshot's tables whose rows belong to one pledge (by `pledge_id`) besides `pledges` itself: the
#: one list a department's form, a department's merge and the frames derive from; those of them whose
#: rows carry an `order` are `ORDERED_ROW_TABLES`
PLEDGE_ROW_TABLES: tuple[str, ...] = ("subprojects", "budget", "indicators", "points", "achievements", "adjustment_rows")
ORDERED_ROW_TABLES: tuple[str, ...] = ("achievements", "adjustment_rows")


@dataclass
class LoadResult:
    """What reading one workbook gives: a snapshot when there is no error, and all findings.

    `refused` is set when the file was not read at all because its reader's child process hit
    a limit or died (loaders/bounded.py); the one finding then says so, and the store audits
    the refusal as such.
    """

    file_name: str
    sha256: str
    snapshot: Snapshot | None
    findings: list[Finding] = field(default_factory=list)
    refused: Refused | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors and self.snapshot is not None
