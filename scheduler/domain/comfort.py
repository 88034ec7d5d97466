"""The candidates' comfort cost (priority 3 of the objective), written once.

Four things cost a candidate comfort, each weighed by the session's
:class:`~scheduler.domain.session.Preferences` (:func:`weigh`):

- a far candidate (écrit centre at least ``far_minutes`` from the site)
  convoked for the first rotation of a morning: they would leave home at dawn;
- two passages of one family (E2 and E2F) on different days: two trips;
- on one day, the half-hours between the starts of those two passages;
- the tens of minutes of travel beyond the nearest site the épreuve uses.

Solver-free, so that every layer prices a plan alike: the validator
recomputes the cost from a plan (:mod:`scheduler.validate.objective`), the
local search from placements (:mod:`scheduler.solver.swaps`), and the CP-SAT
stage (:mod:`scheduler.solver.time_model`) builds its terms from
:func:`first_rotation`, :func:`extra_travel` and :data:`HALF_HOUR` and
weighs them with :func:`weigh`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from scheduler.domain.session import Preferences, Session

#: Unit of the wait between two passages of one family on one day (minutes).
HALF_HOUR = 30


@dataclass(frozen=True)
class Passage:
    """One passage of a candidate before one commission, where and when it happens."""

    #: Épreuve family (E2F is in the E2 family): passages of one family pair up.
    family: str
    #: Sites the épreuve may use (the nearest sets the extra travel).
    sites: tuple[str, ...]
    preparation: int
    #: Minutes before the commission, follow-on units included (E6 then ENG).
    duration: int
    day: date
    site: str
    start: int  # minutes since midnight


@dataclass(frozen=True)
class ComfortTerms:
    """The unweighted comfort terms of some passages."""

    far_first: int = 0
    other_day: int = 0
    half_hours: int = 0
    travel: int = 0

    def __add__(self, other: ComfortTerms) -> ComfortTerms:
        return ComfortTerms(
            self.far_first + other.far_first,
            self.other_day + other.other_day,
            self.half_hours + other.half_hours,
            self.travel + other.travel,
        )

    def cost(self, preferences: Preferences) -> int:
        """The terms weighed as the planner weighs them."""
        return weigh(preferences, self.far_first, self.other_day, self.half_hours, self.travel)


class Term(Protocol):
    """What a weight multiplies: a count, or a solver's linear expression."""

    def __rmul__(self, weight: int, /) -> Any: ...


T = TypeVar("T", bound=Term)


def weigh(preferences: Preferences, far_first: T, other_day: T, half_hours: T, travel: T) -> T:
    """The comfort cost of four terms, counts or solver expressions alike."""
    return (
        preferences.far_first * far_first
        + preferences.other_day * other_day
        + preferences.half_hour_wait * half_hours
        + preferences.ten_minutes_travel * travel
    )


def first_rotation(session: Session, preparation: int, duration: int) -> tuple[int, int]:
    """The first rotation of the morning, ``[begin, end)`` in minutes of the day:
    starts before the first passage of the morning could have ended."""
    first = session.hours.start + preparation
    return first, first + duration


def far_first(session: Session, centre: str, passage: Passage) -> bool:
    """A candidate of écrit centre ``centre`` is far from the site and convoked
    for the first rotation of the morning."""
    if not session.is_far(centre, passage.site):
        return False
    begin, end = first_rotation(session, passage.preparation, passage.duration)
    return begin <= passage.start < end


def extra_travel(session: Session, centre: str, sites: tuple[str, ...], site: str) -> int:
    """Tens of minutes of travel to ``site`` beyond the nearest of ``sites``
    (none when the épreuve has one site)."""
    if len(sites) < 2:
        return 0
    return session.extra_travel(centre, sites, site)


def passage_terms(session: Session, centre: str, passage: Passage) -> ComfortTerms:
    """What one passage costs on its own."""
    return ComfortTerms(
        far_first=int(far_first(session, centre, passage)),
        travel=extra_travel(session, centre, passage.sites, passage.site),
    )


def pair_terms(a: Passage, b: Passage) -> ComfortTerms:
    """What two passages of one candidate cost together: nothing unless they
    are of one family, then another day or the half-hours between them."""
    if a.family != b.family:
        return ComfortTerms()
    if a.day != b.day:
        return ComfortTerms(other_day=1)
    return ComfortTerms(half_hours=abs(a.start - b.start) // HALF_HOUR)


def candidate_terms(session: Session, centre: str, passages: Sequence[Passage]) -> ComfortTerms:
    """The comfort terms of one candidate's placed passages."""
    total = ComfortTerms()
    for p in passages:
        total += passage_terms(session, centre, p)
    for i, a in enumerate(passages):
        for b in passages[i + 1 :]:
            total += pair_terms(a, b)
    return total


def candidate_cost(session: Session, centre: str, passages: Sequence[Passage]) -> int:
    """The weighed comfort cost of one candidate's placed passages."""
    return candidate_terms(session, centre, passages).cost(session.preferences)
