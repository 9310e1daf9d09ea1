"""The pages: evaluation figures with "n / N 공약" on 현황, download buttons for the report and the card."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
AS_OF = dt.date(2020, 12, 31)


def _app(tmp_path, monkeypatch, **state) -> AppTest:
    monkeypatch.setenv("PLEDGES_DB", f"sqlite:///{tmp_path / 'app.sqlite'}")  # filled with the samples
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in state.items():
        app.session_state[key] = value
    return app


def _buttons(app: AppTest) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


def test_overview_shows_evaluation_figures_and_report_buttons(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, ward="영등포구", as_of=AS_OF)
    app.run()
    assert not app.exception
    texts = [m.value for m in app.markdown]
    assert any("공약 이행 완료율" in t and "0.0%" in t and "(0 / 1 공약)" in t for t in texts), texts
    assert any("연차 목표 달성률 (2020년)" in t and "100.0%" in t and "(1 / 1 공약)" in t for t in texts), texts
    assert {"보고서 PDF", "보고서 엑셀"} <= set(_buttons(app))


def test_overview_lists_pledges_without_a_plan_for_the_year(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, ward="금천구")
    app.run()
    assert not app.exception
    assert any("연차 목표 없음 3건" in c.value for c in app.caption)


def test_pledge_page_offers_the_card(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, ward="영등포구", as_of=AS_OF, pledge_id="25")
    app.run()
    app.switch_page("views/pledge.py").run()
    assert not app.exception
    assert {"공약관리카드 PDF", "공약관리카드 엑셀"} <= set(_buttons(app))


def test_the_bytes_are_made_and_kept_per_state(samples_store):
    from dashboard import quarterly

    state = samples_store.state_token()
    first = quarterly._document(samples_store.url, state, "card", "pdf", "영등포구", AS_OF, "25", samples_store)
    again = quarterly._document(samples_store.url, state, "card", "pdf", "영등포구", AS_OF, "25", samples_store)
    assert first.startswith(b"%PDF") and again == first
    book = quarterly._document(samples_store.url, state, "report", "xlsx", "영등포구", AS_OF, None, samples_store)
    assert book[:2] == b"PK"
