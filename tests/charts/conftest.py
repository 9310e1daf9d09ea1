"""Pledge 25 of 영등포구 (경인·문래 테크노밸리) as of 2020-12-31, built by hand.

The frames below have exactly the columns the figures engineer's functions
return (figures.progress / figures.budget / figures.changes), so the chart tests
do not depend on the loaders or on those functions' internals. Numbers are the
spec's worked example (docs/spec.md).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

AS_OF = dt.date(2020, 12, 31)
SUB1 = "도시공간구조 개편방안 마련"
SUB2 = "산업혁신 앵커시설 조성"
SUB3 = "기계금속제조업 산업재생 추진"
M = 1_000_000


def _quarters(first: str, last: str) -> list[str]:
    fy, fq = map(int, first.split("Q"))
    ly, lq = map(int, last.split("Q"))
    out = []
    i, end = fy * 4 + fq - 1, ly * 4 + lq - 1
    while i <= end:
        out.append(f"{i // 4}Q{i % 4 + 1}")
        i += 1
    return out


def make_as_of() -> dt.date:
    return AS_OF


def make_schedule() -> pd.DataFrame:
    rows = [("25", SUB1, q) for q in _quarters("2018Q2", "2019Q4")]
    rows += [("25", SUB2, q) for q in _quarters("2018Q1", "2021Q4")]
    rows += [("25", SUB3, q) for q in _quarters("2018Q1", "2022Q2")]
    return pd.DataFrame(rows, columns=["pledge_id", "subproject", "quarter"], dtype=object)


def make_subprogress() -> pd.DataFrame:
    cols = [
        "pledge_id",
        "subproject",
        "order",
        "unit",
        "target",
        "planned",
        "actual",
        "rate",
        "status",
        "has_indicator",
        "first_quarter",
        "last_quarter",
        "overdue",
    ]
    rows = [
        ("25", SUB1, 0, "%", 100.0, 80.0, 80.0, 80.0, "정상", True, "2018Q2", "2019Q4", True),
        ("25", SUB2, 1, "%", 100.0, 85.0, 85.0, 85.0, "정상", True, "2018Q1", "2021Q4", False),
        ("25", SUB3, 2, "%", 100.0, 60.0, 60.0, 60.0, "정상", True, "2018Q1", "2022Q2", False),
    ]
    return pd.DataFrame(rows, columns=cols)


def make_points() -> pd.DataFrame:
    plan = {
        SUB1: [
            (2018, 12, 20, "설계 현황조사"),
            (2019, 12, 60, "용역준공"),
            (2020, 12, 80, "정비계획 변경절차 시행"),
            (2021, 12, 100, "변경고시"),
        ],
        SUB2: [
            (2018, 12, 50, "시설매입"),
            (2019, 12, 70, "기본구상"),
            (2020, 12, 85, "설계 및 공사"),
            (2021, 12, 100, "준공"),
            (2022, 6, None, "(운영)"),
        ],
        SUB3: [
            (2018, 12, 20, "도시재생 1호 비영리단체 설립운영"),
            (2019, 12, 40, "역량강화 교육 산학협업"),
            (2020, 12, 60, "역량강화 교육 산학협업"),
            (2021, 12, 80, "인프라 개선"),
            (2022, 6, 100, "시제품 제작지 거점화"),
        ],
    }
    actual = {
        SUB1: [
            (2018, 12, 20, "설계 현황조사"),
            (2019, 12, 60, "용역준공"),
            (2020, 12, 80, "정비계획 변경절차시행"),
        ],
        SUB2: [
            (2018, 12, 50, "시설매입"),
            (2019, 12, 70, "기본구상 완료"),
            (2020, 12, 85, "설계 및 공사"),
        ],
        SUB3: [
            (2018, 12, 20, "도시재생 1호 비영리단체 설립·운영"),
            (2019, 12, 40, "역량강화 교육 산학협업"),
            (2020, 12, 60, "역량강화 교육 산학협업"),
        ],
    }
    rows = []
    for kind, table in (("계획", plan), ("실적", actual)):
        for sub, pts in table.items():
            rows += [("25", sub, kind, y, m, v, t) for y, m, v, t in pts]
    df = pd.DataFrame(
        rows,
        columns=["pledge_id", "subproject", "kind", "year", "end_month", "value", "text"],
        dtype=object,
    )
    df["year"] = df["year"].astype("int64")
    df["end_month"] = df["end_month"].astype("int64")
    return df


def make_pledge_by_year_source() -> pd.DataFrame:
    rows = [
        ("25", 2018, "구비", 189 * M),
        ("25", 2018, "시비", 1700 * M),
        ("25", 2019, "구비", 64 * M),
        ("25", 2019, "시비", 1015 * M),
        ("25", 2020, "구비", 37 * M),
        ("25", 2020, "시비", 698 * M),
        ("25", 2021, "구비", 35 * M),
        ("25", 2021, "시비", 330 * M),
        ("25", 2022, "시비", 2200 * M),
    ]
    return pd.DataFrame(rows, columns=["pledge_id", "year", "source", "amount"])


def make_pledge_by_source() -> pd.DataFrame:
    return pd.DataFrame(
        [("25", "구비", 325 * M), ("25", "시비", 5943 * M)],
        columns=["pledge_id", "source", "amount"],
    )


def make_subproject_totals() -> pd.DataFrame:
    return pd.DataFrame(
        [("25", SUB1, 289 * M), ("25", SUB2, 2473 * M), ("25", SUB3, 3506 * M)],
        columns=["pledge_id", "subproject", "total"],
    )


PLEDGE_COLUMNS = [
    "pledge_id",
    "title",
    "order",
    "stage",
    "status",
    "rate",
    "rate_weighted",
    "n_subprojects",
    "n_rated",
    "budget_total",
    "field",
    "term",
    "owner",
    "novelty",
    "period",
    "budget_kind",
    "department",
    "manager",
    "contact",
]


def pledge_row(pid, title, order, stage, status, rate, budget, department="도시재생과"):
    return (
        pid,
        title,
        order,
        stage,
        status,
        rate,
        None,
        3,
        3,
        budget,
        "도시",
        "임기내",
        "구",
        "지속",
        "단기",
        "예산",
        department,
        "박노산",
        "4198",
    )


def make_pledge_progress() -> pd.DataFrame:
    rows = [
        pledge_row(
            "25",
            "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성",
            0,
            "추진중",
            "정상",
            75.0,
            6268 * M,
        ),
        pledge_row("26", "영등포 청년 창업 공간 확충", 1, "완료", "완료", 100.0, 1200 * M),
        pledge_row("27", "안양천 생태 산책로 정비", 2, "추진중", "지연", 42.5, 830 * M),
        pledge_row("28", '=HYPERLINK("http://x")', 3, "보류", "보류", 10.0, 0),
    ]
    return pd.DataFrame(rows, columns=PLEDGE_COLUMNS)


def make_wards() -> pd.DataFrame:
    rows = [
        ("영등포구", AS_OF, 75.0, 3, 10, 2, 1, 0, 40_000 * M),
        ("강남구", AS_OF, 82.4, 8, 9, 1, 0, 0, 90_000 * M),
        ("마포구", AS_OF, 61.2, 1, 8, 6, 2, 1, 25_000 * M),
        ("노원구", dt.date(2020, 9, 30), 70.3, 2, 12, 3, 0, 0, 31_000 * M),
    ]
    return pd.DataFrame(
        rows,
        columns=["ward", "as_of", "rate", "완료", "정상", "지연", "보류", "폐기", "budget_total"],
    )


def make_rate_history() -> pd.DataFrame:
    dates = [dt.date(2020, 3, 31), dt.date(2020, 6, 30), dt.date(2020, 9, 30), AS_OF]
    rows = []
    series = {
        (None, "구 전체"): [58.0, 63.5, 69.0, 72.5],
        ("25", "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성"): [60.0, 66.0, 70.0, 75.0],
        ("26", "영등포 청년 창업 공간 확충"): [70.0, 85.0, 100.0, 100.0],
        ("27", "안양천 생태 산책로 정비"): [44.0, 40.0, 37.0, 42.5],
    }
    status = {None: "정상", "25": "정상", "26": "완료", "27": "지연"}
    for (pid, title), values in series.items():
        rows += [(d, pid, title, v, status[pid]) for d, v in zip(dates, values, strict=True)]
    return pd.DataFrame(rows, columns=["as_of", "pledge_id", "title", "rate", "status"])


def make_achievements() -> pd.DataFrame:
    d = dt.date
    rows = [
        (
            "25",
            SUB1,
            "재정비 수립 용역 착수보고회 개최",
            d(2018, 7, 1),
            "month",
            None,
            None,
            False,
            "'18. 7.",
            0,
        ),
        ("25", SUB1, "주민설명회", d(2019, 9, 25), "day", None, None, False, "'19. 9. 25.", 1),
        (
            "25",
            SUB1,
            "정비계획 변경(안) 공람공고",
            d(2019, 9, 26),
            "day",
            d(2019, 10, 28),
            "day",
            False,
            "'19. 9. 26. ~ 10. 28.",
            2,
        ),
        (
            "25",
            SUB2,
            "앵커시설 신축공사 실시설계(시)",
            d(2020, 1, 1),
            "month",
            d(2020, 5, 1),
            "month",
            False,
            "'20. 1. ~ 5.",
            3,
        ),
        (
            "25",
            SUB2,
            "앵커시설 공사(구)",
            d(2020, 8, 1),
            "month",
            d(2021, 8, 1),
            "month",
            False,
            "'20. 8. ~ '21. 8.",
            4,
        ),
        (
            "25",
            SUB3,
            "도시재생 1호 비영리단체 설립·운영",
            d(2018, 2, 1),
            "month",
            None,
            None,
            True,
            "'18. 2.~",
            5,
        ),
        ("25", None, "2018년 도시재생 주민공모사업 추진", None, None, None, None, False, "", 6),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "pledge_id",
            "subproject",
            "text",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "open_end",
            "raw_date",
            "order",
        ],
        dtype=object,
    )


# pytest fixtures over the builders above (the builders also feed the screenshot script)


@pytest.fixture
def as_of():
    return make_as_of()


@pytest.fixture
def schedule():
    return make_schedule()


@pytest.fixture
def subprogress():
    return make_subprogress()


@pytest.fixture
def points():
    return make_points()


@pytest.fixture
def pledge_by_year_source():
    return make_pledge_by_year_source()


@pytest.fixture
def pledge_by_source():
    return make_pledge_by_source()


@pytest.fixture
def subproject_totals():
    return make_subproject_totals()


@pytest.fixture
def pledge_progress():
    return make_pledge_progress()


@pytest.fixture
def wards():
    return make_wards()


@pytest.fixture
def rate_history():
    return make_rate_history()


@pytest.fixture
def achievements():
    return make_achievements()
