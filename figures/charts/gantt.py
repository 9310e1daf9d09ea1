"""추진일정 (the schedule sheet) as a Gantt chart.

Spec, sheet `추진일정`: a sub-project is scheduled in every quarter whose cell
is marked or shaded; a row with no quarter is allowed ("not yet planned").
The chart shows exactly that: one row per sub-project in the workbook's order,
one bar per contiguous run of scheduled quarters (a gap in the schedule stays
a gap), coloured by the sub-project's status as of the 기준일 (figures.progress),
and the 기준일 as a vertical line. A sub-project with no quarter keeps its row
with the note "일정 미입력", so nothing silently disappears from the wall
screen; a sub-project past its last quarter and not 완료 (docs/choices.md,
기한 경과) is hatched and labelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from figures.charts.theme import (
    AS_OF_COLOR,
    MUTED_COLOR,
    SMALL_SIZE,
    TEXT_COLOR,
    apply_theme,
    empty_figure,
)
from figures.colors import FALLBACK_COLOR, LINE_GREY, QUARTER_LINE
from figures.display import is_blank, is_empty, to_date, unique_labels, wrap_keeping_end
from figures.formatting import format_date, quarter_bounds, quarter_label
from figures.status import COLORS, OVERDUE, OVERDUE_DEFINITION, STATUSES
from loaders.quarters import YearQuarter

NO_SCHEDULE = "일정 미입력"
#: a sub-project name's line, in half-width cells (8 Hangul): three lines hold a 24-character name
LABEL_WIDTH = 16


def quarter_runs(quarters: list[str]) -> list[tuple[str, str]]:
    """Contiguous runs of quarters as (first, last): ["2018Q1","2018Q2","2019Q1"] → two runs.

    Duplicates and order do not matter; the schedule sheet defines a set.
    """
    indices = sorted({YearQuarter.parse(q).index for q in quarters})
    runs: list[tuple[str, str]] = []
    start = prev = None
    for i in indices:
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            runs.append((str(YearQuarter.from_index(start)), str(YearQuarter.from_index(prev))))
            start = prev = i
    if start is not None:
        runs.append((str(YearQuarter.from_index(start)), str(YearQuarter.from_index(prev))))
    return runs


def _ms(days: int) -> int:
    return days * 24 * 60 * 60 * 1000


def _rows(schedule: pd.DataFrame, subprogress: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per sub-project row, in (pledge order of appearance, sub-project order)."""
    keys: list[tuple[str, str]] = []
    info: dict[tuple[str, str], dict[str, Any]] = {}
    if not is_empty(subprogress, "pledge_id", "subproject"):
        sp = subprogress.copy()
        if "order" in sp.columns:
            sp = sp.sort_values("order", kind="stable")
        for rec in sp.to_dict("records"):
            key = (str(rec["pledge_id"]), str(rec["subproject"]))
            if key not in info:
                keys.append(key)
                info[key] = rec
    if not is_empty(schedule, "pledge_id", "subproject", "quarter"):
        for rec in schedule.to_dict("records"):
            key = (str(rec["pledge_id"]), str(rec["subproject"]))
            if key not in info:
                keys.append(key)
                info[key] = {}
    # keep pledges together, in the order they first appear
    pledge_order = {p: i for i, p in enumerate(dict.fromkeys(k[0] for k in keys))}
    keys.sort(key=lambda k: pledge_order[k[0]])  # stable: sub-project order kept
    quarters: dict[tuple[str, str], list[str]] = {k: [] for k in keys}
    if not is_empty(schedule, "pledge_id", "subproject", "quarter"):
        for rec in schedule.to_dict("records"):
            if not is_blank(rec["quarter"]):
                quarters[(str(rec["pledge_id"]), str(rec["subproject"]))].append(
                    str(rec["quarter"])
                )
    several = len(pledge_order) > 1
    rows = []
    for key in keys:
        rec = info[key]
        status = rec.get("status")
        status = None if is_blank(status) else str(status)
        overdue = rec.get("overdue")
        rate = rec.get("rate")
        name = f"{key[0]}. {key[1]}" if several else key[1]
        rows.append({
            "pledge_id": key[0], "subproject": key[1], "name": name,
            # narrow, up to three lines: the bars keep most of a phone's width
            "label": wrap_keeping_end(name, width=LABEL_WIDTH, max_lines=3),
            "status": status, "overdue": bool(overdue) if not is_blank(overdue) else False,
            "rate": None if is_blank(rate) else float(rate), "runs": quarter_runs(quarters[key]),
        })
    labels = unique_labels([r["label"] for r in rows])
    for r, label in zip(rows, labels, strict=True):
        r["label"] = label
    return rows


