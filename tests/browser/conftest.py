"""A real `pledges serve` on a temporary store, and Debian's chromium driven by Playwright.

These tests are required: without /usr/bin/chromium they fail, they do not skip.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
ADMIN_PASSWORD = "correct horse 7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(url: str, env: dict | None = None, *, port: int | None = None,
            secrets: Path | None = None) -> Iterator[dict]:
    """`pledges serve` on the store at `url` (with `env` added to its environment) until the block ends."""
    port = port or _free_port()
    environment = {**os.environ, "PLEDGES_DB": url, **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--address", "127.0.0.1",
         *(["--secrets", str(secrets)] if secrets else [])],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("pledges serve did not start within 60 s")
    try:
        yield {"base": base, "db": url, "port": port}
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'browser.sqlite'}"
    from store import open_store
    from store.accounts import add_user

    prepared = open_store(url)
    prepared.load_samples()  # what the app does on a fresh store; then an admin for the uploads
    add_user(prepared.engine, "관리자", ADMIN_PASSWORD, "admin", by="test")
    add_user(prepared.engine, "서초편집", ADMIN_PASSWORD, "editor", ("서초구",), by="test")
    prepared.engine.dispose()
    with serving(url) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is required (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2600}, locale="ko-KR")
    opened = context.new_page()
    opened.set_default_timeout(60_000)
    yield opened
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, name: str = "관리자", password: str = ADMIN_PASSWORD) -> None:
    """Fill the upload page's sign-in form."""
    page.get_by_label("이름").fill(name)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    page.locator("input[type=file]").wait_for(state="attached")
