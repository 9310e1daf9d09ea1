"""The 한글(HWPX) download beside PDF and 엑셀, on 현황 and 공약 상세, at 1,400 and 390 px (issue 30).

Each of the three buttons shows its whole label, none covers another (side by side on a wall
screen, one under the other on a phone), and the HWPX button hands over a 한글 file.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.browser.conftest import SHOTS
from tests.browser.legibility import english, full_shot, settle

pytestmark = pytest.mark.browser
WIDTHS = {"wall": (1400, 1000), "phone": (390, 844)}
PAGES = {"overview": ("", "보고서"), "pledge": ("pledge", "공약관리카드")}

_BOXES = """
() => [...document.querySelectorAll("[data-testid='stDownloadButton'] button")].map(b => {
  const r = b.getBoundingClientRect();
  const label = b.querySelector('p') || b;
  return {text: b.innerText, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
          cut: label.scrollWidth > label.clientWidth + 1 || b.scrollWidth > b.clientWidth + 1,
          right: window.innerWidth};
})
"""


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1 and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("which", list(PAGES))
def test_three_legible_download_buttons(browser, server, which, width, tmp_path):
    path, label = PAGES[which]
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="ko-KR", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{server['base']}/{path}?ward=영등포구&as_of=2020-12-31")
        settle(page)
        buttons = [b for b in page.evaluate(_BOXES) if label in b["text"]]
        assert [b["text"].split("\n")[-1].strip() for b in buttons] == [
            f"{label} PDF", f"{label} 엑셀", f"{label} 한글(HWPX)"]
        assert [b["text"] for b in buttons if b["cut"] or b["x1"] > b["right"]] == []
        assert not any(_overlap(a, b) for i, a in enumerate(buttons) for b in buttons[i + 1:])
        rows = {round(b["y0"]) for b in buttons}
        assert len(rows) == (1 if width == "wall" else 3)  # side by side, or stacked on a phone
        full_shot(page, SHOTS / f"hwpx_{which}_{width}.png")
        assert english(page) == []
        with page.expect_download() as download:
            page.locator("[data-testid='stDownloadButton'] button").filter(has_text=f"{label} 한글(HWPX)").click()
        name = download.value.suggested_filename
        assert name.startswith("영등포구_") and name.endswith("_2020-12-31.hwpx")
        target = tmp_path / name
        download.value.save_as(target)
        with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
            assert archive.infolist()[0].filename == "mimetype"
            assert archive.read("mimetype") == b"application/hwp+zip"
    finally:
        context.close()
