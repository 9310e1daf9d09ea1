"""The kept read-model as plain JSON values and back: frames column by column, dataclasses by name.

The store keeps each version's figures (figures.quarter.QuarterCore) as a document it can read in
one query and decode without computing anything. JSON, not pickle: a document read back can only
make the frames and the dataclasses named in `CLASSES`, whatever the database holds, so a tampered
row cannot run code in the server.

A frame is `{"columns", "dtypes", "dates", "data"}`: one list per column, its pandas dtype, and the
columns holding dates (written ISO). Object columns stay object columns, so None stays None and
a figure decides what a missing value means, exactly as with frames read from the store's rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import math

import pandas as pd

import loaders.text_storage  # noqa: F401  (how the frames hold text; set before any frame)

#: the dataclasses a document may name, and only these (module, class)
CLASSES: dict[str, tuple[str, str]] = {
    "SnapshotFrames": ("loaders.frames", "SnapshotFrames"),
    "PledgeBudget": ("figures.budget", "PledgeBudget"),
    "PledgeFunding": ("figures.funding", "PledgeFunding"),
    "WardProgress": ("figures.progress", "WardProgress"),
    "Evaluation": ("figures.evaluation", "Evaluation"),
    "Ratio": ("figures.evaluation", "Ratio"),
    "QuarterCore": ("figures.quarter", "QuarterCore"),
}


class DocumentError(ValueError):
    """A kept document this code cannot read (another shape, or a class it does not know)."""


def _date_kind(values: list) -> str | None:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {dt.date}:
        return "date"
    if kinds and kinds <= {dt.datetime}:
        return "datetime"
    return None


def encode_frame(frame: pd.DataFrame) -> dict:
    columns, dtypes, data, dates = [], [], [], {}
    for name in frame.columns:
        series = frame[name]
        values = series.tolist()
        kind = _date_kind(values) if series.dtype == object else None
        if kind:
            dates[str(name)] = kind
            values = [v.isoformat() if v is not None else None for v in values]
        columns.append(str(name))
        dtypes.append(str(series.dtype))
        data.append(values)
    return {"columns": columns, "dtypes": dtypes, "dates": dates, "data": data}


def decode_frame(document: dict) -> pd.DataFrame:
    parts = {}
    for name, dtype, values in zip(document["columns"], document["dtypes"], document["data"], strict=True):
        kind = document["dates"].get(name)
        if kind == "date":
            values = [dt.date.fromisoformat(v) if v is not None else None for v in values]
        elif kind == "datetime":
            values = [dt.datetime.fromisoformat(v) if v is not None else None for v in values]
        if dtype == "float64":  # JSON null is NaN again
            values = [math.nan if v is None else v for v in values]
        parts[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(parts, columns=document["columns"])


def encode(value: object) -> object:
    """`value` as JSON values: frames, the dataclasses of CLASSES, dicts (any keys), tuples, dates."""
    if isinstance(value, pd.DataFrame):
        return {"__frame__": encode_frame(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in CLASSES:
            raise DocumentError(f"{name} is not a class the kept documents may hold")
        return {"__class__": name, **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"__dict__": {k: encode(v) for k, v in value.items()}}
        return {"__pairs__": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()  # type: ignore[union-attr]
    return value


def _class(name: str) -> type:
    if name not in CLASSES:
        raise DocumentError(f"a kept document names an unknown class: {name}")
    module, attribute = CLASSES[name]
    return getattr(importlib.import_module(module), attribute)


def decode(value: object) -> object:
    """The inverse of `encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__frame__" in value:
        return decode_frame(value["__frame__"])
    if "__class__" in value:
        cls = _class(value["__class__"])
        return cls(**{k: decode(v) for k, v in value.items() if k != "__class__"})
    if "__dict__" in value:
        return {k: decode(v) for k, v in value["__dict__"].items()}
    if "__pairs__" in value:
        return {_key(decode(k)): decode(v) for k, v in value["__pairs__"]}
    if "__tuple__" in value:
        return tuple(decode(v) for v in value["__tuple__"])
    if "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    if "__datetime__" in value:
        return dt.datetime.fromisoformat(value["__datetime__"])
    raise DocumentError(f"a kept document holds an object this code cannot read: {sorted(value)[:5]}")


def _key(key: object) -> object:
    return tuple(key) if isinstance(key, list) else key
