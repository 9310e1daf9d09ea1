"""`pledges serve` under a 4 GB address-space limit: an admin uploads oleloop.xls renamed
분기자료.xlsx in Debian's chromium; the page says the file was not read, and the server lives on."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from store import open_store
from store.accounts import add_user
from tests.browser.conftest import ADMIN_PASSWORD, _free_port, browser, page, shot, sign_in  # noqa: F401

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parent / "files"


def _four_gigabytes() -> None:  # in the child, before exec: `ulimit -v 4000000`
    size = 4_000_000 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _healthy(base: str) -> bool:
    try:
        return urllib.request.urlopen(f"{base}/_stcore/health", timeout=5).read() == b"ok"
    except OSError:
        return False


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    port = _free_port()
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'limited.sqlite'}"
    prepared = open_store(url)
    prepared.load_samples()
    add_user(prepared.engine, "관리자", ADMIN_PASSWORD, "admin", by="test")
    prepared.engine.dispose()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT, env={**os.environ, "PLEDGES_DB": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=_four_gigabytes,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while not _healthy(base):
        if time.time() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("pledges serve did not start within 60 s")
        time.sleep(0.5)
    yield {"base": base, "db": url, "process": process}
    process.terminate()
    process.wait(timeout=20)


def test_the_server_survives_a_runaway_upload(page, limited_server, tmp_path):  # noqa: F811
    renamed = tmp_path / "분기자료.xlsx"
    shutil.copy(FILES / "oleloop.xls", renamed)
    base = limited_server["base"]
    page.goto(f"{base}/upload")
    page.get_by_text("자료 올리기").first.wait_for()
    sign_in(page)
    page.locator("input[type=file]").set_input_files(str(renamed))
    page.get_by_text("파일을 읽지 못했습니다 — 저장하지 않았습니다. 분기자료.xlsx: 이 파일을 읽다가 메모리 한도(1GB)를 "
                     "넘었습니다").wait_for()
    shot(page, "isolation_runaway_upload")
    assert limited_server["process"].poll() is None and _healthy(base)
    page.goto(base)
    page.get_by_text("공약 이행 현황").first.wait_for()
    store = open_store(limited_server["db"])
    events = store.audit_events()
    assert events[events["outcome"] == "refused"]["detail"].tolist() == [
        "분기자료.xlsx: 이 파일을 읽다가 메모리 한도(1GB)를 넘었습니다. 손상된 파일일 수 있습니다. "
        "Excel에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장한 뒤 올려 주세요"]
    store.engine.dispose()
