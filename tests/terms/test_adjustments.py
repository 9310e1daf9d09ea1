"""figures.adjustments and figures.terms: every adjustment kind with both values, explanations carried
within a set, the exact warnings, and pledge sets by term and mayor (spec "Terms and pledge adjustments")."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from figures.adjustments import adjustment_findings, differences, explain, shown
from figures.terms import QuarterHead, pledge_sets, previous_in_set
from loaders import read_workbook
from loaders.frames import to_frames
from loaders.model import AdjustmentRow, BudgetRow, Pledge, SubProject
from tests.uploads.test_uploads import P25

PLAN_AS_OF = dt.date(2026, 9, 30)
SUB = "도시공간구조 개편방안 마련"


@pytest.fixture(scope="module")
def plan():
    snapshot = read_workbook(P25).snapshot
    return dataclasses.replace(snapshot, as_of=PLAN_AS_OF, term=9)


def _with(snapshot, **changes):
    return dataclasses.replace(snapshot, as_of=dt.date(2026, 12, 31), **changes)


def _found(plan, quarter):
    return [(a.kind, a.pledge_id, a.subproject, a.before, a.after)
            for a in differences(to_frames(plan), to_frames(quarter))]


def test_an_unchanged_quarter_has_no_adjustment(plan):
    assert _found(plan, _with(plan)) == []


def test_a_new_pledge_is_one_adjustment_not_also_its_subprojects(plan):
    new = Pledge("26", "청년 창업 공간", order=1)
    quarter = _with(plan, pledges=(*plan.pledges, new), subprojects=(*plan.subprojects, SubProject("26", "공간 조성")))
    assert _found(plan, quarter) == [("신규", "26", None, None, "청년 창업 공간")]


def test_a_pledge_left_out_is_a_deletion_with_its_title(plan):
    quarter = _with(plan, pledges=(), subprojects=(), budget=(), indicators=(), points=(), achievements=())
    assert _found(plan, quarter) == [("삭제", "25", None, "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성", None)]


@pytest.mark.parametrize("stage", ["폐기", "보류"])
def test_a_pledge_abandoned_or_on_hold_since_the_plan(plan, stage):
    quarter = _with(plan, pledges=(dataclasses.replace(plan.pledges[0], stage=stage),))
    assert _found(plan, quarter) == [(stage, "25", None, "여론수렴", stage)]


def test_a_stage_already_held_in_the_plan_is_no_adjustment(plan):
    held = _with(plan, pledges=(dataclasses.replace(plan.pledges[0], stage="보류"),))
    assert _found(held, _with(held)) == []


def test_a_renamed_pledge(plan):
    quarter = _with(plan, pledges=(dataclasses.replace(plan.pledges[0], title="경인·문래 미래산업 거점"),))
    assert _found(plan, quarter) == [("공약명 변경", "25", None, "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성",
                                      "경인·문래 미래산업 거점")]


def test_a_changed_total_planned_budget(plan):
    extra = BudgetRow("25", None, None, 2023, 12, 500_000_000)
    total = next(r for r in plan.budget if r.subproject is None and r.source is None and r.year == 2018)
    quarter = _with(plan, budget=(*[r for r in plan.budget if r != total], dataclasses.replace(total, amount=2_389_000_000),
                                  extra))
    assert _found(plan, quarter) == [("예산 변경", "25", None, 6_268_000_000, 7_268_000_000)]


def test_subprojects_added_removed_retargeted_and_rescheduled(plan):
    subs = list(plan.subprojects)
    subs[0] = dataclasses.replace(subs[0], quarters=(*subs[0].quarters, "2023Q1"))
    subs = [s for s in subs if s.name != "산업혁신 앵커시설 조성"] + [SubProject("25", "창업 지원", (), 9)]
    indicators = tuple(dataclasses.replace(i, target=80.0) if i.subproject == SUB else i for i in plan.indicators)
    quarter = _with(plan, subprojects=tuple(subs), indicators=indicators)
    assert _found(plan, quarter) == [
        ("목표 변경", "25", SUB, 100.0, 80.0),
        ("일정 변경", "25", SUB, "2021Q4", "2023Q1"),
        ("세부사업 추가", "25", "창업 지원", None, "창업 지원"),
        ("세부사업 삭제", "25", "산업혁신 앵커시설 조성", "산업혁신 앵커시설 조성", None),
    ]


def _retargeted(plan, rows=()):
    indicators = tuple(dataclasses.replace(i, target=80.0) if i.subproject == SUB else i for i in plan.indicators)
    return _with(plan, indicators=indicators, adjustment_rows=tuple(rows))


def test_an_unexplained_adjustment_is_a_warning_naming_pledge_kind_and_both_values(plan):
    quarter = _retargeted(plan)
    found = explain(differences(to_frames(plan), to_frames(quarter)), [])
    assert [str(f) for f in adjustment_findings(found, [], PLAN_AS_OF)] == [
        f"공약조정: 공약 25 '경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성' 세부사업 '{SUB}'의 목표가 "
        "이행계획(2026. 9. 30.)의 100에서 80으로 바뀌었으나 공약조정 시트에 사유가 없습니다"]


def test_a_row_with_pledge_kind_and_subproject_explains_it(plan):
    row = AdjustmentRow("25", SUB, "목표 변경", "용역 범위 축소", "공약이행평가단 심의 2026. 11. 20.", cell="C2")
    found = explain(differences(to_frames(plan), to_frames(_retargeted(plan, [row]))), [row])
    assert [(a.kind, a.explained, a.row.reason) for a in found] == [("목표 변경", True, "용역 범위 축소")]
    assert adjustment_findings(found, [row], PLAN_AS_OF) == []


def test_a_row_that_explains_nothing_is_a_warning_naming_its_cell(plan):
    row = AdjustmentRow("25", None, "예산 변경", "예산 조정", cell="C3")
    found = explain(differences(to_frames(plan), to_frames(_retargeted(plan, [row]))), [row])
    assert [str(f) for f in adjustment_findings(found, [row], PLAN_AS_OF)][1] == (
        "공약조정!C3: 이 행(공약 25, 예산 변경)이 설명하는 공약 조정이 없습니다: 이행계획(2026. 9. 30.)과 비교해 "
        "예산 변경에 해당하는 차이가 없습니다. 공약번호·세부사업·구분을 확인해 주세요")


def test_a_row_of_an_earlier_quarter_of_the_set_still_explains(plan):
    carried = AdjustmentRow("25", SUB, "목표 변경", "지난 분기에 적은 사유", cell="C2")
    found = explain(differences(to_frames(plan), to_frames(_retargeted(plan))), [carried])
    assert found[0].explained and adjustment_findings(found, [], PLAN_AS_OF) == []


@pytest.mark.parametrize(("kind", "value", "text"), [("목표 변경", 80.0, "80"), ("예산 변경", 1_200_000_000, "1,200백만원"),
                                                     ("일정 변경", "2027Q4", "2027년 4분기"), ("폐기", None, "미입력"),
                                                     ("공약명 변경", "새 이름", "'새 이름'")])
def test_values_are_shown_as_officials_read_them(kind, value, text):
    assert shown(kind, value) == text


# --- pledge sets -------------------------------------------------------------------------------


def _heads(*items):
    return [QuarterHead(dt.date.fromisoformat(d), term, mayor) for d, term, mayor in items]


def test_a_new_term_starts_a_new_set_and_closes_the_old_one():
    sets = pledge_sets(_heads(("2025-12-31", 8, None), ("2026-03-31", 8, None), ("2026-09-30", 9, "홍길동"),
                              ("2026-12-31", 9, None)))
    assert [(s.term, s.mayor, [d.isoformat() for d in s.dates], s.final_record) for s in sets] == [
        (8, None, ["2025-12-31", "2026-03-31"], dt.date(2026, 3, 31)),
        (9, "홍길동", ["2026-09-30", "2026-12-31"], None)]


def test_a_by_election_within_a_term_starts_a_new_set():
    sets = pledge_sets(_heads(("2027-03-31", 9, "갑"), ("2027-06-30", 9, "갑"), ("2027-12-31", 9, "을")))
    assert [(s.term, s.mayor, len(s.dates)) for s in sets] == [(9, "갑", 2), (9, "을", 1)]
    assert sets[0].closed and not sets[1].closed


def test_a_set_without_a_mayor_takes_the_first_one_named():
    sets = pledge_sets(_heads(("2026-09-30", 9, None), ("2026-12-31", 9, "병"), ("2027-03-31", 9, None)))
    assert [(s.mayor, len(s.dates)) for s in sets] == [("병", 3)]


def test_a_quarter_stored_before_terms_were_kept_takes_its_as_of_term():
    sets = pledge_sets(_heads(("2022-06-30", None, None), ("2022-09-30", None, None)))
    assert [(s.term, len(s.dates)) for s in sets] == [(7, 1), (8, 1)]


def test_the_previous_quarter_is_within_the_set_only():
    heads = _heads(("2020-12-31", 7, None), ("2026-03-31", 8, None))
    assert previous_in_set(heads, dt.date(2026, 9, 30), 9, "정") is None
    assert previous_in_set(heads, dt.date(2026, 6, 30), 8, None) == dt.date(2026, 3, 31)
