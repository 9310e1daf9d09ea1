"""The blank template officials download, the samples in data/, and write → read round trips."""

from __future__ import annotations

import datetime as dt
import io
import string
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import main
from loaders import read_workbook
from loaders.model import (
    ADJUSTMENT_KINDS,
    BUDGET_KINDS,
    NOVELTIES,
    OWNERS,
    PERIODS,
    SOURCES,
    STAGES,
    SUBPROJECT_ADJUSTMENTS,
    TERMS,
    Achievement,
    AdjustmentRow,
    BudgetRow,
    Indicator,
    IndicatorPoint,
    Pledge,
    Snapshot,
    SubProject,
)
from loaders.template import achievement_date_text, write_workbook

DATA = Path(__file__).resolve().parents[2] / "data"


def _blank() -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_workbook(None, buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_blank_template_sheets_headers_and_frozen_panes():
    wb = _blank()
    assert wb.sheetnames == ["개요", "공약", "추진일정", "소요예산", "확인지표", "추진실적", "공약조정", "작성 예시"]
    assert [c.value for c in wb["공약"][1]][:9] == [
        "공약번호", "공약명", "분야", "임기구분", "사업주체", "신규여부", "사업시기", "예산구분", "이행단계"]
    assert wb["소요예산"]["A1"].value == "(단위: 백만원)"
    assert [c.value for c in wb["소요예산"][2]][:5] == ["공약번호", "세부사업", "재원", "구분", "계"]
    assert wb["공약"].freeze_panes == "C2" and wb["추진일정"].freeze_panes == "C3"
    assert wb["공약"].column_dimensions["B"].width == 40


def test_blank_template_drop_down_lists():
    wb = _blank()

    def lists(sheet: str) -> dict[str, str]:
        return {str(v.sqref).split(":")[0]: v.formula1 for v in wb[sheet].data_validations.dataValidation}

    assert lists("공약") == {
        "D2": f'"{",".join(TERMS)}"', "E2": f'"{",".join(OWNERS)}"', "F2": f'"{",".join(NOVELTIES)}"',
        "G2": f'"{",".join(PERIODS)}"', "H2": f'"{",".join(BUDGET_KINDS)}"', "I2": f'"{",".join(STAGES)}"',
    }
    assert lists("소요예산") == {"C3": '"구비,시비,국비,민자,기타,계"', "D3": '"계획,확보,집행"'}
    assert lists("확인지표") == {"C2": '"계획,계획내용,실적,실적내용"'}


def test_blank_template_is_refused_until_filled_and_a_filled_one_reads(tmp_path, capsys):
    path = tmp_path / "서식.xlsx"
    assert main(["template", str(path)]) == 0
    assert main(["validate", str(path)]) == 1  # an untouched template is never a quarter
    assert "B1: 자치구가 없습니다" in capsys.readouterr().out
    wb = openpyxl.load_workbook(path)
    year = dt.date.today().year
    wb["개요"]["B1"], wb["개요"]["B2"] = "금천구", dt.date(year, 3, 31)
    wb["공약"]["A2"], wb["공약"]["B2"], wb["공약"]["I2"] = 7, "G밸리 가든팩토리 조성", "추진중"
    wb["추진일정"]["A3"], wb["추진일정"]["B3"], wb["추진일정"]["C3"] = 7, "가든팩토리 기본계획", "●"
    budget = wb["소요예산"]
    for col, value in zip("ABCDF", (7, "가든팩토리 기본계획", "구비", "계획", 120), strict=True):
        budget[f"{col}3"] = value
    for col, value in zip("ABCDF", (7, "가든팩토리 기본계획", "구비", "확보", 100), strict=True):
        budget[f"{col}4"] = value
    indicators = wb["확인지표"]
    for row, kind, target, value in ((2, "계획", 100, 30), (3, "실적", None, 20)):
        for col, cell in zip("ABCDEF", (7, "가든팩토리 기본계획", kind, "%", target, value), strict=True):
            indicators[f"{col}{row}"] = cell
    wb["추진실적"]["A2"], wb["추진실적"]["C2"], wb["추진실적"]["D2"] = 7, f"{year}. 2.", "기본계획 착수"
    wb.save(path)
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0, capsys.readouterr().out
    snapshot = read_workbook(path).snapshot
    assert (snapshot.ward, snapshot.pledges[0].title) == ("금천구", "G밸리 가든팩토리 조성")
    assert sorted((r.kind, r.amount) for r in snapshot.budget) == [("계획", 120_000_000), ("확보", 100_000_000)]


def test_template_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"keep")
    assert main(["template", str(path)]) == 1
    assert path.read_bytes() == b"keep"


def test_every_sample_reads_without_error():
    for path in sorted(DATA.glob("*.xlsx")):
        result = read_workbook(path)
        assert result.errors == [], path.name


