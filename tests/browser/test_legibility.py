"""Every page readable at 1,400 × 1,000 and 390 × 844, in Korean, offline, on the samples and on a
120-pledge ward with 40+ character names: no two chart texts overlap, none is cut at its chart's
edge, no chart is wider than the window, no English left, no request off the machine.

One server for the module (conftest `server`); the long ward is imported into its store once.
Screenshots of every page at both widths go to tests/screenshots/legibility_*.png.
"""

from __future__ import annotations

import pytest

from store import open_store
from tests.browser.conftest import ADMIN_PASSWORD, SHOTS
from tests.browser.legibility import (
    cut_metrics,
    english,
    full_shot,
    long_ward_workbook,
    measure,
    off_machine,
    settle,
)

pytestmark = pytest.mark.browser
WIDTHS = {"wall": (1400, 1000), "phone": (390, 844)}
LINKS = {"samples": "ward=영등포구&as_of=2020-12-31&pledge=25", "long": "ward=강서구&as_of=2020-12-31&pledge=7"}
CHART_PAGES = ["overview", "pledge", "budget", "changes"]



@pytest.fixture(scope="module")
def wards(server, tmp_path_factory):
    """The samples and 강서구: 120 pledges, titles and sub-project names of 40+ characters."""
    store = open_store(server["db"])
    admin = store.authenticate("관리자", ADMIN_PASSWORD)
    workbook = long_ward_workbook(tmp_path_factory.mktemp("long") / "강서구_2020-12-31.xlsx")
    assert store.import_file(workbook, user=admin).status == "stored"
    store.engine.dispose()
    return server


@pytest.fixture(scope="module")
def chromium(browser):
    """The module's Chromium (tests/browser/conftest.py), under the name these tests use."""
    return browser


def _visit(chromium, base: str, path: str, width: str, query: str, sign_in: bool = False):
    w, h = WIDTHS[width]
    context = chromium.new_context(viewport={"width": w, "height": h}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(120_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/{'' if path == 'overview' else path}?{query}")  # 현황 is the root page
    settle(page)
    if sign_in:
        page.get_by_label("이름").fill("관리자")
        page.get_by_label("비밀번호").fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="로그인").click()
        settle(page)
    return context, page, requests


def _check(page, name: str) -> None:
    found = measure(page)
    full_shot(page, SHOTS / f"legibility_{name}.png")
    assert found["overlaps"] == [], f"{len(found['overlaps'])} overlapping chart texts: {found['overlaps'][:10]}"
    assert found["outside"] == [], f"chart texts cut at the chart's edge: {found['outside'][:10]}"
    assert found["too_wide"] == [], f"charts wider than the window: {found['too_wide']}"
    assert english(page) == [], "English left on the page"
    assert cut_metrics(page) == [], "figures cut short"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("data", list(LINKS))
@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_pages_are_legible(chromium, wards, path, data, width):
    context, page, _ = _visit(chromium, wards["base"], path, width, LINKS[data])
    try:
        assert page.locator(".js-plotly-plot").count() > 0
        _check(page, f"{path}_{data}_{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", ["upload", "admin"])
def test_upload_and_admin_are_korean(chromium, wards, path, width):
    context, page, _ = _visit(chromium, wards["base"], path, width, LINKS["samples"], sign_in=True)
    try:
        if path == "upload":
            page.locator("[data-testid='stFileUploaderDropzone']").wait_for()
            assert "파일 선택" in page.evaluate(
                "() => getComputedStyle(document.querySelector('[data-testid=stFileUploaderDropzone] button'),"
                " '::after').content")
        else:
            page.get_by_text("기록 (최근 200건)").wait_for()
        _check(page, f"{path}_{width}")
    finally:
        context.close()


def test_nothing_is_fetched_from_another_host(chromium, wards):
    """A `:material/` page_icon made Streamlit fetch the favicon from fonts.gstatic.com (16 requests)."""
    seen = []
    for path in ["overview", "pledge", "budget", "changes", "upload", "admin"]:
        context, page, requests = _visit(chromium, wards["base"], path, "wall", LINKS["samples"])
        page.wait_for_timeout(500)
        seen += requests
        context.close()
    assert off_machine(seen) == []


def test_the_pickers_are_at_the_top_of_a_phone_screen(chromium, wards):
    """A phone need not open the sidebar: the ward and 기준일 are above the title."""
    context, page, _ = _visit(chromium, wards["base"], "pledge", "phone", LINKS["long"])
    try:
        ward = page.get_by_role("combobox", name="자치구")
        assert ward.is_visible() and ward.input_value() == "강서구"
        title = page.locator("[data-testid=stMain] h1").first.bounding_box()
        assert ward.bounding_box()["y"] < title["y"]
        assert page.locator("[data-testid=stMain] h1").first.inner_text().startswith("공약 7. 강서구 공약 7: ")
    finally:
        context.close()


def test_the_address_bar_is_a_link_to_what_is_shown(chromium, wards):
    from urllib.parse import parse_qs, urlparse

    context, page, _ = _visit(chromium, wards["base"], "pledge", "wall", "")
    try:
        page.wait_for_function("() => location.search.includes('pledge=')")
        query = parse_qs(urlparse(page.url).query)
        assert query["ward"] == ["영등포구"] and query["as_of"] == ["2020-12-31"] and query["pledge"] == ["25"]
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_figure_is_cut_short(chromium, wards, width):
    """현황 showed 총 소요예산 as `6,268…` at 1,400 px: six cards in a row, Streamlit's ellipsis."""
    context, page, _ = _visit(chromium, wards["base"], "overview", width, LINKS["samples"])
    try:
        values = page.locator("[data-testid=stMetricValue]").all_inner_texts()
        assert "6,268백만원" in values and "75.0%" in values
        assert cut_metrics(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("path", ["오래된-주소", "overview"])
def test_an_unknown_address_opens_the_first_page_in_korean(chromium, wards, path):
    """An old bookmark: Streamlit's English "Page not found" dialog is replaced by a Korean note."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{wards['base']}/{path}?{LINKS['samples']}")  # `/overview`: the root page's old address
    settle(page)
    try:
        page.locator("[data-testid=stMain] h1").first.wait_for()
        assert page.locator("[data-testid=stMain] h1").first.inner_text() == "영등포구 공약 이행 현황"
        notice = page.get_by_text("에 해당하는 화면이 없어 첫 화면(현황)을 보여 드립니다")
        assert notice.count() == (1 if path != "overview" else 0)
        if path != "overview":
            assert notice.inner_text().startswith(f"주소 '/{path}'에 해당하는 화면이 없어")
        assert page.locator("[role=dialog]").count() == 0
        assert english(page) == []
        assert page.locator("[data-testid=stSkipToContent]").text_content() == "본문으로 건너뛰기"
    finally:
        context.close()
