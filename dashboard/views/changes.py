"""변화: rates across quarters, and what moved since the previous 기준일."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import chart_or_table, downloads, plain, selected, selected_frames
from figures.changes import compare, rate_history
from figures.charts.changes import rate_lines
from figures.formatting import format_date, format_rate
from figures.tables import achievement_table, rate_change_table, rate_history_table

frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    st.title(f"{plain(ward)} 분기별 변화")
    history = rate_history([f for f in data.all_frames(ward) if f.as_of <= as_of])
    chart_or_table(rate_lines(history), rate_history_table(history), key="rates")
    previous = data.previous_frames(ward, as_of)
    if previous is None:
        st.info(f"{format_date(as_of)} 이전 기준일 자료가 없어 지난 분기와 비교할 수 없습니다.")
    else:
        changes = compare(previous, frames)
        st.subheader(f"{format_date(previous.as_of)} → {format_date(as_of)}")
        delta = f"{changes.rate_change:+.1f}%p" if changes.rate_change is not None else None
        st.metric("구 이행률", format_rate(changes.rate_after), delta)
        moved = changes.pledges
        table = moved.rename(columns={
            "pledge_id": "공약번호", "title": "공약명", "rate_before": "이전 이행률(%)",
            "rate_after": "현재 이행률(%)", "rate_change": "변화(%p)", "status_before": "이전 상태",
            "status_after": "현재 상태",
        })[["공약번호", "공약명", "이전 이행률(%)", "현재 이행률(%)", "변화(%p)", "이전 상태", "현재 상태"]]
        one_decimal = st.column_config.NumberColumn(format="%.1f")
        st.dataframe(table, hide_index=True, width="stretch", key="moves", column_config={
            "이전 이행률(%)": one_decimal, "현재 이행률(%)": one_decimal, "변화(%p)": st.column_config.NumberColumn(format="%+.1f"),
        })
        backward = changes.subprojects[changes.subprojects["backward"].astype(bool)]
        for row in backward.itertuples():
            st.warning(f"실적 감소: 공약 {plain(row.pledge_id)} '{plain(row.subproject)}' "
                       f"{row.actual_before:g} → {row.actual_after:g}")
        for row in changes.dropped.itertuples():
            what = f"세부사업 '{plain(row.subproject)}'" if row.subproject else f"공약 '{plain(row.title)}'"
            st.warning(f"빠진 항목: 공약 {plain(row.pledge_id)}의 {what}이(가) 이번 자료에 없습니다.")
        st.subheader(f"새 추진실적 {len(changes.new_achievements)}건")
        st.dataframe(achievement_table(changes.new_achievements), hide_index=True, width="stretch",
                     key="new_achievements")
        downloads({"이행률 변화": rate_change_table(history), "새 추진실적": achievement_table(changes.new_achievements)},
                  name=f"{ward}_{as_of.isoformat()}_변화", title=f"{ward} 분기별 변화")
