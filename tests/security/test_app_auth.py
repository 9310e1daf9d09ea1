"""Sign-in in the app: changes need an account once accounts exist; admins only on 관리; text is escaped."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from store import open_store
from store.accounts import add_user

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PASSWORD = "correct horse 7"


@pytest.fixture
def url(store_url) -> str:
    url = store_url
    store = open_store(url)
    store.load_samples(ROOT / "data")
    add_user(store.engine, "admin", PASSWORD, "admin", by="test")
    add_user(store.engine, "ydp", PASSWORD, "editor", ("영등포구",), by="test")
    return url


def _app(url: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("PLEDGES_DB", url)
    return AppTest.from_file(APP, default_timeout=90)


def _login(app: AppTest, name: str, password: str) -> None:
    app.text_input(key="login_name_upload").input(name)
    app.text_input(key="login_password_upload").input(password)
    app.button[[b.label for b in app.button].index("로그인")].click().run()


def test_upload_needs_sign_in_once_accounts_exist(url, monkeypatch):
    app = _app(url, monkeypatch)
    app.run()
    app.switch_page("views/upload.py").run()
    assert not app.exception
    assert "자료를 올리거나 되돌리려면 로그인하세요." in [i.value for i in app.info]
    assert not app.get("file_uploader")
    _login(app, "ydp", "wrong password")
    assert [e.value for e in app.error] == ["이름 또는 비밀번호가 맞지 않습니다"]
    _login(app, "ydp", PASSWORD)
    assert not app.exception and app.get("file_uploader")
    assert any("ydp · 편집(담당 구) · 영등포구" in c.value for c in app.sidebar.caption)


def test_admin_page_refuses_editors(url, monkeypatch):
    app = _app(url, monkeypatch)
    app.run()
    app.switch_page("views/admin.py").run()
    app.text_input(key="login_name_admin").input("ydp")
    app.text_input(key="login_password_admin").input(PASSWORD)
    app.button[[b.label for b in app.button].index("로그인")].click().run()
    assert "관리자만 볼 수 있는 화면입니다." in [e.value for e in app.error]


def test_admin_page_shows_accounts_and_audit(url, monkeypatch):
    app = _app(url, monkeypatch)
    app.run()
    app.switch_page("views/admin.py").run()
    app.text_input(key="login_name_admin").input("admin")
    app.text_input(key="login_password_admin").input(PASSWORD)
    app.button[[b.label for b in app.button].index("로그인")].click().run()
    assert not app.exception
    names = list(app.dataframe[0].value["이름"])
    assert names == ["admin", "ydp"]
    assert "계정 만들기" in set(app.dataframe[1].value["무엇을"])


def test_reading_behind_login_when_set(url, monkeypatch):
    monkeypatch.setenv("PLEDGES_REQUIRE_LOGIN", "1")
    app = _app(url, monkeypatch)
    app.run()
    assert "이 대시보드는 로그인한 사람만 볼 수 있습니다." in [i.value for i in app.info]
    assert not app.metric


def test_workbook_text_is_never_markup(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'xss.sqlite'}"
    wb = openpyxl.load_workbook(ROOT / "data" / "영등포구_2020-12-31.xlsx")
    wb["공약"]["B2"] = "<script>alert(1)</script> **굵게** [링크](http://x)"
    buffer = io.BytesIO()
    wb.save(buffer)
    store = open_store(url)
    assert store.import_file(buffer.getvalue(), file_name="x.xlsx").status == "stored"
    app = _app(url, monkeypatch)
    app.session_state["ward"], app.session_state["as_of"] = "영등포구", dt.date(2020, 12, 31)
    app.run()
    app.switch_page("views/pledge.py").run()
    assert not app.exception
    title = app.title[0].value
    assert "\\<script\\>" in title and "\\*\\*굵게\\*\\*" in title and "\\[링크\\]" in title
    assert not any("unsafe_allow_html=True" in p.read_text(encoding="utf-8") for p in (ROOT / "dashboard").rglob("*.py"))
