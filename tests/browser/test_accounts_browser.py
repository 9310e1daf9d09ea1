"""Issue 31 in a real browser: an open tab loses its rights the moment the account changes.

Each test drives Debian's chromium against `pledges serve`, changes the account from another
process (the command line, as an admin would), and then presses 저장 in the tab that signed in
before: nothing is stored, the tab says why in Korean, and the sign-in form is back.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from store import open_store
from store.accounts import add_user
from tests.browser.conftest import ADMIN_PASSWORD, serving, shot

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
EDITOR_PASSWORD = "편집 비밀번호 2026"
NEW_PASSWORD = "새로 정한 비밀번호 7"


def _pledges(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PLEDGES_DB": url, "PLEDGES_PASSWORD": ADMIN_PASSWORD, **env}
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def _store(tmp_path_factory, name: str) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'accounts.sqlite'}"
    store = open_store(url)
    store.load_samples()
    add_user(store.engine, "관리자", ADMIN_PASSWORD, "admin", by="test")
    for editor in ("편집1", "편집2", "편집3", "편집4"):
        add_user(store.engine, editor, EDITOR_PASSWORD, "editor", ("영등포구",), by="test")
    store.engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(_store(tmp_path_factory, "accounts")) as running:
        yield running


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory):
    """Idle limit of 0.1 minute (6 s): the test waits 8 s instead of the 75 s an hour's limit of 1 would need."""
    with serving(_store(tmp_path_factory, "idle"), {"PLEDGES_IDLE_MINUTES": "0.1"}) as running:
        yield running


def _quarter_file(tmp_path: Path) -> Path:
    """영등포구's quarter with one figure changed: a new version of a stored 기준일."""
    book = openpyxl.load_workbook(DATA / "영등포구_2020-12-31.xlsx")
    book["확인지표"]["H4"] = 91
    path = tmp_path / "ydp_2021Q2.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_label("이름", exact=True).fill(name)
    page.get_by_label("비밀번호", exact=True).fill(password)
    page.get_by_role("button", name="로그인").click()


def _ready_to_store(page, base: str, tmp_path: Path, name: str) -> None:
    """Sign in on 업로드 and bring a new version of 영등포구 up to its 저장 button."""
    page.goto(f"{base}/upload")
    _sign_in(page, name, EDITOR_PASSWORD)
    page.locator("input[type=file]").set_input_files(str(_quarter_file(tmp_path)))
    page.get_by_text("버전 1을 바꿉니다").wait_for()
    page.get_by_text("지금 보이는 버전 1 대신 이 파일을 보이게 하는 것을 확인했습니다").click()


def _press_store_and_expect_sign_in(page, url: str, reason: str, shot_name: str) -> None:
    versions = open_store(url).history("영등포구")["version"].tolist()
    page.get_by_role("button", name="저장").click()
    page.get_by_text(reason).wait_for()
    page.get_by_role("button", name="로그인").wait_for()
    assert page.get_by_role("button", name="저장").count() == 0
    shot(page, shot_name)
    store = open_store(url)
    assert store.history("영등포구")["version"].tolist() == versions  # nothing stored
    events = store.audit_events(20)
    ended = events[events["action"] == "session_end"]
    assert list(ended["detail"])[:1] == [reason] and list(ended["outcome"])[:1] == ["refused"]


def test_a_removed_editor_cannot_store_from_the_open_tab(page, server, tmp_path):
    _ready_to_store(page, server["base"], tmp_path, "편집1")
    run = _pledges(server["db"], "user", "remove", "편집1", "--user", "관리자")
    assert run.stdout.strip() == "'편집1' 계정을 지웠습니다 (열린 로그인은 모두 끝났습니다)", run.stderr
    _press_store_and_expect_sign_in(page, server["db"], "계정이 지워져 로그아웃되었습니다. 다시 로그인해 주세요",
                                    "accounts_removed_editor")


def test_an_editor_set_to_viewer_cannot_store_from_the_open_tab(page, server, tmp_path):
    _ready_to_store(page, server["base"], tmp_path, "편집2")
    run = _pledges(server["db"], "user", "set", "편집2", "--role", "열람", "--user", "관리자")
    assert run.returncode == 0, run.stderr
    _press_store_and_expect_sign_in(
        page, server["db"], "계정의 역할이나 담당 구가 바뀌어 로그아웃되었습니다. 다시 로그인해 주세요",
        "accounts_narrowed_editor")
    _sign_in(page, "편집2", EDITOR_PASSWORD)  # signed in again: a viewer has no 업로드
    page.get_by_text("'편집2' 계정은 열람만 할 수 있습니다").or_(page.get_by_text("열람 계정은")).first.wait_for()


def test_an_idle_tab_must_sign_in_again_before_it_stores(page, idle_server, tmp_path):
    _ready_to_store(page, idle_server["base"], tmp_path, "편집1")
    time.sleep(8)
    _press_store_and_expect_sign_in(page, idle_server["db"],
                                    "6초 동안 아무 작업이 없어 로그아웃되었습니다. 다시 로그인해 주세요",
                                    "accounts_idle")


