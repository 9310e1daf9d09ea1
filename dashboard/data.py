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
from typing import TypeVar

import streamlit as st

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


def token() -> str:
    """The whole store's state: the ward list and the city comparison are keyed by it."""
    return get_store().state_token()


def ward_token(ward: str) -> str:
    """One ward's state: its figures and charts are keyed by it, so another ward's import leaves them warm."""
    return get_store().ward_token(ward)


@st.cache_data(show_spinner=False, max_entries=500)
def _frames(url: str, state: str, ward: str, as_of: dt.date | None) -> SnapshotFrames | None:
    return get_store().frames(ward, as_of)


def frames(ward: str, as_of: dt.date | None = None) -> SnapshotFrames | None:
    store = get_store()
    return _frames(store.url, ward_token(ward), ward, as_of)


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


def previous_as_of(ward: str, as_of: dt.date) -> dt.date | None:
    earlier = [d for d in as_of_dates(ward) if d < as_of]
    return earlier[-1] if earlier else None


@st.cache_data(show_spinner=False, max_entries=500)
def _kept(url: str, state: str, ward: str, as_of: dt.date) -> dict | None:
    return get_store().figures_many([ward], as_of)[0]


def kept(ward: str, as_of: dt.date) -> dict | None:
    """The shown version's figures as kept at import (figures.snapshot.snapshot_figures)."""
    return _kept(get_store().url, ward_token(ward), ward, as_of)


def warnings(ward: str, as_of: dt.date) -> list[Finding]:
    return get_store().snapshot_warnings(ward, as_of)


# --- computed figures, cached with the same key (pure functions of the frames) ---------------


@st.cache_data(show_spinner=False, max_entries=200)
def _progress(url: str, state: str, ward: str, as_of: dt.date | None):  # noqa: ANN202
    from figures.budget import pledge_budgets, subproject_totals
    from figures.progress import pledge_progress, subproject_progress

    snapshot = _frames(url, state, ward, as_of)
    if snapshot is None:
        return None
    subs = subproject_progress(snapshot)
    totals = subproject_totals(snapshot)
    return subs, pledge_progress(snapshot, subs, pledge_budgets(snapshot), totals), totals


def progress(ward: str, as_of: dt.date | None):  # noqa: ANN201
    """(subproject_progress, pledge_progress, subproject_totals) of figures.progress/budget."""
    store = get_store()
    return _progress(store.url, ward_token(ward), ward, as_of)


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


@st.cache_data(show_spinner=False, max_entries=50)
def _city(url: str, state: str):  # noqa: ANN202
    from figures.snapshot import city_rows

    documents = [d for d in get_store().figures_many(_wards(url, state)) if d is not None]
    frame = city_rows(documents)
    city = frame["ward"].map(is_city)
    return frame[~city].reset_index(drop=True), frame[city].reset_index(drop=True)


def city() -> tuple:
    """(the 자치구, 서울특별시): each one's latest 이행률, counts and budget (figures.snapshot.city_rows).

    Read from the figures kept at import, not recomputed: 25 small documents, cold in well under a second.
    """
    store = get_store()
    return _city(store.url, token())


@st.cache_resource(show_spinner=False, max_entries=300)
def _pledge_charts(url: str, state: str, ward: str, as_of: dt.date, pledge_id: str):  # noqa: ANN202
    """The pledge page's plotly figures: building them is the slow part, so they are kept.

    A shared resource, not a copied value: unpickling a plotly figure validates it again,
    which cost as much as building it. Pages only read these objects.
    """
    from figures.budget import pledge_by_source, pledge_by_year_source
    from figures.charts.budget import budget_by_year, source_split, subproject_budget
    from figures.charts.gantt import gantt
    from figures.charts.paths import progress_paths
    from figures.charts.timeline import achievements_timeline

    snapshot = _frames(url, state, ward, as_of)
    subs_all, _, totals_all = _progress(url, state, ward, as_of)

    def only(frame):  # noqa: ANN001, ANN202
        return frame[frame["pledge_id"] == pledge_id] if len(frame) else frame

    subs, totals = only(subs_all), only(totals_all)
    by_year, by_source = only(pledge_by_year_source(snapshot)), only(pledge_by_source(snapshot))
    return {
        "gantt": gantt(only(snapshot.schedule), subs, as_of),
        "paths": progress_paths(only(snapshot.points), subs, as_of),
        "budget_year": budget_by_year(by_year),
        "budget_split": source_split(by_source),
        "budget_subs": subproject_budget(totals),
        "timeline": achievements_timeline(only(snapshot.achievements), as_of),
        "by_year": by_year,
        "by_source": by_source,
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


@st.cache_data(show_spinner=False, max_entries=200)
def _money(url: str, state: str, ward: str, as_of: dt.date):  # noqa: ANN202
    from figures.budget import pledge_budgets, ward_by_source
    from figures.funding import pledge_funding

    current = _frames(url, state, ward, as_of)  # the frames the pages already read, not a second read
    plans = pledge_budgets(current)
    return plans, pledge_funding(current, plans), ward_by_source(current)


def money(ward: str, as_of: dt.date):  # noqa: ANN201
    """(plans, funding, ward split by source): every page's budget figures, computed once per store state.

    The pages called pledge_budgets (a pass over every budget row) two or three times on each
    rerun; under ten simultaneous sessions that work was most of what the server did.
    """
    return _money(get_store().url, ward_token(ward), ward, as_of)


@st.cache_data(show_spinner=False, max_entries=100)
def _changes(url: str, state: str, ward: str, as_of: dt.date):  # noqa: ANN202
    from figures.changes import compare
    from figures.snapshot import rate_history

    # the lines across quarters from the figures kept at import; only the two compared quarters' rows are read
    history = rate_history(get_store().figures_over_time(ward, as_of))
    earlier = [d for d in _dates(url, state, ward) if d < as_of]
    changes = None
    if earlier:
        changes = compare(_frames(url, state, ward, earlier[-1]), _frames(url, state, ward, as_of))
    return history, changes


def changes(ward: str, as_of: dt.date):  # noqa: ANN201
    """(rate history up to as_of, changes since the previous quarter or None), cached by store state."""
    return _changes(get_store().url, ward_token(ward), ward, as_of)


@st.cache_resource(show_spinner=False, max_entries=100)
def _rate_chart(url: str, state: str, ward: str, as_of: dt.date):  # noqa: ANN202
    from figures.charts.changes import rate_lines

    return rate_lines(_changes(url, state, ward, as_of)[0])


def rate_chart(ward: str, as_of: dt.date):  # noqa: ANN201
    """변화's 이행률 lines (figures.charts.changes.rate_lines), built once per store state and shared."""
    return _rate_chart(get_store().url, ward_token(ward), ward, as_of)
