"""AppTest of every page on: the sample store, an empty store, a store with gaps, one snapshot only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import open_store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
DATA = ROOT / "data"
PAGES = ["views/overview.py", "views/pledge.py", "views/budget.py", "views/changes.py", "views/upload.py"]


def _app(url: str, monkeypatch, **state) -> AppTest:
    monkeypatch.setenv("PLEDGES_DB", url)
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in state.items():
        app.session_state[key] = value
    return app


def _texts(app: AppTest) -> str:
    parts = [e.value for kind in ("title", "caption", "markdown", "info", "warning", "error", "success", "text")
             for e in getattr(app, kind)]
    return "\n".join(str(p) for p in parts)


def _metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.fixture
def sample_url(store_url) -> str:
    """A fresh store on SQLite and on PostgreSQL (tests/conftest.py); the app fills it with the samples."""
    return store_url


def test_first_start_loads_samples_and_says_so(sample_url, monkeypatch):
    app = _app(sample_url, monkeypatch)
    app.run()
    assert not app.exception
    assert "지금은 예시 자료(샘플 데이터)를 보여 주고 있습니다." in [i.value for i in app.sidebar.info]
    assert app.title[0].value == "영등포구 공약 이행 현황"  # the last ward in order is chosen first


def test_overview_of_yeongdeungpo(sample_url, monkeypatch):
    app = _app(sample_url, monkeypatch, ward="영등포구", as_of=dt.date(2020, 12, 31))
    app.run()
    assert not app.exception
    assert app.title[0].value == "영등포구 공약 이행 현황"
    metrics = _metrics(app)
    assert metrics == {"구 이행률": "75.0%", "완료": "0건", "정상": "1건", "지연": "0건", "보류·폐기": "0건",
                       "총 소요예산": "6,268백만원"}  # the card's unit is the split's under it (was 62.7억원)
    assert app.metric[0].delta == "+18.3%p"
    assert "구비 325백만원 (5.2%) · 시비 5,943백만원 (94.8%)" in _texts(app)
    table = app.dataframe[0].value
    assert list(table["공약번호"]) == ["25"] and list(table["이행률(%)"]) == [75.0]
    assert "자치구 비교 (각 구의 최신 기준일)" in [s.value for s in app.subheader]


def test_pledge_page_of_pledge_25(sample_url, monkeypatch):
    app = _app(sample_url, monkeypatch, ward="영등포구", as_of=dt.date(2020, 12, 31), pledge_id="25")
    app.run()
    app.switch_page("views/pledge.py").run()
    assert not app.exception
    assert app.title[0].value == "공약 25. 경인·문래 테크노\\(퓨처\\)밸리 미래4차산업 거점 육성"
    assert _metrics(app) == {"상태": "정상", "이행률": "75.0%", "예산가중 이행률": "70.8%", "총 소요예산": "6,268백만원",
                             "재정 확보율": "미입력", "집행률": "미입력"}
    subprojects = next(d.value for d in app.dataframe if "세부사업" in d.value.columns and "이행률(%)" in d.value.columns)
    assert list(subprojects["이행률(%)"]) == [80.0, 85.0, 60.0]


def test_budget_page(sample_url, monkeypatch):
    app = _app(sample_url, monkeypatch, ward="영등포구", as_of=dt.date(2020, 12, 31))
    app.run()
    app.switch_page("views/budget.py").run()
    assert not app.exception
    assert _metrics(app) == {"선택한 공약의 총 소요예산": "6,268백만원", "재정 확보율": "미입력", "집행률": "미입력"}
    assert "소요예산에 확보·집행 행(구분 열)을 적은 공약이 없어 재정 확보율과 집행률은 미입력입니다." in _texts(app)


def test_budget_page_with_secured_and_spent_money(tmp_path, monkeypatch):
    from store import open_store

    url = f"sqlite:///{tmp_path / 'funding.sqlite'}"
    open_store(url).import_file(DATA / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx")
    app = _app(url, monkeypatch, ward="영등포구", as_of=dt.date(2020, 12, 31))
    app.run()
    app.switch_page("views/budget.py").run()
    assert not app.exception
    assert _metrics(app) == {"선택한 공약의 총 소요예산": "6,268백만원", "재정 확보율": "83.4%", "집행률": "82.8%"}
    by_source = next(t.value for t in app.dataframe if "재정 확보율" in t.value.columns and "재원" in t.value.columns)
    assert by_source[["재원", "재정 확보율", "집행률"]].values.tolist() == [
        ["구비", "100.0%", "89.7%"], ["시비", "82.0%", "82.1%"]]


def test_changes_page_between_quarters(sample_url, monkeypatch):
    app = _app(sample_url, monkeypatch, ward="영등포구", as_of=dt.date(2020, 12, 31))
    app.run()
    app.switch_page("views/changes.py").run()
    assert not app.exception
    # escaped: Markdown read a line starting "2019. 12. 31." as a numbered list
    assert r"2019\. 12\. 31\. → 2020\. 12\. 31\." in [s.value for s in app.subheader]
    assert app.metric[0].value == "75.0%" and app.metric[0].delta == "+18.3%p"
    assert "새 추진실적 6건" in [s.value for s in app.subheader]


def test_ward_with_one_snapshot_has_no_previous_quarter(sample_url, monkeypatch):
    app = _app(sample_url, monkeypatch, ward="서초구", as_of=dt.date(2025, 3, 31))
    app.run()
    assert not app.exception
    assert "이전 분기 없음" in _texts(app)
    app.switch_page("views/changes.py").run()
    assert not app.exception
    assert r"2025\. 3\. 31\. 이전 기준일 자료가 없어 지난 분기와 비교할 수 없습니다." in _texts(app)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_a_ward_with_gaps(sample_url, monkeypatch, page):
    """금천구: pledges with no budget, no schedule and no indicators at all."""
    app = _app(sample_url, monkeypatch, ward="금천구", as_of=dt.date(2025, 9, 30), pledge_id="1")
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert not app.error
    if page == "views/overview.py":
        assert _metrics(app)["구 이행률"] == "지표 없음"  # was "–"
        assert "지표 없음 3건: 계획·실적 지표가 없어 이행률에서 제외했습니다." in _texts(app)
    if page == "views/pledge.py":
        assert _metrics(app)["총 소요예산"] == "미입력"  # nobody entered a budget: was "0백만원"
        assert _metrics(app)["이행률"] == "지표 없음"
        # the empty charts of this pledge collapse into one line that says what is missing
        line = next(i.value for i in app.info if i.value.startswith("이 공약에는: "))
        assert "추진일정" in line and "계획·실적 지표" in line and "소요예산" in line
        assert line.endswith("자료가 입력되지 않았습니다.")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_an_empty_store(tmp_path, monkeypatch, page):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    store = open_store(url)
    store.load_samples(DATA)
    store.clear_samples(by="테스트")  # used and emptied: samples must not come back
    app = _app(url, monkeypatch)
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    if page == "views/upload.py":
        assert "아직 계정이 없습니다" in _texts(app)
    else:
        assert "저장된 자료가 없습니다. '업로드' 화면에서 공약 이행 현황 서식을 올려 주세요." in _texts(app)


def test_upload_page_asks_for_the_first_admin_before_anything(sample_url, monkeypatch):
    """Uploads always need an account: a store without one first creates its admin."""
    app = _app(sample_url, monkeypatch)
    app.run()
    app.switch_page("views/upload.py").run()
    assert not app.exception
    assert "아직 계정이 없습니다. 먼저 관리자 계정을 만드세요 (첫 계정은 언제나 관리자이며, 만들면 그 계정으로 로그인됩니다)." in _texts(app)
    app.text_input(key="first_admin_name").input("관리자")
    app.text_input(key="first_admin_password").input("correct horse 7")
    app.button[[b.label for b in app.button].index("관리자 계정 만들기")].click().run()
    assert not app.exception
    labels = [b.label for b in app.button]
    assert "이전 버전으로 되돌리기" in labels and "저장" not in labels
    history = app.dataframe[0].value
    assert set(history["파일"]) == {"영등포구_2018-12-31.xlsx", "영등포구_2019-12-31.xlsx", "영등포구_2020-12-31.xlsx"}


def test_pledge_and_overview_pages_with_secured_and_spent_money(tmp_path, monkeypatch):
    from store import open_store

    url = f"sqlite:///{tmp_path / 'funding.sqlite'}"
    open_store(url).import_file(DATA / "examples" / "영등포구_2020-12-31_재정확보_예시.xlsx")
    app = _app(url, monkeypatch, ward="영등포구", as_of=dt.date(2020, 12, 31), pledge_id="25")
    app.run()
    assert not app.exception
    assert (_metrics(app)["재정 확보율"], _metrics(app)["집행률"]) == ("83.4%", "82.8%")
    lagging = next(t.value for t in app.dataframe if "재정 확보율" in t.value.columns and "공약" in t.value.columns)
    assert lagging[["재원", "계획", "확보", "재정 확보율"]].values.tolist() == [
        ["시비", "3,413백만원", "2,800백만원", "82.0%"]]
    app.switch_page("views/pledge.py").run()
    assert not app.exception
    assert (_metrics(app)["재정 확보율"], _metrics(app)["집행률"]) == ("83.4%", "82.8%")
    by_year = next(t.value for t in app.dataframe if "연도" in t.value.columns and "집행률" in t.value.columns)
    assert by_year["재정 확보율"].tolist() == ["100.0%", "80.1%", "45.9%", "이후 계획", "이후 계획"]


def test_many_lowered_figures_are_one_warning_and_a_table(tmp_path, monkeypatch):
    """A quarter with dozens of lowered 실적 shows one warning and the list, not a wall of yellow boxes."""
    from bench.workbooks import write_ward
    from figures.changes import compare

    url = f"sqlite:///{tmp_path / 'many.sqlite'}"
    store = open_store(url)
    for as_of in (dt.date(2020, 9, 30), dt.date(2020, 12, 31)):
        assert store.import_file(write_ward(tmp_path / f"{as_of}.xlsx", "강남구", as_of, 10, seed=1)).status == "stored"
    changes = compare(
        store.frames("강남구", dt.date(2020, 9, 30)), store.frames("강남구", dt.date(2020, 12, 31)))
    lowered = int(changes.subprojects["backward"].astype(bool).sum())
    assert lowered + len(changes.dropped) > 5  # the synthetic quarters move figures both ways
    store.engine.dispose()
    app = _app(url, monkeypatch, ward="강남구", as_of=dt.date(2020, 12, 31))
    app.run()
    app.switch_page("views/changes.py").run()
    assert not app.exception
    # the adjustments against the set's plan have a warning of their own (issue 21)
    adjustments, _ = open_store(url).adjustments("강남구", dt.date(2020, 12, 31))
    unexplained = f"이행계획(2020. 9. 30.)과 달라졌는데 사유가 없는 조정 {len(adjustments)}건"
    warnings = [w.value for w in app.warning if not w.value.startswith(unexplained)]
    assert len(warnings) == 1 and len(app.warning) == 2 and adjustments
    assert warnings[0].startswith(f"확인할 항목 {lowered + len(changes.dropped)}건: 실적이 줄어든 세부사업 {lowered}건")
    listed = next(d.value for d in app.dataframe if "확인할 항목" in d.value.columns)
    assert len(listed) == lowered + len(changes.dropped)
    assert listed["확인할 항목"].iloc[0].startswith("실적 감소: 공약 ")


def test_the_adjustment_tables_list_every_adjustment_with_its_reason(tmp_path, monkeypatch):
    """공약 상세 and 변화 list the adjustments against the term's plan, the unexplained first (issue 21)."""
    import dataclasses

    from loaders import read_workbook
    from loaders.model import AdjustmentRow
    from loaders.template import template_bytes
    from tests.uploads.test_uploads import P25

    url = f"sqlite:///{tmp_path / 'terms.sqlite'}"
    store = open_store(url)
    p25 = read_workbook(P25).snapshot
    plan = dataclasses.replace(p25, as_of=dt.date(2026, 9, 30), term=9, mayor="문헌일")
    store.import_file(template_bytes(plan), file_name="plan.xlsx")
    sub = "도시공간구조 개편방안 마련"
    indicators = tuple(dataclasses.replace(i, target=80.0) if i.subproject == sub else i for i in p25.indicators)
    row = AdjustmentRow("25", None, "공약명 변경", "주민 의견 반영", "평가단 심의", dt.date(2026, 11, 20), "day",
                        raw_date="2026. 11. 20.")
    quarter = dataclasses.replace(plan, as_of=dt.date(2026, 12, 31), indicators=indicators, adjustment_rows=(row,),
                                  pledges=(dataclasses.replace(p25.pledges[0], title="새 이름"),))
    store.import_file(template_bytes(quarter), file_name="q.xlsx")
    store.engine.dispose()
    app = _app(url, monkeypatch, ward="영등포구", as_of=dt.date(2026, 12, 31))
    app.session_state["pledge_id"] = "25"
    app.run()
    for page in ("views/pledge.py", "views/changes.py"):
        app.switch_page(page).run()
        assert not app.exception
        table = next(d.value for d in app.dataframe if "사유" in d.value.columns)
        assert table[["구분", "세부사업", "이전(이행계획)", "지금", "사유", "심의", "일자"]].values.tolist() == [
            ["목표 변경", sub, "100", "80", "사유 없음", "", ""],
            ["공약명 변경", "", "'경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성'", "'새 이름'", "주민 의견 반영",
             "평가단 심의", "2026. 11. 20."],
        ]
