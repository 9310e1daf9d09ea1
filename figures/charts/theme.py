"""The one look every chart shares: Korean font, wall-screen sizes, no clutter.

The charts are read on a wall screen in front of the mayor, several metres away,
so text is larger than plotly's defaults, the background is plain white, the
grid is faint and the plotly logo / mode bar buttons are gone. Every chart
module calls `apply_theme` instead of setting fonts itself, so a change of
taste is made here once.
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from figures.colors import AS_OF_COLOR, GRID_COLOR, MUTED_COLOR, TEXT_COLOR, TRANSPARENT

#: NanumGothic on the servers (fonts-nanum), Malgun Gothic on the officials' Windows PCs.
FONT_FAMILY = "NanumGothic, 'Malgun Gothic', sans-serif"
#: Sizes chosen for a 1920 px wide wall screen read from across the room.
FONT_SIZE = 18
TITLE_SIZE = 22
SMALL_SIZE = 15

EMPTY_NOTE = "표시할 자료가 없습니다"

#: every chart's template: plotly_white with the look below (fonts, colours, grid, legend, hover).
#: Made the process default, so a new figure starts on it: what a template holds costs a figure
#: nothing, where setting the same on each figure was two thirds of `apply_theme` (and a chart of
#: the budget page took 65 ms, half of it the theme). Streamlit sets its own default when it is
#: imported; `apply_theme` then sets the template on the figure, with the same result, and
#: dashboard/launch.py makes it the default again in a served process.
TEMPLATE = "pledges"


def _template() -> go.layout.Template:
    template = go.layout.Template(pio.templates["plotly_white"])
    axis = {"gridcolor": GRID_COLOR, "zerolinecolor": GRID_COLOR, "automargin": True, "title": {"standoff": 12}}
    template.layout.update(
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        # pinned to the top in pixels (a fraction of a 7,000 px chart's height put it on the bars)
        title={"font": {"size": TITLE_SIZE, "family": FONT_FAMILY}, "x": 0.01, "xanchor": "left", "y": 1,
               "yref": "container", "yanchor": "top", "pad": {"t": 12},
               "subtitle": {"font": {"size": SMALL_SIZE, "color": MUTED_COLOR}}},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY, "size": SMALL_SIZE + 1}, "align": "left"},
        # stacked bars default to a reversed legend; the reading order is the data order
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "font": {"size": SMALL_SIZE + 1}, "title": {"text": ""}, "bgcolor": TRANSPARENT,
                "traceorder": "normal"},
        separators=".,",
        xaxis=axis,
        yaxis=axis,
    )
    return template


pio.templates[TEMPLATE] = _template()
pio.templates.default = TEMPLATE

#: Pass to `st.plotly_chart(fig, config=PLOTLY_CONFIG)`: no logo, only the useful buttons.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "autoScale2d",
        "zoomIn2d",
        "zoomOut2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    # plotly.js has Korean only as a separate script: the words are registered here, with the chart
    "locale": "ko",
    "locales": {"ko": {
        "dictionary": {
            "Download plot as a png": "그림(PNG)으로 내려받기", "Download plot as a PNG": "그림(PNG)으로 내려받기",
            "Download plot": "그림으로 내려받기", "Zoom": "확대", "Pan": "이동", "Reset axes": "처음 크기로",
            "Autoscale": "자동 크기", "Zoom in": "확대", "Zoom out": "축소", "Reset view": "처음 보기로",
            "Toggle Spike Lines": "보조선", "Box Select": "상자 선택", "Lasso Select": "올가미 선택",
            "Double-click to zoom back out": "두 번 누르면 처음 크기로",
            "Fullscreen": "전체 화면", "Exit fullscreen": "전체 화면 끝내기", "Close fullscreen": "전체 화면 끝내기", "Produced with Plotly.js": "Plotly.js로 그림",
            "Snapshot succeeded": "그림을 만들었습니다", "Taking snapshot - this may take a few seconds":
                "그림을 만드는 중입니다",
        },
        "format": {
            "days": ["일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"],
            "shortDays": ["일", "월", "화", "수", "목", "금", "토"],
            "months": [f"{m}월" for m in range(1, 13)], "shortMonths": [f"{m}월" for m in range(1, 13)],
            "date": "%Y. %-m. %-d.",
        },
    }},
}


def apply_theme(
    fig: go.Figure,
    *,
    title: str | None = None,
    height: int | None = None,
    legend: bool = True,
) -> go.Figure:
    """Give `fig` the shared look and return it (same object, for chaining).

    A title's small part (`<span style='font-size:0.7em'>…`) goes on its own line, so a
    title fits a phone's width as well as the wall screen's.
    """
    main, subtitle = split_title(title)
    layout: dict[str, Any] = {
        "title": {"text": main, "subtitle": {"text": subtitle}},
        "showlegend": legend,
        "margin": {"l": 20, "r": 30, "t": (125 if subtitle else 90) if title else 60, "b": 50},
    }
    if pio.templates.default != TEMPLATE:
        layout["template"] = TEMPLATE
    if height:
        layout["height"] = height
    fig.update_layout(layout)
    return fig


_SMALL_PART = " <span style='font-size:0.7em'>"


def split_title(title: str | None) -> tuple[str, str]:
    """("추진일정", "(기준일 2020. 12. 31.)") from "추진일정 <span style='font-size:0.7em'>(…)</span>".

    The small part becomes plotly's subtitle, on its own line: the two fit a phone's width.
    """
    if not title:
        return "", ""
    if _SMALL_PART not in title:
        return title, ""
    main, rest = title.split(_SMALL_PART, 1)
    return main, re.sub(r"</?span[^>]*>", "", rest).strip()


def empty_figure(title: str | None = None, note: str = EMPTY_NOTE) -> go.Figure:
    """A figure that says, in Korean and in the middle, that there is nothing to show.

    Pages call charts on whatever the store holds; an empty ward or a pledge
    without a schedule must give a calm note, never an exception or a bare grid.
    """
    fig = go.Figure()
    apply_theme(fig, title=title, height=320, legend=False)
    fig.add_annotation(
        text=note,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": FONT_SIZE + 4, "color": MUTED_COLOR},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


_CORNERS = {
    # corner → (x, y, xanchor, yanchor) in paper coordinates
    "below-left": (0, 0, "left", "top"),
    "below-right": (1, 0, "right", "top"),
    "above-right": (1, 1, "right", "bottom"),
}


def paper_note(fig: go.Figure, text: str, *, corner: str, yshift: int = 0) -> None:
    """A small muted note outside the plot (what a wall screen cannot show by hover)."""
    x, y, xanchor, yanchor = _CORNERS[corner]
    fig.add_annotation(
        text=text, x=x, y=y, xref="paper", yref="paper", xanchor=xanchor, yanchor=yanchor,
        yshift=yshift, showarrow=False, font={"size": SMALL_SIZE, "color": MUTED_COLOR},
    )

__all__ = [
    "paper_note",
    "AS_OF_COLOR",
    "EMPTY_NOTE",
    "FONT_FAMILY",
    "FONT_SIZE",
    "GRID_COLOR",
    "MUTED_COLOR",
    "PLOTLY_CONFIG",
    "SMALL_SIZE",
    "TEXT_COLOR",
    "TITLE_SIZE",
    "apply_theme",
    "split_title",
    "empty_figure",
]
