"""`pledges --help` and a mistyped option answer at once; `validate` never opens the store.

Each command is run in a fresh interpreter with `-X importtime`, which lists every module the
process imported (on stderr): the test fails naming any heavy package that should not be there.
Importing pandas, SQLAlchemy and plotly took 1.5 s of the 1.3–1.9 s `pledges --help` used to take
(issue 32).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "data" / "영등포구_2020-12-31.xlsx"
#: what a help text or a usage mistake never needs
HEAVY = ("pandas", "sqlalchemy", "plotly", "argon2", "openpyxl", "lxml", "numpy", "store", "figures",
         "documents", "rich")


def imported(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `python -X importtime -m cli.main ARGS`; the process and the top-level packages it imported."""
    environment = {**os.environ, "PLEDGES_DB": "sqlite:////nonexistent/never-opened.sqlite"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cli.main", *args], cwd=ROOT,
                          capture_output=True, text=True, env=environment, timeout=120)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0]
             for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done, names


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["backup", "--help"],
                                  ["user", "add", "--help"]])
def test_help_imports_nothing_heavy(args):
    done, names = imported(*args)
    assert done.returncode == 0
    assert "사용법: pledges" in done.stdout
    assert sorted(names & set(HEAVY)) == []


@pytest.mark.parametrize(("args", "message"), [
    (["summary", "--as-of", "어제"], "pledges summary: 오류: --as-of: '어제'는 날짜가 아닙니다 (2027-01-15 또는 2027. 1. 15.처럼 적어 주세요)"),
    (["user", "add", "kim", "--role", "사장"], "'사장'는 역할이 아닙니다 (열람, 편집, 검토, 관리자 중 하나)"),
    (["publsh"], "'publsh'는 고를 수 없는 값입니다"),
])
def test_a_usage_mistake_imports_nothing_heavy(args, message):
    done, names = imported(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert sorted(names & set(HEAVY)) == []


def test_validate_opens_no_store():
    done, names = imported("validate", str(SAMPLE))
    assert (done.returncode, done.stdout.strip()) == (0, f"{SAMPLE}: 이상 없음")
    assert sorted(names & {"sqlalchemy", "store", "alembic", "psycopg", "figures"}) == []


def test_the_help_texts_copies_of_the_store_still_match_it():
    """cli/parsers_admin.py keeps copies of two facts of the store so that `--help` need not load it."""
    from cli import parsers_admin
    from store.accounts import ROLE_WORDS
    from store.passwords import RULE_TEXT

    assert parsers_admin.RULE_TEXT == RULE_TEXT
    assert parsers_admin.ROLE_WORDS == ROLE_WORDS


def test_a_day_is_taken_as_officials_type_it(capsys):
    """`--as-of 2020.12.31` is the same day as `2020-12-31` (loaders.dates.typed_day, the loader's rule)."""
    from cli.main import main

    for typed in ("2020-12-31", "2020.12.31", "2020. 12. 31."):
        assert main(["summary", "--db", "sqlite://", "--ward", "없는구", "--as-of", typed]) == 1
        assert capsys.readouterr().out == "없는구 2020. 12. 31. 기준 자료가 없습니다\n"
