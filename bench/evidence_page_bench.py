"""공약 상세 with 20 photos against the same page without them (`python bench/evidence_page_bench.py [PAIRS]`).

Goal (issue 29): the pledge page with 20 photos draws within 1.2× of the same page without them.
Two stores hold the samples; one has 20 phone photos (4000×3000 JPEG, kept at that size, their
320 px thumbnails made when they were added) on 영등포구's pledge 25 of 2020-12-31. Two things
are timed, pair by pair (without, then with, PAIRS times; default 7), each in a fresh Chromium
context so that no image comes from the browser's cache:

- the dashboard (`pledges serve` on each store, warmed by one untimed visit): from navigation to
  공약 상세 until the 증빙 heading is on screen, every image on the page has arrived and Streamlit's
  status widget has been quiet for 0.4 s (the quiet time is taken off both);
- the residents' site (`documents.site.publish`, without card PDFs): the pledge page from
  file:// until its `load` event (the gallery's images are `loading=lazy`: only those on screen).

Prints the medians, their ratio and the median of the per-pair ratios.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evidence_bench import phone_photo  # noqa: E402

WARD, AS_OF, PLEDGE = "영등포구", dt.date(2020, 12, 31), "25"
PHOTOS = 20
GOAL = 1.2
QUIET = 0.4
CHROMIUM = dict(executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def make_store(folder: Path, photos: int) -> str:
    """The samples, every quarter approved, with `photos` phone photos on pledge 25 (approved with it)."""
    from store import open_store

    url = f"sqlite:///{folder / f'store_{photos}.sqlite'}"
    store = open_store(url)
    store.load_samples()
    picture = phone_photo("JPEG", grain_sigma=24)
    for i in range(photos):
        store.add_evidence(picture, f"현장{i + 1}.jpg", ward=WARD, as_of=AS_OF, pledge_id=PLEDGE,
                           caption=f"현장 사진 {i + 1}", taken_on=dt.date(2020, 11, 1 + i), by="bench")
    for ward in store.wards():
        for as_of in store.as_of_dates(ward):
            store.approve(ward, as_of, by="bench")
    store.engine.dispose()
    return url


@contextlib.contextmanager
def serving(url: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--address", "127.0.0.1"],
        cwd=ROOT, env={**os.environ, "PLEDGES_DB": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def dashboard_once(browser, base: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        started = time.perf_counter()
        page.goto(f"{base}/pledge?ward={WARD}&as_of={AS_OF.isoformat()}&pledge={PLEDGE}")
        page.get_by_role("heading", name="증빙").wait_for()
        quiet_since = None
        while True:
            busy = page.locator("[data-testid='stStatusWidget']").count() or not page.evaluate(
                "[...document.images].every(i => i.complete)")
            now = time.perf_counter()
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= QUIET:
                return quiet_since - started
            time.sleep(0.05)
    finally:
        context.close()


def site_once(browser, page_file: Path) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="ko-KR")
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="load")
        return time.perf_counter() - started
    finally:
        context.close()


def compare(label: str, without, with_photos, pairs: int) -> None:
    mine, theirs = [], []
    for _ in range(pairs):
        theirs.append(without())
        mine.append(with_photos())
    ratio = statistics.median(mine) / statistics.median(theirs)
    per_pair = statistics.median(m / t for m, t in zip(mine, theirs, strict=True))
    print(f"{label}: without {statistics.median(theirs):.3f} s, with {PHOTOS} photos "
          f"{statistics.median(mine):.3f} s (medians of {pairs} pairs); ratio {ratio:.2f}× "
          f"(per pair {per_pair:.2f}×); goal < {GOAL}×: {'met' if ratio < GOAL else 'NOT met'}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from documents.site import publish
    from store import open_store

    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        urls = {n: make_store(folder, n) for n in (0, PHOTOS)}
        sites = {}
        for n, url in urls.items():
            store = open_store(url)
            publish(store, folder / f"site_{n}", pdf=False, processes=1)
            store.engine.dispose()
            sites[n] = folder / f"site_{n}" / WARD / AS_OF.isoformat() / f"pledge-{PLEDGE}.html"
        kept = sum(p.stat().st_size for p in (sites[PHOTOS].parent / "evidence").glob("*-thumb.jpg"))
        print(f"{PHOTOS} photos of {len(phone_photo('JPEG', 24)) / 1e6:.1f} MB each; "
              f"their thumbnails {kept / 1024:.0f} KB together")
        with sync_playwright() as p, serving(urls[0]) as plain, serving(urls[PHOTOS]) as rich:
            browser = p.chromium.launch(**CHROMIUM)
            dashboard_once(browser, plain), dashboard_once(browser, rich)  # untimed: each server's first run
            compare("공약 상세 (dashboard)", lambda: dashboard_once(browser, plain),
                    lambda: dashboard_once(browser, rich), pairs)
            compare("공약 페이지 (site)", lambda: site_once(browser, sites[0]),
                    lambda: site_once(browser, sites[PHOTOS]), pairs)
            browser.close()


if __name__ == "__main__":
    main()
