"""Pieces every page uses: the ward/기준일 choice (kept in the URL), the status legend,
chart-or-table, tables that say "없음" in Korean, downloads of what is on screen.

No figure is computed here; these only lay out what `figures` returns.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from figures.charts.theme import PLOTLY_CONFIG
from figures.export import to_csv, to_xlsx
from figures.formatting import format_date
from figures.status import DEFINITIONS, OVERDUE, OVERDUE_DEFINITION, STATUSES
from figures.tables import formatted
from figures.terms import set_of
from loaders.frames import SnapshotFrames

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_STYLE = Path(__file__).resolve().parent / "static" / "korean.css"
_SCRIPT = _STYLE.with_suffix(".js")
#: the query keys a shared link carries (?ward=영등포구&as_of=2020-12-31&pledge=25)
WARD_KEY, AS_OF_KEY, PLEDGE_KEY = "ward", "as_of", "pledge"


def plain(text: object) -> str:
    """Workbook text shown through Markdown (titles, captions) with every markup character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def blank_text(table: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells shown empty, not as "None" (column by column as lists: Series.map on pandas 3's
    Arrow strings was a tenth of a fresh server's time)."""
    shown = {}
    for column in table.columns:
        values = table[column].tolist()
        if all(v is None or isinstance(v, str) for v in values):
            shown[column] = pd.Series(["" if v is None else v for v in values], index=table.index, dtype=object)
    return table.assign(**shown) if shown else table


def day(value: dt.date | None) -> str:
    """A date for Markdown text: `2020. 12. 31.` escaped, so Markdown never reads it as a numbered list."""
    return plain(format_date(value))


def selected() -> tuple[str, dt.date] | None:
    """The ward and 기준일 chosen at the top of the page (shared by every page)."""
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


def korean_style() -> None:
    """Streamlit's own English (file uploader, element toolbars) in Korean or hidden; shipped locally."""
    # after an empty span (a leading <style> is dropped by the sanitizer), in the sidebar: a style-only
    # st.html goes to Streamlit's event container, which 1.67 does not put on the page
    st.sidebar.html(f"<span></span><style>{_STYLE.read_text(encoding='utf-8')}</style>")
    # our own script, shipped beside the CSS: it renames what CSS cannot reach (the skip link)
    st.sidebar.html(f"<span></span><script>{_SCRIPT.read_text(encoding='utf-8')}</script>",
                    unsafe_allow_javascript=True)


def _iso(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _follow_link(wards: list[str]) -> None:
    """A link opened (or a URL typed) wins once: its ward, 기준일 and pledge become the choice."""
    asked = tuple(st.query_params.get(k) for k in (WARD_KEY, AS_OF_KEY, PLEDGE_KEY))
    if asked == st.session_state.get("_link"):
        return
    st.session_state["_link"] = asked
    ward, as_of, pledge = asked
    if ward in wards:
        st.session_state["ward"] = ward
        when = _iso(as_of)
        if when in data.as_of_dates(ward):
            st.session_state["as_of"] = when
    if pledge:
        st.session_state["pledge_id"] = str(pledge)


def _pick(key: str, wanted: object, options: list, shown_key: str) -> None:
    """Make the widget `key` show `wanted` when someone else changed it (a link, an upload, a test)."""
    if wanted in options and wanted != st.session_state.get(shown_key):
        st.session_state[key] = wanted
    if st.session_state.get(key) not in options:
        st.session_state[key] = wanted if wanted in options else options[0]


def sidebar_selectors() -> None:
    """The ward and 기준일 pickers, at the top of the page (a phone need not open the sidebar), kept in the URL.

    The name stays for dashboard/app.py; the pickers are no longer in the sidebar.
    """
    korean_style()
    wards = data.wards()
    if not wards:
        return
    _follow_link(wards)
    wanted_ward = st.session_state.get("ward") if st.session_state.get("ward") in wards else wards[-1]
    _pick("ward_choice", wanted_ward, wards, "_ward_shown")
    left, right = st.columns(2)
    ward = left.selectbox("자치구", wards, key="ward_choice", placeholder="자치구 선택")
    dates = list(reversed(data.as_of_dates(ward)))
    key = f"as_of_choice_{ward}"
    current = st.session_state.get("as_of")
    _pick(key, current if current in dates else dates[0], dates, "_as_of_shown")
    as_of = right.selectbox("기준일", dates, format_func=quarter_namer(ward), key=key, placeholder="기준일 선택")
    st.session_state["ward"], st.session_state["as_of"] = ward, as_of
    st.session_state["_ward_shown"], st.session_state["_as_of_shown"] = ward, as_of
    link_to(ward, as_of)


def quarter_name(ward: str, as_of: dt.date) -> str:
    """`민선 9기 · 2026. 12. 31.`, and `· 최종 실적` for a set's last quarter once a later set follows.

    Where a by-election made two sets of one term, the set's mayor is named too.
    """
    sets = data.pledge_sets(ward)
    owner = set_of(sets, as_of)
    if owner is None:
        return format_date(as_of)
    name = owner.label
    if owner.mayor and sum(s.term == owner.term for s in sets) > 1:
        name += f"({owner.mayor})"
    return f"{name} · {format_date(as_of)}" + (" · 최종 실적" if owner.final_record == as_of else "")


def quarter_namer(ward: str) -> Callable[[dt.date], str]:
    return lambda as_of: quarter_name(ward, as_of)


def quarter_caption(ward: str, as_of: dt.date, *extra: str) -> None:
    """The page's header line: which term and 기준일, and a note when it is a past term's final record."""
    st.caption(" · ".join([f"{plain(quarter_name(ward, as_of))} 기준", *extra]))
    owner = data.pledge_set(ward, as_of)
    if owner is not None and owner.final_record == as_of:
        st.info(f"{plain(owner.label)} 최종 실적입니다. 다음 임기(또는 새 구청장)의 자료가 이어지므로 이 분기는 "
                "더 이상 바뀌지 않는 그 임기의 마지막 기록입니다.")


def link_to(ward: str, as_of: dt.date, pledge: str | None = None) -> None:
    """Write the choice into the URL, so the address bar is a link to this very view."""
    wanted = {WARD_KEY: ward, AS_OF_KEY: as_of.isoformat()}
    if pledge is not None:
        wanted[PLEDGE_KEY] = str(pledge)
    for k, v in wanted.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v
    if pledge is None and PLEDGE_KEY in st.query_params:
        del st.query_params[PLEDGE_KEY]
    st.session_state["_link"] = (ward, as_of.isoformat(), None if pledge is None else str(pledge))


def pledge_picker(ids: list[str], label_of, *, ward: str, as_of: dt.date) -> str:
    """공약 상세's pledge choice: from the link or the 현황 page, kept in the URL with the ward and 기준일."""
    key = f"pledge_choice_{ward}_{as_of.isoformat()}"  # another ward's names never linger in the box
    wanted = st.session_state.get("pledge_id")
    _pick(key, wanted if wanted in ids else ids[0], ids, f"_pledge_shown_{key}")
    pledge_id = st.selectbox("공약", ids, format_func=label_of, key=key, placeholder="공약 선택")
    st.session_state["pledge_id"] = pledge_id
    st.session_state[f"_pledge_shown_{key}"] = pledge_id
    link_to(ward, as_of, pledge_id)
    return pledge_id


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


def show_table(table: pd.DataFrame, *, key: str, empty: str = "표시할 항목이 없습니다.", **options) -> None:
    """st.dataframe, or one Korean line when there is no row (Streamlit would draw "empty")."""
    if table is None or len(table) == 0:
        st.caption(empty)
        return
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    st.dataframe(table, key=key, **options)


def chart_or_table(figure: go.Figure, table: pd.DataFrame | Callable[[], pd.DataFrame], *, key: str,
                   shared: tuple | None = None) -> None:
    """Every chart is also available as a table (tabs 차트 | 표).

    `shared`: (what, ward, …) the table depends on besides the ward's data; the table shown
    (`table` may then be a function making it) is built once for every session instead of on
    every rerun.
    """
    def shown() -> pd.DataFrame:
        return blank_text(formatted(table() if callable(table) else table))

    chart_tab, table_tab = st.tabs(["차트", "표"])
    with chart_tab:
        st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}", width="stretch")
    with table_tab:
        show_table(data.built((*shared, "table"), shown, ward=shared[1]) if shared else shown(), key=f"table_{key}")


def nothing_to_draw(missing: list[str], what: str) -> None:
    """Several empty charts of one page said once: what is missing, instead of a row of blank frames."""
    if missing:
        st.info(f"{what}: " + ", ".join(missing) + " 자료가 입력되지 않았습니다.")


def on_click(make: Callable[..., bytes], *args: object, **kwargs: object) -> Callable[[], bytes]:
    """The file, made when the button is clicked (Streamlit calls it then), not on every rerun.

    Writing the page's workbook on every rerun of every session was a sixth of the
    server's work under ten sessions (bench/load_bench.py).
    """
    return functools.partial(make, *args, **kwargs)


def downloads(sheets: dict[str, pd.DataFrame], *, name: str, title: str) -> None:
    """What is on screen, as shown: every table in its own sheet of one Excel workbook; CSV of the first table.

    Pages pass their tables after the page's filters and in the page's units.
    """
    sheets = {k: v for k, v in sheets.items() if v is not None}
    left, right = st.columns(2)
    left.download_button(
        "엑셀로 내려받기", on_click(to_xlsx, sheets, title=title), file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{name}", on_click="ignore",
        help="화면의 표를 거른 그대로, 표마다 시트 하나씩",
    )
    first_name, first = next(iter(sheets.items()), ("표", pd.DataFrame()))
    right.download_button(f"CSV로 내려받기 ({first_name})", on_click(to_csv, first), file_name=f"{name}.csv",
                          mime="text/csv", key=f"csv_{name}", on_click="ignore")


def show_warnings(ward: str, as_of: dt.date) -> None:
    """The import's warnings (totals that do not add up, dropped items, backward figures), shown plainly."""
    found = data.warnings(ward, as_of)
    if not found:
        return
    table = data.built(("warnings_table", as_of), lambda: pd.DataFrame(
        [(f.sheet, f.cell, f.message) for f in found], columns=["시트", "셀", "내용"], dtype=object), ward=ward)
    with st.expander(f"업로드 때 확인된 경고 {len(found)}건", expanded=len(found) <= 3):
        show_table(table, key="import_warnings")


def funding_charts(source_money: pd.DataFrame, year_money: pd.DataFrame, year: int, *, key: str,
                   shared: tuple | None = None) -> None:
    """계획 · 확보 · 집행 by source (to the 기준일's year) and by year, side by side (예산, 공약 상세).

    `shared`: (what, ward, …) the figures depend on, to build them once for every session.
    """
    from figures.charts.funding import funding_bullets, funding_table

    def by_source() -> go.Figure:
        return funding_bullets(source_money, title=f"재원별 ({year}년까지)")

    def by_year() -> go.Figure:
        return funding_bullets(year_money, category="year", title="연도별")

    left, right = st.columns(2)
    with left:
        figure = data.built((*shared, "source"), by_source, ward=shared[1]) if shared else by_source()
        chart_or_table(figure, funding_table(source_money), key=f"{key}_source")
    with right:
        figure = data.built((*shared, "year"), by_year, ward=shared[1]) if shared else by_year()
        chart_or_table(figure, funding_table(year_money, category="year", label="연도"), key=f"{key}_year")


def adjustments_section(adjustments: list, plan_as_of: dt.date | None, *, key: str, empty: str,
                        with_pledge: bool = True) -> None:
    """공약 조정: every difference from the set's plan, explained or not, with its 사유, 심의 and 일자.

    The unexplained ones come first and are counted in a warning: the ward must give their reasons
    in the 공약조정 sheet of its next upload.
    """
    from figures.adjustments import adjustments_table

    where = f"이행계획({format_date(plan_as_of)})" if plan_as_of else "이행계획"
    missing = sum(not a.explained for a in adjustments)
    if missing:
        st.warning(f"{where}과 달라졌는데 사유가 없는 조정 {missing}건: 다음 업로드의 공약조정 시트에 사유를 적어 주세요.")
    show_table(blank_text(adjustments_table(adjustments, with_pledge=with_pledge)), key=key, empty=empty)
