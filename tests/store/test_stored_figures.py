"""The figures kept at import equal the figures computed from the frames, after import, rollback and approval."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sqlalchemy import delete

from figures.snapshot import snapshot_figures
from loaders import read_workbook
from loaders.template import template_bytes
from store import open_store
from store.models import SnapshotFigures
from tests.template.test_template import snapshots

DATA = Path(__file__).resolve().parents[2] / "data"


def _computed(store, ward: str, as_of: dt.date | None = None) -> dict:
    return json.loads(json.dumps(snapshot_figures(store.frames(ward, as_of)), ensure_ascii=False))


def test_stored_figures_equal_computed_for_every_sample(store):
    store.load_samples()
    wards = store.wards()
    for ward, stored in zip(wards, store.figures_many(wards), strict=True):
        assert stored == _computed(store, ward)
    yeongdeungpo = store.figures_many(["영등포구"])[0]
    assert yeongdeungpo["summary"]["rate"] == 75.0
    assert yeongdeungpo["evaluation"] == {"year": 2020, "completion": [0, 1], "annual": [1, 1], "no_target": []}
    assert yeongdeungpo["budget"] == {"entered": True, "total": 6_268_000_000,
                                      "by_source": {"구비": 325_000_000, "시비": 5_943_000_000}}
    assert yeongdeungpo["rate"] == 75.0


def test_the_city_rows_read_from_kept_figures_equal_those_computed_from_the_rows(store):
    from figures.budget import ward_total
    from figures.progress import pledge_progress, ward_progress
    from figures.snapshot import city_rows

    store.load_samples()
    wards = store.wards()
    rows = city_rows(store.figures_many(wards)).set_index("ward")
    assert list(rows.index) == wards
    for ward in wards:
        frames = store.frames(ward)
        pledges = pledge_progress(frames)
        figures = ward_progress(pledges)
        row = rows.loc[ward]
        assert row["as_of"] == frames.as_of
        if figures.rate is None:  # 지표 없음 only: no rate, shown as such
            assert row["rate"] != row["rate"] and row["지표 없음"] == figures.counts["지표 없음"] > 0
        else:
            assert row["rate"] == figures.rate  # uncut, the ward page's own figure
        assert row["pledges"] == len(pledges)
        assert {s: row[s] for s in ("완료", "정상", "지연", "보류", "폐기")} == \
            {s: figures.counts.get(s, 0) for s in ("완료", "정상", "지연", "보류", "폐기")}
        if len(frames.budget):
            assert row["budget_total"] == ward_total(frames)
        else:  # nothing entered: blank (미입력 on screen), never 0
            assert row["budget_total"] != row["budget_total"]
    assert rows.loc["영등포구", "budget_total"] == 6_268_000_000


def test_after_rollback_and_approval_the_current_version_figures_are_read(store):
    p25 = DATA / "영등포구_2020-12-31.xlsx"
    store.import_file(p25)
    snap = read_workbook(p25).snapshot
    lowered = dataclasses.replace(snap, points=tuple(
        dataclasses.replace(p, value=10.0) if p.kind == "실적" and p.year == 2020 else p for p in snap.points))
    store.import_file(template_bytes(lowered), file_name="v2.xlsx")
    as_of = dt.date(2020, 12, 31)
    assert store.figures_many(["영등포구"])[0] == _computed(store, "영등포구") != {}
    low = store.figures_many(["영등포구"])[0]["summary"]["rate"]
    store.rollback("영등포구", as_of, by="test")
    assert store.figures_many(["영등포구"])[0]["summary"]["rate"] == 75.0 != low
    store.approve("영등포구", as_of, by="test", version=2)
    assert store.figures_many(["영등포구"])[0] == _computed(store, "영등포구")


def test_missing_documents_are_computed_and_kept(store):
    store.load_samples()
    with store.engine.begin() as conn:
        conn.execute(delete(SnapshotFigures))
    first = store.figures_many(["서초구"])[0]
    assert first == _computed(store, "서초구")
    with store.engine.connect() as conn:
        assert conn.execute(SnapshotFigures.__table__.select()).first() is not None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(snapshots())
def test_random_snapshots_store_the_figures_they_compute(tmp_path_factory, snapshot):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('figures') / 's.sqlite'}")
    assert store.import_file(template_bytes(snapshot), file_name="x.xlsx").status == "stored"
    assert store.figures_many([snapshot.ward])[0] == _computed(store, snapshot.ward)
    store.engine.dispose()


def test_the_migration_fills_figures_for_an_existing_store(store):
    from alembic import command
    from alembic.config import Config

    from store.engine import MIGRATIONS

    store.load_samples()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003_review_states")  # a store from before figures were kept
    open_store(store.url).engine.dispose()  # upgraded, then the store fills in the figures
    with store.engine.connect() as conn:
        kept = conn.execute(SnapshotFigures.__table__.select()).all()
    assert len(kept) == 6
    assert json.loads(dict((r[0], r[1]) for r in kept)[store.reviews("서초구")["snapshot_id"].iloc[0]]) \
        == _computed(store, "서초구")


def test_the_rate_history_from_kept_figures_equals_the_one_from_every_quarters_rows(store):
    import pandas as pd

    from figures.changes import rate_history as computed_history
    from figures.snapshot import rate_history, rate_part

    for name in ("영등포구_2018-12-31.xlsx", "영등포구_2019-12-31.xlsx", "영등포구_2020-12-31.xlsx"):
        store.import_file(DATA / name)
    kept = rate_history(store.figures_over_time("영등포구"))
    dates = store.as_of_dates("영등포구")
    expected = computed_history([store.frames("영등포구", d) for d in dates])
    pd.testing.assert_frame_equal(kept, expected)
    assert list(kept[kept["title"] == "구 전체"]["rate"])[-1] == 75.0
    until_2019 = rate_history(store.figures_over_time("영등포구", dt.date(2019, 12, 31)))
    assert sorted(set(until_2019["as_of"])) == dates[:2]
    # what the dashboard keeps of each document is enough for the same history
    pd.testing.assert_frame_equal(rate_history([rate_part(d) for d in store.figures_over_time("영등포구")]), expected)
