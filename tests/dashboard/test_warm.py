"""dashboard/warm.py fills the very cache entries the pages read: after warming, the pages compute nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.test_pages import APP


def _refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    raise AssertionError("computed on the page instead of read from the warmed cache")


@pytest.fixture
def warmed(tmp_path, monkeypatch):
    import streamlit as st

    from dashboard import warm
    from store import open_store

    url = f"sqlite:///{tmp_path / 'warm.sqlite'}"
    open_store(url).load_samples()
    monkeypatch.setenv("PLEDGES_DB", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    seen: dict[str, str] = {}
    assert warm.warm_once(seen) == ["금천구", "서울특별시", "서초구", "영등포구"]
    assert warm.warm_once(seen) == []  # nothing changed: nothing recomputed
    return url


def test_warming_computes_the_first_pages_of_every_ward(warmed):
    from dashboard import warm

    assert warm.warm_ward("영등포구") == ["frames", "progress", "money", "review", "previous rate", "changes",
                                       "rate chart", "pledge 25 charts"]


@pytest.mark.parametrize("page", ["views/overview.py", "views/changes.py"])
def test_after_warming_the_pages_read_what_was_computed(warmed, monkeypatch, page):
    import figures.changes
    import figures.progress
    import figures.quarter
    import store.reading

    # where the figures are computed (figures.quarter imports them by name) and where rows are read
    for module, name in ((figures.progress, "pledge_progress"), (figures.progress, "subproject_progress"),
                         (figures.quarter, "pledge_progress"), (figures.quarter, "subproject_progress"),
                         (figures.quarter, "build_quarter"), (figures.quarter, "compare"),
                         (store.reading, "frames_for"), (figures.changes, "compare")):
        monkeypatch.setattr(module, name, _refuse)
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state["ward"], app.session_state["as_of"] = "영등포구", dt.date(2020, 12, 31)
    app.run()
    app.switch_page(page).run()
    assert not app.exception and not app.error, [e.value for e in app.error]
