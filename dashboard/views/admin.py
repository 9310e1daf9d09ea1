"""관리: accounts and the audit log, for admins (the store checks the right again)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.auth import (
    NO_ACCOUNT_YET,
    WHO_MAY_UPLOAD,
    current_user,
    first_admin_form,
    login_form,
)
from dashboard.components import blank_text, show_table
from store import audit
from store.accounts import ROLE_NAMES, ROLES, AccountError

st.title("관리")
store = data.get_store()
st.caption(WHO_MAY_UPLOAD)
if not store.has_accounts() and current_user() is None:
    # the first account is always an admin: a viewer first would lock the store for good
    st.info(NO_ACCOUNT_YET)
    first_admin_form()
    st.stop()
user = current_user() or login_form(key="admin")
if user is None or user.role != "admin":
    if user is not None:
        st.error("관리자만 볼 수 있는 화면입니다.")
    st.stop()

st.subheader("계정")
listed = store.users()
show_table(
    pd.DataFrame([{"이름": a.name, "역할": ROLE_NAMES.get(a.role, a.role), "담당 구": ", ".join(sorted(a.wards))
                   or ("전체" if a.role in ("admin", "reviewer") else "없음")} for a in listed], columns=["이름", "역할", "담당 구"]),
    key="accounts", empty="계정이 없습니다.",
)
with st.form("add_account"):
    name = st.text_input("이름")
    password = st.text_input("비밀번호 (8자 이상)", type="password")
    role = st.selectbox("역할", ROLES, format_func=lambda r: ROLE_NAMES.get(r, r), placeholder="역할 선택")
    wards = st.multiselect("담당 구 (편집 계정)", data.wards(), placeholder="선택")
    if st.form_submit_button("계정 만들기"):
        try:
            store.add_user(name, password, role, tuple(wards), by=user.name)
            st.success(f"'{name.strip()}' 계정을 만들었습니다.")
        except AccountError as problem:
            st.error(str(problem))
if listed:
    target = st.selectbox("지울 계정", [a.name for a in listed], key="remove_target", placeholder="계정 선택")
    if st.button("계정 지우기", key="remove_account"):
        store.remove_user(target, by=user.name)
        st.success(f"'{target}' 계정을 지웠습니다.")

st.subheader("기록 (최근 200건)")
events = store.audit_events(200)
if events.empty:
    st.caption("기록이 없습니다.")
else:
    show_table(blank_text(audit.korean_events(events).astype(object).where(lambda f: f.notna(), None)),
               key="audit")
