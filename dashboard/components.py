"""Pieces every page uses: the ward/기준일 choice, the status legend, chart-or-table, downloads.

No figure is computed here; these only lay out what `figures` returns.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from figures.charts.theme import PLOTLY_CONFIG
from figures.export import to_csv, to_xlsx
from figures.formatting import format_date
from figures.status import DEFINITIONS, OVERDUE, OVERDUE_DEFINITION, STATUSES
from figures.tables import formatted
from loaders.frames import SnapshotFrames

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Workbook text shown through Markdown (titles, captions) with every markup character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def blank_text(table: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells shown empty, not as "None"."""
    text_columns = [c for c in table.columns if table[c].map(lambda v: v is None or isinstance(v, str)).all()]
    return table.assign(**{c: table[c].map(lambda v: "" if v is None else v) for c in text_columns})


def selected() -> tuple[str, dt.date] | None:
    """The ward and 기준일 chosen in the sidebar (shared by every page)."""
    ward = st.session_state.get("ward")
    as_of = st.session_state.get("as_of")
    if not ward or not as_of:
        return None
    return ward, as_of


def selected_frames() -> SnapshotFrames | None:
    choice = selected()
    if choice is None:
        st.info("저장된 자료가 없습니다. '업로드' 화면에서 공약 이행 현황 서식을 올려 주세요.")
        return None
    return data.frames(*choice)


def sidebar_selectors() -> None:
    wards = data.wards()
    if not wards:
        return
    default_ward = st.session_state.get("ward") if st.session_state.get("ward") in wards else wards[-1]
    ward = st.sidebar.selectbox("자치구", wards, index=wards.index(default_ward), key="ward_choice")
    dates = list(reversed(data.as_of_dates(ward)))
    current = st.session_state.get("as_of")
    index = dates.index(current) if current in dates else 0
    as_of = st.sidebar.selectbox("기준일", dates, index=index, format_func=format_date, key=f"as_of_choice_{ward}")
    st.session_state["ward"], st.session_state["as_of"] = ward, as_of


def status_legend(statuses: list[str] | None = None, *, overdue: bool = False) -> None:
    """Each status with its colour and its one-line definition from the spec."""
    shown = [s for s in STATUSES if statuses is None or s in statuses]
    lines = [f"**:{_colour_name(s)}[■] {s}** — {DEFINITIONS[s]}" for s in shown]
    if overdue:
        lines.append(f"**{OVERDUE}** — {OVERDUE_DEFINITION}")
    with st.expander("상태 설명", expanded=False):
        st.markdown("  \n".join(lines))


#: Streamlit's markdown colours nearest to figures.status.COLORS (charts use the exact hex)
_MARKDOWN_COLOURS = {"완료": "blue", "정상": "green", "지연": "red", "보류": "orange", "폐기": "gray",
                     "지표 없음": "gray"}


def _colour_name(status: str) -> str:
    return _MARKDOWN_COLOURS.get(status, "gray")


def chart_or_table(figure: go.Figure, table: pd.DataFrame, *, key: str) -> None:
    """Every chart is also available as a table (tabs 차트 | 표)."""
    chart_tab, table_tab = st.tabs(["차트", "표"])
    with chart_tab:
        st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}", width="stretch")
    with table_tab:
        st.dataframe(blank_text(formatted(table)), hide_index=True, width="stretch", key=f"table_{key}")


def downloads(sheets: dict[str, pd.DataFrame], *, name: str, title: str) -> None:
    """The same figures as a formatted Excel workbook and as CSV (first sheet)."""
    left, right = st.columns(2)
    left.download_button(
        "엑셀로 내려받기", to_xlsx(sheets, title=title), file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{name}",
    )
    first = next(iter(sheets.values()))
    right.download_button("CSV로 내려받기", to_csv(first), file_name=f"{name}.csv", mime="text/csv",
                          key=f"csv_{name}")


def show_warnings(ward: str, as_of: dt.date) -> None:
    """The import's warnings (totals that do not add up, dropped items, backward figures), shown plainly."""
    found = data.warnings(ward, as_of)
    if not found:
        return
    with st.expander(f"업로드 때 확인된 경고 {len(found)}건", expanded=len(found) <= 3):
        st.dataframe(
            pd.DataFrame([(f.sheet, f.cell, f.message) for f in found], columns=["시트", "셀", "내용"]),
            hide_index=True, width="stretch",
        )
