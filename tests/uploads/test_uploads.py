"""Uploads an official can trust: the template is never data, the preview, the write-back, the kept file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings

from figures.summary import summary_document
from loaders import read_workbook
from loaders.model import BudgetRow
from loaders.template import EXAMPLE_SHEET, template_bytes
from store import open_store
from tests.template.test_template import snapshots

DATA = Path(__file__).resolve().parents[2] / "data"
P25 = DATA / "영등포구_2020-12-31.xlsx"
CLI = "import sys; from cli.main import main; sys.exit(main())"


def pledges(*args: str, url: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {"PLEDGES_DB": url, "PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-c", CLI, *args], env=environment, capture_output=True, text=True,
                          timeout=120, cwd=cwd)


# --- the template is never data -----------------------------------------------------------------


def test_untouched_template_is_refused_naming_the_cell():
    result = read_workbook(template_bytes(None), file_name="서식.xlsx")
    assert [str(f) for f in result.errors] == [
        "개요!B1: 자치구가 없습니다 (A열에 '자치구', B열에 구 이름(예: 영등포구)을 적어 주세요)",
        "개요!B2: 기준일이 없습니다 (A열에 '기준일', B열에 2020-12-31 같은 날짜를 적어 주세요)",
    ]
    assert result.snapshot is None


def test_template_keeps_its_example_on_a_sheet_the_loader_ignores():
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(None)))
    assert book.sheetnames == ["개요", "공약", "추진일정", "소요예산", "확인지표", "추진실적", "공약조정", EXAMPLE_SHEET]
    example = [c for row in book[EXAMPLE_SHEET].iter_rows(values_only=True) for c in row if c is not None]
    assert "경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성" in example
    assert book["공약"].max_row == 1  # headers only
    assert [c.value for c in book["소요예산"][2]][:5] == ["공약번호", "세부사업", "재원", "구분", "계"]


def test_untouched_template_stores_nothing(store):
    before = store.history("영등포구")
    outcome = store.import_file(template_bytes(None), file_name="서식.xlsx")
    assert outcome.status == "rejected" and "오류 2건" in outcome.message
    assert store.history("영등포구").equals(before) and store.is_empty()


# --- see before you store ----------------------------------------------------------------------------


def _lowered(path: Path = P25) -> bytes:
    """Same 기준일, one sub-project's 실적 lowered (60 → 50)."""
    snap = read_workbook(path).snapshot
    points = tuple(
        dataclasses.replace(p, value=50.0)
        if p.kind == "실적" and p.subproject == "기계금속제조업 산업재생 추진" and p.year == 2020 else p
        for p in snap.points
    )
    return template_bytes(dataclasses.replace(snap, points=points))


def test_preview_of_a_lowered_actual_for_a_stored_quarter(store):
    for path in sorted(DATA.glob("영등포구_*.xlsx")):
        store.import_file(path)
    found = store.preview(read_workbook(_lowered(), file_name="낮춤.xlsx"))
    assert (found.replaces_version, found.new_version, found.same_file_version) == (1, 2, None)
    replaced = found.against_replaced
    assert replaced.label == "지금 보이는 버전 1과(와) 비교"
    assert round(replaced.rate_before, 1) == 75.0 and round(replaced.rate_after, 1) == 71.7
    assert replaced.backward == [("25", "기계금속제조업 산업재생 추진", 60.0, 50.0)]
    assert [(m[0], m[4], m[5]) for m in replaced.pledge_moves] == [("25", "정상", "지연")]
    assert replaced.pledges_added == replaced.pledges_dropped == replaced.budget_changes == []
    assert found.against_previous.label == "지난 분기(2019. 12. 31.)와 비교"
    assert len(store.history("영등포구")) == 3  # nothing stored


def test_preview_shows_budget_and_dropped_sub_projects(store):
    store.import_file(P25)
    snap = read_workbook(P25).snapshot
    changed = dataclasses.replace(
        snap,
        subprojects=snap.subprojects[:2],
        points=tuple(p for p in snap.points if p.subproject != "기계금속제조업 산업재생 추진"),
        indicators=tuple(i for i in snap.indicators if i.subproject != "기계금속제조업 산업재생 추진"),
        achievements=tuple(a for a in snap.achievements if a.subproject != "기계금속제조업 산업재생 추진"),
        budget=tuple(r for r in snap.budget if r.subproject != "기계금속제조업 산업재생 추진")
        + (BudgetRow("25", None, "국비", 2021, 12, 100_000_000),),
    )
    result = read_workbook(template_bytes(changed))
    assert result.errors == []
    found = store.preview(result)
    diff = found.against_replaced
    assert diff.subprojects_dropped == [("25", "기계금속제조업 산업재생 추진")]
    assert ("국비", 0, 100_000_000) in diff.budget_changes


