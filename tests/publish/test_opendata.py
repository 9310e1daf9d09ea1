"""The open data's CSV neutralisation is the project's one rule (figures.export.neutralized), only faster."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.site.opendata import neutralized
from figures.export import neutralized as the_rule

cells = st.one_of(st.none(), st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=False, width=32),
                  st.text(alphabet="=+-@\t\r'a가 1", max_size=4))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cells, st.text(alphabet="=-a가", max_size=3), cells), min_size=0, max_size=6))
def test_same_csv_bytes_as_the_projects_rule(rows):
    table = pd.DataFrame(rows, columns=["섞임", "글", "=머리"])
    text = pd.DataFrame({"글": pd.Series([r[1] for r in rows], dtype="str")})
    for frame in (table, text):
        assert neutralized(frame).to_csv(index=False) == the_rule(frame).to_csv(index=False)


def test_the_table_given_is_not_changed():
    table = pd.DataFrame({"a": ["=1", "x"]})
    neutralized(table)
    assert list(table["a"]) == ["=1", "x"]
