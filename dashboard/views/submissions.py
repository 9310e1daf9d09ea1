"""제출 현황: which department has handed in its part of a ward's 기준일 (docs/spec.md "Department submissions").

For the coordinating office (총괄부서): per department its pledges, its state (미제출, 제출, 반려,
승인), who handed in which file and when, the upload's warnings about its pledges, and the 제출
기한 with the days left; late departments stand out. Admins set the deadline and reopen an approved
기준일; admins and the ward's reviewers approve or return one department's part. A department
editor sees its own department only. The store checks every right again.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.auth import login_form
from dashboard.components import day, downloads, plain, show_table
from figures.formatting import format_date, korean_time
from loaders.dates import not_a_day, typed_day
from loaders.pledges import UNASSIGNED_DEPARTMENT
from loaders.quarters import YearQuarter
from store import StoreError
from store.submissions import Board, DepartmentState

#: each state's badge colour (Streamlit's named colours)
COLOURS = {"미제출": "gray", "제출": "blue", "반려": "red", "승인": "green"}


def next_quarter(last: dt.date) -> dt.date:
    """The quarter end after `last`: the 기준일 departments are filling now, before anything of it is stored."""
    return YearQuarter.of(last).next().last_day


def days_text(left: int) -> str:
    return f"{left}일 남음" if left > 0 else ("오늘까지" if left == 0 else f"{-left}일 지남")


def deadline_line(board: Board) -> None:
    if board.deadline is None:
        st.caption("제출 기한이 정해지지 않았습니다." + (" 관리자가 아래에서 정할 수 있습니다." if is_admin else ""))
        return
    text = f"제출 기한 {day(board.deadline)} · {days_text(board.days_left or 0)}"
    (st.warning if (board.days_left or 0) < 0 else st.info)(text)


def department_card(d: DepartmentState, *, may_review: bool) -> None:
    """One department: its state, pledges, who handed in what, the reason of a return, its warnings."""
    with st.container(border=True):
        late = " :red-badge[기한 지남]" if d.late else ""
        st.markdown(f":{COLOURS[d.state]}-badge[{d.state}] **{plain(d.department)}**{late}")
        st.markdown("  \n".join(f"공약 {plain(pid)}. {plain(title)}" for pid, title in d.pledges))
        if d.carried_from:
            st.caption(f"아직 제출하지 않아 {day(d.carried_from)} 자료를 그대로 보여 줍니다.")
        if d.submitted_by:
            whole = " (구 전체 파일로)" if d.whole_ward else ""
            st.caption(f"{plain(d.submitted_by)} · {plain(korean_time(d.submitted_at))} · {plain(d.file_name)}{whole}")
        if d.reason:
            st.markdown(f":red[반려 이유: {plain(d.reason)}]")
        if d.warnings:
            with st.expander(f"경고 {len(d.warnings)}건"):
                show_table(pd.DataFrame([(w.sheet, w.cell, w.message) for w in d.warnings],
                                        columns=["시트", "셀", "내용"]), key=f"warnings_{d.department}")
        if may_review and d.submission_id is not None:
            review_buttons(d)


def review_buttons(d: DepartmentState) -> None:
    left, right = st.columns(2)
    if left.button("이 부서 승인", key=f"approve_{d.department}", disabled=d.state == "승인"):
        act(lambda: store.approve(ward, as_of, user=user, department=d.department))
    reason = right.text_input("반려 이유", key=f"reason_{d.department}", placeholder="고칠 점을 적어 주세요")
    if right.button("이 부서 반려", key=f"return_{d.department}"):
        act(lambda: store.return_version(ward, as_of, reason, user=user, department=d.department))


def act(decide) -> None:
    try:
        st.session_state["submissions_message"] = decide()
        st.rerun()
    except StoreError as problem:
        st.error(plain(str(problem)))


def board_table(rows: list[DepartmentState]) -> pd.DataFrame:
    """The board as a table for the Excel download."""
    return pd.DataFrame([{
        "부서": d.department, "상태": d.state, "공약": ", ".join(pid for pid, _ in d.pledges),
        "기한 지남": "예" if d.late else "", "제출한 사람": d.submitted_by or "",
        "제출 시각": korean_time(d.submitted_at) if d.submitted_at else "", "파일": d.file_name or "",
        "이어 받은 자료": format_date(d.carried_from) if d.carried_from else "", "반려 이유": d.reason or "",
        "경고": len(d.warnings),
    } for d in rows], columns=["부서", "상태", "공약", "기한 지남", "제출한 사람", "제출 시각", "파일", "이어 받은 자료",
                               "반려 이유", "경고"])


st.title("제출 현황")
st.caption("부서마다 맡은 공약을 이 기준일에 제출했는지 봅니다. 제출하지 않은 부서의 공약은 지난 분기 자료를 "
           "'미제출'로 이어 보여 줍니다.")
store = data.get_store()
user = login_form(key="submissions")
if user is None:
    st.info("제출 현황은 로그인한 사람만 볼 수 있습니다.")
    st.stop()
is_admin = user.role == "admin"
wards = data.wards()
visible = [w for w in wards if user.sees(w)]
if not visible:
    st.info("이 계정이 볼 수 있는 구의 자료가 없습니다.")
    st.stop()
if "submissions_message" in st.session_state:
    st.success(plain(st.session_state.pop("submissions_message")))
current = st.session_state.get("ward")
if current in visible:
    ward = current  # the ward chosen at the top of the page
else:
    ward = st.selectbox("자치구", visible, key="submissions_ward", placeholder="자치구 선택")
stored = list(reversed(data.as_of_dates(ward)))
coming = next_quarter(stored[0])
dates = [coming, *stored]
chosen = st.session_state.get("as_of") if current == ward else None
# the quarter departments are filling now is not stored yet: it is offered first, as 새 분기
as_of = st.selectbox(
    "제출 현황을 볼 기준일", dates, index=dates.index(chosen) if chosen in dates else 1,
    key=f"submissions_as_of_{ward}", placeholder="기준일 선택",
    format_func=lambda d: f"{format_date(d)} (새 분기)" if d == coming else format_date(d),
)
board = store.submissions(ward, as_of)
own = user.department_in(ward)
rows = [d for d in board.departments if own is None or d.department == own]
deadline_line(board)
late = [d for d in rows if d.late]
if late:
    st.error(f"기한이 지났는데 제출하지 않았거나 반려된 부서 {len(late)}곳: "
             + ", ".join(plain(d.department) for d in late))
if board.locked:
    st.info("이 기준일은 승인되어 부서 제출을 받지 않습니다. 고칠 것이 있으면 관리자가 다시 열어야 합니다.")
# one line, not four metrics: on a phone they would stack into a screen of their own
st.markdown(" · ".join(f":{colour}-badge[{state}] {sum(d.state == state for d in rows)}곳"
                       for state, colour in COLOURS.items()))
if own is not None:
    st.caption(f"이 계정은 {plain(own)}의 현황만 봅니다.")
if not rows:
    st.caption("이 기준일에 보여 줄 부서가 없습니다 (이 기준일이나 그 전 분기에 저장된 자료가 없습니다).")
if any(d.department == UNASSIGNED_DEPARTMENT for d in rows):
    st.caption("미지정: 공약 시트의 담당부서가 비어 있는 공약입니다. 총괄부서가 담당부서를 적어 구 전체 파일로 올리면 "
               "그 부서의 공약이 됩니다.")
may_review = user.may_review(ward)
for department in rows:
    department_card(department, may_review=may_review)

if is_admin:
    st.subheader("관리")
    with st.form(key="deadline_form"):
        # a text box, not st.date_input: its calendar speaks English (Streamlit 1.67 has no Korean locale)
        typed = st.text_input("제출 기한 (예: 2027-01-15)", value=(board.deadline or as_of + dt.timedelta(days=14)).isoformat(),
                              key=f"deadline_{ward}_{as_of.isoformat()}")
        if st.form_submit_button("기한 저장"):
            picked = typed_day(typed)
            if picked is None:
                st.error(not_a_day(plain(typed)))
            else:
                act(lambda: store.set_deadline(ward, as_of, picked, user=user))
    if board.locked and st.button("다시 열기 (부서 제출을 다시 받기)", key="reopen"):
        act(lambda: store.reopen(ward, as_of, user=user))
if rows:
    downloads({"제출 현황": board_table(rows)}, name=f"{ward}_{as_of.isoformat()}_제출현황",
              title=f"{ward} 부서 제출 현황 ({format_date(as_of)} 기준)")
