"""A pledge-25 workbook built cell by cell, for tests to read as is or mutate one rule at a time."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from loaders import LoadResult, read_workbook

SUBS = [
    ("도시공간구조 개편방안 마련", (2018, 2), (2019, 4)),
    ("산업혁신 앵커시설 조성", (2018, 1), (2021, 4)),
    ("기계금속제조업 산업재생 추진", (2018, 1), (2022, 2)),
]
PATHS = [
    (
        "도시공간구조 개편방안 마련",
        [20, 60, 80, 100, "-"],
        ["설계 현황조사", "용역준공", "정비계획 변경절차 시행", "변경고시", "-"],
        [20, 60, 80],
        ["설계 현황조사", "용역준공", "정비계획 변경절차시행"],
        "80%",
    ),
    (
        "산업혁신 앵커시설 조성",
        [50, 70, 85, 100, "-"],
        ["시설매입", "기본구상", "설계 및 공사", "준공", "(운영)"],
        [50, 70, 85],
        ["시설매입", "기본구상 완료", "설계 및 공사"],
        "85%",
    ),
    (
        "기계금속제조업 산업재생 추진",
        [20, 40, 60, 80, 100],
        ["도시재생 1호 비영리단체 설립운영", "역량강화 교육 산학협업", "역량강화 교육 산학협업", "인프라 개선", "시제품 제작지 거점화"],
        [20, 40, 60],
        ["도시재생 1호 비영리단체 설립·운영", "역량강화 교육 산학협업", "역량강화 교육 산학협업"],
        "60%",
    ),
]
SHADE = PatternFill("solid", fgColor="FF4472C4")


def pledge25_workbook() -> openpyxl.Workbook:
    """Pledge 25 of 영등포구 as the report gives it (seed 002), in format 1 with a two-row Gantt."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "개요"
    for pair in [("자치구", "영등포구"), ("기준일", "2020. 12. 기준"), ("예산단위", "백만원")]:
        ws.append(pair)
    ws = wb.create_sheet("공약")
    ws.append(["공약 이행 현황"])
    ws.append([])
    ws.append(["공약번호", "공약명", "임기구분", "사업주체", "신규여부", "사업시기", "예산구분", "이행단계", "담당부서"])
    ws.append([25, "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성", "임기내", "영등포구", "지속", "단기", "예산", "여론수렴", "도시재생과"])
    ws = wb.create_sheet("추진일정")
    ws.append(["공약번호", "세부사업"] + [f"{y}년" if q == 1 else None for y in range(2018, 2023) for q in range(1, 5)])
    ws.append([None, None] + [q for _ in range(2018, 2023) for q in range(1, 5)])
    for i in range(5):
        ws.merge_cells(start_row=1, end_row=1, start_column=3 + 4 * i, end_column=6 + 4 * i)
    for i, (name, first, last) in enumerate(SUBS):
        row = 3 + i
        ws.cell(row, 1, "25" if i == 0 else None)
        ws.cell(row, 2, name)
        for y in range(2018, 2023):
            for q in range(1, 5):
                if first <= (y, q) <= last:
                    ws.cell(row, 3 + (y - 2018) * 4 + q - 1).fill = SHADE
    ws = wb.create_sheet("소요예산")
    ws.append(["(단위: 백만원)"])
    ws.append(["공약번호", "세부사업", "재원", "계", "2018년", "2019년", "2020년", "2021년", "2022.6."])
    ws.append([25, "계", "계", "6,268", "1,889", "1,079", 735, 365, "2,200"])
    ws.append([None, None, "구비", 325, 189, 64, 37, 35, "-"])
    ws.append([None, None, "시비", 5943, 1700, 1015, 698, 330, 2200])
    ws.append([None, "도시공간구조 개편방안 마련", "-", 289, 289, "-", "-", "-", "-"])
    ws.append([None, "산업혁신 앵커시설 조성", "-", 2473, 1600, 735, 138, "-", "-"])
    ws.append([None, "기계금속제조업 산업재생 추진", "-", 3506, "-", 344, 597, 365, 2200])
    ws = wb.create_sheet("확인지표")
    ws.append(["공약번호", "세부사업", "구분", "단위", "목표", "2018년", "2019년", "2020년", "2021년", "2022.6.", "이행률"])
    for name, plan, plan_text, actual, actual_text, rate in PATHS:
        ws.append([25, name, "계획", "%", 100, *plan, None])
        ws.append([None, None, "계획내용", None, None, *plan_text, None])
        ws.append([None, None, "실적", "%", None, *actual, None, None, rate])
        ws.append([None, None, "실적내용", None, None, *actual_text])
    ws = wb.create_sheet("추진실적")
    ws.append(["공약번호", "세부사업", "일자", "내용"])
    ws.append([25, "도시공간구조 개편방안 마련", "'18. 7.", "재정비 수립 용역 착수보고회 개최"])
    ws.append([None, "도시공간구조 개편방안 마련", "'19. 9. 25.", "재정비 수립 용역 주민설명회"])
    ws.append([None, "도시공간구조 개편방안 마련", "'19. 9. 26. ~ 10. 28.", "정비계획 변경(안) 공람공고"])
    ws.append([None, "산업혁신 앵커시설 조성", "'20. 1. ~ 5.", "앵커시설 신축공사 실시설계(시)"])
    ws.append([None, "산업혁신 앵커시설 조성", "'20. 8. ~ '21. 8.", "앵커시설 공사(구)"])
    ws.append([None, "기계금속제조업 산업재생 추진", "'18. 2.~", "「문래동 도시재생사업 장인 운영위원회」 설립·운영"])
    ws.append([None, None, dt.datetime(2020, 6, 19), "구의회 의견청취"])
    return wb


def read_book(wb: openpyxl.Workbook) -> LoadResult:
    buffer = io.BytesIO()
    wb.save(buffer)
    return read_workbook(buffer.getvalue(), file_name="test.xlsx")


@pytest.fixture
def book() -> openpyxl.Workbook:
    return pledge25_workbook()


@pytest.fixture
def read() -> Callable[[openpyxl.Workbook], LoadResult]:
    return read_book


def only(result: LoadResult, level: str = "error") -> list[str]:
    """The findings of one level as `시트!셀: 메시지` strings, for exact assertions."""
    return [str(f) for f in result.findings if f.level == level]
