"""The quarterly documents and the evaluation figures on the pages, cached like dashboard/data.py.

The PDF, Excel and 한글 (HWPX) bytes are made only when an official clicks a download button
(Streamlit runs the callable then), and kept per `Store.ward_token(ward)`, so a second
click or another official's click of the same document costs nothing until the data
changes. The evaluation figures (spec "Evaluation figures", computed in
`figures.quarter.Quarter.evaluation`) are shown with their numerators and denominators.

Not named dashboard/documents.py: Streamlit puts dashboard/ first on sys.path, so
that name would hide the `documents` package from every `import documents`.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

import documents
from dashboard import data
from figures.evaluation import NO_ANNUAL_TARGET, Evaluation
from figures.formatting import format_rate

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HWPX = "application/hwp+zip"
MAKERS = {
    ("card", "pdf"): documents.card_pdf,
    ("card", "xlsx"): documents.card_xlsx,
    ("report", "pdf"): documents.report_pdf,
    ("report", "xlsx"): documents.report_xlsx,
    ("card", "hwpx"): documents.card_hwpx,
    ("report", "hwpx"): documents.report_hwpx,
}


@st.cache_data(show_spinner=False, max_entries=40)
def _document(url: str, state: str, kind: str, form: str, ward: str, as_of: dt.date,
              pledge_id: str | None, _store) -> bytes:
    make = MAKERS[(kind, form)]
    if kind == "card":
        return make(_store, ward, as_of, pledge_id)
    return make(_store, ward, as_of)


def _lazy(kind: str, form: str, ward: str, as_of: dt.date, pledge_id: str | None = None):
    """The bytes, made on click (on Streamlit's download thread) from the state seen on this run."""
    store, state = data.get_store(), data.ward_token(ward)
    return lambda: _document(store.url, state, kind, form, ward, as_of, pledge_id, store)


def _buttons(kind: str, ward: str, as_of: dt.date, name: str, label: str, pledge_id: str | None = None) -> None:
    """PDF (to print and file), 엑셀 (to add up and paste) and 한글 (to edit and attach to a 결재), side by
    side; on a phone Streamlit stacks the three columns, each button the screen's width."""
    forms = (("pdf", "PDF", PDF, ":material/picture_as_pdf:"), ("xlsx", "엑셀", XLSX, ":material/table_view:"),
             ("hwpx", "한글(HWPX)", HWPX, ":material/edit_document:"))
    for column, (form, word, mime, icon) in zip(st.columns(3), forms, strict=True):
        column.download_button(f"{label} {word}", _lazy(kind, form, ward, as_of, pledge_id), file_name=f"{name}.{form}",
                               mime=mime, key=f"{kind}_{form}", icon=icon, width="stretch",
                               on_click="ignore")


def card_buttons(ward: str, as_of: dt.date, pledge_id: str) -> None:
    """공약 상세: this pledge's 공약관리카드, as PDF, Excel and 한글 (HWPX)."""
    _buttons("card", ward, as_of, f"{ward}_공약{pledge_id}_공약관리카드_{as_of.isoformat()}", "공약관리카드",
             pledge_id)


def report_buttons(ward: str, as_of: dt.date) -> None:
    """현황: the ward's quarterly report (cover, summary, 분야, attention, changes, every card)."""
    st.subheader("분기 보고서")
    st.caption("표지, 요약, 분야별 현황, 점검이 필요한 사항, 지난 기준일 대비 변동, 모든 공약의 공약관리카드를 "
               "담은 공약 이행 현황 보고서입니다. 누르면 만들어 내려받습니다.")
    _buttons("report", ward, as_of, f"{ward}_공약이행현황_{as_of.isoformat()}", "보고서")


def evaluation_figures(found: Evaluation) -> None:
    """공약 이행 완료율 and 연차 목표 달성률 (figures.quarter.Quarter.evaluation), each with "n / N 공약"."""
    if not found.completion.denominator:
        return
    left, right = st.columns(2)
    completion, annual = found.completion, found.annual
    left.markdown(f"**공약 이행 완료율** &nbsp; {format_rate(completion.rate)} &nbsp; "
                  f"({completion.numerator} / {completion.denominator} 공약)",
                  help="이행단계가 완료(완료(지속) 포함)이거나 상태가 완료인 공약 ÷ 전체 공약. 보류·폐기도 분모에 듭니다.")
    right.markdown(f"**연차 목표 달성률 ({found.year}년)** &nbsp; {format_rate(annual.rate)} &nbsp; "
                   f"({annual.numerator} / {annual.denominator} 공약)",
                   help=f"{found.year}년 계획값을 세부사업마다 모두 달성했거나 완료된 공약 ÷ 전체 공약 "
                        "(한국매니페스토실천본부 방식)")
    if found.no_target:
        names = ", ".join(pid for pid, _ in found.no_target[:20]) + (" …" if len(found.no_target) > 20 else "")
        st.caption(f"{NO_ANNUAL_TARGET} {len(found.no_target)}건 (공약 {names}): {found.year}년 계획값이 없어 "
                   "달성 여부를 알 수 없습니다. 확인지표의 계획을 채워 주세요.")
