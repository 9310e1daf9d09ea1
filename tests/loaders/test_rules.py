"""One test per reading rule of docs/spec.md, each on the pledge-25 workbook with one change."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from loaders import read_workbook
from tests.loaders.conftest import SHADE, only, read_book

M = 1_000_000


def _budget(result, subproject=None, source=None):
    return {
        (r.year, r.end_month): r.amount
        for r in result.snapshot.budget
        if r.subproject == subproject and r.source == source
    }


# --- general rules ------------------------------------------------------------------


def test_sheet_names_match_without_spaces_and_in_any_order(book, read):
    book["소요예산"].title = "소요 예산"
    book.move_sheet("개요", offset=4)
    book.create_sheet("메모").append(["아무 내용"])
    result = read(book)
    assert only(result) == []
    assert result.snapshot.ward == "영등포구"


def test_missing_required_sheet_is_an_error(book, read):
    del book["확인지표"]
    assert only(read(book)) == ["확인지표: 필수 시트 '확인지표'이(가) 없습니다 (서식의 시트 이름을 그대로 두어 주세요)"]


def test_budget_sheet_missing_when_a_pledge_is_budgeted(book, read):
    del book["소요예산"]
    assert only(read(book)) == [
        "소요예산: 예산구분이 '예산'인 공약(25)이 있는데 소요예산 시트가 없습니다 (소요예산 시트를 추가해 주세요)"
    ]


def test_budget_sheet_optional_for_non_budget_pledges(book, read):
    del book["소요예산"]
    book["공약"]["G4"] = "비예산"
    result = read(book)
    assert only(result) == [] and result.snapshot.budget == ()


def test_header_found_under_title_rows_and_columns_in_any_order(book, read):
    ws = book["확인지표"]
    ws.insert_rows(1, 3)
    ws["A1"] = "공약달성 확인지표"
    ws["A2"] = "(2020. 12. 기준)"
    ws.move_range("A4:B20", cols=12)  # 공약번호, 세부사업 moved to the far right (M, N)
    result = read(book)
    assert only(result) == []
    assert len(result.snapshot.indicators) == 3


def test_header_not_within_ten_rows(book, read):
    book["공약"].insert_rows(1, 10)
    assert only(read(book))[0] == (
        "공약: 머리글 행을 찾지 못했습니다 (위에서 10행 안에 '공약번호' 칸이 있는 머리글 행이 있어야 합니다)"
    )


def test_headers_match_without_spaces_and_line_breaks(book, read):
    book["공약"]["B3"] = "공약\n명"
    book["공약"]["H3"] = "이행 단계"
    result = read(book)
    assert only(result) == []
    assert result.snapshot.pledges[0].stage == "여론수렴"


def test_missing_required_column(book, read):
    book["소요예산"]["C2"] = "재원구분"
    assert only(read(book)) == ["소요예산: 필수 열 '재원'이(가) 없습니다 (머리글 행 2행에 추가해 주세요)"]


def test_unknown_columns_are_ignored(book, read):
    book["공약"]["J3"] = "비고"
    book["공약"]["J4"] = "아무 값"
    assert only(read(book)) == []


def test_blank_rows_skipped(book, read):
    book["소요예산"].insert_rows(5, 2)
    result = read(book)
    assert only(result) == []
    assert sum(_budget(result, source="시비").values()) == 5_943 * M


def test_merged_pledge_number_applies_to_every_row(book, read):
    ws = book["확인지표"]
    ws.merge_cells("A2:A13")
    assert only(read(book)) == []


def test_blank_subproject_continues_in_indicators(book, read):
    result = read(book)
    plan_texts = [p for p in result.snapshot.points if p.subproject == "산업혁신 앵커시설 조성" and p.text]
    assert len(plan_texts) == 8  # 계획내용 5 + 실적내용 3, on rows whose 세부사업 was blank


def test_text_is_trimmed_and_folded(book, read):
    book["추진일정"]["B3"] = "  도시공간구조   개편방안\n마련 "
    assert only(read(book)) == []


@pytest.mark.parametrize("typed", [25, 25.0, "'25", "25.0", " 25 "])
def test_pledge_number_variants_are_the_same_pledge(book, read, typed):
    book["확인지표"]["A2"] = typed
    assert only(read(book)) == []


def test_unknown_pledge_number_in_other_sheets(book, read):
    book["추진일정"]["A3"] = 26
    errors = only(read(book))
    assert "추진일정!A3: 공약번호 26은(는) 공약 시트에 없습니다 (공약 시트의 공약번호와 같게 적어 주세요)" in errors


def test_duplicate_pledge_number(book, read):
    book["공약"].append([25, "다른 공약"])
    assert only(read(book)) == ["공약!A5: 공약번호 25이(가) 4행에 이미 있습니다 (공약번호는 한 번씩만 적어 주세요)"]


# --- numbers -----------------------------------------------------------------------


def test_amount_that_cannot_be_read_names_sheet_and_cell(book, read):
    book["소요예산"]["F7"] = "1O5"
    assert only(read(book)) == ["소요예산!F7: '1O5'는 금액으로 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)"]


@pytest.mark.parametrize("typed", ["-", "–", "—", None, " "])
def test_none_marks(book, read, typed):
    book["소요예산"]["E6"] = typed  # 도시공간구조 2018 (289) becomes none
    book["소요예산"]["D6"] = None
    result = read(book)
    assert only(result) == []
    assert _budget(result, "도시공간구조 개편방안 마련") == {}


def test_triangle_means_negative_and_negative_amounts_are_errors(book, read):
    book["소요예산"]["E4"] = "△189"
    assert only(read(book)) == ["소요예산!E4: 금액은 음수일 수 없습니다 ('△189'; 0 이상으로 적어 주세요)"]


def test_absurd_amount_is_an_error(book, read):
    book["소요예산"]["E4"] = 1e22
    assert only(read(book)) == ["소요예산!E4: 금액이 너무 큽니다 ('10000000000000000000000'; 단위와 자릿수를 확인해 주세요)"]


def test_triangle_in_a_number_reads_negative():
    from loaders.cells import number

    assert number("△1,234") == -1234
    assert number("▲5") == -5
    assert number("1,889") == 1889


def test_percent_variants():
    from loaders.cells import percent

    assert percent(20) == 20
    assert percent("20") == 20
    assert percent("20%") == 20
    assert percent(0.2, "0%") == 20
    assert percent(0.2, "General") == 0.2


def test_percent_formatted_cell_in_rate_column(book, read):
    ws = book["확인지표"]
    ws["K4"] = 0.8
    ws["K4"].number_format = "0%"
    result = read(book)
    assert only(result, "warning") == []
    assert result.snapshot.indicators[0].stated_rate == 80


def test_stated_rate_that_disagrees_is_a_warning(book, read):
    book["확인지표"]["K4"] = "70%"
    assert only(read(book), "warning") == ["확인지표!K4: 이행률 70%가 실적 ÷ 목표로 계산한 80.0%와 다릅니다"]


# --- units -------------------------------------------------------------------------


def test_unit_note_overrides_budget_unit(book, read):
    ws = book["소요예산"]
    ws["A1"] = "(단위: 천원)"
    result = read(book)
    assert sum(_budget(result).values()) == 6_268_000


def test_budget_unit_of_overview_applies_without_note(book, read):
    book["소요예산"]["A1"] = None
    book["개요"]["B3"] = "억원"
    result = read(book)
    assert sum(_budget(result).values()) == 6_268 * 100_000_000


def test_unknown_budget_unit(book, read):
    book["개요"]["B3"] = "만원"
    assert only(read(book)) == ["개요!B3: '만원'는 예산단위로 쓸 수 없습니다 (원, 천원, 백만원, 억원 중 하나를 적어 주세요)"]


# --- 개요 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,expected",
    [
        (dt.datetime(2020, 12, 31), dt.date(2020, 12, 31)),
        ("2020-12-31", dt.date(2020, 12, 31)),
        ("2020.12.31", dt.date(2020, 12, 31)),
        ("2020. 12. 31.", dt.date(2020, 12, 31)),
        ("2020. 12. 기준", dt.date(2020, 12, 31)),
        ("2021. 2. 기준", dt.date(2021, 2, 28)),
    ],
)
def test_as_of_forms(book, read, typed, expected):
    book["개요"]["B2"] = typed
    assert read(book).snapshot.as_of == expected


def test_bad_as_of(book, read):
    book["개요"]["B2"] = "12월 말"
    assert only(read(book)) == [
        "개요!B2: '12월 말'는 기준일로 읽을 수 없습니다 (2020-12-31, 2020.12.31, 2020. 12. 31., "
        "2020. 12. 기준 또는 엑셀 날짜 형식으로 적어 주세요)"
    ]


def test_missing_ward(book, read):
    book["개요"]["B1"] = None
    assert only(read(book)) == [
        "개요!B1: 자치구가 없습니다 (A열에 '자치구', B열에 구 이름(예: 영등포구)을 적어 주세요)"
    ]


# --- 공약 ----------------------------------------------------------------------------


def test_value_outside_a_set_is_an_error(book, read):
    book["공약"]["H4"] = "진행중"
    assert only(read(book)) == [
        "공약!H4: '진행중'는 이행단계에 쓸 수 없는 값입니다 (여론수렴, 타당성분석, 추진중, 완료, 보류, 폐기 중 하나를 적어 주세요)"
    ]


@pytest.mark.parametrize("typed", ["정부·서울시", "정부.서울시", "정부ㆍ서울시", "정부/서울시"])
def test_owner_separators_compare_alike(book, read, typed):
    book["공약"]["D4"] = typed
    assert read(book).snapshot.pledges[0].owner == "정부·서울시"


def test_ward_name_counts_as_gu_and_done_continuing_is_done(book, read):
    book["공약"]["H4"] = "완료(지속)"
    pledge = read(book).snapshot.pledges[0]
    assert (pledge.owner, pledge.stage) == ("구", "완료")


# --- 추진일정 ------------------------------------------------------------------------


def _one_row_schedule(book, labels):
    ws = book["추진일정"]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    ws.delete_rows(1, 2)
    ws.insert_rows(1)
    ws["A1"], ws["B1"] = "공약번호", "세부사업"
    for i, label in enumerate(labels):
        ws.cell(1, 3 + i, label)


@pytest.mark.parametrize(
    "style", ["{y}.{q}Q", "{y}-Q{q}", "{y} {q}Q", "{y}년 {q}분기", "{yy}.{q}Q"]
)
def test_one_row_quarter_headers(book, read, style):
    labels = [style.format(y=y, yy=y - 2000, q=q) for y in range(2018, 2023) for q in range(1, 5)]
    _one_row_schedule(book, labels)
    result = read(book)
    assert only(result) == []
    assert result.snapshot.subprojects[0].quarters[0] == "2018Q2"


@pytest.mark.parametrize("quarter_style", ["{q}", "{q}분기", "{q}Q"])
def test_two_row_headers_with_year_written_once(book, read, quarter_style):
    ws = book["추진일정"]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    for i in range(5):
        ws.cell(1, 3 + 4 * i, 2018 + i)  # a plain number, not merged
        for q in range(4):
            ws.cell(2, 3 + 4 * i + q, quarter_style.format(q=q + 1))
    result = read(book)
    assert only(result) == []
    assert result.snapshot.subprojects[2].quarters[-1] == "2022Q2"


def test_marks_schedule_a_quarter_like_shading(book, read):
    ws = book["추진일정"]
    for col in range(3, 23):
        ws.cell(3, col).fill = openpyxl.styles.PatternFill()
    ws["H3"] = "●"  # 2019Q2
    ws["I3"] = "O"
    assert read(book).snapshot.subprojects[0].quarters == ("2019Q2", "2019Q3")


def test_white_fill_is_not_a_mark(book, read):
    ws = book["추진일정"]
    for col in range(3, 23):
        ws.cell(3, col).fill = openpyxl.styles.PatternFill("solid", fgColor="FFFFFFFF")
    assert read(book).snapshot.subprojects[0].quarters == ()


def test_merged_shaded_bar(book, read):
    ws = book["추진일정"]
    for col in range(3, 23):
        ws.cell(3, col).fill = openpyxl.styles.PatternFill()
    ws["C3"].fill = SHADE
    ws.merge_cells("C3:F3")
    assert read(book).snapshot.subprojects[0].quarters == ("2018Q1", "2018Q2", "2018Q3", "2018Q4")


def test_subproject_with_no_quarter_is_allowed(book, read):
    book["추진일정"].append([None, "신규 세부사업"])
    result = read(book)
    assert only(result) == []
    assert result.snapshot.subprojects[-1].quarters == ()


def test_unknown_subproject_name_in_other_sheets(book, read):
    book["소요예산"]["B8"] = "기계금속 산업재생"
    assert only(read(book)) == [
        "소요예산!B8: '기계금속 산업재생'은(는) 추진일정에 없는 세부사업입니다 (추진일정의 세부사업 이름과 똑같이 적어 주세요)"
    ]


# --- 소요예산 ------------------------------------------------------------------------


def test_year_month_column_counts_for_its_year(book, read):
    assert _budget(read(book))[(2022, 6)] == 2_200 * M


@pytest.mark.parametrize("header", [2018, "2018", "2018년"])
def test_year_header_forms(book, read, header):
    book["소요예산"]["E2"] = header
    assert _budget(read(book))[(2018, 12)] == 1_889 * M


def test_total_column_that_disagrees_is_a_warning(book, read):
    book["소요예산"]["D6"] = 290
    assert only(read(book), "warning") == [
        "소요예산!D6: 계 290이(가) 연도별 금액의 합 289과(와) 다릅니다 (단위: 백만원)"
    ]


def test_source_rows_that_do_not_add_up(book, read):
    book["소요예산"]["F4"] = 65  # 구비 2019: 64 → 65
    book["소요예산"]["D4"] = 326
    assert only(read(book), "warning") == [
        "소요예산!F3: 공약 25의 2019년 계 1,079이(가) 재원별 합 1,080과(와) 다릅니다 (단위: 백만원)"
    ]


def test_subprojects_that_do_not_add_up_to_the_pledge(book, read):
    book["소요예산"]["F7"] = 736
    book["소요예산"]["D7"] = 2474
    assert only(read(book), "warning") == [
        "소요예산!F3: 공약 25의 2019년 세부사업 합 1,080이(가) 공약 계 1,079과(와) 다릅니다 (단위: 백만원)",
        "소요예산!D3: 공약 25의 세부사업 총합 6,269이(가) 공약 총계 6,268과(와) 다릅니다 (단위: 백만원)",
    ]


def test_unknown_source(book, read):
    book["소요예산"]["C4"] = "구비(특교)"
    assert only(read(book)) == [
        "소요예산!C4: '구비(특교)'는 재원으로 쓸 수 없습니다 (구비, 시비, 국비, 민자, 기타 또는 계 중 하나를 적어 주세요)"
    ]


def test_split_given_per_subproject(book, read):
    ws = book["소요예산"]
    ws["C6"] = "구비"
    result = read(book)
    assert only(result) == []
    assert _budget(result, "도시공간구조 개편방안 마련", "구비") == {(2018, 12): 289 * M}


# --- 확인지표 ------------------------------------------------------------------------


def test_plan_row_without_target(book, read):
    book["확인지표"]["E2"] = None
    assert only(read(book)) == ["확인지표!E2: 계획 행에 목표가 없습니다 (최종 목표값, 보통 100을 목표 열에 적어 주세요)"]


def test_target_must_be_positive(book, read):
    book["확인지표"]["E2"] = 0
    assert only(read(book)) == ["확인지표!E2: 목표는 0보다 커야 합니다 ('0'; 보통 100을 적어 주세요)"]


@pytest.mark.parametrize("typed", ["100%", 100, "100"])
def test_target_forms(book, read, typed):
    book["확인지표"]["E2"] = typed
    assert read(book).snapshot.indicators[0].target == 100.0


def test_unit_defaults_to_percent(book, read):
    book["확인지표"]["D2"] = None
    assert read(book).snapshot.indicators[0].unit == "%"


def test_subproject_without_rows_is_flagged_not_rated(book, read):
    ws = book["확인지표"]
    ws.delete_rows(10, 4)  # 기계금속 … rows
    result = read(book)
    assert only(result) == []
    assert only(result, "warning") == [
        "확인지표: 공약 25의 세부사업 '기계금속제조업 산업재생 추진'에 계획·실적 행이 모두 있지 않아 "
        "'지표 없음'으로 표시되고 이행률에서 빠집니다"
    ]


def test_unknown_kind(book, read):
    book["확인지표"]["C3"] = "계획 내용"  # spaces are fine
    book["확인지표"]["C4"] = "결과"
    assert only(read(book)) == [
        "확인지표!C4: '결과'는 구분으로 쓸 수 없습니다 (계획, 계획내용, 실적, 실적내용 중 하나를 적어 주세요)"
    ]


def test_empty_actual_row_still_counts_as_present(book, read):
    ws = book["확인지표"]
    for col in range(6, 12):
        ws.cell(4, col).value = None
    result = read(book)
    indicator = result.snapshot.indicators[0]
    assert (indicator.has_plan, indicator.has_actual) == (True, True)


# --- 추진실적 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,start,sp,end,ep,open_end",
    [
        ("2018-07", dt.date(2018, 7, 1), "month", None, None, False),
        ("2018.7.", dt.date(2018, 7, 1), "month", None, None, False),
        ("2018. 7. 15.", dt.date(2018, 7, 15), "day", None, None, False),
        ("'18. 7.", dt.date(2018, 7, 1), "month", None, None, False),
        ("'19. 9. 25.", dt.date(2019, 9, 25), "day", None, None, False),
        ("'20. 8. ~ '21. 8.", dt.date(2020, 8, 1), "month", dt.date(2021, 8, 1), "month", False),
        ("'20. 1. ~ 5.", dt.date(2020, 1, 1), "month", dt.date(2020, 5, 1), "month", False),
        ("'19. 9. 26. ~ 10. 28.", dt.date(2019, 9, 26), "day", dt.date(2019, 10, 28), "day", False),
        ("'18. 2.~", dt.date(2018, 2, 1), "month", None, None, True),
        (dt.datetime(2019, 12, 3), dt.date(2019, 12, 3), "day", None, None, False),
    ],
)
def test_achievement_dates(book, read, typed, start, sp, end, ep, open_end):
    book["추진실적"]["C2"] = typed
    a = read(book).snapshot.achievements[0]
    assert (a.start, a.start_precision, a.end, a.end_precision, a.open_end) == (start, sp, end, ep, open_end)


def test_blank_subproject_in_achievements_is_the_whole_pledge(book, read):
    book["추진실적"]["B3"] = None
    achievements = read(book).snapshot.achievements
    assert achievements[1].subproject is None
    assert achievements[2].subproject == "도시공간구조 개편방안 마련"


def test_achievements_sheet_is_optional(book, read):
    del book["추진실적"]
    result = read(book)
    assert only(result) == [] and result.snapshot.achievements == ()


# --- formulas ----------------------------------------------------------------------


def _with_formula(book, cached: bytes | None, *, saved: bytes | None = None, kind: bytes = b"") -> bytes:
    """소요예산!D6 as `=SUM(E6:I6)` with the result `cached` (None: no `<v>` at all), or with the
    cell's formula and value part written exactly as `saved` (and its type attribute `kind`)."""
    import re

    book["소요예산"]["D6"] = "=SUM(E6:I6)"
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if b"SUM(E6:I6)" in data:
                # openpyxl writes an empty value as `<v />` or `<v></v>` depending on its version;
                # without a cached result the `<v>` goes altogether (an empty one is a "" result)
                value = b"" if cached is None else b"<v>" + cached + b"</v>"
                part = saved if saved is not None else b"<f>SUM(E6:I6)</f>" + value
                data = re.sub(rb"<f>SUM\(E6:I6\)</f>(?:<v\s*/>|<v></v>)", part, data)
                if kind:
                    data = re.sub(rb'(<c r="D6"[^>]*?)( t="\w+")?>', rb'\1 t="' + kind + rb'">', data)
            target.writestr(item, data)
    return out.getvalue()


