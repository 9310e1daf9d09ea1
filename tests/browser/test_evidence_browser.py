"""증빙 on 공약 상세 in a real browser, at 1,400 and 390 px: the gallery, a photo opened, a document's
download, and an editor adding and removing a piece (the store judges it in the bounded worker)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import expect

from store import open_store
from store.accounts import add_user
from tests.browser.conftest import ADMIN_PASSWORD, serving, shot
from tests.browser.legibility import settle

pytestmark = pytest.mark.browser
AS_OF = dt.date(2020, 12, 31)
WIDTHS = {"wall": (1400, 1800), "phone": (390, 2400)}


@contextlib.contextmanager
def _page(browser, width: int, height: int) -> Iterator:
    """A Korean page of this width, closed after the block (its default wait 60 s)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


def _within_screen(images, width: int, wider_than: int) -> None:
    """Each of the 4 thumbnails drawn wider than `wider_than` px and not past the screen's edge."""
    for i in range(4):
        box = images.nth(i).bounding_box()
        assert box["width"] > wider_than and box["x"] + box["width"] <= width


def _photo(colour: tuple[int, int, int], size=(1600, 1200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'store.sqlite'}"
    store = open_store(url)
    store.load_samples()
    for i, colour in enumerate(((200, 80, 60), (60, 140, 90), (70, 90, 200), (220, 190, 40))):
        store.add_evidence(_photo(colour), f"현장{i}.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                           caption=f"문래동 테크노밸리 현장 사진 {i + 1}", by="담당")
    store.add_evidence(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "보도자료.pdf", ward="영등포구",
                       as_of=AS_OF, pledge_id="25", caption="착공 보도자료", taken_on=dt.date(2020, 6, 2), by="담당")
    add_user(store.engine, "관리자", ADMIN_PASSWORD, "admin", by="test")
    store.engine.dispose()
    with serving(url) as running:
        yield running


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_gallery_and_the_documents_at_both_widths(browser, server, width):
    w, h = WIDTHS[width]
    with _page(browser, w, h) as page:
        page.goto(f"{server['base']}/pledge?ward=영등포구&as_of=2020-12-31&pledge=25")
        page.get_by_text("사진 4건").wait_for()
        images = page.locator("img[alt^='문래동 테크노밸리 현장 사진']")
        expect(images).to_have_count(4)  # the page may still be drawing the gallery when the first shows
        _within_screen(images, w, wider_than=60)  # each with its caption as alternative text
        page.get_by_text("착공 보도자료").wait_for()
        page.get_by_text("문서 1건").wait_for()
        page.get_by_text("사진 4건").scroll_into_view_if_needed()
        shot(page, f"evidence_gallery_{width}")
        page.get_by_role("button", name="크게 보기").first.click()
        page.get_by_role("dialog").get_by_role("img").wait_for()
        shot(page, f"evidence_photo_{width}")


def test_an_editor_adds_a_photo_and_removes_it(browser, server, tmp_path):
    path = tmp_path / "준공.jpg"
    path.write_bytes(_photo((30, 30, 30), size=(800, 600)))
    with _page(browser, 1400, 2200) as page:
        page.goto(f"{server['base']}/upload")
        page.get_by_label("이름", exact=True).fill("관리자")
        page.get_by_label("비밀번호", exact=True).fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="로그인").click()
        page.locator("input[type=file]").wait_for(state="attached")
        page.get_by_role("link", name="공약 상세").click()
        page.get_by_text("증빙 붙이기").click()
        page.locator("[data-testid='stForm'] input[type=file]").first.set_input_files(str(path))
        page.get_by_label("설명 (필수: 사진을 볼 수 없는 사람에게 읽어 주는 글)").fill("준공 검사 현장")
        page.get_by_role("button", name="붙이기").click()
        page.get_by_text("'준공 검사 현장'을(를) 붙였습니다 (사진, 검토 전).").wait_for()
        store = open_store(server["db"])
        added = [p for p in store.evidence("영등포구") if p.caption == "준공 검사 현장"]
        assert len(added) == 1 and added[0].state == "검토 전" and added[0].added_by == "관리자"
        settle(page)  # the page is drawn again after the add: a click on the old expander would be lost
        page.get_by_text("증빙 내리기").click()
        chosen = page.get_by_role("combobox", name="내릴 증빙")
        assert chosen.input_value() == f"#{added[0].id} 준공 검사 현장"  # the newest piece comes first
        page.get_by_label("내리는 이유 (기록에 남습니다)").fill("시험으로 붙인 사진")
        page.get_by_role("button", name="내리기").click()
        page.get_by_text(f"증빙 #{added[0].id} '준공 검사 현장'을(를) 내렸습니다").wait_for()
        assert store.evidence_piece(added[0].id).removed_reason == "시험으로 붙인 사진"
        store.engine.dispose()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_reviewer_sees_the_pieces_waiting_with_the_quarter(browser, server, width):
    w, h = WIDTHS[width]
    with _page(browser, w, h) as page:
        page.goto(f"{server['base']}/review?ward=영등포구")
        page.get_by_label("이름", exact=True).fill("관리자")
        page.get_by_label("비밀번호", exact=True).fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="로그인").click()
        page.get_by_text("검토 전 증빙 5건").wait_for()
        page.get_by_text("공약 25 · 착공 보도자료 · 2020. 6. 2.").wait_for()
        thumbs = page.locator("img[alt^='문래동 테크노밸리 현장 사진']")
        expect(thumbs).to_have_count(4)  # the list may still be drawing when the first shows
        _within_screen(thumbs, w, wider_than=40)  # beside its line at 1,400 px, above it on a phone
        page.get_by_text("검토 전 증빙 5건").scroll_into_view_if_needed()
        shot(page, f"evidence_review_{width}")
