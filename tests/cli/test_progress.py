"""Progress shows on a terminal (what, how far, the time gone and left, in Korean) and never in a pipe.

`pledges publish` (card PDFs included) and `pledges backup` run under a pseudo-terminal, where the
progress line must be drawn, and into pipes, where stdout must be the closing message alone and
stderr empty: cron mail and scripts read what they always read.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """The sample store with every quarter approved."""
    from store import open_store

    folder = tmp_path_factory.mktemp("progress")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store = open_store(url)
    store.load_samples()
    for ward in store.wards():
        for as_of in store.as_of_dates(ward):
            store.approve(ward, as_of, by="총괄")
    store.engine.dispose()
    return {"url": url, "folder": folder}


def _environment() -> dict:
    return {**os.environ, "TERM": "xterm", "COLUMNS": "", "LANG": "C.UTF-8"}


def on_terminal(*args: str) -> tuple[int, str]:
    """Run `pledges ARGS` with stdin, stdout and stderr on a pseudo-terminal 100 columns wide; what it drew."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=_environment(),
                               stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    drawn = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            process.kill()
            pytest.fail("no output for 300 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return process.wait(timeout=60), ANSI.sub("", drawn.decode("utf-8", "replace"))


def into_pipes(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=_environment(),
                          capture_output=True, text=True, timeout=600)


def test_publish_shows_its_progress_on_a_terminal_and_not_in_a_pipe(samples):
    out = samples["folder"] / "on-terminal"
    code, drawn = on_terminal("publish", "--out", str(out), "--db", samples["url"])
    assert code == 0, drawn
    assert "공개: 공개 화면" in drawn and "공개: 공약관리카드 PDF" in drawn
    assert re.search(r"\d+% 경과 \d:\d\d:\d\d · 남은 시간 ", drawn), drawn
    assert f"{out}: 4개 구, 분기 6건" in drawn
    piped = samples["folder"] / "into-pipe"
    done = into_pipes("publish", "--out", str(piped), "--db", samples["url"])
    assert (done.returncode, done.stderr) == (0, "")
    assert re.fullmatch(rf"{re.escape(str(piped))}: 4개 구, 분기 6건, 공약 화면 10개, 카드 PDF 8개를 만들었습니다 "
                        r"\(\d+\.\d초\)\. index\.html 을 열어 보세요\n", done.stdout), done.stdout
    again = into_pipes("publish", "--out", str(piped), "--db", samples["url"])  # nothing changed: nothing drawn
    assert re.fullmatch(rf"{re.escape(str(piped))}: 4개 구, 분기 6건, 공약 화면 10개, 카드 PDF 8개가 준비되었습니다 "
                        r"\(\d+\.\d초; 바뀌지 않은 분기 6건은 그대로 두고 파일 0개를 새로 썼습니다\)\. "
                        r"index\.html 을 열어 보세요\n", again.stdout), again.stdout


def test_backup_shows_its_progress_on_a_terminal_and_not_in_a_pipe(samples):
    code, drawn = on_terminal("backup", str(samples["folder"] / "a.sqlite"), "--db", samples["url"])
    assert code == 0, drawn
    assert "백업: " in drawn and "경과 0:00:0" in drawn
    done = into_pipes("backup", str(samples["folder"] / "b.sqlite"), "--db", samples["url"])
    assert (done.returncode, done.stderr) == (0, "")
    assert re.fullmatch(rf"{re.escape(str(samples['folder'] / 'b.sqlite'))}: 저장소 전체를 백업했습니다 \(자료 6건, "
                        r"원본 파일 6개, 계정 0개, 감사 기록 \d+건; 모두 [\d,]+행, [\d.,]+ (KB|MB), 스키마 \w+\)\n",
                        done.stdout), done.stdout


def test_verify_with_json_on_a_terminal_draws_nothing(samples):
    code, drawn = on_terminal("verify", "--json", "--db", samples["url"])
    assert code == 0
    assert drawn.lstrip().startswith("{") and "경과" not in drawn
