"""The ward's published quarters arranged by pledge set (민선 · 구청장), and each pledge's path within its set.

The sets are made by the spec's rule (`figures.terms.pledge_sets`) over the *published*
quarters, from the term and mayor each approved version states: a resident sees only
approved quarters, so a term is "earlier" on the site once a later term's quarter is
approved, and until then its last approved quarter is simply the latest. Comparisons
(the changes since the previous quarter, the feeds) and each pledge's history stay within
a set: pledge 3 of 민선 9기 is never pledge 3 of 민선 8기.
"""

from __future__ import annotations

from documents.site.quarter import PublishedQuarter, attach_changes
from figures.formatting import format_date, rate_text
from figures.terms import PledgeSet, QuarterHead, pledge_sets, set_of

CITY = "서울특별시"


def mayor_title(ward: str) -> str:
    """구청장 of a 자치구, 시장 of 서울특별시 (whose pledges the site shows beside the wards')."""
    return "시장" if ward == CITY else "구청장"


def set_name(owner: PledgeSet, sets: list[PledgeSet], ward: str = "") -> str:
    """`민선 9기`; with the mayor where a by-election made two sets of one term (`민선 8기 (구청장 홍길동)`)."""
    if owner.mayor and sum(s.term == owner.term for s in sets) > 1:
        return f"{owner.label} ({mayor_title(ward)} {owner.mayor})"
    return owner.label


def arrange(quarters: list[PublishedQuarter]) -> list[PledgeSet]:
    """Give each quarter (oldest first) its set, name and previous quarter within the set, and its changes."""
    sets = pledge_sets([QuarterHead(q.as_of, q.frames.term, q.frames.mayor) for q in quarters])
    by_date = {q.as_of: q for q in quarters}
    for quarter in quarters:
        owner = set_of(sets, quarter.as_of)
        quarter.owner, quarter.set_name = owner, set_name(owner, sets, quarter.ward) if owner else ""
        before = owner.previous(quarter.as_of) if owner else None
        quarter.previous = by_date.get(before) if before else None
        attach_changes(quarter, quarter.previous)
    return sets


def quarter_title(quarter: PublishedQuarter) -> str:
    """`민선 8기 최종 실적 · 2022. 6. 30. 기준`, or `민선 9기 · 2026. 9. 30. 기준`."""
    owner = quarter.owner
    final = owner is not None and owner.final_record == quarter.as_of
    return f"{quarter.set_name}{' 최종 실적' if final else ''} · {format_date(quarter.as_of)} 기준"


def histories(published: list[PublishedQuarter]) -> dict[tuple[int, str], list[dict]]:
    """(set number, 공약번호) → the pledge at each published quarter of that set, oldest first:
    기준일, status, 이행률 (text and value) and the link to that quarter's page of the pledge (from a
    pledge page in any quarter folder of the ward)."""
    found: dict[tuple[int, str], list[dict]] = {}
    for quarter in published:
        if quarter.owner is None:
            continue
        as_of = quarter.as_of
        for pledge in quarter.pledges:
            rate = pledge["rate"]
            found.setdefault((quarter.owner.number, pledge["id"]), []).append({
                "as_of": as_of, "date": format_date(as_of), "short": f"{as_of.year}. {as_of.month}.",
                "x": as_of.year + (as_of.month - 1 + as_of.day / 31) / 12, "status": pledge["status"],
                "value": rate, "rate": rate_text(rate),
                "folder": as_of.isoformat(),
            })
    return found
