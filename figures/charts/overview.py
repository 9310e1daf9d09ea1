"""Overview charts: pledges by status and by 이행단계, and wards side by side.

Spec, derived figures: a ward's counts by status and by 이행단계; the ward
이행률 is the mean of its pledges' rates. docs/choices.md: the five statuses
완료/정상/지연/보류/폐기 are always shown (a zero is information: "nothing is
late"), `지표 없음` only when some pledge is so.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.charts.theme import (
    FONT_SIZE,
    MUTED_COLOR,
    SMALL_SIZE,
    apply_theme,
    empty_figure,
    is_blank,
    is_empty,
    paper_note,
    to_date,
)
from figures.formatting import format_date, format_money
from figures.status import (
    COLORS,
    DEFINITIONS,
    NO_INDICATOR,
    NO_STAGE,
    STAGE_ORDER,
    STATUSES,
)
from figures.status import COUNTED_STATUSES as CORE_STATUSES  # always shown, even at 0

STAGE_COLOR = "#56B4E9"
_FALLBACK_COLOR = "#999999"


def _status_order(present: list[str]) -> list[str]:
    """STATUSES order; the core five always, others (지표 없음) only when present."""
    order = [s for s in STATUSES if s in CORE_STATUSES or s in present]
    order += [s for s in CORE_STATUSES if s not in order]
    order += [s for s in present if s not in order]
    return order


def status_counts(pledge_progress: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Bars: number of pledges per status, in STATUSES order, in the status colours."""
    heading = title or "상태별 공약 수"
    if is_empty(pledge_progress, "status"):
        return empty_figure(heading)
    statuses = pledge_progress["status"].map(lambda s: NO_INDICATOR if is_blank(s) else str(s))
    counts = statuses.value_counts()
    order = _status_order(list(counts.index))
    values = [int(counts.get(s, 0)) for s in order]
    total = sum(values)
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=order,
            x=values,
            marker={"color": [COLORS.get(s, _FALLBACK_COLOR) for s in order]},
            text=[f"<b>{v}건</b>" for v in values],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": FONT_SIZE + 2},
            hovertext=[
                f"<b>{s}</b> {v}건 ({v / total * 100:.1f}%)<br>{DEFINITIONS.get(s, '')}"
                for s, v in zip(order, values, strict=True)
            ],
            hoverinfo="text",
            name="공약 수",
        )
    )
    _count_layout(fig, heading, total, values, len(order))
    return fig


def _count_layout(fig: go.Figure, heading: str, total: int, values: list[int], n: int) -> None:
    """Counts as horizontal bars: a category name per row never collides with the next, at any width."""
    apply_theme(
        fig,
        title=f"{heading} <span style='font-size:0.7em'>(총 {total}건)</span>",
        height=170 + 52 * n,
        legend=False,
    )
    fig.update_layout(bargap=0.3)
    fig.update_yaxes(type="category", autorange="reversed", tickfont={"size": FONT_SIZE})
    top = max(values + [1])
    fig.update_xaxes(
        title_text="공약 수(건)",
        range=[0, top * 1.3],
        dtick=_dtick(top, 4),
    )


