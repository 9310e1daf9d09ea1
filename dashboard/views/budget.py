"""예산: where the ward's pledge money comes from, by source and by year, and 구비 vs 시비 per pledge."""

from __future__ import annotations

import streamlit as st

from dashboard.components import chart_or_table, downloads, plain, selected, selected_frames
from figures.budget import pledge_by_source, pledge_by_year_source, ward_by_source
from figures.charts.budget import budget_by_year, source_split, split_per_pledge
from figures.formatting import format_date, format_money
from figures.progress import pledge_progress
from figures.tables import budget_year_table, pledge_source_table, source_table

FILTERS = [("field", "분야"), ("term", "임기구분"), ("owner", "사업주체"), ("budget_kind", "예산구분"),
           ("stage", "이행단계")]

frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    st.title(f"{plain(ward)} 공약 소요예산")
    st.caption(f"{format_date(as_of)} 기준 · 단위 백만원")
    pledges = pledge_progress(frames)
    columns = st.columns(len(FILTERS))
    chosen_ids = set(pledges["pledge_id"])
    for (column, label), slot in zip(FILTERS, columns, strict=True):
        options = sorted(v for v in pledges[column].dropna().unique())
        if options:
            picked = slot.multiselect(label, options, key=f"budget_filter_{column}", placeholder="전체")
            if picked:
                chosen_ids &= set(pledges.loc[pledges[column].isin(picked), "pledge_id"])
    by_source = pledge_by_source(frames)
    by_source = by_source[by_source["pledge_id"].isin(chosen_ids)]
    by_year = pledge_by_year_source(frames)
    by_year = by_year[by_year["pledge_id"].isin(chosen_ids)]
    total = int(by_source["amount"].sum()) if len(by_source) else 0
    st.metric("선택한 공약의 총 소요예산", format_money(total))
    if total == 0:
        st.info("선택한 공약에는 소요예산이 없습니다.")
    totals = by_source.groupby("source", as_index=False, sort=False)["amount"].sum()
    left, right = st.columns(2)
    with left:
        chart_or_table(budget_by_year(by_year), budget_year_table(by_year), key="ward_year")
    with right:
        chart_or_table(source_split(totals), source_table(totals), key="ward_split")
    shown = pledges[pledges["pledge_id"].isin(chosen_ids)]
    st.subheader("공약별 구비·시비 비중")
    chart_or_table(split_per_pledge(by_source, shown), pledge_source_table(by_source, shown), key="per_pledge")
    downloads(
        {"공약별 재원": pledge_source_table(by_source, shown), "연도별": budget_year_table(by_year),
         "재원별": source_table(ward_by_source(frames))},
        name=f"{ward}_{as_of.isoformat()}_예산", title=f"{ward} 공약 소요예산 ({format_date(as_of)} 기준)",
    )
