"""Roles, refusals and the audit log, through the functions and through the CLI, on both databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cli.main import main
from store import StoreError
from store.accounts import AccountError, LoginFailed, add_user
from store.signin import authenticate, wait_seconds

DATA = Path(__file__).resolve().parents[2] / "data"
P25 = DATA / "영등포구_2020-12-31.xlsx"
SEOCHO = DATA / "서초구_2025-03-31.xlsx"
PASSWORD = "correct horse 7"


@pytest.fixture
def accounts(store):
    add_user(store.engine, "admin", PASSWORD, "admin", by="test")
    add_user(store.engine, "seocho", PASSWORD, "editor", ("서초구",), by="test")
    add_user(store.engine, "reader", PASSWORD, "viewer", by="test")
    return {name: authenticate(store.engine, name, PASSWORD) for name in ("admin", "seocho", "reader")}


def _events(store, action: str) -> list[dict]:
    events = store.audit_events(500)
    return events[events["action"] == action].to_dict("records")


def test_open_mode_without_accounts(store):
    assert store.import_file(P25).status == "stored"


def test_editor_of_seocho_cannot_import_yeongdeungpo(store, accounts):
    outcome = store.import_file(P25, user=accounts["seocho"])
    assert outcome.status == "rejected"
    assert outcome.message == "영등포구_2020-12-31.xlsx: 'seocho' 계정은 영등포구 자료를 바꿀 수 없습니다 (담당 구: 서초구)"
    assert store.wards() == []
    refused = [e for e in _events(store, "import") if e["outcome"] == "refused"]
    assert [(e["actor"], e["ward"]) for e in refused] == [("seocho", "영등포구")]


def test_editor_imports_its_own_ward_and_admin_any(store, accounts):
    assert store.import_file(SEOCHO, user=accounts["seocho"]).status == "stored"
    assert store.import_file(P25, user=accounts["admin"]).status == "stored"
    assert store.wards() == ["서초구", "영등포구"]


def test_viewer_and_anonymous_cannot_import_once_accounts_exist(store, accounts):
    assert store.import_file(SEOCHO, user=accounts["reader"]).message.endswith("'reader' 계정은 열람만 할 수 있습니다")
    assert "로그인이 필요합니다" in store.import_file(SEOCHO).message
    assert store.wards() == []


def test_rollback_needs_the_right(store, accounts):
    store.import_file(P25, user=accounts["admin"])
    with pytest.raises(StoreError, match="'seocho' 계정은 영등포구 자료를 바꿀 수 없습니다"):
        store.rollback("영등포구", dt.date(2020, 12, 31), user=accounts["seocho"])
    assert [e["outcome"] for e in _events(store, "rollback")] == ["refused"]


def test_failed_logins_are_audited_and_slowed_down(store, accounts):
    for _ in range(5):
        with pytest.raises(LoginFailed, match="^이름 또는 비밀번호가 맞지 않습니다$"):
            authenticate(store.engine, "seocho", "wrong password")
    assert len(_events(store, "login_failed")) == 5
    assert wait_seconds(store.engine, "seocho") >= 1
    with pytest.raises(LoginFailed, match="잠시 막혔습니다"):
        authenticate(store.engine, "seocho", PASSWORD)  # even the right password waits
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    assert wait_seconds(store.engine, "seocho", now=later) == 0


def test_unknown_name_gets_the_same_message(store, accounts):
    with pytest.raises(LoginFailed, match="^이름 또는 비밀번호가 맞지 않습니다$"):
        authenticate(store.engine, "nobody", PASSWORD)


def test_account_rules(store):
    with pytest.raises(AccountError, match="^비밀번호를 쓸 수 없습니다: .*8자 이상이어야 합니다 \\(지금 5자, 1종류"):
        add_user(store.engine, "a", "short", "admin", by="t")
    with pytest.raises(AccountError, match="담당 구를 하나 이상"):
        add_user(store.engine, "b", PASSWORD, "editor", by="t")
    with pytest.raises(AccountError, match="첫 계정은 관리자로 만들어 주세요"):
        add_user(store.engine, "c", PASSWORD, "viewer", by="t")
    add_user(store.engine, "boss", PASSWORD, "admin", by="t")
    add_user(store.engine, "c", PASSWORD, "viewer", by="t")
    with pytest.raises(AccountError, match="이미 있습니다"):
        add_user(store.engine, "c", PASSWORD, "viewer", by="t")
    assert [e["detail"] for e in _events(store, "account_add")] == [
        "c (열람 · -)", "boss (관리자(모든 구) · 모든 구)"]


def test_cli_users_and_refused_import(store_url, monkeypatch, capsys):
    monkeypatch.setenv("PLEDGES_NEW_PASSWORD", PASSWORD)
    assert main(["user", "add", "admin", "--role", "admin", "--db", store_url]) == 0
    monkeypatch.setenv("PLEDGES_PASSWORD", PASSWORD)
    assert main(["user", "add", "seocho", "--role", "editor", "--ward", "서초구", "--db", store_url,
                 "--user", "admin"]) == 0
    assert main(["user", "add", "x", "--role", "viewer", "--db", store_url]) == 1  # not signed in
    capsys.readouterr()
    assert main(["import", "--db", store_url, "--user", "seocho", str(P25)]) == 1
    assert "'seocho' 계정은 영등포구 자료를 바꿀 수 없습니다" in capsys.readouterr().out
    assert main(["import", "--db", store_url, "--user", "seocho", str(SEOCHO)]) == 0
    capsys.readouterr()
    assert main(["audit", "--db", store_url, "--json"]) == 0
    assert "refused" in capsys.readouterr().out
    assert main(["user", "list", "--db", store_url]) == 0
    assert "seocho  편집(담당 구) · 서초구" in capsys.readouterr().out