def _dtick(top: int, most: int = 8) -> int:
    """Whole-number ticks for counts (no "2.5건"), at most `most` of them."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if top / step <= most:
            return step
    return 1000


def stage_counts(pledge_progress: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Bars: number of pledges per 이행단계 (여론수렴 … 폐기), blank stages as 미입력."""
    heading = title or "이행단계별 공약 수"
    if is_empty(pledge_progress, "stage"):
        return empty_figure(heading)
    stages = pledge_progress["stage"].map(lambda s: NO_STAGE if is_blank(s) else str(s))
    counts = stages.value_counts()
    order = list(STAGE_ORDER) + [s for s in counts.index if s not in STAGE_ORDER and s != NO_STAGE]
    if NO_STAGE in counts.index:
        order.append(NO_STAGE)
    values = [int(counts.get(s, 0)) for s in order]
    total = sum(values)
    colors = [
        COLORS.get(s, STAGE_COLOR)
        if s in ("완료", "보류", "폐기")
        else (MUTED_COLOR if s == NO_STAGE else STAGE_COLOR)
        for s in order
    ]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=order,
            x=values,
            marker={"color": colors},
            text=[f"<b>{v}건</b>" for v in values],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": FONT_SIZE + 2},
            hovertext=[
                f"<b>{s}</b> {v}건 ({v / total * 100:.1f}%)"
                for s, v in zip(order, values, strict=True)
            ],
            hoverinfo="text",
            name="공약 수",
        )
    )
    _count_layout(fig, heading, total, values, len(order))
    return fig


#: Columns of the ward comparison table the city view builds (one row per ward).
WARD_COLUMNS = ["ward", "as_of", "rate", "완료", "정상", "지연", "보류", "폐기", "budget_total"]


