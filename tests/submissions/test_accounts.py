"""Department editors, admins-only actions, and stored versions after migration 0008 (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, insert

from store import StoreError, open_store
from store.accounts import AccountError, add_user
from store.engine import MIGRATIONS, make_engine
from tests.submissions.conftest import Q3, Q4, WARD, department_file, read, whole_file

PASSWORD = "Password-2026"


@pytest.fixture
def accounts(ward_store):
    add_user(ward_store.engine, "관리", PASSWORD, "admin", by="test")
    add_user(ward_store.engine, "도시", PASSWORD, "editor", (WARD,), by="test", department="도시재생과")
    add_user(ward_store.engine, "구편집", PASSWORD, "editor", (WARD,), by="test")
    add_user(ward_store.engine, "검토", PASSWORD, "reviewer", (WARD,), by="test")
    return {name: ward_store.authenticate(name, PASSWORD) for name in ("관리", "도시", "구편집", "검토")}


def test_a_department_editor_hands_in_its_own_part_only(ward_store, accounts):
    editor = accounts["도시"]
    assert (editor.wards, editor.departments, editor.department_in(WARD)) == (
        frozenset({WARD}), frozenset({(WARD, "도시재생과")}), "도시재생과")
    whole = ward_store.import_file(whole_file(Q4), file_name="구.xlsx", user=editor)
    assert whole.message == "구.xlsx: '도시' 계정은 중랑구 도시재생과의 자료만 올릴 수 있습니다 (구 전체 파일은(는) 올릴 수 없습니다)"
    other = ward_store.import_file(department_file("복지정책과"), file_name="복지.xlsx", user=editor)
    assert other.message == "복지.xlsx: '도시' 계정은 중랑구 도시재생과의 자료만 올릴 수 있습니다 (복지정책과의 자료은(는) 올릴 수 없습니다)"
    refusals = ward_store.audit_events()
    assert refusals[["actor", "action", "outcome"]].values.tolist()[:2] == [["도시", "import", "refused"]] * 2
    assert ward_store.import_file(department_file("도시재생과"), user=editor).status == "stored"
    with pytest.raises(StoreError, match="구 전체를 되돌릴 수 없습니다"):
        ward_store.rollback(WARD, Q4, user=editor)


def test_a_ward_editor_hands_in_any_part_or_the_whole_ward(ward_store, accounts):
    editor = accounts["구편집"]
    assert ward_store.import_file(department_file("복지정책과"), user=editor).status == "stored"
    assert ward_store.import_file(department_file("공원녹지과"), user=editor).status == "stored"
    assert ward_store.import_file(whole_file(Q4, actual={"1": 99.0}), user=editor).status == "stored"


def test_deadlines_and_reopening_are_for_admins_and_reviewers_decide_per_department(ward_store, accounts):
    assert ward_store.import_file(department_file("도시재생과"), user=accounts["도시"]).status == "stored"
    for name in ("구편집", "검토"):
        with pytest.raises(StoreError, match=f"^'{name}' 계정은 이 작업을 할 수 없습니다 \\(관리자만 가능\\)$"):
            ward_store.set_deadline(WARD, Q4, dt.date(2027, 1, 15), user=accounts[name])
    ward_store.set_deadline(WARD, Q4, dt.date(2027, 1, 15), user=accounts["관리"])
    with pytest.raises(StoreError, match="검토"):
        ward_store.return_version(WARD, Q4, "다시", department="도시재생과", user=accounts["도시"])
    ward_store.return_version(WARD, Q4, "다시", department="도시재생과", user=accounts["검토"])
    ward_store.approve(WARD, Q4, user=accounts["검토"])
    with pytest.raises(StoreError, match="관리자만 가능"):
        ward_store.reopen(WARD, Q4, user=accounts["검토"])
    assert "다시 열었습니다" in ward_store.reopen(WARD, Q4, user=accounts["관리"])


def test_a_department_account_needs_an_editor_of_one_ward(ward_store):
    add_user(ward_store.engine, "관리", PASSWORD, "admin", by="test")
    for role, wards in (("reviewer", (WARD,)), ("editor", (WARD, "서초구"))):
        with pytest.raises(AccountError, match="부서는 담당 구가 하나인 편집 계정에만 정할 수 있습니다"):
            ward_store.add_user(f"x{role}", PASSWORD, role, wards, by="test", department="도시재생과",
                                user=ward_store.authenticate("관리", PASSWORD))
    assert [(u.name, sorted(u.departments)) for u in ward_store.users()] == [("관리", [])]


def test_versions_stored_before_0008_read_as_whole_ward_uploads(store_url):
    """A version written at revision 0007 (its own tables) shows every department 제출 by its importer."""
    engine = make_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007_terms")
    tables = MetaData()
    tables.reflect(engine)
    snapshot = read(whole_file()).snapshot
    with engine.begin() as conn:
        snapshot_id = conn.execute(insert(tables.tables["snapshots"]).returning(tables.tables["snapshots"].c.id), dict(
            ward=WARD, as_of=Q3, version=1, file_name="옛날.xlsx", sha256="0" * 64, imported_by="옛 담당",
            imported_at=dt.datetime(2026, 10, 5, tzinfo=dt.UTC), budget_unit="백만원", sample=False, term=9)
        ).scalar_one()
        conn.execute(insert(tables.tables["pledges"]), [
            dict(snapshot_id=snapshot_id, pledge_id=p.pledge_id, title=p.title, department=p.department if p.pledge_id
                 != "5" else " ", position=p.order) for p in snapshot.pledges])
        conn.execute(insert(tables.tables["current_versions"]), dict(
            ward=WARD, as_of=Q3, snapshot_id=snapshot_id, changed_at=dt.datetime(2026, 10, 5, tzinfo=dt.UTC)))
    engine.dispose()
    store = open_store(store_url)
    try:
        board = store.submissions(WARD, Q3)
        assert [(d.department, d.state, d.submitted_by, d.file_name) for d in board.departments] == [
            ("도시재생과", "제출", "옛 담당", "옛날.xlsx"), ("복지정책과", "제출", "옛 담당", "옛날.xlsx"),
            ("교통행정과", "제출", "옛 담당", "옛날.xlsx"), ("미지정", "제출", "옛 담당", "옛날.xlsx")]
        assert {o.carried_from for o in store.pledge_origins(WARD, Q3).values()} == {None}
    finally:
        store.engine.dispose()
