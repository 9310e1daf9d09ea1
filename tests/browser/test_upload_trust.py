"""Uploads in a real browser: the untouched template, the diff before replacing a quarter, next quarter's workbook."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from loaders import read_workbook
from loaders.template import template_bytes
from store import open_store
from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parents[2] / "data"


def _upload_page(page, server) -> None:
    page.goto(f"{server['base']}/upload")
    page.get_by_text("자료 올리기").first.wait_for()


def test_untouched_template_is_refused_with_its_cell(page, server, tmp_path):
    path = tmp_path / "서식.xlsx"
    path.write_bytes(template_bytes(None))
    _upload_page(page, server)
    sign_in(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("오류 2건 — 저장하지 않았습니다").wait_for()
    page.get_by_text("개요!B1: 자치구가 없습니다").first.wait_for()
    assert page.get_by_role("button", name="저장").count() == 0


def test_existing_quarter_shows_the_diff_and_waits_for_confirmation(page, server, tmp_path):
    store = open_store(server["db"])
    before = store.history("영등포구")["sha256"].tolist()
    snap = read_workbook(DATA / "영등포구_2020-12-31.xlsx").snapshot
    points = tuple(dataclasses.replace(p, value=50.0) if p.kind == "실적" and p.year == 2020
                   and p.subproject == "기계금속제조업 산업재생 추진" else p for p in snap.points)
    path = tmp_path / "영등포구_고침.xlsx"
    path.write_bytes(template_bytes(dataclasses.replace(snap, points=points)))
    _upload_page(page, server)
    sign_in(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("영등포구 2020. 12. 31. 기준: 버전 1을 바꿉니다").wait_for()
    page.get_by_text("실적 감소: 공약 25 '기계금속제조업 산업재생 추진' 60 → 50").first.wait_for()
    save = page.get_by_role("button", name="저장")
    assert save.is_disabled()
    shot(page, "browser_upload_preview")
    assert store.history("영등포구")["sha256"].tolist() == before  # nothing stored yet
    page.get_by_text("지금 보이는 버전 1 대신 이 파일을 보이게 하는 것을 확인했습니다").click()
    page.get_by_role("button", name="저장").click()
    page.get_by_text("영등포구 2020. 12. 31. 기준 자료를 저장했습니다 (버전 2)").wait_for()
    assert len(store.history("영등포구")) == len(before) + 1


def test_next_quarter_workbook_is_offered_and_downloads(page, server, tmp_path):
    _upload_page(page, server)
    button = page.get_by_role("button", name="이 분기 자료로 다음 분기 서식 받기")
    with page.expect_download() as download:
        button.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert download.value.suggested_filename.startswith("영등포구_2020-12-31")
    result = read_workbook(target)
    assert result.errors == [] and result.snapshot.ward == "영등포구"
    assert sum(r.amount for r in result.snapshot.budget if r.source == "구비") == 325_000_000
