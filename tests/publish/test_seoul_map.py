"""Seoul's map (figures.seoul_map): 25 named wards from the packaged boundaries, a colour per class,
links only where a page exists, escaped text; and the dashboard's copy of it (dashboard.city_map)."""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from figures.seoul_map import CLASSES, GEOJSON, fill_for, seoul_map, ward_names, ward_paths

ROOT = Path(__file__).resolve().parents[2]


def test_twenty_five_wards_from_the_packaged_file_with_its_notice():
    names = ward_names()
    assert len(names) == 25 == len(set(names)) and "영등포구" in names and "중구" in names
    assert (GEOJSON.parent / "README.md").read_text(encoding="utf-8").count("Apache License 2.0") == 1
    paths, height = ward_paths()
    coordinates = [int(n) for d in paths.values() for n in re.findall(r"-?\d+", d)]
    assert min(coordinates) >= 0 and max(coordinates) <= 600 and 400 < height < 600


def test_colours_links_names_and_size():
    svg = seoul_map({"영등포구": (75.0, "구 이행률 75.0%"), "서초구": (None, "구 이행률 지표 없음"),
                     "중구": (100.0, "구 이행률 100.0%"), "종로구": (0.0, "구 이행률 0.0%")},
                    {"영등포구": "영등포구/index.html", "서초구": "서초구/index.html"})
    assert len(svg.encode()) < 25_000  # rounded coordinates keep the page small
    assert svg.count('<a class="ward"') == 2 and svg.count('<g class="ward" role="img"') == 23
    assert re.search(r'<a class="ward" href="영등포구/index.html" aria-label="영등포구 구 이행률 75.0%">'
                     r'<title>영등포구 구 이행률 75.0%</title><path d="M[^"]+" fill="#3182BD"/></a>', svg)
    assert 'aria-label="강남구 승인된 자료 없음"' in svg
    assert fill_for(100.0) == CLASSES[-1][1] and fill_for(0.0) == CLASSES[0][1] and fill_for(19.99) == CLASSES[0][1]
    assert fill_for(None) == fill_for(float("nan")) == "url(#seoul-map-none)"
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in svg


def test_text_is_escaped():
    svg = seoul_map({"중구": (50.0, '<script>"x"</script>')}, {"중구": 'a"b.html'})
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'href="a&quot;b.html"' in svg


def test_the_dashboard_map_inputs():
    from dashboard.city_map import map_inputs

    frame = pd.DataFrame([{"ward": "영등포구", "as_of": dt.date(2020, 12, 31), "rate": 75.0},
                          {"ward": "서초구", "as_of": dt.date(2025, 3, 31), "rate": float("nan")}])
    values, hrefs = map_inputs(frame)
    assert values == {"영등포구": (75.0, "구 이행률 75.0% (2020. 12. 31. 기준)"),
                      "서초구": (None, "구 이행률 지표 없음 (2025. 3. 31. 기준)")}
    assert hrefs["영등포구"] == "?ward=%EC%98%81%EB%93%B1%ED%8F%AC%EA%B5%AC&as_of=2020-12-31"


SCRIPT = """
import datetime as dt
import pandas as pd
from dashboard.city_map import show_city_map
show_city_map(pd.DataFrame([{"ward": "영등포구", "as_of": dt.date(2020, 12, 31), "rate": 75.0}]))
"""


@pytest.mark.browser
def test_streamlit_keeps_the_svg_and_a_ward_link_opens_the_ward(browser, tmp_path):
    """The dashboard shows the very SVG in a component's frame (st.html would drop it) and a ward's link opens
    the dashboard at that ward (in a new tab: a frame may not move the page around it)."""
    script = tmp_path / "map_app.py"
    script.write_text(SCRIPT + "\nimport streamlit as st\nst.write(f\"고른 구: {st.query_params.get('ward')}\")\n",
                      encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.headless",
         "true", "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        page = browser.new_page(viewport={"width": 1000, "height": 1000})
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator("iframe").first.wait_for(timeout=60_000)
        frame = page.frame_locator("iframe").first
        frame.locator("svg.seoul-map").wait_for(timeout=60_000)
        found = frame.locator("svg.seoul-map").evaluate("""(s) => [s.querySelectorAll('[aria-label]').length,
            s.querySelectorAll('title').length, s.querySelectorAll('style').length,
            s.querySelectorAll('a.ward').length]""")
        assert found == [25, 25, 1, 1]
        with page.context.expect_page() as opened:
            frame.locator("svg.seoul-map a[aria-label^='영등포구']").click()
        ward_page = opened.value
        ward_page.get_by_text("고른 구: 영등포구").wait_for(timeout=60_000)
        assert "ward=%EC%98%81" in ward_page.url
        page.context.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
