"""Planned vs actual progress per sub-project (the S-curve of sheet 확인지표).

Spec, derived figures: the planned value at any date is the 계획 path — the
year-end values joined by straight lines, starting from 0 at the beginning of
the first column that holds a 계획 value (docs/choices.md), a `YYYY.M.` column
ending at that month's end, flat after the last column. The chart draws exactly
that path, so the diamond at the 기준일 (figures.progress' `planned`) sits on
the line; the 실적 points are the cumulative actual values (the 기준일's year
column holds the value as of the 기준일, so that point is drawn at the
기준일). Milestone texts (계획내용/실적내용) are in the hover and in the table
(written on the chart they ran into each other on a phone).

Layout: one panel per sub-project, stacked (full width, so a year has room for
its milestone) for up to four sub-projects; two columns beyond that, texts in
the hover only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.charts.theme import (
    AS_OF_COLOR,
    GRID_COLOR,
    MUTED_COLOR,
    SMALL_SIZE,
    apply_theme,
    empty_figure,
)
from figures.colors import BLUE, LINE_GREY, PLAN_GREY
from figures.display import is_blank, is_empty, to_date, wrap_label
from figures.formatting import format_date
from figures.status import COLORS
from loaders.quarters import month_end

PLAN_COLOR = PLAN_GREY
ACTUAL_COLOR = BLUE  # Okabe–Ito blue: the actual line must be the eye's first stop
PLAN_NAME = "계획"
ACTUAL_NAME = "실적"
AS_OF_MARK = "기준일 계획"
#: layout: pixels per panel and around them, the gap between panels, a title line's width in cells
PANEL_HEIGHT = 330
BASE_HEIGHT = 170
PANEL_GAP = 125
TITLE_WIDTH = 34
MARGIN_TOP, MARGIN_BOTTOM = 170, 90
#: room above the highest value or target, and either side of the years shown
HEADROOM = 1.12
AXIS_PAD = dt.timedelta(days=20)
TARGET_COLOR = LINE_GREY


def column_end(year: int, end_month: int) -> dt.date:
    """Last day of a year column (`2022.6.` → 2022-06-30)."""
    month = int(end_month) if not is_blank(end_month) else 12
    return month_end(int(year), month)


def _fmt_value(value: float, unit: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()


def planned_path(
    plan: pd.DataFrame, as_of: dt.date | None
) -> list[tuple[dt.date, float, str | None]]:
    """(date, value, text) vertices of the planned path, origin first (value 0, no text).

    Only 계획 points with a value are vertices; blank columns are skipped
    (docs/choices.md). After the last column the path stays flat up to the
    기준일 when the 기준일 is later.
    """
    rows = plan[plan["value"].map(lambda v: not is_blank(v))]
    if rows.empty:
        return []
    rows = rows.sort_values(["year", "end_month"])
    first_year = int(rows.iloc[0]["year"])
    path: list[tuple[dt.date, float, str | None]] = [(dt.date(first_year, 1, 1), 0.0, None)]
    for rec in rows.to_dict("records"):
        text = None if is_blank(rec.get("text")) else str(rec["text"])
        path.append((column_end(rec["year"], rec["end_month"]), float(rec["value"]), text))
    if as_of and as_of > path[-1][0]:
        path.append((as_of, path[-1][1], None))
    return path


def actual_points(
    actual: pd.DataFrame, as_of: dt.date | None
) -> list[tuple[dt.date, float, str | None]]:
    """(date, value, text) of the 실적 points; the 기준일's year column sits at the 기준일."""
    rows = actual[actual["value"].map(lambda v: not is_blank(v))]
    out = []
    for rec in rows.sort_values(["year", "end_month"]).to_dict("records"):
        when = column_end(rec["year"], rec["end_month"])
        if as_of and int(rec["year"]) == as_of.year and when > as_of:
            when = as_of
        text = None if is_blank(rec.get("text")) else str(rec["text"])
        out.append((when, float(rec["value"]), text))
    return out


def _panels(points: pd.DataFrame, subprogress: pd.DataFrame | None, subproject: str | None):
    """(pledge_id, subproject, progress record) per panel, in sub-project order."""
    keys: list[tuple[str, str]] = []
    info: dict[tuple[str, str], dict[str, Any]] = {}
    if not is_empty(subprogress, "pledge_id", "subproject"):
        sp = (
            subprogress.sort_values("order", kind="stable")
            if "order" in subprogress
            else subprogress
        )
        for rec in sp.to_dict("records"):
            key = (str(rec["pledge_id"]), str(rec["subproject"]))
            if key not in info:
                keys.append(key)
                info[key] = rec
    for rec in points[["pledge_id", "subproject"]].drop_duplicates().to_dict("records"):
        key = (str(rec["pledge_id"]), str(rec["subproject"]))
        if key not in info:
            keys.append(key)
            info[key] = {}
    if subproject is not None:
        keys = [k for k in keys if k[1] == subproject]
    return [(k[0], k[1], info[k]) for k in keys]


