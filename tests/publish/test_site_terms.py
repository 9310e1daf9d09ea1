"""The residents' site with terms: the ward page leads with its latest quarter, earlier terms' final
records, each pledge across the quarters of its set, the Atom feeds, open data, the map (in Chromium)."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import xml.etree.ElementTree as ET
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin

import pandas as pd
import pytest

from documents.site import publish
from figures.seoul_map import ward_names
from tests.browser.conftest import SHOTS
from tests.publish.terms_store import (
    BULLET,
    EIGHT,
    NINE_FIRST,
    NINE_LAST,
    REASON,
    RENAMED,
    SEVEN_FINAL,
    build,
)

AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ATOM = "{http://www.w3.org/2005/Atom}"
WARD = "영등포구"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from store import open_store

    folder = tmp_path_factory.mktemp("terms")
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    build(store)
    publish(store, folder / "site", pdf=False)
    yield {"store": store, "out": folder / "site", "folder": folder}
    store.engine.dispose()


def _main(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<main"):text.index("</main>")]


def test_the_ward_page_leads_with_its_latest_quarter_and_links_earlier_terms(site):
    page = _main(site["out"] / WARD / "index.html")
    assert page.index("민선 9기") < page.index("구 이행률") < page.index("공약 목록")
    assert f'href="{NINE_LAST.isoformat()}/pledge-25.html"' in page  # pledge 25 directly, from the ward page
    assert RENAMED in page
    assert re.search(rf'<a href="{EIGHT.isoformat()}/index.html">민선 8기 최종 실적</a>', page)
    assert re.search(rf'<a href="{SEVEN_FINAL.isoformat()}/index.html">민선 7기 최종 실적</a>', page)
    # the current term's quarters first, then the earlier terms
    assert page.index(NINE_FIRST.isoformat()) < page.index("민선 8기 최종 실적") < page.index("민선 7기 최종 실적")
    assert "2027" not in page and not (site["out"] / WARD / "2027-03-31").exists()  # never approved
    final = _main(site["out"] / WARD / EIGHT.isoformat() / "index.html")
    assert "민선 8기 최종 실적" in final and "첫 승인 분기라 비교할 이전 분기가 없습니다" in final


def test_a_pledge_page_shows_its_path_within_its_set_and_its_adjustments(site):
    page = _main(site["out"] / WARD / NINE_LAST.isoformat() / "pledge-25.html")
    history = page[page.index("분기별 이행"):page.index("공약 정보")]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>.*?</td><td class=\"num\">(.*?)</td></tr>", history)
    assert [(re.sub("<[^>]+>", "", d), r) for d, r in rows] == [
        ("2026. 9. 30. 기준", "75.0%"), ("2026. 12. 31. 기준 (이 화면)", "85.0%")]
    assert f'href="../{NINE_FIRST.isoformat()}/pledge-25.html"' in history
    assert "2020" not in history and "2025" not in history  # pledge 25 of 민선 9기 is not that of 7기 or 8기
    assert "공약명 변경" in page and REASON in page and "공약이행평가단 심의" in page
    earlier = _main(site["out"] / WARD / NINE_FIRST.isoformat() / "pledge-25.html")
    assert "85.0%" in earlier and 'href="../2026-12-31/pledge-25.html"' in earlier  # every quarter of the set
    seventh = _main(site["out"] / WARD / SEVEN_FINAL.isoformat() / "pledge-25.html")
    assert "민선 7기 최종 실적" in seventh and "2026" not in seventh


def _feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def _assert_valid_atom(root: ET.Element) -> None:
    """RFC 4287's rules for a feed and its entries (4.1.1, 4.1.2, 3.3, 4.2.7.2)."""
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    for element in (root, *root.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, name
        assert re.match(r"^(urn:uuid:[0-9a-f-]{36}|tag:)", element.findtext(f"{ATOM}id"))
        assert stamp.match(element.findtext(f"{ATOM}updated"))
        alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == len(set(alternates))
    entries = root.findall(f"{ATOM}entry")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None or all(
        e.find(f"{ATOM}author/{ATOM}name") is not None for e in entries)
    for entry in entries:
        assert entry.find(f"{ATOM}content") is not None or any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link"))
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def _entry_links(root: ET.Element, feed: Path) -> list[Path]:
    return [feed.parent / unquote(link.get("href")) for entry in root.findall(f"{ATOM}entry")
            for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]


def test_feeds_are_valid_atom_with_an_entry_per_approved_quarter_whose_links_open(site, tmp_path):
    out, store = site["out"], site["store"]
    published = store.published()
    ward_feed = _feed(out / WARD / "feed.xml")
    _assert_valid_atom(ward_feed)
    links = _entry_links(ward_feed, out / WARD / "feed.xml")
    assert sorted(p.parent.name for p in links) == sorted(d.isoformat() for w, d in published if w == WARD)
    assert all(p.is_file() for p in links)
    city = _feed(out / "feed.xml")
    _assert_valid_atom(city)
    city_links = _entry_links(city, out / "feed.xml")
    assert len(city_links) == len(published) and all(p.is_file() for p in city_links)
    newest = next(e for e in ward_feed.findall(f"{ATOM}entry") if NINE_LAST.isoformat() in e.find(f"{ATOM}link").get("href"))
    content = newest.findtext(f"{ATOM}content")
    assert "75.0% → 85.0%" in content and "공약명 변경" in content and REASON in content
    first = next(e for e in ward_feed.findall(f"{ATOM}entry") if NINE_FIRST.isoformat() in e.find(f"{ATOM}link").get("href"))
    assert "민선 9기의 첫 승인 분기" in first.findtext(f"{ATOM}summary")
    # a quarter without 지표 has no rate: the feed says so, as the pages do (never "–")
    seocho = next(e for e in city.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}author/{ATOM}name") == "서초구")
    assert "구 이행률 지표 없음." in seocho.findtext(f"{ATOM}summary")
    # advertised on the pages, and the ids stay when the site is published again
    assert 'rel="alternate" type="application/atom+xml"' in (out / WARD / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in (out / "index.html").read_text(encoding="utf-8")
    publish(store, tmp_path / "again", pdf=False, processes=1)
    again = _feed(tmp_path / "again" / WARD / "feed.xml")
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == \
        [e.findtext(f"{ATOM}id") for e in ward_feed.findall(f"{ATOM}entry")]


def test_open_data_beside_every_quarter_csv_neutralised_json_exact(site):
    for ward, as_of in site["store"].published():
        assert (site["out"] / ward / as_of.isoformat() / "data" / "공약.csv").is_file()
    folder = site["out"] / WARD / NINE_LAST.isoformat() / "data"
    csv = pd.read_csv(folder / "확인지표.csv", encoding="utf-8-sig", dtype=str)
    assert "'" + BULLET in set(csv["내용"]) and BULLET not in set(csv["내용"])
    records = json.loads((folder / "확인지표.json").read_text(encoding="utf-8"))["자료"]
    assert BULLET in {r["내용"] for r in records}


def test_the_index_names_every_ward_on_the_map_and_ships_the_notice(site):
    out = site["out"]
    page = (out / "index.html").read_text(encoding="utf-8")
    svg = page[page.index("<svg"):page.index("</svg>")]
    for ward in ward_names():
        assert f'aria-label="{ward} ' in svg and f"<title>{ward} " in svg
    assert len(ward_names()) == 25
    assert '<a class="ward" href="%EC%98%81%EB%93%B1%ED%8F%AC%EA%B5%AC/index.html"' in svg
    assert "구 이행률 85.0% (2026. 12. 31. 기준)" in svg
    assert 'aria-label="강남구 승인된 자료 없음"' in svg  # grey and named
    hrefs = re.findall(r'<a class="ward" href="([^"]+)"', svg)
    assert len(hrefs) == 25 and all((out / unquote(h)).is_file() for h in hrefs)  # every shape links to its page
    assert "아직 총괄부서가 승인한 분기 자료가 없습니다" in (out / "강남구" / "index.html").read_text(encoding="utf-8")
    assert "Version 2.0, January 2004" in (out / "assets" / "seoul-maps" / "LICENSE").read_text(encoding="utf-8")
    assert "southkorea/seoul-maps" in (out / "assets" / "seoul-maps" / "README.md").read_text(encoding="utf-8")
    assert 'href="assets/seoul-maps/README.md"' in page


def _serve(folder: Path):
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


PAGES = ("index.html", f"{WARD}/index.html", f"{WARD}/{NINE_LAST.isoformat()}/index.html",
         f"{WARD}/{NINE_LAST.isoformat()}/pledge-25.html", "강남구/index.html")


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
        .filter(v => v.impact === 'critical' || v.impact === 'serious')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))""")


@pytest.mark.browser
def test_in_chromium_from_file_and_http_offline_accessible_with_a_keyboard_map(site, browser):
    out = site["out"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "index.html").as_uri())
    names = page.locator("svg.seoul-map [aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert sorted(n.split(" ")[0] for n in names) == sorted(ward_names())
    # keyboard: tab to the first ward link of the map; its figure shows under the map
    page.locator("svg.seoul-map a.ward").first.focus()
    tip = page.locator("svg.seoul-map a.ward:focus + .tip")
    assert tip.evaluate("t => getComputedStyle(t).visibility") == "visible"
    page.locator(f"svg.seoul-map a[aria-label^='{WARD}']").click()
    page.get_by_role("link", name=RENAMED).click()
    assert page.url.endswith(f"/{NINE_LAST.isoformat()}/pledge-25.html")
    page.locator("#chart-history svg").first.wait_for()
    violations = {}
    for path in PAGES:
        page.goto((out / path).as_uri())
        page.wait_for_timeout(300)
        if found := _axe(page):
            violations[path] = found
    assert violations == {}
    # every entry of the city's feed opens its quarter's page, its link resolved as a feed reader does
    city = _feed(out / "feed.xml")
    for entry in city.findall(f"{ATOM}entry"):
        page.goto(urljoin((out / "feed.xml").as_uri(), entry.find(f"{ATOM}link").get("href")))
        assert entry.findtext(f"{ATOM}title").split(" ")[0] in page.locator("h1").inner_text()
    server = _serve(out)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for path in PAGES:
            response = page.goto(base + path)
            assert response.status == 200
        page.goto(base + PAGES[3])
        assert "85.0%" in page.locator("main").inner_text()
    finally:
        server.shutdown()
    assert [r for r in requests if not r.startswith(("file://", "http://127.0.0.1"))] == []
    context.close()


@pytest.mark.browser
def test_screenshots_at_wall_and_phone_widths(site, browser):
    """tests/screenshots/site_{index,ward,pledge}_{1400,390}.png, looked at by a person; here: nothing cut."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1400, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR")
        page = context.new_page()
        for name, path in (("index", PAGES[0]), ("ward", PAGES[1]), ("pledge", PAGES[3])):
            page.goto((site["out"] / path).as_uri())
            page.wait_for_timeout(500)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (name, width, overflow)
            page.screenshot(path=str(SHOTS / f"site_{name}_{width}.png"), full_page=True)
            text = page.locator("main").inner_text()
            assert "None" not in text and "nan" not in text
        context.close()


