"""The card and the ward's report carry 계획 · 확보 · 집행 and the two rates (spec "Planned, secured and spent")."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

import documents
from tests.documents.conftest import DATA, squeeze

EXAMPLE = DATA / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx"
AS_OF = dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def funded_store(tmp_path_factory):
    from store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('funded') / 'store.sqlite'}")
    assert store.import_file(EXAMPLE).status == "stored"
    yield store
    store.engine.dispose()


def test_card_pdf_has_the_funding_table(funded_store, pdf_text):
    text = squeeze(pdf_text(documents.card_pdf(funded_store, "영등포구", AS_OF, "25")))
    section = text[text.index("계획·확보·집행"):text.index("공약달성확인지표")]
    for figure in ("3,413", "2,800", "2,300", "82.0", "82.1", "290", "260", "100.0", "89.7", "83.4", "82.8"):
        assert figure in section, figure


def test_card_without_funding_rows_has_no_funding_table(samples_store, pdf_text):
    text = squeeze(pdf_text(documents.card_pdf(samples_store, "영등포구", AS_OF, "25")))
    assert "계획·확보·집행" not in text


def test_excel_card_and_report_carry_the_rates(funded_store, pdf_text):
    book = load_workbook(io.BytesIO(documents.card_xlsx(funded_store, "영등포구", AS_OF, "25")))
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert 83.4 in [round(v, 1) for v in values if isinstance(v, float)]
    report = squeeze(pdf_text(documents.report_pdf(funded_store, "영등포구", AS_OF)))
    summary = report[report.index("주요지표"):]
    assert "재정확보율" in summary and "83.4" in summary and "3,090/3,703" in summary
    assert "집행률" in summary and "82.8" in summary
