"""추진실적 (the achievements log) on a time line, with the precision officials gave.

Spec, sheet 추진실적: dates come as a day (`'19. 9. 25.`), a month (`'18. 7.`),
a range (`'20. 8. ~ '21. 8.`) or an open range (`'18. 2.~`), and the precision is
kept (loaders.model.Achievement). The chart respects it: a day is a marker; a
month is a bar over that whole month (drawing it as a point on the 1st would
claim a precision nobody typed); a range runs from the start of its first
period to the end of its last; an open range runs to the 기준일 with an arrow.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from figures.charts.theme import (
    AS_OF_COLOR,
    SMALL_SIZE,
    apply_theme,
    empty_figure,
    is_blank,
    is_empty,
    to_date,
    unique_labels,
    wrap_keeping_end,
    wrap_label,
)
from figures.formatting import format_achievement_date, format_date

WHOLE_PLEDGE = "공약 전체"
GROUP_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#999999")


def period_end(day: dt.date, precision: str | None) -> dt.date:
    """The day after the period `day` stands for (exclusive end): month → 1st of next month."""
    if precision == "year":
        return dt.date(day.year + 1, 1, 1)
    if precision == "month":
        return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day + dt.timedelta(days=1)


def period_start(day: dt.date, precision: str | None) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "month":
        return dt.date(day.year, day.month, 1)
    return day


def achievement_span(rec: dict, as_of: dt.date | None) -> tuple[dt.date, dt.date | None, str]:
    """(start, exclusive end or None for a single day, kind) of one achievement row.

    kind: "day" (a marker), "period" (a month/year or a closed range, a bar),
    "open" (an open range, a bar up to the 기준일).
    """
    start = to_date(rec.get("start"))
    sp = None if is_blank(rec.get("start_precision")) else rec.get("start_precision")
    end = to_date(rec.get("end"))
    ep = None if is_blank(rec.get("end_precision")) else rec.get("end_precision")
    open_end = bool(rec.get("open_end")) if not is_blank(rec.get("open_end")) else False
    s = period_start(start, sp)
    if open_end:
        stop = as_of or dt.date.today()
        return s, max(stop, period_end(start, sp)), "open"
    if end is not None:
        return s, period_end(end, ep or sp), "period"
    if sp in ("month", "year"):
        return s, period_end(start, sp), "period"
    return s, None, "day"


def _ms(days: int) -> int:
    return days * 24 * 60 * 60 * 1000


def achievements_timeline(
    achievements: pd.DataFrame, as_of: dt.date | None, *, title: str | None = None
) -> go.Figure:
    """One row per achievement (in the log's order, grouped by sub-project), coloured by sub-project.

    Rows without a date cannot be placed; they are counted in a note under the
    chart (and listed in the achievements table), never dropped silently.
    """
    as_of_date = to_date(as_of)
    heading = title or "추진실적"
    if as_of_date and not title:
        heading += f" <span style='font-size:0.7em'>(기준일 {format_date(as_of_date)})</span>"
    if is_empty(achievements, "text", "start"):
        return empty_figure(heading)
    df = achievements.copy()
    if "order" in df.columns:
        df = df.sort_values("order", kind="stable")
    df["group"] = (
        df["subproject"].map(lambda s: WHOLE_PLEDGE if is_blank(s) else str(s))
        if "subproject" in df
        else WHOLE_PLEDGE
    )
    dated = df[df["start"].map(lambda d: to_date(d) is not None)]
    undated = len(df) - len(dated)
    if dated.empty:
        return empty_figure(
            heading, note=f"일자가 입력된 추진실적이 없습니다 (일자 없는 실적 {undated}건)"
        )
    groups = list(dict.fromkeys(dated["group"]))
    dated = dated.assign(_g=dated["group"].map(groups.index)).sort_values("_g", kind="stable")
    # two lines, not one: officials repeat a long prefix (「문래동1~4가 … 용역」 착수보고회 /
    # 중간보고회) and a one-line cut would show identical rows
    labels = unique_labels([wrap_keeping_end(str(t), width=18, max_lines=3) for t in dated["text"]])
    fig = go.Figure()
    lo = hi = None
    for gi, group in enumerate(groups):
        color = GROUP_PALETTE[gi % len(GROUP_PALETTE)]
        legend_name = wrap_label(group, width=36, max_lines=1)
        shown = False
        bars_y, bars_base, bars_len, bars_hover, bars_open = [], [], [], [], []
        dots_x, dots_y, dots_hover = [], [], []
        for label, rec in zip(labels, dated.to_dict("records"), strict=True):
            if rec["group"] != group:
                continue
            start, stop, kind = achievement_span(rec, as_of_date)
            when = format_achievement_date(
                to_date(rec.get("start")),
                rec.get("start_precision"),
                to_date(rec.get("end")),
                rec.get("end_precision"),
                bool(rec.get("open_end")) if not is_blank(rec.get("open_end")) else False,
            )
            hover = (
                f"<b>{rec['text']}</b><br>{when}"
                + (" (진행 중)" if kind == "open" else "")
                + f"<br>{group}"
            )
            lo = start if lo is None else min(lo, start)
            last = stop or start
            hi = last if hi is None else max(hi, last)
            if kind == "day":
                dots_x.append(start.isoformat())
                dots_y.append(label)
                dots_hover.append(hover)
            else:
                bars_y.append(label)
                bars_base.append(start.isoformat())
                bars_len.append(_ms((stop - start).days))
                bars_hover.append(hover)
                bars_open.append(kind == "open")
        if bars_y:
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    y=bars_y,
                    base=bars_base,
                    x=bars_len,
                    name=legend_name,
                    legendgroup=group,
                    showlegend=True,
                    marker={
                        "color": color,
                        "pattern": {
                            "shape": ["." if o else "" for o in bars_open],
                            "fgcolor": "white",
                            "solidity": 0.4,
                        },
                    },
                    width=0.6,
                    hovertext=bars_hover,
                    hoverinfo="text",
                    meta={"group": group, "kind": "range"},
                )
            )
            shown = True
        if dots_x:
            fig.add_trace(
                go.Scatter(
                    x=dots_x,
                    y=dots_y,
                    mode="markers",
                    name=legend_name,
                    legendgroup=group,
                    showlegend=not shown,
                    marker={
                        "symbol": "diamond",
                        "size": 16,
                        "color": color,
                        "line": {"color": "white", "width": 1},
                    },
                    hovertext=dots_hover,
                    hoverinfo="text",
                    meta={"group": group, "kind": "day"},
                )
            )
    if as_of_date:
        hi = max(hi, as_of_date)
    lo = dt.date(lo.year, 1, 1)
    hi = dt.date(hi.year, 12, 31)
    if undated:
        heading += f"<br><span style='font-size:0.7em'>일자가 없는 실적 {undated}건은 표에만 있습니다</span>"
    apply_theme(fig, title=heading, height=260 + 62 * len(labels) + 26 * len(groups))
    n_years = hi.year - lo.year + 1
    fig.update_xaxes(
        type="date",
        range=[lo.isoformat(), (hi + dt.timedelta(days=1)).isoformat()],
        dtick="M12" if n_years <= 6 else "M24",
        tickformat="%Y년" if n_years <= 4 else "%Y",
        ticklabelmode="period",
        minor={"dtick": "M3", "showgrid": True, "gridcolor": "#F2F2F2"},
        side="top",
    )
    fig.update_yaxes(
        autorange="reversed",
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickfont={"size": SMALL_SIZE},
        showgrid=True,
    )
    # the legend at the chart's foot, under the 기준일 label (it covered it), one row per group
    # at worst on a phone
    fig.update_layout(
        barmode="overlay",
        legend={"y": 0, "yanchor": "bottom", "yref": "container", "x": 0, "xanchor": "left"},
        margin={"b": 70 + 26 * len(groups), "t": 150 if undated else 120},
    )
    if as_of_date:
        fig.add_shape(
            type="line",
            x0=as_of_date.isoformat(),
            x1=as_of_date.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            line={"color": AS_OF_COLOR, "width": 2, "dash": "dash"},
            name="기준일",
        )
        right_half = (as_of_date - lo).days > (hi - lo).days / 2
        fig.add_annotation(
            x=as_of_date.isoformat(),
            y=0,
            yref="paper",
            yanchor="top",
            xanchor="right" if right_half else "left",
            text=f"<b>기준일 {format_date(as_of_date)}</b>",
            showarrow=False,
            bgcolor="white",
            font={"size": SMALL_SIZE, "color": AS_OF_COLOR},
        )

    return fig


__all__ = ["WHOLE_PLEDGE", "achievement_span", "achievements_timeline", "period_end"]
