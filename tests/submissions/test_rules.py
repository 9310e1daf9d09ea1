"""Each rule of docs/spec.md "Department submissions" in the store, on SQLite and PostgreSQL (exact messages)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from loaders.model import Pledge
from loaders.template import department_snapshot, template_bytes
from store.models import SnapshotRow
from tests.submissions.conftest import PLEDGES, Q3, Q4, WARD, department_file, read, ward_snapshot


def _states(store, as_of=Q4) -> dict[str, str]:
    return {d.department: d.state for d in store.submissions(WARD, as_of).departments}


def _actual(store, pid: str, as_of=Q4) -> float:
    points = store.frames(WARD, as_of).points
    return float(points[(points["pledge_id"] == pid) & (points["kind"] == "실적")]["value"].iloc[0])


def _versions(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(SnapshotRow)).scalar()


def test_a_whole_ward_upload_marks_every_department_submitted_by_its_uploader(ward_store):
    board = ward_store.submissions(WARD, Q3)
    assert [(d.department, d.state, [p for p, _ in d.pledges], d.submitted_by, d.whole_ward, d.carried_from)
            for d in board.departments] == [
        ("도시재생과", "제출", ["1", "2"], "총괄", True, None), ("복지정책과", "제출", ["3"], "총괄", True, None),
        ("교통행정과", "제출", ["4"], "총괄", True, None), ("공원녹지과", "제출", ["5"], "총괄", True, None)]
    assert {d.file_name for d in board.departments} == {"중랑구_3분기.xlsx"}
    assert {o.carried_from for o in ward_store.pledge_origins(WARD, Q3).values()} == {None}


def test_a_department_part_for_the_next_quarter_carries_the_others(ward_store):
    content = department_file("도시재생과")
    outcome = ward_store.import_file(content, file_name="도시재생과.xlsx", by="도시")
    assert outcome.message == "도시재생과.xlsx: 도시재생과의 자료를 중랑구 2026. 12. 31. 기준 자료에 합쳐 저장했습니다 (버전 1)"
    assert _states(ward_store) == {"도시재생과": "제출", "복지정책과": "미제출", "교통행정과": "미제출", "공원녹지과": "미제출"}
    assert (_actual(ward_store, "1"), _actual(ward_store, "2"), _actual(ward_store, "3")) == (50.0, 30.0, 50.0)
    origins = ward_store.pledge_origins(WARD, Q4)
    assert {pid: o.carried_from for pid, o in origins.items()} == {"1": None, "2": None, "3": Q3, "4": Q3, "5": Q3}
    frames = ward_store.frames(WARD, Q4)
    assert frames.pledges["pledge_id"].tolist() == ["1", "2", "3", "4", "5"]  # the ward's order kept
    assert sorted(frames.achievements["pledge_id"]) == ["1", "2", "3", "4", "5"]
    info = ward_store.snapshot_info(WARD, Q4)
    assert (info["author_department"], info["file_name"]) == ("기획예산과", "도시재생과.xlsx")
    assert ward_store.original_file(WARD, Q4) == ("도시재생과.xlsx", content)  # the file is kept


def test_a_second_department_leaves_the_firsts_figures_alone(ward_store):
    ward_store.import_file(department_file("도시재생과"), file_name="도시재생과.xlsx", by="도시")
    outcome = ward_store.import_file(department_file("복지정책과", actual={"3": 77.0}), file_name="복지.xlsx", by="복지")
    assert outcome.version == 2
    assert (_actual(ward_store, "1"), _actual(ward_store, "3"), _actual(ward_store, "4")) == (50.0, 77.0, 30.0)
    assert _states(ward_store) == {"도시재생과": "제출", "복지정책과": "제출", "교통행정과": "미제출", "공원녹지과": "미제출"}
    board = ward_store.submissions(WARD, Q4)
    assert [(d.submitted_by, d.file_name, d.whole_ward) for d in board.departments[:2]] == [
        ("도시", "도시재생과.xlsx", False), ("복지", "복지.xlsx", False)]
    assert {pid: o.carried_from for pid, o in ward_store.pledge_origins(WARD, Q4).items()} == {
        "1": None, "2": None, "3": None, "4": Q3, "5": Q3}


def test_a_pledge_whose_담당부서_is_not_the_작성부서_is_refused_naming_its_cell(ward_store):
    wrong = department_file("복지정책과", author_department="교통행정과")
    outcome = ward_store.import_file(wrong, file_name="잘못.xlsx", by="교통")
    assert outcome.status == "rejected"
    assert outcome.message == "잘못.xlsx: 오류 2건이 있어 저장하지 않았습니다. 오류를 고친 뒤 다시 올려 주세요"
    assert [str(f) for f in outcome.findings if f.level == "error"] == [
        "공약!J2: 공약 3의 담당부서가 '복지정책과'입니다. 작성부서가 교통행정과인 파일에는 담당부서가 교통행정과인 공약만 적어 주세요",
        "공약: 공약 4 '마을버스 노선 확충'이(가) 빠졌습니다. 공약은 지우지 말고 이행단계를 '폐기'로 적어 주세요"]
    assert _versions(ward_store) == 1 and ward_store.as_of_dates(WARD) == [Q3]
    events = ward_store.audit_events()
    assert (events.iloc[0]["action"], events.iloc[0]["outcome"]) == ("import", "failed")


def test_a_blank_담당부서_in_a_department_part_is_refused(ward_store):
    part = department_snapshot(ward_snapshot(Q4), "공원녹지과")
    blank = dataclasses.replace(part, pledges=(dataclasses.replace(part.pledges[0], department=None),))
    outcome = ward_store.import_file(template_bytes(blank), file_name="공원.xlsx")
    assert [str(f) for f in outcome.findings if f.level == "error"] == [
        "공약!J2: 공약 5의 담당부서가 비어 있습니다. 작성부서가 공원녹지과인 파일에는 담당부서가 공원녹지과인 공약만 적어 주세요"]


def test_a_pledge_the_quarter_gives_to_another_department_is_refused_naming_its_공약번호(ward_store):
    part = department_snapshot(ward_snapshot(Q4), "도시재생과")
    taken = dataclasses.replace(ward_snapshot(Q4).pledges[2], department="도시재생과")  # 공약 3 of 복지정책과
    outcome = ward_store.import_file(template_bytes(dataclasses.replace(part, pledges=(*part.pledges, taken))))
    assert [str(f) for f in outcome.findings if f.level == "error"] == [
        "공약!A4: 공약 3 '어르신 돌봄 통합 지원'은(는) 중랑구 2026. 9. 30. 자료에서 복지정책과의 공약입니다. 도시재생과의 "
        "파일에는 넣을 수 없습니다 (담당부서를 바꾸려면 총괄부서가 구 전체 파일로 올려 주세요)"]
    assert _versions(ward_store) == 1


def test_a_pledge_of_the_department_left_out_is_refused_naming_the_pledge(ward_store):
    part = department_snapshot(ward_snapshot(Q4), "도시재생과")
    only_one = dataclasses.replace(part, pledges=part.pledges[:1], subprojects=part.subprojects[:1],
                                   budget=part.budget[:1], indicators=part.indicators[:1], points=part.points[:3],
                                   achievements=part.achievements[:1])
    outcome = ward_store.import_file(template_bytes(only_one))
    assert [str(f) for f in outcome.findings if f.level == "error"] == [
        "공약: 공약 2 '상봉역 일대 역세권 활성화'이(가) 빠졌습니다. 공약은 지우지 말고 이행단계를 '폐기'로 적어 주세요"]


def test_a_new_공약번호_is_added_with_a_warning(ward_store):
    part = department_snapshot(ward_snapshot(Q4), "교통행정과")
    new = Pledge("6", "심야 안심버스 도입", department="교통행정과", budget_kind="비예산", order=1)
    outcome = ward_store.import_file(template_bytes(dataclasses.replace(part, pledges=(*part.pledges, new))),
                                     file_name="교통.xlsx")
    assert outcome.status == "stored"
    assert "공약!A3: 공약 6 '심야 안심버스 도입'은(는) 중랑구 2026. 9. 30. 자료에 없는 새 공약입니다 (교통행정과의 공약으로 " \
           "더합니다)" in [str(f) for f in outcome.findings]
    assert ward_store.frames(WARD, Q4).pledges["pledge_id"].tolist() == ["1", "2", "3", "4", "5", "6"]
    board = ward_store.submissions(WARD, Q4)
    assert [p for p, _ in board.of("교통행정과").pledges] == ["4", "6"]
    assert any("공약 6" in w.message for w in board.of("교통행정과").warnings)


def test_a_department_part_with_no_quarter_before_it_is_stored_as_it_is(store):
    outcome = store.import_file(department_file("공원녹지과"), file_name="공원.xlsx", by="공원")
    assert (outcome.status, [f for f in outcome.findings if "공약 5" in f.message]) == ("stored", [])
    assert _states(store) == {"공원녹지과": "제출"}


def test_the_same_file_again_stores_nothing(ward_store):
    content = department_file("도시재생과")  # written once: a workbook written again differs in its timestamps
    first = ward_store.import_file(content, file_name="a.xlsx")
    again = ward_store.import_file(content, file_name="a.xlsx")
    assert (first.status, again.status, _versions(ward_store)) == ("stored", "unchanged", 2)


def test_the_preview_shows_what_the_departments_file_changes_and_nothing_else(ward_store):
    ward_store.import_file(department_file("도시재생과"), file_name="도시재생과.xlsx")
    found = ward_store.preview(read(department_file("복지정책과", actual={"3": 90.0})))
    assert (found.department, found.errors, found.replaces_version, found.new_version) == ("복지정책과", [], 1, 2)
    assert [m[0] for m in found.against_replaced.pledge_moves] == ["3"]
    assert found.against_replaced.pledges_added == found.against_replaced.pledges_dropped == []
    assert found.against_previous.label == "지난 분기(2026. 9. 30.)와 비교 · 복지정책과의 공약만"
    assert [m[0] for m in found.against_previous.pledge_moves] == ["3"]  # 도시재생과's moves are not shown
    refused = ward_store.preview(read(department_file("복지정책과", author_department="교통행정과")))
    assert len(refused.errors) == 2 and refused.against_replaced is None


def test_return_and_approve_one_department(ward_store):
    ward_store.import_file(department_file("도시재생과"), file_name="도시재생과.xlsx", by="도시")
    message = ward_store.return_version(WARD, Q4, "실적 근거를 붙여 주세요", department="도시재생과", by="총괄")
    assert message == ("중랑구 2026. 12. 31. 기준 도시재생과의 제출 자료(도시재생과.xlsx)을(를) 반려했습니다 (이유: 실적 근거를 "
                       "붙여 주세요). 도시재생과의 업로드 화면에 이유가 보입니다")
    returned = ward_store.submissions(WARD, Q4).of("도시재생과")
    assert (returned.state, returned.reason, returned.reviewed_by) == ("반려", "실적 근거를 붙여 주세요", "총괄")
    assert ward_store.review_state(WARD, Q4) == ("검토 전", "")  # the version itself is not returned
    assert ward_store.approve(WARD, Q4, department="도시재생과") == \
        "중랑구 2026. 12. 31. 기준 도시재생과의 제출 자료(도시재생과.xlsx)을(를) 승인했습니다"
    assert _states(ward_store)["도시재생과"] == "승인"
    events = ward_store.audit_events()
    assert events["action"].tolist()[:2] == ["approve", "return"]
    assert events.iloc[1]["detail"] == "도시재생과: 도시재생과.xlsx: 실적 근거를 붙여 주세요"


def test_review_of_a_department_that_has_not_submitted_is_refused(ward_store):
    import pytest

    from store import StoreError

    ward_store.import_file(department_file("도시재생과"))
    with pytest.raises(StoreError, match=r"^중랑구 2026\. 12\. 31\. 기준 복지정책과은\(는\) 아직 제출하지 않았습니다 \(미제출\)$"):
        ward_store.approve(WARD, Q4, department="복지정책과")
    with pytest.raises(StoreError, match="반려할 때는 이유를 적어 주세요"):
        ward_store.return_version(WARD, Q4, " ", department="도시재생과")
    with pytest.raises(StoreError, match="'인사과' 부서의 공약이 없습니다"):
        ward_store.approve(WARD, Q4, department="인사과")


def test_an_approved_quarter_refuses_department_parts_until_an_admin_reopens_it(ward_store):
    from store import StoreError

    ward_store.import_file(department_file("도시재생과"), file_name="도시재생과.xlsx")
    ward_store.approve(WARD, Q4)
    assert _states(ward_store)["도시재생과"] == "승인"  # 제출 reads 승인 once the quarter is approved
    refused = ward_store.import_file(department_file("복지정책과"), file_name="복지.xlsx", by="복지")
    assert refused.message == ("복지.xlsx: 중랑구 2026. 12. 31. 기준 자료는 승인되어 부서 제출을 받지 않습니다. 고칠 것이 있으면 "
                               "관리자가 이 기준일을 다시 열어야 합니다 (pledges reopen)")
    event = ward_store.audit_events().iloc[0]
    assert (event["action"], event["outcome"], event["actor"]) == ("import", "refused", "복지")
    assert ward_store.submissions(WARD, Q4).locked
    assert ward_store.reopen(WARD, Q4, by="관리") == (
        "중랑구 2026. 12. 31. 기준 자료를 다시 열었습니다. 부서 제출을 다시 받습니다 (승인된 버전 1은 새 버전이 승인될 때까지 "
        "그대로 공개됩니다)")
    assert (ward_store.audit_events().iloc[0]["action"], ward_store.audit_events().iloc[0]["detail"]) == \
        ("reopen", "승인된 버전 1")
    assert ward_store.import_file(department_file("복지정책과"), file_name="복지.xlsx").status == "stored"
    try:
        ward_store.reopen(WARD, Q4)
    except StoreError as problem:
        assert str(problem) == "중랑구 2026. 12. 31. 기준 자료는 승인되어 닫혀 있지 않습니다 (다시 열 필요가 없습니다)"
    else:
        raise AssertionError("reopening an open 기준일 must be refused")


def test_whole_ward_uploads_still_work_on_an_approved_quarter(ward_store):
    from tests.submissions.conftest import whole_file

    ward_store.approve(WARD, Q3)
    outcome = ward_store.import_file(whole_file(actual={"5": 70.0}), file_name="다시.xlsx")
    assert (outcome.status, outcome.version) == ("stored", 2)


def test_deadlines_days_left_and_late_departments(ward_store):
    ward_store.import_file(department_file("도시재생과"))
    assert ward_store.set_deadline(WARD, Q4, dt.date(2027, 1, 15), by="관리") == \
        "중랑구 2026. 12. 31. 기준 자료의 제출 기한을 2027. 1. 15.(으)로 정했습니다"
    before = ward_store.submissions(WARD, Q4, dt.date(2027, 1, 12))
    assert (before.deadline, before.days_left, [d.late for d in before.departments]) == (
        dt.date(2027, 1, 15), 3, [False] * 4)
    after = ward_store.submissions(WARD, Q4, dt.date(2027, 1, 16))
    assert (after.days_left, [d.late for d in after.departments]) == (-1, [False, True, True, True])
    ward_store.return_version(WARD, Q4, "다시", department="도시재생과")
    assert ward_store.submissions(WARD, Q4, dt.date(2027, 1, 16)).of("도시재생과").late


def test_a_rollback_moves_the_states_with_the_data(ward_store):
    ward_store.import_file(department_file("도시재생과"))
    ward_store.import_file(department_file("복지정책과"))
    ward_store.rollback(WARD, Q4)
    assert _states(ward_store) == {"도시재생과": "제출", "복지정책과": "미제출", "교통행정과": "미제출", "공원녹지과": "미제출"}


def test_a_board_for_a_quarter_nobody_has_submitted_yet(ward_store):
    board = ward_store.submissions(WARD, Q4)
    assert [(d.department, d.state, d.carried_from) for d in board.departments] == [
        (d, "미제출", Q3) for d in ("도시재생과", "복지정책과", "교통행정과", "공원녹지과")]
    assert ward_store.submissions(WARD, dt.date(2030, 9, 30)).departments == ()  # another term: no base


def test_pledges_with_a_blank_담당부서_belong_to_미지정(store):
    snapshot = ward_snapshot()
    blank = dataclasses.replace(snapshot, pledges=tuple(
        dataclasses.replace(p, department=None) if p.pledge_id == "5" else p for p in snapshot.pledges))
    store.import_file(template_bytes(blank), file_name="구.xlsx")
    assert [d.department for d in store.submissions(WARD, Q3).departments][-1] == "미지정"
    claimed = template_bytes(dataclasses.replace(department_snapshot(snapshot, "공원녹지과"), as_of=Q4))
    outcome = store.import_file(claimed, file_name="공원.xlsx")
    assert "공약!A2: 공약 5 '중랑천 장미정원 확대'은(는) 중랑구 2026. 9. 30. 자료에서 담당부서가 비어 있던 공약입니다 " \
           "(공원녹지과의 공약으로 저장합니다)" in [str(f) for f in outcome.findings]
    assert PLEDGES["5"][1] in [d.department for d in store.submissions(WARD, Q4).departments]