def test_pledge25_sample_holds_every_figure_of_the_report():
    snap = read_workbook(DATA / "영등포구_2020-12-31.xlsx").snapshot
    million = 1_000_000
    pledge_rows = [r for r in snap.budget if r.subproject is None and r.source is None]
    assert [(r.year, r.end_month, r.amount // million) for r in pledge_rows] == [
        (2018, 12, 1889), (2019, 12, 1079), (2020, 12, 735), (2021, 12, 365), (2022, 6, 2200)]
    assert sum(r.amount for r in snap.budget if r.source == "구비") == 325 * million
    assert sum(r.amount for r in snap.budget if r.source == "시비") == 5_943 * million
    per_sub: dict[str, int] = {}
    for r in snap.budget:
        if r.subproject:
            per_sub[r.subproject] = per_sub.get(r.subproject, 0) + r.amount // million
    assert list(per_sub.values()) == [289, 2473, 3506]
    actual = {(p.subproject, p.year): p.value for p in snap.points if p.kind == "실적"}
    assert [actual[("산업혁신 앵커시설 조성", y)] for y in (2018, 2019, 2020)] == [50, 70, 85]
    ranged = next(a for a in snap.achievements if a.start == dt.date(2019, 9, 26))
    assert (ranged.start_precision, ranged.end, ranged.end_precision) == ("day", dt.date(2019, 10, 28), "day")


# --- write → read round trip --------------------------------------------------------------

names = st.text(alphabet=string.ascii_letters + "가나다라마바사아자차카타파하 ", min_size=1, max_size=12).map(
    lambda s: " ".join(s.split())).filter(bool).filter(lambda s: s not in ("계", "합계", "총계", "소계"))
months = st.tuples(st.integers(2018, 2024), st.integers(1, 12))


@st.composite
def snapshots(draw) -> Snapshot:
    pledge_ids = draw(st.lists(st.integers(1, 300).map(str), min_size=1, max_size=3, unique=True))
    pledges, subs, budget, indicators, points, achievements = [], [], [], [], [], []
    for order, pid in enumerate(pledge_ids):
        pledges.append(Pledge(
            pid, draw(names), draw(st.none() | names), draw(st.none() | st.sampled_from(TERMS)),
            draw(st.none() | st.sampled_from(OWNERS)), draw(st.none() | st.sampled_from(NOVELTIES)),
            draw(st.none() | st.sampled_from(PERIODS)), draw(st.none() | st.sampled_from(BUDGET_KINDS)),
            draw(st.none() | st.sampled_from(STAGES)), order=order,
        ))
        for sub_order, name in enumerate(draw(st.lists(names, min_size=1, max_size=3, unique=True))):
            quarters = sorted(draw(st.sets(st.tuples(st.integers(2018, 2022), st.integers(1, 4)), max_size=6)))
            subs.append(SubProject(pid, name, tuple(f"{y}Q{q}" for y, q in quarters), sub_order))
            for year in draw(st.sets(st.integers(2018, 2022), max_size=3)):
                for source in draw(st.sets(st.sampled_from((None, *SOURCES)), min_size=1, max_size=2)):
                    budget.append(BudgetRow(pid, name, source, year, 12, draw(st.integers(0, 9_000)) * 1_000_000))
            if draw(st.booleans()):
                indicators.append(Indicator(pid, name, "%", float(draw(st.integers(1, 200))), None, True, True))
                for year in sorted(draw(st.sets(st.integers(2018, 2022), min_size=1, max_size=3))):
                    points.append(IndicatorPoint(pid, name, "계획", year, 12, float(draw(st.integers(0, 100))),
                                                 draw(st.none() | names)))
                    points.append(IndicatorPoint(pid, name, "실적", year, 12, float(draw(st.integers(0, 100))), None))
            if draw(st.booleans()):
                (y, m), precision = draw(months), draw(st.sampled_from(["month", "day"]))
                start = dt.date(y, m, draw(st.integers(1, 28)) if precision == "day" else 1)
                a = Achievement(pid, draw(st.none() | st.just(name)), draw(names), start, precision)
                achievements.append(Achievement(**{**a.__dict__, "raw_date": achievement_date_text(a),
                                                   "order": len(achievements)}))
    adjustment_rows = []
    for pid in draw(st.lists(st.sampled_from(pledge_ids), max_size=2)):
        kind = draw(st.sampled_from(ADJUSTMENT_KINDS))
        sub = draw(names) if kind in SUBPROJECT_ADJUSTMENTS else None
        (y, m) = draw(months)
        row = AdjustmentRow(pid, sub, kind, draw(names), draw(st.none() | names), dt.date(y, m, 1), "month",
                            order=len(adjustment_rows))
        adjustment_rows.append(AdjustmentRow(**{**row.__dict__, "raw_date": achievement_date_text(row),
                                                "cell": f"C{len(adjustment_rows) + 2}"}))
    # 민선 as written (7 is the 기준일's own term; a blank one reads back as 7 too) and 구청장
    return Snapshot("영등포구", dt.date(2020, 12, 31), "백만원", None, None, tuple(pledges), tuple(subs),
                    tuple(budget), tuple(indicators), tuple(points), tuple(achievements),
                    term=draw(st.sampled_from([7, 8])), mayor=draw(st.none() | names),
                    adjustment_rows=tuple(adjustment_rows))


def _sorted(snap: Snapshot) -> Snapshot:
    """Budget rows in a canonical order (the sheet lists them by pledge, sub-project and source)."""
    def key(r):
        return ((r.pledge_id, r.subproject or "", r.source or "", r.year))
    def points_key(p):
        return ((p.pledge_id, p.subproject, p.kind, p.year))
    return Snapshot(**{**snap.__dict__, "budget": tuple(sorted(snap.budget, key=key)),
                       "points": tuple(sorted(snap.points, key=points_key)),
                       "indicators": tuple(sorted(snap.indicators, key=lambda i: (i.pledge_id, i.subproject)))})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(snapshots())
def test_written_snapshot_reads_back_identical(snapshot):
    buffer = io.BytesIO()
    write_workbook(snapshot, buffer)
    result = read_workbook(buffer.getvalue())
    assert result.errors == []
    assert _sorted(result.snapshot) == _sorted(snapshot)
