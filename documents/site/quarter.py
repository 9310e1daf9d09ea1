"""One approved quarter of one ward, as the published pages and the open data need it.

Everything comes from the read-model the store keeps with the version (its core,
figures.quarter.QuarterCore, and the small kept figures with the summary contract of
`figures.summary.ward_summary`), the same the dashboard and `pledges summary --json` read, so a
number on a resident's page is the number on the mayor's dashboard. Chart data is plain JSON
drawn by the site's one shared script, not a plotly figure per page: building
60,000 figures for a city would take an hour; this takes seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from figures.adjustments import Adjustment
from figures.colors import site_palette
from figures.evaluation import Evaluation
from figures.formatting import format_achievement_date
from figures.quarter import QuarterCore
from figures.status import SOURCE_COLORS
from figures.terms import PledgeSet
from loaders.frames import SnapshotFrames


@dataclass
class PublishedQuarter:
    ward: str
    as_of: dt.date
    summary: dict  # figures.summary.ward_summary: the contract's figures
    evaluation: Evaluation
    records: dict[str, dict]  # pledge_id → the 공약 sheet's fields
    points: dict[tuple[str, str], dict[str, list]]  # (pledge, sub-project) → 계획/실적 → [[year, value]]
    achievements: dict[str, list[dict]]
    frames: SnapshotFrames
    changes: list[dict] = field(default_factory=list)  # filled once the previous quarter is known
    previous_as_of: dt.date | None = None
    #: the published snapshot, when it was approved, and its place among the ward's terms (documents.site.terms)
    snapshot_id: int = 0
    approved_at: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    owner: PledgeSet | None = None
    set_name: str = ""
    previous: PublishedQuarter | None = None
    #: the differences from the set's plan, with their 공약조정 rows (figures.adjustments), and the plan's 기준일
    adjustments: list[Adjustment] = field(default_factory=list)
    plan_as_of: dt.date | None = None
    #: 증빙 residents see with it: approved pieces of its set's quarters up to it (store.evidence.approved)
    evidence: list = field(default_factory=list)
    #: reads their kept files and thumbnails by id (store.evidence_files), copied into the quarter's folder
    evidence_files: Callable[[list[int]], dict] | None = None

    @property
    def pledges(self) -> list[dict]:
        return self.summary["pledges"]


def _clean(value: object) -> object:
    return None if value is None or (isinstance(value, float) and value != value) else value


def published_quarter(core: QuarterCore, document: dict) -> PublishedQuarter:
    """`core` and `document`: the version's kept read-model and its small figures (figures.snapshot)."""
    frames = core.frames
    records = {r["pledge_id"]: {k: _clean(v) for k, v in r.items()} for r in frames.pledges.to_dict("records")}
    # the 계획/실적 paths as the charts draw them, column by column (a row dict per point cost a third of it)
    points: dict[tuple[str, str], dict[str, list]] = {}
    table = frames.points
    for pid, sub, kind, year, month, value in zip(*(table[c].tolist() for c in (
            "pledge_id", "subproject", "kind", "year", "end_month", "value")), strict=True):
        if value is not None and value == value:
            path = points.setdefault((pid, sub), {"계획": [], "실적": []})
            path.setdefault(kind, []).append([year + month / 12, value])
    achievements: dict[str, list[dict]] = {}
    for r in frames.achievements.to_dict("records"):
        achievements.setdefault(r["pledge_id"], []).append({
            "subproject": _clean(r["subproject"]), "text": r["text"],
            "date": format_achievement_date(r["start"], r["start_precision"], r["end"], r["end_precision"],
                                            bool(r["open_end"])) if r["start"] else (r["raw_date"] or ""),
        })
    return PublishedQuarter(
        ward=frames.ward, as_of=frames.as_of, summary=document["summary"], evaluation=core.evaluation,
        records=records,
        points=points, achievements=achievements, frames=frames,
    )


def attach_changes(current: PublishedQuarter, previous: PublishedQuarter | None) -> None:
    """What moved since the previous *approved* quarter: rates, statuses, pledges added or dropped."""
    current.previous_as_of = previous.as_of if previous else None
    if previous is None:
        return
    before = {p["id"]: p for p in previous.pledges}
    after = {p["id"]: p for p in current.pledges}
    for pid, pledge in after.items():
        old = before.get(pid)
        if old is None:
            current.changes.append({"id": pid, "title": pledge["title"], "what": "새 공약"})
        elif old["rate"] != pledge["rate"] or old["status"] != pledge["status"]:
            current.changes.append({"id": pid, "title": pledge["title"], "what": "변동",
                                    "rate_before": old["rate"], "rate_after": pledge["rate"],
                                    "status_before": old["status"], "status_after": pledge["status"]})
    for pid, old in before.items():
        if pid not in after:
            current.changes.append({"id": pid, "title": old["title"], "what": "빠진 공약"})


def chart_data(quarter: PublishedQuarter, pledge: dict, history: list[dict]) -> dict:
    """The pledge page's charts as plain data for assets/site.js: schedule, paths, budget and, from
    `history` (documents.site.terms.histories), its 이행률 at each approved quarter of its set."""
    pid = pledge["id"]
    gantt = [{"name": s["name"], "quarters": s["quarters"], "status": s["status"]} for s in pledge["subprojects"]]
    paths = []
    for s in pledge["subprojects"]:
        found = quarter.points.get((pid, s["name"]), {})
        paths.append({"name": s["name"], "plan": found.get("계획", []), "actual": found.get("실적", [])})
    sources = pledge["budget"]["by_source"]
    as_of = quarter.as_of
    return {
        "asOf": as_of.year + (as_of.month - 1 + as_of.day / 31) / 12,
        "gantt": gantt,
        "paths": paths,
        "budget": [{"source": s, "amount": v / 1_000_000} for s, v in sources.items()],
        "palette": site_palette(SOURCE_COLORS),
        "history": [{"x": h["x"], "label": h["short"], "rate": h["value"]} for h in history],
    }
