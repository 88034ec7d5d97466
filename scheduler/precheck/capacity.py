"""Demand and supply of examination time per épreuve, before any solving.

Used by ``oraux verifier`` for a first capacity check; the planner's lower
bounds on commission-days are in :mod:`scheduler.solver.bounds`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scheduler.domain.plan import ABSENT, NV, WITHDRAWN
from scheduler.domain.session import Candidate, Epreuve, Session


@dataclass(frozen=True)
class Demand:
    """What one épreuve (with its follow-on units) asks of its commissions.

    ``candidates`` are those to examine; the registered candidates who will not
    sit the épreuve are counted apart, by reason (:meth:`Candidate.excused`).
    """

    code: str
    candidates: int
    nv: int
    oral_minutes: int
    preparation_minutes: int
    #: Absences and withdrawals recorded by a re-run's events.
    absent: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class Supply:
    """What one épreuve's window offers at most."""

    code: str
    days: int
    commissions_per_day: int
    minutes_per_commission_day: int

    @property
    def minutes(self) -> int:
        return self.days * self.commissions_per_day * self.minutes_per_commission_day


def followers(session: Session, code: str) -> list[Epreuve]:
    """Units taken right after ``code`` with the same commission (ENG after E6)."""
    return [e for e in session.epreuves.values() if e.follows == code]


def demand(session: Session, candidates: list[Candidate], code: str) -> Demand:
    """Minutes of oral (follow-on units included) and of preparation for ``code``.

    Only the orals the candidates sit count: not NV, absent or withdrawn ones,
    whether of ``code`` or of a follow-on unit.
    """
    ep = session.epreuves[code]
    units = [ep, *followers(session, code)]
    n = oral = prep = 0
    excused: Counter[str] = Counter()
    for c in candidates:
        if code not in c.requested_orals():
            continue
        reason = c.excused(code)
        if reason is not None:
            excused[reason] += 1
            continue
        n += 1
        for unit in units:
            if unit.code in c.requested_orals() and c.sits(unit.code):
                p, o = session.durations(unit, c.extra_time)
                oral += o
                prep += p
    return Demand(code, n, excused[NV], oral, prep, absent=excused[ABSENT], withdrawn=excused[WITHDRAWN])


def supply(session: Session, code: str) -> Supply:
    """Upper bound of examination minutes: days × commissions × usable minutes.

    Commissions per day are bounded by the interrogation rooms of the sites and,
    for a practical on computers, by the stations.
    """
    ep = session.epreuves[code]
    per_day = 0
    for key in ep.sites:
        site = session.sites[key]
        rooms = site.interrogation_rooms
        if ep.uses_computer:
            rooms = min(rooms, site.computer_stations)
        per_day += rooms
    minutes = sum(_usable(end - start, ep.preparation_minutes) for start, end in session.hours.half_days())
    return Supply(code, len(session.working_days(ep)), per_day, minutes)


def _usable(length: int, preparation: int) -> int:
    # The first candidate of a half-day prepares before the commission can start.
    return max(0, length - preparation)
