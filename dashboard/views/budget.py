"""예산: where the ward's pledge money comes from, by source and by year, and 구비 vs 시비 per pledge."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import (
    chart_or_table,
    day,
    downloads,
    funding_charts,
    plain,
    selected,
    selected_frames,
)
from figures.budget import pledge_by_source, pledge_by_year_source
from figures.charts.budget import budget_by_year, source_split, split_per_pledge
from figures.charts.funding import funding_table
from figures.formatting import format_date, format_money, format_rate
from figures.funding import funding_by_source, funding_by_year, ward_funding
from figures.tables import budget_year_table, pledge_source_table, source_table

FILTERS = [("field", "분야"), ("term", "임기구분"), ("owner", "사업주체"), ("budget_kind", "예산구분"),
           ("stage", "이행단계")]

frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    st.title(f"{plain(ward)} 공약 소요예산")
    st.caption(f"{day(as_of)} 기준 · 단위 백만원")
    pledges = data.progress(ward, as_of)[1]
    columns = st.columns(len(FILTERS))
    chosen_ids = set(pledges["pledge_id"])
    for (column, label), slot in zip(FILTERS, columns, strict=True):
        options = sorted(v for v in pledges[column].dropna().unique())
        if options:
            picked = slot.multiselect(label, options, key=f"budget_filter_{column}", placeholder="전체")
            if picked:
                chosen_ids &= set(pledges.loc[pledges[column].isin(picked), "pledge_id"])
    by_source = data.built(("pledge_by_source", ward, as_of), lambda: pledge_by_source(frames), ward=ward)
    by_source = by_source[by_source["pledge_id"].isin(chosen_ids)]
    by_year = data.built(("pledge_by_year_source", ward, as_of), lambda: pledge_by_year_source(frames), ward=ward)
    by_year = by_year[by_year["pledge_id"].isin(chosen_ids)]
    # the charts depend on the store, the ward, the 기준일 and which pledges the filters left
    chosen = (ward, as_of, tuple(sorted(chosen_ids)))
    plans, funding, _ = data.money(ward, as_of)
    entered = [pid for pid in chosen_ids if plans[pid].by_year]
    total = int(by_source["amount"].sum()) if len(by_source) else 0
    st.metric("선택한 공약의 총 소요예산", format_money(total) if entered else "미입력",
              help=f"소요예산을 적은 공약 {len(entered)}건 / 고른 공약 {len(chosen_ids)}건")
    totals = by_source.groupby("source", as_index=False, sort=False)["amount"].sum()
    totals = totals[totals["amount"] > 0]
    if not entered:
        st.info("고른 공약에는 소요예산이 입력되지 않아 연도별·재원별 차트가 없습니다.")
    else:
        left, right = st.columns(2)
        with left:
            chart_or_table(data.built(("budget_by_year", *chosen), lambda: budget_by_year(by_year), ward=ward),
                           budget_year_table(by_year), key="ward_year")
        with right:
            chart_or_table(data.built(("source_split", *chosen), lambda: source_split(totals), ward=ward),
                           source_table(totals), key="ward_split")
    money = {pid: f for pid, f in funding.items() if pid in chosen_ids}
    st.subheader("계획 · 확보 · 집행")
    ward_money = ward_funding(money)
    rates = st.columns(2)
    rates[0].metric("재정 확보율", format_rate(ward_money.secured_rate) if ward_money.secured_rate is not None
                    else "미입력", help=f"{as_of.year}년까지 확보 ÷ 계획 (확보를 적은 공약 "
                                      f"{ward_money.pledges_with_secured}건의 합)")
    rates[1].metric("집행률", format_rate(ward_money.spent_rate) if ward_money.spent_rate is not None
                    else "미입력", help=f"{as_of.year}년까지 집행 ÷ 확보 (집행을 적은 공약 "
                                      f"{ward_money.pledges_with_spent}건의 합)")
    source_money = funding_by_source(list(money.values()))
    year_money = funding_by_year(list(money.values()), [plans[p] for p in money], as_of.year)
    if ward_money.pledges_with_secured == 0:
        st.caption("소요예산에 확보·집행 행(구분 열)을 적은 공약이 없어 재정 확보율과 집행률은 미입력입니다.")
    else:
        funding_charts(source_money, year_money, as_of.year, key="funding", shared=("funding", *chosen))
    shown = pledges[pledges["pledge_id"].isin(chosen_ids)]
    if entered:
        st.subheader("공약별 구비·시비 비중")
        chart_or_table(data.built(("split_per_pledge", *chosen), lambda: split_per_pledge(by_source, shown), ward=ward),
                       pledge_source_table(by_source, shown), key="per_pledge")
    # the export holds what the filters left on screen, in the page's unit (백만원)
    downloads(
        {"공약별 재원": pledge_source_table(by_source, shown), "연도별": budget_year_table(by_year),
         "재원별": source_table(totals), "계획·확보·집행(재원별)": funding_table(source_money),
         "계획·확보·집행(연도별)": funding_table(year_money, category="year", label="연도")},
        name=f"{ward}_{as_of.isoformat()}_예산", title=f"{ward} 공약 소요예산 ({format_date(as_of)} 기준)",
    )
