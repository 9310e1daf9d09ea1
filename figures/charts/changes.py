"""이행률 across 기준일: one line per pledge, the ward's line in front.

figures.changes builds `rate_history` from the stored snapshots of a ward
(one row per 기준일 and pledge, plus the ward row: pledge_id None, title
"구 전체"). The ward line is what the mayor asks about first, so it is thick,
black and labelled; the pledges are thin lines behind it, in colour when they
are few enough to tell apart, grey otherwise (hover names them).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.charts.theme import FONT_SIZE, SMALL_SIZE, apply_theme, empty_figure
from figures.colors import PALETTE, PLEDGE_GREY, WARD_LINE
from figures.display import is_blank, is_empty, to_date, truncate
from figures.formatting import format_date
from figures.records import records

WARD_TITLE = "구 전체"
WARD_COLOR = WARD_LINE
#: Okabe–Ito without black (the ward's) and yellow (too pale on white).
PLEDGE_PALETTE = PALETTE


def rate_lines(rate_history: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Lines of 이행률 by 기준일: one per pledge, the ward ("구 전체") thick and on top.

    x ticks are exactly the 기준일 present, written the Korean way
    ("2020. 12. 31."); a single 기준일 still draws (as points).
    """
    heading = title or "기준일별 이행률 변화"
    if is_empty(rate_history, "as_of", "rate"):
        return empty_figure(heading)
    df = rate_history.copy()
    df["as_of"] = df["as_of"].map(to_date)
    df = df[df["as_of"].notna()]
    df["rate"] = pd.to_numeric(df["rate"], errors="coerce")
    if df.empty or df["rate"].notna().sum() == 0:
        return empty_figure(heading)
    rows = records(df.sort_values("as_of", kind="stable"))
    dates = sorted({r["as_of"] for r in rows})
    lines: dict[str, list[dict]] = {}
    ward: list[dict] = []
    for r in rows:  # one pass: a 100-pledge ward over 8 quarters is 808 rows
        if is_blank(r.get("pledge_id")):
            ward.append(r)
        else:
            lines.setdefault(str(r["pledge_id"]), []).append(r)
    keys = list(lines)
    colored = len(keys) <= len(PLEDGE_PALETTE)
    traces = []
    for i, pid in enumerate(keys):
        mine = lines[pid]
        titles = [r["title"] for r in mine if not is_blank(r.get("title"))]
        name = truncate(f"{pid}. {titles[-1]}" if titles else pid, 30)
        color = PLEDGE_PALETTE[i] if colored else PLEDGE_GREY
        traces.append({
            "type": "scatter", "x": [r["as_of"].isoformat() for r in mine], "y": [r["rate"] for r in mine],
            "mode": "lines+markers", "name": name,
            "line": {"color": color, "width": 2.5 if colored else 1.5},
            "marker": {"size": 8 if colored else 5, "color": color},
            "opacity": 1 if colored else 0.8, "showlegend": colored,
            "hovertext": [f"<b>{name}</b><br>{format_date(r['as_of'])}: "
                          + (f"{r['rate']:.1f}%" if not is_blank(r["rate"]) else "-")
                          + (f" ({r.get('status')})" if not is_blank(r.get("status")) else "") for r in mine],
            "hoverinfo": "text", "meta": {"pledge_id": pid},
        })
    if ward:
        traces.append({
            "type": "scatter", "x": [r["as_of"].isoformat() for r in ward], "y": [r["rate"] for r in ward],
            "mode": "lines+markers+text", "name": WARD_TITLE,
            "line": {"color": WARD_COLOR, "width": 5}, "marker": {"size": 13, "color": WARD_COLOR},
            "text": [f"<b>{r['rate']:.1f}%</b>" if not is_blank(r["rate"]) else "" for r in ward],
            "textposition": _label_positions([r["rate"] for r in ward]), "textfont": {"size": FONT_SIZE, "color": WARD_COLOR},
            "hovertext": [f"<b>{WARD_TITLE}</b><br>{format_date(r['as_of'])}: "
                          + (f"{r['rate']:.1f}%" if not is_blank(r["rate"]) else "-") for r in ward],
            "hoverinfo": "text", "meta": {"pledge_id": None, "ward": True},
        })
    # the traces at once: adding 100 one by one re-validated the figure each time
    fig = go.Figure(data=traces)
    if not colored:
        # under the title: at the top right it ran into the legend on a phone
        heading += f" <span style='font-size:0.7em'>(회색 선: 공약 {len(keys)}건, 마우스를 올리면 공약명)</span>"
    items = (len(keys) if colored else 0) + (1 if ward else 0)
    apply_theme(fig, title=heading, height=560 + 26 * items)
    # the legend at the chart's foot, one row per line at worst on a phone
    fig.update_layout(legend={"y": 0, "yanchor": "bottom", "yref": "container", "x": 0, "xanchor": "left"},
                      margin={"b": 110 + 26 * items})
    pad = pd.Timedelta(days=25)
    # at most three dates written (each "2020. 12. 31." is wide): the last always, the others spread
    labelled = dates[::max(1, -(-len(dates) // 3))]
    if dates[-1] not in labelled:
        labelled = labelled[:-1] + [dates[-1]] if len(labelled) >= 3 else labelled + [dates[-1]]
    fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=[d.isoformat() for d in dates],
        ticktext=[format_date(d) if d in labelled else "" for d in dates],
        range=[
            (pd.Timestamp(dates[0]) - pad).isoformat(),
            (pd.Timestamp(dates[-1]) + pad).isoformat(),
        ],
        title_text="기준일",
        tickfont={"size": SMALL_SIZE},
        ticks="outside",
    )
    fig.update_yaxes(range=[0, 108], ticksuffix="%", dtick=20, title_text="이행률")
    return fig


def _label_positions(rates: list) -> list[str]:
    """Where each of the ward's labels sits: clear of the line, and the first and last turned inwards.

    Centred under each point, a label ran over the y axis's ticks and was cut at the plot's edge on a
    phone (a quarter is a few pixels wide there), and lay on the line where it kept rising."""
    values = [None if is_blank(v) else float(v) for v in rates]
    positions = []
    for n, value in enumerate(values):
        before = values[n - 1] if n > 0 else None
        after = values[n + 1] if n + 1 < len(values) else None
        up_in = None if value is None or before is None else value >= before
        up_out = None if value is None or after is None else after >= value
        if n == 0 and len(values) > 1:
            positions.append("top right" if up_out is False else "bottom right")
        elif n == len(values) - 1 and n > 0:
            positions.append("bottom left" if up_in is False else "top left")
        elif up_in is None or up_out is None or up_in != up_out:
            positions.append("top center" if up_in and up_out is False else "bottom center")
        else:  # the line goes on the same way: beside it, on the side it leaves free
            positions.append("bottom right" if up_in else "top right")
    return positions


__all__ = ["WARD_TITLE", "rate_lines"]
