"""Other projects' public test files (tests/isolation/files, see its README): each is refused in
Korean or read, through the CLI under the address-space limit of the hidden check, and the
pool reads a good workbook after every one of them."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders.bounded import read_bounded
from store import open_store

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parent / "files"
SAMPLE = ROOT / "data" / "영등포구_2020-12-31.xlsx"
PLEDGES = str(Path(sys.executable).parent / "pledges")
ADVICE = "손상된 파일일 수 있습니다. Excel에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장한 뒤 올려 주세요"
MEMORY = "이 파일을 읽다가 메모리 한도(1GB)를 넘었습니다. " + ADVICE
RUNAWAY = ("oleloop.xls", "51535.xls")  # calamine allocates without end / 660 MB
EXPECTED = {
    "oleloop.xls": f"oleloop.xls: {MEMORY}",
    "51535.xls": f"51535.xls: {MEMORY}",
    "biff4_no_format_no_window2.xls": "예전 Excel 4.0 형식(.xls) 파일입니다. Excel에서 '다른 이름으로 저장' → "
                                      "'Excel 통합 문서(*.xlsx)'로 저장한 뒤 다시 올려 주세요",
    "too_small.xls": "엑셀 통합 문서(.xlsx)가 아닌 파일입니다. 공약 이행 현황 서식(.xlsx) 파일을 올려 주세요",
    "password_2002_40_xor.xls": "암호가 걸린 통합 문서입니다. Excel에서 '파일 → 정보 → 통합 문서 보호 → 암호 설정'의 "
                                "암호를 지우고 저장한 뒤 다시 올려 주세요",
    "clusterfuzz-testcase-minimized-POIXSSFFuzzer-5265527465181184.xlsx":
        "엑셀 통합 문서의 구조를 읽을 수 없습니다. Excel에서 열어 다시 저장해 주세요",
    "issue252.xlsx": "엑셀 통합 문서의 구조를 읽을 수 없습니다. Excel에서 열어 다시 저장해 주세요",
    "null_archive.xlsx": "엑셀 통합 문서(.xlsx)가 아닙니다. 공약 이행 현황 서식 파일을 올려 주세요",
    "wtf_path.xlsb": "엑셀 통합 문서(.xlsx)가 아닙니다. 공약 이행 현황 서식 파일을 올려 주세요",
    "poc-xmlbomb.xlsx": "필수 시트 '개요'이(가) 없습니다 (서식의 시트 이름을 그대로 두어 주세요)",
    "poc-shared-strings.xlsx": "필수 시트 '개요'이(가) 없습니다 (서식의 시트 이름을 그대로 두어 주세요)",
}


def test_every_kept_file_is_named_in_the_readme_and_small():
    kept = sorted(p.name for p in FILES.iterdir() if p.name != "README.md")
    assert kept == sorted(EXPECTED)
    readme = (FILES / "README.md").read_text()
    assert all(name in readme for name in kept)
    assert sum((FILES / name).stat().st_size for name in kept) < 1024 * 1024


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_is_refused_in_korean_or_read_and_the_pool_goes_on(name):
    result = read_bounded(FILES / name)
    assert result.snapshot is None
    assert result.errors[0].message == EXPECTED[name]
    assert result.refused == ("memory" if name in RUNAWAY else None)
    assert all(re.search("[가-힣]", f.message) for f in result.findings)
    assert read_bounded(SAMPLE).ok


def _limited(gigabytes: int):
    def limit() -> None:  # in the child, before exec: `ulimit -v`
        size = gigabytes * 1000 * 1000 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def pledges(*args: str, env: dict | None = None, gigabytes: int = 3) -> subprocess.CompletedProcess:
    return subprocess.run([PLEDGES, *args], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, **(env or {})}, preexec_fn=_limited(gigabytes))


@pytest.mark.slow
def test_validate_refuses_both_runaway_files_in_korean_under_3_gb():
    started = time.monotonic()
    run = pledges("validate", *(str(FILES / name) for name in RUNAWAY))
    assert time.monotonic() - started < 30
    assert run.returncode == 1  # not a signal (negative), not a traceback
    assert run.stderr == ""
    for name in RUNAWAY:
        assert f"{FILES / name}: 오류 1건, 경고 0건\n  [오류] 파일\n    {name}: {MEMORY}" in run.stdout


@pytest.mark.slow
def test_validate_json_stays_clean_with_a_runaway_file_beside_a_good_one():
    run = pledges("validate", "--json", str(FILES / "oleloop.xls"), str(SAMPLE))
    assert run.returncode == 1 and run.stderr == ""
    reports = json.loads(run.stdout)
    assert [r["ok"] for r in reports] == [False, True]
    assert reports[0]["errors"] == [{"sheet": "", "cell": "", "message": f"oleloop.xls: {MEMORY}"}]


@pytest.mark.slow
def test_import_refuses_audits_and_stores_nothing(tmp_path):
    renamed = tmp_path / "분기자료.xlsx"
    renamed.write_bytes((FILES / "oleloop.xls").read_bytes())
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    dry = pledges("import", "--dry-run", str(renamed), env={"PLEDGES_DB": url})
    assert dry.returncode == 1 and dry.stderr == ""
    assert f"분기자료.xlsx: {MEMORY}" in dry.stdout
    run = pledges("import", str(renamed), str(SAMPLE), "--by", "담당자", env={"PLEDGES_DB": url})
    assert run.returncode == 1 and run.stderr == ""
    assert run.stdout.startswith("분기자료.xlsx: 파일을 읽지 못해 저장하지 않았습니다\n"
                                 f"  [오류] 파일: 분기자료.xlsx: {MEMORY}\n")
    assert "영등포구 2020. 12. 31. 기준 자료를 저장했습니다 (버전 1)" in run.stdout  # the next file is imported
    store = open_store(url)
    events = store.audit_events()
    refused = events[events["outcome"] == "refused"]
    assert store.wards() == ["영등포구"]
    assert len(refused) == 1
    assert refused.iloc[0]["detail"] == f"분기자료.xlsx: {MEMORY}"
    assert refused.iloc[0]["action"] == "import" and refused.iloc[0]["actor"] == "담당자"
    store.engine.dispose()