def test_after_passwd_the_old_password_no_longer_signs_in(page, server):
    run = _pledges(server["db"], "user", "passwd", "편집3", PLEDGES_PASSWORD=EDITOR_PASSWORD,
                   PLEDGES_NEW_PASSWORD=NEW_PASSWORD)
    assert run.returncode == 0, run.stderr
    page.goto(f"{server['base']}/upload")
    _sign_in(page, "편집3", EDITOR_PASSWORD)
    page.get_by_text("이름 또는 비밀번호가 맞지 않습니다").wait_for()
    _sign_in(page, "편집3", NEW_PASSWORD)
    page.locator("input[type=file]").wait_for(state="attached")


def test_a_reset_password_is_replaced_at_the_next_sign_in(page, server):
    run = _pledges(server["db"], "user", "passwd", "편집4", "--user", "관리자", PLEDGES_NEW_PASSWORD="임시 비밀번호 2026")
    assert run.returncode == 0, run.stderr
    page.goto(f"{server['base']}/upload")
    _sign_in(page, "편집4", "임시 비밀번호 2026")
    page.get_by_text("관리자가 비밀번호를 초기화했습니다. 계속하려면 새 비밀번호를 정해 주세요.").wait_for()
    assert page.locator("input[type=file]").count() == 0
    page.get_by_label("지금 비밀번호", exact=True).fill("임시 비밀번호 2026")
    page.get_by_label("새 비밀번호", exact=True).fill("12345678")
    page.get_by_label("새 비밀번호 한 번 더", exact=True).fill("12345678")
    page.get_by_role("button", name="비밀번호 바꾸기").click()
    page.get_by_text("흔히 쓰는 비밀번호 목록에 있습니다").wait_for()
    shot(page, "accounts_weak_password")
    page.get_by_label("새 비밀번호", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("새 비밀번호 한 번 더", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="비밀번호 바꾸기").click()
    page.get_by_text("비밀번호를 바꿨습니다. 열려 있던 로그인은 모두 끝났습니다.").wait_for()
    _sign_in(page, "편집4", NEW_PASSWORD)
    page.locator("input[type=file]").wait_for(state="attached")


# --- the city's single sign-on, against a provider on this machine ------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on 127.0.0.1, with two people: one with an account's e-mail, one without."""
    port = _free_port()
    people = [{"sub": "editor-1", "email": "editor1@ydp.go.kr", "name": "김편집"},
              {"sub": "stranger", "email": "stranger@example.org", "name": "외부인"}]
    args = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for person in people:
        args += ["--user-claims", json.dumps(person, ensure_ascii=False)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    import urllib.request

    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/.well-known/openid-configuration", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the local OpenID provider did not start")
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, provider):
    folder = tmp_path_factory.mktemp("sso")
    url = _store(tmp_path_factory, "sso-store")
    store = open_store(url)
    admin = store.authenticate("관리자", ADMIN_PASSWORD)
    store.set_user("편집1", by="관리자", user=admin, email="editor1@ydp.go.kr")
    store.engine.dispose()
    port = _free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-secret-that-is-long-enough-0123456789"\n'
        'client_id = "pledges"\nclient_secret = "pledges-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    with serving(url, {"PLEDGES_PASSWORD_LOGIN": "0"}, port=port, secrets=secrets) as running:
        yield running


def _only_this_machine(page) -> list[str]:
    """Every request to another host is refused (and listed): the provider runs on 127.0.0.1."""
    outside: list[str] = []

    def route(request_route) -> None:
        host = request_route.request.url.split("/")[2].split(":")[0]
        if host in ("127.0.0.1", "localhost"):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    page.context.route("**/*", route)
    return outside


def test_single_sign_on_maps_the_person_to_the_account_of_their_email(page, sso_server):
    _only_this_machine(page)
    page.goto(f"{sso_server['base']}/upload")
    page.get_by_role("button", name="통합 로그인(SSO)").wait_for()
    assert page.get_by_label("비밀번호", exact=True).count() == 0  # PLEDGES_PASSWORD_LOGIN=0
    shot(page, "accounts_sso_button")
    page.get_by_role("button", name="통합 로그인(SSO)").click()
    page.get_by_role("button", name="editor-1").click()  # the provider's form
    page.wait_for_url(f"{sso_server['base']}/**")
    page.goto(f"{sso_server['base']}/upload")
    page.locator("input[type=file]").wait_for(state="attached")
    page.get_by_text("편집1 · 편집(담당 구) · 영등포구").wait_for()
    events = open_store(sso_server["db"]).audit_events(10)
    logins = events[events["action"] == "login"]
    assert list(logins["detail"])[:1] == ["통합 로그인(SSO) editor1@ydp.go.kr"]


def test_a_person_without_an_account_is_told_whom_to_ask(page, sso_server):
    _only_this_machine(page)
    page.goto(f"{sso_server['base']}/upload")
    page.get_by_role("button", name="통합 로그인(SSO)").click()
    page.get_by_role("button", name="stranger").click()
    page.wait_for_url(f"{sso_server['base']}/**")
    page.goto(f"{sso_server['base']}/upload")
    page.get_by_text("stranger@example.org(으)로 통합 로그인했지만 이 대시보드에는 그 계정이 없습니다. 구청 공약 "
                     "총괄부서의 대시보드 관리자(관리자)에게").wait_for()
    assert page.locator("input[type=file]").count() == 0
    shot(page, "accounts_sso_no_account")