#: layout, in plotly's units: a bar's thickness (of its row), pixels per row and around them
BAR_WIDTH = 0.55
ROW_HEIGHT = 80
BASE_HEIGHT = 240
MARGIN_TOP = MARGIN_BOTTOM = 110
#: the 기한 경과 label above a bar's end: clear of the bar's top edge (half a bar is 22 px)
OVERDUE_SHIFT = 24
OVERDUE_HATCH = {"shape": "/", "fgcolor": "white", "size": 10, "solidity": 0.3}
LEGEND_SWATCH = 16
YEAR_LINE_COLOR, QUARTER_LINE_COLOR = LINE_GREY, QUARTER_LINE
TICK_COLOR = FALLBACK_COLOR
AS_OF_WIDTH = 2.5
#: every year labelled up to this many years; every other year beyond (a phone's width)
YEARS_ALL_LABELLED = 6


def gantt(
    schedule: pd.DataFrame,
    subprogress: pd.DataFrame,
    as_of: dt.date | None,
    *,
    title: str | None = None,
) -> go.Figure:
    """The schedule of one pledge (or several) as a Gantt chart, as of `as_of`.

    `schedule`: frames.schedule (pledge_id, subproject, quarter "2018Q2").
    `subprogress`: figures.progress sub-project table (order, status, overdue …);
    it also brings the sub-projects that have no scheduled quarter.

    One `go.Bar` trace per contiguous run of quarters (pledge 25 → three bars),
    its `base` the first day of the run and its length up to the day after the
    run's last quarter, so bars of adjacent quarters meet exactly.
    """
    as_of_date = to_date(as_of)
    heading = title or "추진일정"
    if as_of_date and not title:
        heading = (
            f"추진일정 <span style='font-size:0.7em'>(기준일 {format_date(as_of_date)})</span>"
        )
    rows = _rows(schedule, subprogress)
    if not rows:
        return empty_figure(heading)
    lo, hi = _years_shown(rows, as_of_date)
    x_end = hi + dt.timedelta(days=1)
    fig = go.Figure()
    statuses_present = _bars(fig, rows)
    _unscheduled(fig, [r for r in rows if not r["runs"]], lo)
    _legend(fig, statuses_present)
    apply_theme(fig, title=heading, height=BASE_HEIGHT + ROW_HEIGHT * len(rows))
    shapes = _quarter_lines(lo, x_end)
    if as_of_date:
        shapes.append(_as_of_line(as_of_date))
        _as_of_label(fig, as_of_date, lo, x_end)
    fig.update_layout(
        shapes=shapes,
        barmode="overlay",
        # under the 기준일 label, at the chart's foot; it wraps on a phone
        legend={"y": 0, "yref": "container", "yanchor": "bottom", "x": 0, "xanchor": "left",
                "traceorder": "normal"},
        margin={"t": MARGIN_TOP, "b": MARGIN_BOTTOM},
    )
    _axes(fig, lo, hi, x_end, [r["label"] for r in rows])
    return fig


