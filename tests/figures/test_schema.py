"""The declared schema of the frames and of the kept read-model (figures/schema.py), run over every
workbook the project ships, a generated city-sized ward and cores read back from a store."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest

from figures.codec import decode, encode
from figures.quarter import core_of
from figures.schema import FRAMES, core_problems, problems
from loaders import read_workbook
from loaders.frames import to_frames
from store import open_store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.workbooks import write_ward  # noqa: E402

WORKBOOKS = sorted((ROOT / "data").glob("*.xlsx")) + sorted((ROOT / "data" / "examples").glob("*.xlsx"))


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_shipped_workbook_reads_into_the_declared_shape(path):
    core = core_of(to_frames(read_workbook(path).snapshot))
    assert core_problems(core) == []
    assert core_problems(decode(encode(core))) == []  # the kept form keeps it


def test_a_generated_ward_and_the_cores_a_store_keeps(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    store.import_file(write_ward(tmp_path / "w.xlsx", "중랑구", dt.date(2020, 12, 31), pledges=30, seed=3), by="t")
    store.load_samples()
    cores = store.cores_many(store.wards())
    assert len(cores) == 5 and all(core_problems(c) == [] for c in cores)


def test_a_difference_is_named():
    frame = pd.DataFrame({"pledge_id": ["1"], "subproject": ["가"], "quarter": [None]}, dtype=object)
    assert problems("schedule", frame, FRAMES["schedule"]) == ["schedule.quarter row 0: None is not text"]
    frame = pd.DataFrame({"pledge_id": ["1"], "subproject": ["가"], "order": ["3"]}, dtype=object)
    assert problems("subprojects", frame, FRAMES["subprojects"]) == ["subprojects.order row 0: '3' is not int"]
    assert problems("subprojects", frame[["pledge_id"]], FRAMES["subprojects"]) == [
        "subprojects: columns ['pledge_id'], declared ['pledge_id', 'subproject', 'order']"]
