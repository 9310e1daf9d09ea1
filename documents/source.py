"""What the documents read: the store's `Quarter` (figures/quarter.py), the one read-model of a quarter.

The cards and the report recompute nothing: every figure is the kept core's, and what the quarter's
place among the ward's quarters adds (the previous quarter, what moved, the term, the adjustments)
is the store's assembly (store/quarters.py), as on the pages and the site. This module only checks
what an official asked for and says in Korean what the store does not hold.
"""

from __future__ import annotations

import datetime as dt

from figures.formatting import format_date
from figures.quarter import Quarter


class DocumentError(LookupError):
    """A ward, 기준일 or pledge the store does not hold; the message is Korean, for the official."""


def normal_id(pledge_id: object) -> str:
    """`25`, `25.0` and ` 25 ` name the same pledge (a number typed or read from a cell)."""
    wanted = str(pledge_id).strip()
    return wanted[:-2] if wanted.endswith(".0") else wanted


def load_quarter(store, ward: str, as_of: dt.date | None, *, pledge_id: str | None = None) -> Quarter:
    """The stored quarter (the latest when `as_of` is None); DocumentError in Korean when absent.

    With `pledge_id` its adjustments are that pledge's only (for its card)."""
    if ward not in store.wards():
        raise DocumentError(f"'{ward}' 자료가 저장소에 없습니다. 자치구 이름을 확인해 주세요.")
    quarter = store.quarter(ward, as_of)
    if quarter is None:
        dates = ", ".join(format_date(d) for d in store.as_of_dates(ward)) or "없음"
        when = f"{format_date(as_of)} 기준 " if as_of else ""
        raise DocumentError(f"{ward}의 {when}자료가 없습니다. 저장된 기준일: {dates}")
    if pledge_id is None:
        return quarter
    ids = [str(i) for i in quarter.frames.pledges["pledge_id"]]
    wanted = normal_id(pledge_id)
    if wanted not in ids:
        more = " …" if len(ids) > 30 else ""
        raise DocumentError(
            f"{ward} {format_date(quarter.as_of)} 기준 자료에 공약 {pledge_id}이(가) 없습니다. "
            f"있는 공약번호: {', '.join(ids[:30])}{more}"
        )
    return quarter


def card_evidence(store, quarter: Quarter, *, pledge_id: str | None = None,
                  only: list[int] | None = None) -> dict[str, list]:
    """The 증빙 shown with the quarter (added to it or to an earlier quarter of its set), per pledge, as the
    cards list them: a photo with its thumbnail (made when it was added), a document by its name.
    `only`: these pieces alone (the published card shows what residents see: the approved ones)."""
    from documents.card import CardEvidence

    pieces = store.evidence(quarter.ward, quarter.as_of, pledge_id)
    if only is not None:
        pieces = [p for p in pieces if p.id in set(only)]
    thumbs = store.evidence_thumbnails([p.id for p in pieces if p.kind == "사진"]) if pieces else {}
    found: dict[str, list[CardEvidence]] = {}
    for p in pieces:
        found.setdefault(p.pledge_id, []).append(CardEvidence(
            caption=p.caption + (f" ({p.subproject})" if p.subproject else ""),
            when=format_date(p.taken_on) if p.taken_on else "미입력", kind=p.kind, file_name=p.saved_name,
            state=p.state, thumbnail=thumbs.get(p.id),
            thumb_size=(p.thumb_width, p.thumb_height) if p.thumb_width and p.thumb_height else None))
    return found
