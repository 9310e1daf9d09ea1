"""Tables carry the charts' numbers under Korean headers; exports keep them numbers, safely."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from figures import tables
from figures.export import to_csv, to_xlsx

from .conftest import SUB1, SUB3

INJECTIONS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def read_back(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return wb


# ---------------------------------------------------------------- tables


def test_pledge_table_korean_headers_and_display_units(pledge_progress):
    t = tables.pledge_table(pledge_progress)
    assert list(t.columns[:6]) == ["공약번호", "공약명", "분야", "이행단계", "상태", "이행률(%)"]
    assert "예산(백만원)" in t.columns and "담당부서" in t.columns
    row = t.iloc[0]
    assert (row["공약번호"], row["상태"], row["이행률(%)"], row["예산(백만원)"]) == (
        "25",
        "정상",
        75.0,
        6268,
    )
    assert tables.pledge_table(pledge_progress, unit="억원").iloc[0]["예산(억원)"] == pytest.approx(
        62.68
    )
    shown = tables.formatted(t)
    assert shown.iloc[0]["예산(백만원)"] == "6,268" and shown.iloc[0]["이행률(%)"] == "75.0"
    assert shown.iloc[0]["예산가중 이행률(%)"] == ""


def test_subproject_table(subprogress, subproject_totals):
    t = tables.subproject_table(subprogress, subproject_totals)
    assert list(t["세부사업"]) == [SUB1, "산업혁신 앵커시설 조성", SUB3]
    first = t.iloc[0]
    assert first["이행률(%)"] == 80.0 and first["계획(기준일)"] == 80.0
    assert first["일정 시작"] == "2018년 2분기" and first["일정 종료"] == "2019년 4분기"
    assert first["기한 경과"] == "기한 경과" and t.iloc[1]["기한 경과"] is None
    assert list(t["예산(백만원)"]) == [289, 2473, 3506]


def test_schedule_table_is_the_gantt_grid(schedule, subprogress):
    extra = subprogress.iloc[[0]].assign(subproject="주민 홍보", order=9)
    t = tables.schedule_table(schedule, pd.concat([subprogress, extra]))
    assert t.columns[2] == "2018년 1분기" and t.columns[-2] == "2022년 2분기"
    assert t.iloc[0]["2018년 1분기"] is None and t.iloc[0]["2018년 2분기"] == "●"
    assert t.iloc[-1]["세부사업"] == "주민 홍보" and t.iloc[-1]["비고"] == "일정 미입력"


def test_path_table_long_form(points):
    t = tables.path_table(points)
    sub3 = t[t["세부사업"] == SUB3]
    assert list(sub3["연도"]) == ["2018년", "2019년", "2020년", "2021년", "2022년 6월까지"]
    assert list(sub3["계획"]) == [20, 40, 60, 80, 100]
    assert sub3.iloc[2]["실적"] == 60 and sub3.iloc[4]["실적"] is None


def test_budget_tables(pledge_by_year_source, pledge_by_source, subproject_totals, pledge_progress):
    y = tables.budget_year_table(pledge_by_year_source)
    assert list(y.columns) == ["재원", "2018년", "2019년", "2020년", "2021년", "2022년", "계"]
    assert y.set_index("재원").loc["계", "2018년"] == 1889
    assert y.set_index("재원").loc["구비", "계"] == 325
    assert y.set_index("재원").loc["시비", "계"] == 5943
    s = tables.source_table(pledge_by_source).set_index("재원")
    assert s.loc["구비", "예산(백만원)"] == 325 and s.loc["구비", "비율(%)"] == 5.2
    assert s.loc["계", "예산(백만원)"] == 6268
    sb = tables.subproject_budget_table(subproject_totals)
    assert list(sb["비율(%)"]) == [4.6, 39.5, 55.9]
    ps = tables.pledge_source_table(pledge_by_source, pledge_progress)
    assert ps.iloc[0]["공약명"].startswith("경인·문래")
    assert (ps.iloc[0]["구비(백만원)"], ps.iloc[0]["계(백만원)"], ps.iloc[0]["구비 비율(%)"]) == (
        325,
        6268,
        5.2,
    )


def test_count_and_ward_tables(pledge_progress, wards):
    st = tables.status_count_table(pledge_progress)
    assert list(st["상태"]) == ["완료", "정상", "지연", "보류", "폐기", "계"]
    assert list(st["공약 수"]) == [1, 1, 1, 1, 0, 4]
    sg = tables.stage_count_table(pledge_progress).set_index("이행단계")
    assert sg.loc["추진중", "공약 수"] == 2
    w = tables.ward_table(wards)
    assert list(w["자치구"]) == ["강남구", "영등포구", "노원구", "마포구"]
    assert w.iloc[1]["예산(억원)"] == 400 and w.iloc[3]["공약 수"] == 18
    assert tables.formatted(w).iloc[2]["기준일"] == "2020. 9. 30."


def test_change_tables(rate_history):
    h = tables.rate_history_table(rate_history)
    assert list(h.columns) == [
        "공약번호",
        "공약명",
        "2020. 3. 31.",
        "2020. 6. 30.",
        "2020. 9. 30.",
        "2020. 12. 31.",
    ]
    assert h.iloc[0]["공약명"] == "구 전체" and h.iloc[0]["2020. 12. 31."] == 72.5
    c = tables.rate_change_table(rate_history)
    row = c[c["공약번호"] == "27"].iloc[0]
    assert (row["이전 이행률(%)"], row["현재 이행률(%)"], row["증감(%p)"]) == (37.0, 42.5, 5.5)


def test_achievement_table(achievements):
    t = tables.achievement_table(achievements)
    assert list(t["일자"][:3]) == ["2018. 7.", "2019. 9. 25.", "2019. 9. 26. ~ 10. 28."]
    assert t.iloc[5]["일자"] == "2018. 2. ~"
    assert t.iloc[6]["세부사업"] == "공약 전체"


@pytest.mark.parametrize(
    "call",
    [
        lambda: tables.pledge_table(pd.DataFrame()),
        lambda: tables.subproject_table(None),
        lambda: tables.schedule_table(None),
        lambda: tables.path_table(pd.DataFrame()),
        lambda: tables.budget_year_table(pd.DataFrame()),
        lambda: tables.source_table(None),
        lambda: tables.subproject_budget_table(None),
        lambda: tables.pledge_source_table(None),
        lambda: tables.ward_table(None),
        lambda: tables.rate_history_table(None),
        lambda: tables.rate_change_table(None),
        lambda: tables.achievement_table(None),
    ],
)
def test_empty_tables_have_headers_and_no_rows(call):
    t = call()
    assert len(t) == 0 and len(t.columns) >= 1
    assert to_xlsx({"표": t})  # and export fine


# ---------------------------------------------------------------- export


def test_xlsx_round_trip_headers_formats_values(pledge_progress, pledge_by_year_source):
    pledges = tables.pledge_table(pledge_progress)
    years = tables.budget_year_table(pledge_by_year_source)
    data = to_xlsx(
        {"공약": pledges, "연도별 예산": years},
        title="영등포구 공약 이행 현황 (기준일 2020. 12. 31.)",
    )
    wb = read_back(data)
    assert wb.sheetnames == ["공약", "연도별 예산"]
    ws = wb["공약"]
    assert ws["A1"].value == "영등포구 공약 이행 현황 (기준일 2020. 12. 31.)" and ws["A1"].font.b
    headers = [c.value for c in ws[3]]
    assert headers == list(pledges.columns)
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "A4"
    col = {h: i + 1 for i, h in enumerate(headers)}
    budget = ws.cell(row=4, column=col["예산(백만원)"])
    assert budget.value == 6268 and budget.number_format == "#,##0"
    rate = ws.cell(row=4, column=col["이행률(%)"])
    assert rate.value == 75 and rate.number_format == "0.0"
    assert ws.cell(row=4, column=col["공약번호"]).value == "25"  # text stays text
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width  # 공약명 is wide
    ys = wb["연도별 예산"]
    assert [c.value for c in ys[4]][:3] == ["계", 1889, 1079]
    assert ys["B4"].number_format == "#,##0"  # a year column of money, declared by the table


def test_xlsx_rates_history_and_dates(rate_history, wards):
    wb = read_back(
        to_xlsx({"변화": tables.rate_history_table(rate_history), "구": tables.ward_table(wards)})
    )
    assert wb["변화"]["F2"].value == 72.5 and wb["변화"]["F2"].number_format == "0.0"
    cell = wb["구"]["B2"]
    assert cell.value.date() == dt.date(2020, 12, 31) and "yyyy" in cell.number_format
    assert wb["구"]["K2"].number_format == "#,##0.0"  # 억원 (after the 지표 없음 and 공약 수 columns)


def test_xlsx_neutralizes_formula_injection_but_keeps_negative_numbers():
    df = pd.DataFrame({"내용": INJECTIONS, "금액(백만원)": [-5, 1, 2, 3, 4, 5]})
    df.columns = ["내용", "=cmd|' /C calc'!A0"]
    wb = read_back(to_xlsx({"표": df}))
    ws = wb.active
    # (older openpyxl read a stored CR back as LF, newer keeps it; the apostrophe is what matters)
    assert [c.value.replace("\r", "\n") for c in ws["A"][1:]] == ["'" + v.replace("\r", "\n") for v in INJECTIONS]
    assert all(c.data_type == "s" for c in ws["A"][1:])
    assert ws["B1"].value == "'=cmd|' /C calc'!A0" and ws["B1"].data_type == "s"
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"
    # no cell anywhere is a formula
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_xlsx_neutralizes_the_title_and_table_text(pledge_progress):
    wb = read_back(to_xlsx({"공약": tables.pledge_table(pledge_progress)}, title="=HYPERLINK(1)"))
    ws = wb.active
    assert ws["A1"].value == "'=HYPERLINK(1)"
    assert ws["B7"].value == '\'=HYPERLINK("http://x")'


def test_xlsx_sheet_names_are_made_legal_and_unique():
    df = pd.DataFrame({"a": [1]})
    wb = read_back(to_xlsx({"예산/재원:구비?": df, "예산 재원 구비": df, "x" * 40: df}))
    assert wb.sheetnames[0] == "예산 재원 구비"
    assert wb.sheetnames[1] == "예산 재원 구비 (2)"
    assert len(wb.sheetnames[2]) == 31


def test_xlsx_of_nothing_still_opens():
    wb = read_back(to_xlsx({}))
    assert wb.active["A2"].value == "표시할 자료가 없습니다"


def test_csv_bom_korean_and_injection():
    df = pd.DataFrame(
        {"공약명": INJECTIONS[:4] + ["정상"], "금액(백만원)": [-5, 325, 0, 1.5, None]}
    )
    data = to_csv(df)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "공약명,금액(백만원)"
    assert lines[1:5] == ["'=1+1,-5.0", "'+cmd,325.0", "'-2+3,0.0", "'@SUM(A1),1.5"]
    assert lines[5] == "정상,"


def test_csv_keeps_integer_columns_integer():
    lines = to_csv(pd.DataFrame({"값": [-5, 3]})).decode("utf-8-sig").splitlines()
    assert lines == ["값", "-5", "3"]
