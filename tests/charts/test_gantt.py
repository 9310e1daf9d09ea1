"""The Gantt says what sheet 추진일정 says: one bar per contiguous run, 기준일, gaps, 기한 경과."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from figures.charts.gantt import NO_SCHEDULE, gantt, quarter_runs
from figures.charts.theme import EMPTY_NOTE
from figures.status import COLORS, OVERDUE

from .conftest import SUB1, SUB2, SUB3

DAY_MS = 24 * 60 * 60 * 1000


def bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def span(trace) -> tuple[dt.date, dt.date]:
    """(first day, last day) a bar covers."""
    start = dt.date.fromisoformat(trace.base[0])
    return start, start + dt.timedelta(days=trace.x[0] // DAY_MS - 1)


def test_pledge_25_has_three_bars_over_the_scheduled_quarters(schedule, subprogress, as_of):
    fig = gantt(schedule, subprogress, as_of)
    got = {t.meta["subproject"]: (t.meta["first"], t.meta["last"], span(t)) for t in bars(fig)}
    assert len(bars(fig)) == 3
    assert got == {
        SUB1: ("2018Q2", "2019Q4", (dt.date(2018, 4, 1), dt.date(2019, 12, 31))),
        SUB2: ("2018Q1", "2021Q4", (dt.date(2018, 1, 1), dt.date(2021, 12, 31))),
        SUB3: ("2018Q1", "2022Q2", (dt.date(2018, 1, 1), dt.date(2022, 6, 30))),
    }


def test_bars_are_in_the_status_colour_and_the_legend_names_the_status(
    schedule, subprogress, as_of
):
    fig = gantt(schedule, subprogress, as_of)
    assert {t.marker.color for t in bars(fig)} == {COLORS["정상"]}
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == ["정상"]


def test_rows_are_in_sub_project_order_first_on_top(schedule, subprogress, as_of):
    fig = gantt(schedule, subprogress, as_of)
    # names wrap onto narrow lines (the bars keep a phone's width)
    assert [c.replace("<br>", " ") for c in fig.layout.yaxis.categoryarray] == [SUB1, SUB2, SUB3]
    assert fig.layout.yaxis.autorange == "reversed"


def test_as_of_line_at_2020_12_31_with_korean_label(schedule, subprogress, as_of):
    fig = gantt(schedule, subprogress, as_of)
    lines = [s for s in fig.layout.shapes if s.name == "기준일"]
    assert len(lines) == 1
    assert lines[0].x0 == lines[0].x1 == "2020-12-31"
    assert any("기준일 2020. 12. 31." in a.text for a in fig.layout.annotations)


def test_axis_shows_years_and_quarters(schedule, subprogress, as_of):
    """One label per year, the quarters as tick marks under it: "1분기 2분기 …" collided on every screen."""
    fig = gantt(schedule, subprogress, as_of)
    assert list(fig.layout.xaxis.ticktext) == ["2018", "2019", "2020", "2021", "2022"]
    assert list(fig.layout.xaxis.tickvals) == [f"{y}-07-01" for y in range(2018, 2023)]
    assert fig.layout.xaxis.minor.dtick == "M3" and fig.layout.xaxis.minor.ticks == "outside"
    assert not any("분기" in str(a.text) for a in fig.layout.annotations)
    assert fig.layout.xaxis.range[0] == "2018-01-01"


def test_many_years_label_every_other_year(subprogress, as_of):
    schedule = pd.DataFrame([("25", SUB1, "2016Q1"), ("25", SUB1, "2024Q4")],
                            columns=["pledge_id", "subproject", "quarter"])
    fig = gantt(schedule, subprogress.iloc[:1], as_of)
    assert list(fig.layout.xaxis.ticktext) == ["2016", "2018", "2020", "2022", "2024"]


def test_legend_and_as_of_label_do_not_share_a_place(schedule, subprogress, as_of):
    fig = gantt(schedule, subprogress, as_of)
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    label = next(a for a in fig.layout.annotations if "기준일" in a.text)
    assert label.xanchor == "right"  # 2020. 12. 31. is right of the middle: the text runs inwards


def test_non_contiguous_quarters_give_separate_segments(subprogress, as_of):
    schedule = pd.DataFrame(
        [("25", SUB1, q) for q in ("2018Q1", "2018Q2", "2019Q1", "2019Q3", "2019Q4")],
        columns=["pledge_id", "subproject", "quarter"],
    )
    fig = gantt(schedule, subprogress.iloc[:1], as_of)
    assert [(t.meta["first"], t.meta["last"]) for t in bars(fig)] == [
        ("2018Q1", "2018Q2"),
        ("2019Q1", "2019Q1"),
        ("2019Q3", "2019Q4"),
    ]
    # the rate is written once, on the last segment
    assert [t.text[0] for t in bars(fig)] == ["", "", "80%"]


def test_quarter_runs_ignores_order_and_duplicates():
    assert quarter_runs(["2019Q1", "2018Q4", "2018Q4", "2020Q2"]) == [
        ("2018Q4", "2019Q1"),
        ("2020Q2", "2020Q2"),
    ]
    assert quarter_runs([]) == []


def test_sub_project_without_schedule_keeps_its_row_with_a_note(schedule, subprogress, as_of):
    extra = subprogress.iloc[[0]].assign(
        subproject="주민 홍보", order=3, first_quarter=None, last_quarter=None, overdue=False
    )
    fig = gantt(schedule, pd.concat([subprogress, extra]), as_of)
    assert "주민 홍보" in fig.layout.yaxis.categoryarray
    assert len(bars(fig)) == 3
    notes = [t for t in fig.data if t.type == "scatter" and t.mode == "text"]
    assert notes and notes[0].y == ("주민 홍보",) and NO_SCHEDULE in notes[0].text[0]


def test_overdue_sub_project_is_hatched_and_labelled(schedule, subprogress, as_of):
    fig = gantt(schedule, subprogress, as_of)
    by_sub = {t.meta["subproject"]: t for t in bars(fig)}
    assert by_sub[SUB1].marker.pattern.shape == "/"  # 2019Q4 ended, 80 % < 100 %
    assert by_sub[SUB2].marker.pattern.shape == ""
    labels = [a for a in fig.layout.annotations if OVERDUE in a.text]
    assert len(labels) == 1 and labels[0].y.replace("<br>", " ") == SUB1
    assert labels[0].xanchor == "right" and labels[0].yanchor == "bottom"  # above the bar's end, in the plot
    assert OVERDUE in by_sub[SUB1].hovertext[0]


def test_status_colours_follow_each_sub_project(schedule, subprogress, as_of):
    subprogress = subprogress.copy()
    subprogress.loc[2, "status"] = "지연"
    fig = gantt(schedule, subprogress, as_of)
    by_sub = {t.meta["subproject"]: t.marker.color for t in bars(fig)}
    assert by_sub[SUB3] == COLORS["지연"] and by_sub[SUB2] == COLORS["정상"]
    assert [t.name for t in fig.data if t.showlegend] == ["정상", "지연"]


def test_long_names_are_wrapped_not_cut_to_nothing(schedule, subprogress, as_of):
    long = "문래동1~4가 도시환경정비계획 재정비 수립 용역과 경인로 일대 도시공간구조 개편방안 마련 및 주민 설명"
    sp = subprogress.copy()
    sp.loc[0, "subproject"] = long
    sch = schedule.assign(subproject=schedule["subproject"].replace(SUB1, long))
    fig = gantt(sch, sp, as_of)
    label = fig.layout.yaxis.categoryarray[0]
    # three narrow lines: the start, then "…" and the name's end (officials repeat long prefixes)
    assert label.startswith("문래동1~4가") and label.endswith("주민 설명") and "<br>…" in label
    assert label.count("<br>") == 2


@pytest.mark.parametrize("args", [(None, None), (pd.DataFrame(), pd.DataFrame())])
def test_empty_input_gives_the_korean_note(args, as_of):
    fig = gantt(*args, as_of)
    assert [a.text for a in fig.layout.annotations] == [EMPTY_NOTE]
    assert len(fig.data) == 0