def test_dates_are_rfc3339():
    from documents.site.feeds import rfc3339

    assert rfc3339(dt.datetime(2026, 12, 3, 5, 0, 0, 123)) == "2026-12-03T05:00:00Z"
    assert rfc3339(dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))) == "2026-12-03T05:00:00Z"


def test_a_feed_stays_well_formed_whatever_a_cell_held():
    from documents.site.feeds import FeedEntry, render
    from documents.site.pages import environment

    entry = FeedEntry(ward="중구", as_of=dt.date(2026, 9, 30), id="urn:uuid:00000000-0000-5000-8000-000000000000",
                      title="중구 <&> \x0b 공약", updated=dt.datetime(2026, 10, 1, 9), href="2026-09-30/index.html",
                      summary="=1+1 \x01", content="<p>새 추진실적 \x0c</p>")
    text = render(environment(), title="중구 소식", id="urn:uuid:00000000-0000-5000-8000-000000000001",
                  entries=[entry], self_href="feed.xml", page_href="index.html", author="중구")
    root = ET.fromstring(text.encode())
    _assert_valid_atom(root)
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "중구 <&>   공약"
    assert root.find(f"{ATOM}entry/{ATOM}summary").text == "=1+1  "


def test_a_by_election_names_each_set_by_its_mayor():
    from documents.site.terms import set_name
    from figures.terms import PledgeSet

    before = PledgeSet(1, 8, "김팔기", (dt.date(2023, 3, 31),), closed=True)
    after = PledgeSet(2, 8, "이보궐", (dt.date(2024, 3, 31),))
    assert set_name(after, [before, after], "중구") == "민선 8기 (구청장 이보궐)"
    assert set_name(after, [before, after], "서울특별시") == "민선 8기 (시장 이보궐)"
    assert set_name(after, [after], "중구") == "민선 8기"


def test_publishing_some_wards_never_replaces_another_wards_page(site, tmp_path):
    out = tmp_path / "site"
    publish(site["store"], out, pdf=False, processes=1)
    before = (out / "서초구" / "index.html").read_text(encoding="utf-8")
    publish(site["store"], out, wards=[WARD], pdf=False, processes=1)
    assert (out / "서초구" / "index.html").read_text(encoding="utf-8") == before
