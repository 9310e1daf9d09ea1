"""업로드: check a workbook, see every finding with its sheet and cell, store it on confirmation.

Nothing is stored until the official confirms, and a workbook with any error
cannot be stored at all; the history below keeps every version and can roll
a 기준일 back to the one before.

Each uploaded file is read once, in a bounded worker process (loaders/bounded.py): the
result is kept in the session under the file's sha256, so the reruns Streamlit makes on
every click do not read it again, and 저장 stores that same result. A file whose reader ran
out of memory or time is shown as not read, and the refusal is audited through the store.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.auth import (
    NO_ACCOUNT_YET,
    WHO_MAY_UPLOAD,
    current_user,
    first_admin_form,
    login_form,
)
from dashboard.components import blank_text, on_click, plain, show_table
from dashboard.preview import show_preview
from figures.formatting import format_date, korean_time
from loaders.bounded import read_bounded, start_workers
from loaders.model import LoadResult
from loaders.overview import DEPARTMENT
from loaders.pledges import UNASSIGNED_DEPARTMENT
from loaders.template import (
    department_file_name,
    department_forms_zip,
    department_snapshot,
    template_bytes,
)
from store import StoreError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _next_template(store, ward, as_of) -> bytes:
    return template_bytes(store.snapshot(ward, as_of))


def _department_form(store, ward, as_of, department) -> bytes:
    return template_bytes(department_snapshot(store.snapshot(ward, as_of), department))


def _department_forms(store, ward, as_of) -> bytes:
    return department_forms_zip(store.snapshot(ward, as_of))


def department_section(store, user) -> None:
    """부서 서식: a department's form of the chosen quarter (a department editor's own, fixed), the zip of
    every department's form for the coordinating office, and the reason of a returned part."""
    own = next(iter(sorted(user.departments)), None)
    ward, as_of = (own[0], None) if own else (st.session_state.get("ward"), st.session_state.get("as_of"))
    dates = data.as_of_dates(ward) if ward else []
    if own and dates:
        as_of = st.session_state.get("as_of") if st.session_state.get("ward") == ward else None
        as_of = as_of if as_of in dates else dates[-1]
    if not ward or as_of not in dates:
        return
    frames = data.frames(ward, as_of)
    listed = frames.pledges.sort_values("order", kind="stable")["department"] if frames is not None else []
    names = list(dict.fromkeys(d or UNASSIGNED_DEPARTMENT for d in listed))
    if own and own[1] not in names:
        names = [own[1]]
    if not names:
        return
    st.subheader("부서 서식")
    where = f"{ward} {format_date(as_of)} 기준"
    if own:
        department = own[1]
        st.caption(f"이 계정은 {ward} {department}의 공약만 올릴 수 있습니다. 아래 서식에는 {department}의 공약만 "
                   "들어 있습니다.")
    else:
        department = st.selectbox("부서", names, key="department_pick", placeholder="부서 선택")
    left, right = st.columns(2)
    left.download_button(
        "이 분기 자료로 부서 서식 받기", on_click(_department_form, store, ward, as_of, department),
        file_name=department_file_name(ward, as_of, department), mime=XLSX, key="department_template", on_click="ignore",
        help=f"{where} 자료 중 {department}의 공약만 담은 서식입니다 (개요: 제출단위 부서, 작성부서 {department}). "
             "기준일을 새 분기로 바꾸고 달라진 내용을 고쳐 올리면 구의 분기 자료에 합쳐집니다.",
    )
    if not own:
        right.download_button(
            f"모든 부서 서식 묶음 받기 ({len(names)}개 부서, zip)", on_click(_department_forms, store, ward, as_of),
            file_name=f"{ward}_{as_of.isoformat()}_부서서식.zip", mime="application/zip", key="department_zip", on_click="ignore",
            help="총괄부서가 부서마다 보낼 서식을 한 번에 받습니다.",
        )
    returned = [d for d in store.submissions(ward, as_of).departments
                if d.state == "반려" and (not own or d.department == own[1])]
    for d in returned:
        st.error(plain(f"{where} {d.department}의 제출 자료({d.file_name})가 반려되었습니다. 이유: {d.reason}. "
                       "고쳐서 다시 올려 주세요."))


