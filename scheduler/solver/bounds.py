"""Lower bounds on commission-days, from the tasks alone (no solver)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from scheduler.domain.session import Session
from scheduler.solver.interrupt import new_solver, searching
from scheduler.solver.tasks import Task, placeable


def usable_minutes_per_day(session: Session, tasks: list[Task]) -> int:
    """Most oral minutes one commission of these tasks can examine in a day.

    In each half-day the first candidate prepares before the commission starts,
    and the orals fill the rest only in multiples of the durations' gcd.
    """
    if not tasks:
        return 0
    step = reduce(math.gcd, (t.duration for t in tasks))
    prep = min(t.preparation for t in tasks)
    return sum(((end - start - prep) // step) * step for start, end in session.hours.half_days())


def pool_lower_bounds(session: Session, tasks: list[Task], time_limit: float = 5.0) -> dict[str, int]:
    """For each pool key, the fewest commission-days that can examine its tasks.

    Only tasks that fit some half-day of some working day count: one that
    fits nowhere is diagnosed on its own and must not inflate its pool's bound.
    Each pool's cutting-stock search gets ``time_limit`` seconds at most (what
    it proves by then is kept).
    """
    by_pool: dict[str, list[Task]] = defaultdict(list)
    for t in placeable(session, tasks):
        by_pool[t.pool.key].append(t)
    bounds = {}
    for key, group in by_pool.items():
        per_day = usable_minutes_per_day(session, group)
        minutes = sum(t.duration for t in group)
        simple = math.ceil(minutes / per_day) if per_day else len(group)
        bounds[key] = max(simple, pattern_lower_bound(session, group, time_limit))
    return bounds


def _patterns(types: list[tuple[int, int]], length: int) -> list[tuple[int, ...]]:
    """Every multiset of task types (preparation, duration) one commission can
    examine in a half-day of ``length`` minutes: the first candidate prepares
    before the commission starts, so the shortest preparation goes first."""
    out: list[tuple[int, ...]] = []

    def extend(i: int, counts: list[int], total: int, prep: int | None) -> None:
        if i == len(types):
            if any(counts):
                out.append(tuple(counts))
            return
        p, d = types[i]
        n = 0
        while True:
            first = prep if n == 0 else min(prep if prep is not None else p, p)
            if n and total + n * d + (first or 0) > length:
                break
            counts.append(n)
            extend(i + 1, counts, total + n * d, first if n else prep)
            counts.pop()
            n += 1

    extend(0, [], 0, None)
    return out


@dataclass(frozen=True)
class PatternCut:
    """A cutting-stock solution for one pool.

    ``types`` are the (preparation, duration) kinds of task; ``half_days[h]``
    lists, for half-day ``h`` of the day, one count vector per commission
    half-day used; ``bound`` is the proven lower bound on commission-days.
    """

    types: tuple[tuple[int, int], ...]
    half_days: tuple[tuple[tuple[int, ...], ...], ...]
    days: int
    bound: int


def cut_patterns(session: Session, tasks: list[Task], time_limit: float = 5.0) -> PatternCut | None:
    """Fewest commission-days of one pool, by cutting-stock over half-day patterns.

    Tighter than minutes / capacity when durations differ (extra time, E6 with
    or without ENG): a commission-day is a morning pattern plus an afternoon
    pattern, and the patterns must cover every task.  ``None`` when some task
    fits no half-day, or when ``time_limit`` ran out before a first cut.
    """
    return _cutting_stock(session, tasks, time_limit)[0]


def _cutting_stock(session: Session, tasks: list[Task], time_limit: float) -> tuple[PatternCut | None, int]:
    """The cut (if one was found) and a proven lower bound on its days (0 when
    nothing is proven): the solver's bound is proven even when time runs out."""
    # Imported on use: the simple bounds of this module (read by « oraux verifier »)
    # need no solver, and importing ortools takes a while.
    from ortools.sat.python import cp_model

    demand: dict[tuple[int, int], int] = defaultdict(int)
    for t in tasks:
        demand[(t.preparation, t.duration)] += 1
    types = sorted(demand)
    m = cp_model.CpModel()
    days = m.new_int_var(0, len(tasks), "days")
    cover: dict[tuple[int, int], list[cp_model.LinearExprT]] = defaultdict(list)
    usage: list[list[tuple[tuple[int, ...], cp_model.IntVar]]] = []
    for h, (begin, end) in enumerate(session.hours.half_days()):
        used = []
        for j, pattern in enumerate(_patterns(types, end - begin)):
            n = m.new_int_var(0, len(tasks), f"n{h}_{j}")
            used.append((pattern, n))
            for ty, c in zip(types, pattern, strict=True):
                if c:
                    cover[ty].append(c * n)
        m.add(cp_model.LinearExpr.sum([n for _, n in used]) <= days)
        usage.append(used)
    for ty, need in demand.items():
        if not cover[ty]:
            return None, 0
        m.add(cp_model.LinearExpr.sum(cover[ty]) >= need)
    m.minimize(days)
    solver = new_solver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    # The LP relaxation of a cutting-stock model is tight: with it, one worker
    # proves the optimum in well under a second where the default search can
    # stall for minutes without a first solution (59 orals of 6 kinds).
    solver.parameters.linearization_level = 2
    with searching(solver):
        status = solver.solve(m)
    best = solver.best_objective_bound
    bound = max(0, math.ceil(best - 1e-6)) if math.isfinite(best) else 0
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, bound
    half_days = tuple(tuple(pattern for pattern, n in used for _ in range(solver.value(n))) for used in usage)
    return PatternCut(tuple(types), half_days, int(solver.objective_value), bound), bound


def pattern_lower_bound(session: Session, tasks: list[Task], time_limit: float = 5.0) -> int:
    """Proven lower bound on a pool's commission-days from the cutting-stock
    model: what the solver proved in ``time_limit``, never a guess (0 when
    it proved nothing; the caller keeps the minutes bound then)."""
    if not tasks:
        return 0
    return _cutting_stock(session, tasks, time_limit)[1]
