"""Pledge 25 of 영등포구 reads back with every number of the report (seed 002)."""

from __future__ import annotations

import datetime as dt

from tests.loaders.conftest import SUBS, only

M = 1_000_000


def test_reads_clean(book, read):
    result = read(book)
    assert only(result) == []
    assert only(result, "warning") == []
    assert result.ok


def test_overview_and_pledge(book, read):
    snap = read(book).snapshot
    assert (snap.ward, snap.as_of, snap.budget_unit) == ("영등포구", dt.date(2020, 12, 31), "백만원")
    (pledge,) = snap.pledges
    assert pledge.pledge_id == "25"
    assert pledge.title == "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성"
    assert (pledge.term, pledge.owner, pledge.novelty, pledge.period) == ("임기내", "구", "지속", "단기")
    assert (pledge.budget_kind, pledge.stage, pledge.department) == ("예산", "여론수렴", "도시재생과")


def test_schedule_from_shaded_two_row_gantt(book, read):
    subs = read(book).snapshot.subprojects
    assert [s.name for s in subs] == [name for name, *_ in SUBS]
    assert subs[0].quarters[0] == "2018Q2" and subs[0].quarters[-1] == "2019Q4"
    assert len(subs[0].quarters) == 7
    assert subs[1].quarters == tuple(f"{y}Q{q}" for y in range(2018, 2022) for q in range(1, 5))
    assert subs[2].quarters[-1] == "2022Q2" and len(subs[2].quarters) == 18


def test_budget_in_won_per_year_and_source(book, read):
    rows = read(book).snapshot.budget
    pledge_total = {(r.year, r.end_month): r.amount for r in rows if r.subproject is None and r.source is None}
    assert pledge_total == {
        (2018, 12): 1_889 * M,
        (2019, 12): 1_079 * M,
        (2020, 12): 735 * M,
        (2021, 12): 365 * M,
        (2022, 6): 2_200 * M,
    }
    by_source = {}
    for r in rows:
        if r.subproject is None and r.source:
            by_source[r.source] = by_source.get(r.source, 0) + r.amount
    assert by_source == {"구비": 325 * M, "시비": 5_943 * M}
    per_sub = {}
    for r in rows:
        if r.subproject:
            per_sub[r.subproject] = per_sub.get(r.subproject, 0) + r.amount
    assert per_sub == {
        "도시공간구조 개편방안 마련": 289 * M,
        "산업혁신 앵커시설 조성": 2_473 * M,
        "기계금속제조업 산업재생 추진": 3_506 * M,
    }
    # "-" is none: no row for 구비 in 2022.6.
    assert not [r for r in rows if r.source == "구비" and r.year == 2022]


def test_indicator_paths_and_milestones(book, read):
    snap = read(book).snapshot
    assert {(i.subproject, i.target, i.stated_rate) for i in snap.indicators} == {
        ("도시공간구조 개편방안 마련", 100.0, 80.0),
        ("산업혁신 앵커시설 조성", 100.0, 85.0),
        ("기계금속제조업 산업재생 추진", 100.0, 60.0),
    }
    plan = {
        (p.year, p.end_month): (p.value, p.text)
        for p in snap.points
        if p.subproject == "기계금속제조업 산업재생 추진" and p.kind == "계획"
    }
    assert plan == {
        (2018, 12): (20.0, "도시재생 1호 비영리단체 설립운영"),
        (2019, 12): (40.0, "역량강화 교육 산학협업"),
        (2020, 12): (60.0, "역량강화 교육 산학협업"),
        (2021, 12): (80.0, "인프라 개선"),
        (2022, 6): (100.0, "시제품 제작지 거점화"),
    }
    actual = [
        (p.year, p.value, p.text)
        for p in snap.points
        if p.subproject == "산업혁신 앵커시설 조성" and p.kind == "실적"
    ]
    assert actual == [(2018, 50.0, "시설매입"), (2019, 70.0, "기본구상 완료"), (2020, 85.0, "설계 및 공사")]
    # "-" in a path is no value: 도시공간구조 has no 2022 plan point
    assert not [
        p for p in snap.points if p.subproject == "도시공간구조 개편방안 마련" and p.year == 2022
    ]


def test_dated_achievements_keep_precision_and_ranges(book, read):
    found = {a.raw_date: a for a in read(book).snapshot.achievements}
    a = found["'18. 7."]
    assert (a.start, a.start_precision, a.end) == (dt.date(2018, 7, 1), "month", None)
    a = found["'19. 9. 25."]
    assert (a.start, a.start_precision) == (dt.date(2019, 9, 25), "day")
    a = found["'19. 9. 26. ~ 10. 28."]
    assert (a.start, a.start_precision, a.end, a.end_precision) == (
        dt.date(2019, 9, 26), "day", dt.date(2019, 10, 28), "day")
    a = found["'20. 1. ~ 5."]
    assert (a.start, a.end, a.end_precision) == (dt.date(2020, 1, 1), dt.date(2020, 5, 1), "month")
    a = found["'20. 8. ~ '21. 8."]
    assert (a.start, a.end) == (dt.date(2020, 8, 1), dt.date(2021, 8, 1))
    a = found["'18. 2.~"]
    assert (a.start, a.open_end, a.end) == (dt.date(2018, 2, 1), True, None)
    a = found["2020-06-19"]
    assert (a.subproject, a.start, a.start_precision) == (None, dt.date(2020, 6, 19), "day")
