"""Signing in to the dashboard: the store's own passwords, or the city's single sign-on.

A tab keeps only its session token (store.sessions), never the account: every run of a page
asks the store for the account as it stands now (`current_user`), so a removed account, a
changed role, a password change, signing out in another tab, the idle limit
(PLEDGES_IDLE_MINUTES) and the lifetime (PLEDGES_SESSION_HOURS) all end the tab's rights at
its next action, on every app process, and the sign-in form comes back with the reason. The
store checks the right again itself when a change is made.

With `[auth]` in `.streamlit/secrets.toml` the city's OpenID Connect provider signs people in
(`st.login`), and the person is matched to an account of the same e-mail or name;
PLEDGES_PASSWORD_LOGIN=0 then takes the store's own password form away.

Uploads and rollbacks in the app always need a signed-in account (on a store without any,
the upload page first creates the admin). Reading is open unless PLEDGES_REQUIRE_LOGIN=1.
"""

from __future__ import annotations

import os

import streamlit as st

from dashboard import data
from store.accounts import Account, AccountError, LoginFailed
from store.passwords import RULE_TEXT

SESSION_KEY = "session"
#: how the tab's session was opened (SSO sessions end with st.logout, so the provider asks again)
VIA_KEY = "session_via"
#: why the tab was signed out, shown once above the sign-in form
NOTICE_KEY = "signed_out_reason"
#: the e-mail single sign-on reported for a person without an account (asked once per tab)
UNKNOWN_KEY = "sso_without_account"
#: the one sentence 업로드 and 관리 both show about who may change data
WHO_MAY_UPLOAD = (
    "자료를 올리거나 되돌리려면 로그인해야 합니다. 관리자는 모든 구, 편집 계정은 담당 구의 자료를 올릴 수 "
    "있고(부서 계정은 그 부서의 공약만), 열람 계정은 보기만 합니다."
)
NO_ACCOUNT_YET = "아직 계정이 없습니다. 먼저 관리자 계정을 만드세요 (첫 계정은 언제나 관리자이며, 만들면 그 계정으로 로그인됩니다)."
PASSWORD_CHANGED = "비밀번호를 바꿨습니다. 열려 있던 로그인은 모두 끝났습니다. 새 비밀번호로 다시 로그인해 주세요."


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def reading_requires_login() -> bool:
    return _flag("PLEDGES_REQUIRE_LOGIN", "")


