"""The S-curve draws the spec's planned path and the 실적 points, and marks the 기준일."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from figures.charts.paths import progress_paths
from figures.charts.theme import EMPTY_NOTE

from .conftest import SUB1, SUB2, SUB3


def traces(fig, kind, sub=None):
    return [
        t
        for t in fig.data
        if t.meta and t.meta["kind"] == kind and (sub is None or t.meta["subproject"] == sub)
    ]


def test_one_panel_per_sub_project_in_order(points, subprogress, as_of):
    fig = progress_paths(points, subprogress, as_of)
    titles = [a.text for a in fig.layout.annotations if a.text.startswith("<b>")]
    assert [t.split("</b>")[0][3:] for t in titles] == [SUB1, SUB2, SUB3]
    assert "이행률 80%" in titles[0] and "정상" in titles[0]
    assert {t.meta["subproject"] for t in fig.data if t.meta} == {SUB1, SUB2, SUB3}


def test_planned_path_starts_at_zero_on_1_january_and_joins_year_ends(points, subprogress, as_of):
    fig = progress_paths(points, subprogress, as_of)
    (plan,) = traces(fig, "계획", SUB1)
    assert list(plan.x) == ["2018-01-01", "2018-12-31", "2019-12-31", "2020-12-31", "2021-12-31"]
    assert list(plan.y) == [0.0, 20.0, 60.0, 80.0, 100.0]
    assert plan.line.dash == "dash"
    # hover carries the milestone text of that year (계획내용)
    assert "용역준공" in plan.hovertext[2]


def test_partial_year_column_ends_at_its_month_and_blank_plan_is_skipped(
    points, subprogress, as_of
):
    fig = progress_paths(points, subprogress, as_of)
    (plan3,) = traces(fig, "계획", SUB3)
    assert plan3.x[-1] == "2022-06-30" and plan3.y[-1] == 100.0
    (plan2,) = traces(fig, "계획", SUB2)  # 2022.6. is "-" (운영): the path ends at 2021
    assert plan2.x[-1] == "2021-12-31"


def test_actual_points_and_as_of_marker_on_the_planned_value(points, subprogress, as_of):
    fig = progress_paths(points, subprogress, as_of)
    (actual,) = traces(fig, "실적", SUB2)
    assert list(actual.y) == [50.0, 70.0, 85.0]
    assert actual.x[-1] == "2020-12-31"
    assert "기본구상 완료" in actual.hovertext[1]
    (mark,) = traces(fig, "기준일", SUB2)
    assert mark.x == ("2020-12-31",) and mark.y == (85.0,)
    assert "계획 85%" in mark.hovertext[0]


def test_actual_in_the_as_of_year_is_drawn_at_the_as_of_date(points, subprogress):
    fig = progress_paths(points, subprogress, dt.date(2020, 6, 30))
    (actual,) = traces(fig, "실적", SUB1)
    assert actual.x[-1] == "2020-06-30"


def test_milestones_are_in_the_hover_not_written_over_the_chart(points, subprogress, as_of):
    """Written on the chart, the milestones ran into each other on a phone."""
    fig = progress_paths(points, subprogress, as_of)
    assert not any("설계 현황조사" in a.text for a in fig.layout.annotations)
    (plan,) = traces(fig, "계획", SUB1)
    assert any("설계 현황조사" in h for h in plan.hovertext)


def test_one_sub_project_only(points, subprogress, as_of):
    fig = progress_paths(points, subprogress, as_of, subproject=SUB3)
    assert {t.meta["subproject"] for t in fig.data if t.meta} == {SUB3}


def test_many_sub_projects_stay_in_one_column(points, subprogress, as_of):
    """Two columns left a phone 150 px a panel; stacked panels keep the full width."""
    many = pd.concat([points.assign(subproject=points["subproject"] + f" {i}") for i in range(2)])
    fig = progress_paths(many, None, as_of)
    assert len({t.meta["subproject"] for t in fig.data if t.meta}) == 6
    assert fig.layout.xaxis2.domain[0] == 0 and fig.layout.xaxis6.domain[1] == 1
    assert not any(a.text == "설계 현황조사" for a in fig.layout.annotations)


def test_empty_points_give_the_korean_note(subprogress, as_of):
    fig = progress_paths(
        pd.DataFrame(
            columns=["pledge_id", "subproject", "kind", "year", "end_month", "value", "text"]
        ),
        subprogress,
        as_of,
    )
    assert [a.text for a in fig.layout.annotations] == [EMPTY_NOTE]
