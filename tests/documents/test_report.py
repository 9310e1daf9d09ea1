"""The ward's quarterly report: the summary figures with their numerators, every pledge, page numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

import documents
from documents.pdf import DocumentPDF
from documents.tables import Table, head, text_cell
from tests.documents.conftest import WARD, squeeze

AS_OF = dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def report_bytes(samples_store):
    return documents.report_pdf(samples_store, WARD, AS_OF)


def test_summary_figures_with_numerators_and_denominators(report_bytes, pdf_text):
    text = pdf_text(report_bytes)
    assert "영등포구 공약 이행 현황" in text
    assert "75.0" in text  # 구 이행률
    assert "+18.3%p" in text  # since 2019-12-31 (56.7 %)
    assert re.search(r"공약 이행 완료율.*?0\.0.*?0 / 1", text, re.S)
    assert re.search(r"연차 목표 달성률 \(2020년\).*?100\.0.*?1 / 1", text, re.S)
    for section in ("요약", "분야별 현황", "점검이 필요한 사항", "지난 기준일 대비 변동"):
        assert section in text
    assert "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성" in text
    assert "None" not in text and "nan" not in text


def test_page_numbers_on_every_page(report_bytes, pdf_text, pdf_pages):
    pages = pdf_pages(report_bytes)
    assert pages >= 3
    text = pdf_text(report_bytes)
    for page in range(1, pages + 1):
        assert f"{page} / {pages}" in text


def test_every_pledge_title_of_a_ward(samples_store, pdf_text):
    text = squeeze(pdf_text(documents.report_pdf(samples_store, "금천구", None)))
    for title in ("G-PROJECT: 독산동 공군부대 부지 인공지능(AI) 융복합 협력단지 조성",
                  "서울디지털산업단지(G밸리) 혁신", "주민자치회 활성화 정책"):
        assert squeeze(title) in text
    assert squeeze("이전 기준일 자료가 없어 비교할 수 없습니다") in text
    assert squeeze("0 / 3") in text  # 완료율 and 연차 목표 달성률 of three pledges


def test_excel_report_one_sheet_per_section_with_numbers(samples_store):
    book = load_workbook(io.BytesIO(documents.report_xlsx(samples_store, WARD, AS_OF)))
    assert book.sheetnames == ["요약", "공약별 현황", "분야별 현황", "점검이 필요한 사항", "지난 기준일 대비 변동",
                               "공약 조정 (이행계획 대비)", "공약관리카드"]
    adjustments = [c.value for row in book["공약 조정 (이행계획 대비)"].iter_rows() for c in row if c.value]
    plan = samples_store.pledge_set(WARD, AS_OF).first  # the set's plan: its first 기준일 stored here
    assert f"민선 7기 이행계획({plan.year}. {plan.month}. {plan.day}.)과 달라진 공약이 없습니다." in adjustments
    summary = book["요약"]
    values = [c.value for row in summary.iter_rows() for c in row]
    assert 75.0 in values and 6268 in values and "0 / 1" in values and "1 / 1" in values
    cards = book["공약관리카드"]
    assert any(c.value == 5943 for row in cards.iter_rows() for c in row)


def test_a_table_taller_than_a_page_repeats_its_header_and_keeps_rows_whole(pdf_text):
    pdf = DocumentPDF("시험")
    table = Table(widths=[1, 4])
    table.header.append([head("번호"), head("내용")])
    long = "긴 내용이 여러 줄로 넘어가는 칸 " * 6
    table.rows = [[text_cell(str(i)), text_cell(f"시작{i}호 {long}끝{i}호")] for i in range(80)]
    pdf.add_page()
    pdf.table(table)
    pages = pdf_text(bytes(pdf.output())).split("\f")[:-1]
    assert len(pages) >= 3
    assert all(page.count("번호") == 1 for page in pages)  # the header on every page
    for i in range(80):
        # a row is never cut: its first and last words sit on the same page
        assert [f"시작{i}호" in page for page in pages] == [f"끝{i}호" in page for page in pages]
        assert sum(f"시작{i}호" in page for page in pages) == 1


def test_characters_the_font_lacks_are_replaced_not_boxes():
    pdf = DocumentPDF()
    assert pdf.clean("✓ 완료") == "V 완료"
    assert pdf.clean("가\u2027나") == "가·나"
    assert pdf.clean("\U0001F600") == "□"


def test_excel_text_never_becomes_a_formula():
    from openpyxl import Workbook

    from documents.xlsx import Sheet, _save

    workbook = Workbook()
    sheet = Sheet(workbook.active)
    table = Table(widths=[1])
    table.header.append([head("내용")])
    for text in ("=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-=2+3", "- 글머리 줄"):
        table.rows.append([text_cell(text)])
    sheet.table(table)
    cells = [c for row in load_workbook(io.BytesIO(_save(workbook))).active.iter_rows() for c in row if c.value]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells][1:] == ["'=1+1", "'+cmd|' /C calc'!A0", "'@SUM(A1)", "'-=2+3", "'- 글머리 줄"]
