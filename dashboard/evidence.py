"""공약 상세's 증빙: the photos (a gallery of thumbnails; a click opens the photo) and the documents behind
a pledge's figures, with adding and removing for those who may (the store judges the right again).

Everything read here is the store's (store/evidence.py), cached per state of the ward; a file handed in
is judged and a photo prepared in the bounded worker by the store, never in this process.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import data
from dashboard.auth import current_user
from dashboard.components import plain
from figures.formatting import file_size, format_date, korean_time
from loaders.dates import not_a_day, typed_day
from store import StoreError
from store.evidence import Evidence

#: what the uploader offers (the store judges the content, whatever the name says)
TYPES = ["jpg", "jpeg", "png", "webp", "pdf", "hwp", "hwpx", "xlsx", "docx"]
STATE_BADGE = {"검토 전": "orange", "승인": "green", "반려": "red"}
COLUMNS = 3
#: a thumbnail's width on 검토 (px)
REVIEW_THUMB = 120


@st.cache_data(show_spinner=False, max_entries=500)
def _pieces(url: str, state: str, ward: str, as_of: dt.date, pledge_id: str) -> list[Evidence]:
    return data.get_store().evidence(ward, as_of, pledge_id)


@st.cache_data(show_spinner=False, max_entries=500)
def _thumbnails(url: str, state: str, ids: tuple[int, ...]) -> dict[int, bytes]:
    return data.get_store().evidence_thumbnails(list(ids))


def _line(piece: Evidence) -> str:
    when = f" · {format_date(piece.taken_on)}" if piece.taken_on else ""
    return f":{STATE_BADGE.get(piece.state, 'gray')}-badge[{piece.state}] {plain(piece.caption)}{plain(when)}"


@st.dialog("증빙 사진", width="large")
def _full(evidence_id: int) -> None:
    piece, content = data.get_store().evidence_file(evidence_id)
    st.image(content, alt=piece.caption,
             caption=f"{piece.caption}" + (f" ({format_date(piece.taken_on)})" if piece.taken_on else ""))
    st.caption(f"{piece.file_name} · {piece.width}×{piece.height} · {piece.added_by} · {korean_time(piece.added_at)}")


def _gallery(photos: list[Evidence], ward: str) -> None:
    store = data.get_store()
    thumbs = _thumbnails(store.url, data.ward_token(ward), tuple(p.id for p in photos))
    for start in range(0, len(photos), COLUMNS):
        for slot, piece in zip(st.columns(COLUMNS), photos[start:start + COLUMNS], strict=False):
            with slot:
                if piece.id in thumbs:
                    st.image(thumbs[piece.id], width="stretch", alt=piece.caption)
                st.markdown(_line(piece))
                if st.button("크게 보기", key=f"evidence_open_{piece.id}"):
                    _full(piece.id)


def _documents(documents: list[Evidence]) -> None:
    store = data.get_store()
    for piece in documents:
        left, right = st.columns([3, 1])
        left.markdown(_line(piece))
        left.caption(f"{piece.file_name} · {file_size(piece.bytes)}")
        right.download_button("내려받기", data=lambda i=piece.id: store.evidence_file(i)[1],
                              file_name=piece.saved_name, mime=piece.media_type, key=f"evidence_get_{piece.id}",
                              on_click="ignore")


MESSAGE = "evidence_message"


def _done(message: str) -> None:
    """A change made: the page is drawn again with it (the gallery and the lists read the store anew)."""
    st.session_state[MESSAGE] = message
    st.rerun()


def _add_form(ward: str, as_of: dt.date, pledge_id: str, subprojects: list[str], user) -> None:
    with st.expander("증빙 붙이기"), st.form(f"evidence_add_{pledge_id}", clear_on_submit=True):
        st.caption("사진(JPEG, PNG, WebP)과 문서(PDF, HWP, HWPX, XLSX, DOCX)를 20MB까지 붙입니다. 사진의 위치(GPS)·"
                   "기기 정보는 지우고 저장합니다. 붙인 증빙은 이 분기 자료와 함께 검토·승인된 뒤 공개됩니다.")
        upload = st.file_uploader("파일", type=TYPES, key=f"evidence_file_{pledge_id}")
        caption = st.text_input("설명 (필수: 사진을 볼 수 없는 사람에게 읽어 주는 글)", key=f"evidence_caption_{pledge_id}")
        typed = st.text_input("촬영일·문서 날짜 (비우면 사진에 적힌 날짜)", placeholder="2026. 9. 15.",
                              key=f"evidence_date_{pledge_id}")
        subproject = st.selectbox("세부사업 (없으면 공약 전체)", ["(공약 전체)", *subprojects],
                                  key=f"evidence_sub_{pledge_id}", placeholder="세부사업 선택")
        if not st.form_submit_button("붙이기"):
            return
    day = typed_day(typed) if typed.strip() else None
    if upload is None:
        st.error("붙일 파일을 골라 주세요.")
    elif typed.strip() and day is None:
        st.error(not_a_day(plain(typed)))
    else:
        try:
            piece = data.get_store().add_evidence(
                upload.getvalue(), upload.name, ward=ward, as_of=as_of, pledge_id=pledge_id, caption=caption,
                subproject=None if subproject == "(공약 전체)" else subproject, taken_on=day, user=user)
            _done(f"증빙 #{piece.id} '{plain(piece.caption)}'을(를) 붙였습니다 ({piece.kind}, 검토 전).")
        except StoreError as problem:
            st.error(plain(str(problem)))


def _remove_form(pieces: list[Evidence], pledge_id: str, user) -> None:
    with st.expander("증빙 내리기"), st.form(f"evidence_remove_{pledge_id}"):
        # the newest first: the piece most often taken back is the one just added
        chosen = st.selectbox("내릴 증빙", [p.id for p in reversed(pieces)],
                              key=f"evidence_pick_{pledge_id}_{pieces[-1].id}",  # a new piece: a new choice
                              format_func=lambda i: next(f"#{p.id} {p.caption}" for p in pieces if p.id == i),
                              placeholder="증빙 선택")
        reason = st.text_input("내리는 이유 (기록에 남습니다)", key=f"evidence_reason_{pledge_id}")
        if not st.form_submit_button("내리기"):
            return
    try:
        _done(plain(data.get_store().remove_evidence(chosen, reason, user=user)))
    except StoreError as problem:
        st.error(plain(str(problem)))


def evidence_section(ward: str, as_of: dt.date, pledge_id: str, subprojects: list[str]) -> None:
    """The pledge's 증빙 shown with this quarter (its pledge set's up to it), and the forms for editors."""
    st.subheader("증빙")
    if MESSAGE in st.session_state:
        st.success(st.session_state.pop(MESSAGE))
    store = data.get_store()
    pieces = _pieces(store.url, data.ward_token(ward), ward, as_of, pledge_id)
    photos = [p for p in pieces if p.kind == "사진"]
    documents = [p for p in pieces if p.kind != "사진"]
    if not pieces:
        st.caption("이 공약에는 아직 붙인 증빙(현장 사진, 보도자료, 계약서, 준공 검사, 고시 문서)이 없습니다.")
    if photos:
        st.markdown(f"**사진 {len(photos)}건**")
        _gallery(photos, ward)
    if documents:
        st.markdown(f"**문서 {len(documents)}건**")
        _documents(documents)
    user = current_user()
    if user is None:
        st.caption("증빙을 붙이거나 내리려면 업로드 화면에서 로그인하세요.")
    elif user.may_edit(ward):
        _add_form(ward, as_of, pledge_id, subprojects, user)
        if pieces:
            _remove_form(pieces, pledge_id, user)


def review_section(ward: str, as_of: dt.date) -> None:
    """검토: the 증빙 added to this 기준일 and not yet decided; 승인 or 반려 of the quarter decides them too."""
    store = data.get_store()
    waiting = [p for p in store.evidence(ward) if p.as_of == as_of and p.state == "검토 전"]
    if not waiting:
        st.caption("이 기준일에 붙은 검토 전 증빙은 없습니다.")
        return
    st.markdown(f"**검토 전 증빙 {len(waiting)}건** · 승인하면 분기 자료와 함께 공개되고, 반려하면 함께 돌려보냅니다")
    thumbs = _thumbnails(store.url, data.ward_token(ward), tuple(p.id for p in waiting if p.kind == "사진"))
    for piece in waiting:
        left, right = st.columns([1, 5])
        if piece.id in thumbs:  # a fixed width: on a phone the column takes the screen's
            left.image(thumbs[piece.id], width=REVIEW_THUMB, alt=piece.caption)
        else:
            left.markdown(f"**{piece.kind}**")
        where = f"공약 {piece.pledge_id}" + (f" · {piece.subproject}" if piece.subproject else "")
        right.markdown(f"{plain(where)} · {plain(piece.caption)}" +
                       (f" · {format_date(piece.taken_on)}" if piece.taken_on else ""))
        right.caption(f"{piece.saved_name} · {file_size(piece.bytes)} · {piece.added_by} · "
                      f"{korean_time(piece.added_at)}")