def refused_part(user, snap) -> str | None:
    """Why this account may not store this file (a department editor's whole-ward file or another's part)."""
    own = user.department_in(snap.ward)
    if own is None or (snap.submission == DEPARTMENT and snap.author_department == own):
        return None
    what = "구 전체 파일" if snap.submission != DEPARTMENT else f"{snap.author_department}의 자료"
    return f"이 계정은 {snap.ward} {own}의 자료만 올릴 수 있습니다 ({what}은(는) 저장할 수 없습니다)"


def _read_once(content: bytes, name: str, store, user) -> LoadResult:
    """This upload's LoadResult, read (bounded) on the first run that sees it and kept in the session.

    A refused read is audited here, once, as the upload of a file that could not be read.
    """
    key = (hashlib.sha256(content).hexdigest(), name)
    kept = st.session_state.get("upload_read")
    if kept is not None and kept[0] == key:
        return kept[1]
    result = read_bounded(content, name)
    if result.refused:
        store.store_result(result, user=user)
    st.session_state["upload_read"] = (key, result)  # only the latest file: a session holds one upload
    return result


st.title("자료 올리기")
store = data.get_store()

left, right = st.columns(2)
left.download_button("빈 서식 내려받기", on_click(template_bytes, None), file_name="공약이행현황_서식.xlsx", mime=XLSX,
                     key="template", on_click="ignore", help="시트와 머리글, 드롭다운 목록, '작성 예시' 시트가 들어 있는 빈 서식")
ward, as_of = st.session_state.get("ward"), st.session_state.get("as_of")
if ward and as_of and as_of in data.as_of_dates(ward):
    right.download_button(
        "이 분기 자료로 다음 분기 서식 받기", on_click(_next_template, store, ward, as_of),
        file_name=f"{ward}_{as_of.isoformat()}_다음분기서식.xlsx", mime=XLSX, key="next_template", on_click="ignore",
        help=f"{ward} {format_date(as_of)} 기준으로 저장된 내용을 모두 담은 서식입니다. "
             "개요의 기준일을 바꾸고 달라진 내용만 고쳐 올리면 됩니다.",
    )

# uploads and rollbacks always need a signed-in account (the store checks the right again)
st.caption(WHO_MAY_UPLOAD)
if not store.has_accounts() and current_user() is None:
    st.info(NO_ACCOUNT_YET)
    first_admin_form()
    st.stop()
user = login_form(key="upload")
if user is None:
    st.info("자료를 올리거나 되돌리려면 로그인하세요.")
    st.stop()
start_workers()  # the readers' pool, started (once per process) before the first file arrives
who = user.name
department_section(store, user)
upload = st.file_uploader("공약 이행 현황 서식 (.xlsx)", type=["xlsx", "xlsm"], key="workbook",
                          help="파일 하나에 20MB까지, .xlsx 또는 .xlsm")
