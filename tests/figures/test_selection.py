"""figures/selection.py: the one rule for the pages' filters, the pledge list and 변화's table."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from figures.quarter import build_quarter
from figures.selection import change_table, chosen, filters, pledge_list
from loaders.frames import to_frames
from tests.figures.test_figures import pledge25


def _pledges() -> pd.DataFrame:
    return pd.DataFrame({
        "pledge_id": ["1", "2", "3"], "field": ["복지", "교통", "복지"], "term": ["임기내"] * 3,
        "owner": ["구", "구", None], "novelty": [None] * 3, "period": ["단기", "장기", "단기"],
        "budget_kind": ["예산"] * 3, "stage": ["추진중", "완료", "추진중"], "status": ["정상", "완료", "지연"],
    })


def test_a_filter_is_offered_for_two_values_or_more():
    assert [(f.label, f.options) for f in filters(_pledges())] == [
        ("분야", ("교통", "복지")), ("사업시기", ("단기", "장기")), ("이행단계", ("완료", "추진중")),
        ("상태", ("완료", "정상", "지연"))]


def test_every_filter_with_a_choice_keeps_its_pledges_and_an_empty_one_keeps_all():
    pledges = _pledges()
    assert list(chosen(pledges, {"field": ["복지"], "status": []})["pledge_id"]) == ["1", "3"]
    assert list(chosen(pledges, {"field": ["복지"], "status": ["지연"]})["pledge_id"]) == ["3"]
    assert list(chosen(pledges, {})["pledge_id"]) == ["1", "2", "3"]


def test_the_list_says_what_is_carried_and_what_has_no_budget():
    quarter = build_quarter(to_frames(pledge25()))
    listed, on_screen = pledge_list(quarter.pledges, [], {"25": dt.date(2020, 9, 30)}, "백만원")
    assert list(listed["제출"]) == ["미제출 (2020. 9. 30. 자료)"] and list(listed["예산(백만원)"]) == ["미입력"]
    listed, on_screen = pledge_list(quarter.pledges, ["25"], {}, "백만원")
    assert "제출" not in listed and list(listed["예산(백만원)"]) == [6268] and list(on_screen["예산(백만원)"]) == [
        "6,268백만원"]


def test_the_change_table_names_its_columns_as_the_report_and_says_why_a_rate_is_missing():
    moved = pd.DataFrame([("25", "공약", 60.0, 75.0, 15.0, "정상", "정상", False, False, False),
                          ("26", "새 공약", None, None, None, None, "지표 없음", False, True, False)],
                         columns=["pledge_id", "title", "rate_before", "rate_after", "rate_change",
                                  "status_before", "status_after", "status_changed", "new", "dropped"], dtype=object)
    table, on_screen = change_table(moved)
    assert list(table.columns) == ["공약번호", "공약명", "이전 이행률(%)", "현재 이행률(%)", "증감(%p)", "이전 상태",
                                   "현재 상태"]
    assert on_screen.iloc[0, 2:5].tolist() == ["60.0", "75.0", "+15.0"]
    assert on_screen.iloc[1, 2:5].tolist() == ["지표 없음", "지표 없음", "지표 없음"]
