"""공약 상세: one pledge — its fields, Gantt, planned-vs-actual paths, budget and achievements."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, quarterly
from dashboard.components import (
    blank_text,
    chart_or_table,
    downloads,
    plain,
    selected,
    selected_frames,
    show_warnings,
    status_legend,
)
from figures.budget import pledge_budgets
from figures.charts.funding import funding_bullets, funding_table
from figures.formatting import format_date, format_money, format_rate
from figures.funding import funding_by_source, funding_by_year, pledge_funding
from figures.tables import (
    achievement_table,
    budget_year_table,
    path_table,
    schedule_table,
    source_table,
    subproject_budget_table,
    subproject_table,
)

FIELDS = [
    ("field", "분야"), ("term", "임기구분"), ("owner", "사업주체"), ("novelty", "신규여부"),
    ("period", "사업시기"), ("budget_kind", "예산구분"), ("stage", "이행단계"),
    ("department", "담당부서"), ("manager", "담당자"), ("contact", "연락처"),
]


def _only(frame, pledge_id):  # noqa: ANN001, ANN202
    return frame[frame["pledge_id"] == pledge_id] if len(frame) else frame


frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    all_subs, pledges, all_totals = data.progress(ward, as_of)
    ids = list(pledges["pledge_id"])
    if not ids:
        st.info("이 기준일 자료에는 공약이 없습니다.")
        st.stop()
    default = st.session_state.get("pledge_id")
    pledge_id = st.selectbox(
        "공약", ids, index=ids.index(default) if default in ids else 0,
        format_func=lambda pid: f"{pid}. {pledges.loc[pledges['pledge_id'] == pid, 'title'].iloc[0]}",
        key="pledge_choice",
    )
    st.session_state["pledge_id"] = pledge_id
    pledge = pledges[pledges["pledge_id"] == pledge_id].iloc[0]
    record = frames.pledges[frames.pledges["pledge_id"] == pledge_id].iloc[0]
    st.title(f"공약 {plain(pledge_id)}. {plain(pledge['title'])}")
    st.caption(f"{plain(ward)} · {format_date(as_of)} 기준")
    quarterly.card_buttons(ward, as_of, pledge_id)

    cards = st.columns(4)
    cards[0].metric("상태", pledge["status"])
    cards[1].metric("이행률", format_rate(pledge["rate"]), help="세부사업 이행률의 평균")
    cards[2].metric("예산가중 이행률", format_rate(pledge["rate_weighted"]),
                    help="세부사업 예산으로 가중한 평균 (모든 세부사업에 예산이 있을 때)")
    cards[3].metric("총 소요예산", format_money(int(pledge["budget_total"])))
    subs = _only(all_subs, pledge_id)
    status_legend(sorted(set(subs["status"]) | {pledge["status"]}), overdue=bool(subs["overdue"].any()))

    details = [(label, record.get(column)) for column, label in FIELDS if record.get(column)]
    if details:
        st.dataframe(pd.DataFrame(details, columns=["항목", "내용"]), hide_index=True, key="fields")
    for column, label in (("overview", "정책개요"), ("situation", "현황"), ("goal", "목표")):
        if record.get(column):
            with st.expander(label):
                st.text(record[column])
    show_warnings(ward, as_of)

    st.subheader("추진일정")
    overdue = subs[subs["overdue"]]
    for row in overdue.itertuples():
        st.warning(f"기한 경과: '{plain(row.subproject)}' — 마지막 예정 분기({row.last_quarter})가 지났는데 "
                   f"이행률이 {format_rate(row.rate)}입니다.")
    schedule = _only(frames.schedule, pledge_id)
    charts = data.pledge_charts(ward, as_of, pledge_id)
    chart_or_table(charts["gantt"], schedule_table(schedule, subs), key="gantt")

    st.subheader("계획 대비 실적")
    points = _only(frames.points, pledge_id)
    totals = _only(all_totals, pledge_id)
    chart_or_table(charts["paths"], path_table(points), key="paths")
    st.dataframe(blank_text(subproject_table(subs, totals)), hide_index=True, width="stretch",
                 key="subproject_table")

    st.subheader("소요예산")
    by_year, by_source = charts["by_year"], charts["by_source"]
    left, right = st.columns(2)
    with left:
        chart_or_table(charts["budget_year"], budget_year_table(by_year), key="budget_year")
    with right:
        chart_or_table(charts["budget_split"], source_table(by_source), key="budget_split")
    if by_source.empty:
        st.caption("이 공약에는 소요예산이 없습니다.")
    if totals["total"].notna().any():
        chart_or_table(charts["budget_subs"], subproject_budget_table(totals), key="budget_subs")

    plan = pledge_budgets(frames)[pledge_id]
    money = pledge_funding(frames)[pledge_id]
    source_money = funding_by_source(money)
    year_money = funding_by_year([money], [plan], as_of.year)
    st.markdown("**계획 · 확보 · 집행**")
    rates = st.columns(2)
    rates[0].metric("재정 확보율", "미입력" if money.secured_rate is None else format_rate(money.secured_rate),
                    help=f"{as_of.year}년까지 확보 ÷ 계획")
    rates[1].metric("집행률", "미입력" if money.spent_rate is None else format_rate(money.spent_rate),
                    help=f"{as_of.year}년까지 집행 ÷ 확보")
    if money.secured is None and money.spent is None:
        st.caption("이 공약은 소요예산에 확보·집행 행(구분 열)이 없어 재정 확보율과 집행률이 미입력입니다.")
    else:
        left, right = st.columns(2)
        with left:
            chart_or_table(funding_bullets(source_money, title=f"재원별 ({as_of.year}년까지)"),
                           funding_table(source_money), key="pledge_funding_source")
        with right:
            chart_or_table(funding_bullets(year_money, category="year", title="연도별"),
                           funding_table(year_money, category="year", label="연도"), key="pledge_funding_year")

    st.subheader("추진실적")
    achievements = _only(frames.achievements, pledge_id)
    chart_or_table(charts["timeline"], achievement_table(achievements), key="timeline")

    downloads(
        {
            "세부사업": subproject_table(subs, totals),
            "연도별 예산": budget_year_table(by_year),
            "재원별 예산": source_table(by_source),
            "계획·확보·집행": funding_table(source_money),
            "추진실적": achievement_table(achievements),
        },
        name=f"{ward}_공약{pledge_id}_{as_of.isoformat()}",
        title=f"{ward} 공약 {pledge_id} ({format_date(as_of)} 기준)",
    )
