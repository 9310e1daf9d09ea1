"""공약 상세: one pledge — its fields, Gantt, planned-vs-actual paths, budget and achievements."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, quarterly
from dashboard.components import (
    adjustments_section,
    blank_text,
    chart_or_table,
    downloads,
    funding_charts,
    nothing_to_draw,
    plain,
    pledge_picker,
    quarter_caption,
    selected,
    selected_frames,
    show_table,
    show_warnings,
    status_legend,
)
from dashboard.evidence import evidence_section
from figures.adjustments import adjustments_table
from figures.charts.funding import funding_table
from figures.formatting import format_date, format_money, format_rate, rate_text
from figures.quarter import pledge_view
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


frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    q = data.quarter(ward, as_of)
    pledges = q.pledges
    ids = list(pledges["pledge_id"])
    if not ids:
        st.info("이 기준일 자료에는 공약이 없습니다.")
        st.stop()
    titles = dict(zip(pledges["pledge_id"], pledges["title"], strict=True))
    pledge_id = pledge_picker(ids, lambda pid: f"{pid}. {titles[pid]}", ward=ward, as_of=as_of)
    v = data.built(("pledge_view", as_of, pledge_id), lambda: pledge_view(q, pledge_id), ward=ward)
    pledge, record, subs = v.figures, v.record, v.subprojects
    st.title(f"공약 {plain(pledge_id)}. {plain(pledge['title'])}")
    quarter_caption(ward, as_of)
    quarterly.card_buttons(ward, as_of, pledge_id)

    cards = st.columns(4)
    cards[0].metric("상태", pledge["status"])
    cards[1].metric("이행률", rate_text(pledge["rate"]), help="세부사업 이행률의 평균")
    cards[2].metric("예산가중 이행률", rate_text(pledge["rate_weighted"], "지표 없음" if pledge["rate"] is None
                                                  or pledge["rate"] != pledge["rate"] else "예산 미입력"),
                    help="세부사업 예산으로 가중한 평균 (모든 세부사업에 예산이 있을 때)")
    cards[3].metric("총 소요예산", format_money(int(pledge["budget_total"])) if v.budget_entered
                    else "비예산" if record.get("budget_kind") == "비예산" else "미입력")
    status_legend(sorted(set(subs["status"]) | {pledge["status"]}), overdue=bool(subs["overdue"].any()))

    details = [(label, record.get(column)) for column, label in FIELDS if record.get(column)]
    if details:
        st.dataframe(pd.DataFrame(details, columns=["항목", "내용"]), hide_index=True, key="fields", width="stretch")
    for column, label in (("overview", "정책개요"), ("situation", "현황"), ("goal", "목표")):
        if record.get(column):
            with st.expander(label):
                st.text(record[column])
    show_warnings(ward, as_of)

    subs_known = len(subs) > 0
    schedule, points, totals, achievements = v.schedule, v.points, v.subproject_totals, v.achievements
    charts = data.pledge_charts(ward, as_of, pledge_id)
    missing = [name for name, empty in (
        ("추진일정", not subs_known and schedule.empty), ("계획·실적 지표", points.empty),
        ("소요예산", not v.budget_entered), ("추진실적", achievements.empty)) if empty]
    nothing_to_draw(missing, "이 공약에는")

    if "추진일정" not in missing:
        st.subheader("추진일정")
        overdue = subs[subs["overdue"]]
        for row in overdue.itertuples():
            st.warning(f"기한 경과: '{plain(row.subproject)}' — 마지막 예정 분기({row.last_quarter})가 지났는데 "
                       f"이행률이 {format_rate(row.rate)}입니다.")
        chart_or_table(charts["gantt"], lambda: schedule_table(schedule, subs), key="gantt",
                       shared=("gantt", ward, as_of, pledge_id))

    if "계획·실적 지표" not in missing:
        st.subheader("계획 대비 실적")
        chart_or_table(charts["paths"], lambda: path_table(points), key="paths", shared=("paths", ward, as_of, pledge_id))
    if subs_known:
        show_table(blank_text(subproject_table(subs, totals)), key="subproject_table")

    money = v.funding
    if v.budget_entered:
        st.subheader("소요예산")
        left, right = st.columns(2)
        with left:
            chart_or_table(charts["budget_year"], lambda: budget_year_table(v.by_year), key="budget_year",
                           shared=("budget_year", ward, as_of, pledge_id))
        with right:
            chart_or_table(charts["budget_split"], lambda: source_table(v.by_source), key="budget_split",
                           shared=("budget_split", ward, as_of, pledge_id))
        if totals["total"].notna().any():
            chart_or_table(charts["budget_subs"], subproject_budget_table(totals), key="budget_subs")

        st.markdown("**계획 · 확보 · 집행**")
        rates = st.columns(2)
        rates[0].metric("재정 확보율", "미입력" if money.secured_rate is None else format_rate(money.secured_rate),
                        help=f"{as_of.year}년까지 확보 ÷ 계획")
        rates[1].metric("집행률", "미입력" if money.spent_rate is None else format_rate(money.spent_rate),
                        help=f"{as_of.year}년까지 집행 ÷ 확보")
        if money.secured is None and money.spent is None:
            st.caption("이 공약은 소요예산에 확보·집행 행(구분 열)이 없어 재정 확보율과 집행률이 미입력입니다.")
        else:
            funding_charts(v.source_money, v.year_money, as_of.year, key="pledge_funding",
                           shared=("pledge_funding", ward, as_of, pledge_id))

    st.subheader("공약 조정")
    st.caption(f"{plain(q.term_label)} 이행계획과 달라진 점과 그 사유 (공약조정 시트)")
    adjustments_section(list(v.adjustments), q.plan_as_of, key="pledge_adjustments",
                        empty="이행계획과 달라진 점이 없습니다.", with_pledge=False)

    if "추진실적" not in missing:
        st.subheader("추진실적")
        chart_or_table(charts["timeline"], lambda: achievement_table(achievements), key="timeline",
                       shared=("timeline", ward, as_of, pledge_id))

    evidence_section(ward, as_of, pledge_id, [str(s) for s in subs["subproject"]])

    downloads(
        {
            "세부사업": subproject_table(subs, totals),
            "추진일정": schedule_table(schedule, subs),
            "계획 대비 실적": path_table(points),
            "연도별 예산": budget_year_table(v.by_year),
            "재원별 예산": source_table(v.by_source),
            "계획·확보·집행": funding_table(v.source_money),
            "추진실적": achievement_table(achievements),
            "공약 조정": adjustments_table(list(v.adjustments)),
        },
        name=f"{ward}_공약{pledge_id}_{as_of.isoformat()}",
        title=f"{ward} 공약 {pledge_id} ({format_date(as_of)} 기준)",
    )
