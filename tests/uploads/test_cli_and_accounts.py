"""Accounts that cannot lock out, serve on loopback, and the command line in Korean without tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert

from cli.serve import is_loopback
from store import accounts, open_store
from store.accounts import AccountError
from store.models import AccountRow
from tests.uploads.test_uploads import CLI, DATA, P25, pledges

PASSWORD = {"PLEDGES_NEW_PASSWORD": "비밀번호-2026-ok", "PLEDGES_PASSWORD": "비밀번호-2026-ok"}


def test_first_account_must_be_an_admin(store):
    with pytest.raises(AccountError, match="첫 계정은 관리자로 만들어 주세요"):
        accounts.add_user(store.engine, "kim", "Password-2026", "viewer", by="test")
    assert not store.has_accounts()
    accounts.add_user(store.engine, "boss", "Password-2026", "admin", by="test")
    accounts.add_user(store.engine, "kim", "Password-2026", "viewer", by="test")
    assert [a.role for a in accounts.list_users(store.engine)] == ["admin", "viewer"]


def test_first_account_by_cli_must_be_an_admin(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    run = pledges("user", "add", "kim", "--role", "열람", url=url, env=PASSWORD)
    assert run.returncode == 1
    assert "저장소에 관리자가 아직 없습니다. 첫 계정은 관리자로 만들어 주세요 (역할: 관리자)" in run.stderr
    run = pledges("user", "add", "boss", "--role", "관리자", url=url, env=PASSWORD)
    assert run.returncode == 0 and "'boss' 계정을 만들었습니다 (관리자(모든 구))" in run.stdout


def test_operator_can_always_make_an_admin_on_a_store_without_one(tmp_path):
    """A store left with viewers only (made before the first-admin rule) is not locked for good."""
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = open_store(url)
    with store.engine.begin() as conn:
        conn.execute(insert(AccountRow), dict(name="viewer", password_hash="x", role="viewer",
                                              created_at=dt.datetime.now(dt.UTC), disabled=False))
    store.engine.dispose()
    assert pledges("user", "add", "kim", "--role", "편집", "--ward", "영등포구", url=url, env=PASSWORD).returncode == 1
    run = pledges("user", "add", "boss", "--role", "admin", url=url, env=PASSWORD)
    assert run.returncode == 0, run.stderr
    run = pledges("user", "add", "second", "--role", "관리자", url=url, env=PASSWORD)
    assert run.returncode == 1 and "관리자가 있는 저장소에서는 관리자만 계정을 바꿀 수 있습니다" in run.stderr


def test_admin_page_on_a_new_store_creates_an_admin(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    open_store(url).import_file(P25)  # used: no samples, no account
    monkeypatch.setenv("PLEDGES_DB", url)
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("views/admin.py").run()
    assert not app.exception
    assert [s for s in app.selectbox if s.label == "역할"] == []  # no way to make a viewer first
    app.text_input(key="first_admin_name").input("boss")
    app.text_input(key="first_admin_password").input("Password-2026")
    app.button[0].click().run()
    assert [(a.name, a.role) for a in accounts.list_users(open_store(url).engine)] == [("boss", "admin")]
    assert "자료를 올리거나 되돌리려면 로그인해야 합니다." in " ".join(c.value for c in app.caption)


# --- serve on loopback -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> set[str]:
    """Local addresses listening on `port`, from /proc/net/tcp (IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.mark.slow
def test_serve_listens_on_loopback_by_default(tmp_path):
    port = _free_port()
    env = {**os.environ, "PLEDGES_DB": f"sqlite:///{tmp_path / 's.sqlite'}"}
    process = subprocess.Popen([sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())",
                                "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not _listening(port):
            time.sleep(0.3)
        assert _listening(port) == {"127.0.0.1"}
    finally:
        os.killpg(process.pid, 15)
        out, _ = process.communicate(timeout=30)
    assert f"대시보드: http://localhost:{port}  (이 컴퓨터에서만 열립니다" in out


def test_open_host_is_not_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1") and not is_loopback("")


# --- the command line: Korean, exit codes, never a traceback ----------------------------------


def _cases(tmp_path: Path) -> list[tuple[list[str], int, str]]:
    locked = tmp_path / "locked"
    locked.mkdir()
    return [
        ([], 2, "사용법: pledges"),
        (["bogus"], 2, "'bogus'는 고를 수 없는 값입니다"),
        (["import"], 2, "다음 인자가 필요합니다: FILE"),
        (["import", "--bogus", "x.xlsx"], 2, "알 수 없는 인자입니다: --bogus"),
        (["import", str(tmp_path / "없는파일.xlsx")], 1, "없는파일.xlsx: 파일이 없습니다"),
        (["import", str(tmp_path)], 2, "폴더입니다. 서식 파일(.xlsx)을 적어 주세요"),
        (["validate", str(tmp_path / "없는파일.xlsx")], 1, "파일을 찾을 수 없거나 열 수 없습니다"),
        (["summary", "--as-of", "2020-13-45"], 2, "'2020-13-45'는 날짜가 아닙니다 (2027-01-15 또는 2027. 1. 15.처럼 적어 주세요)"),
        (["history"], 2, "다음 인자가 필요합니다: --ward"),
        (["serve", "--port", "abc"], 2, "'abc'는 숫자가 아닙니다"),
        (["audit", "--limit", "0"], 2, "1 이상의 숫자를 적어 주세요"),
        (["user", "add", "kim", "--role", "boss"], 2, "'boss'는 역할이 아닙니다 (열람, 편집, 검토, 관리자 중 하나)"),
        (["template", str(tmp_path / "서식.txt")], 2, "파일 이름은 .xlsx 로 끝나야 합니다"),
        (["template", str(tmp_path)], 2, "파일 이름은 .xlsx 로 끝나야 합니다"),
        (["template", str(tmp_path / "폴더.xlsx")], 2, "폴더입니다. 만들 파일의 이름을 적어 주세요"),
        (["template", str(tmp_path / "파일.txt" / "안.xlsx")], 1, "파일.txt'가 없습니다"),
        (["template", str(tmp_path / "없는폴더" / "서식.xlsx")], 1, "없는폴더'가 없습니다"),
        (["template", str(tmp_path / "x.xlsx"), "--ward", "없는구"], 1, "없는구 저장된 자료가 없습니다"),
        (["summary", "--db", "nonsense::"], 2, "저장소 주소를 알아볼 수 없습니다"),
        (["summary", "--db", "postgresql+psycopg://u:secret@127.0.0.1:1/x"], 1, "저장소에 연결할 수 없습니다"),
        (["summary", "--db", "sqlite:////proc/no/such/dir/s.sqlite"], 1, "저장소에 연결할 수 없습니다"),
        (["original", "--ward", "영등포구", "--as-of", "2020-12-31", "--version", "5", "-o", str(tmp_path / "o.xlsx")], 1,
         "원본 파일이 없습니다"),
        (["rollback", "--ward", "영등포구", "--as-of", "2020-12-31"], 1, "이전 버전이 없습니다"),
        (["import", "--dry-run", str(P25), "--user", "nobody"], 1, "이름 또는 비밀번호가 맞지 않습니다"),
    ]


def test_bad_command_lines_get_korean_messages_and_exit_codes(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    pledges("import", str(DATA / "서초구_2025-03-31.xlsx"), url=url)
    pledges("import", str(P25), url=url)
    (tmp_path / "폴더.xlsx").mkdir()
    (tmp_path / "파일.txt").write_text("x")
    failures = []
    for args, code, message in _cases(tmp_path):
        run = pledges(*args, url=url, env={"PLEDGES_PASSWORD": "wrong-password"})
        said = run.stdout + run.stderr
        if run.returncode != code or message not in said or "Traceback" in said or "usage:" in said:
            failures.append((args, run.returncode, said[-300:]))
    assert failures == []
    assert "secret" not in pledges("summary", "--db", "postgresql+psycopg://u:secret@127.0.0.1:1/x", url=url).stderr


def test_every_command_and_flag_has_korean_help():
    from cli.main import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help and any("가" <= ch <= "힣" for ch in action.help), (name, action.dest)
        if name == "user":
            for inner in sub._subparsers._group_actions[0].choices.values():
                for action in inner._actions:
                    if action.dest != "help":
                        assert action.help, (name, inner.prog, action.dest)
    assert "선택 사항:" in parser.format_help() and "usage" not in parser.format_help()


@pytest.mark.parametrize("command", [["history", "--ward", "영등포구", "--json"], ["summary", "--json"]])
def test_a_closed_pipe_ends_quietly(tmp_path, command):
    """`pledges history --json | head`: the reader went away before the output; no message, as `cat` does."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert pledges("import", str(P25), url=url).returncode == 0
    environment = {"PLEDGES_DB": url, "PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
    process = subprocess.Popen([sys.executable, "-c", CLI, *command], env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes a byte
    _, errors = process.communicate(timeout=120)
    assert (process.returncode, errors.decode()) == (141, "")
