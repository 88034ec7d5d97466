"""What a broken rule reports, and the words every validator message shares.

:class:`Violation` is returned by the hard rules, the examiner rules and the
re-run rules alike.  The small formatting helpers below make "Candidat …,
E4, 2021-06-07 : …" and times read the same in every message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session
from scheduler.text import hhmm

_MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, with a French message for the exam office."""

    rule: str
    message: str
    candidate: str | None = None
    epreuve: str | None = None

    def __str__(self) -> str:
        return self.message


#: A hard rule: every violation of it in a plan, in a deterministic order.
Rule = Callable[[Session, list[Candidate], Plan], list[Violation]]


def clock(minutes: int) -> str:
    """Minutes since midnight as ``HH:MM``, or said to lie outside the day."""
    # A shifted or hand-edited plan may hold times outside the day; printing
    # them as "-1:50" would mislead, so say what they are.
    if 0 <= minutes < _MINUTES_PER_DAY:
        return hhmm(minutes)
    return f"{minutes} min (hors de la journée)"


def time_span(start: int, end: int) -> str:
    """``08:00–08:40``."""
    return f"{clock(start)}–{clock(end)}"


def count_of(n: int, singular: str, plural: str) -> str:
    """``1 salle``, ``2 salles``: ``n`` with the word agreeing with it."""
    return f"{n} {singular if n == 1 else plural}"


def iso_day(d: date) -> str:
    """The day as the validator messages write it: ``2021-06-07``."""
    return d.isoformat()


def site_town(session: Session, key: str) -> str:
    """The town of site ``key``, or the key itself when the site is unknown."""
    site = session.sites.get(key)
    return site.town if site else key


def heading(candidate: str, epreuve: str | None = None, day: date | None = None) -> str:
    """The start of a message about a candidate: ``Candidat 021…, E4, 2021-06-07``."""
    parts = [f"Candidat {candidate}"]
    if epreuve is not None:
        parts.append(epreuve)
    if day is not None:
        parts.append(iso_day(day))
    return ", ".join(parts)
