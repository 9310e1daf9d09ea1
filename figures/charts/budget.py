"""Budget charts (sheet 소요예산): by year and source, 구비 vs 시비, per sub-project, per pledge.

The numbers come from figures.budget, which applies the spec's precedence
(pledge-level 계 row, else source rows, else sub-projects; what has no source is
미지정). These charts only add, scale and label: amounts are held in 원 and
shown in 백만원 (or 억원) with thousands separators, so "1,889" on the wall
screen is the same figure as in the officials' workbook.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.charts.theme import MUTED_COLOR, SMALL_SIZE, apply_theme, empty_figure
from figures.colors import FALLBACK_COLOR, SKY_BLUE
from figures.display import is_blank, is_empty, money_scale, unique_labels, wrap_label
from figures.formatting import format_money, format_rate
from figures.status import SOURCE_COLORS, SOURCE_ORDER
from loaders.model import UNASSIGNED_SOURCE


def _number(value: float, unit: str) -> str:
    """A bare amount in `unit` (no unit word): 1,889 in 백만원, 62.7 in 억원."""
    return f"{value:,.1f}" if unit == "억원" else f"{value:,.0f}"


def _share(part: float, whole: float) -> str:
    return format_rate(part / whole * 100) if whole else format_rate(None)


def _sources(df: pd.DataFrame) -> list[str]:
    """Sources present, in SOURCE_ORDER; a source outside it (unexpected) goes last."""
    present = [
        s
        for s in dict.fromkeys(df["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else s))
    ]
    return [s for s in SOURCE_ORDER if s in present] + [s for s in present if s not in SOURCE_ORDER]


def _clean(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["source"] = out["source"].map(lambda s: UNASSIGNED_SOURCE if is_blank(s) else str(s))
    out["amount"] = pd.to_numeric(out["amount"], errors="coerce").fillna(0)
    return out


def budget_by_year(
    by_year_source: pd.DataFrame, unit: str = "백만원", *, title: str | None = None
) -> go.Figure:
    """Stacked bars: budget per year, one segment per funding source, total on top.

    Takes figures.budget's `pledge_by_year_source` (summed over the pledges it
    holds: pass one pledge's rows for a pledge page) or `ward_by_year_source`.
    Pledge 25, 2018: 구비 189 + 시비 1,700 = 1,889 (백만원).
    """
    heading = title or f"연도별 소요예산 <span style='font-size:0.7em'>(단위: {unit})</span>"
    if is_empty(by_year_source, "year", "source", "amount"):
        return empty_figure(heading)
    scale = money_scale(unit)
    df = _clean(by_year_source)
    table = df.groupby(["year", "source"], as_index=False)["amount"].sum()
    years = sorted(int(y) for y in table["year"].unique())
    totals = table.groupby("year")["amount"].sum()
    if float(totals.abs().sum()) == 0:
        return empty_figure(heading)
    labels = [f"{y}년" for y in years]
    fig = go.Figure()
    # one row per year (horizontal bars): the year and its total never collide with the next
    # year's, however narrow the screen or large the amount
    for source in _sources(table):
        mine = table[table["source"] == source].set_index("year")["amount"]
        won = [float(mine.get(y, 0)) for y in years]
        values = [w / scale for w in won]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=labels,
                x=values,
                name=source,
                marker={"color": SOURCE_COLORS.get(source, FALLBACK_COLOR), "line": {"width": 0}},
                text=[_number(v, unit) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,  # hidden when it does not fit (uniformtext), never turned on its side
                textfont={"size": SMALL_SIZE - 1},
                hovertext=[
                    f"<b>{y}년 {source}</b><br>{format_money(int(w), unit)} "
                    f"({_share(w, float(totals.get(y, 0)))})"
                    for y, w in zip(years, won, strict=True)
                ],
                hoverinfo="text",
            )
        )
    total_values = [float(totals.get(y, 0)) / scale for y in years]
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=total_values,
            mode="text",
            text=[f"<b>{_number(v, unit)}</b>" for v in total_values],
            textposition="middle right",
            textfont={"size": SMALL_SIZE},
            name="계",
            showlegend=False,
            hoverinfo="skip",
            meta={"role": "totals"},
        )
    )
    apply_theme(fig, title=heading, height=200 + 56 * len(years))
    fig.update_layout(
        barmode="stack",
        bargap=0.3,
        uniformtext={"minsize": 11, "mode": "hide"},
        legend={"traceorder": "normal"},
    )
    fig.update_xaxes(
        title_text=f"예산({unit})",
        tickformat=",.1f" if unit == "억원" else ",",
        range=[0, max(total_values) * 1.6],
        nticks=4,
    )
    fig.update_yaxes(type="category", title_text="", autorange="reversed")
    return fig


def source_split(
    by_source: pd.DataFrame, unit: str = "백만원", *, title: str | None = None
) -> go.Figure:
    """Donut of the total by funding source, labelled "구비 325백만원 (5.2%)".

    Takes `pledge_by_source` (summed over its pledges) or `ward_by_source`; the
    share is recomputed from the amounts so the labels always add up to 100 %.
    A donut rather than a 100 % bar: a 5 % 구비 slice still gets a readable
    outside label, where a 5 % bar segment would not hold one.
    """
    heading = title or "재원별 예산 구성 <span style='font-size:0.7em'>(구비·시비)</span>"
    if is_empty(by_source, "source", "amount"):
        return empty_figure(heading)
    df = _clean(by_source)
    table = df.groupby("source")["amount"].sum()
    sources = [s for s in _sources(df) if float(table.get(s, 0)) > 0]
    total = float(sum(table.get(s, 0) for s in sources))
    if not sources or total <= 0:
        return empty_figure(heading)
    amounts = [float(table[s]) for s in sources]
    labels = [
        f"{s} {format_money(int(a), unit)} ({_share(a, total)})"
        for s, a in zip(sources, amounts, strict=True)
    ]
    # the labels are the legend under the ring (it wraps on a phone), never around it: an
    # outside label of a 5 % slice left the chart on a phone
    fig = go.Figure(
        go.Pie(
            labels=labels,
            values=[a / money_scale(unit) for a in amounts],
            text=labels,
            textinfo="none",
            hovertext=labels,
            hoverinfo="text",
            hole=0.64,
            sort=False,
            direction="clockwise",
            rotation=0,
            marker={
                "colors": [SOURCE_COLORS.get(s, FALLBACK_COLOR) for s in sources],
                "line": {"color": "white", "width": 2},
            },
        )
    )
    apply_theme(fig, title=heading, height=540, legend=True)
    fig.add_annotation(
        text=f"총 예산<br><b>{format_money(int(total), unit)}</b>",
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": SMALL_SIZE},
    )
    fig.update_layout(
        margin={"l": 20, "r": 20, "b": 110},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yref": "container",
                "yanchor": "bottom", "font": {"size": SMALL_SIZE}},
    )
    return fig


def subproject_budget(
    subproject_totals: pd.DataFrame, unit: str = "백만원", *, title: str | None = None
) -> go.Figure:
    """Horizontal bars: each sub-project's total budget, in workbook order (first on top).

    Label: "2,473백만원 (39.5%)", the share of the sum of the sub-projects shown.
    """
    heading = title or f"세부사업별 소요예산 <span style='font-size:0.7em'>(단위: {unit})</span>"
    if is_empty(subproject_totals, "subproject", "total"):
        return empty_figure(heading)
    df = subproject_totals.copy()
    df["total"] = pd.to_numeric(df["total"], errors="coerce").fillna(0)
    several = "pledge_id" in df.columns and df["pledge_id"].nunique() > 1
    names = [
        f"{r['pledge_id']}. {r['subproject']}" if several else str(r["subproject"])
        for r in df.to_dict("records")
    ]
    labels = unique_labels([wrap_label(n, width=16, max_lines=3) for n in names])
    scale = money_scale(unit)
    total = float(df["total"].sum())
    values = [float(t) / scale for t in df["total"]]
    texts = [f"{format_money(int(t), unit)} ({_share(float(t), total)})" for t in df["total"]]
    shown = [_number(v, unit) for v in values]  # the unit is in the title, the share in the hover
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=labels,
            x=values,
            text=shown,
            textposition="outside",
            cliponaxis=False,
            textfont={"size": SMALL_SIZE},
            marker={"color": SKY_BLUE},
            hovertext=[f"<b>{n}</b><br>{t}" for n, t in zip(names, texts, strict=True)],
            hoverinfo="text",
            name="소요예산",
        )
    )
    apply_theme(fig, title=heading, height=220 + 70 * len(labels), legend=False)
    fig.update_yaxes(
        autorange="reversed", type="category", categoryorder="array", categoryarray=labels,
        tickfont={"size": SMALL_SIZE},
    )
    fig.update_xaxes(
        title_text=f"예산({unit})",
        tickformat=",.1f" if unit == "억원" else ",",
        range=[0, max(values + [0.0]) * 1.6 or 1],
        nticks=4,
    )
    fig.update_layout(bargap=0.4)
    return fig


def split_per_pledge(
    pledge_by_source: pd.DataFrame,
    pledges: pd.DataFrame,
    unit: str = "백만원",
    *,
    title: str | None = None,
) -> go.Figure:
    """Horizontal 100 % bars: each pledge's budget split by source (구비 vs 시비 …).

    One row per pledge with a budget, in the pledges' order (first on top), the
    total at the right end. Pledges without any amount (비예산, or none typed)
    are left out and counted in a note under the chart, not hidden silently.
    `pledges`: figures.progress' pledge table or frames.pledges (pledge_id, title, order).
    """
    heading = title or "공약별 재원 구성 (구비·시비)"
    if is_empty(pledge_by_source, "pledge_id", "source", "amount"):
        return empty_figure(heading)
    df = _clean(pledge_by_source)
    df["pledge_id"] = df["pledge_id"].astype(str)
    sums = df.groupby(["pledge_id", "source"])["amount"].sum()
    totals = df.groupby("pledge_id")["amount"].sum()
    info = pd.DataFrame(columns=["pledge_id", "title", "order"])
    if not is_empty(pledges, "pledge_id"):
        info = pledges.copy()
        info["pledge_id"] = info["pledge_id"].astype(str)
        if "order" in info.columns:
            info = info.sort_values("order", kind="stable")
    order = list(dict.fromkeys(list(info["pledge_id"]) + list(totals.index)))
    with_budget = [p for p in order if float(totals.get(p, 0)) > 0]
    without = [p for p in order if p not in with_budget]
    if not with_budget:
        return empty_figure(heading)
    titles = dict(zip(info["pledge_id"], info.get("title", info["pledge_id"]), strict=True))
    names = [
        f"{p}. {titles.get(p) or ''}".rstrip(". ") if titles.get(p) else f"{p}" for p in with_budget
    ]
    # narrow wrapped names with the total on the last line: the bars keep a phone's width
    labels = unique_labels([
        f"{wrap_label(n, width=18, max_lines=2)}<br><span style='color:{MUTED_COLOR}'>"
        f"{format_money(int(totals[p]), unit)}</span>"
        for n, p in zip(names, with_budget, strict=True)
    ])
    fig = go.Figure()
    for source in _sources(df):
        won = [float(sums.get((p, source), 0)) for p in with_budget]
        shares = [w / float(totals[p]) * 100 for w, p in zip(won, with_budget, strict=True)]
        if not any(won):
            continue
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=labels,
                x=shares,
                name=source,
                marker={
                    "color": SOURCE_COLORS.get(source, FALLBACK_COLOR),
                    "line": {"color": "white", "width": 1},
                },
                text=[f"{s:.1f}%" if s >= 8 else "" for s in shares],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": SMALL_SIZE},
                hovertext=[
                    f"<b>{n}</b><br>{source} {format_money(int(w), unit)} ({s:.1f}%)"
                    for n, w, s in zip(names, won, shares, strict=True)
                ],
                hoverinfo="text",
                customdata=won,
            )
        )
    if without:
        heading += f" <span style='font-size:0.7em'>(예산 미입력 공약 {len(without)}건 제외)</span>"
    apply_theme(fig, title=heading, height=230 + 64 * len(labels))
    fig.update_layout(barmode="stack", bargap=0.3, uniformtext={"minsize": 11, "mode": "hide"})
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title_text="재원 비율", tickvals=[0, 50, 100])
    fig.update_yaxes(
        autorange="reversed", type="category", categoryorder="array", categoryarray=labels,
        tickfont={"size": SMALL_SIZE - 1},
    )
    return fig


__all__ = ["budget_by_year", "source_split", "split_per_pledge", "subproject_budget"]
