"""The city comparison: every ward's 이행률 side by side, and the status mix of its pledges.

Spec, derived figures: a ward's 이행률 is the mean of its pledges' rates, and its counts by
status. Read from the figures kept at import (`figures.snapshot.city_rows`), one row per
ward at its latest 기준일.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.charts.theme import (
    FONT_SIZE,
    MUTED_COLOR,
    SMALL_SIZE,
    TEXT_COLOR,
    apply_theme,
    empty_figure,
    paper_note,
)
from figures.colors import BLUE, FALLBACK_COLOR
from figures.display import is_blank, is_empty, to_date
from figures.formatting import format_date, format_money
from figures.status import COLORS, NO_INDICATOR
from figures.status import COUNTED_STATUSES as CORE_STATUSES

#: layout: the two panels' shares of the width and the gap between them, pixels per ward and around
PANEL_WIDTHS, PANEL_GAP = [0.55, 0.45], 0.04
BASE_HEIGHT, ROW_HEIGHT = 300, 44
MARGIN_TOP, MARGIN_BOTTOM = 110, 220
#: the rate axis runs past 100 so a "100.0%" label fits beside its bar
RATE_AXIS_END = 125
#: the note on wards at another 기준일: how far under the chart, and how many wards it names
NOTE_SHIFT, NOTE_WARDS = -70, 4


def ward_comparison(wards: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Wards side by side: 이행률 (sorted, highest on top) and the status mix of their pledges.

    `wards`: figures.snapshot.CITY_COLUMNS, one row per ward at its latest 기준일. Left panel:
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
    labels = [f"{ward}{'*' if common_date and when and when != common_date else ''}"
              for ward, when in zip(df["ward"], dates, strict=True)]
    statuses, counts, totals = _status_counts(df)
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=PANEL_WIDTHS,
                        horizontal_spacing=PANEL_GAP)
    rates = [None if is_blank(r) else float(r) for r in df["rate"]]
    _rate_bars(fig, labels, rates, _hover(df, dates, rates, totals, statuses))
    _mean_line(fig, rates)
    _status_bars(fig, df, labels, statuses, counts, totals)
    _layout(fig, heading, labels)
    others = [f"{ward} {format_date(when)}" for ward, when in zip(df["ward"], dates, strict=True)
              if common_date and when and when != common_date]
    if others:
        _other_dates_note(fig, others, common_date)
    return fig


def _status_counts(df: pd.DataFrame) -> tuple[list[str], pd.DataFrame, pd.Series]:
    """The statuses shown (the core five, 지표 없음 when any), their counts, and each ward's pledges."""
    statuses = [s for s in CORE_STATUSES if s in df.columns]
    if NO_INDICATOR in df.columns and pd.to_numeric(df[NO_INDICATOR], errors="coerce").fillna(0).any():
        statuses.append(NO_INDICATOR)
    counts = df[statuses].apply(pd.to_numeric, errors="coerce").fillna(0) if statuses else pd.DataFrame()
    totals = counts.sum(axis=1) if statuses else pd.Series([0] * len(df))
    if "pledges" in df.columns:  # every pledge, not only those with a status
        totals = pd.to_numeric(df["pledges"], errors="coerce").fillna(totals).reset_index(drop=True)
        totals.index = counts.index
    return statuses, counts, totals


def _hover(df: pd.DataFrame, dates: list[dt.date | None], rates: list[float | None], totals: pd.Series,
           statuses: list[str]) -> list[str]:
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
    return hover


def _rate_bars(fig: go.Figure, labels: list[str], rates: list[float | None], hover: list[str]) -> None:
    fig.add_trace(
        go.Bar(
            orientation="h",
            y=labels,
            x=[r or 0 for r in rates],
            marker={"color": BLUE},
            text=[f"<b>{r:.1f}%</b>" if r is not None else "" for r in rates],
            # inside the bar's end, clear of the mean line; outside only when too short
            textposition="auto",
            insidetextanchor="end",
            insidetextfont={"size": FONT_SIZE, "color": "white"},
            outsidetextfont={"size": FONT_SIZE, "color": TEXT_COLOR},
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


def _mean_line(fig: go.Figure, rates: list[float | None]) -> None:
    mean = pd.Series([r for r in rates if r is not None]).mean()
    if pd.isna(mean):
        return
    fig.add_vline(
        x=float(mean),
        line={"color": MUTED_COLOR, "dash": "dot", "width": 2},
        layer="below",  # behind the bars and their "70.3%" labels
        row=1,
        col=1,
    )
    fig.add_annotation(x=float(mean), y=1, xref="x", yref="paper", yanchor="bottom", text=f"평균 {mean:.1f}%",
                       showarrow=False, font={"size": SMALL_SIZE, "color": MUTED_COLOR})


def _status_bars(fig: go.Figure, df: pd.DataFrame, labels: list[str], statuses: list[str], counts: pd.DataFrame,
                 totals: pd.Series) -> None:
    for status in statuses:
        share = [(float(c) / float(t) * 100) if t else 0.0 for c, t in zip(counts[status], totals, strict=True)]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=labels,
                x=share,
                name=status,
                marker={"color": COLORS.get(status, FALLBACK_COLOR), "line": {"color": "white", "width": 1}},
                text=[f"{int(c)}" if c else "" for c in counts[status]],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": SMALL_SIZE},
                hovertext=[f"<b>{w}</b> {status} {int(c)}건 ({s:.0f}%)"
                           for w, c, s in zip(df["ward"], counts[status], share, strict=True)],
                hoverinfo="text",
            ),
            row=1,
            col=2,
        )


def _layout(fig: go.Figure, heading: str, labels: list[str]) -> None:
    apply_theme(fig, title=heading, height=BASE_HEIGHT + ROW_HEIGHT * len(labels))
    fig.update_layout(barmode="stack", bargap=0.3, uniformtext={"minsize": 11, "mode": "hide"})
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels,
                     tickfont={"size": FONT_SIZE})
    # short axis titles and few ticks: the two panels share a phone's width
    fig.update_xaxes(range=[0, RATE_AXIS_END], ticksuffix="%", tickvals=[0, 50, 100], title_text="이행률",
                     row=1, col=1)
    fig.update_xaxes(range=[0, 100], ticksuffix="%", tickvals=[0, 50, 100], title_text="상태 구성(건수)",
                     row=1, col=2)
    # the legend under everything (it wraps on a phone), never over the title or the bars
    fig.update_layout(
        legend={"x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"},
        margin={"t": MARGIN_TOP, "b": MARGIN_BOTTOM},
    )


def _other_dates_note(fig: go.Figure, others: list[str], common_date: dt.date) -> None:
    """A wall screen has no hover: say which quarter the marked wards are at.

    Short lines (a phone): the heading, then two wards with their 기준일 a line.
    """
    lines = [", ".join(others[i:i + 2]) for i in range(0, min(len(others), NOTE_WARDS), 2)]
    if len(others) > NOTE_WARDS:
        lines[-1] += f" 외 {len(others) - NOTE_WARDS}곳"
    note = "<br>".join([f"* 기준일이 {format_date(common_date)}이 아닌 구:", *lines])
    paper_note(fig, note, corner="below-left", yshift=NOTE_SHIFT)


__all__ = ["ward_comparison"]
