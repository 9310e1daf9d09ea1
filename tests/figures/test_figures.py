"""Every figure of docs/spec.md "Derived figures", on pledge 25 and on hand-made cases per rule."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from figures.budget import (
    pledge_budgets,
    pledge_by_year_source,
    subproject_totals,
    ward_by_source,
)
from figures.changes import compare, import_warnings, rate_history
from figures.progress import planned_at, pledge_progress, subproject_progress, ward_progress
from figures.summary import summary_document
from loaders.frames import to_frames
from loaders.model import BudgetRow, Indicator, IndicatorPoint, Pledge, Snapshot, SubProject

M = 1_000_000
S1, S2, S3 = "도시공간구조 개편방안 마련", "산업혁신 앵커시설 조성", "기계금속제조업 산업재생 추진"
YEARS = [(2018, 12), (2019, 12), (2020, 12), (2021, 12), (2022, 6)]
PLAN = {S1: [20, 60, 80, 100, None], S2: [50, 70, 85, 100, None], S3: [20, 40, 60, 80, 100]}
ACTUAL = {S1: [20, 60, 80], S2: [50, 70, 85], S3: [20, 40, 60]}


def quarters(first: tuple[int, int], last: tuple[int, int]) -> tuple[str, ...]:
    return tuple(
        f"{y}Q{q}" for y in range(2018, 2023) for q in range(1, 5) if first <= (y, q) <= last
    )


def pledge25(as_of: dt.date = dt.date(2020, 12, 31), **changes) -> Snapshot:
    """Pledge 25 from the seed report, built by hand (independent of the sample files)."""
    budget = [
        (None, None, [1889, 1079, 735, 365, 2200]),
        (None, "구비", [189, 64, 37, 35, None]),
        (None, "시비", [1700, 1015, 698, 330, 2200]),
        (S1, None, [289, None, None, None, None]),
        (S2, None, [1600, 735, 138, None, None]),
        (S3, None, [None, 344, 597, 365, 2200]),
    ]
    points = []
    for name in (S1, S2, S3):
        for (y, m), v in zip(YEARS, PLAN[name], strict=True):
            if v is not None:
                points.append(IndicatorPoint("25", name, "계획", y, m, float(v)))
        for (y, m), v in zip(YEARS, ACTUAL[name], strict=False):
            points.append(IndicatorPoint("25", name, "실적", y, m, float(v)))
    snapshot = Snapshot(
        ward="영등포구",
        as_of=as_of,
        pledges=(Pledge("25", "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성", stage="여론수렴", budget_kind="예산"),),
        subprojects=(
            SubProject("25", S1, quarters((2018, 2), (2019, 4)), 0),
            SubProject("25", S2, quarters((2018, 1), (2021, 4)), 1),
            SubProject("25", S3, quarters((2018, 1), (2022, 2)), 2),
        ),
        budget=tuple(
            BudgetRow("25", sub, src, y, m, a * M)
            for sub, src, amounts in budget
            for (y, m), a in zip(YEARS, amounts, strict=True)
            if a is not None
        ),
        indicators=tuple(Indicator("25", n, "%", 100.0) for n in (S1, S2, S3)),
        points=tuple(points),
    )
    return replace(snapshot, **changes)


def subs_of(snapshot: Snapshot) -> pd.DataFrame:
    return subproject_progress(to_frames(snapshot)).set_index("subproject")


# --- pledge 25 ----------------------------------------------------------------------


def test_pledge25_subprojects_as_of_2020_end():
    subs = subs_of(pledge25())
    assert list(subs["rate"]) == [80.0, 85.0, 60.0]
    assert list(subs["planned"]) == [80.0, 85.0, 60.0]
    assert list(subs["status"]) == ["정상", "정상", "정상"]


def test_pledge25_rates_and_budget_split():
    frames = to_frames(pledge25())
    pledge = pledge_progress(frames).iloc[0]
    assert pledge["rate"] == 75.0
    assert round(pledge["rate_weighted"], 1) == 70.8
    assert pledge["status"] == "정상"
    split = ward_by_source(frames).set_index("source")
    assert split.loc["구비", "amount"] == 325 * M and round(split.loc["구비", "share"], 1) == 5.2
    assert split.loc["시비", "amount"] == 5_943 * M and round(split.loc["시비", "share"], 1) == 94.8
    assert pledge_budgets(frames)["25"].total == 6_268 * M


def test_pledge25_summary_document_is_the_contract():
    doc = summary_document([to_frames(pledge25())])
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    (ward,) = doc["wards"]
    assert (ward["ward"], ward["as_of"], ward["rate"]) == ("영등포구", "2020-12-31", 75.0)
    assert ward["counts"] == {"완료": 0, "정상": 1, "지연": 0, "보류": 0, "폐기": 0}
    (pledge,) = ward["pledges"]
    assert (pledge["id"], pledge["stage"], pledge["status"], pledge["rate"], pledge["rate_weighted"]) == (
        "25", "여론수렴", "정상", 75.0, 70.78)
    assert pledge["budget"] == {
        "total": 6_268_000_000,
        "by_source": {"구비": 325_000_000, "시비": 5_943_000_000},
        "by_year": {"2018": 1_889_000_000, "2019": 1_079_000_000, "2020": 735_000_000,
                    "2021": 365_000_000, "2022": 2_200_000_000},
        # nothing secured or spent was entered: "미입력", never 0 (spec "Planned, secured and spent")
        "secured": None, "spent": None, "secured_rate": None, "spent_rate": None,
        "secured_rate_by_source": {"구비": None, "시비": None},
    }
    assert (ward["secured_rate"], ward["spent_rate"]) == (None, None)
    first = pledge["subprojects"][0]
    assert first == {
        "name": S1, "target": 100, "planned": 80.0, "actual": 80.0, "rate": 80.0, "status": "정상",
        "quarters": ["2018Q2", "2018Q3", "2018Q4", "2019Q1", "2019Q2", "2019Q3", "2019Q4"],
        "budget_total": 289_000_000,
    }
    assert [s["budget_total"] for s in pledge["subprojects"]] == [289 * M, 2_473 * M, 3_506 * M]


# --- the planned path ---------------------------------------------------------------


def test_planned_inside_a_year_by_month():
    assert subs_of(pledge25(dt.date(2020, 6, 30))).loc[S1, "planned"] == pytest.approx(70.0)


def test_planned_inside_a_year_month_column():
    assert subs_of(pledge25(dt.date(2022, 3, 31))).loc[S3, "planned"] == pytest.approx(90.0)


def test_planned_before_the_first_year_is_zero():
    assert subs_of(pledge25(dt.date(2017, 12, 31))).loc[S1, "planned"] == 0.0


def test_planned_after_the_last_column_stays():
    subs = subs_of(pledge25(dt.date(2024, 6, 30)))
    assert subs.loc[S1, "planned"] == 100.0  # 2022.6. is '-' for S1: stays at 2021's 100
    assert subs.loc[S3, "planned"] == 100.0


def test_planned_starts_at_its_first_column_with_a_value():
    plan = pd.DataFrame({"year": [2020, 2021], "end_month": [12, 12], "value": [40.0, 100.0]})
    assert planned_at(plan, dt.date(2019, 12, 31)) == 0.0
    assert planned_at(plan, dt.date(2020, 3, 31)) == pytest.approx(10.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=1, max_size=5), st.integers(0, 80))
def test_planned_is_monotone_for_a_non_decreasing_plan(values, offset):
    values = sorted(values)
    plan = pd.DataFrame({"year": range(2018, 2018 + len(values)), "end_month": 12, "value": values})
    days = [dt.date(2017, 6, 30) + dt.timedelta(days=30 * i) for i in range(offset, offset + 3)]
    read = [planned_at(plan, d) for d in days]
    assert read == sorted(read)
    assert all(0 <= r <= max(values) + 1e-9 for r in read)


# --- statuses -----------------------------------------------------------------------


def test_late_and_done():
    points = tuple(
        p if not (p.subproject == S1 and p.kind == "실적" and p.year == 2020)
        else replace(p, value=70.0) for p in pledge25().points
    ) + (IndicatorPoint("25", S2, "실적", 2021, 12, 100.0),)
    frames = to_frames(pledge25(points=points))
    subs = subproject_progress(frames).set_index("subproject")
    assert subs.loc[S1, "status"] == "지연" and subs.loc[S1, "rate"] == 70.0
    assert subs.loc[S2, "status"] == "완료" and subs.loc[S2, "rate"] == 100.0
    assert pledge_progress(frames).iloc[0]["status"] == "지연"


def test_rate_capped_at_100():
    points = pledge25().points + (IndicatorPoint("25", S3, "실적", 2021, 12, 130.0),)
    assert subs_of(pledge25(points=points)).loc[S3, "rate"] == 100.0


@pytest.mark.parametrize("stage", ["보류", "폐기"])
def test_held_and_dropped_stages_override(stage):
    snapshot = pledge25(pledges=(Pledge("25", "공약", stage=stage),))
    assert pledge_progress(to_frames(snapshot)).iloc[0]["status"] == stage
    assert ward_progress(pledge_progress(to_frames(snapshot))).counts[stage] == 1


def test_subproject_without_indicators_left_out_of_rates():
    snapshot = pledge25(indicators=pledge25().indicators[:2])
    frames = to_frames(snapshot)
    subs = subproject_progress(frames).set_index("subproject")
    assert subs.loc[S3, "status"] == "지표 없음" and subs.loc[S3, "rate"] is None
    pledge = pledge_progress(frames).iloc[0]
    assert pledge["rate"] == 82.5
    assert pledge["rate_weighted"] == pytest.approx((80 * 289 + 85 * 2473) / (289 + 2473))


def test_pledge_without_any_indicator():
    frames = to_frames(pledge25(indicators=(), points=()))
    pledge = pledge_progress(frames).iloc[0]
    assert (pledge["status"], pledge["rate"]) == ("지표 없음", None)
    ward = ward_progress(pledge_progress(frames))
    assert ward.rate is None and ward.counts["지표 없음"] == 1


def test_empty_actual_row_is_zero_not_missing():
    indicators = tuple(replace(i, has_actual=True) for i in pledge25().indicators)
    points = tuple(p for p in pledge25().points if not (p.subproject == S1 and p.kind == "실적"))
    subs = subs_of(pledge25(indicators=indicators, points=points))
    assert (subs.loc[S1, "actual"], subs.loc[S1, "status"]) == (0.0, "지연")


def test_overdue_when_last_quarter_passed_without_target():
    subs = subs_of(pledge25())
    assert bool(subs.loc[S1, "overdue"]) is True  # scheduled to 2019Q4, at 80 of 100
    assert bool(subs.loc[S2, "overdue"]) is False


def test_ward_rate_is_the_mean_of_pledge_rates():
    table = pd.DataFrame({
        "pledge_id": ["1", "2", "3"], "rate": [50.0, 100.0, None],
        "status": ["지연", "완료", "지표 없음"], "stage": ["추진중", "완료", None],
    })
    ward = ward_progress(table)
    assert ward.rate == 75.0
    assert ward.counts == {"완료": 1, "정상": 0, "지연": 1, "보류": 0, "폐기": 0, "지표 없음": 1}
    assert ward.stage_counts["미입력"] == 1 and ward.stage_counts["추진중"] == 1


# --- budget precedence --------------------------------------------------------------


def test_pledge_with_no_budget():
    frames = to_frames(pledge25(budget=()))
    b = pledge_budgets(frames)["25"]
    assert (b.total, b.by_source, b.by_year) == (0, {}, {})
    assert pledge_progress(frames).iloc[0]["rate_weighted"] is None
    doc = summary_document([frames])["wards"][0]["pledges"][0]
    assert doc["budget"] == {"total": 0, "by_source": {}, "by_year": {}, "secured": None, "spent": None,
                             "secured_rate": None, "spent_rate": None, "secured_rate_by_source": {}}
    assert doc["rate_weighted"] is None and doc["subprojects"][0]["budget_total"] is None


def test_budget_only_per_subproject_with_sources():
    budget = (
        BudgetRow("25", S1, "구비", 2018, 12, 100 * M),
        BudgetRow("25", S1, "시비", 2018, 12, 50 * M),
        BudgetRow("25", S2, None, 2019, 12, 300 * M),
    )
    frames = to_frames(pledge25(budget=budget))
    b = pledge_budgets(frames)["25"]
    assert b.total == 450 * M
    assert b.by_source == {"구비": 100 * M, "시비": 50 * M, "미지정": 300 * M}
    assert b.by_year == {2018: 150 * M, 2019: 300 * M}
    totals = subproject_totals(frames).set_index("subproject")["total"]
    assert (totals[S1], totals[S2], totals[S3]) == (150 * M, 300 * M, None)
    assert pledge_progress(frames).iloc[0]["rate_weighted"] is None  # S3 has no budget


def test_budget_only_at_pledge_level():
    budget = (BudgetRow("25", None, None, 2018, 12, 1000 * M), BudgetRow("25", None, "구비", 2018, 12, 400 * M))
    frames = to_frames(pledge25(budget=budget))
    b = pledge_budgets(frames)["25"]
    assert (b.total, b.by_source) == (1000 * M, {"구비": 400 * M, "미지정": 600 * M})
    by_year_source = pledge_by_year_source(frames)
    assert list(by_year_source["amount"]) == [400 * M, 600 * M]


def test_pledge_level_source_rows_without_a_total_row():
    budget = (BudgetRow("25", None, "구비", 2018, 12, 10 * M), BudgetRow("25", None, "시비", 2018, 12, 30 * M),
              BudgetRow("25", S1, None, 2018, 12, 999 * M))
    b = pledge_budgets(to_frames(pledge25(budget=budget)))["25"]
    assert (b.total, b.by_source) == (40 * M, {"구비": 10 * M, "시비": 30 * M})


def test_year_month_column_counts_for_its_year():
    assert pledge_budgets(to_frames(pledge25()))["25"].by_year[2022] == 2_200 * M


# --- changes ------------------------------------------------------------------------


def _at_2019() -> Snapshot:
    points = tuple(p for p in pledge25().points if not (p.kind == "실적" and p.year == 2020))
    return pledge25(dt.date(2019, 12, 31), points=points)


def test_changes_between_quarters():
    changes = compare(to_frames(_at_2019()), to_frames(pledge25()))
    assert changes.previous_as_of == dt.date(2019, 12, 31)
    assert changes.rate_before == pytest.approx((60 + 70 + 40) / 3)
    assert changes.rate_after == 75.0
    subs = changes.subprojects.set_index("subproject")
    assert (subs.loc[S1, "actual_before"], subs.loc[S1, "actual_after"], subs.loc[S1, "actual_change"]) == (60.0, 80.0, 20.0)
    assert not any(subs["backward"])


def test_one_snapshot_has_no_previous_quarter():
    changes = compare(None, to_frames(pledge25()))
    assert changes.previous_as_of is None and changes.rate_change is None
    assert all(v is None for v in changes.pledges["rate_change"])


def test_dropped_and_backward_are_warnings():
    before = pledge25(pledges=pledge25().pledges + (Pledge("26", "사라진 공약"),))
    after_points = tuple(
        replace(p, value=70.0) if p.subproject == S1 and p.kind == "실적" and p.year == 2020 else p
        for p in pledge25().points
    )
    after = pledge25(dt.date(2021, 3, 31), points=after_points,
                     subprojects=pledge25().subprojects[:2],
                     indicators=pledge25().indicators[:2])
    warnings = [f.message for f in import_warnings(to_frames(before), to_frames(after))]
    assert "공약 26 '사라진 공약'이(가) 지난 기준일(2020. 12. 31.) 자료에는 있었으나 이번 파일에는 없습니다" in warnings
    assert (f"공약 25의 세부사업 '{S3}'이(가) 지난 기준일(2020. 12. 31.) 자료에는 있었으나 이번 파일에는 없습니다"
            in warnings)
    assert f"공약 25 '{S1}'의 실적이 지난 기준일(2020. 12. 31.) 80에서 70(으)로 줄었습니다" in warnings
    changes = compare(to_frames(before), to_frames(after))
    assert set(changes.dropped["pledge_id"]) == {"25", "26"}


def test_rate_history_has_a_ward_row_per_date():
    history = rate_history([to_frames(_at_2019()), to_frames(pledge25())])
    ward_rows = history[history["pledge_id"].isna()]
    assert list(ward_rows["title"]) == ["구 전체", "구 전체"]
    assert list(ward_rows["rate"])[1] == 75.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, S1, S2, S3]), st.sampled_from([None, "구비", "시비", "국비"]),
                          st.integers(2018, 2022), st.integers(0, 10_000)), max_size=12, unique_by=lambda r: r[:3]))
def test_sources_always_add_up_to_the_total(rows):
    budget = tuple(BudgetRow("25", sub, src, year, 12, amount * M) for sub, src, year, amount in rows)
    b = pledge_budgets(to_frames(pledge25(budget=budget)))["25"]
    assert sum(b.by_source.values()) >= b.total or not b.total
    assert sum(b.by_year.values()) == b.total
