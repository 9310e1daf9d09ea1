"""Issue 31: rights judged on the account as it stands, sessions that end, passwords with rules.

On a real SQLite file and a real PostgreSQL server; a change made by another process (the
command line) reaches a session held here.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from store import StoreError, passwords, sessions
from store.accounts import AccountError, LoginFailed, add_user
from store.models import AccountRow
from store.passwords import problems

DATA = Path(__file__).resolve().parents[2] / "data"
P25 = DATA / "영등포구_2020-12-31.xlsx"
PASSWORD = "correct horse 7"
NEW = "another Horse 8"
CLI = "import sys; from cli.main import main; sys.exit(main())"


def pledges(*args: str, url: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {"PLEDGES_DB": url, "PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-c", CLI, *args], env=environment, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def people(store):
    add_user(store.engine, "admin", PASSWORD, "admin", by="test")
    add_user(store.engine, "편집1", PASSWORD, "editor", ("영등포구",), by="admin")
    return store


def _refusals(store, action: str) -> list[str]:
    events = store.audit_events(500)
    return list(events[(events["action"] == action) & (events["outcome"] == "refused")]["detail"])


# --- passwords ------------------------------------------------------------------------------------


def test_12345678_is_refused_naming_each_rule():
    assert problems("약한", "12345678") == [
        "영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상이면 10자 이상, 세 종류 이상이면 8자 이상이어야 "
        "합니다 (지금 8자, 1종류: 숫자)",
        "흔히 쓰는 비밀번호 목록에 있습니다",
    ]


def test_two_kinds_need_ten_characters_and_three_kinds_eight():
    assert problems("kim", "abcdefg12") == [
        "영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상이면 10자 이상, 세 종류 이상이면 8자 이상이어야 "
        "합니다 (지금 9자, 2종류: 영문 소문자, 숫자)"]
    assert problems("kim", "abcdefg123") == []
    assert problems("kim", "abcdE#12") == []
    assert problems("kim", "공약관리-2026a") == []  # Hangul counts as 특수문자: 소문자, 숫자, 특수문자


def test_the_account_name_and_common_passwords_are_refused():
    assert problems("yeongdeungpo", "Yeongdeungpo2026!") == ["계정 이름이 들어 있습니다"]
    assert problems("kim", "qwer1234!") == ["흔히 쓰는 비밀번호 목록에 있습니다"]  # the list's qwer1234 with a "!"
    assert problems("kim", "Password12") == ["흔히 쓰는 비밀번호 목록에 있습니다"]
    assert "qlalfqjsgh1" in passwords.common_passwords()  # 비밀번호1 typed in English mode


def test_a_weak_password_is_refused_when_an_account_is_made(store):
    with pytest.raises(AccountError) as refused:
        add_user(store.engine, "약한", "12345678", "admin", by="test")
    assert str(refused.value).startswith("비밀번호를 쓸 수 없습니다: 영문 대문자·영문 소문자·숫자·특수문자 중")
    assert not store.has_accounts()


def test_a_hash_made_with_weaker_parameters_is_replaced_at_sign_in(people):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with people.engine.begin() as conn:
        conn.execute(update(AccountRow).where(AccountRow.name == "편집1").values(password_hash=weak))
    people.authenticate("편집1", PASSWORD)
    with people.engine.connect() as conn:
        kept = conn.execute(select(AccountRow.password_hash).where(AccountRow.name == "편집1")).scalar()
    assert kept != weak and not passwords.needs_rehash(kept)
    people.authenticate("편집1", PASSWORD)  # the new hash checks the same password


# --- rights re-read at every change ------------------------------------------------------------------


def test_a_removed_account_cannot_store_with_the_session_it_holds(people):
    editor = people.sign_in("편집1", PASSWORD)
    admin = people.authenticate("admin", PASSWORD)
    people.remove_user("편집1", by="admin", user=admin)
    outcome = people.import_file(P25, user=editor)
    assert outcome.status == "rejected"
    assert outcome.message == "영등포구_2020-12-31.xlsx: 계정이 지워져 로그아웃되었습니다. 다시 로그인해 주세요"
    assert people.wards() == []
    assert _refusals(people, "import") == ["계정이 지워져 로그아웃되었습니다. 다시 로그인해 주세요"]
    assert people.session_account(editor.session) == (None, "계정이 지워져 로그아웃되었습니다. 다시 로그인해 주세요")


def test_a_removed_account_is_refused_without_a_session_too(people):
    editor = people.authenticate("편집1", PASSWORD)  # what a script holds
    people.remove_user("편집1", by="admin", user=people.authenticate("admin", PASSWORD))
    outcome = people.import_file(P25, user=editor)
    assert outcome.message == ("영등포구_2020-12-31.xlsx: '편집1' 계정이 없습니다 (지워졌거나 쓸 수 없게 "
                               "되었습니다). 관리자에게 문의해 주세요")


def test_a_role_set_to_viewer_is_refused_at_the_next_action(people):
    editor = people.authenticate("편집1", PASSWORD)
    tab = people.sign_in("편집1", PASSWORD)
    admin = people.authenticate("admin", PASSWORD)
    after = people.set_user("편집1", by="admin", user=admin, role="viewer", wards=())
    assert after.rights_text == "열람 · -"
    assert people.import_file(P25, user=editor).message.endswith("'편집1' 계정은 열람만 할 수 있습니다")
    assert people.session_account(tab.session) == (
        None, "계정의 역할이나 담당 구가 바뀌어 로그아웃되었습니다. 다시 로그인해 주세요")
    events = people.audit_events(50)
    assert list(events[events["action"] == "account_set"]["detail"]) == [
        "편집1: 편집(담당 구) · 영등포구 → 열람 · -"]


def test_rights_are_changed_in_place_and_checked(people):
    admin = people.authenticate("admin", PASSWORD)
    moved = people.set_user("편집1", by="admin", user=admin, wards=("영등포구",), department="도시재생과",
                            email="Editor1@Ydp.go.kr")
    assert moved.rights_text == "편집(담당 구) · 영등포구 도시재생과만" and moved.email == "editor1@ydp.go.kr"
    with pytest.raises(AccountError, match="^부서는 담당 구가 하나인 편집 계정에만"):
        people.set_user("편집1", by="admin", user=admin, role="viewer")
    editor = people.authenticate("편집1", PASSWORD)
    with pytest.raises(AccountError, match=r"^'편집1' 계정은 이 작업을 할 수 없습니다 \(관리자만 가능\)$"):
        people.set_user("admin", by="편집1", user=editor, role="viewer")


def test_the_last_admin_can_be_neither_removed_nor_demoted(people):
    admin = people.authenticate("admin", PASSWORD)
    with pytest.raises(AccountError, match="^'admin'은\\(는\\) 마지막 관리자라 지울 수 없습니다"):
        people.remove_user("admin", by="admin", user=admin)
    with pytest.raises(AccountError, match="^'admin'은\\(는\\) 마지막 관리자라 역할을 바꿀 수 없습니다"):
        people.set_user("admin", by="admin", user=admin, role="viewer")


# --- sessions -------------------------------------------------------------------------------------


def test_an_idle_session_ends_and_says_why(people, monkeypatch):
    monkeypatch.setenv("PLEDGES_IDLE_MINUTES", "1")
    tab = people.sign_in("편집1", PASSWORD)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=75)
    state = sessions.check(people.engine, tab.session, now=later)
    assert (state.account_id, state.reason) == (None, "1분 동안 아무 작업이 없어 로그아웃되었습니다. 다시 로그인해 주세요")
    outcome = people.import_file(P25, user=tab)
    assert outcome.message.endswith("1분 동안 아무 작업이 없어 로그아웃되었습니다. 다시 로그인해 주세요")


def test_a_session_ends_after_its_lifetime_even_when_used(people, monkeypatch):
    monkeypatch.setenv("PLEDGES_SESSION_HOURS", "12")
    monkeypatch.setenv("PLEDGES_IDLE_MINUTES", "90")
    tab = people.sign_in("편집1", PASSWORD)
    start = dt.datetime.now(dt.UTC)
    for hour in range(1, 12):  # used every hour: never idle
        assert sessions.check(people.engine, tab.session, now=start + dt.timedelta(hours=hour)).account_id
    state = sessions.check(people.engine, tab.session, now=start + dt.timedelta(hours=12, minutes=1))
    assert state.reason == "로그인한 지 12시간이 지나 로그아웃되었습니다. 다시 로그인해 주세요"


def test_an_unset_or_wrong_limit_takes_the_default(monkeypatch):
    monkeypatch.setenv("PLEDGES_IDLE_MINUTES", "삼십")
    monkeypatch.delenv("PLEDGES_SESSION_HOURS", raising=False)
    assert sessions.idle_limit() == dt.timedelta(minutes=30)
    assert sessions.lifetime() == dt.timedelta(hours=12)


def test_signing_out_ends_every_tab_of_the_account(people):
    first, second = people.sign_in("편집1", PASSWORD), people.sign_in("편집1", PASSWORD)
    admin_tab = people.sign_in("admin", PASSWORD)
    people.sign_out(first)
    assert people.session_account(second.session) == (None, "로그아웃했습니다. 다시 로그인해 주세요")
    assert people.session_account(admin_tab.session)[0].name == "admin"


def test_a_change_made_by_another_process_reaches_a_session_held_here(people, store_url):
    tab = people.sign_in("편집1", PASSWORD)
    run = pledges("user", "set", "편집1", "--role", "열람", "--user", "admin", url=store_url,
                  env={"PLEDGES_PASSWORD": PASSWORD})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "'편집1' 계정을 바꿨습니다: 열람 · 영등포구 (열린 로그인은 모두 끝났습니다)"
    assert people.import_file(P25, user=tab).status == "rejected"
    assert people.session_account(tab.session)[0] is None


# --- passwords changed and reset ------------------------------------------------------------------------


def test_a_password_change_ends_sessions_and_the_old_password(people):
    tab = people.sign_in("편집1", PASSWORD)
    with pytest.raises(AccountError, match="^새 비밀번호가 지금 비밀번호와 같습니다"):
        people.change_password("편집1", PASSWORD, PASSWORD)
    with pytest.raises(LoginFailed, match="^이름 또는 비밀번호가 맞지 않습니다$"):
        people.change_password("편집1", "not the password", NEW)
    people.change_password("편집1", PASSWORD, NEW)
    with pytest.raises(LoginFailed):
        people.authenticate("편집1", PASSWORD)
    assert people.authenticate("편집1", NEW).name == "편집1"
    assert people.session_account(tab.session) == (None, "비밀번호가 바뀌어 로그아웃되었습니다. 다시 로그인해 주세요")


def test_an_admin_reset_makes_the_user_choose_a_new_password_first(people):
    admin = people.authenticate("admin", PASSWORD)
    people.reset_password("편집1", "Temporary-2026", by="admin", user=admin)
    reset = people.sign_in("편집1", "Temporary-2026")
    assert reset.must_change
    outcome = people.import_file(P25, user=reset)
    assert outcome.message == ("영등포구_2020-12-31.xlsx: '편집1' 계정은 관리자가 비밀번호를 초기화해 새 비밀번호를 "
                               "먼저 정해야 합니다 (대시보드의 비밀번호 변경, 또는 pledges user passwd 편집1)")
    people.change_password("편집1", "Temporary-2026", NEW)
    assert not people.authenticate("편집1", NEW).must_change
    assert people.import_file(P25, user=people.authenticate("편집1", NEW)).status == "stored"


def test_cli_passwd_by_the_user_and_by_an_admin(people, store_url):
    run = pledges("user", "passwd", "편집1", url=store_url,
                  env={"PLEDGES_PASSWORD": PASSWORD, "PLEDGES_NEW_PASSWORD": NEW})
    assert (run.returncode, run.stdout.strip()) == (0, "'편집1'의 비밀번호를 바꿨습니다 (열린 로그인은 모두 끝났습니다)")
    run = pledges("user", "passwd", "편집1", "--user", "admin", url=store_url,
                  env={"PLEDGES_PASSWORD": PASSWORD, "PLEDGES_NEW_PASSWORD": "12345678"})
    assert run.returncode == 1
    assert run.stderr.startswith("pledges: 비밀번호를 쓸 수 없습니다: 영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상이면")
    run = pledges("user", "passwd", "편집1", "--user", "admin", url=store_url,
                  env={"PLEDGES_PASSWORD": PASSWORD, "PLEDGES_NEW_PASSWORD": "Temporary-2026"})
    assert run.returncode == 0, run.stderr
    assert people.account("편집1").must_change
    with pytest.raises(LoginFailed):
        people.authenticate("편집1", NEW)


# --- the command line without a terminal -----------------------------------------------------------


def test_user_add_without_a_terminal_names_the_variable(store_url):
    run = pledges("user", "add", "관리", "--role", "관리자", url=store_url)
    assert run.returncode == 2
    assert run.stderr.strip() == ("pledges: 비밀번호를 물을 터미널이 없습니다. 환경 변수 PLEDGES_NEW_PASSWORD에 비밀번호를 넣어 "
                                  "실행해 주세요")
    assert "EOFError" not in run.stderr


def test_user_add_refuses_12345678_in_korean(store_url):
    run = pledges("user", "add", "약한", "--role", "관리자", url=store_url, env={"PLEDGES_NEW_PASSWORD": "12345678"})
    assert run.returncode == 1
    assert run.stderr.strip() == (
        "pledges: 비밀번호를 쓸 수 없습니다: 영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상이면 10자 이상, 세 종류 "
        "이상이면 8자 이상이어야 합니다 (지금 8자, 1종류: 숫자); 흔히 쓰는 비밀번호 목록에 있습니다")


def test_a_command_acting_as_someone_without_a_terminal_names_pledges_password(people, store_url):
    run = pledges("import", str(P25), "--user", "편집1", url=store_url)
    assert run.returncode == 2
    assert "환경 변수 PLEDGES_PASSWORD에 비밀번호를 넣어 실행해 주세요" in run.stderr


# --- single sign-on's matching -------------------------------------------------------------------------


def test_single_sign_on_matches_by_email_then_name(people):
    admin = people.authenticate("admin", PASSWORD)
    people.set_user("편집1", by="admin", user=admin, email="editor1@ydp.go.kr")
    by_mail = people.sso_sign_in("EDITOR1@ydp.go.kr", ("someone else",))
    assert by_mail.name == "편집1" and by_mail.session
    assert people.sso_sign_in(None, ("nobody", "admin")).name == "admin"
    assert people.sso_sign_in("stranger@example.org", ("stranger",)) is None
    events = people.audit_events(20)
    refused = events[(events["action"] == "login_failed") & (events["outcome"] == "refused")]
    assert list(refused["detail"]) == ["통합 로그인(SSO)으로 들어왔지만 계정이 없음 (stranger@example.org, stranger)"]


def test_a_session_is_not_a_right_the_store_takes_on_trust(people):
    """An Account made up by a caller, naming a session that was never started, is refused."""
    from store.accounts import Account

    forged = Account("admin", "admin", session="not-a-session")
    with pytest.raises(StoreError, match="^로그인 정보가 없습니다. 다시 로그인해 주세요$"):
        people.rollback("영등포구", dt.date(2020, 12, 31), user=forged)
