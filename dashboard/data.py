"""The dashboard's only way to the store: cached reads keyed by the store's state.

`Store.state_token()` changes with every import, rollback or clearing, so the
cached frames are reused across reruns and sessions until the data changes,
and a new import shows at once.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from loaders.frames import SnapshotFrames
from loaders.model import Finding
from store import Store, open_store


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
    return get_store().state_token()


@st.cache_data(show_spinner=False, max_entries=500)
def _frames(url: str, state: str, ward: str, as_of: dt.date | None) -> SnapshotFrames | None:
    return get_store().frames(ward, as_of)


def frames(ward: str, as_of: dt.date | None = None) -> SnapshotFrames | None:
    store = get_store()
    return _frames(store.url, token(), ward, as_of)


@st.cache_data(show_spinner=False, max_entries=100)
def _wards(url: str, state: str) -> list[str]:
    return get_store().wards()


def wards() -> list[str]:
    return _wards(get_store().url, token())


@st.cache_data(show_spinner=False, max_entries=200)
def _dates(url: str, state: str, ward: str) -> list[dt.date]:
    return get_store().as_of_dates(ward)


def as_of_dates(ward: str) -> list[dt.date]:
    return _dates(get_store().url, token(), ward)


def previous_frames(ward: str, as_of: dt.date) -> SnapshotFrames | None:
    earlier = [d for d in as_of_dates(ward) if d < as_of]
    return frames(ward, earlier[-1]) if earlier else None


def all_frames(ward: str) -> list[SnapshotFrames]:
    return [f for d in as_of_dates(ward) if (f := frames(ward, d)) is not None]


def warnings(ward: str, as_of: dt.date) -> list[Finding]:
    return get_store().snapshot_warnings(ward, as_of)
