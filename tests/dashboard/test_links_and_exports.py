"""Shareable links, the pickers after a ward change, honest "no data" and exports of what is on screen (AppTest)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard.components as components

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    address = f"sqlite:///{tmp_path / 'links.sqlite'}"
    monkeypatch.setenv("PLEDGES_DB", address)
    return address


def _app(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        app.query_params[key] = value
    return app


def _texts(app: AppTest) -> str:
    kinds = ("title", "caption", "markdown", "info", "warning", "error", "success", "text", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(app, kind))


def _pledge_list(app: AppTest):
    return next(d.value for d in app.dataframe if "공약번호" in d.value.columns and "공약명" in d.value.columns)


def test_a_link_lands_on_its_ward_quarter_and_pledge(url):
    app = _app(ward="영등포구", as_of="2019-12-31", pledge="25")
    app.run()
    app.switch_page("views/pledge.py").run()
    assert not app.exception
    assert app.title[0].value.startswith("공약 25. ")
    assert app.selectbox(key="ward_choice").value == "영등포구"
    assert app.selectbox(key="as_of_choice_영등포구").value == dt.date(2019, 12, 31)
    assert r"2019\. 12\. 31\. 기준" in _texts(app)
    assert app.query_params["pledge"] == "25" and app.query_params["as_of"] == "2019-12-31"


def test_the_url_follows_the_pickers(url):
    app = _app()
    app.run()
    assert app.query_params["ward"] == "영등포구" and app.query_params["as_of"] == "2020-12-31"
    assert "pledge" not in app.query_params  # ward and as_of only on 현황
    app.selectbox(key="ward_choice").select("서초구").run()
    assert not app.exception
    assert app.query_params["ward"] == "서초구" and app.query_params["as_of"] == "2025-03-31"
    assert app.title[0].value == "서초구 공약 이행 현황"


def test_a_link_to_an_unknown_ward_falls_back_quietly(url):
    app = _app(ward="없는구", as_of="not-a-date")
    app.run()
    assert not app.exception and not app.error
    assert app.title[0].value == "영등포구 공약 이행 현황"


def test_pledge_picker_shows_the_new_wards_pledges_after_a_ward_change(url):
    """It kept showing 영등포구's pledge name after switching to 금천구."""
    app = _app()
    app.run()
    before = app.selectbox(key="overview_pledge_영등포구_2020-12-31")
    assert before.options == ["25. 경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성"]
    app.selectbox(key="ward_choice").select("금천구").run()
    assert not app.exception
    picker = next(s for s in app.selectbox if s.label == "공약 상세 보기")
    assert picker.key == "overview_pledge_금천구_2025-09-30"
    assert all(not o.startswith("25.") for o in picker.options) and len(picker.options) == 3
    assert picker.value == "1"


def test_no_data_reads_not_entered_and_the_city_stands_apart(url):
    app = _app(ward="금천구", as_of="2025-09-30")
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["총 소요예산"] == "미입력" and metrics["구 이행률"] == "지표 없음"
    listed = _pledge_list(app)
    assert set(listed["예산(백만원)"]) == {"미입력"}
    text = _texts(app)
    for wrong in ("0억원", "0백만원", "None", "nan"):
        assert wrong not in text
    comparison = next(d.value for d in app.dataframe if "자치구" in d.value.columns and "비고" in d.value.columns
                      and "영등포구" in set(d.value["자치구"]))
    assert "서울특별시" not in set(comparison["자치구"])  # the city is not one of the 25 wards
    row = comparison[comparison["자치구"] == "금천구"].iloc[0]
    assert row["공약 수"] == "3" and row["지표 없음"] == "3" and row["비고"].startswith("지표 없음")
    city = next(d.value for d in app.dataframe if "자치구" in d.value.columns and "서울특별시" in set(d.value["자치구"]))
    assert len(city) == 1
    assert "서울특별시 (시 공약, 자치구와 따로)" in text


def _made_on_click(monkeypatch) -> list[dict]:
    """The sheets each Excel button would write when clicked (the files are made on click only)."""
    made: list[dict] = []
    real = components.on_click

    def spy(make, *args, **kwargs):
        if make is components.to_xlsx:
            made.append(dict(args[0]))
            assert make(*args, **kwargs)[:2] == b"PK"  # the workbook it would hand over
        return real(make, *args, **kwargs)

    monkeypatch.setattr(components, "on_click", spy)
    return made


def test_exports_hold_the_filtered_tables_each_in_its_own_sheet(url, monkeypatch):
    made = _made_on_click(monkeypatch)
    app = _app(ward="금천구", as_of="2025-09-30")
    app.run()
    everything = made[-1]["공약 목록"]
    assert len(everything) == 3
    filters = [m for m in app.multiselect if m.label in ("분야", "사업주체", "이행단계", "상태", "임기구분", "사업시기")]
    chosen = next(m for m in filters if len(m.options) > 1)
    chosen.select(chosen.options[0]).run()
    assert not app.exception
    sheets = made[-1]
    shown = _pledge_list(app)
    assert 0 < len(sheets["공약 목록"]) < 3 and len(sheets["공약 목록"]) == len(shown)
    assert list(sheets["공약 목록"]["공약번호"]) == list(shown["공약번호"])
    assert {"공약 목록", "상태별 공약 수", "이행단계별 공약 수"} <= set(sheets)
    assert set(sheets["공약 목록"]["예산(백만원)"]) == {"미입력"}  # the page's unit and wording


def test_budget_export_follows_the_filters(url, monkeypatch):
    made = _made_on_click(monkeypatch)
    app = _app(ward="영등포구", as_of="2020-12-31")
    app.run()
    app.switch_page("views/budget.py").run()
    assert not app.exception
    by_source = made[-1]["재원별"]
    assert list(by_source["재원"])[:2] == ["구비", "시비"]
    assert by_source["예산(백만원)"].iloc[0] == 325


def test_no_download_reruns_the_page():
    """A download is a file, not a change: `on_click="ignore"` on every download button, so a click neither
    draws the page again (a turn taken for nothing, dashboard/turns.py) nor races the file it asked for
    (a browser test clicked the 한글 button while the page it reran was drawing and got no file)."""
    root = Path(__file__).resolve().parents[2] / "dashboard"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
                ignore = [k for k in node.keywords if k.arg == "on_click" and getattr(k.value, "value", None) == "ignore"]
                found.append((path.name, node.lineno, bool(ignore)))
    assert len(found) == 9 and [f for f in found if not f[2]] == []
