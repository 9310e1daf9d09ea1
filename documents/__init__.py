"""The quarterly documents written from a stored quarter: the 공약관리카드 and the ward's report.

    card_pdf(store, ward, as_of, pledge_id) -> bytes     one pledge on A4
    card_xlsx(store, ward, as_of, pledge_id) -> bytes
    report_pdf(store, ward, as_of) -> bytes              cover, summary, 분야, attention, changes, cards
    report_xlsx(store, ward, as_of) -> bytes             one sheet per section
    card_hwpx(store, ward, as_of, pledge_id) -> bytes    the card as a 한글 document (HWPX), to edit
    published_card_pdf(store, snapshot_id, pledge_id, evidence_ids) -> bytes   the site's card
    report_hwpx(store, ward, as_of) -> bytes             the report as a 한글 document (HWPX)

`as_of` None means the ward's latest 기준일. An unknown ward, 기준일 or pledge raises
`DocumentError` with a Korean message. The room reads the store's frames and calls
`figures`; it holds no Streamlit. Model building (`card`, `report`) is apart from the
renderers (`pdf_card`, `pdf_report`, `xlsx`, `hwpx`), so the three formats cannot disagree.
"""

from __future__ import annotations

import datetime as dt

from documents.source import DocumentError, card_evidence, load_quarter, normal_id

__all__ = ["DocumentError", "card_pdf", "card_xlsx", "card_hwpx", "report_pdf", "report_xlsx", "report_hwpx",
           "published_card_pdf"]


def _card(store, ward: str, as_of: dt.date | None, pledge_id: str):
    from documents.card import build_card

    quarter, wanted = load_quarter(store, ward, as_of, pledge_id=pledge_id), normal_id(pledge_id)
    return build_card(quarter, wanted, card_evidence(store, quarter, pledge_id=wanted).get(wanted, []))


def _report(store, ward: str, as_of: dt.date | None):
    from documents.report import build_report

    quarter = load_quarter(store, ward, as_of)
    return build_report(quarter, card_evidence(store, quarter))


def card_pdf(store, ward: str, as_of: dt.date | None, pledge_id: str) -> bytes:
    from documents.pdf_card import card_document

    return card_document(_card(store, ward, as_of, pledge_id))


def published_card_pdf(store, snapshot_id: int, pledge_id: str, evidence_ids: list[int]) -> bytes:
    """The card residents download: the published (approved) version `snapshot_id`, which need not be the
    one the dashboard shows (a newer upload may wait for review), with the approved 증빙 `evidence_ids` only."""
    from documents.card import build_card
    from documents.pdf_card import card_document

    wanted = normal_id(pledge_id)
    quarter = store.quarter_by_id(snapshot_id, pledge_id=wanted)
    shown = card_evidence(store, quarter, pledge_id=wanted, only=evidence_ids).get(wanted, [])
    return card_document(build_card(quarter, wanted, shown))


def card_xlsx(store, ward: str, as_of: dt.date | None, pledge_id: str) -> bytes:
    from documents.xlsx import card_workbook

    return card_workbook(_card(store, ward, as_of, pledge_id))


def report_pdf(store, ward: str, as_of: dt.date | None) -> bytes:
    from documents.pdf_report import report_document

    return report_document(_report(store, ward, as_of))


def report_xlsx(store, ward: str, as_of: dt.date | None) -> bytes:
    from documents.xlsx import report_workbook

    return report_workbook(_report(store, ward, as_of))


def card_hwpx(store, ward: str, as_of: dt.date | None, pledge_id: str) -> bytes:
    from documents.hwpx import card_hwpx as card_document

    return card_document(_card(store, ward, as_of, pledge_id))


def report_hwpx(store, ward: str, as_of: dt.date | None) -> bytes:
    from documents.hwpx import report_hwpx as report_document

    return report_document(_report(store, ward, as_of))