def progress_paths(
    points: pd.DataFrame,
    subprogress: pd.DataFrame | None,
    as_of: dt.date | None,
    *,
    subproject: str | None = None,
) -> go.Figure:
    """Planned path (grey dashed) vs actual points (blue) per sub-project, as of `as_of`.

    `points`: frames.points (pledge_id, subproject, kind 계획|실적, year,
    end_month, value, text). `subprogress`: figures.progress sub-project table
    (order, unit, target, planned, rate, status); its `planned` is the diamond
    at the 기준일, so the chart and the table show the same number.
    `subproject`: draw that one sub-project only.
    """
    as_of_date = to_date(as_of)
    heading = "계획 대비 실적"
    if as_of_date:
        heading += f" <span style='font-size:0.7em'>(기준일 {format_date(as_of_date)})</span>"
    if is_empty(points, "pledge_id", "subproject", "kind", "year", "end_month", "value"):
        return empty_figure(heading)
    panels = [(pid, name, rec, _points_of(points, pid, name)) for pid, name, rec in _panels(points, subprogress, subproject)]
    panels = [p for p in panels if not p[3].empty]
    if not panels:
        return empty_figure(heading)
    # one column always: two side by side left a phone 150 px a panel
    titles = _panel_titles(panels)
    height = BASE_HEIGHT + PANEL_HEIGHT * len(panels)
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        subplot_titles=titles,
        # in pixels: the year labels of one panel and the three-line title of the next
        vertical_spacing=min(0.9 / max(len(panels) - 1, 1), PANEL_GAP / height) if len(panels) > 1 else 0.1,
    )
    all_dates: list[dt.date] = [as_of_date] if as_of_date else []
    shapes: list[dict] = []
    for i, (pid, name, rec, mine) in enumerate(panels):
        all_dates += _panel(fig, i + 1, pid, name, rec, mine, as_of_date, shapes)
    shapes += _time_axis(fig, all_dates, as_of_date, len(panels))
    # every line at once: plotly's add_vline/add_hline look at every subplot for each line added,
    # which took four fifths of a 5-panel chart's time
    fig.update_layout(shapes=shapes)
    for annotation in fig.layout.annotations[: len(titles)]:  # the panel titles
        annotation.update(xanchor="left", x=0, font={"size": SMALL_SIZE}, align="left")
    apply_theme(fig, title=heading, height=height)
    # legend at the chart's foot (it wraps on a phone), clear of the title and the panel titles
    fig.update_layout(
        margin={"t": MARGIN_TOP, "b": MARGIN_BOTTOM},
        legend={"yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )
    fig.update_xaxes(tickfont={"size": SMALL_SIZE - 1})
    return fig


def _points_of(points: pd.DataFrame, pid: str, name: str) -> pd.DataFrame:
    return points[(points["pledge_id"].astype(str) == pid) & (points["subproject"].astype(str) == name)]


def _panel_titles(panels: list[tuple[str, str, dict[str, Any], pd.DataFrame]]) -> list[str]:
    """Each panel's title: the name on two narrow lines (a phone's width), the rate and status on a third."""
    several_pledges = len({p[0] for p in panels}) > 1
    titles = []
    for pid, name, rec, _ in panels:
        label = wrap_label(f"{pid}. {name}" if several_pledges else name, width=TITLE_WIDTH, max_lines=2)
        status, rate = rec.get("status"), rec.get("rate")
        extra = []
        if not is_blank(rate):
            extra.append(f"이행률 {float(rate):.0f}%")
        if not is_blank(status):
            extra.append(f"<span style='color:{COLORS.get(str(status), MUTED_COLOR)}'>● {status}</span>")
        titles.append(f"<b>{label}</b>" + (f"<br>{'  '.join(extra)}" if extra else ""))
    return titles


def _axis(letter: str, row: int) -> str:
    """The axis of panel `row` as a shape names it: x, x2, x3 …"""
    return letter if row == 1 else f"{letter}{row}"


def _panel(fig: go.Figure, row: int, pid: str, name: str, rec: dict[str, Any], mine: pd.DataFrame,
           as_of: dt.date | None, shapes: list[dict]) -> list[dt.date]:
    """One sub-project's plan, actuals, 기준일 diamond and target line (added to `shapes`); the dates it drew."""
    unit = "%" if is_blank(rec.get("unit")) else str(rec.get("unit"))
    target = rec.get("target")
    plan = planned_path(mine[mine["kind"] == "계획"], as_of)
    actual = actual_points(mine[mine["kind"] == "실적"], as_of)
    first = row == 1
    meta = {"pledge_id": pid, "subproject": name}
    if plan:
        fig.add_trace(_plan_trace(plan, unit, first, meta), row=row, col=1)
    if actual:
        fig.add_trace(_actual_trace(actual, unit, first, meta), row=row, col=1)
    planned_now = rec.get("planned")
    if as_of and not is_blank(planned_now):
        fig.add_trace(_as_of_trace(as_of, float(planned_now), rec.get("actual"), unit, first, meta), row=row, col=1)
    values = [v for _, v, _ in plan] + [v for _, v, _ in actual]
    if not is_blank(target):
        values.append(float(target))
    top = max(values + [1.0])
    fig.update_yaxes(range=[0, top * HEADROOM], title_text=unit, ticksuffix="", row=row, col=1)
    if not is_blank(target):
        shapes.append({"type": "line", "xref": f"{_axis('x', row)} domain", "x0": 0, "x1": 1,
                       "yref": _axis("y", row), "y0": float(target), "y1": float(target),
                       "line": {"color": TARGET_COLOR, "width": 1, "dash": "dot"}})
    return [d for d, _, _ in plan] + [d for d, _, _ in actual]


def _plan_trace(plan: list[tuple[dt.date, float, str | None]], unit: str, first: bool, meta: dict) -> go.Scatter:
    return go.Scatter(
        x=[d.isoformat() for d, _, _ in plan],
        y=[v for _, v, _ in plan],
        mode="lines+markers",
        name=PLAN_NAME,
        legendgroup=PLAN_NAME,
        showlegend=first,
        line={"color": PLAN_COLOR, "width": 3, "dash": "dash"},
        marker={"size": [0] + [9] * (len(plan) - 1), "color": PLAN_COLOR},
        hovertext=[
            f"<b>{d.year}년 {d.month}월 말 계획</b> {_fmt_value(v, unit)}" + (f"<br>{t}" if t else "")
            if j
            else f"시작 {d.year}. 1. (0{unit if unit == '%' else ''})"
            for j, (d, v, t) in enumerate(plan)
        ],
        hoverinfo="text",
        meta={**meta, "kind": "계획"},
    )


def _actual_trace(actual: list[tuple[dt.date, float, str | None]], unit: str, first: bool, meta: dict) -> go.Scatter:
    return go.Scatter(
        x=[d.isoformat() for d, _, _ in actual],
        y=[v for _, v, _ in actual],
        mode="lines+markers",
        name=ACTUAL_NAME,
        legendgroup=ACTUAL_NAME,
        showlegend=first,
        line={"color": ACTUAL_COLOR, "width": 4},
        marker={"size": 13, "color": ACTUAL_COLOR, "line": {"color": "white", "width": 2}},
        hovertext=[f"<b>{format_date(d)} 실적</b> {_fmt_value(v, unit)}" + (f"<br>{t}" if t else "")
                   for d, v, t in actual],
        hoverinfo="text",
        meta={**meta, "kind": "실적"},
    )


def _as_of_trace(as_of: dt.date, planned: float, actual: object, unit: str, first: bool, meta: dict) -> go.Scatter:
    """The diamond at the 기준일 on the planned path: figures.progress' `planned`."""
    return go.Scatter(
        x=[as_of.isoformat()],
        y=[planned],
        mode="markers",
        name=AS_OF_MARK,
        legendgroup=AS_OF_MARK,
        showlegend=first,
        marker={"symbol": "diamond", "size": 17, "color": "white", "line": {"color": AS_OF_COLOR, "width": 3}},
        hovertext=[
            f"<b>기준일 {format_date(as_of)}</b><br>계획 {_fmt_value(planned, unit)}"
            + (f" · 실적 {_fmt_value(float(actual), unit)}" if not is_blank(actual) else "")
        ],
        hoverinfo="text",
        meta={**meta, "kind": "기준일"},
    )


def _time_axis(fig: go.Figure, dates: list[dt.date], as_of: dt.date | None, rows: int) -> list[dict]:
    """Whole years; the lines at each year's start and the dashed 기준일 in every panel (returned)."""
    lines: list[tuple[str, dict]] = []
    if dates:
        lo = dt.date(min(dates).year, 1, 1)
        hi = dt.date(max(dates).year, 12, 31)
        fig.update_xaxes(
            type="date",
            range=[(lo - AXIS_PAD).isoformat(), (hi + AXIS_PAD).isoformat()],
            tickmode="array",
            tickvals=[dt.date(y, 7, 1).isoformat() for y in range(lo.year, hi.year + 1)],
            ticktext=[f"{y}년" if hi.year - lo.year < 4 else str(y) for y in range(lo.year, hi.year + 1)],
            showgrid=False,
            ticks="",
        )
        lines += [(dt.date(year, 1, 1).isoformat(), {"color": GRID_COLOR, "width": 1})
                  for year in range(lo.year, hi.year + 2)]
    if as_of:
        lines.append((as_of.isoformat(), {"color": AS_OF_COLOR, "width": 2, "dash": "dash"}))
    return [{"type": "line", "xref": _axis("x", row), "x0": x, "x1": x, "yref": f"{_axis('y', row)} domain",
             "y0": 0, "y1": 1, "line": line} for row in range(1, rows + 1) for x, line in lines]


__all__ = ["actual_points", "column_end", "planned_path", "progress_paths"]
