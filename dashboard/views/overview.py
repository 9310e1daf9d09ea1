"""현황: how far the ward's pledges are, what is late, where the money comes from, what changed."""

from __future__ import annotations

import streamlit as st

from dashboard import data, quarterly
from dashboard.city_map import show_city_map
from dashboard.components import (
    blank_text,
    chart_or_table,
    day,
    downloads,
    plain,
    quarter_caption,
    selected,
    selected_frames,
    show_table,
    show_warnings,
    status_legend,
)
from figures.charts.overview import stage_counts, status_counts
from figures.charts.wards import ward_comparison
from figures.formatting import format_date, format_money, format_rate, rate_text
from figures.funding import lagging_outside_money
from figures.selection import chosen, filters, pledge_list
from figures.tables import (
    formatted,
    stage_count_table,
    status_count_table,
    ward_table,
)

#: the dashboard's money unit on screen and in the exports (the workbook's own unit)
UNIT = "백만원"


frames = selected_frames()
if frames is not None:
    ward, as_of = selected()
    st.title(f"{plain(ward)} 공약 이행 현황")
    quarter_caption(ward, as_of)
    q = data.quarter(ward, as_of)
    pledges, counts = q.pledges, q.progress.counts
    delta = None if q.rate_change is None else f"{q.rate_change:+.1f}%p"
    cards = st.columns(6)
    cards[0].metric("구 이행률", rate_text(q.progress.rate), delta,
                    help="공약별 이행률의 평균 (지표 없는 공약 제외)")
    if delta is not None:
        cards[0].caption(f"지난 기준일 {day(q.previous_as_of)} 대비")
    else:
        cards[0].caption("이전 분기 없음" if q.previous_as_of is None else "이행률을 계산할 지표 없음")
    cards[1].metric("완료", f"{counts['완료']}건")
    cards[2].metric("정상", f"{counts['정상']}건")
    cards[3].metric("지연", f"{counts['지연']}건")
    cards[4].metric("보류·폐기", f"{counts['보류'] + counts['폐기']}건")
    entered = q.budget_entered
    cards[5].metric("총 소요예산", format_money(q.budget_total, UNIT) if entered else "미입력",
                    help=f"소요예산을 적은 공약 {len(entered)}건의 합" if entered else "소요예산을 적은 공약이 없습니다")
    split = q.ward_split[q.ward_split["amount"] > 0] if len(q.ward_split) else q.ward_split
    if len(split) and q.budget_total:
        st.caption(" · ".join(f"{r.source} {format_money(r.amount, UNIT)} ({r.share:.1f}%)"
                              for r in split.itertuples()))
    if counts.get("지표 없음"):
        st.caption(f"지표 없음 {counts['지표 없음']}건: 계획·실적 지표가 없어 이행률에서 제외했습니다.")
    quarterly.evaluation_figures(q.evaluation)
    if q.ward_money.pledges_with_secured:
        money_cards = st.columns(3)
        money_cards[0].metric("재정 확보율", format_rate(q.ward_money.secured_rate),
                              help=f"{as_of.year}년까지 확보 ÷ 계획 (확보를 적은 공약 {q.ward_money.pledges_with_secured}건)")
        money_cards[1].metric("집행률", "미입력" if q.ward_money.spent_rate is None else
                              format_rate(q.ward_money.spent_rate), help=f"{as_of.year}년까지 집행 ÷ 확보")
        lagging = lagging_outside_money(q.funding, dict(zip(pledges["pledge_id"], pledges["title"], strict=True)))
        if len(lagging):
            st.markdown("**시비·국비 확보가 가장 뒤처진 공약**")
            lagging_table = lagging.assign(
                공약=lagging["pledge_id"] + ". " + lagging["title"], 재원=lagging["source"],
                계획=lagging["planned"].map(format_money), 확보=lagging["secured"].map(format_money),
                **{"재정 확보율": lagging["rate"].map(format_rate)},
            )[["공약", "재원", "계획", "확보", "재정 확보율"]]
            show_table(lagging_table, key="lagging_money")
    status_legend(sorted(set(pledges["status"])), overdue=bool(pledges["n_overdue"].sum()))
    show_warnings(ward, as_of)

    st.subheader("공약 목록")
    filter_columns = st.columns(4)
    picked = {f.column: filter_columns[i % 4].multiselect(f.label, f.options, key=f"filter_{f.column}",
                                                          placeholder="전체")
              for i, f in enumerate(filters(pledges))}
    shown = chosen(pledges, picked)
    # a department that has not submitted: its pledges carry an earlier 기준일's rows (spec "Department submissions")
    carried = {pid: o.carried_from for pid, o in data.pledge_origins(ward, as_of).items() if o.carried_from}
    listed, on_screen = data.built(("pledge_list", as_of, *sorted((k, tuple(v)) for k, v in picked.items())),
                                   lambda: pledge_list(shown, entered, carried, UNIT), ward=ward)
    if carried:
        st.info(f"담당부서가 아직 제출하지 않은 공약 {len(carried)}건은 이전 기준일 자료를 그대로 보여 줍니다 "
                "('제출' 열의 미제출). 이 분기의 실적이 아닙니다.")
    show_table(
        blank_text(on_screen), key="pledge_table", empty="고른 조건에 맞는 공약이 없습니다.",
        column_config={
            "이행률(%)": st.column_config.ProgressColumn("이행률(%)", min_value=0, max_value=100, format="%.1f%%"),
        },
    )
    if len(shown):
        titles = dict(zip(shown["pledge_id"], shown["title"], strict=True))
        choice = st.selectbox(
            "공약 상세 보기", list(shown["pledge_id"]), format_func=lambda pid: f"{pid}. {titles[pid]}",
            key=f"overview_pledge_{ward}_{as_of.isoformat()}", placeholder="공약 선택",
        )
        if st.button("상세 화면 열기", key="open_pledge") and choice:
            st.session_state["pledge_id"] = choice
            st.switch_page("views/pledge.py")

    status_table = data.built(("status_count_table", as_of), lambda: status_count_table(pledges), ward=ward)
    stage_table = data.built(("stage_count_table", as_of), lambda: stage_count_table(pledges), ward=ward)
    left, right = st.columns(2)
    with left:
        chart_or_table(data.built(("status_counts", ward, as_of), lambda: status_counts(pledges), ward=ward),
                       status_table, key="status", shared=("status_count_table", ward, as_of))
    with right:
        chart_or_table(data.built(("stage_counts", ward, as_of), lambda: stage_counts(pledges), ward=ward),
                       stage_table, key="stage", shared=("stage_count_table", ward, as_of))

    sheets = {"공약 목록": listed, "상태별 공약 수": status_table, "이행단계별 공약 수": stage_table}
    all_wards = data.wards()
    if len(all_wards) > 1:
        st.subheader("자치구 비교 (각 구의 최신 기준일)")
        # read from the figures kept at import (fast); with many wards it is long, so it opens on request
        if len(all_wards) <= 5 or st.toggle(f"{len(all_wards)}개 구 비교 보기", key="show_city"):
            city = data.city()
            if len(city.wards):
                show_city_map(city.wards)
                chart_or_table(data.built(("ward_comparison",), lambda: ward_comparison(city.wards), ward=None),
                               ward_table(city.wards), key="wards")
                sheets["자치구 비교"] = ward_table(city.wards)
            if len(city.seoul):
                st.markdown("**서울특별시 (시 공약, 자치구와 따로)**")
                show_table(blank_text(formatted(ward_table(city.seoul))), key="city_table")
                sheets["서울특별시"] = ward_table(city.seoul)

    downloads(sheets, name=f"{ward}_{as_of.isoformat()}_현황", title=f"{ward} 공약 이행 현황 ({format_date(as_of)} 기준)")
    quarterly.report_buttons(ward, as_of)
