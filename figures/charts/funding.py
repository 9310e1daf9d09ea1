"""계획 · 확보 · 집행 at a glance: per source (or year) a wide pale bar of the plan with the
secured money inside it and the money spent inside that (a bullet chart).

One bar per row reads without a legend hunt: how far the darker bar reaches into the
pale one is the 재정 확보율; the darkest inside the darker is the 집행률. A row where
nothing was secured or spent says "미입력" instead of drawing a zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.charts.theme import SMALL_SIZE, apply_theme, empty_figure
from figures.colors import BLUE, PLAN_FILL, SPENT_COLOR
from figures.display import money_scale, wrap_label
from figures.formatting import format_money, format_rate

PLAN_COLOR = PLAN_FILL
SECURED_COLOR = BLUE
NOT_ENTERED = "미입력"


def _label(value: float | None, whole: float | None, unit: str) -> str:
    if value is None:
        return NOT_ENTERED
    share = f" ({format_rate(value / whole * 100)})" if whole else ""
    return f"{format_money(value, unit)}{share}"


def funding_bullets(table: pd.DataFrame, *, category: str = "source", title: str | None = None,
                    unit: str = "백만원") -> go.Figure:
    """`table`: category, planned, secured, spent (원; secured/spent None where not entered)."""
    if table is None or table.empty or (table["planned"].fillna(0).sum() == 0
                                        and table["secured"].isna().all() and table["spent"].isna().all()):
        return empty_figure(title, "계획·확보·집행 금액이 없습니다")
    scale = money_scale(unit)
    names = [wrap_label(str(c), 10) for c in table[category]]
    planned = table["planned"].fillna(0).astype(float)
    secured = table["secured"].astype(object)
    spent = table["spent"].astype(object)
    fig = go.Figure()
    fig.add_bar(y=names, x=planned / scale, orientation="h", width=0.8, marker_color=PLAN_COLOR, name="계획",
                text=[format_money(v, unit) for v in planned], textposition="none",
                hovertemplate="%{y} 계획 %{text}<extra></extra>")
    fig.add_bar(y=names, x=[(v or 0) / scale for v in secured], orientation="h", width=0.5,
                marker_color=SECURED_COLOR, name="확보",
                text=[_label(v, p, unit) for v, p in zip(secured, planned, strict=True)], textposition="none",
                hovertemplate="%{y} 확보 %{text}<extra></extra>")
    fig.add_bar(y=names, x=[(v or 0) / scale for v in spent], orientation="h", width=0.22,
                marker_color=SPENT_COLOR, name="집행",
                text=[_label(v, s, unit) for v, s in zip(spent, secured, strict=True)], textposition="none",
                hovertemplate="%{y} 집행 %{text}<extra></extra>")
    # the rates, right of the plot (never over a bar): what the bars stand for, in words
    later = table["later"].tolist() if "later" in table.columns else [False] * len(names)
    for name, p, s, e, plan_only in zip(names, planned, secured, spent, later, strict=True):
        if plan_only:
            text = "이후 계획"
        else:
            rate = format_rate(s / p * 100) if s is not None and p else NOT_ENTERED
            spent_rate = format_rate(e / s * 100) if e is not None and s else NOT_ENTERED
            text = f"확보율 {rate}<br>집행률 {spent_rate}"
        fig.add_annotation(x=1, xref="paper", y=name, xanchor="left", xshift=10, showarrow=False,
                           align="left", text=text, font={"size": SMALL_SIZE})
    apply_theme(fig, title=title, height=170 + 64 * len(names))
    fig.update_layout(barmode="overlay", margin={"r": 130})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=unit, rangemode="tozero", tickformat=",", nticks=5)
    return fig


def funding_table(table: pd.DataFrame, *, category: str = "source", label: str = "재원") -> pd.DataFrame:
    """The chart as a table: amounts in 원 and the two rates; "미입력" where nothing was entered."""
    rows = []
    for r in table.to_dict("records"):
        secured, spent, planned = r["secured"], r["spent"], r["planned"]
        if r.get("later"):
            rows.append({label: r[category], "계획(원)": int(planned or 0), "확보(원)": "이후 계획",
                         "집행(원)": "이후 계획", "재정 확보율": "이후 계획", "집행률": "이후 계획"})
            continue
        rows.append({
            label: r[category],
            "계획(원)": int(planned or 0),
            "확보(원)": NOT_ENTERED if secured is None else int(secured),
            "집행(원)": NOT_ENTERED if spent is None else int(spent),
            "재정 확보율": format_rate(secured / planned * 100) if secured is not None and planned else NOT_ENTERED,
            "집행률": format_rate(spent / secured * 100) if spent is not None and secured else NOT_ENTERED,
        })
    return pd.DataFrame(rows)
