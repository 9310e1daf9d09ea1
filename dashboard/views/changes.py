"""변화: rates across quarters, and what moved since the previous 기준일."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import (
    adjustments_section,
    blank_text,
    chart_or_table,
    day,
    downloads,
    plain,
    quarter_caption,
    selected,
    selected_frames,
    show_table,
)
from figures.adjustments import adjustments_table
from figures.formatting import rate_text
from figures.selection import change_table
from figures.tables import achievement_table, formatted, rate_change_table, rate_history_table

#: more warnings than this are gathered into one warning and a table
MAX_NOTICES = 5

frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    st.title(f"{plain(ward)} 분기별 변화")
    quarter_caption(ward, as_of)
    q = data.quarter(ward, as_of)
    history, changes = q.history, q.changes
    chart_or_table(data.rate_chart(ward, as_of), lambda: rate_history_table(history), key="rates",
                   shared=("rate_history_table", ward, as_of))
    if changes is None:
        first = q.pledge_set is not None and q.pledge_set.first == as_of and q.pledge_set.number > 1
        st.info(f"{plain(q.term_label)}의 첫 분기라 지난 분기와 비교하지 않습니다 (이전 임기나 구청장의 공약은 "
                "따로 봅니다)." if first else f"{day(as_of)} 이전 기준일 자료가 없어 지난 분기와 비교할 수 없습니다.")
    else:
        st.subheader(f"{day(q.previous_as_of)} → {day(as_of)}")
        delta = f"{changes.rate_change:+.1f}%p" if changes.rate_change is not None else None
        st.metric("구 이행률", rate_text(changes.rate_after), delta)
        table, on_screen = data.built(("change_table", as_of), lambda: change_table(changes.pledges), ward=ward)
        show_table(blank_text(on_screen), key="moves", empty="이행률이나 상태가 바뀐 공약이 없습니다.")
        backward = changes.subprojects[changes.subprojects["backward"].astype(bool)]
        lowered = [f"실적 감소: 공약 {row.pledge_id} '{row.subproject}' "
                   f"{row.actual_before:g} → {row.actual_after:g}" for row in backward.itertuples()]
        dropped = [f"빠진 항목: 공약 {row.pledge_id}의 "
                   + (f"세부사업 '{row.subproject}'" if row.subproject else f"공약 '{row.title}'")
                   + "이(가) 이번 자료에 없습니다." for row in changes.dropped.itertuples()]
        notices = lowered + dropped
        if len(notices) <= MAX_NOTICES:
            for notice in notices:
                st.warning(plain(notice))
        else:  # dozens of yellow boxes hide the page: one warning, the list in a table
            st.warning(f"확인할 항목 {len(notices)}건: 실적이 줄어든 세부사업 {len(lowered)}건, "
                       f"이번 자료에서 빠진 항목 {len(dropped)}건 (아래 표)")
            show_table(pd.DataFrame({"확인할 항목": notices}), key="notices")
        st.subheader(f"새 추진실적 {len(changes.new_achievements)}건")
        show_table(blank_text(formatted(achievement_table(changes.new_achievements))), key="new_achievements",
                   empty="지난 기준일 뒤로 새로 적은 추진실적이 없습니다.")
    st.subheader("공약 조정 (이행계획 대비)")
    adjustments_section(list(q.adjustments), q.plan_as_of, key="ward_adjustments",
                        empty="이행계획과 달라진 공약이 없습니다." if q.plan_as_of != as_of
                        else "이 분기가 이행계획입니다 (조정은 다음 분기부터 이행계획과 비교합니다).")
    sheets = {"이행률 변화": data.built(("rate_change_table", as_of), lambda: rate_change_table(history), ward=ward)}
    if changes is not None:
        sheets |= {"공약별 변화": table, "새 추진실적": achievement_table(changes.new_achievements)}
    sheets["공약 조정"] = adjustments_table(list(q.adjustments))
    downloads(sheets, name=f"{ward}_{as_of.isoformat()}_변화", title=f"{ward} 분기별 변화")