if upload is not None:
    content = upload.getvalue()
    result = _read_once(content, upload.name, store, user)
    errors, warnings = result.errors, result.warnings
    if result.refused:
        st.error(plain(f"파일을 읽지 못했습니다 — 저장하지 않았습니다. {errors[0].message}"))
    elif errors:
        st.error(f"오류 {len(errors)}건 — 저장하지 않았습니다. 아래 시트·셀을 고쳐 다시 올려 주세요.")
        st.markdown("\n".join(f"- {plain(str(f))}" for f in errors[:50]))
    elif warnings:
        st.warning(f"경고 {len(warnings)}건 — 저장할 수 있지만 확인해 주세요.")
    else:
        st.success("이상 없음 — 저장할 수 있습니다.")
    if result.findings and not result.refused:
        rows = [("오류" if f.level == "error" else "경고", f.sheet, f.cell, f.message)
                for f in errors + warnings]
        show_table(pd.DataFrame(rows, columns=["구분", "시트", "셀", "내용"]), key="findings")
    found = store.preview(result) if not errors else None
    refusal = refused_part(user, result.snapshot) if found is not None and result.snapshot is not None else None
    if found is not None and (found.errors or refusal):
        st.error(plain(refusal) if refusal else f"오류 {len(found.errors)}건 — 저장하지 않았습니다. 아래를 고쳐 다시 "
                 "올려 주세요.")
        st.markdown("\n".join(f"- {plain(str(f))}" for f in found.errors[:50]))
    elif found is not None and result.snapshot is not None:
        snap = result.snapshot
        st.subheader("저장하면 달라지는 것")
        part = f"{snap.author_department}의 자료 · " if found.department else ""
        st.text(f"{snap.ward} · {format_date(snap.as_of)} 기준 · {part}공약 {len(snap.pledges)}건 · "
                f"세부사업 {len(snap.subprojects)}건")
        if found.department:
            st.caption(f"{found.department}의 공약만 바뀝니다. 다른 부서의 공약은 지금 저장된 그대로 두고, 이 기준일 "
                       "자료가 아직 없으면 지난 분기 자료를 '미제출'로 이어 받습니다.")
        show_preview(found, key="upload_preview")
        confirmed = True
        if found.replaces_version is not None and found.same_file_version is None:
            confirmed = st.checkbox(
                f"지금 보이는 버전 {found.replaces_version} 대신 이 파일을 보이게 하는 것을 확인했습니다",
                key="confirm_replace",
            )
        if st.button("저장", type="primary", key="store_upload", disabled=not confirmed):
            outcome = store.store_result(result, content=content, by=who, user=user)
            data.changed()
            if outcome.status == "rejected":
                st.error(plain(outcome.message))
            else:
                (st.success if outcome.status == "stored" else st.info)(plain(outcome.message))
                st.session_state["ward"], st.session_state["as_of"] = outcome.ward, outcome.as_of
                extra = [f for f in outcome.findings if f not in result.findings]
                for finding in extra:
                    st.warning(plain(str(finding)))

st.subheader("업로드 기록")
wards = data.wards()
if not wards:
    st.caption("아직 저장된 자료가 없습니다.")
else:
    current = st.session_state.get("ward")
    ward = st.selectbox("기록을 볼 자치구", wards, index=wards.index(current) if current in wards else 0,
                        key="history_ward", placeholder="자치구 선택")
    history = store.history(ward)
    shown = history.assign(
        기준일=history["as_of"].map(format_date),
        현재=history["current"].map(lambda c: "●" if c else ""),
        올린시각=history["imported_at"].map(korean_time),
    ).rename(columns={"version": "버전", "file_name": "파일", "imported_by": "올린 사람", "warnings": "경고"})
    show_table(blank_text(shown[["기준일", "버전", "현재", "파일", "올린 사람", "올린시각", "경고"]]),
               key="history", empty="이 구에는 올린 기록이 없습니다.")
    versions = [(r["as_of"], int(r["version"])) for r in history.to_dict("records")]
    picked = st.selectbox("올린 그대로의 파일 받기", versions, key="original_pick", placeholder="버전 선택",
                          format_func=lambda v: f"{format_date(v[0])} 버전 {v[1]}")
    original = store.original_file(ward, *picked) if picked else None
    if original is None:
        st.caption("이 버전은 원본 파일 보관 기능이 생기기 전에 올려 원본이 없습니다.")
    else:
        st.download_button(f"'{original[0]}' 내려받기", original[1], file_name=original[0], mime=XLSX,
                           key="original_download", on_click="ignore")
    dates = sorted(set(history["as_of"]), reverse=True)
    target = st.selectbox("되돌릴 기준일", dates, format_func=format_date, key="rollback_date",
                          placeholder="기준일 선택")
    if st.button("이전 버전으로 되돌리기", key="rollback"):
        try:
            st.success(plain(store.rollback(ward, target, by=who, user=user)))
            data.changed()
        except StoreError as problem:
            st.error(plain(str(problem)))
