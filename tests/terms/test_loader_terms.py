"""One test per reading rule of the spec's terms: 개요's 민선 and 구청장, and sheet 공약조정 (exact messages)."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.model import ADJUSTMENT_KINDS
from loaders.terms import term_of, term_period
from tests.loaders.conftest import only


def _overview(book, key: str, value: object) -> None:
    book["개요"].append([key, value])


@pytest.mark.parametrize("written", ["9기", "민선 9기", "제9기", "9", 9, 9.0, "민선9기", " 민선  9 기 "])
def test_every_variant_of_the_term_reads_as_9(book, read, written):
    book["개요"]["B2"] = "2026-12-31"
    _overview(book, "민선", written)
    result = read(book)
    assert only(result) == [] and result.snapshot.term == 9


@pytest.mark.parametrize(("as_of", "term"), [("2026-06-30", 8), ("2026-07-01", 9), ("2018-07-01", 7),
                                              ("2022-06-30", 7), ("2030-06-30", 9)])
def test_a_blank_term_is_the_one_whose_period_holds_the_as_of_date(book, read, as_of, term):
    book["개요"]["B2"] = as_of
    _overview(book, "민선", None)
    result = read(book)
    assert only(result) == [] and result.snapshot.term == term


def test_terms_run_from_july_for_four_years():
    assert [term_period(n) for n in (7, 8, 9)] == [
        (dt.date(2018, 7, 1), dt.date(2022, 6, 30)), (dt.date(2022, 7, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2030, 6, 30))]
    assert term_of(dt.date(2026, 6, 30)) == 8 and term_of(dt.date(2026, 7, 1)) == 9


def test_an_unreadable_term_is_an_error_naming_the_cell(book, read):
    _overview(book, "민선", "구기")
    assert only(read(book)) == [
        "개요!B4: '구기'는 민선으로 읽을 수 없습니다 (9기, 민선 9기, 제9기 또는 9처럼 적어 주세요)"]


def test_a_term_whose_period_does_not_hold_the_as_of_date_is_a_warning(book, read):
    _overview(book, "민선", "9기")  # 기준일 2020. 12. 기준
    result = read(book)
    assert only(result) == [] and result.snapshot.term == 9
    assert only(result, "warning") == [
        "개요!B4: 기준일 2020. 12. 31.은(는) 민선 9기(2026. 7. 1. ~ 2030. 6. 30.) 기간이 아닙니다. "
        "민선과 기준일을 확인해 주세요"]


def test_the_mayor_is_read_and_may_be_left_out(book, read):
    assert read(book).snapshot.mayor is None
    _overview(book, "구청장", "  홍  길동 ")
    assert read(book).snapshot.mayor == "홍 길동"


# --- sheet 공약조정 ---------------------------------------------------------------------------

HEADER = ["공약번호", "세부사업", "구분", "일자", "사유", "심의"]


def _adjustments(book, *rows: list, title: str = "공약조정") -> None:
    ws = book.create_sheet(title)
    ws.append(HEADER)
    for row in rows:
        ws.append(row)


def test_the_adjustment_sheet_is_optional(book, read):
    assert read(book).snapshot.adjustment_rows == ()


def test_the_adjustment_sheet_is_found_without_spaces_and_named_as_written(book, read):
    _adjustments(book, [25, None, "보류", None, None, None], title="공약 조정")
    assert only(read(book)) == ["공약 조정!E2: 사유가 비어 있습니다 (공약을 조정한 까닭을 적어 주세요)"]


def test_adjustment_rows_are_read_with_kind_reason_review_and_date(book, read):
    _adjustments(book,
                 [25, "도시공간구조 개편방안 마련", "목표 변경", "'20. 11. 20.", "용역 범위 조정", "공약이행평가단 심의 2020. 11. 20."],
                 [None, None, "공약명변경", "2020. 10.", "주민 의견 반영\n명칭 변경", None])
    rows = read(book).snapshot.adjustment_rows
    assert [(r.pledge_id, r.subproject, r.kind, r.reason, r.review, r.start, r.start_precision, r.cell)
            for r in rows] == [
        ("25", "도시공간구조 개편방안 마련", "목표 변경", "용역 범위 조정", "공약이행평가단 심의 2020. 11. 20.",
         dt.date(2020, 11, 20), "day", "C2"),
        ("25", None, "공약명 변경", "주민 의견 반영\n명칭 변경", None, dt.date(2020, 10, 1), "month", "C3"),
    ]


@pytest.mark.parametrize("kind", ADJUSTMENT_KINDS)
def test_every_adjustment_kind_of_the_spec_is_accepted(book, read, kind):
    _adjustments(book, [25, "도시공간구조 개편방안 마련" if "세부사업" in kind or kind in ("목표 변경", "일정 변경") else None,
                        kind, None, "사유", None])
    result = read(book)
    assert only(result) == [] and result.snapshot.adjustment_rows[0].kind == kind


def test_a_kind_outside_the_list_is_an_error_naming_the_cell(book, read):
    _adjustments(book, [25, None, "변경", None, "사유", None])
    assert only(read(book)) == [
        "공약조정!C2: '변경'는 구분으로 쓸 수 없습니다 (신규, 삭제, 폐기, 보류, 공약명 변경, 세부사업 추가, 세부사업 삭제, "
        "목표 변경, 일정 변경, 예산 변경 중 하나를 적어 주세요)"]


def test_a_row_without_a_reason_is_an_error_naming_the_cell(book, read):
    _adjustments(book, [25, None, "보류", "2020. 10.", None, "평가단"])
    assert only(read(book)) == ["공약조정!E2: 사유가 비어 있습니다 (공약을 조정한 까닭을 적어 주세요)"]


def test_a_pledge_number_the_quarter_no_longer_has_is_allowed(book, read):
    """A 삭제 row names a pledge the quarter does not have: 공약번호 is not checked against 공약."""
    _adjustments(book, [7, None, "삭제", None, "사업 중복", None])
    result = read(book)
    assert only(result) == [] and result.snapshot.adjustment_rows[0].pledge_id == "7"


def test_a_missing_reason_column_is_an_error(book, read):
    ws = book.create_sheet("공약조정")
    ws.append(["공약번호", "구분"])
    ws.append([25, "보류"])
    assert only(read(book))[0].startswith("공약조정: ")
    assert "사유" in only(read(book))[0]