def _years_shown(rows: list[dict[str, Any]], as_of: dt.date | None) -> tuple[dt.date, dt.date]:
    """Whole years from the first scheduled quarter (or the 기준일) to the last."""
    spans = [(quarter_bounds(first)[0], quarter_bounds(last)[1]) for r in rows for first, last in r["runs"]]
    if spans:
        lo = min(s for s, _ in spans)
        hi = max(e for _, e in spans)
    else:  # nothing scheduled at all: a year around the 기준일
        ref = as_of or dt.date.today()
        lo, hi = dt.date(ref.year, 1, 1), dt.date(ref.year, 12, 31)
    if as_of:
        lo, hi = min(lo, as_of), max(hi, as_of)
    return dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)


def _bars(fig: go.Figure, rows: list[dict[str, Any]]) -> list[str]:
    """One bar per run of quarters, coloured by status; the statuses drawn, in order of appearance."""
    statuses_present = []
    for r in rows:
        status = r["status"] or "미평가"
        if r["runs"] and status not in statuses_present:
            statuses_present.append(status)
        for k, (first, last) in enumerate(r["runs"]):
            fig.add_trace(_bar(r, status, first, last, is_last=k == len(r["runs"]) - 1))
        if r["overdue"] and r["runs"]:
            _overdue_label(fig, r)
    return statuses_present


def _bar(r: dict[str, Any], status: str, first: str, last: str, *, is_last: bool) -> go.Bar:
    # the rate goes once per row, at the end of its last bar
    bar_text = f"{r['rate']:.0f}%" if is_last and r["rate"] is not None else ""
    start = quarter_bounds(first)[0]
    end = quarter_bounds(last)[1] + dt.timedelta(days=1)
    period = quarter_label(first) if first == last else f"{quarter_label(first)} ~ {quarter_label(last)}"
    hover = (
        f"<b>{r['name']}</b><br>일정: {period}<br>상태: {status}"
        + (f"<br>이행률: {r['rate']:.1f}%" if r["rate"] is not None else "")
        + (f"<br><b>{OVERDUE}</b>: {OVERDUE_DEFINITION}" if r["overdue"] else "")
    )
    return go.Bar(
        orientation="h",
        y=[r["label"]],
        base=[start.isoformat()],
        x=[_ms((end - start).days)],
        name=status,
        legendgroup=status,
        showlegend=False,
        marker={
            "color": COLORS.get(status, FALLBACK_COLOR),
            "line": {"color": "white", "width": 1},
            "pattern": OVERDUE_HATCH if r["overdue"] else {"shape": ""},
        },
        width=BAR_WIDTH,
        text=[bar_text],
        textposition="inside",
        insidetextanchor="end",
        textfont={"color": "white", "size": SMALL_SIZE + 1},
        hovertext=[hover],
        hoverinfo="text",
        customdata=[[r["pledge_id"], r["subproject"], first, last, status]],
        meta={"pledge_id": r["pledge_id"], "subproject": r["subproject"], "first": first, "last": last,
              "status": status},
    )


def _overdue_label(fig: go.Figure, r: dict[str, Any]) -> None:
    last_end = quarter_bounds(r["runs"][-1][1])[1] + dt.timedelta(days=1)
    # above the bar's end, inside the plot (right of it would leave a phone's chart)
    fig.add_annotation(
        x=last_end.isoformat(),
        y=r["label"],
        text=f"<b>{OVERDUE}</b>",
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        yshift=OVERDUE_SHIFT,
        font={"size": SMALL_SIZE - 2, "color": COLORS["지연"]},
    )


def _unscheduled(fig: go.Figure, missing: list[dict[str, Any]], lo: dt.date) -> None:
    """Sub-projects without any scheduled quarter keep their row, which says why it is empty."""
    if not missing:
        return
    fig.add_trace(
        go.Scatter(
            x=[lo.isoformat()] * len(missing),
            y=[r["label"] for r in missing],
            mode="text",
            text=[f"  {NO_SCHEDULE}" for _ in missing],
            textposition="middle right",
            textfont={"size": SMALL_SIZE + 1, "color": MUTED_COLOR},
            hovertext=[f"<b>{r['name']}</b><br>{NO_SCHEDULE}" for r in missing],
            hoverinfo="text",
            showlegend=False,
            name=NO_SCHEDULE,
        )
    )


