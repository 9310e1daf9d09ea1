"""관리: accounts (create, change rights, reset a password, remove) and the audit log, for admins.

The store checks the right again on every change, on the acting account as it stands then.
"""

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
from store.accounts import ROLE_NAMES, ROLES, Account, AccountError
from store.passwords import RULE_TEXT


def _done(action) -> None:
    """Carry out an account change and say so; its Korean refusal otherwise."""
    try:
        st.success(action())
    except AccountError as problem:
        st.error(str(problem))


def accounts_table(listed: list[Account]) -> None:
    rows = [{"이름": a.name, "역할": ROLE_NAMES.get(a.role, a.role),
             "담당 구": ", ".join(sorted(a.wards)) or ("전체" if a.role in ("admin", "reviewer") else "없음"),
             "부서": ", ".join(d for _, d in sorted(a.departments)), "전자우편": a.email or "",
             "비밀번호": "초기화됨 (새로 정해야 함)" if a.must_change else ""} for a in listed]
    show_table(pd.DataFrame(rows, columns=["이름", "역할", "담당 구", "부서", "전자우편", "비밀번호"]),
               key="accounts", empty="계정이 없습니다.")


def create_form(store, user: Account) -> None:
    with st.expander("계정 만들기"), st.form("add_account"):
        st.caption(RULE_TEXT)
        name = st.text_input("이름")
        password = st.text_input("처음 비밀번호", type="password")
        role = st.selectbox("역할", ROLES, format_func=lambda r: ROLE_NAMES.get(r, r), placeholder="역할 선택")
        wards = st.multiselect("담당 구 (편집·검토 계정)", data.wards(), placeholder="선택")
        department = st.text_input("부서 (편집 계정을 한 부서로 한정할 때)")
        email = st.text_input("전자우편 (통합 로그인에 쓰는 주소)")
        if st.form_submit_button("계정 만들기"):
            def create() -> str:
                made = store.add_user(name, password, role, tuple(wards), by=user.name, user=user,
                                      department=department, email=email)
                return f"'{made.name}' 계정을 만들었습니다."
            _done(create)


def change_forms(store, user: Account, chosen: Account) -> None:
    """역할·담당 구 바꾸기, 비밀번호 초기화 and 계정 지우기 for the chosen account."""
    name = chosen.name
    with st.expander("역할·담당 구 바꾸기"), st.form("set_account"):
        role = st.selectbox("역할", ROLES, index=ROLES.index(chosen.role), format_func=lambda r: ROLE_NAMES.get(r, r),
                            placeholder="역할 선택")
        wards = st.multiselect("담당 구", sorted(set(data.wards()) | chosen.wards), default=sorted(chosen.wards),
                               placeholder="선택")
        department = st.text_input("부서 (비우면 한정 없음)", value=next(iter(chosen.departments), ("", ""))[1])
        email = st.text_input("전자우편", value=chosen.email or "")
        if st.form_submit_button("바꾸기"):
            def change() -> str:
                after = store.set_user(name, by=user.name, user=user, role=role, wards=tuple(wards),
                                       department=department, email=email)
                return f"'{name}' 계정을 바꿨습니다: {after.rights_text} (그 계정의 열린 로그인은 모두 끝났습니다)"
            _done(change)
    with st.expander("비밀번호 초기화"), st.form("reset_password"):
        st.caption("임시 비밀번호를 정해 본인에게 알려 주세요. 그 사람은 다음 로그인 때 새 비밀번호를 정해야 합니다. "
                   + RULE_TEXT)
        temporary = st.text_input("임시 비밀번호", type="password")
        if st.form_submit_button("초기화"):
            def reset() -> str:
                store.reset_password(name, temporary, by=user.name, user=user)
                return f"'{name}'의 비밀번호를 초기화했습니다 (그 계정의 열린 로그인은 모두 끝났습니다)."
            _done(reset)
    if st.button("계정 지우기", key="remove_account",
                 help="지우면 그 계정의 열린 로그인이 바로 끝나고, 올린 자료와 기록은 그대로 남습니다."):
        def remove() -> str:
            store.remove_user(name, by=user.name, user=user)
            return f"'{name}' 계정을 지웠습니다."
        _done(remove)


st.title("관리")
store = data.get_store()
st.caption(WHO_MAY_UPLOAD)
if not store.has_accounts() and current_user() is None:
    # the first account is always an admin: a viewer first would lock the store for good
    st.info(NO_ACCOUNT_YET)
    first_admin_form()
    st.stop()
user = login_form(key="admin")
if user is None or user.role != "admin":
    if user is not None:
        st.error("관리자만 볼 수 있는 화면입니다.")
    st.stop()

st.subheader("계정")
listed = store.users()
accounts_table(listed)
create_form(store, user)
if listed:
    target = st.selectbox("바꿀 계정", [a.name for a in listed], key="account_target", placeholder="계정 선택")
    chosen = next((a for a in listed if a.name == target), None)
    if chosen is not None:
        change_forms(store, user, chosen)

st.subheader("기록 (최근 200건)")
events = store.audit_events(200)
if events.empty:
    st.caption("기록이 없습니다.")
else:
    show_table(blank_text(audit.korean_events(events).astype(object).where(lambda f: f.notna(), None)),
               key="audit")
