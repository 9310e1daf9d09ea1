"""`pledges report`: exit codes and Korean messages; never a traceback."""

from __future__ import annotations

import pytest

import cli.main
from tests.documents.conftest import DATA


@pytest.fixture
def pledges(monkeypatch, capsys):
    # until cli/main.py lists cli.report, the test registers it the same way
    if "cli.report" not in cli.main.COMMAND_MODULES:
        monkeypatch.setattr(cli.main, "COMMAND_MODULES", (*cli.main.COMMAND_MODULES, "cli.report"))

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main.main(list(argv))
        except SystemExit as stop:  # argparse's own usage errors
            code = stop.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def db(tmp_path, pledges):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, _, _ = pledges("import", "--db", url, str(DATA / "영등포구_2020-12-31.xlsx"))
    assert code == 0
    return url


def test_report_and_card_in_both_formats(pledges, db, tmp_path):
    for args, name in ((("--pledge", "25"), "card.pdf"), ((), "report.xlsx"), (("--pledge", "25"), "card.xlsx"),
                       ((), "report.pdf")):
        out = tmp_path / name
        code, stdout, stderr = pledges("report", "--db", db, "--ward", "영등포구", *args, "-o", str(out))
        assert code == 0, stderr
        assert out.stat().st_size > 1000
        assert "저장했습니다" in stdout and "2020. 12. 31. 기준" in stdout
    assert (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF")


def test_a_bad_suffix_is_a_usage_error(pledges, db, tmp_path):
    code, _, err = pledges("report", "--db", db, "--ward", "영등포구", "-o", str(tmp_path / "보고서.docx"))
    assert code == 2
    assert ".pdf 또는 .xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "보고서.docx").exists()


def test_unknown_ward_date_and_pledge(pledges, db, tmp_path):
    out = str(tmp_path / "x.pdf")
    code, _, err = pledges("report", "--db", db, "--ward", "강남구", "-o", out)
    assert code == 1 and "'강남구' 자료가 저장소에 없습니다" in err
    code, _, err = pledges("report", "--db", db, "--ward", "영등포구", "--as-of", "2021-03-31", "-o", out)
    assert code == 1 and "2021. 3. 31. 기준 자료가 없습니다" in err and "2020. 12. 31." in err
    code, _, err = pledges("report", "--db", db, "--ward", "영등포구", "--pledge", "99", "-o", out)
    assert code == 1 and "공약 99" in err
    for text in (err,):
        assert "Traceback" not in text and "Error" not in text


def test_missing_output_is_a_korean_usage_error(pledges, db):
    code, _, err = pledges("report", "--db", db, "--ward", "영등포구")
    assert code == 2 and "-o/--out" in err and "필요합니다" in err
