"""Review states on SQLite and PostgreSQL: 검토 전 → 승인 / 반려, what is published, who may decide."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from loaders import read_workbook
from loaders.template import template_bytes
from store import StoreError
from store.accounts import Account, add_user
from tests.uploads.test_uploads import DATA, P25, pledges

AS_OF = dt.date(2020, 12, 31)


def _second_version() -> bytes:
    snap = read_workbook(P25).snapshot
    return template_bytes(dataclasses.replace(snap, author="두 번째"))


def test_a_stored_version_waits_for_review(store):
    store.import_file(P25)
    assert store.review_state("영등포구", AS_OF) == ("검토 전", "")
    assert store.published() == {}


def test_approval_publishes_and_a_newer_unapproved_version_never_hides_it(store):
    store.import_file(P25)
    assert "버전 1을(를) 승인했습니다" in store.approve("영등포구", AS_OF, by="총괄")
    first = store.published()[("영등포구", AS_OF)]
    store.import_file(_second_version(), file_name="v2.xlsx")
    assert store.review_state("영등포구", AS_OF) == ("검토 전", "")  # internal pages show v2, marked 검토 전
    assert store.published() == {("영등포구", AS_OF): first}
    store.return_version("영등포구", AS_OF, "  실적 근거를   붙여 주세요 ", by="총괄")
    assert store.review_state("영등포구", AS_OF) == ("반려", "실적 근거를 붙여 주세요")
    assert store.published() == {("영등포구", AS_OF): first}
    table = store.reviews("영등포구")
    assert table[["version", "state", "reason"]].values.tolist() == [
        [2, "반려", "실적 근거를 붙여 주세요"], [1, "승인", ""]]
    store.approve("영등포구", AS_OF, by="총괄", version=2)
    assert store.published()[("영등포구", AS_OF)] != first
    actions = store.audit_events(10)
    assert list(actions["action"][:3]) == ["approve", "return", "import"]
    assert actions["detail"].iloc[1] == "버전 2: 실적 근거를 붙여 주세요"


def test_returning_needs_a_reason(store):
    store.import_file(P25)
    with pytest.raises(StoreError, match="반려할 때는 이유를 적어 주세요"):
        store.return_version("영등포구", AS_OF, "   ", by="총괄")
    with pytest.raises(StoreError, match="버전 7이\\(가\\) 없습니다"):
        store.approve("영등포구", AS_OF, by="총괄", version=7)


def test_a_reviewer_of_another_ward_cannot_approve(store):
    store.import_file(P25)
    add_user(store.engine, "관리자", "Password-2026", "admin", by="test")
    reviewer = add_user(store.engine, "서초검토", "Password-2026", "reviewer", ("서초구",), by="test")
    editor = add_user(store.engine, "영등포편집", "Password-2026", "editor", ("영등포구",), by="test")
    for user in (reviewer, editor, None):
        with pytest.raises(StoreError):
            store.approve("영등포구", AS_OF, user=user)
    assert store.review_state("영등포구", AS_OF) == ("검토 전", "")
    refused = store.audit_events(10)
    assert "'서초검토' 계정은 영등포구 자료를 검토할 수 없습니다 (담당 구: 서초구)" in set(refused["detail"])
    everywhere = add_user(store.engine, "총괄검토", "Password-2026", "reviewer", (), by="test")
    store.approve("영등포구", AS_OF, user=everywhere)
    assert store.review_state("영등포구", AS_OF) == ("승인", "")


def test_approve_and_return_by_cli(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    pledges("import", str(P25), str(DATA / "서초구_2025-03-31.xlsx"), url=url)
    env = {"PLEDGES_NEW_PASSWORD": "Password-2026", "PLEDGES_PASSWORD": "Password-2026"}
    assert pledges("user", "add", "boss", "--role", "관리자", url=url, env=env).returncode == 0
    assert pledges("user", "add", "서초검토", "--role", "검토", "--ward", "서초구", "--user", "boss",
                   url=url, env=env).returncode == 0
    run = pledges("approve", "--ward", "영등포구", "--as-of", "2020-12-31", "--user", "서초검토", url=url, env=env)
    assert run.returncode == 1 and "'서초검토' 계정은 영등포구 자료를 검토할 수 없습니다" in run.stderr
    run = pledges("return", "--ward", "서초구", "--as-of", "2025-03-31", "--reason", "예산 단위 확인",
                  "--user", "서초검토", url=url, env=env)
    assert run.returncode == 0 and "반려했습니다 (이유: 예산 단위 확인)" in run.stdout
    run = pledges("approve", "--ward", "영등포구", "--as-of", "2020-12-31", "--user", "boss", url=url, env=env)
    assert run.returncode == 0 and "영등포구 2020. 12. 31. 기준 버전 1을(를) 승인했습니다" in run.stdout
    run = pledges("return", "--ward", "영등포구", "--as-of", "2020-12-31", url=url, env=env)
    assert run.returncode == 2 and "다음 인자가 필요합니다: --reason" in run.stderr


def test_which_wards_an_account_sees_on_the_review_and_submission_pages():
    assert Account("관리", "admin").sees("중구")
    assert Account("시 검토", "reviewer").sees("중구")  # a reviewer with no ward listed: every ward
    assert not Account("서초 검토", "reviewer", frozenset({"서초구"})).sees("중구")
    assert Account("서초 검토", "reviewer", frozenset({"서초구"})).sees("서초구")
    assert not Account("중구 입력", "editor", frozenset({"서초구"})).sees("중구")
    assert Account("중구 입력", "editor", frozenset({"중구"})).sees("중구")
