"""Overview charts: pledges by status and by 이행단계, and wards side by side.

Spec, derived figures: a ward's counts by status and by 이행단계; the ward
이행률 is the mean of its pledges' rates. docs/choices.md: the five statuses
완료/정상/지연/보류/폐기 are always shown (a zero is information: "nothing is
late"), `지표 없음` only when some pledge is so. The city comparison is in `figures.charts.wards`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.charts.theme import (
    FONT_SIZE,
    MUTED_COLOR,
    apply_theme,
    empty_figure,
)
from figures.colors import FALLBACK_COLOR, SKY_BLUE
from figures.display import is_blank, is_empty
from figures.status import (
    COLORS,
    DEFINITIONS,
    NO_INDICATOR,
    NO_STAGE,
    STAGE_ORDER,
    STATUSES,
)
from figures.status import COUNTED_STATUSES as CORE_STATUSES  # always shown, even at 0

STAGE_COLOR = SKY_BLUE


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
            marker={"color": [COLORS.get(s, FALLBACK_COLOR) for s in order]},
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


__all__ = ["stage_counts", "status_counts"]
