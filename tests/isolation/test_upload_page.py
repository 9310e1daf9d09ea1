"""The 업로드 page (AppTest): a runaway file is shown as not read and audited once; the page
reads each upload once, bounded, and 저장 stores that same result."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import loaders.bounded
from dashboard.components import plain
from store import open_store
from store.accounts import add_user

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
FILES = Path(__file__).resolve().parent / "files"
SAMPLE = ROOT / "data" / "영등포구_2020-12-31.xlsx"
PASSWORD = "correct horse 7"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED = ("파일을 읽지 못했습니다 — 저장하지 않았습니다. 분기자료.xlsx: 이 파일을 읽다가 메모리 한도(1GB)를 "
           "넘었습니다. 손상된 파일일 수 있습니다. Excel에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장한 뒤 올려 주세요")


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = open_store(url)
    store.load_samples(ROOT / "data")
    add_user(store.engine, "admin", PASSWORD, "admin", by="test")
    store.engine.dispose()
    return url


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names the page handed to the bounded reader."""
    seen: list[str] = []
    real = loaders.bounded.read_bounded

    def counted(content, name=None, **kwargs):
        seen.append(name)
        return real(content, name, **kwargs)

    monkeypatch.setattr(loaders.bounded, "read_bounded", counted)
    return seen


def _shown(app: AppTest) -> list[str]:
    """Every alert's text as the official reads it (the page escapes Markdown with backslashes)."""
    return [e.value.replace("\\", "") for e in [*app.error, *app.warning, *app.info, *app.success]]


def _signed_in(url: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("PLEDGES_DB", url)
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page("views/upload.py").run()
    app.text_input(key="login_name_upload").input("admin")
    app.text_input(key="login_password_upload").input(PASSWORD)
    app.button[[b.label for b in app.button].index("로그인")].click().run()
    assert not app.exception
    return app


def test_a_runaway_file_is_shown_as_not_read_and_audited_once(url, monkeypatch, reads):
    app = _signed_in(url, monkeypatch)
    app.file_uploader(key="workbook").set_value(("분기자료.xlsx", (FILES / "oleloop.xls").read_bytes(), XLSX)).run()
    assert not app.exception
    assert [e.value for e in app.error] == [plain(REFUSED)]
    assert not [b for b in app.button if b.label == "저장"]
    app.run()  # Streamlit reruns the page on every click: the file is not read again
    assert [e.value for e in app.error] == [plain(REFUSED)]
    assert reads == ["분기자료.xlsx"]
    store = open_store(url)
    events = store.audit_events()
    refused = events[(events["outcome"] == "refused") & (events["action"] == "import")]
    assert refused["detail"].tolist() == [REFUSED.split(". ", 1)[1]]
    assert refused["actor"].tolist() == ["admin"]
    # the server goes on: the next upload is read and can be stored
    app.file_uploader(key="workbook").set_value(("영등포구.xlsx", SAMPLE.read_bytes(), XLSX)).run()
    assert not app.exception and not app.error
    assert ("영등포구 2020. 12. 31. 기준: 이미 저장된 파일과 같습니다 (버전 1). 저장해도 달라지는 것이 없습니다."
            in _shown(app))
    store.engine.dispose()


def test_save_stores_the_result_read_once(url, monkeypatch, reads, tmp_path):
    from loaders.template import template_bytes
    from loaders.workbook import read_workbook

    snapshot = read_workbook(SAMPLE).snapshot
    changed = template_bytes(snapshot.__class__(**{**snapshot.__dict__, "author": "새 작성자"}))
    app = _signed_in(url, monkeypatch)
    app.file_uploader(key="workbook").set_value(("영등포구_새판.xlsx", changed, XLSX)).run()
    assert not app.exception and not app.error
    app.checkbox(key="confirm_replace").check().run()
    app.button(key="store_upload").click().run()
    assert not app.exception
    assert "영등포구_새판.xlsx: 영등포구 2020. 12. 31. 기준 자료를 저장했습니다 (버전 2)" in _shown(app)
    assert reads == ["영등포구_새판.xlsx"]  # read once: the page's reruns and 저장 reuse it
    store = open_store(url)
    assert store.original_file("영등포구", snapshot.as_of) == ("영등포구_새판.xlsx", changed)
    store.engine.dispose()
