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

from figures.charts.theme import AS_OF_COLOR, SMALL_SIZE, apply_theme, empty_figure
from figures.colors import FAINT_FILL, PALETTE
from figures.display import is_blank, is_empty, to_date, unique_labels, wrap_keeping_end, wrap_label
from figures.formatting import format_achievement_date, format_date

WHOLE_PLEDGE = "공약 전체"


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


#: layout: a label line's width in cells (and its lines), pixels per row, per legend group and around
LABEL_WIDTH, LABEL_LINES = 18, 3
LEGEND_WIDTH = 36
BASE_HEIGHT, ROW_HEIGHT, GROUP_HEIGHT = 260, 62, 26
MARGIN_TOP, MARGIN_TOP_NOTED, MARGIN_BOTTOM = 120, 150, 70
BAR_WIDTH, DOT_SIZE = 0.6, 16
OPEN_HATCH = {"fgcolor": "white", "solidity": 0.4}
MINOR_GRID_COLOR = FAINT_FILL
#: a year per tick up to this many years, every other year beyond; "2019년" up to four years
YEARLY_TICKS, YEAR_WORD = 6, 4


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
    labels = unique_labels([wrap_keeping_end(str(t), width=LABEL_WIDTH, max_lines=LABEL_LINES)
                            for t in dated["text"]])
    fig = go.Figure()
    spans: list[dt.date] = []
    records = list(zip(labels, dated.to_dict("records"), strict=True))
    for gi, group in enumerate(groups):
        spans += _group(fig, group, PALETTE[gi % len(PALETTE)], [lr for lr in records if lr[1]["group"] == group],
                        as_of_date)
    lo = dt.date(min(spans).year, 1, 1)
    hi = dt.date(max(spans + ([as_of_date] if as_of_date else [])).year, 12, 31)
    if undated:
        heading += f"<br><span style='font-size:0.7em'>일자가 없는 실적 {undated}건은 표에만 있습니다</span>"
    apply_theme(fig, title=heading, height=BASE_HEIGHT + ROW_HEIGHT * len(labels) + GROUP_HEIGHT * len(groups))
    _axes(fig, lo, hi, labels)
    # the legend at the chart's foot, under the 기준일 label (it covered it), one row per group
    # at worst on a phone
    fig.update_layout(
        barmode="overlay",
        legend={"y": 0, "yanchor": "bottom", "yref": "container", "x": 0, "xanchor": "left"},
        margin={"b": MARGIN_BOTTOM + GROUP_HEIGHT * len(groups), "t": MARGIN_TOP_NOTED if undated else MARGIN_TOP},
    )
    if as_of_date:
        _as_of(fig, as_of_date, lo, hi)
    return fig


def _group(fig: go.Figure, group: str, color: str, records: list[tuple[str, dict]],
           as_of: dt.date | None) -> list[dt.date]:
    """One sub-project's achievements: bars for periods, diamonds for days; the dates they span."""
    legend_name = wrap_label(group, width=LEGEND_WIDTH, max_lines=1)
    bars: dict[str, list] = {"y": [], "base": [], "x": [], "hover": [], "open": []}
    dots: dict[str, list] = {"x": [], "y": [], "hover": []}
    spans = []
    for label, rec in records:
        start, stop, kind = achievement_span(rec, as_of)
        hover = f"<b>{rec['text']}</b><br>{_when(rec)}" + (" (진행 중)" if kind == "open" else "") + f"<br>{group}"
        spans += [start, stop or start]
        if kind == "day":
            dots["x"].append(start.isoformat())
            dots["y"].append(label)
            dots["hover"].append(hover)
        else:
            bars["y"].append(label)
            bars["base"].append(start.isoformat())
            bars["x"].append(_ms((stop - start).days))
            bars["hover"].append(hover)
            bars["open"].append(kind == "open")
    if bars["y"]:
        fig.add_trace(go.Bar(
            orientation="h", y=bars["y"], base=bars["base"], x=bars["x"], name=legend_name, legendgroup=group,
            showlegend=True,
            marker={"color": color, "pattern": {"shape": ["." if o else "" for o in bars["open"]], **OPEN_HATCH}},
            width=BAR_WIDTH, hovertext=bars["hover"], hoverinfo="text", meta={"group": group, "kind": "range"},
        ))
    if dots["x"]:
        fig.add_trace(go.Scatter(
            x=dots["x"], y=dots["y"], mode="markers", name=legend_name, legendgroup=group,
            showlegend=not bars["y"],
            marker={"symbol": "diamond", "size": DOT_SIZE, "color": color, "line": {"color": "white", "width": 1}},
            hovertext=dots["hover"], hoverinfo="text", meta={"group": group, "kind": "day"},
        ))
    return spans


def _when(rec: dict) -> str:
    return format_achievement_date(
        to_date(rec.get("start")),
        rec.get("start_precision"),
        to_date(rec.get("end")),
        rec.get("end_precision"),
        bool(rec.get("open_end")) if not is_blank(rec.get("open_end")) else False,
    )


def _axes(fig: go.Figure, lo: dt.date, hi: dt.date, labels: list[str]) -> None:
    n_years = hi.year - lo.year + 1
    fig.update_xaxes(
        type="date",
        range=[lo.isoformat(), (hi + dt.timedelta(days=1)).isoformat()],
        dtick="M12" if n_years <= YEARLY_TICKS else "M24",
        tickformat="%Y년" if n_years <= YEAR_WORD else "%Y",
        ticklabelmode="period",
        minor={"dtick": "M3", "showgrid": True, "gridcolor": MINOR_GRID_COLOR},
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


def _as_of(fig: go.Figure, as_of: dt.date, lo: dt.date, hi: dt.date) -> None:
    """The dashed 기준일 line, labelled under the chart and turned towards the middle."""
    fig.add_shape(
        type="line",
        x0=as_of.isoformat(),
        x1=as_of.isoformat(),
        y0=0,
        y1=1,
        yref="paper",
        line={"color": AS_OF_COLOR, "width": 2, "dash": "dash"},
        name="기준일",
    )
    right_half = (as_of - lo).days > (hi - lo).days / 2
    fig.add_annotation(
        x=as_of.isoformat(),
        y=0,
        yref="paper",
        yanchor="top",
        xanchor="right" if right_half else "left",
        text=f"<b>기준일 {format_date(as_of)}</b>",
        showarrow=False,
        bgcolor="white",
        font={"size": SMALL_SIZE, "color": AS_OF_COLOR},
    )


__all__ = ["WHOLE_PLEDGE", "achievement_span", "achievements_timeline", "period_end"]
