"""Pledge 25's 공약관리카드 from the stored sample (seed 002): every figure of the report, as text and numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

import documents
from tests.documents.conftest import WARD, squeeze

AS_OF = dt.date(2020, 12, 31)
SUBS = ("도시공간구조 개편방안 마련", "산업혁신 앵커시설 조성", "기계금속제조업 산업재생 추진")
AMOUNTS = ("6,268", "1,889", "1,079", "735", "365", "2,200", "325", "5,943")


@pytest.fixture(scope="module")
def card_bytes(samples_store):
    return documents.card_pdf(samples_store, WARD, AS_OF, "25")


def test_pdf_text_holds_the_report_figures(card_bytes, pdf_text):
    text = pdf_text(card_bytes)
    for amount in AMOUNTS:
        assert re.search(rf"(?<![\d,]){re.escape(amount)}(?![\d,])", text), amount
    for name in SUBS:
        assert name in text
    for word in ("75.0", "여론수렴", "임기내", "(단위: 백만원)", "산업혁신 앵커시설 조성 등 도시재생사업 추진 (서울시)"):
        assert word in text, word
    # the seed's order of sections
    order = ["사업구분", "정부·서울시 도움", "정책개요", "정책현황 및 목표", "추진계획", "추진일정", "소요예산",
             "공약달성 확인지표", "추진실적", "담당부서"]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert "2020. 12. 31." in text
    assert "None" not in text and "nan" not in text


def test_pdf_has_page_numbers_and_every_font_embedded(card_bytes, pdf_text, pdf_fonts, pdf_pages):
    pages = pdf_pages(card_bytes)
    text = pdf_text(card_bytes)
    for page in range(1, pages + 1):
        assert f"{page} / {pages}" in text
    fonts = pdf_fonts(card_bytes)
    assert fonts, "no font listed"
    for row in fonts:
        # name type... encoding emb sub uni object ID: emb is the 5th field from the end
        assert row[-5] == "yes", row
    assert any("NanumGothic" in row[0] for row in fonts)


def test_excel_card_holds_the_figures_as_numbers(samples_store):
    content = documents.card_xlsx(samples_store, WARD, AS_OF, "25")
    sheet = load_workbook(io.BytesIO(content)).active
    numbers = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)]
    texts = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    for amount in AMOUNTS:
        assert int(amount.replace(",", "")) in numbers, amount
    for value in (75.0, 80, 85, 60, 100):
        assert value in numbers, value
    for name in SUBS:
        assert name in texts
    assert "여론수렴" in str([c.value for row in sheet.iter_rows() for c in row])
    assert "None" not in texts and "nan" not in texts
    # money keeps a thousands format, rates one decimal
    formats = {c.number_format for row in sheet.iter_rows() for c in row if c.value == 6268}
    assert formats == {"#,##0"}


def test_card_for_a_pledge_with_nothing_entered_reads_korean_placeholders(samples_store, pdf_text):
    text = pdf_text(documents.card_pdf(samples_store, "금천구", None, "3"))
    assert "주민자치회 활성화 정책" in text
    assert "미입력" in text and "소요예산 미입력" in text
    assert "None" not in text and "nan" not in text
    assert not re.search(r"(?<![\w,])0(?:\.0)?백만원", text)


def test_long_title_wraps_and_nothing_is_cut(samples_store, pdf_text):
    # 금천구 pledge 1 is the longest sample title; the 공약별 현황 table wraps it
    title = "G-PROJECT: 독산동 공군부대 부지 인공지능(AI) 융복합 협력단지 조성"
    text = pdf_text(documents.report_pdf(samples_store, "금천구", None))
    assert squeeze(text).count(squeeze(title)) >= 3  # pledge table, 연차 목표 없음 list, card


def test_unknown_pledge_ward_and_date_are_korean_errors(samples_store):
    with pytest.raises(documents.DocumentError, match="공약 99"):
        documents.card_pdf(samples_store, WARD, AS_OF, "99")
    with pytest.raises(documents.DocumentError, match="강남구"):
        documents.card_pdf(samples_store, "강남구", AS_OF, "25")
    with pytest.raises(documents.DocumentError, match="2021. 3. 31."):
        documents.report_xlsx(samples_store, WARD, dt.date(2021, 3, 31))
    # the way officials type a number still finds the pledge
    assert documents.card_xlsx(samples_store, WARD, AS_OF, "25.0")
