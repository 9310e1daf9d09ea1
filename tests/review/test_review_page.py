"""The 검토 page and the 검토 전 mark on internal pages (AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from store import open_store
from store.accounts import add_user
from tests.uploads.test_uploads import DATA, P25

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
AS_OF = dt.date(2020, 12, 31)


def _app(url: str, monkeypatch, **state) -> AppTest:
    monkeypatch.setenv("PLEDGES_DB", url)
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in state.items():
        app.session_state[key] = value
    return app


def _texts(app: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "success", "error", "warning", "info", "text")
                    for e in getattr(app, kind)).replace("\\", "")  # Markdown escapes


def _store(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = open_store(url)
    store.import_file(P25)
    store.import_file(DATA / "서초구_2025-03-31.xlsx")
    add_user(store.engine, "관리자", "Password-2026", "admin", by="test")
    return url, store, add_user(store.engine, "서초검토", "Password-2026", "reviewer", ("서초구",), by="test")


def test_unapproved_quarter_is_marked_on_internal_pages(tmp_path, monkeypatch):
    url, store, _ = _store(tmp_path)
    app = _app(url, monkeypatch, ward="영등포구", as_of=AS_OF)
    app.run()
    assert ":orange-badge[검토 전] 영등포구 2020. 12. 31. 기준 자료는 아직 승인되지 않아 공개되지 않습니다" in _texts(app)
    store.approve("영등포구", AS_OF, user=store.authenticate("관리자", "Password-2026"))
    app.run()
    assert "아직 승인되지 않아" not in _texts(app)


def test_admin_approves_on_the_review_page(tmp_path, monkeypatch):
    url, store, _ = _store(tmp_path)
    app = _app(url, monkeypatch, ward="영등포구", as_of=AS_OF,
               session=store.sign_in("관리자", "Password-2026").session)
    app.run()
    app.switch_page("views/review.py").run()
    assert not app.exception
    assert "지난 분기 없음: 비교할 이전 기준일 자료가 없습니다." in _texts(app)
    app.button(key="approve").click().run()
    assert not app.exception
    assert "영등포구 2020. 12. 31. 기준 버전 1을(를) 승인했습니다" in _texts(app)
    assert store.review_state("영등포구", AS_OF) == ("승인", "")


def test_reviewer_of_another_ward_sees_only_its_ward(tmp_path, monkeypatch):
    url, store, reviewer = _store(tmp_path)
    app = _app(url, monkeypatch, ward="영등포구", as_of=AS_OF,
               session=store.sign_in(reviewer.name, "Password-2026").session)
    app.run()
    app.switch_page("views/review.py").run()
    assert not app.exception
    assert app.selectbox(key="review_ward").options == ["서초구"]
    app.text_input(key="return_reason").input("재원 확인 필요")
    app.button(key="return").click().run()
    assert store.review_state("서초구", dt.date(2025, 3, 31)) == ("반려", "재원 확인 필요")
    assert store.review_state("영등포구", AS_OF) == ("검토 전", "")


def test_the_review_page_shows_the_evidence_its_decision_decides(tmp_path, monkeypatch):
    from figures.formatting import file_size
    from tests.store.test_evidence import photo

    url, store, _ = _store(tmp_path)
    piece = store.add_evidence(photo(gps=False), "공원.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                               caption="문래동 공원 준공", taken_on=dt.date(2020, 11, 3), by="관리자",
                               user=store.authenticate("관리자", "Password-2026"))
    app = _app(url, monkeypatch, ward="영등포구", as_of=AS_OF,
               session=store.sign_in("관리자", "Password-2026").session)
    app.run()
    app.switch_page("views/review.py").run()
    assert not app.exception
    texts = _texts(app)
    assert "**검토 전 증빙 1건** · 승인하면 분기 자료와 함께 공개되고, 반려하면 함께 돌려보냅니다" in texts
    assert "공약 25 · 문래동 공원 준공 · 2020. 11. 3." in texts
    assert f"공원.jpg · {file_size(piece.bytes)} · 관리자 · " in texts
    app.button(key="approve").click().run()
    assert "영등포구 2020. 12. 31. 기준 버전 1과 증빙 1건을 승인했습니다" in _texts(app)
    assert "이 기준일에 붙은 검토 전 증빙은 없습니다." in _texts(app)
