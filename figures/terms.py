"""Pledge sets (공약 세트): a ward's quarters of one term (민선) and one mayor (구청장).

Spec "Terms and pledge adjustments": a quarter belongs to the set of the ward's previous
기준일 when both have the same 민선 and its 구청장 is blank or the same as that set's;
otherwise it starts a new set (a new term, or a by-election's new mayor). Quarters are
compared, pledges matched by 공약번호 and figures charted across quarters only within a
set. The last quarter of a set that a later set follows is that set's final record
(최종 실적). Pure functions over the ward's quarters in date order.

A set's mayor is the first 구청장 its quarters name: a set whose first quarters leave it
blank takes the first name given (docs/choices.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.terms import effective_term, term_label


@dataclass(frozen=True)
class QuarterHead:
    """What sets are made of: a ward's 기준일 with the term and mayor of its shown version."""

    as_of: dt.date
    term: int | None
    mayor: str | None = None

    @property
    def known_term(self) -> int:
        """The stated term, or (a quarter stored before terms were kept) the 기준일's."""
        return effective_term(self.term, self.as_of)


@dataclass(frozen=True)
class PledgeSet:
    """One set: its number among the ward's sets (1 = the oldest), term, mayor and quarters."""

    number: int
    term: int
    mayor: str | None
    dates: tuple[dt.date, ...]
    #: a later set follows: this set's last quarter is its final record (최종 실적)
    closed: bool = False

    @property
    def label(self) -> str:
        """`민선 9기` (pages add the mayor where a by-election made two sets of one term)."""
        return term_label(self.term)

    @property
    def first(self) -> dt.date:
        return self.dates[0]

    @property
    def last(self) -> dt.date:
        return self.dates[-1]

    @property
    def final_record(self) -> dt.date | None:
        """The set's 최종 실적: its last quarter, once a later set follows."""
        return self.dates[-1] if self.closed else None

    def previous(self, as_of: dt.date) -> dt.date | None:
        """The quarter before `as_of` within this set (None for the set's first)."""
        earlier = [d for d in self.dates if d < as_of]
        return earlier[-1] if earlier else None


def joins(set_term: int, set_mayor: str | None, term: int, mayor: str | None) -> bool:
    """Whether a quarter of (`term`, `mayor`) continues a set of (`set_term`, `set_mayor`)."""
    return term == set_term and (mayor is None or set_mayor is None or mayor == set_mayor)


def pledge_sets(heads: list[QuarterHead]) -> list[PledgeSet]:
    """The ward's sets, oldest first, from its quarters (any order)."""
    found: list[tuple[int, str | None, list[dt.date]]] = []
    for head in sorted(heads, key=lambda h: h.as_of):
        term, mayor = head.known_term, head.mayor
        if found and joins(found[-1][0], found[-1][1], term, mayor):
            set_term, set_mayor, dates = found[-1]
            found[-1] = (set_term, set_mayor or mayor, [*dates, head.as_of])
        else:
            found.append((term, mayor, [head.as_of]))
    return [PledgeSet(n, term, mayor, tuple(dates), closed=n < len(found))
            for n, (term, mayor, dates) in enumerate(found, start=1)]


def set_of(sets: list[PledgeSet], as_of: dt.date) -> PledgeSet | None:
    """The set holding `as_of`."""
    return next((s for s in sets if as_of in s.dates), None)


def previous_in_set(heads: list[QuarterHead], as_of: dt.date, term: int, mayor: str | None) -> dt.date | None:
    """The previous quarter of a quarter (stored or about to be) of `term` and `mayor` at `as_of`.

    None when `as_of` starts a new set: the ward's previous 기준일 is of another term or
    another mayor (or there is none).
    """
    others = [h for h in heads if h.as_of != as_of]
    earlier = [h for h in others if h.as_of < as_of]
    if not earlier:
        return None
    last = max(earlier, key=lambda h: h.as_of)
    sets = pledge_sets(earlier)
    owner = set_of(sets, last.as_of)
    return last.as_of if owner and joins(owner.term, owner.mayor, term, mayor) else None
