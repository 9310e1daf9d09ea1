"""제출 현황, 업로드's department forms and 현황's carried pledges, through Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import open_store
from store.accounts import add_user
from tests.submissions.conftest import Q3, Q4, WARD, department_file, whole_file

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PASSWORD = "Password-2026"


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = open_store(url)
    store.import_file(whole_file(), file_name="중랑구_3분기.xlsx", by="총괄")
    store.import_file(department_file("도시재생과"), file_name="도시재생과.xlsx", by="도시")
    add_user(store.engine, "관리", PASSWORD, "admin", by="test")
    add_user(store.engine, "도시", PASSWORD, "editor", (WARD,), by="test", department="도시재생과")
    store.engine.dispose()
    return url


def _app(url: str, monkeypatch, who: str, page: str) -> AppTest:
    monkeypatch.setenv("PLEDGES_DB", url)
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state["session"] = open_store(url).sign_in(who, PASSWORD).session
    app.session_state["ward"], app.session_state["as_of"] = WARD, Q4
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def _texts(app: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("title", "caption", "markdown", "info", "warning", "error", "success")
                     for e in getattr(app, kind))


def test_the_board_shows_each_department_and_the_late_ones(url, monkeypatch):
    store = open_store(url)
    store.set_deadline(WARD, Q4, dt.date(2026, 12, 1), user=store.authenticate("관리", PASSWORD))  # passed
    app = _app(url, monkeypatch, "관리", "views/submissions.py")
    text = _texts(app)
    assert ":blue-badge[제출] **도시재생과**" in text and ":gray-badge[미제출] **복지정책과** :red-badge[기한 지남]" in text
    assert "기한이 지났는데 제출하지 않았거나 반려된 부서 3곳: 복지정책과, 교통행정과, 공원녹지과" in [e.value for e in app.error]
    assert ":gray-badge[미제출] 3곳 · :blue-badge[제출] 1곳 · :red-badge[반려] 0곳 · :green-badge[승인] 0곳" in text
    assert "None" not in text and "nan" not in text
    app.text_input(key="reason_도시재생과").input("실적 근거를 붙여 주세요")
    app.button(key="return_도시재생과").click().run()
    assert store.submissions(WARD, Q4).of("도시재생과").reason == "실적 근거를 붙여 주세요"
    assert "반려 이유: 실적 근거를 붙여 주세요" in _texts(app)


def test_an_admin_sets_the_deadline_on_the_board(url, monkeypatch):
    app = _app(url, monkeypatch, "관리", "views/submissions.py")
    save = [b.label for b in app.button].index("기한 저장")
    app.text_input(key=f"deadline_{WARD}_{Q4.isoformat()}").input("2030년 1월")
    app.button[save].click().run()
    assert any(e.value == "'2030년 1월'는 날짜가 아닙니다 (2027-01-15 또는 2027. 1. 15.처럼 적어 주세요)" for e in app.error)
    app.text_input(key=f"deadline_{WARD}_{Q4.isoformat()}").input("2030. 1. 20.")
    app.button[save].click().run()
    assert open_store(url).submissions(WARD, Q4).deadline == dt.date(2030, 1, 20)
    assert any(e.value.startswith("제출 기한 2030\\. 1\\. 20\\. · ") for e in app.info)


def test_a_department_editor_sees_its_own_row_and_its_form(url, monkeypatch):
    store = open_store(url)
    store.return_version(WARD, Q4, "실적 근거를 붙여 주세요", department="도시재생과",
                         user=store.authenticate("관리", PASSWORD))
    board = _app(url, monkeypatch, "도시", "views/submissions.py")
    text = _texts(board)
    assert "**도시재생과**" in text and "복지정책과" not in text
    upload = _app(url, monkeypatch, "도시", "views/upload.py")
    labels = [b.label for b in upload.get("download_button")]
    assert "이 분기 자료로 부서 서식 받기" in labels and not any("zip" in label for label in labels)
    assert any("도시재생과의 제출 자료(도시재생과.xlsx)가 반려되었습니다. 이유: 실적 근거를 붙여 주세요"
               in e.value.replace("\\", "") for e in upload.error)  # Markdown escapes taken out


def test_a_ward_editor_picks_any_department_and_gets_the_zip(url, monkeypatch):
    app = _app(url, monkeypatch, "관리", "views/upload.py")
    assert app.selectbox(key="department_pick").options == ["도시재생과", "복지정책과", "교통행정과", "공원녹지과"]
    assert "모든 부서 서식 묶음 받기 (4개 부서, zip)" in [b.label for b in app.get("download_button")]


def test_the_overview_marks_carried_pledges(url, monkeypatch):
    app = _app(url, monkeypatch, "관리", "views/overview.py")
    table = next(t.value for t in app.dataframe if "제출" in t.value.columns)
    assert table["제출"].tolist() == ["제출", "제출"] + ["미제출 (2026. 9. 30. 자료)"] * 3
    assert any("담당부서가 아직 제출하지 않은 공약 3건" in e.value for e in app.info)
    app.session_state["as_of"] = Q3
    app.run()
    assert not any("제출" in t.value.columns for t in app.dataframe)
