"""docs/spec.md "Evaluation figures": 공약 이행 완료율 and 연차 목표 달성률, by hand and on pledge 25."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from figures.evaluation import NO_ANNUAL_TARGET, evaluate, evaluation_year
from loaders import read_workbook
from loaders.frames import to_frames
from loaders.model import Indicator, IndicatorPoint, Pledge, Snapshot, SubProject

DATA = Path(__file__).resolve().parents[2] / "data"
END_2020 = dt.date(2020, 12, 31)


def ward(*pledges: tuple[str, str | None, dict[str, tuple[float | None, float | None]]],
         as_of: dt.date = END_2020, year: int = 2020) -> Snapshot:
    """Pledges given as (id, 이행단계, {sub-project: (계획 in `year`, 실적 in `year`)}); 목표 100."""
    items: dict[str, list] = {"p": [], "s": [], "i": [], "pt": []}
    for order, (pid, stage, subs) in enumerate(pledges):
        items["p"].append(Pledge(pid, f"공약 {pid}", stage=stage, order=order))
        for n, (name, (plan, actual)) in enumerate(subs.items()):
            items["s"].append(SubProject(pid, name, (), n))
            items["i"].append(Indicator(pid, name, "%", 100.0))
            # a 계획 value in an earlier year, so every sub-project has a path
            items["pt"].append(IndicatorPoint(pid, name, "계획", year - 1, 12, 10.0))
            if plan is not None:
                items["pt"].append(IndicatorPoint(pid, name, "계획", year, 12, plan))
            items["pt"].append(IndicatorPoint(pid, name, "실적", year - 1, 12, 10.0))
            if actual is not None:
                items["pt"].append(IndicatorPoint(pid, name, "실적", year, 12, actual))
    return Snapshot("테스트구", as_of, pledges=tuple(items["p"]), subprojects=tuple(items["s"]),
                    indicators=tuple(items["i"]), points=tuple(items["pt"]))


def figures_of(snapshot: Snapshot):
    return evaluate(to_frames(snapshot))


@pytest.mark.parametrize(("as_of", "year"), [
    (dt.date(2020, 12, 31), 2020), (dt.date(2021, 3, 31), 2020), (dt.date(2021, 12, 30), 2020),
    (dt.date(2022, 6, 30), 2021),
])
def test_year_is_the_last_year_ended_by_the_reference_date(as_of, year):
    assert evaluation_year(as_of) == year


def test_met_when_every_subproject_reached_its_plan():
    result = figures_of(ward(("1", "추진중", {"가": (60, 60), "나": (40, 55)})))
    assert (result.year, result.annual.numerator, result.annual.denominator) == (2020, 1, 1)
    assert result.annual.rate == 100.0
    assert (result.completion.numerator, result.completion.denominator) == (0, 1)
    assert result.completion.rate == 0.0
    assert result.no_target == []


def test_not_met_when_one_subproject_is_short_or_has_no_actual():
    result = figures_of(ward(
        ("1", "추진중", {"가": (60, 60), "나": (40, 39)}),
        ("2", "추진중", {"가": (60, None)}),
    ))
    assert (result.annual.numerator, result.annual.denominator) == (0, 2)
    assert result.annual.rate == 0.0
    assert result.no_target == []


def test_subprojects_without_a_plan_for_the_year_are_left_out_of_the_pledge():
    result = figures_of(ward(("1", "추진중", {"가": (60, 70), "나": (None, 5)})))
    assert (result.annual.numerator, result.annual.denominator) == (1, 1)


def test_no_plan_for_the_year_is_listed_and_counts_in_the_denominator():
    result = figures_of(ward(
        ("1", "추진중", {"가": (60, 60)}),
        ("2", "타당성분석", {"가": (None, None)}),
        ("3", None, {}),
    ))
    assert (result.annual.numerator, result.annual.denominator) == (1, 3)
    assert result.annual.rate == pytest.approx(100 / 3)
    assert result.no_target == [("2", "공약 2"), ("3", "공약 3")]
    assert NO_ANNUAL_TARGET == "연차 목표 없음"


def test_on_hold_and_dropped_pledges_stay_in_both_denominators():
    result = figures_of(ward(
        ("1", "완료", {"가": (100, 100)}),
        ("2", "보류", {"가": (60, 10)}),
        ("3", "폐기", {"가": (60, 10)}),
    ))
    assert (result.completion.numerator, result.completion.denominator) == (1, 3)
    assert (result.annual.numerator, result.annual.denominator) == (1, 3)


def test_stage_complete_counts_even_without_a_plan_for_the_year():
    # 완료(지속) is read as 완료 by the loader; a 완료 pledge met its targets by definition
    result = figures_of(ward(("1", "완료", {"가": (None, 30)})))
    assert (result.completion.numerator, result.annual.numerator) == (1, 1)
    assert result.no_target == []


def test_status_complete_counts_as_complete():
    # 이행단계 추진중, but the actual reached 목표 100: status 완료
    result = figures_of(ward(("1", "추진중", {"가": (80, 100)})))
    assert bool(result.pledges.loc[0, "complete"])
    assert (result.completion.numerator, result.completion.denominator) == (1, 1)


def test_completed_read_from_a_workbook_stage_with_suffix():
    # the loader's reading of 완료(지속) → 완료, checked here so the rule holds end to end
    from loaders.pledges import _canonical

    assert _canonical("이행단계", "완료(지속)", "테스트구") == "완료"


def test_no_pledges_gives_no_rate():
    result = figures_of(Snapshot("테스트구", END_2020))
    assert result.completion.rate is None and result.annual.rate is None
    assert result.completion.denominator == 0


def test_pledge25_from_the_sample_workbook():
    result = read_workbook(DATA / "영등포구_2020-12-31.xlsx")
    assert result.ok
    figures = evaluate(to_frames(result.snapshot))
    assert figures.year == 2020
    assert (figures.annual.rate, figures.annual.numerator, figures.annual.denominator) == (100.0, 1, 1)
    assert (figures.completion.rate, figures.completion.numerator, figures.completion.denominator) == (0.0, 0, 1)
    assert figures.no_target == []


def test_pledge25_a_year_earlier_met_2019():
    figures = evaluate(to_frames(read_workbook(DATA / "영등포구_2019-12-31.xlsx").snapshot))
    assert figures.year == 2019
    assert (figures.annual.numerator, figures.annual.denominator) == (1, 1)