def test_dry_run_prints_the_diff_and_stores_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert pledges("import", *map(str, sorted(DATA.glob("영등포구_*.xlsx"))), url=url).returncode == 0
    lowered = tmp_path / "영등포구_실적낮춤.xlsx"
    lowered.write_bytes(_lowered())
    run = pledges("import", "--dry-run", str(lowered), url=url)
    assert run.returncode == 0, run.stderr
    assert "영등포구 2020. 12. 31. 기준: 버전 1을 바꿉니다" in run.stdout
    assert "실적 감소: 공약 25 '기계금속제조업 산업재생 추진' 60 → 50" in run.stdout
    assert "구 이행률 75.0% → 71.7%" in run.stdout
    history = pledges("history", "--ward", "영등포구", "--json", url=url)
    assert history.stdout.count('"version": 1') == 3 and '"version": 2' not in history.stdout


# --- next quarter starts from the stored one --------------------------------------------------------


def _summary(url: str) -> dict:
    store = open_store(url)
    try:
        return summary_document(store.frames_many(store.wards()))
    finally:
        store.engine.dispose()


def test_samples_written_back_give_the_identical_summary(tmp_path):
    first = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    first.load_samples()
    second = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    for ward in first.wards():
        for as_of in first.as_of_dates(ward):
            outcome = second.import_file(template_bytes(first.snapshot(ward, as_of)), file_name="다음분기.xlsx")
            assert outcome.status == "stored", outcome.message
    assert summary_document(second.frames_many(second.wards())) == summary_document(first.frames_many(first.wards()))
    assert _summary(f"sqlite:///{tmp_path / 'b.sqlite'}")["wards"][-1]["ward"] == "영등포구"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(snapshots())
def test_random_snapshots_written_back_give_the_identical_summary(tmp_path_factory, snapshot):
    folder = tmp_path_factory.mktemp("roundtrip")
    first = open_store(f"sqlite:///{folder / 'a.sqlite'}")
    assert first.import_file(template_bytes(snapshot), file_name="a.xlsx").status == "stored"
    second = open_store(f"sqlite:///{folder / 'b.sqlite'}")
    written = template_bytes(first.snapshot(snapshot.ward, snapshot.as_of))
    assert second.import_file(written, file_name="b.xlsx").status == "stored"
    assert summary_document(second.frames_many([snapshot.ward])) == summary_document(first.frames_many([snapshot.ward]))
    first.engine.dispose()
    second.engine.dispose()


def test_template_of_the_stored_quarter_by_cli(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    pledges("import", str(P25), url=url)
    out = tmp_path / "다음분기.xlsx"
    run = pledges("template", str(out), "--ward", "영등포구", "--as-of", "2020-12-31", url=url)
    assert run.returncode == 0, run.stderr
    assert "영등포구 2020. 12. 31. 기준 자료로 서식을 만들었습니다" in run.stdout
    snap = read_workbook(out).snapshot
    assert sum(r.amount for r in snap.budget if r.source == "시비") == 5_943_000_000
    book = openpyxl.load_workbook(out)
    assert any("여론수렴" in str(v.formula1) for v in book["공약"].data_validations.dataValidation)


# --- the exact file is kept ----------------------------------------------------------------------------


def test_kept_file_is_the_uploaded_bytes(store):
    content = P25.read_bytes()
    store.import_file(content, file_name="영등포구_2020-12-31.xlsx")
    store.import_file(_lowered(), file_name="두번째.xlsx")
    name, kept = store.original_file("영등포구", dt.date(2020, 12, 31), 1)
    assert name == "영등포구_2020-12-31.xlsx" and kept == content
    sha = store.history("영등포구").set_index("version").loc[1, "sha256"]
    assert hashlib.sha256(kept).hexdigest() == sha
    assert store.original_file("영등포구", dt.date(2020, 12, 31))[0] == "두번째.xlsx"
    assert store.original_file("영등포구", dt.date(2020, 12, 31), 9) is None


def test_kept_file_by_cli(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    pledges("import", str(P25), url=url)
    out = tmp_path / "원본.xlsx"
    run = pledges("original", "--ward", "영등포구", "--as-of", "2020-12-31", "-o", str(out), url=url)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == P25.read_bytes()
    assert hashlib.sha256(P25.read_bytes()).hexdigest() in run.stdout
