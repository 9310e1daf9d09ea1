"""The robustness corpus of bench/variants.py: every variant read, every outcome exact.

Each variant is the sample 영등포구 2020 workbook saved the way some office or
program saves it. Where the variant carries the same content, the figures must
be exactly the sample's (every frame of `to_frames`); otherwise the outcome is
the exact Korean finding.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pandas as pd
import pytest

from bench.variants import SAMPLE, build
from loaders import read_workbook
from loaders.calamine import format_warning
from loaders.frames import to_frames
from loaders.safety import CSV_MESSAGE

CONDITIONAL = (
    "추진일정!C3:V5: 조건부 서식으로 칠한 일정은 읽을 수 없습니다. 분기 칸에 ● 같은 표시를 적거나 "
    "셀을 직접 칠해 주세요"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("variants"))


@pytest.fixture(scope="module")
def sample_frames():
    result = read_workbook(SAMPLE)
    assert result.ok and result.findings == []
    return to_frames(result.snapshot)


def _frames_equal(left, right, *, skip: tuple[str, ...] = ()) -> None:
    for item in dataclasses.fields(left):
        if item.name in skip:
            continue
        a, b = getattr(left, item.name), getattr(right, item.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_dtype=True)
        else:
            assert a == b, item.name


def _scheduled(result) -> int:
    return sum(len(s.quarters) for s in result.snapshot.subprojects)


@pytest.mark.parametrize(
    "name",
    [
        "shading_only.xlsx",  # the Gantt by fill alone (no ●)
        "strict.xlsx",
        "empty_formula_excel.xlsx",
        "empty_formula_libreoffice.xlsx",
        "pattern_darkGray.xlsx",
        "pattern_lightGray.xlsx",
        "pattern_gray125.xlsx",
        "pattern_darkGrid.xlsx",
        "pivot_cache.xlsx",
        "no_cell_style_formats.xlsx",
        "big_extra_sheet.xlsx",
        "one_mb_string.xlsx",
        "typed_amounts.xlsx",  # 소요예산's amounts as text with thousands signs
        "excel_form.xlsx",  # shared strings with phonetic settings, spans and descent (bench/generators.py)
        "libreoffice_form.xlsx",  # rich-text runs per script, every row flag spelled true/false
    ],
)
def test_same_figures_as_the_sample(corpus, sample_frames, name):
    started = time.perf_counter()
    result = read_workbook(corpus[name])
    assert time.perf_counter() - started < 5
    assert [str(f) for f in result.findings] == []
    _frames_equal(to_frames(result.snapshot), sample_frames)
    assert _scheduled(result) == len(sample_frames.schedule) == 49


def test_conditional_formatting_over_an_unmarked_schedule_is_a_warning(corpus, sample_frames):
    result = read_workbook(corpus["conditional.xlsx"])
    assert [str(f) for f in result.findings] == [CONDITIONAL]
    assert _scheduled(result) == 0
    _frames_equal(to_frames(result.snapshot), sample_frames, skip=("schedule",))


def test_hidden_older_copy_of_a_sheet_is_an_error(corpus):
    result = read_workbook(corpus["hidden_duplicate.xlsx"])
    assert result.snapshot is None
    assert [str(f) for f in result.findings] == [
        "공약: 시트 '공약 ', '공약'이(가) 모두 '공약' 시트로 읽힙니다 (이름에서 띄어쓰기를 빼면 같습니다). "
        "하나만 남기고 지우거나 이름을 바꿔 주세요"
    ]


def test_hidden_sheet_is_read_with_a_warning(corpus, sample_frames):
    result = read_workbook(corpus["hidden_sheet.xlsx"])
    assert [str(f) for f in result.findings] == [
        "추진실적: 시트 '추진실적'이(가) 숨겨져 있습니다. 숨긴 시트도 그대로 읽으니 내용을 확인해 주세요 "
        "(시트 탭에서 마우스 오른쪽 단추 → 숨기기 취소)"
    ]
    _frames_equal(to_frames(result.snapshot), sample_frames)


def test_hidden_rows_with_data_are_read_with_a_warning(corpus, sample_frames):
    result = read_workbook(corpus["hidden_rows.xlsx"])
    assert [str(f) for f in result.findings] == [
        "확인지표: 숨겨진 행 3~4에 내용이 있습니다. 숨긴 행도 그대로 읽으니, 필요 없는 행이면 지우고 "
        "필요한 행이면 숨기기를 취소해 확인해 주세요"
    ]
    _frames_equal(to_frames(result.snapshot), sample_frames)


def test_style_part_without_cell_formats(corpus):
    # no cellXfs at all: no date format, no fill. Not "damaged": the one cell that needs a
    # format (기준일, an Excel date) is named.
    result = read_workbook(corpus["no_cell_styles.xlsx"])
    assert [str(f) for f in result.findings] == [
        "개요!B2: '44196'는 기준일로 읽을 수 없습니다 (2020-12-31, 2020.12.31, 2020. 12. 31., "
        "2020. 12. 기준 또는 엑셀 날짜 형식으로 적어 주세요)"
    ]


def test_csv_is_told_it_holds_one_sheet(corpus):
    result = read_workbook(corpus["공약.csv"])
    assert [str(f) for f in result.findings] == [f"파일: {CSV_MESSAGE}"]


def test_ods_is_read_from_values_and_marks(corpus, sample_frames):
    result = read_workbook(corpus["sample.ods"])
    assert [str(f) for f in result.findings] == [f"파일: {format_warning('ods')}"]
    _frames_equal(to_frames(result.snapshot), sample_frames)
