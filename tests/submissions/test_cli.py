"""The coordinating office's quarter through `pledges`, in separate processes, on SQLite and PostgreSQL.

A ward of four departments (도시재생과 holds two pledges): a department's form holds its pledges
only; filled in for the next quarter it merges into the ward's quarter (the others carried and
marked 미제출); another department's pledges under the wrong 작성부서 are refused naming a cell; a
second department leaves the first's figures alone; the first is returned with a reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.submissions.conftest import DEPARTMENTS, WARD, read, whole_file
from tests.uploads.test_uploads import pledges

Q3, Q4 = "2026-09-30", "2026-12-31"


def fill_in(form: Path, out: Path, *, actual: dict[str, float], department: str | None = None) -> Path:
    """What a department does with its form: the new 기준일, its 실적 for 2026 (and, wrongly, another 작성부서)."""
    book = openpyxl.load_workbook(form)
    book["개요"]["B2"] = dt.date(2026, 12, 31)
    if department:
        book["개요"]["B4"] = department
    sheet = book["확인지표"]
    column = next(c.column for c in sheet[1] if c.value == "2026년")
    for row in sheet.iter_rows(min_row=2):
        if row[2].value == "실적" and str(row[0].value) in actual:
            sheet.cell(row[0].row, column, actual[str(row[0].value)])
    book.save(out)
    return out


def _json(run) -> dict:
    assert run.returncode == 0, run.stderr + run.stdout
    return json.loads(run.stdout)


def _form(tmp_path: Path, url: str, department: str) -> Path:
    out = tmp_path / f"{department}_서식.xlsx"
    run = pledges("template", str(out), "--ward", WARD, "--as-of", Q3, "--department", department, "--force",
                  url=url)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{out}: {WARD} 2026. 9. 30. 기준 자료로 {department}의 부서 서식을 만들었습니다")
    return out


def _board(url: str) -> dict:
    return _json(pledges("submissions", "--ward", WARD, "--as-of", Q4, "--json", url=url))


@pytest.mark.slow
def test_the_coordinating_offices_quarter_through_the_command_line(store_url, tmp_path):
    url = store_url
    whole = tmp_path / "중랑구_2026-09-30.xlsx"
    whole.write_bytes(whole_file())
    assert pledges("import", str(whole), "--by", "총괄", url=url).returncode == 0

    form = _form(tmp_path, url, "도시재생과")
    part = read(form.read_bytes()).snapshot
    assert ([p.pledge_id for p in part.pledges], part.submission, part.author_department) == (
        ["1", "2"], "부서", "도시재생과")
    assert {s.pledge_id for s in part.subprojects} == {p.pledge_id for p in part.points} == {"1", "2"}

    filled = fill_in(form, tmp_path / "도시재생과.xlsx", actual={"1": 65})
    run = pledges("import", str(filled), "--by", "도시", url=url)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "도시재생과.xlsx: 도시재생과의 자료를 중랑구 2026. 12. 31. 기준 자료에 합쳐 저장했습니다 (버전 1)" in run.stdout

    board = _board(url)
    assert {k: v for k, v in board.items() if k != "departments"} == {"ward": WARD, "as_of": Q4, "deadline": None}
    assert [(d["department"], d["state"], d["pledges"]) for d in board["departments"]] == [
        ("도시재생과", "제출", ["1", "2"]), ("복지정책과", "미제출", ["3"]), ("교통행정과", "미제출", ["4"]),
        ("공원녹지과", "미제출", ["5"])]
    first = board["departments"][0]
    assert (first["submitted_by"], first["file_name"], first["reason"]) == ("도시", "도시재생과.xlsx", None)
    assert dt.datetime.fromisoformat(first["submitted_at"]).utcoffset() == dt.timedelta(hours=9)
    assert set(first) == {"department", "state", "pledges", "submitted_by", "submitted_at", "file_name", "reason"}
    assert board["departments"][1] == {"department": "복지정책과", "state": "미제출", "pledges": ["3"],
                                       "submitted_by": None, "submitted_at": None, "file_name": None, "reason": None}

    summary = _json(pledges("summary", "--ward", WARD, "--as-of", Q4, "--json", url=url))["wards"][0]
    by_id = {p["id"]: p for p in summary["pledges"]}
    assert [(pid, by_id[pid]["submitted"], by_id[pid]["carried_from"]) for pid in "12345"] == [
        ("1", True, None), ("2", True, None), ("3", False, Q3), ("4", False, Q3), ("5", False, Q3)]
    assert by_id["1"]["rate"] == 65.0 and by_id["3"]["rate"] == 50.0  # the new figure; the carried one

    wrong = fill_in(_form(tmp_path, url, "복지정책과"), tmp_path / "잘못.xlsx", actual={"3": 60},
                    department="교통행정과")
    run = pledges("import", str(wrong), url=url)
    assert run.returncode == 1
    assert "[오류] 공약!J2: 공약 3의 담당부서가 '복지정책과'입니다. 작성부서가 교통행정과인 파일에는 담당부서가 교통행정과인 " \
           "공약만 적어 주세요" in run.stdout
    history = _json(pledges("history", "--ward", WARD, "--json", url=url))
    assert [(h["as_of"], h["version"]) for h in history] == [(Q4, 1), (Q3, 1)]  # nothing stored

    second = fill_in(_form(tmp_path, url, "복지정책과"), tmp_path / "복지정책과.xlsx", actual={"3": 70})
    assert pledges("import", str(second), "--by", "복지", url=url).returncode == 0
    summary = _json(pledges("summary", "--ward", WARD, "--as-of", Q4, "--json", url=url))["wards"][0]
    by_id = {p["id"]: p for p in summary["pledges"]}
    assert (by_id["1"]["rate"], by_id["3"]["rate"], by_id["3"]["submitted"]) == (65.0, 70.0, True)
    assert [d["state"] for d in _board(url)["departments"]] == ["제출", "제출", "미제출", "미제출"]

    run = pledges("return", "--ward", WARD, "--as-of", Q4, "--department", "도시재생과", "--reason",
                  "실적 근거 자료를 붙여 주세요", url=url)
    assert run.returncode == 0, run.stderr
    first = _board(url)["departments"][0]
    assert (first["state"], first["reason"]) == ("반려", "실적 근거 자료를 붙여 주세요")


def test_deadline_reopen_the_zip_and_korean_text(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    whole = tmp_path / "구.xlsx"
    whole.write_bytes(whole_file())
    assert pledges("import", str(whole), url=url).returncode == 0
    run = pledges("deadline", "--ward", WARD, "--as-of", Q4, "--date", "2027-01-15", url=url)
    assert run.stdout.strip() == "중랑구 2026. 12. 31. 기준 자료의 제출 기한을 2027. 1. 15.(으)로 정했습니다"
    assert _board(url)["deadline"] == "2027-01-15"
    text = pledges("submissions", "--ward", WARD, "--as-of", Q4, url=url).stdout
    assert text.splitlines()[0].startswith("중랑구 2026. 12. 31. 기준 부서 제출 현황 · 제출 기한 2027. 1. 15. (")
    assert "  복지정책과  미제출  공약 3  (2026. 9. 30. 자료)" in text and "None" not in text

    out = tmp_path / "부서서식.zip"
    run = pledges("template", str(out), "--ward", WARD, "--all-departments", url=url)
    assert run.returncode == 0 and "부서 서식 4개를 묶었습니다" in run.stdout
    assert zipfile.ZipFile(io.BytesIO(out.read_bytes())).namelist() == [f"{WARD}_{Q3}_{d}.xlsx" for d in DEPARTMENTS]
    run = pledges("template", str(tmp_path / "x.xlsx"), "--ward", WARD, "--department", "인사과", url=url)
    assert (run.returncode, run.stderr.strip()) == (1, "pledges: 중랑구 2026. 9. 30. 기준 자료에 '인사과' 부서의 공약이 "
                                                       "없습니다 (부서: 도시재생과, 복지정책과, 교통행정과, 공원녹지과)")

    assert pledges("approve", "--ward", WARD, "--as-of", Q3, url=url).returncode == 0
    run = pledges("reopen", "--ward", WARD, "--as-of", Q3, "--by", "관리", url=url)
    assert run.returncode == 0 and run.stdout.startswith("중랑구 2026. 9. 30. 기준 자료를 다시 열었습니다")
    run = pledges("reopen", "--ward", WARD, "--as-of", Q3, url=url)
    assert run.returncode == 1 and "다시 열 필요가 없습니다" in run.stderr


def test_a_department_account_from_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    env = {"PLEDGES_NEW_PASSWORD": "Password-2026"}
    assert pledges("user", "add", "관리", "--role", "관리자", url=url, env=env).returncode == 0
    admin = {**env, "PLEDGES_PASSWORD": "Password-2026"}
    run = pledges("user", "add", "도시", "--role", "편집", "--ward", WARD, "--department", "도시재생과", "--user", "관리",
                  url=url, env=admin)
    assert run.stdout.strip() == "'도시' 계정을 만들었습니다 (편집(담당 구), 도시재생과만)"
    listed = _json(pledges("user", "list", "--json", url=url))
    assert listed[1] == {"name": "도시", "role": "editor", "wards": [WARD], "email": None, "must_change": False,
                         "departments": {WARD: "도시재생과"}}
    whole = tmp_path / "구.xlsx"
    whole.write_bytes(whole_file())
    run = pledges("import", str(whole), "--user", "도시", url=url, env=admin)
    assert run.returncode == 1 and "'도시' 계정은 중랑구 도시재생과의 자료만 올릴 수 있습니다" in run.stdout
