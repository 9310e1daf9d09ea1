"""관리: accounts and the audit log, for admins (the store checks the right again)."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.auth import current_user, login_form
from store import accounts
from store.accounts import ROLE_NAMES, AccountError

st.title("관리")
store = data.get_store()
user = current_user() or (login_form(key="admin") if store.has_accounts() else None)
if store.has_accounts() and (user is None or user.role != "admin"):
    if user is not None:
        st.error("관리자만 볼 수 있는 화면입니다.")
    st.stop()
if not store.has_accounts():
    st.info("아직 계정이 없습니다: 누구나 올리고 되돌릴 수 있는 단일 부서 모드입니다. 첫 관리자 계정을 만드세요.")

st.subheader("계정")
listed = accounts.list_users(store.engine)
st.dataframe(
    [{"이름": a.name, "역할": ROLE_NAMES[a.role], "담당 구": ", ".join(sorted(a.wards))} for a in listed],
    hide_index=True, width="stretch", key="accounts",
)
with st.form("add_account"):
    name = st.text_input("이름")
    password = st.text_input("비밀번호 (8자 이상)", type="password")
    role = st.selectbox("역할", accounts.ROLES, format_func=lambda r: ROLE_NAMES[r])
    wards = st.multiselect("담당 구 (편집 계정)", data.wards(), placeholder="선택")
    if st.form_submit_button("계정 만들기"):
        try:
            accounts.add_user(store.engine, name, password, role, tuple(wards), by=user.name if user else "대시보드")
            st.success(f"'{name.strip()}' 계정을 만들었습니다.")
        except AccountError as problem:
            st.error(str(problem))
if listed:
    target = st.selectbox("지울 계정", [a.name for a in listed], key="remove_target")
    if st.button("계정 지우기", key="remove_account"):
        accounts.remove_user(store.engine, target, by=user.name if user else "대시보드")
        st.success(f"'{target}' 계정을 지웠습니다.")

st.subheader("기록 (최근 200건)")
events = store.audit_events(200)
st.dataframe(
    events.rename(columns={"at": "시각", "actor": "누가", "action": "무엇을", "outcome": "결과", "ward": "구",
                           "as_of": "기준일", "sha256": "파일 sha256", "detail": "내용"}),
    hide_index=True, width="stretch", key="audit",
)
