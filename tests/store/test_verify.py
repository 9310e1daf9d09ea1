"""`pledges verify` names the ward, 기준일 and version (or the audit event) of each thing that does not hold."""

from __future__ import annotations

import datetime as dt
import io
import json
import zlib
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete, select, update

from cli.main import main
from store import audit, verify
from store.models import (
    AuditEvent,
    CurrentVersion,
    QuarterModel,
    SnapshotFigures,
    SnapshotFile,
    SnapshotRow,
)

DATA = Path(__file__).resolve().parents[2] / "data"
P20 = DATA / "영등포구_2020-12-31.xlsx"
AS_OF = dt.date(2020, 12, 31)


def _variant(path: Path, value: int) -> bytes:
    book = openpyxl.load_workbook(path)
    book["확인지표"]["H4"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def filled(store):
    """영등포구 2020-12-31 in two versions (2 shown), 서초구 once, a review and a rollback's worth of events."""
    store.import_file(P20, by="kim")
    store.import_file(_variant(P20, 77), file_name="영등포구_v2.xlsx", by="kim")
    store.import_file(DATA / "서초구_2025-03-31.xlsx", by="lee")
    store.approve("영등포구", AS_OF, by="park")
    return store


def _snapshot_id(store, ward: str, as_of: dt.date, version: int) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(SnapshotRow.id).where(
            SnapshotRow.ward == ward, SnapshotRow.as_of == as_of, SnapshotRow.version == version)).scalar_one()