def test_formula_with_cached_value_is_read(book):
    result = read_workbook(_with_formula(book, b"289"))
    assert only(result) == [] and only(result, "warning") == []


def test_formula_without_cached_value_is_an_error(book):
    result = read_workbook(_with_formula(book, None))
    assert only(result) == [
        "소요예산!D6: 수식의 계산 결과가 저장되어 있지 않습니다 (Excel에서 파일을 열고 저장한 뒤 다시 올려 주세요)"
    ]


UNCACHED_D6 = "소요예산!D6: 수식의 계산 결과가 저장되어 있지 않습니다 (Excel에서 파일을 열고 저장한 뒤 다시 올려 주세요)"


@pytest.mark.parametrize("saved", [b"<f>SUM(E6:I6)</f><v/>", b"<f>SUM(E6:I6)</f><v></v>",
                                   b"<f>SUM(E6:I6)</f><v />"])
def test_numeric_formula_with_an_empty_value_has_no_result(book, saved):
    """`<f>SUM(F8:I8)</f><v/>` is what openpyxl and other scripts write: never calculated."""
    assert only(read_workbook(_with_formula(book, None, saved=saved))) == [UNCACHED_D6]


@pytest.mark.parametrize("saved", [b"<f>SUM(E6:I6)</f><v/>", b"<f>SUM(E6:I6)</f><v></v>"])
def test_numeric_formula_with_an_empty_value_has_no_result_in_any_reader(book, saved):
    """The same through the lxml reader (a part the byte reading does not vouch for: a comment)."""
    data = _with_formula(book, None, saved=saved + b"<!-- x -->")
    assert only(read_workbook(data)) == [UNCACHED_D6]


def test_text_formula_with_an_empty_result_is_blank(book):
    """`=IF(x="","",…)` saved by Excel or LibreOffice: type str and an empty `<v>` is the result ""."""
    result = read_workbook(_with_formula(book, None, saved=b"<f>SUM(E6:I6)</f><v></v>", kind=b"str"))
    assert only(result) == []
    assert result.snapshot is not None


def test_all_findings_collected_in_one_pass(book, read):
    book["소요예산"]["F7"] = "1O5"
    book["공약"]["H4"] = "진행중"
    book["확인지표"]["E2"] = None
    book["추진실적"]["C3"] = "작년 봄"
    errors = only(read_book(book))
    assert [e.split(":")[0] for e in errors] == ["공약!H4", "소요예산!F7", "확인지표!E2", "추진실적!C3"]


def test_a_number_too_long_for_a_date_is_an_error_not_a_crash():
    """Found by fuzzing: 20 digits in 일자 overflowed date() instead of naming the cell."""
    from loaders.cells import CellError
    from loaders.dates import parse_span

    with pytest.raises(CellError, match="'12345678901234567890'는 일자로 읽을 수 없습니다"):
        parse_span("12345678901234567890")
