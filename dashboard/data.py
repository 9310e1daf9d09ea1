"""The dashboard's only way to the store: cached reads keyed by the data's state.

`Store.ward_token(ward)` changes with every import, rollback, approval or return of that
ward, so a ward's cached frames, figures and charts are reused across reruns and sessions
until its data changes, a new import shows at once, and one ward's import leaves the
others warm. The ward list and the city comparison follow `Store.state_token()`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from figures.quarter import Quarter, pledge_view
from figures.terms import PledgeSet, set_of
from loaders.frames import SnapshotFrames
from loaders.model import Finding
from store import Store, open_store

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _open(url: str | None) -> Store:
    store = open_store(url)
    if store.is_fresh():
        # first start on a new store: show the samples, and say so on screen
        store.load_samples()
    return store


def get_store() -> Store:
    return _open(os.environ.get("PLEDGES_DB") or None)


#: per session: (the run's cursors, the tokens read in that run), see `_run_memo`
_RUNS: dict[str, tuple[object, dict]] = {}


def _run_memo() -> dict:
    """A dict that lives for one run of a session's script: a page asks for its ward's token a dozen
    times a run (every cached read is keyed by it), and each ask was a query. Streamlit gives each run
    a new `cursors` dict, so a memo kept beside that object is this run's; outside a run, none."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return {}
    kept = _RUNS.get(ctx.session_id)
    if kept is None or kept[0] is not ctx.cursors:
        if len(_RUNS) > 2000:  # sessions come and go; a fresh memo costs one query per token
            _RUNS.clear()
        kept = _RUNS[ctx.session_id] = (ctx.cursors, {})
    return kept[1]


def changed() -> None:
    """After this run changed the store (an upload, a rollback): the tokens are read again."""
    _run_memo().clear()


def token() -> str:
    """The whole store's state: the ward list and the city comparison are keyed by it (read once a run)."""
    memo = _run_memo()
    if "" not in memo:
        memo[""] = get_store().state_token()
    return memo[""]


def ward_token(ward: str) -> str:
    """One ward's state: its figures and charts are keyed by it, so another ward's import leaves them warm
    (read once a run)."""
    memo = _run_memo()
    if ward not in memo:
        memo[ward] = get_store().ward_token(ward)
    return memo[ward]


def frames(ward: str, as_of: dt.date | None = None) -> SnapshotFrames | None:
    """The shown version's rows as frames (the latest 기준일 when None): the cached `Quarter`'s."""
    dates = as_of_dates(ward) if as_of is None else [as_of]
    found = quarter(ward, dates[-1]) if dates else None
    return found.frames if found is not None else None


@st.cache_data(show_spinner=False, max_entries=100)
def _wards(url: str, state: str) -> list[str]:
    return get_store().wards()


def wards() -> list[str]:
    return _wards(get_store().url, token())


@st.cache_data(show_spinner=False, max_entries=200)
def _dates(url: str, state: str, ward: str) -> list[dt.date]:
    return get_store().as_of_dates(ward)


def as_of_dates(ward: str) -> list[dt.date]:
    return _dates(get_store().url, ward_token(ward), ward)


@st.cache_data(show_spinner=False, max_entries=200)
def _sets(url: str, state: str, ward: str) -> list[PledgeSet]:
    return get_store().pledge_sets(ward)


def pledge_sets(ward: str) -> list[PledgeSet]:
    """The ward's pledge sets (figures.terms): a term and a mayor each, oldest first."""
    return _sets(get_store().url, ward_token(ward), ward)


def pledge_set(ward: str, as_of: dt.date) -> PledgeSet | None:
    return set_of(pledge_sets(ward), as_of)


def previous_as_of(ward: str, as_of: dt.date) -> dt.date | None:
    """The quarter before `as_of` within its pledge set (None for a set's first quarter)."""
    found = pledge_set(ward, as_of)
    return found.previous(as_of) if found else None


def warnings(ward: str, as_of: dt.date) -> list[Finding]:
    """The warnings kept with the shown version (the cached `Quarter`'s)."""
    found = quarter(ward, as_of)
    return list(found.warnings) if found is not None else []


# --- the read-model, one shared object per state of the ward ------------------------------------


@st.cache_resource(show_spinner=False, max_entries=300)
def _quarter(url: str, state: str, ward: str, as_of: dt.date) -> Quarter | None:
    """The store's `Quarter` (store/quarters.py: the kept core and its context), read once per state of
    the ward and shared by every session: a shared object, not a copied value, as pages only read it."""
    return get_store().quarter(ward, as_of)


