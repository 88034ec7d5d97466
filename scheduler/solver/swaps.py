"""Local improvement of the candidates' comfort by swapping identical passages.

Two passages of one pool with the same preparation and duration can trade
their (day, site, start) without changing any commission, room, loge or
station count: only the two candidates' own rules (one site a day, rest,
no overlap) need checking.  Swapping a far candidate out of the first
rotation of the morning with a near one, or a candidate sent to the farther
site with one who lives nearer it, is what an office would do by hand; doing
it after stage 1 saves the CP-SAT travel and comfort stages most of their work.
"""

from __future__ import annotations

import time
from collections import defaultdict

from scheduler.domain.comfort import Passage, candidate_cost
from scheduler.domain.session import Session
from scheduler.solver.solution import Placement, Placements
from scheduler.solver.tasks import Task


def passage(task: Task, place: Placement) -> Passage:
    """The task as the comfort cost sees it, at ``place``."""
    return Passage(
        task.pool.family, task.sites, task.preparation, task.duration, place.day, place.site, place.start
    )


def comfort(session: Session, tasks: list[Task], placements: Placements) -> int:
    """Comfort cost of one candidate's passages (:mod:`scheduler.domain.comfort`)."""
    placed = [passage(t, placements[t.key]) for t in tasks if t.key in placements]
    if not placed:
        return 0
    return candidate_cost(session, tasks[0].candidate.centre, placed)


def _feasible(session: Session, tasks: list[Task], placements: Placements) -> bool:
    """One candidate's passages: one site a day, no overlap, rest between."""
    rest = session.rest_minutes
    spans = []
    for t in tasks:
        p = placements.get(t.key)
        if p is not None:
            spans.append((p.day, p.start - t.preparation, p.start + t.duration, p.site))
    for i, (d1, b1, e1, s1) in enumerate(spans):
        for d2, b2, e2, s2 in spans[i + 1 :]:
            if d1 != d2:
                continue
            if s1 != s2 or (b1 < e2 + rest and b2 < e1 + rest):
                return False
    return True


def improve_by_swaps(
    session: Session,
    tasks: list[Task],
    placements: Placements,
    rounds: int = 3,
    deadline: float | None = None,
) -> int:
    """Swap identical passages while the candidates' travel beyond their
    nearest sites, then their comfort, improve (the order in which the
    planner weighs them); stop at ``deadline`` (``time.monotonic()``) if
    given.  Return the swaps made."""
    return _Swaps(session, tasks, placements).run(rounds, deadline)


class _Swaps:
    """The search of :func:`improve_by_swaps`, each candidate's cost kept
    up to date rather than recomputed for every pair tried."""

    def __init__(self, session: Session, tasks: list[Task], placements: Placements) -> None:
        self.session = session
        self.placements = placements
        self.by_candidate: dict[str, list[Task]] = defaultdict(list)
        for t in tasks:
            self.by_candidate[t.candidate.number].append(t)
        self.groups: dict[tuple[str, int, int, tuple[str, ...]], list[Task]] = defaultdict(list)
        for t in tasks:
            if t.key in placements:
                self.groups[(t.pool.key, t.preparation, t.duration, t.sites)].append(t)
        self.minutes: dict[tuple[str, tuple[str, ...], str], int] = {}
        self.costs = {number: self._cost(number) for number in self.by_candidate}

    def _extra(self, task: Task, site: str) -> int:
        key = (task.candidate.centre, task.sites, site)
        if key not in self.minutes:
            self.minutes[key] = self.session.extra_minutes(*key)
        return self.minutes[key]

    def _cost(self, number: str) -> tuple[int, int]:
        """One candidate's minutes of travel beyond their nearest sites, then
        their comfort cost."""
        mine = self.by_candidate[number]
        minutes = sum(self._extra(t, p.site) for t in mine if (p := self.placements.get(t.key)) is not None)
        return minutes, comfort(self.session, mine, self.placements)

    def run(self, rounds: int, deadline: float | None) -> int:
        done = 0
        for _ in range(rounds):
            improved = False
            for members in self.groups.values():
                for a in members:
                    if deadline is not None and time.monotonic() > deadline:
                        return done
                    if not any(self.costs[a.candidate.number]):
                        continue  # nothing to gain for this candidate
                    for b in members:
                        if a.candidate.number != b.candidate.number and self._try(a, b):
                            done += 1
                            improved = True
            if not improved:
                break
        return done

    def _try(self, a: Task, b: Task) -> bool:
        """Swap the places of ``a`` and ``b`` if both candidates' rules still
        hold and their travel, then their comfort, improve; whether it was done."""
        pa, pb = self.placements[a.key], self.placements[b.key]
        if pa == pb:
            return False
        na, nb = a.candidate.number, b.candidate.number
        before = _both(self.costs[na], self.costs[nb])
        self.placements[a.key], self.placements[b.key] = pb, pa
        ca, cb = self._cost(na), self._cost(nb)
        if (
            _both(ca, cb) < before
            and _feasible(self.session, self.by_candidate[na], self.placements)
            and _feasible(self.session, self.by_candidate[nb], self.placements)
        ):
            self.costs[na], self.costs[nb] = ca, cb
            return True
        self.placements[a.key], self.placements[b.key] = pa, pb
        return False


def _both(x: tuple[int, int], y: tuple[int, int]) -> tuple[int, int]:
    return x[0] + y[0], x[1] + y[1]