def ward_comparison(wards: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Wards side by side: 이행률 (sorted, highest on top) and the status mix of their pledges.

    `wards`: WARD_COLUMNS, one row per ward at its latest 기준일. Left panel:
    the ward 이행률 as a bar labelled "75.0%"; right panel: the ward's pledges
    by status as a 100 % bar, so a ward with a high rate but many 지연 shows.
    Wards whose 기준일 differs from the most common one are marked "*" and the
    note under the chart says so (comparing different quarters is otherwise
    invisible).
    """
    heading = title or "자치구별 공약 이행률"
    if is_empty(wards, "ward", "rate"):
        return empty_figure(heading)
    df = wards.copy()
    df["rate"] = pd.to_numeric(df["rate"], errors="coerce")
    df = df.sort_values("rate", ascending=False, na_position="last", kind="stable")
    dates = [to_date(d) for d in df["as_of"]] if "as_of" in df.columns else [None] * len(df)
    common = pd.Series([d for d in dates if d]).mode()
    common_date = common.iloc[0] if len(common) else None
    labels = []
    for ward, when in zip(df["ward"], dates, strict=True):
        mark = "*" if common_date and when and when != common_date else ""
        labels.append(f"{ward}{mark}")
    statuses = [s for s in CORE_STATUSES if s in df.columns]
    if NO_INDICATOR in df.columns and pd.to_numeric(df[NO_INDICATOR], errors="coerce").fillna(0).any():
        statuses.append(NO_INDICATOR)
    counts = (
        df[statuses].apply(pd.to_numeric, errors="coerce").fillna(0) if statuses else pd.DataFrame()
    )
    totals = counts.sum(axis=1) if statuses else pd.Series([0] * len(df))
    if "pledges" in df.columns:  # every pledge, not only those with a status
        totals = pd.to_numeric(df["pledges"], errors="coerce").fillna(totals).reset_index(drop=True)
        totals.index = counts.index
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.55, 0.45],
        horizontal_spacing=0.04,
    )
    rates = [None if is_blank(r) else float(r) for r in df["rate"]]
    hover = []
    for rec, when, rate, total in zip(df.to_dict("records"), dates, rates, totals, strict=True):
        lines = [f"<b>{rec['ward']}</b>", f"이행률 {rate:.1f}%" if rate is not None else f"이행률 없음 ({NO_INDICATOR})"]
        if when:
            lines.append(f"기준일 {format_date(when)}")
        lines.append(
            f"공약 {int(total)}건: " + ", ".join(f"{s} {0 if is_blank(rec.get(s)) else int(rec[s])}" for s in statuses)
        )
        if "budget_total" in rec and not is_blank(rec["budget_total"]):
            lines.append(f"예산 {format_money(int(rec['budget_total']), '억원')}")
        hover.append("<br>".join(lines))
    fig.add_trace(
        go.Bar(
            orientation="h",
            y=labels,
            x=[r or 0 for r in rates],
            marker={"color": "#0072B2"},
            text=[f"<b>{r:.1f}%</b>" if r is not None else "" for r in rates],
            # inside the bar's end, clear of the mean line; outside only when too short
            textposition="auto",
            insidetextanchor="end",
            insidetextfont={"size": FONT_SIZE, "color": "white"},
            outsidetextfont={"size": FONT_SIZE, "color": "#222222"},
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            name="이행률",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    # a ward without indicators has no bar: say so on its row (plotly writes no text on a 0-long bar)
    for label, rate in zip(labels, rates, strict=True):
        if rate is None:
            fig.add_annotation(x=0, y=label, xref="x", yref="y", xanchor="left", xshift=4, showarrow=False,
                               text=NO_INDICATOR, font={"size": SMALL_SIZE, "color": MUTED_COLOR})
    mean = pd.Series([r for r in rates if r is not None]).mean()
    if not pd.isna(mean):
        fig.add_vline(
            x=float(mean),
            line={"color": MUTED_COLOR, "dash": "dot", "width": 2},
            layer="below",  # behind the bars and their "70.3%" labels
            row=1,
            col=1,
        )
        fig.add_annotation(
            x=float(mean),
            y=1,
            xref="x",
            yref="paper",
            yanchor="bottom",
            text=f"평균 {mean:.1f}%",
            showarrow=False,
            font={"size": SMALL_SIZE, "color": MUTED_COLOR},
        )
    for status in statuses:
        share = [
            (float(c) / float(t) * 100) if t else 0.0
            for c, t in zip(counts[status], totals, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=labels,
                x=share,
                name=status,
                marker={
                    "color": COLORS.get(status, _FALLBACK_COLOR),
                    "line": {"color": "white", "width": 1},
                },
                text=[f"{int(c)}" if c else "" for c in counts[status]],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": SMALL_SIZE},
                hovertext=[
                    f"<b>{w}</b> {status} {int(c)}건 ({s:.0f}%)"
                    for w, c, s in zip(df["ward"], counts[status], share, strict=True)
                ],
                hoverinfo="text",
            ),
            row=1,
            col=2,
        )
    n = len(labels)
    apply_theme(fig, title=heading, height=300 + 44 * n)
    fig.update_layout(barmode="stack", bargap=0.3, uniformtext={"minsize": 11, "mode": "hide"})
    fig.update_yaxes(
        autorange="reversed",
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickfont={"size": FONT_SIZE},
    )
    # short axis titles and few ticks: the two panels share a phone's width
    fig.update_xaxes(
        range=[0, 125], ticksuffix="%", tickvals=[0, 50, 100], title_text="이행률", row=1, col=1
    )
    fig.update_xaxes(
        range=[0, 100],
        ticksuffix="%",
        tickvals=[0, 50, 100],
        title_text="상태 구성(건수)",
        row=1,
        col=2,
    )
    # the legend under everything (it wraps on a phone), never over the title or the bars
    fig.update_layout(
        legend={"x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"},
        margin={"t": 110, "b": 220},
    )
    others = [
        f"{ward} {format_date(when)}"
        for ward, when in zip(df["ward"], dates, strict=True)
        if common_date and when and when != common_date
    ]
    if others:
        # a wall screen has no hover: say which quarter the marked wards are at
        # short lines (a phone): the heading, then two wards with their 기준일 a line
        lines = [", ".join(others[i:i + 2]) for i in range(0, min(len(others), 4), 2)]
        if len(others) > 4:
            lines[-1] += f" 외 {len(others) - 4}곳"
        note = "<br>".join([f"* 기준일이 {format_date(common_date)}이 아닌 구:", *lines])
        paper_note(fig, note, corner="below-left", yshift=-70)
    return fig


__all__ = ["WARD_COLUMNS", "stage_counts", "status_counts", "ward_comparison"]
