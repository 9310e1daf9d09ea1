"""figures.records gives what `DataFrame.to_dict("records")` gives, value for value and type for type."""

from __future__ import annotations

import math

import pandas as pd

from figures.records import records


def test_records_are_to_dicts_values_with_their_python_types():
    frame = pd.DataFrame({"id": ["1", "2"], "n": [3, 4], "rate": [12.5, float("nan")], "done": [True, False],
                          "note": pd.Series([None, "비고"], dtype=object)})
    expected = frame.to_dict("records")
    got = records(frame)
    assert [list(r) for r in got] == [list(r) for r in expected]  # the columns in order
    assert [(r["id"], r["n"], r["done"], r["note"]) for r in got] == [("1", 3, True, None), ("2", 4, False, "비고")]
    assert [type(r[k]) for r in got for k in r] == [type(r[k]) for r in expected for k in r]
    assert got[0]["rate"] == 12.5 and math.isnan(got[1]["rate"])


def test_an_empty_frame_has_no_records():
    assert records(pd.DataFrame({"id": pd.Series(dtype=object)})) == []
