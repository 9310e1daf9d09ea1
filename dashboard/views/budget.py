"""예산: where the ward's pledge money comes from, by source and by year, and 구비 vs 시비 per pledge."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import (
    chart_or_table,
    downloads,
    funding_charts,
    plain,
    quarter_caption,
    selected,
    selected_frames,
)
from figures.charts.budget import budget_by_year, source_split, split_per_pledge
from figures.charts.funding import funding_table
from figures.formatting import format_date, format_money, format_rate
from figures.quarter import budget_selection
from figures.selection import chosen, filters

frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    st.title(f"{plain(ward)} 공약 소요예산")
    quarter_caption(ward, as_of, "단위 백만원")
    q = data.quarter(ward, as_of)
    pledges = q.pledges
    columns = st.columns(4)
    picked = {f.column: columns[i % 4].multiselect(f.label, f.options, key=f"budget_filter_{f.column}",
                                                   placeholder="전체")
              for i, f in enumerate(filters(pledges))}
    chosen_ids = set(chosen(pledges, picked)["pledge_id"])
    # the charts depend on the store, the ward, the 기준일 and which pledges the filters left
    chosen = (ward, as_of, tuple(sorted(chosen_ids)))
    b = data.built(("budget_selection", *chosen), lambda: budget_selection(q, chosen_ids), ward=ward)
    st.metric("선택한 공약의 총 소요예산", format_money(b.total) if b.entered else "미입력",
              help=f"소요예산을 적은 공약 {len(b.entered)}건 / 고른 공약 {len(chosen_ids)}건")
    if not b.entered:
        st.info("고른 공약에는 소요예산이 입력되지 않아 연도별·재원별 차트가 없습니다.")
    else:
        left, right = st.columns(2)
        with left:
            chart_or_table(data.built(("budget_by_year", *chosen), lambda: budget_by_year(b.by_year), ward=ward),
                           lambda: b.year_table, key="ward_year", shared=("budget_year_table", *chosen))
        with right:
            chart_or_table(data.built(("source_split", *chosen), lambda: source_split(b.totals), ward=ward),
                           lambda: b.source_table, key="ward_split", shared=("source_table", *chosen))
    st.subheader("계획 · 확보 · 집행")
    rates = st.columns(2)
    rates[0].metric("재정 확보율", format_rate(b.money.secured_rate) if b.money.secured_rate is not None
                    else "미입력", help=f"{as_of.year}년까지 확보 ÷ 계획 (확보를 적은 공약 "
                                      f"{b.money.pledges_with_secured}건의 합)")
    rates[1].metric("집행률", format_rate(b.money.spent_rate) if b.money.spent_rate is not None
                    else "미입력", help=f"{as_of.year}년까지 집행 ÷ 확보 (집행을 적은 공약 "
                                      f"{b.money.pledges_with_spent}건의 합)")
    if b.money.pledges_with_secured == 0:
        st.caption("소요예산에 확보·집행 행(구분 열)을 적은 공약이 없어 재정 확보율과 집행률은 미입력입니다.")
    else:
        funding_charts(b.source_money, b.year_money, as_of.year, key="funding", shared=("funding", *chosen))
    if b.entered:
        st.subheader("공약별 구비·시비 비중")
        chart_or_table(data.built(("split_per_pledge", *chosen), lambda: split_per_pledge(b.by_source, b.pledges),
                                  ward=ward),
                       lambda: b.pledge_source_table, key="per_pledge", shared=("pledge_source_table", *chosen))
    # the export holds what the filters left on screen, in the page's unit (백만원)
    downloads(
        {"공약별 재원": b.pledge_source_table, "연도별": b.year_table, "재원별": b.source_table, "계획·확보·집행(재원별)": funding_table(b.source_money),
         "계획·확보·집행(연도별)": funding_table(b.year_money, category="year", label="연도")},
        name=f"{ward}_{as_of.isoformat()}_예산", title=f"{ward} 공약 소요예산 ({format_date(as_of)} 기준)",
    )
