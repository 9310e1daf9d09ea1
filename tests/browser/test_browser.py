"""The app in a real browser: the figures a mayor's office reads, and uploads through the file input."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from store import open_store
from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parents[2] / "data"


def _open(page, server, path: str = "") -> None:
    page.goto(f"{server['base']}/{path}")
    page.get_by_text("공약 이행 대시보드").first.wait_for()


def test_overview_shows_yeongdeungpo_rate(page, server):
    _open(page, server)
    page.get_by_text("영등포구 공약 이행 현황").wait_for()
    metric = page.locator("[data-testid='stMetric']").filter(has_text="구 이행률")
    assert "75.0%" in metric.inner_text()
    page.get_by_text("구비 325백만원 (5.2%) · 시비 5,943백만원 (94.8%)").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    shot(page, "browser_overview")


def test_pledge_25_gantt_and_split(page, server):
    _open(page, server, "pledge")
    page.get_by_text("공약 25. 경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성").wait_for()
    gantt = page.locator(".js-plotly-plot").filter(has_text="추진일정").first
    gantt.wait_for()
    bars = gantt.locator("g.trace.bars g.point")
    expect(bars).to_have_count(3)  # plotly may still be drawing when its frame shows
    split = page.locator(".js-plotly-plot").filter(has_text="재원별").first
    text = split.inner_text()
    assert "구비 325백만원" in text and "5,943백만원" in text
    shot(page, "browser_pledge")


def _workbook(path: Path, **cells) -> bytes:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, cell = ref.split("__")
        wb[sheet][cell] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_upload_valid_workbook_adds_its_ward(page, server, tmp_path):
    path = tmp_path / "강남구_2025.xlsx"
    path.write_bytes(_workbook(DATA / "서초구_2025-03-31.xlsx", 개요__B1="강남구"))
    _open(page, server, "upload")
    sign_in(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("저장할 수 있지만 확인해 주세요").or_(page.get_by_text("이상 없음")).first.wait_for()
    page.get_by_role("button", name="저장").click()
    page.get_by_text("강남구 2025. 3. 31. 기준 자료를 저장했습니다").wait_for()
    shot(page, "browser_upload_ok")
    assert "강남구" in open_store(server["db"]).wards()
    _open(page, server)
    chooser = page.get_by_role("combobox", name="자치구")
    assert chooser.input_value() == "영등포구"
    chooser.click()
    page.get_by_role("option", name="강남구").wait_for()


def test_upload_broken_workbook_names_sheet_and_cell_and_stores_nothing(page, server, tmp_path):
    store = open_store(server["db"])
    before = [(w, store.as_of_dates(w)) for w in store.wards()]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(_workbook(DATA / "영등포구_2020-12-31.xlsx", 소요예산__F3="1O5"))
    _open(page, server, "upload")
    sign_in(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("오류 1건 — 저장하지 않았습니다").wait_for()
    page.get_by_text("소요예산!F3: '1O5'는 금액으로 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)").wait_for()
    assert page.get_by_role("button", name="저장").count() == 0
    shot(page, "browser_upload_broken")
    assert [(w, store.as_of_dates(w)) for w in store.wards()] == before


def test_editor_of_another_ward_is_refused_and_it_is_on_record(page, server, tmp_path):
    store = open_store(server["db"])
    before = store.history("영등포구")["sha256"].tolist()
    path = tmp_path / "ydp.xlsx"
    path.write_bytes(_workbook(DATA / "영등포구_2020-12-31.xlsx", 확인지표__H4=90))
    _open(page, server, "upload")
    sign_in(page, "서초편집")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("버전 1을 바꿉니다").wait_for()
    page.get_by_text("지금 보이는 버전 1 대신 이 파일을 보이게 하는 것을 확인했습니다").click()
    page.get_by_role("button", name="저장").click()
    page.get_by_text("'서초편집' 계정은 영등포구 자료를 바꿀 수 없습니다 (담당 구: 서초구)").wait_for()
    shot(page, "browser_upload_refused")
    assert store.history("영등포구")["sha256"].tolist() == before
    events = store.audit_events(50)
    refused = events[(events["outcome"] == "refused") & (events["actor"] == "서초편집")]
    assert list(refused["ward"]) == ["영등포구"]
