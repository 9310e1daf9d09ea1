"""Terms in the browser at 1,400 and 390 px: the term in the pickers and headers, a past term's final
record marked, and the 공약 조정 sections (explained and unexplained) on 공약 상세 and 변화."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from loaders import read_workbook
from loaders.model import AdjustmentRow
from loaders.template import template_bytes
from store import open_store
from tests.browser.conftest import ADMIN_PASSWORD, SHOTS
from tests.browser.legibility import cut_metrics, english, full_shot, settle
from tests.uploads.test_uploads import P25

pytestmark = pytest.mark.browser
WIDTHS = {"wall": (1400, 1000), "phone": (390, 844)}
SUB = "도시공간구조 개편방안 마련"
NEW_TITLE = "경인·문래 미래산업 거점 육성"


@pytest.fixture(scope="module")
def terms(server):
    """영등포구's samples (민선 7기), then a 민선 9기 plan and a quarter with two adjustments, one explained."""
    store = open_store(server["db"])
    admin = store.authenticate("관리자", ADMIN_PASSWORD)
    p25 = read_workbook(P25).snapshot
    plan = dataclasses.replace(p25, as_of=dt.date(2026, 9, 30), term=9, mayor="문헌일")
    assert store.import_file(template_bytes(plan), file_name="9기 이행계획.xlsx", user=admin).status == "stored"
    indicators = tuple(dataclasses.replace(i, target=80.0) if i.subproject == SUB else i for i in p25.indicators)
    reason = AdjustmentRow("25", None, "공약명 변경", "주민 의견을 반영해 이름을 바꿈",
                           "공약이행평가단 심의 2026. 11. 20.", dt.date(2026, 11, 20), "day")
    quarter = dataclasses.replace(plan, as_of=dt.date(2026, 12, 31), indicators=indicators,
                                  pledges=(dataclasses.replace(p25.pledges[0], title=NEW_TITLE),),
                                  adjustment_rows=(reason,))
    assert store.import_file(template_bytes(quarter), file_name="9기 4분기.xlsx", user=admin).status == "stored"
    store.engine.dispose()
    return server


def _open(browser, base: str, path: str, width: str, query: str):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/{path}?{query}")
    settle(page)
    return context, page


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_term_is_in_the_picker_and_the_header(browser, terms, width):
    context, page = _open(browser, terms["base"], "", width, "ward=영등포구&as_of=2026-12-31")
    try:
        assert page.get_by_role("combobox", name="기준일").input_value() == "민선 9기 · 2026. 12. 31."
        assert page.get_by_text("민선 9기 · 2026. 12. 31. 기준").count() == 1
        page.get_by_role("combobox", name="기준일").click()
        options = page.get_by_role("option").all_inner_texts()
        assert options[:2] == ["민선 9기 · 2026. 12. 31.", "민선 9기 · 2026. 9. 30."]
        assert "민선 7기 · 2020. 12. 31. · 최종 실적" in options
        page.keyboard.press("Escape")
        full_shot(page, SHOTS / f"terms_overview_{width}.png")
        assert english(page) == [] and cut_metrics(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_past_terms_final_record_is_marked(browser, terms, width):
    context, page = _open(browser, terms["base"], "", width, "ward=영등포구&as_of=2020-12-31")
    try:
        assert page.get_by_role("combobox", name="기준일").input_value() == "민선 7기 · 2020. 12. 31. · 최종 실적"
        assert page.get_by_text("민선 7기 최종 실적입니다").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_adjustment_sections_show_reasons_and_what_has_none(browser, terms, width):
    context, page = _open(browser, terms["base"], "pledge", width, "ward=영등포구&as_of=2026-12-31&pledge=25")
    try:
        page.get_by_text("공약 조정", exact=True).first.wait_for()
        assert page.get_by_text("이행계획(2026. 9. 30.)과 달라졌는데 사유가 없는 조정 1건").count() == 1
        assert page.get_by_text("민선 9기 이행계획과 달라진 점과 그 사유 (공약조정 시트)").count() == 1
        full_shot(page, SHOTS / f"terms_pledge_{width}.png")
        assert english(page) == [] and cut_metrics(page) == []
    finally:
        context.close()
    context, page = _open(browser, terms["base"], "changes", width, "ward=영등포구&as_of=2026-12-31")
    try:
        page.get_by_text("공약 조정 (이행계획 대비)").wait_for()
        assert page.get_by_text("2026. 9. 30. → 2026. 12. 31.").count() == 1  # the set's previous quarter
        full_shot(page, SHOTS / f"terms_changes_{width}.png")
        assert english(page) == []
    finally:
        context.close()
