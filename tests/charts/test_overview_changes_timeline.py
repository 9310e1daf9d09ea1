"""Overview counts, ward comparison, rate lines and the achievements timeline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from figures.charts.changes import WARD_TITLE, rate_lines
from figures.charts.overview import stage_counts, status_counts
from figures.charts.theme import EMPTY_NOTE
from figures.charts.timeline import achievement_span, achievements_timeline
from figures.charts.wards import ward_comparison
from figures.status import COLORS

DAY_MS = 24 * 60 * 60 * 1000


def test_status_counts_in_statuses_order_with_status_colours(pledge_progress):
    fig = status_counts(pledge_progress)
    (bar,) = fig.data
    # one row per status (horizontal bars): the names never collide on a phone
    assert bar.orientation == "h" and fig.layout.yaxis.autorange == "reversed"
    assert list(bar.y) == ["완료", "정상", "지연", "보류", "폐기"]
    assert list(bar.x) == [1, 1, 1, 1, 0]  # 폐기 0 is shown: "nothing dropped"
    assert list(bar.marker.color) == [COLORS[s] for s in bar.y]
    assert "총 4건" in fig.layout.title.subtitle.text  # its own line (a phone), plotly's subtitle


def test_status_counts_adds_no_indicator_only_when_present(pledge_progress):
    pp = pledge_progress.copy()
    pp.loc[3, "status"] = "지표 없음"
    (bar,) = status_counts(pp).data
    assert "지표 없음" in bar.y and bar.x[list(bar.y).index("지표 없음")] == 1


def test_stage_counts_in_spec_order(pledge_progress):
    (bar,) = stage_counts(pledge_progress).data
    assert bar.orientation == "h"
    assert list(bar.y) == ["여론수렴", "타당성분석", "추진중", "완료", "보류", "폐기"]
    assert list(bar.x) == [0, 0, 2, 1, 1, 0]


def test_ward_comparison_sorted_by_rate_with_status_mix(wards):
    fig = ward_comparison(wards)
    rate = fig.data[0]
    assert list(rate.y) == ["강남구", "영등포구", "노원구*", "마포구"]  # 노원구 is a quarter behind
    assert list(rate.x) == [82.4, 75.0, 70.3, 61.2]
    assert rate.text[0] == "<b>82.4%</b>"
    mix = {t.name: t for t in fig.data[1:]}
    assert list(mix) == ["완료", "정상", "지연", "보류", "폐기"]
    assert mix["지연"].x[3] == pytest.approx(6 / 18 * 100)  # 마포구: 6 of 18 pledges late
    assert mix["지연"].marker.color == COLORS["지연"]
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "노원구 2020. 9. 30." in notes and "평균 72.2%" in notes


def test_rate_lines_one_per_pledge_and_ward_emphasised(rate_history):
    fig = rate_lines(rate_history)
    ward = [t for t in fig.data if t.name == WARD_TITLE]
    assert len(ward) == 1 and len(fig.data) == 4
    assert fig.data[-1].name == WARD_TITLE  # drawn last: on top
    assert ward[0].line.width > max(t.line.width for t in fig.data if t.name != WARD_TITLE)
    assert list(ward[0].y) == [58.0, 63.5, 69.0, 72.5]
    # every 기준일 has a tick; at most three are written (four collided on a phone), the last always
    assert list(fig.layout.xaxis.tickvals) == ["2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"]
    assert list(fig.layout.xaxis.ticktext) == ["2020. 3. 31.", "", "2020. 9. 30.", "2020. 12. 31."]
    assert fig.data[0].name.startswith("25. 경인")
    # the ward's labels clear of its rising line; the first and last turned inwards (cut at the edge on a phone)
    assert list(ward[0].textposition) == ["bottom right", "bottom right", "bottom right", "top left"]


def test_rate_lines_labels_sit_where_the_line_leaves_room(rate_history):
    ward = rate_history[rate_history["pledge_id"].isna()].copy()
    ward["rate"] = [30.0, 80.0, 40.0, 20.0]
    trace = rate_lines(ward).data[-1]
    # rises after the first (label below), a peak (above), falling on (above, right), came down (below, left)
    assert list(trace.textposition) == ["bottom right", "top center", "top right", "bottom left"]


def test_rate_lines_many_pledges_are_grey(rate_history):
    many = pd.concat(
        [
            rate_history.assign(
                pledge_id=rate_history["pledge_id"].map(
                    lambda p, i=i: None if pd.isna(p) else f"{p}-{i}"
                )
            )
            for i in range(3)
        ]
    )
    many = many[~(many["pledge_id"].isna() & many.duplicated(["as_of", "pledge_id"]))]
    fig = rate_lines(many)
    pledges = [t for t in fig.data if t.name != WARD_TITLE]
    assert len(pledges) == 9 and not any(t.showlegend for t in pledges)


def test_timeline_precision(achievements, as_of):
    fig = achievements_timeline(achievements, as_of)
    ranges = [t for t in fig.data if t.type == "bar"]
    spans = {}
    for t in ranges:
        for y, base, length in zip(t.y, t.base, t.x, strict=True):
            start = dt.date.fromisoformat(base)
            spans[y.replace("<br>", " ")] = (start, start + dt.timedelta(days=length // DAY_MS))
    # month precision: the whole of July 2018
    assert spans["재정비 수립 용역 착수보고회 개최"] == (dt.date(2018, 7, 1), dt.date(2018, 8, 1))
    # '20. 1. ~ 5.: January to the end of May
    assert spans["앵커시설 신축공사 실시설계(시)"] == (dt.date(2020, 1, 1), dt.date(2020, 6, 1))
    # day range, both ends included
    assert spans["정비계획 변경(안) 공람공고"] == (dt.date(2019, 9, 26), dt.date(2019, 10, 29))
    # open range runs to the 기준일
    assert spans["도시재생 1호 비영리단체 설립·운영"][1] == as_of
    dots = [t for t in fig.data if t.type == "scatter"]
    assert [(t.x, t.y) for t in dots] == [(("2019-09-25",), ("주민설명회",))]
    notes = [a.text for a in fig.layout.annotations]
    # under the title, not at the foot where the legend is
    assert "일자가 없는 실적 1건은 표에만 있습니다" in fig.layout.title.subtitle.text
    assert any("기준일 2020. 12. 31." in n for n in notes)
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0  # never over the 기준일 label


def test_achievement_span_of_a_single_day():
    rec = {
        "start": dt.date(2019, 9, 25),
        "start_precision": "day",
        "end": None,
        "end_precision": None,
        "open_end": False,
    }
    assert achievement_span(rec, None) == (dt.date(2019, 9, 25), None, "day")


@pytest.mark.parametrize(
    "call",
    [
        lambda: status_counts(pd.DataFrame()),
        lambda: stage_counts(None),
        lambda: ward_comparison(pd.DataFrame(columns=["ward", "rate"])),
        lambda: rate_lines(pd.DataFrame(columns=["as_of", "pledge_id", "title", "rate", "status"])),
        lambda: achievements_timeline(pd.DataFrame(), dt.date(2020, 12, 31)),
    ],
)
def test_empty_inputs_give_the_korean_note(call):
    fig = call()
    assert [a.text for a in fig.layout.annotations] == [EMPTY_NOTE]


def test_timeline_rows_with_a_shared_long_prefix_stay_different():
    """Cut at the end, 「… 용역」 착수보고회 and 「… 용역」 중간보고회 read the same on a phone."""
    prefix = "「문래동1~4가 도시환경정비계획 재정비 수립 용역」"
    rows = pd.DataFrame({
        "pledge_id": ["25", "25"], "subproject": [None, None], "text": [f"{prefix} 착수보고회", f"{prefix} 중간보고회"],
        "start": [dt.date(2018, 7, 1), dt.date(2019, 3, 1)], "start_precision": ["month", "month"],
        "end": [None, None], "end_precision": [None, None], "open_end": [False, False], "order": [0, 1],
    })
    fig = achievements_timeline(rows, dt.date(2020, 12, 31))
    labels = list(fig.layout.yaxis.categoryarray)
    assert labels[0].endswith("착수보고회") and labels[1].endswith("중간보고회")
    assert all(label.count("<br>") <= 2 for label in labels)


def test_ward_comparison_labels_wards_without_indicators(wards):
    """They were blank rows with "공약 수 0"."""
    more = pd.concat([wards, pd.DataFrame([{"ward": "금천구", "as_of": wards["as_of"].iloc[0], "rate": None,
                                            "완료": 0, "정상": 0, "지연": 0, "보류": 0, "폐기": 0, "지표 없음": 3,
                                            "pledges": 3}])], ignore_index=True)
    fig = ward_comparison(more)
    label = next(a for a in fig.layout.annotations if a.text == "지표 없음")
    assert label.y == "금천구"
    no_indicator = next(t for t in fig.data if t.name == "지표 없음")
    assert dict(zip(no_indicator.y, no_indicator.x, strict=True))["금천구"] == 100
    assert "공약 3건" in fig.data[0].hovertext[-1]
