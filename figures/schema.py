"""The declared shape of the frames and of the kept read-model: columns, what each holds, and blanks.

The frames (loaders/frames.py) are the one tabular contract of the project and the read-model's core
(figures.quarter.QuarterCore) is what every reader reads; a column renamed, a number read as text or a
blank where the spec allows none would show up far from its cause (a zero on a card, a chart that
quietly drops a line). `problems` checks a frame against its declaration and says what differs;
tests/figures/test_schema.py runs it over every workbook the tests know and over kept cores read back.
A small declared schema rather than pandera: the frames hold Python objects (None for a blank, dates)
that a pandas-typed schema would need coercions for, and eighty lines say it all.
"""

from __future__ import annotations

import datetime as dt
import numbers
from dataclasses import fields

import pandas as pd

# what a column holds: text, a whole number, any number, yes/no, a date; "?" after it: blanks allowed
TEXT, TEXT_ = "text", "text?"
INT, INT_ = "int", "int?"
NUMBER_ = "number?"
BOOL = "bool"
DATE_ = "date?"

_CLASSIFICATION = {c: TEXT_ for c in ("field", "term", "owner", "novelty", "period", "budget_kind", "stage",
                                      "department", "manager", "contact")}
FRAMES: dict[str, dict[str, str]] = {
    "pledges": {"pledge_id": TEXT, "title": TEXT, **_CLASSIFICATION,
                **{c: TEXT_ for c in ("overview", "situation", "goal", "support", "plan")}, "order": INT},
    "subprojects": {"pledge_id": TEXT, "subproject": TEXT, "order": INT},
    "schedule": {"pledge_id": TEXT, "subproject": TEXT, "quarter": TEXT},
    "budget": {"pledge_id": TEXT, "subproject": TEXT_, "source": TEXT_, "year": INT, "end_month": INT,
               "amount": INT},
    "indicators": {"pledge_id": TEXT, "subproject": TEXT, "unit": TEXT_, "target": NUMBER_, "stated_rate": NUMBER_,
                   "has_plan": BOOL, "has_actual": BOOL},
    "points": {"pledge_id": TEXT, "subproject": TEXT, "kind": TEXT, "year": INT, "end_month": INT,
               "value": NUMBER_, "text": TEXT_},
    "achievements": {"pledge_id": TEXT, "subproject": TEXT_, "text": TEXT, "start": DATE_, "start_precision": TEXT_,
                     "end": DATE_, "end_precision": TEXT_, "open_end": BOOL, "raw_date": TEXT_, "order": INT},
    "funding": {"pledge_id": TEXT, "subproject": TEXT_, "source": TEXT_, "year": INT, "end_month": INT,
                "amount": INT, "kind": TEXT},
    "adjustment_rows": {"pledge_id": TEXT, "subproject": TEXT_, "kind": TEXT, "reason": TEXT, "review": TEXT_,
                        "start": DATE_, "start_precision": TEXT_, "end": DATE_, "end_precision": TEXT_,
                        "open_end": BOOL, "raw_date": TEXT_, "order": INT, "cell": TEXT_},
}
CORE: dict[str, dict[str, str]] = {
    "subprojects": {"pledge_id": TEXT, "subproject": TEXT, "order": INT, "unit": TEXT_, "target": NUMBER_,
                    "planned": NUMBER_, "actual": NUMBER_, "rate": NUMBER_, "status": TEXT, "has_indicator": BOOL,
                    "first_quarter": TEXT_, "last_quarter": TEXT_, "overdue": BOOL},
    "pledges": {"pledge_id": TEXT, "title": TEXT, "order": INT, "stage": TEXT_, "status": TEXT, "rate": NUMBER_,
                "rate_weighted": NUMBER_, "n_subprojects": INT, "n_rated": INT, "n_overdue": INT,
                "budget_total": INT, **_CLASSIFICATION},
    "subproject_totals": {"pledge_id": TEXT, "subproject": TEXT, "total": INT_},
    "ward_split": {"source": TEXT, "amount": INT, "share": NUMBER_},
    "by_source": {"pledge_id": TEXT, "source": TEXT, "amount": INT},
    "by_year": {"pledge_id": TEXT, "year": INT, "source": TEXT, "amount": INT},
}
EVALUATION: dict[str, str] = {"pledge_id": TEXT, "title": TEXT, "complete": BOOL, "has_target": BOOL, "met": BOOL}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _holds(kind: str, value: object) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, numbers.Real) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool) or type(value).__name__ == "bool_"
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def problems(name: str, frame: pd.DataFrame, declared: dict[str, str]) -> list[str]:
    """What differs between `frame` and its declaration: columns, then each column's first wrong value."""
    if list(frame.columns) != list(declared):
        return [f"{name}: columns {list(frame.columns)}, declared {list(declared)}"]
    found = []
    for column, spec in declared.items():
        kind, blanks = spec.rstrip("?"), spec.endswith("?")
        for row, value in enumerate(frame[column].tolist()):
            if _blank(value) and blanks:
                continue
            if _blank(value) or not _holds(kind, value):
                found.append(f"{name}.{column} row {row}: {value!r} is not {'a blank or ' if blanks else ''}{kind}")
                break
    return found


def core_problems(core: object) -> list[str]:
    """Every declared frame of a kept core (figures.quarter.QuarterCore) and of its frames, checked."""
    found = [p for name, declared in FRAMES.items() for p in problems(f"frames.{name}", getattr(core.frames, name),
                                                                      declared)]
    found += [p for name, declared in CORE.items() for p in problems(name, getattr(core, name), declared)]
    found += problems("evaluation.pledges", core.evaluation.pledges, EVALUATION)
    undeclared = {f.name for f in fields(core.frames) if isinstance(getattr(core.frames, f.name), pd.DataFrame)}
    return found + [f"frames.{n}: not declared" for n in sorted(undeclared - set(FRAMES))]
