"""The residents' site: approved quarters only, open data that reads back, file:// navigation, axe-core."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest

from documents.site import publish
from figures.summary import summary_document
from tests.review.test_review_states import _second_version
from tests.uploads.test_uploads import P25, pledges

AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AS_OF = dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from store import open_store

    folder = tmp_path_factory.mktemp("site")
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    store.load_samples()
    for ward in store.wards():
        for as_of in store.as_of_dates(ward):
            store.approve(ward, as_of, by="총괄")
    store.import_file(_second_version(), file_name="검토전.xlsx")  # newer, not approved: must not show
    result = publish(store, folder / "site", pdf=True)
    yield {"store": store, "out": folder / "site", "result": result}
    store.engine.dispose()


def test_the_latest_approved_version_is_published(site):
    assert (site["result"].wards, site["result"].quarters) == (4, 6)
    quarter = site["out"] / "영등포구" / "2020-12-31" / "data" / "공약.json"
    described = json.loads(quarter.read_text(encoding="utf-8"))
    assert described["설명"]["이행률"].startswith("세부사업 이행률의 평균")
    store = site["store"]
    approved_id = store.published()[("영등포구", AS_OF)]
    table = store.reviews("영등포구")
    mine = table[table["as_of"] == AS_OF].set_index("version")
    assert mine.loc[1, "snapshot_id"] == approved_id and mine.loc[2, "state"] == "검토 전"


def test_open_data_reads_back_as_the_summary(site):
    store = site["store"]
    ids = store.published()
    frames = store.frames_by_ids(list(ids.values()))
    for (ward, as_of), sid in ids.items():
        doc = summary_document([frames[sid]])["wards"][0]
        folder = site["out"] / ward / as_of.isoformat() / "data"
        pledge_csv = pd.read_csv(folder / "공약.csv", encoding="utf-8-sig", dtype={"공약번호": str})
        assert (folder / "공약.csv").read_bytes()[:3] == b"\xef\xbb\xbf"  # the BOM Excel needs
        for p, row in zip(doc["pledges"], pledge_csv.to_dict("records"), strict=True):
            assert row["공약번호"] == p["id"] and row["상태"] == p["status"]
            assert (None if pd.isna(row["이행률"]) else row["이행률"]) == p["rate"]
            assert row["총소요예산_원"] == p["budget"]["total"]
            assert row["시비_원"] == p["budget"]["by_source"].get("시비", 0)
        subs = pd.read_csv(folder / "세부사업.csv", encoding="utf-8-sig", dtype={"공약번호": str})
        expected = [(p["id"], s["name"], s["rate"]) for p in doc["pledges"] for s in p["subprojects"]]
        assert [(r["공약번호"], r["세부사업"], None if pd.isna(r["이행률"]) else r["이행률"])
                for r in subs.to_dict("records")] == expected
        records = json.loads((folder / "공약.json").read_text(encoding="utf-8"))["자료"]
        assert [r["이행률"] for r in records] == [p["rate"] for p in doc["pledges"]]
        budget = pd.read_csv(folder / "소요예산.csv", encoding="utf-8-sig", dtype={"공약번호": str})
        assert int(budget["금액_원"].sum()) == int(frames[sid].budget["amount"].sum())


def test_pages_use_relative_links_and_one_shared_plotly(site):
    out = site["out"]
    pledge = (out / "영등포구" / "2020-12-31" / "pledge-25.html").read_text(encoding="utf-8")
    assert 'src="../../assets/plotly.min.js"' in pledge and "https://" not in pledge and "http://" not in pledge
    assert len(pledge.encode()) < 300_000
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert (out / "영등포구" / "2020-12-31" / "pledge-25.pdf").read_bytes()[:5] == b"%PDF-"
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="ko">' in text and "None" not in text and "nan" not in text.replace("nanum", "")


def test_publish_by_cli(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    pledges("import", str(P25), url=url)
    run = pledges("publish", "--out", str(tmp_path / "site"), "--no-pdf", url=url)
    assert run.returncode == 1 and "승인된 자료가 없어" in run.stdout
    pledges("approve", "--ward", "영등포구", "--as-of", "2020-12-31", url=url)
    run = pledges("publish", "--out", str(tmp_path / "site"), "--ward", "영등포구", "--no-pdf", url=url)
    assert run.returncode == 0 and "1개 구, 분기 1건, 공약 화면 1개" in run.stdout
    (tmp_path / "file.txt").write_text("x")
    assert pledges("publish", "--out", str(tmp_path / "file.txt"), url=url).returncode == 2


@pytest.mark.browser
def test_site_from_file_urls_is_navigable_offline_and_accessible(site, browser):
    assert AXE.exists(), "npm ci --prefix tests/axe (done by .ci/setup.sh)"
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site["out"] / "index.html").as_uri())
    page.get_by_role("link", name="영등포구", exact=True).click()
    page.get_by_role("link", name="2020. 12. 31. 기준").click()
    page.get_by_role("link", name="경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성").click()
    assert page.url.endswith(quote("영등포구") + "/2020-12-31/pledge-25.html")
    body = page.locator("main").inner_text()
    assert "75.0%" in body and "6,268백만원" in body
    page.locator("#chart-paths svg").first.wait_for()
    violations = {}
    for path in ("index.html", "영등포구/2020-12-31/index.html", "영등포구/2020-12-31/pledge-25.html"):
        page.goto((site["out"] / path).as_uri())
        page.wait_for_timeout(300)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
            .filter(v => v.impact === 'critical' || v.impact === 'serious')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))""")
        if found:
            violations[path] = found
    assert violations == {}
    assert [r for r in requests if not r.startswith("file://")] == []
    # keyboard: the skip link is the first stop and leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"
    context.close()


def test_open_data_numbers_are_in_their_shortest_exact_form(site):
    """62.2, never 62.200000000000003: every number of every JSON file reads back as Python writes it."""
    number = re.compile(r'(?<=[:\[,])\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?=\s*[,\]}])')
    seen = 0
    for path in site["out"].rglob("data/*.json"):
        text = path.read_text(encoding="utf-8")
        for token in number.findall(text):
            value = json.loads(token)
            assert token == (repr(value) if isinstance(value, float) else str(value)), (path.name, token)
            seen += 1
    assert seen > 300
