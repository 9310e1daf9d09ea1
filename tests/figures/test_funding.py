"""재정 확보율 and 집행률 (spec "Planned, secured and spent"): the example, sources, 미입력, a mixed ward."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures.budget import pledge_budgets, ward_by_source
from figures.funding import funding_by_source, lagging_outside_money, pledge_funding, ward_funding
from figures.progress import pledge_progress
from figures.summary import summary_document
from loaders import read_workbook
from loaders.frames import to_frames
from loaders.model import BudgetRow, Pledge, Snapshot
from tests.template.test_template import snapshots

DATA = Path(__file__).resolve().parents[2] / "data"


def _snapshot(rows, pledges=("1",), as_of=dt.date(2020, 12, 31)) -> Snapshot:
    return Snapshot("구", as_of, pledges=tuple(Pledge(p, f"공약 {p}") for p in pledges),
                    budget=tuple(BudgetRow(*r) for r in rows))


SPEC_EXAMPLE = [
    ("1", None, None, 2019, 12, 100, "계획"), ("1", None, None, 2020, 12, 200, "계획"),
    ("1", None, None, 2021, 12, 400, "계획"),  # a later year: a plan only, not counted to date
    ("1", None, None, 2019, 12, 100, "확보"), ("1", None, None, 2020, 12, 150, "확보"),
    ("1", None, None, 2019, 12, 90, "집행"), ("1", None, None, 2020, 12, 60, "집행"),
]


def test_the_spec_example():
    funding = pledge_funding(to_frames(_snapshot(SPEC_EXAMPLE)))["1"]
    assert round(funding.secured_rate, 1) == 83.3  # 250 ÷ 300
    assert round(funding.spent_rate, 1) == 60.0  # 150 ÷ 250
    doc = summary_document([to_frames(_snapshot(SPEC_EXAMPLE))])["wards"][0]
    budget = doc["pledges"][0]["budget"]
    assert (budget["secured_rate"], budget["spent_rate"]) == (83.33, 60.0)
    assert budget["secured"] == {"total": 250, "by_source": {"미지정": 250}, "by_year": {"2019": 100, "2020": 150}}
    assert budget["spent"]["total"] == 150
    assert (doc["secured_rate"], doc["spent_rate"]) == (83.33, 60.0)


def test_rates_by_source_and_not_entered_sources():
    rows = [
        ("1", None, "구비", 2020, 12, 100, "계획"), ("1", None, "시비", 2020, 12, 300, "계획"),
        ("1", None, "국비", 2020, 12, 50, "계획"),
        ("1", None, "구비", 2020, 12, 100, "확보"), ("1", None, "시비", 2020, 12, 120, "확보"),
    ]
    funding = pledge_funding(to_frames(_snapshot(rows)))["1"]
    assert funding.secured_rate_by_source == {"구비": 100.0, "시비": 40.0, "국비": None}
    assert round(funding.secured_rate, 2) == round(220 / 450 * 100, 2)
    assert funding.spent_rate is None  # no 집행 row: 미입력, not 0
    table = funding_by_source(funding)
    assert table.to_dict("records") == [
        {"source": "구비", "planned": 100, "secured": 100, "spent": None},
        {"source": "시비", "planned": 300, "secured": 120, "spent": None},
        {"source": "국비", "planned": 50, "secured": 0, "spent": None},
    ]
    lagging = lagging_outside_money({"1": funding}, {"1": "공약 1"})
    assert lagging[["source", "planned", "secured", "rate"]].to_dict("records") == [
        {"source": "시비", "planned": 300, "secured": 120, "rate": 40.0}]


def test_nothing_entered_reads_not_entered():
    funding = pledge_funding(to_frames(_snapshot([("1", None, None, 2020, 12, 100, "계획")])))["1"]
    assert (funding.secured, funding.spent, funding.secured_rate, funding.spent_rate) == (None, None, None, None)
    assert ward_funding({"1": funding}).secured_rate is None


def test_a_ward_mixing_pledges_with_and_without_secured_rows():
    rows = [
        ("1", None, None, 2020, 12, 100, "계획"), ("1", None, None, 2020, 12, 50, "확보"),
        ("2", None, None, 2020, 12, 300, "계획"), ("2", None, None, 2020, 12, 300, "확보"),
        ("2", None, None, 2020, 12, 150, "집행"),
        ("3", None, None, 2020, 12, 1_000, "계획"),  # nothing secured entered: left out, not 0 %
    ]
    ward = ward_funding(pledge_funding(to_frames(_snapshot(rows, pledges=("1", "2", "3")))))
    assert ward.secured_rate == 350 / 400 * 100  # sums over pledges 1 and 2, not a mean of 50 % and 100 %
    assert ward.spent_rate == 50.0  # 150 ÷ 300, over pledge 2 (the only one with 집행)
    assert (ward.pledges_with_secured, ward.pledges_with_spent) == (2, 1)


def test_sub_project_rows_follow_the_plan_precedence():
    rows = [
        ("1", None, "시비", 2020, 12, 200, "계획"),
        ("1", "가", "시비", 2020, 12, 30, "확보"), ("1", "나", "시비", 2020, 12, 70, "확보"),
    ]
    funding = pledge_funding(to_frames(_snapshot(rows)))["1"]
    assert funding.secured_to_date_by_source == {"시비": 100} and funding.secured_rate == 50.0


def test_the_example_workbook():
    result = read_workbook(DATA / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx")
    assert result.errors == [] and result.warnings == []
    frames = to_frames(result.snapshot)
    funding = pledge_funding(frames)["25"]
    assert funding.planned_to_date == 3_703_000_000  # 2018–2020: 1,889 + 1,079 + 735
    assert (funding.secured_to_date, funding.spent_to_date) == (3_090_000_000, 2_560_000_000)
    assert round(funding.secured_rate, 1) == 83.4 and round(funding.spent_rate, 1) == 82.8
    assert {s: round(r, 1) for s, r in funding.secured_rate_by_source.items()} == {"구비": 100.0, "시비": 82.0}


rows_of_money = st.lists(
    st.tuples(st.sampled_from([None, "구비", "시비", "국비"]), st.integers(2018, 2022), st.integers(0, 900),
              st.sampled_from(["확보", "집행"])),
    max_size=8, unique_by=lambda r: (r[0], r[1], r[3]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(snapshots(), rows_of_money)
def test_secured_and_spent_rows_never_change_an_existing_figure(snapshot, extra):
    pid = snapshot.pledges[0].pledge_id
    added = dataclasses.replace(snapshot, budget=snapshot.budget + tuple(
        BudgetRow(pid, None, source, year, 12, amount * 1_000_000, kind) for source, year, amount, kind in extra))
    before, after = to_frames(snapshot), to_frames(added)
    assert pledge_budgets(after) == pledge_budgets(before)
    assert ward_by_source(after).equals(ward_by_source(before))
    assert pledge_progress(after).equals(pledge_progress(before))
    plain = summary_document([before])["wards"][0]
    with_money = summary_document([after])["wards"][0]
    for pledge_before, pledge_after in zip(plain["pledges"], with_money["pledges"], strict=True):
        for key in ("total", "by_source", "by_year"):
            assert pledge_after["budget"][key] == pledge_before["budget"][key]
        assert pledge_after["rate"] == pledge_before["rate"] and pledge_after["status"] == pledge_before["status"]
    assert with_money["rate"] == plain["rate"] and with_money["counts"] == plain["counts"]
