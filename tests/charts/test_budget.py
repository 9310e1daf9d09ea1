"""Budget charts show the spec's pledge-25 figures in 백만원 with separators."""

from __future__ import annotations

import pandas as pd
import pytest

from figures.charts.budget import budget_by_year, source_split, split_per_pledge, subproject_budget
from figures.charts.theme import EMPTY_NOTE
from figures.status import SOURCE_COLORS

from .conftest import SUB2, M


def stacked(fig) -> dict[str, dict[str, float]]:
    """{source: {category: value}} for vertical or horizontal bars."""
    out = {}
    for t in fig.data:
        if t.type == "bar":
            cats, vals = (t.y, t.x) if t.orientation == "h" else (t.x, t.y)
            out[t.name] = dict(zip(cats, vals, strict=True))
    return out


def test_budget_by_year_stacks_sources_per_year_in_millions(pledge_by_year_source):
    fig = budget_by_year(pledge_by_year_source)
    bars = stacked(fig)
    assert list(bars) == ["구비", "시비"]  # source order of the spec
    assert bars["구비"]["2018년"] == 189 and bars["시비"]["2018년"] == 1700
    assert bars["구비"]["2022년"] == 0 and bars["시비"]["2022년"] == 2200
    assert fig.layout.barmode == "stack"
    (totals,) = [t for t in fig.data if t.meta and t.meta.get("role") == "totals"]
    # one row per year (horizontal): a year's total never collides with the next one's
    assert totals.orientation is None and fig.data[0].orientation == "h"
    assert dict(zip(totals.y, totals.text, strict=True)) == {
        "2018년": "<b>1,889</b>", "2019년": "<b>1,079</b>", "2020년": "<b>735</b>",
        "2021년": "<b>365</b>", "2022년": "<b>2,200</b>",
    }  # fmt: skip
    assert fig.layout.xaxis.title.text == "예산(백만원)"
    assert {t.marker.color for t in fig.data if t.name == "구비"} == {SOURCE_COLORS["구비"]}
    bar = next(t for t in fig.data if t.name == "시비")
    assert "1,700백만원" in bar.hovertext[0] and "(90.0%)" in bar.hovertext[0]


def test_budget_by_year_sums_over_pledges_and_takes_the_ward_frame(pledge_by_year_source):
    two = pd.concat([pledge_by_year_source, pledge_by_year_source.assign(pledge_id="26")])
    assert stacked(budget_by_year(two))["시비"]["2018년"] == 3400
    ward = pledge_by_year_source.drop(columns="pledge_id")
    assert stacked(budget_by_year(ward))["구비"]["2019년"] == 64


def test_budget_by_year_in_eok(pledge_by_year_source):
    fig = budget_by_year(pledge_by_year_source, unit="억원")
    assert stacked(fig)["시비"]["2018년"] == pytest.approx(17.0)
    (totals,) = [t for t in fig.data if t.meta and t.meta.get("role") == "totals"]
    assert totals.text[0] == "<b>18.9</b>"
    assert fig.layout.xaxis.title.text == "예산(억원)"


def test_source_split_labels(pledge_by_source):
    fig = source_split(pledge_by_source)
    (pie,) = fig.data
    assert list(pie.text) == ["구비 325백만원 (5.2%)", "시비 5,943백만원 (94.8%)"]
    assert list(pie.marker.colors) == [SOURCE_COLORS["구비"], SOURCE_COLORS["시비"]]
    assert any("6,268백만원" in a.text for a in fig.layout.annotations)
    # the labels are the legend under the ring, not texts around it that a phone cuts off
    assert pie.textinfo == "none" and list(pie.labels) == list(pie.text) and fig.layout.showlegend
    assert fig.layout.legend.yref == "container"


def test_source_split_takes_the_ward_frame_and_drops_zero_sources():
    ward = pd.DataFrame(
        [("구비", 325 * M, 5.2), ("시비", 5943 * M, 94.8), ("국비", 0, 0.0)],
        columns=["source", "amount", "share"],
    )
    (pie,) = source_split(ward).data
    assert [label.split()[0] for label in pie.labels] == ["구비", "시비"]


def test_subproject_budget_bars_in_order(subproject_totals):
    fig = subproject_budget(subproject_totals)
    (bar,) = fig.data
    assert list(bar.x) == [289, 2473, 3506]
    assert bar.y[1].replace("<br>", " ") == SUB2
    assert bar.text[1] == "2,473"  # the unit is in the title; the share in the hover (a phone's width)
    assert "2,473백만원 (39.5%)" in bar.hovertext[1]
    assert fig.layout.yaxis.autorange == "reversed"


def test_split_per_pledge_is_a_100_percent_bar_per_pledge(pledge_by_source, pledge_progress):
    more = pd.concat(
        [
            pledge_by_source,
            pd.DataFrame(
                [("26", "구비", 1000 * M), ("26", "시비", 200 * M)],
                columns=["pledge_id", "source", "amount"],
            ),
        ]
    )
    fig = split_per_pledge(more, pledge_progress)
    bars = stacked(fig)
    label25 = next(y for y in bars["구비"] if y.startswith("25."))
    assert bars["구비"][label25] == pytest.approx(325 / 6268 * 100)
    assert bars["시비"][label25] + bars["구비"][label25] == pytest.approx(100)
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.yaxis.categoryarray)[0].startswith("25.")
    assert "6,268백만원" in label25  # the total on the name's last line, not right of the chart
    assert "예산 미입력 공약 2건 제외" in fig.layout.title.subtitle.text  # 27 and 28 have no rows


@pytest.mark.parametrize(
    "call",
    [
        lambda: budget_by_year(pd.DataFrame(columns=["year", "source", "amount"])),
        lambda: budget_by_year(None),
        lambda: source_split(pd.DataFrame(columns=["source", "amount"])),
        lambda: subproject_budget(pd.DataFrame()),
        lambda: split_per_pledge(pd.DataFrame(), pd.DataFrame()),
    ],
)
def test_empty_inputs_give_the_korean_note(call):
    fig = call()
    assert [a.text for a in fig.layout.annotations] == [EMPTY_NOTE]
