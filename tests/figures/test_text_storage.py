"""How the frames hold text (loaders/text_storage.py): pandas' `str` in Python storage in every process
that makes frames, whichever of the two frame-making modules it imports first."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from figures.codec import decode, encode
from figures.quarter import core_of
from loaders import read_workbook
from loaders.frames import to_frames

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("first", ["loaders.frames", "figures.codec", "store"])
def test_a_new_process_holds_text_in_python_storage_after_importing(first):
    probe = f"import {first}, pandas as pd; print(pd.Series(['가', None]).dtype.storage)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "python\n"), done.stderr


def _text_columns(value: object, path: str) -> list[tuple[str, pd.Series]]:
    if isinstance(value, pd.DataFrame):
        return [(f"{path}.{c}", value[c]) for c in value.columns if isinstance(value[c].dtype, pd.StringDtype)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [found for f in dataclasses.fields(value) for found in _text_columns(getattr(value, f.name), f"{path}.{f.name}")]
    return []


def test_the_text_columns_of_a_kept_core_read_back_in_python_storage():
    core = decode(encode(core_of(to_frames(read_workbook(ROOT / "data" / "영등포구_2020-12-31.xlsx").snapshot))))
    text = _text_columns(core, "core")
    # the budget's sources and the evaluation's titles, among others
    assert {"core.ward_split.source", "core.evaluation.pledges.title"} <= {name for name, _ in text}
    assert {name: column.dtype.storage for name, column in text} == {name: "python" for name, _ in text}
