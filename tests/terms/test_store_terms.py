"""Terms in the store, on SQLite and PostgreSQL: a new term's quarter compares with nothing before it,
the plan and its adjustments with their reasons, carried and recomputed; the command line's JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from loaders import read_workbook
from loaders.model import AdjustmentRow
from loaders.template import template_bytes
from tests.uploads.test_uploads import P25, pledges

SUB = "도시공간구조 개편방안 마련"
TITLE = "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성"


@pytest.fixture(scope="module")
def p25():
    return read_workbook(P25).snapshot


def _quarter(p25, as_of: str, *, target: float = 100.0, rows=(), mayor="문헌일", term=9, title=TITLE):
    indicators = tuple(dataclasses.replace(i, target=target) if i.subproject == SUB else i for i in p25.indicators)
    pledge = dataclasses.replace(p25.pledges[0], title=title)
    snapshot = dataclasses.replace(p25, as_of=dt.date.fromisoformat(as_of), term=term, mayor=mayor,
                                   indicators=indicators, pledges=(pledge,), adjustment_rows=tuple(rows))
    return template_bytes(snapshot)


def test_a_new_terms_first_quarter_has_no_previous_quarter(store, p25):
    assert store.import_file(P25).status == "stored"  # 영등포구 2020-12-31, 민선 7기
    data = _quarter(p25, "2026-09-30")
    preview = store.preview(read_workbook(data, file_name="9기.xlsx"))
    assert preview.against_previous is None  # never "공약 빠짐: 25" against 민선 7기
    assert not [w for w in preview.warnings if "빠" in w.message or "감소" in w.message]
    outcome = store.import_file(data, file_name="9기.xlsx")
    assert outcome.status == "stored" and outcome.findings == []
    assert store.previous_as_of("영등포구", dt.date(2026, 9, 30)) is None
    sets = store.pledge_sets("영등포구")
    assert [(s.term, s.mayor, s.final_record) for s in sets] == [(7, None, dt.date(2020, 12, 31)), (9, "문헌일", None)]
    assert store.figures_over_time("영등포구", dt.date(2026, 9, 30))[0]["summary"]["as_of"] == "2026-09-30"
    assert len(store.figures_over_time("영등포구", dt.date(2026, 9, 30))) == 1


def test_adjustments_against_the_plan_with_reasons_carried_and_the_cli(store, p25, tmp_path):
    store.import_file(_quarter(p25, "2026-09-30"), file_name="plan.xlsx")
    explained = AdjustmentRow("25", None, "공약명 변경", "주민 의견 반영", "공약이행평가단 심의 2026. 11. 20.",
                              dt.date(2026, 11, 20), "day")
    outcome = store.import_file(_quarter(p25, "2026-12-31", target=80.0, title="경인·문래 미래산업 거점",
                                         rows=[explained]), file_name="q4.xlsx")
    assert [f.message for f in outcome.findings if f.sheet == "공약조정"] == [
        f"공약 25 '경인·문래 미래산업 거점' 세부사업 '{SUB}'의 목표가 이행계획(2026. 9. 30.)의 100에서 80으로 "
        "바뀌었으나 공약조정 시트에 사유가 없습니다"]
    found, plan_as_of = store.adjustments("영등포구", dt.date(2026, 12, 31))
    assert plan_as_of == dt.date(2026, 9, 30)
    assert [(a.kind, a.explained) for a in found] == [("공약명 변경", True), ("목표 변경", False)]
    # the next quarter repeats neither row: the 공약명 one stays explained
    later = store.import_file(_quarter(p25, "2027-03-31", target=80.0, title="경인·문래 미래산업 거점"),
                              file_name="q1.xlsx")
    assert [f.message.split("의 ")[1][:3] for f in later.findings if f.sheet == "공약조정"] == ["목표가"]
    result = pledges("adjustments", "--ward", "영등포구", "--as-of", "2027-03-31", "--json", url=store.url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ward": "영등포구", "as_of": "2027-03-31", "term": {"number": 9, "label": "민선 9기", "mayor": "문헌일"},
        "plan_as_of": "2026-09-30",
        "adjustments": [
            {"pledge_id": "25", "subproject": None, "kind": "공약명 변경", "before": TITLE,
             "after": "경인·문래 미래산업 거점", "reason": "주민 의견 반영", "review": "공약이행평가단 심의 2026. 11. 20.",
             "date": "2026-11-20"},
            {"pledge_id": "25", "subproject": SUB, "kind": "목표 변경", "before": 100, "after": 80, "reason": None,
             "review": None, "date": None},
        ],
    }


def test_the_plan_is_the_first_approved_version_and_adjustments_follow_it(store, p25):
    store.import_file(_quarter(p25, "2026-09-30"), file_name="plan v1.xlsx")
    store.import_file(_quarter(p25, "2026-12-31", target=80.0), file_name="q4.xlsx")
    assert [a.kind for a in store.adjustments("영등포구", dt.date(2026, 12, 31))[0]] == ["목표 변경"]
    # version 2 of the plan's 기준일 already says 80, and is the one approved: the plan moves to it
    store.import_file(_quarter(p25, "2026-09-30", target=80.0), file_name="plan v2.xlsx")
    store.approve("영등포구", dt.date(2026, 9, 30), by="총괄")
    assert store.adjustments("영등포구", dt.date(2026, 12, 31))[0] == []


def test_a_by_election_starts_a_new_set_within_the_term(store, p25):
    store.import_file(_quarter(p25, "2026-09-30"), file_name="a.xlsx")
    outcome = store.import_file(_quarter(p25, "2027-12-31", mayor="보궐당선인", target=50.0), file_name="b.xlsx")
    assert [f for f in outcome.findings if f.sheet == "공약조정"] == []  # a new set: its own plan
    assert [(s.term, s.mayor) for s in store.pledge_sets("영등포구")] == [(9, "문헌일"), (9, "보궐당선인")]
    assert store.previous_as_of("영등포구", dt.date(2027, 12, 31)) is None


def test_summary_and_changes_json_carry_the_term(store, p25):
    store.import_file(P25)
    store.import_file(_quarter(p25, "2026-09-30"), file_name="9기.xlsx")
    summary = json.loads(pledges("summary", "--json", url=store.url).stdout)
    assert summary["wards"][0]["term"] == {"number": 9, "label": "민선 9기", "mayor": "문헌일"}
    older = json.loads(pledges("summary", "--json", "--as-of", "2020-12-31", url=store.url).stdout)
    assert older["wards"][0]["term"] == {"number": 7, "label": "민선 7기", "mayor": None}
    changes = json.loads(pledges("changes", "--ward", "영등포구", "--json", url=store.url).stdout)
    assert changes["as_of"] == "2026-09-30" and changes["previous_as_of"] is None and changes["dropped"] == []