def _legend(fig: go.Figure, statuses_present: list[str]) -> None:
    """One solid swatch per status present, in the STATUSES order.

    Markers, not bars, so every bar trace is a schedule segment; 기한 경과 is labelled on
    the bar itself.
    """
    order = {s: i for i, s in enumerate(STATUSES)}
    for status in sorted(statuses_present, key=lambda s: order.get(s, len(order))):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=status,
                legendgroup=status,
                marker={"symbol": "square", "size": LEGEND_SWATCH, "color": COLORS.get(status, FALLBACK_COLOR)},
                showlegend=True,
                hoverinfo="skip",
            )
        )


def _quarter_lines(lo: dt.date, x_end: dt.date) -> list[dict[str, Any]]:
    """Quarters as faint lines through the plot, years as darker ones."""
    shapes = []
    q = dt.date(lo.year, 1, 1)
    while q <= x_end:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": q.isoformat(), "x1": q.isoformat(),
                       "y0": 0, "y1": 1, "layer": "below",
                       "line": {"color": YEAR_LINE_COLOR if q.month == 1 else QUARTER_LINE_COLOR, "width": 1}})
        q = dt.date(q.year + (q.month == 10), (q.month + 2) % 12 + 1, 1)
    return shapes


def _as_of_line(as_of: dt.date) -> dict[str, Any]:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": as_of.isoformat(), "x1": as_of.isoformat(),
            "y0": -0.02, "y1": 1.0, "line": {"color": AS_OF_COLOR, "width": AS_OF_WIDTH, "dash": "dash"},
            "name": "기준일"}


def _as_of_label(fig: go.Figure, as_of: dt.date, lo: dt.date, x_end: dt.date) -> None:
    """Under the 기준일 line, turned towards the middle so it stays inside the chart."""
    right_half = (as_of - lo).days > (x_end - lo).days / 2
    fig.add_annotation(
        x=as_of.isoformat(),
        y=0,
        yref="paper",
        yanchor="top",
        xanchor="right" if right_half else "left",
        yshift=-4,
        text=f"<b>기준일 {format_date(as_of)}</b>",
        showarrow=False,
        bgcolor="white",
        font={"size": SMALL_SIZE - 1, "color": AS_OF_COLOR},
        name="기준일",
    )


def _axes(fig: go.Figure, lo: dt.date, hi: dt.date, x_end: dt.date, labels: list[str]) -> None:
    """The header: one label per year, the quarters as tick marks under it.

    "2019년 3분기" is in every bar's hover. Labels that fit a phone: every year up to
    six, every other year beyond, so they never run into each other.
    """
    step = 1 if hi.year - lo.year + 1 <= YEARS_ALL_LABELLED else 2
    fig.update_xaxes(
        type="date",
        range=[lo.isoformat(), x_end.isoformat()],
        tickmode="array",
        tickvals=[dt.date(y, 7, 1).isoformat() for y in range(lo.year, hi.year + 1, step)],
        ticktext=[str(y) for y in range(lo.year, hi.year + 1, step)],
        showgrid=False,
        ticks="",
        tickfont={"size": SMALL_SIZE, "color": TEXT_COLOR},
        minor={"tick0": lo.isoformat(), "dtick": "M3", "ticks": "outside", "ticklen": 5,
               "tickcolor": TICK_COLOR, "showgrid": False},
        ticklabelstandoff=6,  # the year above its quarter marks, not struck through by them
        side="top",
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        showgrid=False,
        ticks="",
        tickfont={"size": SMALL_SIZE},
    )


__all__ = ["NO_SCHEDULE", "gantt", "quarter_runs"]
