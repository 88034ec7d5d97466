"""How many commissions the named examiners can form on a day, counting
each examiner once however many languages, épreuves or sites they cover.

A commission of a pool (``E4``, ``E2-ESP``) needs ``commission_size``
distinct examiners qualified for it, one of them a teacher when the épreuve
asks for mixed commissions; an examiner sits in one commission a day.  The
commissions of a day can be staffed only if, for every set of pools, the
seats they need are no more than the examiners able to take them (Hall's
condition on seats and examiners).  Each such inequality is a
:class:`SeatLimit`; stage 1 of the planner, the first-fit start and the
re-runs all keep the commissions of each day within them, so that a day
never gets more commissions than its examiners can form — an examiner of
Spanish and Portuguese, or of E4 and E5, is counted once.

Qualification, language, availability and the teacher seat are counted here;
daily maxima and conflicts of interest are left to the staffing itself
(:mod:`scheduler.solver.staffing`), which reports what they make impossible.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from scheduler.domain.session import Examiner, Session
from scheduler.solver.tasks import Pool

#: Past this many ways of choosing seats on one day, only each pool alone and
#: each group of pools sharing examiners are limited (necessary conditions,
#: no longer sufficient); no realistic session comes near.
MAX_CHOICES = 4096


@dataclass(frozen=True)
class SeatLimit:
    """On ``day``, the commissions of these pools, each taking ``seats`` of
    its members from one group of ``examiners`` people, fit in that group:
    ``sum(seats × commissions) <= examiners``."""

    day: date
    #: (pool key, seats each of its commissions takes from the group).
    seats: tuple[tuple[str, int], ...]
    examiners: int

    def holds(self, commissions: Mapping[str, int]) -> bool:
        """Whether these commissions of the day (by pool key) fit."""
        return sum(n * commissions.get(pool, 0) for pool, n in self.seats) <= self.examiners


@dataclass
class ExaminerCaps:
    """Every :class:`SeatLimit` of every day, and how many examiners can sit
    in each pool each day (for the diagnoses)."""

    limits: dict[date, list[SeatLimit]]
    #: Examiners able to sit in each pool each day.
    people: dict[tuple[str, date], int] = field(default_factory=dict)

    def on(self, day: date) -> list[SeatLimit]:
        """The limits of one day."""
        return self.limits.get(day, [])

    def allows(self, day: date, commissions: Mapping[str, int]) -> bool:
        """Whether the examiners of ``day`` can form these commissions (by pool key)."""
        return all(limit.holds(commissions) for limit in self.on(day))

    def limited(self, most: Mapping[tuple[str, date], int]) -> ExaminerCaps:
        """These caps with at most ``most[(pool, day)]`` commissions of a
        pool on a day (one fewer where the examiners could not be named)."""
        limits = {day: list(found) for day, found in self.limits.items()}
        for (pool, day), n in sorted(most.items()):
            limits.setdefault(day, []).append(SeatLimit(day, ((pool, 1),), n))
        return ExaminerCaps(limits, dict(self.people))

    def pool_cap(self, pool: str, day: date) -> int | None:
        """Most commissions of this pool alone on ``day`` (``None``: no limit known)."""
        caps = [
            limit.examiners // n
            for limit in self.on(day)
            for key, n in limit.seats
            if key == pool and len(limit.seats) == 1
        ]
        return min(caps) if caps else None


def examiner_caps(
    session: Session, examiners: list[Examiner], pools: list[Pool], days: list[date]
) -> ExaminerCaps:
    """The limits that the examiners put on each day's commissions of ``pools``."""
    limits: dict[date, list[SeatLimit]] = {}
    people: dict[tuple[str, date], int] = {}
    for day in days:
        present = [e for e in examiners if e.can_come(day)]
        active = [p for p in pools if day in _pool_days(session, p)]
        choices = []
        for pool in active:
            ep = session.epreuves[pool.family]
            able = frozenset(
                e.id
                for e in present
                if pool.family in e.epreuves and (pool.language is None or pool.language in e.languages)
            )
            people[(pool.key, day)] = len(able)
            options = [(ep.commission_size, able)]
            if ep.mixed_commission and ep.commission_size >= 2:
                teachers = frozenset(e.id for e in present if e.id in able and e.quality == "enseignant")
                options.append((1, teachers))
            choices.append((pool.key, options))
        limits[day] = _limits(day, choices)
    return ExaminerCaps(limits, people)


def _pool_days(session: Session, pool: Pool) -> set[date]:
    """Working days of the épreuves examined by the pool's commissions."""
    return {
        d for ep in session.epreuves.values() if ep.family == pool.family for d in session.working_days(ep)
    }


Choice = tuple[str, list[tuple[int, frozenset[str]]]]


def _limits(day: date, choices: list[Choice]) -> list[SeatLimit]:
    """Hall's condition for one day: for every way of taking, from some pools,
    either all the seats or only the teacher seats of their commissions, and
    whose examiners overlap (otherwise the parts are limited on their own)."""
    count = 1
    for _, options in choices:
        count *= len(options) + 1
    if count > MAX_CHOICES:
        return _necessary_limits(day, choices)
    out = []
    picks_per_pool = [[None, *options] for _, options in choices]
    for picks in itertools.product(*picks_per_pool):
        chosen = [(key, pick) for (key, _), pick in zip(choices, picks, strict=True) if pick is not None]
        if chosen and _connected([group for _, (_, group) in chosen]):
            union = frozenset().union(*(group for _, (_, group) in chosen))
            out.append(SeatLimit(day, tuple((key, n) for key, (n, _) in chosen), len(union)))
    return out


def _necessary_limits(day: date, choices: list[Choice]) -> list[SeatLimit]:
    """Each pool alone (all seats, teacher seats), then each group of pools
    whose examiners overlap, all seats."""
    out = [SeatLimit(day, ((key, n),), len(group)) for key, options in choices for n, group in options]
    groups: list[tuple[list[tuple[str, int]], set[str]]] = []
    for key, options in choices:
        n, able = options[0]
        merged: tuple[list[tuple[str, int]], set[str]] = ([(key, n)], set(able))
        for other in [g for g in groups if g[1] & able]:
            groups.remove(other)
            merged[0].extend(other[0])
            merged[1].update(other[1])
        groups.append(merged)
    out += [SeatLimit(day, tuple(sorted(seats)), len(group)) for seats, group in groups if len(seats) > 1]
    return out


def _connected(groups: list[frozenset[str]]) -> bool:
    """Whether the groups form one piece when overlapping groups are joined."""
    reached, frontier = {0}, [0]
    while frontier:
        i = frontier.pop()
        for j, other in enumerate(groups):
            if j not in reached and groups[i] & other:
                reached.add(j)
                frontier.append(j)
    return len(reached) == len(groups)
