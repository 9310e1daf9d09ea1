"""`pledges validate`: exit codes, grouping, and the exact JSON shape others build on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cli.main import main
from tests.loaders.conftest import pledge25_workbook


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.xlsx"
    pledge25_workbook().save(good)
    wb = pledge25_workbook()
    wb["소요예산"]["F7"] = "1O5"
    wb["소요예산"]["D6"] = 290
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    return good, bad


def test_clean_file_exits_0(files, capsys):
    assert main(["validate", str(files[0])]) == 0
    assert capsys.readouterr().out.strip() == f"{files[0]}: 이상 없음"


def test_any_error_exits_1_and_groups_errors_first(files, capsys):
    assert main(["validate", str(files[0]), str(files[1])]) == 1
    out = capsys.readouterr().out
    assert f"{files[1]}: 오류 1건, 경고 1건" in out
    assert out.index("[오류]") < out.index("[경고]")
    assert "  [오류] 소요예산\n    F7: '1O5'는 금액으로 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)" in out


def test_json_shape(files, capsys):
    assert main(["validate", "--json", str(files[1])]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "file": str(files[1]),
            "ok": False,
            "errors": [
                {
                    "sheet": "소요예산",
                    "cell": "F7",
                    "message": "'1O5'는 금액으로 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)",
                }
            ],
            "warnings": [
                {
                    "sheet": "소요예산",
                    "cell": "D6",
                    "message": "계 290이(가) 연도별 금액의 합 289과(와) 다릅니다 (단위: 백만원)",
                }
            ],
        }
    ]


def test_warnings_alone_exit_0(tmp_path, capsys):
    wb = pledge25_workbook()
    wb["소요예산"]["D6"] = 290
    path = tmp_path / "warn.xlsx"
    wb.save(path)
    assert main(["validate", "--json", str(path)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["warnings"] == [
        {"sheet": "소요예산", "cell": "D6", "message": "계 290이(가) 연도별 금액의 합 289과(와) 다릅니다 (단위: 백만원)"}
    ]


def test_usage_error_exits_2():
    completed = subprocess.run(
        [sys.executable, "-m", "cli.main", "validate"], capture_output=True, text=True
    )
    assert completed.returncode == 2