def sso_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (the city's OpenID Connect provider)."""
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def passwords_allowed() -> bool:
    """The store's own password form; PLEDGES_PASSWORD_LOGIN=0 switches it off where SSO is set up."""
    return not sso_configured() or _flag("PLEDGES_PASSWORD_LOGIN", "1")


def _start(account: Account, via: str) -> None:
    st.session_state[SESSION_KEY] = account.session
    st.session_state[VIA_KEY] = via
    st.session_state.pop(NOTICE_KEY, None)


def _sso_identity() -> tuple[str | None, tuple[str, ...]] | None:
    if not sso_configured() or not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    names = tuple(str(claims[k]) for k in ("preferred_username", "name", "sub") if claims.get(k))
    email = claims.get("email")
    return (str(email) if email else None), names


def _sso_session() -> None:
    """A person the provider signed in gets a session of the matching account (once per tab)."""
    identity = _sso_identity()
    if identity is None or st.session_state.get(UNKNOWN_KEY):
        return
    email, names = identity
    account = data.get_store().sso_sign_in(email, names)
    if account is None:
        st.session_state[UNKNOWN_KEY] = email or (names[0] if names else "?")
    else:
        _start(account, "SSO")


def current_user() -> Account | None:
    """The tab's account as it stands in the store now; None (with the reason kept) once its session ended."""
    token = st.session_state.get(SESSION_KEY)
    if token is None:
        _sso_session()
        token = st.session_state.get(SESSION_KEY)
        if token is None:
            return None
    account, reason = data.get_store().session_account(token)
    if account is None:
        st.session_state.pop(SESSION_KEY, None)
        st.session_state[NOTICE_KEY] = reason
        if st.session_state.pop(VIA_KEY, None) == "SSO" and st.user.is_logged_in:
            st.logout()  # the provider asks again; otherwise the cookie would sign the tab straight back in
    return account


def no_account_notice(where=st) -> bool:
    """The page for a person single sign-on knows but the store does not: whom to ask. True when shown."""
    who = st.session_state.get(UNKNOWN_KEY)
    if not who:
        return False
    admins = [a.name for a in data.get_store().users() if a.role == "admin"]
    where.warning(
        f"{who}(으)로 통합 로그인했지만 이 대시보드에는 그 계정이 없습니다. 구청 공약 총괄부서의 대시보드 관리자"
        + (f"({', '.join(admins)})" if admins else "")
        + "에게 같은 이름이나 전자우편으로 계정을 만들어 달라고 요청해 주세요. 계정이 생기면 다시 로그인하면 됩니다."
    )
    if where.button("통합 로그인에서 로그아웃", key=f"sso_out_{id(where)}"):
        st.session_state.pop(UNKNOWN_KEY, None)
        st.logout()
    return True


def login_form(*, key: str, where=st) -> Account | None:
    """The signed-in account, or a sign-in form (returns None until it succeeds).

    An account whose password an admin reset gets the password change form instead, and None."""
    user = current_user()
    if user is not None and user.must_change:
        where.warning("관리자가 비밀번호를 초기화했습니다. 계속하려면 새 비밀번호를 정해 주세요.")
        password_form(user, key=f"forced_{key}", where=where)
        return None
    if user is not None:
        return user
    notice = st.session_state.get(NOTICE_KEY)
    if notice:
        where.warning(notice)
    if no_account_notice(where):
        return None
    if sso_configured() and where.button("통합 로그인(SSO)", key=f"sso_{key}", type="primary"):
        st.login()
    if not passwords_allowed():
        return None
    with where.form(key=f"login_{key}"):
        name = st.text_input("이름", key=f"login_name_{key}")
        password = st.text_input("비밀번호", type="password", key=f"login_password_{key}")
        submitted = st.form_submit_button("로그인")
    if submitted:
        try:
            _start(data.get_store().sign_in(name, password), "비밀번호")
            st.rerun()
        except LoginFailed as problem:
            where.error(str(problem))
    return None


def password_form(user: Account, *, key: str, where=st) -> None:
    """비밀번호 변경: the current password again and a new one twice; every session of the account ends."""
    with where.form(key=f"password_{key}"):
        st.caption(RULE_TEXT)
        old = st.text_input("지금 비밀번호", type="password", key=f"old_password_{key}")
        new = st.text_input("새 비밀번호", type="password", key=f"new_password_{key}")
        again = st.text_input("새 비밀번호 한 번 더", type="password", key=f"again_password_{key}")
        submitted = st.form_submit_button("비밀번호 바꾸기")
    if not submitted:
        return
    if new != again:
        where.error("새 비밀번호 두 칸이 다릅니다")
        return
    try:
        data.get_store().change_password(user.name, old, new)
    except AccountError as problem:
        where.error(str(problem))
        return
    st.session_state.pop(SESSION_KEY, None)
    st.session_state[NOTICE_KEY] = PASSWORD_CHANGED
    st.rerun()


def first_admin_form() -> None:
    """On a store without accounts: create the first admin and sign it in."""
    with st.form(key="first_admin"):
        st.caption(RULE_TEXT)
        name = st.text_input("관리자 이름", key="first_admin_name")
        password = st.text_input("비밀번호", type="password", key="first_admin_password")
        submitted = st.form_submit_button("관리자 계정 만들기")
    if submitted:
        store = data.get_store()
        try:
            if store.has_accounts():
                raise AccountError("이미 계정이 있습니다. 로그인하세요")
            store.add_user(name, password, "admin", by="대시보드")
            _start(store.sign_in(name, password), "비밀번호")
            st.rerun()
        except AccountError as problem:
            st.error(str(problem))


def sidebar_account() -> None:
    user = current_user()
    if user is None:
        return
    st.sidebar.caption(f"{user.name} · {user.rights_text}")
    if st.session_state.get(VIA_KEY) != "SSO" and not user.must_change:
        with st.sidebar.expander("비밀번호 변경"):
            password_form(user, key="sidebar")
    if st.sidebar.button("로그아웃", key="logout", help="이 계정의 열린 로그인(다른 탭과 컴퓨터 포함)을 모두 끝냅니다"):
        data.get_store().sign_out(user)
        st.session_state.pop(SESSION_KEY, None)
        st.session_state[NOTICE_KEY] = "로그아웃했습니다."
        if st.session_state.pop(VIA_KEY, None) == "SSO" and st.user.is_logged_in:
            st.logout()
        st.rerun()


def gate() -> bool:
    """False (after showing a sign-in form) when reading needs login and nobody is signed in."""
    if not reading_requires_login():
        return True
    user = current_user()
    if user is not None and not user.must_change:
        return True
    st.title("공약 이행 대시보드")
    st.info("이 대시보드는 로그인한 사람만 볼 수 있습니다.")
    login_form(key="gate")
    return False