def quarter(ward: str, as_of: dt.date) -> Quarter | None:
    """Every figure the pages show of this ward's 기준일 (figures.quarter.Quarter), by name."""
    return _quarter(get_store().url, ward_token(ward), ward, as_of)


@st.cache_resource(show_spinner=False, max_entries=1000)
def _built(url: str, state: str, key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def built(key: tuple, build: Callable[[], T], *, ward: str | None) -> T:
    """`build()`, once per state of `ward` (None: of the whole store) and `key`, shared by every session.

    Under load the pages rebuilt the same plotly figures on every rerun of every session;
    `key` names what else the result depends on (기준일, pledge, the filters' choice). Pages
    only read what comes back.
    """
    state = ward_token(ward) if ward else token()
    return _built(get_store().url, state, (ward, *key), build)  # type: ignore[return-value]


def is_city(name: str) -> bool:
    """서울특별시's own pledges: stored like a ward's, shown apart from the 25 자치구."""
    return not str(name).endswith("구")


@dataclass(frozen=True)
class City:
    """The city view: each 자치구's latest 이행률, counts and budget, and 서울특별시's apart."""

    wards: pd.DataFrame
    seoul: pd.DataFrame


@st.cache_data(show_spinner=False, max_entries=50)
def _city(url: str, state: str) -> City:
    from figures.snapshot import city_rows

    store = get_store()
    documents = [d for d in store.figures_many(_wards(url, state)) if d is not None]
    frame = city_rows(documents)
    latest = store.latest_sets(list(frame["ward"]))
    # which term each ward's latest quarter belongs to: the table marks a ward still on an old one
    frame["term"] = [latest[w].term if w in latest else None for w in frame["ward"]]
    seoul = frame["ward"].map(is_city)
    return City(frame[~seoul].reset_index(drop=True), frame[seoul].reset_index(drop=True))


def city() -> City:
    """Each ward's latest figures (figures.snapshot.city_rows), read from the figures kept at import.

    Not recomputed: 25 small documents, cold in well under a second.
    """
    return _city(get_store().url, token())


@st.cache_resource(show_spinner=False, max_entries=300)
def _pledge_charts(url: str, state: str, ward: str, as_of: dt.date, pledge_id: str) -> dict:
    """The pledge page's plotly figures: building them is the slow part, so they are kept.

    A shared resource, not a copied value: unpickling a plotly figure validates it again,
    which cost as much as building it. Pages only read these objects.
    """
    from figures.charts.budget import budget_by_year, source_split, subproject_budget
    from figures.charts.gantt import gantt
    from figures.charts.paths import progress_paths
    from figures.charts.timeline import achievements_timeline

    view = pledge_view(_quarter(url, state, ward, as_of), pledge_id)
    return {
        "gantt": gantt(view.schedule, view.subprojects, as_of),
        "paths": progress_paths(view.points, view.subprojects, as_of),
        "budget_year": budget_by_year(view.by_year),
        "budget_split": source_split(view.by_source),
        "budget_subs": subproject_budget(view.subproject_totals),
        "timeline": achievements_timeline(view.achievements, as_of),
    }


def pledge_charts(ward: str, as_of: dt.date, pledge_id: str) -> dict:
    store = get_store()
    return _pledge_charts(store.url, ward_token(ward), ward, as_of, pledge_id)


@st.cache_data(show_spinner=False, max_entries=500)
def _review_state(url: str, state: str, ward: str, as_of: dt.date) -> tuple[str, str] | None:
    return get_store().review_state(ward, as_of)


def review_state(ward: str, as_of: dt.date) -> tuple[str, str] | None:
    """(검토 전 | 승인 | 반려, reason) of the version shown for this 기준일."""
    return _review_state(get_store().url, ward_token(ward), ward, as_of)


@st.cache_resource(show_spinner=False, max_entries=100)
def _rate_chart(url: str, state: str, ward: str, as_of: dt.date):
    from figures.charts.changes import rate_lines

    return rate_lines(_quarter(url, state, ward, as_of).history)


def rate_chart(ward: str, as_of: dt.date):
    """변화's 이행률 lines (figures.charts.changes.rate_lines), built once per store state and shared."""
    return _rate_chart(get_store().url, ward_token(ward), ward, as_of)


@st.cache_data(show_spinner=False, max_entries=500)
def _origins(url: str, state: str, ward: str, as_of: dt.date) -> dict:
    return get_store().pledge_origins(ward, as_of)


def pledge_origins(ward: str, as_of: dt.date) -> dict:
    """Per pledge of the shown version, its department and the earlier 기준일 it carries (store.submissions.Origin).

    Origins change only with a new version or a rollback, so the ward's token keys them.
    """
    return _origins(get_store().url, ward_token(ward), ward, as_of)
