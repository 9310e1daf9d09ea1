"""소요예산's optional 구분 column (계획 · 확보 · 집행): each rule per 구분, the two new warnings."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from loaders import read_workbook
from loaders.frames import to_frames

DATA = Path(__file__).resolve().parents[2] / "data"
EXAMPLE = DATA / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx"


def _edited(**cells) -> bytes:
    """The example workbook (header row 2: 공약번호 세부사업 재원 구분 계 2018년 …) with cells changed."""
    book = openpyxl.load_workbook(EXAMPLE)
    for ref, value in cells.items():
        book["소요예산"][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messages(result, level: str = "error") -> list[str]:
    return [str(f) for f in result.findings if f.level == level]


def test_a_workbook_without_the_column_reads_as_before():
    result = read_workbook(DATA / "영등포구_2020-12-31.xlsx")
    assert {r.kind for r in result.snapshot.budget} == {"계획"}
    assert to_frames(result.snapshot).funding.empty


def test_kinds_are_read_and_kept_apart():
    result = read_workbook(EXAMPLE)
    assert messages(result) == [] and messages(result, "warning") == []
    frames = to_frames(result.snapshot)
    assert int(frames.budget["amount"].sum()) == 3 * 6_268_000_000  # the 계 row, the sources, the subs: plans only
    secured = frames.funding[frames.funding["kind"] == "확보"]
    assert int(secured["amount"].sum()) == 3_090_000_000


def test_blank_kind_is_a_plan():
    result = read_workbook(_edited(D3=None))
    assert messages(result) == []
    assert any(r.kind == "계획" and r.source is None and r.subproject is None for r in result.snapshot.budget)


def test_unknown_kind_is_an_error_naming_the_cell():
    result = read_workbook(_edited(D9="예정"))
    assert messages(result) == [
        "소요예산!D9: '예정'는 구분으로 쓸 수 없습니다 (계획, 확보, 집행 중 하나를 적거나 비워 두세요. 비워 두면 계획입니다)"]


def test_same_row_twice_within_one_kind_is_an_error_but_not_across_kinds():
    result = read_workbook(_edited(D10="확보", C10="구비"))  # row 10 (시비 확보) becomes a second 구비 확보
    assert messages(result) == ["소요예산!C10: 같은 세부사업·재원·구분의 행이 9행에 이미 있습니다 (한 행으로 합쳐 주세요)"]


def test_spent_over_secured_is_a_warning_naming_the_cell():
    result = read_workbook(_edited(G12=900, E12=2_500))  # 시비 집행 2019: 900 > 확보 800
    assert messages(result) == []
    assert messages(result, "warning") == [
        "소요예산!G12: 공약 25의 2019년 시비 집행 900이(가) 확보 800보다 많습니다 (단위: 백만원; 구분과 연도를 확인해 주세요)",
        "소요예산!G11: 공약 25의 2019년 전체 집행 960이(가) 확보 864보다 많습니다 (단위: 백만원; 구분과 연도를 확인해 주세요)",
    ]


def test_secured_over_planned_is_a_warning_naming_the_cell():
    result = read_workbook(_edited(H9=40, E9=293))  # 구비 확보 2020: 40 > 계획 37
    assert messages(result, "warning") == [
        "소요예산!H9: 공약 25의 2020년 구비 확보 40이(가) 계획 37보다 많습니다 (단위: 백만원; 구분과 연도를 확인해 주세요)",
    ]


def test_sum_warnings_apply_per_kind():
    result = read_workbook(_edited(E10=2_801))  # 시비 확보 계 column off by one
    assert messages(result, "warning") == [
        "소요예산!E10: 계 2,801이(가) 연도별 금액의 합 2,800과(와) 다릅니다 (단위: 백만원)"]
