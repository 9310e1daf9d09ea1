"""자치구 비교's map: the same SVG the published site's index draws (`figures.seoul_map`).

Each ward's shape links to the dashboard itself with `?ward=…` (the link the ward picker
follows, `components._follow_link`), opened in this tab. `st.html` keeps the SVG, its
`<style>`, `<title>`s, `aria-label`s and links (checked in tests/publish/test_seoul_map.py);
`st.markdown(unsafe_allow_html=True)` would pass the SVG through the Markdown renderer,
which is not made for it.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from figures.formatting import format_date, format_rate
from figures.seoul_map import seoul_map


def map_inputs(wards: pd.DataFrame) -> tuple[dict[str, tuple[float | None, str]], dict[str, str]]:
    """ward → (이행률 or None, `구 이행률 75.0% (2020. 12. 31. 기준)`) and ward → `?ward=…`, from the city
    view's rows (`dashboard.data.city().wards`: ward, as_of, rate, …)."""
    values, hrefs = {}, {}
    for row in wards.to_dict("records"):
        rate = row.get("rate")
        rate = None if rate is None or rate != rate else float(rate)
        shown = format_rate(rate) if rate is not None else "지표 없음"
        values[row["ward"]] = (rate, f"구 이행률 {shown} ({format_date(row['as_of'])} 기준)")
        hrefs[row["ward"]] = f"?ward={quote(str(row['ward']))}&as_of={row['as_of'].isoformat()}"
    return values, hrefs


def show_city_map(wards_frame: pd.DataFrame) -> None:
    """Seoul's 25 wards coloured by each ward's latest 이행률; a ward without a stored quarter is grey.

    The links open in the same tab (`target="_self"`): Streamlit's HTML would otherwise be
    free to open a new one, and the ward picker reads the address on the next run.
    """
    values, hrefs = map_inputs(wards_frame)
    svg = seoul_map(values, hrefs, title="서울특별시 25개 자치구의 구 이행률 지도 (각 구의 최신 기준일)",
                    missing="저장된 자료 없음")
    same_tab = svg.replace("<a class=", '<a target="_self" class=')
    st.markdown(f'<div style="max-width:36rem">{same_tab}</div>', unsafe_allow_html=True)
    st.caption("구를 누르면 그 구의 현황으로 바뀝니다. 회색 빗금은 자료가 없는 구입니다. 경계: 통계청 센서스용 "
               "행정구역경계(2013), southkorea/seoul-maps (Apache License 2.0).")
