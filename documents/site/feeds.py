"""Follow a ward: Atom feeds (RFC 4287), one per ward and one for the city, an entry per approved quarter.

A resident subscribes once and their feed reader tells them when a quarter is approved and
what changed: the ward's 이행률, the pledges whose status moved, new 추진실적 and new 공약 조정
(with their reasons). Everything is compared within the quarter's pledge set, as the pages
do: the first quarter of a term says so instead of comparing with the last term.

Ids are `urn:uuid:` names derived (uuid5) from the ward and 기준일, so an entry keeps its id
when a corrected version of the same quarter is approved later (its `updated` moves, as
Atom means it to). `updated` is when the published version was approved. Links are relative
to the feed file (RFC 4287 resolves them against the feed's own address), so the folder
works wherever the ward's web team copies it and from `file://`. Written with Jinja2's XML
escaping; no new dependency.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from dataclasses import dataclass

from jinja2 import Environment

from documents.site.quarter import PublishedQuarter
from figures.adjustments import shown
from figures.formatting import format_date, rate_text

#: the namespace of every id this site mints (uuid5 of a fixed name: the same ids on every run)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:pledge-dashboard:published-site")
#: how many items of one kind an entry lists before it says "외 N건"
LISTED = 10
#: characters XML 1.0 does not allow at all (a text typed in Excel may carry one): a feed reader
#: refuses the whole feed over one of them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub(" ", text)


@dataclass
class FeedEntry:
    """One approved quarter as a feed entry; `href` is relative to the ward's folder."""

    ward: str
    as_of: dt.date
    id: str
    title: str
    updated: dt.datetime
    href: str
    summary: str
    content: str  # HTML (escaped again by the template: Atom type="html")


def feed_id(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(parts))}"


def rfc3339(moment: dt.datetime) -> str:
    """`2026-12-03T05:00:00Z`; a naive time (SQLite keeps none) is UTC, as the store writes it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _listed(items: list[str]) -> str:
    shown_items = "".join(f"<li>{html.escape(i)}</li>" for i in items[:LISTED])
    more = f"<li>외 {len(items) - LISTED}건</li>" if len(items) > LISTED else ""
    return f"<ul>{shown_items}{more}</ul>"


def _new_achievements(quarter: PublishedQuarter, previous: PublishedQuarter | None) -> list[str]:
    def keys(q: PublishedQuarter) -> dict[tuple, str]:
        return {(pid, a["subproject"], a["text"], a["date"]): f"공약 {pid}: {a['date']} {a['text']}".strip()
                for pid, items in q.achievements.items() for a in items}

    before = keys(previous) if previous else {}
    return [text for key, text in keys(quarter).items() if key not in before]


def _new_adjustments(quarter: PublishedQuarter, previous: PublishedQuarter | None) -> list[str]:
    before = {(a.key, a.after) for a in previous.adjustments} if previous else set()
    found = []
    for a in quarter.adjustments:
        if (a.key, a.after) in before:
            continue
        what = f"공약 {a.pledge_id} '{a.title}'" + (f" 세부사업 '{a.subproject}'" if a.subproject else "")
        reason = f" (사유: {a.row.reason})" if a.row else " (사유 미기재)"
        found.append(f"{what} {a.kind}: {shown(a.kind, a.before)} → {shown(a.kind, a.after)}{reason}")
    return found


def entry(quarter: PublishedQuarter, previous: PublishedQuarter | None, set_name: str) -> FeedEntry:
    """What changed in `quarter` since `previous` (the quarter before it in its set, or None)."""
    rate = quarter.summary["rate"]
    when = format_date(quarter.as_of)
    if previous is None:
        lead = (f"{set_name}의 첫 승인 분기입니다. 공약 {len(quarter.pledges)}건, 구 이행률 "
                f"{rate_text(rate)}.")
    else:
        lead = (f"구 이행률 {rate_text(previous.summary['rate'])} → {rate_text(rate)} "
                f"({format_date(previous.as_of)} 기준 대비).")
    moved = [f"공약 {c['id']} {c['title']}: {c['status_before']} → {c['status_after']}"
             for c in quarter.changes if c["what"] == "변동" and c["status_before"] != c["status_after"]]
    moved += [f"공약 {c['id']} {c['title']}: {c['what']}" for c in quarter.changes if c["what"] != "변동"]
    achieved = _new_achievements(quarter, previous)
    adjusted = _new_adjustments(quarter, previous)
    # 증빙 added to this quarter and approved with it (earlier quarters' pieces were in their own entries)
    proofs = [f"공약 {e.pledge_id} {e.kind}: {e.caption}" for e in quarter.evidence if e.as_of == quarter.as_of]
    parts = [f"<p>{html.escape(lead)}</p>"]
    counts = []
    for heading, items in (("상태가 바뀐 공약", moved), ("새 추진실적", achieved), ("새 공약 조정", adjusted),
                           ("새 증빙", proofs)):
        counts.append(f"{heading} {len(items)}건")
        if items:
            parts.append(f"<p>{heading} {len(items)}건</p>{_listed(items)}")
    return FeedEntry(
        ward=quarter.ward, as_of=quarter.as_of, id=feed_id(quarter.ward, quarter.as_of.isoformat()),
        title=f"{quarter.ward} {when} 기준 공약 이행 현황 ({set_name})", updated=quarter.approved_at,
        href=f"{quarter.as_of.isoformat()}/index.html", summary=f"{lead} {', '.join(counts)}.",
        content="".join(parts),
    )


def render(env: Environment, *, title: str, id: str, entries: list[FeedEntry], self_href: str, page_href: str,
           author: str, prefix: str = "") -> str:
    """The feed document, newest entry first; `prefix` puts the entries' links relative to the feed's folder."""
    ordered = sorted(entries, key=lambda e: (e.updated, e.as_of, e.ward), reverse=True)
    rows = [{"id": e.id, "title": xml_text(e.title), "updated": rfc3339(e.updated), "href": prefix + e.href,
             "summary": xml_text(e.summary), "content": xml_text(e.content), "author": e.ward}
            for e in ordered]
    updated = rfc3339(max((e.updated for e in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    return env.get_template("feed.xml").render(title=title, id=id, updated=updated, entries=rows,
                                               self_href=self_href, page_href=page_href, author=author)
