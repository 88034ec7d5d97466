"""Local improvement of the candidates' comfort by swapping identical passages.

Two passages of one pool with the same preparation and duration can trade
their (day, site, start) without changing any commission, room, loge or
station count: only the two candidates' own rules (one site a day, rest,
no overlap) need checking.  Swapping a far candidate out of the first
rotation of the morning with a near one is what an office would do by hand;
doing it after stage 1 saves the CP-SAT comfort stage most of its work.
"""

from __future__ import annotations

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


def improve_by_swaps(session: Session, tasks: list[Task], placements: Placements, rounds: int = 3) -> int:
    """Swap identical passages while the candidates' comfort improves; return the gain."""
    by_candidate: dict[str, list[Task]] = defaultdict(list)
    for t in tasks:
        by_candidate[t.candidate.number].append(t)
    groups: dict[tuple[str, int, int, tuple[str, ...]], list[Task]] = defaultdict(list)
    for t in tasks:
        if t.key in placements:
            groups[(t.pool.key, t.preparation, t.duration, t.sites)].append(t)
    gain = 0
    for _ in range(rounds):
        improved = False
        for members in groups.values():
            for a in members:
                if not comfort(session, by_candidate[a.candidate.number], placements):
                    continue  # nothing to gain for this candidate
                for b in members:
                    if a.candidate.number == b.candidate.number:
                        continue
                    delta = _try_swap(session, a, b, by_candidate, placements)
                    if delta > 0:
                        gain += delta
                        improved = True
        if not improved:
            break
    return gain


def _try_swap(
    session: Session,
    a: Task,
    b: Task,
    by_candidate: dict[str, list[Task]],
    placements: Placements,
) -> int:
    pa, pb = placements[a.key], placements[b.key]
    if pa == pb:
        return 0
    ta, tb = by_candidate[a.candidate.number], by_candidate[b.candidate.number]
    before = comfort(session, ta, placements) + comfort(session, tb, placements)
    placements[a.key], placements[b.key] = pb, pa
    after = comfort(session, ta, placements) + comfort(session, tb, placements)
    if after < before and _feasible(session, ta, placements) and _feasible(session, tb, placements):
        return before - after
    placements[a.key], placements[b.key] = pa, pb
    return 0