def _run(store, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["verify", "--db", store.url, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _event(store, n: int):
    with store.engine.connect() as conn:
        return conn.execute(select(AuditEvent).order_by(AuditEvent.id).offset(n - 1).limit(1)).one()


def test_a_sound_store_verifies(filled, capsys):
    code, out, _ = _run(filled, capsys)
    assert code == 0
    assert out.strip() == "이상 없음: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 감사 기록 4건을 검사했습니다"
    code, out, _ = _run(filled, capsys, "--json")
    assert code == 0
    assert json.loads(out) == {"ok": True, "problems": [],
                               "checked": {"snapshots": 3, "files": 3, "evidence": 0, "figures": 3,
                                           "models": 3, "audit_events": 4}}


def test_one_changed_byte_of_a_kept_piece_of_evidence(filled, capsys):
    from store.evidence_models import EvidenceFileRow
    from tests.store.test_evidence import photo

    piece = filled.add_evidence(photo(gps=False), "a.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                                caption="준공 현장", by="kim")
    code, out, _ = _run(filled, capsys)
    assert code == 0 and out.strip() == ("이상 없음: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 증빙 파일 1개, "
                                         "감사 기록 5건을 검사했습니다")
    with filled.engine.begin() as conn:
        content = bytearray(conn.execute(select(EvidenceFileRow.content).where(
            EvidenceFileRow.evidence_id == piece.id)).scalar_one())
        content[len(content) // 2] ^= 0x01
        conn.execute(update(EvidenceFileRow).where(EvidenceFileRow.evidence_id == piece.id).values(
            content=bytes(content)))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines() == [
        f"영등포구 2020. 12. 31. 공약 25 증빙 #{piece.id} '준공 현장': 보관한 파일의 sha256이 맞지 않습니다",
        "문제 1건: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 증빙 파일 1개, 감사 기록 5건을 검사했습니다",
    ]
    code, out, _ = _run(filled, capsys, "--json")
    assert code == 1 and [p["kind"] for p in json.loads(out)["problems"]] == ["evidence"]


def test_one_flipped_byte_of_a_kept_file(filled, capsys):
    snapshot_id = _snapshot_id(filled, "영등포구", AS_OF, 2)
    with filled.engine.begin() as conn:
        content = bytearray(conn.execute(select(SnapshotFile.content).where(
            SnapshotFile.snapshot_id == snapshot_id)).scalar_one())
        content[len(content) // 2] ^= 0x01
        conn.execute(update(SnapshotFile).where(SnapshotFile.snapshot_id == snapshot_id).values(content=bytes(content)))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines() == [
        "영등포구 2020. 12. 31. 버전 2: 보관한 원본 파일의 sha256이 맞지 않습니다",
        "문제 1건: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 감사 기록 4건을 검사했습니다",
    ]
    code, out, _ = _run(filled, capsys, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert report["problems"] == [{
        "kind": "file", "message": "영등포구 2020. 12. 31. 버전 2: 보관한 원본 파일의 sha256이 맞지 않습니다",
        "ward": "영등포구", "as_of": "2020-12-31", "version": 2, "snapshot_id": snapshot_id,
        "event_id": None, "event_at": None,
    }]


def test_an_edited_kept_figure(filled, capsys):
    snapshot_id = _snapshot_id(filled, "영등포구", AS_OF, 1)
    with filled.engine.begin() as conn:
        document = json.loads(conn.execute(select(SnapshotFigures.document).where(
            SnapshotFigures.snapshot_id == snapshot_id)).scalar_one())
        document["summary"]["counts"] = {k: v + 1 for k, v in document["summary"]["counts"].items()}
        conn.execute(update(SnapshotFigures).where(SnapshotFigures.snapshot_id == snapshot_id)
                     .values(document=json.dumps(document, ensure_ascii=False)))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines()[0] == "영등포구 2020. 12. 31. 버전 1: 보관한 수치가 자료에서 다시 계산한 수치와 다릅니다"
    assert len(out.splitlines()) == 2


def _edit_model(store, snapshot_id: int, **values) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(QuarterModel).where(QuarterModel.snapshot_id == snapshot_id).values(**values))


def _kept_model(store, snapshot_id: int) -> tuple[str, str]:
    with store.engine.connect() as conn:
        body, rates = conn.execute(select(QuarterModel.body, QuarterModel.rates).where(
            QuarterModel.snapshot_id == snapshot_id)).one()
    return zlib.decompress(body).decode("utf-8"), rates


def test_an_edited_kept_read_model(filled, capsys):
    """One rate changed inside the kept core (quarter_models), its figures left alone: named like the figures."""
    snapshot_id = _snapshot_id(filled, "영등포구", AS_OF, 2)
    text, _ = _kept_model(filled, snapshot_id)
    core = json.loads(text)
    frame = core["pledges"]["__frame__"]  # figures/codec.py: the pledges' table, column by column
    frame["data"][frame["columns"].index("rate")][0] = 0.123
    edited = json.dumps(core, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    _edit_model(filled, snapshot_id, body=zlib.compress(edited))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines() == [
        "영등포구 2020. 12. 31. 버전 2: 보관한 읽기 모델이 자료에서 다시 계산한 것과 다릅니다",
        "문제 1건: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 감사 기록 4건을 검사했습니다",
    ]
    report = json.loads(_run(filled, capsys, "--json")[1])
    assert [(p["kind"], p["snapshot_id"], p["version"]) for p in report["problems"]] == [
        ("model", snapshot_id, 2)]


def test_a_kept_model_written_another_way_is_no_damage_but_other_rates_are(filled, capsys):
    """Keys in another order or spaces in the JSON are the same values; edited rates are not."""
    snapshot_id = _snapshot_id(filled, "서초구", dt.date(2025, 3, 31), 1)
    text, rates = _kept_model(filled, snapshot_id)
    respaced = json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    _edit_model(filled, snapshot_id, body=zlib.compress(respaced))
    assert _run(filled, capsys)[0] == 0
    document = json.loads(rates)  # figures.snapshot.rate_part: {"summary", "rate", "rates"}
    document["rates"][0]["title"] += " (고침)"
    _edit_model(filled, snapshot_id, rates=json.dumps(document, ensure_ascii=False))
    code, out, _ = _run(filled, capsys)
    assert (code, out.splitlines()[0]) == (1, "서초구 2025. 3. 31. 버전 1: 보관한 읽기 모델이 자료에서 다시 계산한 것과 다릅니다")
    _edit_model(filled, snapshot_id, body=b"not zlib")
    code, out, _ = _run(filled, capsys)
    assert (code, out.splitlines()[0]) == (1, "서초구 2025. 3. 31. 버전 1: 보관한 읽기 모델을 읽을 수 없습니다 (압축이 깨졌습니다)")


def test_workers_find_what_one_process_finds(filled, capsys, monkeypatch):
    """The recomputation split over two forked workers, batch by batch, names the same problems in the same order."""
    snapshot_id = _snapshot_id(filled, "영등포구", AS_OF, 1)
    _edit_model(filled, snapshot_id, rates="[]")
    with filled.engine.begin() as conn:
        conn.execute(update(SnapshotFile).where(SnapshotFile.snapshot_id == snapshot_id).values(content=b"x"))
    alone = verify.verify(filled.engine, processes=1)
    monkeypatch.setattr(verify, "FIGURES_BATCH", 1)  # three versions: three tasks over two workers
    seen = []
    shared = verify.verify(filled.engine, processes=2, progress=lambda *step: seen.append(step))
    assert [p.message for p in shared.problems] == [p.message for p in alone.problems] == [
        "영등포구 2020. 12. 31. 버전 1: 보관한 원본 파일의 sha256이 맞지 않습니다",
        "영등포구 2020. 12. 31. 버전 1: 보관한 읽기 모델이 자료에서 다시 계산한 것과 다릅니다",
    ]
    assert (shared.figures, shared.models) == (alone.figures, alone.models) == (3, 3)
    assert seen[-1] == (3, 3, "수치·읽기 모델 다시 계산")
    assert (3, 3, "원본 파일 sha256 확인") in seen


def test_the_shown_version_pointing_at_another_wards_snapshot(filled, capsys):
    other = _snapshot_id(filled, "서초구", dt.date(2025, 3, 31), 1)
    with filled.engine.begin() as conn:
        conn.execute(update(CurrentVersion).where(CurrentVersion.ward == "영등포구").values(snapshot_id=other))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines()[0] == ("영등포구 2020. 12. 31.: 지금 보이는 버전이 다른 자료"
                                   "(서초구 2025. 3. 31. 버전 1)를 가리킵니다")


def test_an_edited_audit_event(filled, capsys):
    event = _event(filled, 2)
    with filled.engine.begin() as conn:
        conn.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(actor="someone else"))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines() == [
        f"감사 기록 #{event.id} ({audit.korean_time(event.at)}): 기록된 뒤에 내용이 바뀌었습니다",
        "문제 1건: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 감사 기록 4건을 검사했습니다",
    ]
    report = json.loads(_run(filled, capsys, "--json")[1])
    assert [(p["kind"], p["event_id"]) for p in report["problems"]] == [("audit", event.id)]


def test_an_edited_event_with_its_hash_recomputed_breaks_the_link_after_it(filled, capsys):
    event, after = _event(filled, 2), _event(filled, 3)
    forged = {**event._mapping, "actor": "someone else"}
    with filled.engine.begin() as conn:
        conn.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(
            actor="someone else", hash=audit.event_hash(forged, event.prev_hash)))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines()[0] == (f"감사 기록 #{after.id} ({audit.korean_time(after.at)}): 바로 앞 기록과 "
                                   "이어지지 않습니다 (앞 기록이 지워졌거나 바뀌었습니다)")
    assert len(out.splitlines()) == 2


def test_a_deleted_audit_event(filled, capsys):
    deleted, after = _event(filled, 2), _event(filled, 3)
    with filled.engine.begin() as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.id == deleted.id))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines() == [
        f"감사 기록 #{after.id} ({audit.korean_time(after.at)}): 바로 앞 기록과 이어지지 않습니다 "
        "(앞 기록이 지워졌거나 바뀌었습니다)",
        "문제 1건: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 감사 기록 3건을 검사했습니다",
    ]


def test_several_problems_are_each_named_once(filled, capsys):
    first = _event(filled, 1)
    snapshot_id = _snapshot_id(filled, "서초구", dt.date(2025, 3, 31), 1)
    with filled.engine.begin() as conn:
        conn.execute(update(SnapshotFile).where(SnapshotFile.snapshot_id == snapshot_id).values(content=b"x"))
        conn.execute(update(AuditEvent).where(AuditEvent.id == first.id).values(detail="바꾼 내용"))
    code, out, _ = _run(filled, capsys)
    assert code == 1
    assert out.splitlines() == [
        "서초구 2025. 3. 31. 버전 1: 보관한 원본 파일의 sha256이 맞지 않습니다",
        f"감사 기록 #{first.id} ({audit.korean_time(first.at)}): 기록된 뒤에 내용이 바뀌었습니다",
        "문제 2건: 자료 3건 (원본 파일 3개, 수치 3건, 읽기 모델 3건), 감사 기록 4건을 검사했습니다",
    ]
