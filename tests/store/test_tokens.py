"""The cache keys of the pages: a ward's token moves with its own changes only; the store's with any."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

from PIL import Image

from loaders import read_workbook
from loaders.template import template_bytes

DATA = Path(__file__).resolve().parents[2] / "data"
AS_OF = dt.date(2020, 12, 31)


def test_a_wards_token_moves_with_its_own_import_rollback_and_review_only(store):
    store.import_file(DATA / "서초구_2025-03-31.xlsx")
    store.import_file(DATA / "영등포구_2020-12-31.xlsx")
    seocho, ydp, whole = store.ward_token("서초구"), store.ward_token("영등포구"), store.state_token()

    snap = read_workbook(DATA / "영등포구_2020-12-31.xlsx").snapshot
    lowered = dataclasses.replace(snap, points=tuple(
        dataclasses.replace(p, value=10.0) if p.kind == "실적" and p.year == 2020 else p for p in snap.points))
    store.import_file(template_bytes(lowered), file_name="v2.xlsx")
    assert store.ward_token("서초구") == seocho  # another ward's import leaves its caches warm
    assert store.ward_token("영등포구") != ydp and store.state_token() != whole

    steps = [lambda: store.rollback("영등포구", AS_OF, by="test"),
             lambda: store.approve("영등포구", AS_OF, by="test", version=1),
             lambda: store.return_version("영등포구", AS_OF, "표 3 확인", by="test", version=2)]
    for step in steps:
        before = store.ward_token("영등포구")
        step()
        assert store.ward_token("영등포구") != before
        assert store.ward_token("서초구") == seocho


def test_clearing_the_samples_moves_every_sample_wards_token(store):
    store.load_samples()
    before = {w: store.ward_token(w) for w in store.wards()}
    store.clear_samples(by="test")
    assert all(store.ward_token(w) != token for w, token in before.items())
    assert store.ward_token("서초구") == "0:None:0:None:0:None:None:0"  # no 증빙 ever added or removed


def test_adding_or_removing_evidence_moves_its_wards_token_only(store):
    """The 공약 상세 gallery is cached by the ward's token: a new photo must show at once, elsewhere nothing moves."""
    store.load_samples()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(out, "JPEG")
    seocho, ydp = store.ward_token("서초구"), store.ward_token("영등포구")
    piece = store.add_evidence(out.getvalue(), "공원.jpg", ward="영등포구", as_of=AS_OF, pledge_id="25",
                               caption="준공 모습", by="test")
    added = store.ward_token("영등포구")
    assert added != ydp and store.ward_token("서초구") == seocho
    store.remove_evidence(piece.id, "잘못 올림", by="test")
    assert store.ward_token("영등포구") not in (ydp, added) and store.ward_token("서초구") == seocho
