"""검토: the coordinating office approves or returns a stored version before it is published.

Shows the same differences the upload preview showed (against the version before it and
the previous quarter), the version's warnings and the 증빙 its decision will decide too; admins and reviewers of the ward decide,
editors see their wards' versions and the reasons given. The store checks the right again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.auth import login_form
from dashboard.components import plain
from dashboard.evidence import review_section
from figures.formatting import format_date, format_rate, korean_time
from figures.preview import diff_lines
from store import StoreError

st.title("검토")
st.caption("총괄부서가 올라온 분기 자료를 확인해 승인하거나 이유와 함께 반려합니다. 주민에게 공개되는 것은 "
           "구·기준일마다 승인된 최신 버전입니다.")
store = data.get_store()
user = login_form(key="review")
if user is None:
    st.info("검토 화면은 로그인한 사람만 볼 수 있습니다.")
    st.stop()
wards = data.wards()
visible = [w for w in wards if user.sees(w)]
if not visible:
    st.info("이 계정이 볼 수 있는 구의 자료가 없습니다.")
    st.stop()
if "review_message" in st.session_state:
    st.success(plain(st.session_state.pop("review_message")))
current = st.session_state.get("ward")
ward = st.selectbox("자치구", visible, index=visible.index(current) if current in visible else 0,
                    key="review_ward")
table = store.reviews(ward)
st.dataframe(
    pd.DataFrame({
        "기준일": table["as_of"].map(format_date), "버전": table["version"],
        "지금 보이는 버전": table["current"].map(lambda c: "●" if c else ""),
        "검토": table["state"], "반려 이유": table["reason"], "올린 사람": table["imported_by"],
        "검토한 사람": table["reviewed_by"].map(lambda v: v or ""),
        "검토 시각": table["reviewed_at"].map(lambda t: korean_time(t) if t is not None else ""),
    }),
    hide_index=True, width="stretch", key="review_table",
)
choices = [(r["as_of"], int(r["version"])) for r in table.to_dict("records")]
pending = [c for c, r in zip(choices, table.to_dict("records"), strict=True) if r["current"] and r["state"] == "검토 전"]
picked = st.selectbox("살펴볼 버전", choices, index=choices.index(pending[0]) if pending else 0,
                      format_func=lambda c: f"{format_date(c[0])} 버전 {c[1]}", key="review_version")
as_of, version = picked
found = store.version_preview(ward, as_of, version)
if found is not None:
    for diff in (found.against_replaced, found.against_previous):
        if diff is None:
            continue
        st.markdown(f"**{plain(diff.label)}** · 구 이행률 {plain(format_rate(diff.rate_before))} → "
                    f"{plain(format_rate(diff.rate_after))}")
        st.text("\n".join(diff_lines(diff)))
    if found.against_replaced is None:
        st.caption("이 기준일의 첫 버전입니다 (바꾼 버전 없음).")
    if found.against_previous is None:
        st.caption("지난 분기 없음: 비교할 이전 기준일 자료가 없습니다.")
    if found.warnings:
        st.markdown(f"**경고 {len(found.warnings)}건**")
        st.dataframe(pd.DataFrame([(w.sheet, w.cell, w.message) for w in found.warnings],
                                  columns=["시트", "셀", "내용"]), hide_index=True, width="stretch",
                     key="review_warnings")
    review_section(ward, as_of)
if user.may_review(ward):
    left, right = st.columns(2)
    if left.button("승인", type="primary", key="approve"):
        try:
            st.session_state["review_message"] = store.approve(ward, as_of, user=user, version=version)
            st.rerun()
        except StoreError as problem:
            st.error(plain(str(problem)))
    reason = right.text_input("반려 이유", key="return_reason", placeholder="올린 부서가 고칠 점을 적어 주세요")
    if right.button("반려", key="return"):
        try:
            st.session_state["review_message"] = store.return_version(ward, as_of, reason, user=user,
                                                                      version=version)
            st.rerun()
        except StoreError as problem:
            st.error(plain(str(problem)))
else:
    st.caption("승인·반려는 관리자와 이 구의 검토 계정만 할 수 있습니다.")
