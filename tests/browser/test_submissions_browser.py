"""Department submissions in the browser at 1,400 and 390 px: a department editor's upload and the 제출 현황 board.

The ward of four departments (tests/submissions/conftest.py) is added to the served store: its
2026-09-30 quarter whole, 도시재생과's part of 2026-12-31, a passed deadline, and a department editor.
Screenshots: tests/screenshots/submissions_*.png.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from store import open_store
from tests.browser.conftest import ADMIN_PASSWORD, SHOTS
from tests.browser.legibility import cut_metrics, english, full_shot, settle
from tests.submissions.conftest import Q4, WARD, department_file, whole_file

pytestmark = pytest.mark.browser
WIDTHS = {"wall": (1400, 1000), "phone": (390, 844)}
#: the 기준일 each width's upload is for (new quarters after 2026-12-31, so neither replaces the other)
UPLOADS = {"wall": dt.date(2027, 3, 31), "phone": dt.date(2027, 6, 30)}
EDITOR = "도시편집"


@pytest.fixture(scope="module")
def ward(server):
    store = open_store(server["db"])
    admin = store.authenticate("관리자", ADMIN_PASSWORD)
    assert store.import_file(whole_file(), file_name="중랑구_3분기.xlsx", user=admin).status == "stored"
    assert store.import_file(department_file("도시재생과"), file_name="도시재생과_4분기.xlsx",
                             user=admin).status == "stored"
    store.set_deadline(WARD, Q4, dt.date(2026, 11, 30), user=admin)  # passed: three departments are late
    store.add_user(EDITOR, ADMIN_PASSWORD, "editor", (WARD,), by="test", department="도시재생과", user=admin)
    store.engine.dispose()
    return server


def _open(browser, base: str, path: str, width: str):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/{path}?ward={WARD}&as_of={Q4.isoformat()}")
    settle(page)
    return context, page


def _sign_in(page, name: str) -> None:
    page.get_by_label("이름").fill(name)
    page.get_by_label("비밀번호").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    settle(page)


def _plain(page) -> list[str]:
    """Words that must never reach an official: Python's empty values."""
    text = page.evaluate("() => document.body.innerText")
    return [word for word in ("None", "nan", "NaT") if f" {word}" in f" {text}".replace("\n", " ")]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_department_editor_uploads_its_part(browser, ward, width, tmp_path):
    as_of = UPLOADS[width]
    path = tmp_path / f"도시재생과_{as_of.isoformat()}.xlsx"
    path.write_bytes(department_file("도시재생과", as_of, actual={"1": 70.0, "2": 45.0}))
    previous = max(d for d in open_store(ward["db"]).as_of_dates(WARD) if d < as_of)  # the other width's, if first
    context, page = _open(browser, ward["base"], "upload", width)
    try:
        _sign_in(page, EDITOR)
        page.get_by_text("이 계정은 중랑구 도시재생과의 공약만 올릴 수 있습니다").first.wait_for()
        assert page.get_by_role("button", name="이 분기 자료로 부서 서식 받기").count() == 1
        assert page.get_by_role("button", name="모든 부서 서식 묶음 받기 (4개 부서, zip)").count() == 0
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_text("도시재생과의 공약만 바뀝니다").wait_for()
        when = f"{previous.year}. {previous.month}. {previous.day}."
        page.get_by_text(f"지난 분기({when})와 비교 · 도시재생과의 공약만").first.wait_for()
        settle(page)
        full_shot(page, SHOTS / f"submissions_upload_{width}.png")
        assert english(page) == [] and cut_metrics(page) == [] and _plain(page) == []
        page.get_by_role("button", name="저장").click()
        page.get_by_text(f"도시재생과의 자료를 중랑구 {as_of.year}. {as_of.month}. {as_of.day}. 기준 자료에 합쳐 "
                         "저장했습니다").wait_for()
    finally:
        context.close()
    board = open_store(ward["db"]).submissions(WARD, as_of)
    assert [(d.department, d.state) for d in board.departments][:2] == [("도시재생과", "제출"), ("복지정책과", "미제출")]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_board_shows_states_deadline_and_late_departments(browser, ward, width):
    context, page = _open(browser, ward["base"], "submissions", width)
    try:
        _sign_in(page, "관리자")
        page.get_by_text("제출 현황", exact=True).first.wait_for()
        page.get_by_text("기한이 지났는데 제출하지 않았거나 반려된 부서 3곳: 복지정책과, 교통행정과, 공원녹지과").wait_for()
        expect(page.get_by_text("제출 기한 2026. 11. 30.")).to_have_count(1)  # the cards may still be drawing
        expect(page.get_by_text("도시재생과_4분기.xlsx", exact=False)).to_have_count(1)
        expect(page.get_by_text("기한 지남", exact=True)).to_have_count(3)
        full_shot(page, SHOTS / f"submissions_board_{width}.png")
        assert english(page) == [] and cut_metrics(page) == [] and _plain(page) == []
    finally:
        context.close()


def test_a_department_editor_sees_its_own_row_only(browser, ward):
    context, page = _open(browser, ward["base"], "submissions", "phone")
    try:
        _sign_in(page, EDITOR)
        page.get_by_text("이 계정은 도시재생과의 현황만 봅니다.").wait_for()
        assert page.get_by_text("복지정책과").count() == 0
        full_shot(page, SHOTS / "submissions_board_department_phone.png")
    finally:
        context.close()
