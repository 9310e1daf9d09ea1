"""자치구 비교's map: the same SVG the published site's index draws (`figures.seoul_map`).

Each ward's shape links to the dashboard itself with `?ward=…` (the link the ward picker
follows, `components._follow_link`). Streamlit 1.67's `st.html` drops any `<svg>`, and the
pages never let Markdown pass raw HTML through (a workbook's text must
never become markup: tests/security/test_app_auth.py), so the map is drawn in a component's
own frame (`components.html`, served by this server). A frame may not move the page around it,
so a ward's link opens that ward's 현황 in a new tab. Every text in the SVG is escaped by
`figures.seoul_map`.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from figures.formatting import format_date, rate_text
from figures.seoul_map import seoul_map

#: the frame's height in pixels: the map (600 × 644) and its legend scale to fit it, centred
FRAME_HEIGHT = 560
FRAME = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; height: 100%; }} svg.seoul-map {{ display: block; width: 100%; height: 100%; }}
</style></head><body>{svg}</body></html>"""


def map_inputs(wards: pd.DataFrame) -> tuple[dict[str, tuple[float | None, str]], dict[str, str]]:
    """ward → (이행률 or None, `구 이행률 75.0% (2020. 12. 31. 기준)`) and ward → `?ward=…`, from the city
    view's rows (`dashboard.data.city().wards`: ward, as_of, rate, …)."""
    values, hrefs = {}, {}
    for row in wards.to_dict("records"):
        rate = row.get("rate")
        rate = None if rate is None or rate != rate else float(rate)
        shown = rate_text(rate)
        values[row["ward"]] = (rate, f"구 이행률 {shown} ({format_date(row['as_of'])} 기준)")
        hrefs[row["ward"]] = f"?ward={quote(str(row['ward']))}&as_of={row['as_of'].isoformat()}"
    return values, hrefs


def show_city_map(wards_frame: pd.DataFrame) -> None:
    """Seoul's 25 wards coloured by each ward's latest 이행률; a ward without a stored quarter is grey.

    A link opens the dashboard at `?ward=…` in a new tab, where the ward picker follows it.
    """
    values, hrefs = map_inputs(wards_frame)
    svg = seoul_map(values, hrefs, title="서울특별시 25개 자치구의 구 이행률 지도 (각 구의 최신 기준일)",
                    missing="저장된 자료 없음")
    new_tab = svg.replace("<a class=", '<a target="_blank" rel="noopener" class=')
    components.html(FRAME.format(svg=new_tab), height=FRAME_HEIGHT)
    st.caption("구를 누르면 그 구의 현황이 새 탭에 열립니다. 회색 빗금은 자료가 없는 구입니다. 경계: 통계청 센서스용 "
               "행정구역경계(2013), southkorea/seoul-maps (Apache License 2.0).")
