"""The store on SQLite and PostgreSQL: imports, versions, rollback, rejections, figures out."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, inspect, select

from cli.main import main
from figures.summary import summary_document
from store.models import Base, SnapshotRow

DATA = Path(__file__).resolve().parents[2] / "data"
P25 = DATA / "영등포구_2020-12-31.xlsx"
D2020 = dt.date(2020, 12, 31)


def _summary(store) -> dict:
    return summary_document([store.frames(w) for w in store.wards()])


def _counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar()
                for t in Base.metadata.tables if t != "audit_events"}


def _edited(path: Path, **cells) -> bytes:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, cell = ref.split("__")
        wb[sheet][cell] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_migrations_create_every_table(store):
    assert set(inspect(store.engine).get_table_names()) >= set(Base.metadata.tables)


def test_models_and_migrations_agree(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_import_then_summary_gives_the_spec_figures(store):
    outcome = store.import_file(P25, by="테스트")
    assert (outcome.status, outcome.ward, outcome.as_of, outcome.version) == ("stored", "영등포구", D2020, 1)
    (ward,) = _summary(store)["wards"]
    assert (ward["rate"], ward["counts"]["정상"]) == (75.0, 1)
    (pledge,) = ward["pledges"]
    assert (pledge["rate"], pledge["rate_weighted"]) == (75.0, 70.78)
    assert pledge["budget"]["total"] == 6_268_000_000
    assert pledge["budget"]["by_source"] == {"구비": 325_000_000, "시비": 5_943_000_000}
    assert [s["rate"] for s in pledge["subprojects"]] == [80.0, 85.0, 60.0]


def test_frames_round_trip_the_snapshot(store):
    from loaders import read_workbook
    from loaders.frames import to_frames

    store.import_file(P25)
    expected = to_frames(read_workbook(P25).snapshot)
    got = store.frames("영등포구", D2020)
    for table in ("pledges", "subprojects", "schedule", "budget", "indicators", "points", "achievements"):
        assert getattr(got, table).to_dict("records") == getattr(expected, table).to_dict("records"), table


def test_same_file_again_stores_nothing(store):
    store.import_file(P25)
    before, counts = _summary(store), _counts(store)
    outcome = store.import_file(P25)
    assert outcome.status == "unchanged"
    assert outcome.message == (
        "영등포구_2020-12-31.xlsx: 이미 저장된 파일입니다 (영등포구 2020. 12. 31. 기준, 버전 1). 새로 저장한 것은 없습니다"
    )
    assert (_summary(store), _counts(store)) == (before, counts)


def test_rejected_import_changes_nothing(store):
    store.import_file(P25)
    before, counts = _summary(store), _counts(store)
    bad = _edited(P25, 소요예산__F3="1O5")
    outcome = store.import_file(bad, file_name="bad.xlsx")
    assert outcome.status == "rejected"
    assert [str(f) for f in outcome.findings if f.level == "error"] == [
        "소요예산!F3: '1O5'는 금액으로 읽을 수 없습니다 (숫자, 1,234 또는 - 로 적어 주세요)"
    ]
    assert (_summary(store), _counts(store)) == (before, counts)
    assert len(store.history("영등포구")) == 1


def test_new_version_becomes_current_and_rollback_restores(store):
    store.import_file(P25)
    changed = _edited(P25, 확인지표__H4=90)  # 도시공간구조 실적 2020: 80 → 90
    outcome = store.import_file(changed, file_name="v2.xlsx")
    assert (outcome.status, outcome.version) == ("stored", 2)
    assert _summary(store)["wards"][0]["pledges"][0]["subprojects"][0]["actual"] == 90.0
    history = store.history("영등포구")
    assert list(zip(history["version"], history["current"], strict=True)) == [(2, True), (1, False)]
    assert store.rollback("영등포구", D2020, by="테스트") == (
        "영등포구 2020. 12. 31. 기준 자료를 버전 1(으)로 되돌렸습니다 (버전 2은 기록에 남아 있습니다)"
    )
    assert _summary(store)["wards"][0]["pledges"][0]["subprojects"][0]["actual"] == 80.0
    assert len(store.history("영등포구")) == 2


def test_rollback_without_an_earlier_version(store):
    from store import StoreError

    store.import_file(P25)
    with pytest.raises(StoreError, match="되돌릴 이전 버전이 없습니다"):
        store.rollback("영등포구", D2020)


def test_backward_and_dropped_are_warnings_at_import(store):
    store.import_file(DATA / "영등포구_2019-12-31.xlsx")
    wb = openpyxl.load_workbook(P25)
    wb["확인지표"]["H4"] = 50  # 2020 실적 of 도시공간구조 below 2019's 60
    buffer = io.BytesIO()
    wb.save(buffer)
    outcome = store.import_file(buffer.getvalue(), file_name="back.xlsx")
    assert outcome.status == "stored"
    messages = [f.message for f in outcome.findings if f.level == "warning"]
    assert "공약 25 '도시공간구조 개편방안 마련'의 실적이 지난 기준일(2019. 12. 31.) 60에서 50(으)로 줄었습니다" in messages
    assert [f.message for f in store.snapshot_warnings("영등포구", D2020)] == messages


def test_samples_load_and_clear(store):
    outcomes = store.load_samples(DATA)
    assert {o.status for o in outcomes} == {"stored"}
    assert store.wards() == ["금천구", "서울특별시", "서초구", "영등포구"]
    assert store.has_samples()
    token = store.state_token()
    assert store.clear_samples(by="테스트") == 6
    assert store.is_empty() and store.wards() == [] and store.state_token() != token


def test_previous_quarter(store):
    store.load_samples(DATA)
    assert store.as_of_dates("영등포구") == [dt.date(2018, 12, 31), dt.date(2019, 12, 31), D2020]
    assert store.previous_as_of("영등포구", D2020) == dt.date(2019, 12, 31)
    assert store.previous_as_of("영등포구", dt.date(2018, 12, 31)) is None


def test_cli_import_summary_and_reimport(store_url, capsys):
    files = [str(p) for p in sorted(DATA.glob("*.xlsx"))]
    assert main(["import", "--db", store_url, *files]) == 0
    capsys.readouterr()
    assert main(["summary", "--db", store_url, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    ydp = next(w for w in document["wards"] if w["ward"] == "영등포구")
    assert (ydp["as_of"], ydp["rate"], ydp["pledges"][0]["rate_weighted"]) == ("2020-12-31", 75.0, 70.78)
    assert main(["import", "--db", store_url, *files]) == 0
    capsys.readouterr()
    assert main(["summary", "--db", store_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == document


def test_cli_import_with_an_error_exits_1_and_stores_others(store_url, tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_edited(P25, 소요예산__F3="1O5"))
    assert main(["import", "--db", store_url, str(bad), str(DATA / "서초구_2025-03-31.xlsx")]) == 1
    out = capsys.readouterr().out
    assert "bad.xlsx: 오류 1건이 있어 저장하지 않았습니다" in out
    assert "[오류] 소요예산!F3: '1O5'는 금액으로 읽을 수 없습니다" in out
    assert main(["summary", "--db", store_url, "--json"]) == 0
    assert [w["ward"] for w in json.loads(capsys.readouterr().out)["wards"]] == ["서초구"]


def test_cli_changes_json(store_url, capsys):
    main(["import", "--db", store_url, str(DATA / "영등포구_2019-12-31.xlsx"), str(P25)])
    capsys.readouterr()
    assert main(["changes", "--db", store_url, "--ward", "영등포구", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["as_of"], doc["previous_as_of"], doc["rate_after"]) == ("2020-12-31", "2019-12-31", 75.0)
    assert round(doc["rate_before"], 2) == 56.67
    assert [s["actual_change"] for s in doc["subprojects"]] == [20.0, 15.0, 20.0]
    assert len(doc["new_achievements"]) == 6


def test_summary_of_unknown_ward_exits_1(store_url, capsys):
    assert main(["summary", "--db", store_url, "--ward", "강남구"]) == 1
    assert capsys.readouterr().out.strip() == "강남구 자료가 없습니다"


def test_snapshot_rows_per_import(store):
    store.load_samples(DATA)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SnapshotRow)).scalar() == 6
