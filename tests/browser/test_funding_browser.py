"""계획 · 확보 · 집행 in a real browser: the bullet chart and the two rates on 예산 and 공약 상세."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import open_store
from tests.browser.conftest import ADMIN_PASSWORD, shot

pytestmark = pytest.mark.browser
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx"


@pytest.fixture(scope="module")
def funded(server):
    store = open_store(server["db"])
    admin = store.authenticate("관리자", ADMIN_PASSWORD)
    assert store.import_file(EXAMPLE, user=admin).status == "stored"
    store.engine.dispose()
    return server


@pytest.mark.parametrize("path", ["budget", "pledge"])
def test_chart_and_rates_show(page, funded, path):
    page.goto(f"{funded['base']}/{path}")
    rate = page.locator("[data-testid='stMetric']").filter(has_text="재정 확보율")
    rate.wait_for()
    assert "83.4%" in rate.inner_text()
    assert "82.8%" in page.locator("[data-testid='stMetric']").filter(has_text="집행률").inner_text()
    chart = page.locator(".js-plotly-plot").filter(has_text="확보율 82.0%").first
    chart.scroll_into_view_if_needed()
    text = chart.inner_text()
    assert "계획" in text and "확보" in text and "집행" in text and "집행률 82.1%" in text
    shot(page, f"browser_funding_{path}")
