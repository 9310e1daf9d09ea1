"""Signing in to the dashboard.

Uploads and rollbacks in the app always need a signed-in account (on a store
without any, the upload page first creates the admin); the store checks the
right again itself. Reading is open unless PLEDGES_REQUIRE_LOGIN=1 (for a
deployment outside an office network).
"""

from __future__ import annotations

import os

import streamlit as st

from dashboard import data
from store.accounts import ROLE_NAMES, Account, AccountError, LoginFailed

SESSION_KEY = "account"
#: the one sentence 업로드 and 관리 both show about who may change data
WHO_MAY_UPLOAD = (
    "자료를 올리거나 되돌리려면 로그인해야 합니다. 관리자는 모든 구, 편집 계정은 담당 구의 자료를 올릴 수 "
    "있고(부서 계정은 그 부서의 공약만), 열람 계정은 보기만 합니다."
)
NO_ACCOUNT_YET = "아직 계정이 없습니다. 먼저 관리자 계정을 만드세요 (첫 계정은 언제나 관리자이며, 만들면 그 계정으로 로그인됩니다)."


def current_user() -> Account | None:
    return st.session_state.get(SESSION_KEY)


def reading_requires_login() -> bool:
    return os.environ.get("PLEDGES_REQUIRE_LOGIN", "").strip() in ("1", "true", "yes")


def login_form(*, key: str, where=st) -> Account | None:  # noqa: ANN001 - st or st.sidebar
    """The signed-in account, or a sign-in form (returns None until it succeeds)."""
    user = current_user()
    if user is not None:
        return user
    with where.form(key=f"login_{key}"):
        name = st.text_input("이름", key=f"login_name_{key}")
        password = st.text_input("비밀번호", type="password", key=f"login_password_{key}")
        submitted = st.form_submit_button("로그인")
    if submitted:
        try:
            st.session_state[SESSION_KEY] = data.get_store().authenticate(name, password)
            st.rerun()
        except LoginFailed as problem:
            where.error(str(problem))
    return None


def first_admin_form() -> None:
    """On a store without accounts: create the first admin and sign it in."""
    with st.form(key="first_admin"):
        name = st.text_input("관리자 이름", key="first_admin_name")
        password = st.text_input("비밀번호 (8자 이상)", type="password", key="first_admin_password")
        submitted = st.form_submit_button("관리자 계정 만들기")
    if submitted:
        store = data.get_store()
        try:
            if store.has_accounts():
                raise AccountError("이미 계정이 있습니다. 로그인하세요")
            st.session_state[SESSION_KEY] = store.add_user(name, password, "admin", by="대시보드")
            st.rerun()
        except AccountError as problem:
            st.error(str(problem))


def sidebar_account() -> None:
    user = current_user()
    if user is None:
        return
    wards = ", ".join(sorted(user.wards)) or "모든 구" if user.role == "admin" else ", ".join(sorted(user.wards))
    st.sidebar.caption(f"{user.name} · {ROLE_NAMES[user.role]} · {wards or '-'}")
    if st.sidebar.button("로그아웃", key="logout"):
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()


def gate() -> bool:
    """False (after showing a sign-in form) when reading needs login and nobody is signed in."""
    if not reading_requires_login() or current_user() is not None:
        return True
    st.title("공약 이행 대시보드")
    st.info("이 대시보드는 로그인한 사람만 볼 수 있습니다.")
    login_form(key="gate")
    return False
