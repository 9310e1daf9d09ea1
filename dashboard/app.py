"""공약 이행 대시보드: the Streamlit app (`pledges serve` or `streamlit run dashboard/app.py`).

This file only sets the page up, offers the ward/기준일 choice and the
sample-data notice, and hands over to the page chosen in the navigation.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import data, unknown_page
from dashboard.auth import current_user, gate, sidebar_account
from dashboard.components import plain, sidebar_selectors
from dashboard.turns import drawing_turn
from store.permissions import PermissionDenied

HERE = Path(__file__).resolve().parent
#: pages that show a quarter's figures: they say when that quarter is not approved yet
READING_PAGES = {"overview", "pledge", "budget", "changes", ""}


def review_badge() -> None:
    """Internal pages mark a quarter that residents do not see yet (검토 전 or 반려)."""
    ward, as_of = st.session_state.get("ward"), st.session_state.get("as_of")
    if not ward or not as_of:
        return
    state = data.review_state(ward, as_of)
    if state is None or state[0] == "승인":
        return
    name, reason = state
    # a short badge, then text that wraps on a phone (a long badge is cut at the screen's edge)
    colour = "orange" if name == "검토 전" else "red"
    text = f"{ward} {as_of.year}. {as_of.month}. {as_of.day}. 기준 자료는 아직 승인되지 않아 공개되지 않습니다"
    if reason:
        text += f" (반려 이유: {reason})"
    st.markdown(f":{colour}-badge[{name}] {plain(text)}")

# a local favicon: a :material/ page icon makes the browser fetch it from fonts.gstatic.com (망분리)
st.set_page_config(page_title="공약 이행 대시보드", page_icon=str(HERE / "static" / "favicon.png"), layout="wide")

PAGES = [
    st.Page(str(HERE / "views" / "overview.py"), title="현황", icon=":material/dashboard:", default=True, url_path="overview"),
    st.Page(str(HERE / "views" / "pledge.py"), title="공약 상세", icon=":material/flag:", url_path="pledge"),
    st.Page(str(HERE / "views" / "budget.py"), title="예산", icon=":material/payments:", url_path="budget"),
    st.Page(str(HERE / "views" / "changes.py"), title="변화", icon=":material/trending_up:", url_path="changes"),
    st.Page(str(HERE / "views" / "upload.py"), title="업로드", icon=":material/upload_file:", url_path="upload"),
    st.Page(str(HERE / "views" / "submissions.py"), title="제출 현황", icon=":material/assignment_turned_in:",
            url_path="submissions"),
    st.Page(str(HERE / "views" / "review.py"), title="검토", icon=":material/fact_check:", url_path="review"),
    st.Page(str(HERE / "views" / "admin.py"), title="관리", icon=":material/admin_panel_settings:", url_path="admin"),
]

try:
    store = data.get_store()
    if gate():
        unknown_page.install()
        page = st.navigation(PAGES)
        asked = unknown_page.asked_for_unknown_page()
        if asked is not None:
            st.info(plain(unknown_page.notice(asked)))
        st.sidebar.title("공약 이행 대시보드")
        sidebar_account()
        sidebar_selectors()
        if os.environ.get("PLEDGES_OPEN_TO_NETWORK") and not store.has_accounts():
            st.warning("이 대시보드는 네트워크에 열려 있는데 아직 계정이 없습니다. 업로드 화면에서 바로 관리자 "
                       "계정을 만들어 주세요 (그 전에는 네트워크의 누구든 첫 관리자가 될 수 있습니다).",
                       icon=":material/warning:")
        if store.has_samples():
            st.sidebar.info("지금은 예시 자료(샘플 데이터)를 보여 주고 있습니다.")
            if st.sidebar.button("샘플 데이터 지우기", key="clear_samples"):
                try:
                    cleared = store.clear_samples(by="대시보드", user=current_user())
                    st.session_state.pop("ward", None)
                    st.session_state.pop("as_of", None)
                    st.sidebar.success(f"샘플 자료 {cleared}건을 지웠습니다.")
                    st.rerun()
                except PermissionDenied as refused:
                    st.sidebar.error(str(refused))
        if page.url_path in READING_PAGES:
            review_badge()
            with drawing_turn():  # at most two drawn at once: the first to arrive drawn first
                page.run()
        else:
            page.run()
except Exception as problem:  # never a traceback in front of an official
    st.error(f"화면을 그리는 중 문제가 생겼습니다: {problem}. 잠시 후 다시 열어 주시고, 계속되면 담당자에게 알려 주세요.")
