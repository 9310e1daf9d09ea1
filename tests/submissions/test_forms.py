"""개요's 제출단위 and 작성부서, the cells the store names, and the department forms (docs/spec.md "Department submissions")."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import openpyxl
import pytest

from loaders.template import department_forms_zip, department_snapshot, departments, template_bytes
from tests.submissions.conftest import DEPARTMENTS, WARD, read, ward_snapshot, whole_file


def _with_overview(content: bytes, **cells: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    for ref, value in cells.items():
        book["개요"][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _overview(content: bytes) -> dict[str, object]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["개요"]
    return {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, 9)}


@pytest.mark.parametrize("written", ["구 전체", "구전체", " 구  전체 ", None, ""])
def test_a_whole_ward_workbook_says_so_or_leaves_it_blank(written):
    result = read(_with_overview(whole_file(), B8=written))
    assert result.errors == [] and result.snapshot.submission == "구 전체"


@pytest.mark.parametrize("written", ["부서", " 부 서"])
def test_a_department_part_says_부서_with_its_작성부서(written):
    result = read(_with_overview(whole_file(), B8=written, B4="도시재생과"))
    assert (result.snapshot.submission, result.snapshot.author_department) == ("부서", "도시재생과")


def test_an_unknown_제출단위_is_an_error_naming_the_cell():
    result = read(_with_overview(whole_file(), B8="팀"))
    assert [str(f) for f in result.errors] == ["개요!B8: '팀'는 제출단위로 쓸 수 없습니다 (구 전체 또는 부서를 적어 주세요)"]


def test_a_department_part_without_작성부서_is_an_error_naming_its_cell():
    result = read(_with_overview(whole_file(), B8="부서", B4=None))
    assert [str(f) for f in result.errors] == [
        "개요!B4: 제출단위가 부서인 파일에는 작성부서가 있어야 합니다 (A열 '작성부서' 옆 B열에 이 파일을 낸 부서 이름을 "
        "적어 주세요. 예: 도시재생과)"]


def test_the_loader_keeps_each_pledges_cells_outside_the_quarters_content():
    snapshot = read(whole_file()).snapshot
    assert snapshot.pledge_cells == (("1", "A2", "J2"), ("2", "A3", "J3"), ("3", "A4", "J4"), ("4", "A5", "J5"),
                                     ("5", "A6", "J6"))
    assert snapshot == dataclasses.replace(snapshot, pledge_cells=())  # not part of the quarter's content


def test_the_template_offers_제출단위_as_a_list_and_예산단위_only_on_its_own_cell():
    sheet = openpyxl.load_workbook(io.BytesIO(template_bytes(None)))["개요"]
    assert (sheet["A8"].value, sheet["B8"].value) == ("제출단위", None)
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"B3": '"원,천원,백만원,억원"', "B8": '"구 전체,부서"'}
    assert _overview(whole_file())["제출단위"] == "구 전체"


def test_a_department_form_holds_that_departments_pledges_on_every_sheet():
    form = template_bytes(department_snapshot(ward_snapshot(), "도시재생과"))
    book = openpyxl.load_workbook(io.BytesIO(form))
    ids = {sheet: sorted({str(row[0]) for row in book[sheet].iter_rows(min_row=first, values_only=True)
                          if row[0] is not None})
           for sheet, first in (("공약", 2), ("추진일정", 3), ("소요예산", 3), ("확인지표", 2), ("추진실적", 2))}
    assert ids == dict.fromkeys(ids, ["1", "2"])
    assert {k: v for k, v in _overview(form).items() if k in ("자치구", "작성부서", "제출단위")} == {
        "자치구": WARD, "작성부서": "도시재생과", "제출단위": "부서"}
    snapshot = read(form).snapshot
    assert (snapshot.submission, snapshot.author_department, len(snapshot.subprojects)) == ("부서", "도시재생과", 2)


def test_the_zip_holds_every_departments_form():
    archive = zipfile.ZipFile(io.BytesIO(department_forms_zip(ward_snapshot())))
    assert archive.namelist() == [f"{WARD}_2026-09-30_{d}.xlsx" for d in DEPARTMENTS]
    for department in DEPARTMENTS:
        snapshot = read(archive.read(f"{WARD}_2026-09-30_{department}.xlsx")).snapshot
        assert {p.department for p in snapshot.pledges} == {department}
        assert snapshot.author_department == department
    assert departments(ward_snapshot()) == DEPARTMENTS
