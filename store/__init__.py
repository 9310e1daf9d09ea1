"""The store: quarterly snapshots in SQLite or PostgreSQL, handed out as DataFrames."""

from store.api import Store, open_store
from store.errors import StoreError
from store.imports import ImportOutcome

__all__ = ["ImportOutcome", "Store", "StoreError", "open_store"]
