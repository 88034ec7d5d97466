"""Stage 2: which commission examines which task, day by day.

Stage 1 fixed the times and ``K`` commissions per pool, site and day with never
more than ``K`` tasks at once.  Here the tasks of one (pool, site, day) are
split among those ``K`` commissions: a greedy interval partition always
succeeds, and a small CP-SAT model then evens the loads, avoids a commission
with a lone candidate and spreads candidates of one établissement.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.solver.interrupt import new_solver, searching
from scheduler.solver.options import SolveOptions
from scheduler.solver.tasks import Task

#: Weights of the stage-2 soft rules (priority 2 far above priority 4).
WEIGHT_EVEN = 100
WEIGHT_LONE = 100
WEIGHT_SCHOOL = 1


@dataclass(frozen=True)
class Timed:
    task: Task
    start: int

    @property
    def end(self) -> int:
        return self.start + self.task.duration


def greedy_partition(items: list[Timed], k: int, group: bool = False) -> list[int]:
    """Commission index of each item; never more than ``k`` needed when at most
    ``k`` items overlap.  Prefers the free commission with fewest candidates of
    the same établissement (most, when ``group``), then the lightest load."""
    order = sorted(range(len(items)), key=lambda i: (items[i].start, items[i].task.key))
    free_at = [-1] * k
    load = [0] * k
    schools: list[dict[str, int]] = [defaultdict(int) for _ in range(k)]
    out = [0] * len(items)
    for i in order:
        it = items[i]
        school = it.task.candidate.etablissement
        free = [c for c in range(k) if free_at[c] <= it.start]
        if not free:
            raise ValueError("plus de tâches simultanées que de commissions")
        sign = -1 if group else 1
        c = min(free, key=lambda c: (sign * schools[c][school], load[c], c))
        out[i] = c
        free_at[c] = it.end
        load[c] += 1
        schools[c][school] += 1
    return out


def improve_partition(
    items: list[Timed],
    k: int,
    start: list[int],
    options: SolveOptions,
    time_limit: float,
    group: bool = False,
) -> list[int]:
    """Re-split the items among ``k`` commissions to even loads and spread
    schools (or group them, when ``group``)."""
    if k <= 1 or len(items) <= 1:
        return start
    m = cp_model.CpModel()
    x = [[m.new_bool_var(f"x{i}_{c}") for c in range(k)] for i in range(len(items))]
    for i in range(len(items)):
        m.add_exactly_one(x[i])
        for c in range(k):
            m.add_hint(x[i][c], start[i] == c)
    # Tasks running at the start of any task form a clique: one per commission.
    for it in items:
        clique = [i for i, o in enumerate(items) if o.start <= it.start < o.end]
        if len(clique) > 1:
            for c in range(k):
                m.add_at_most_one(x[i][c] for i in clique)
    # Symmetry: the tasks running at the busiest moment open commissions 0, 1, …
    busiest = max(([i for i, o in enumerate(items) if o.start <= it.start < o.end] for it in items), key=len)
    for c, i in enumerate(sorted(busiest, key=lambda i: items[i].task.key)[:k]):
        m.add(x[i][c] == 1)
    loads = [sum(x[i][c] for i in range(len(items))) for c in range(k)]
    lo, hi = m.new_int_var(0, len(items), "lo"), m.new_int_var(0, len(items), "hi")
    lone = []
    for c in range(k):
        m.add(loads[c] >= 1)
        m.add(lo <= loads[c])
        m.add(hi >= loads[c])
        is_lone = m.new_bool_var(f"lone{c}")
        m.add(loads[c] >= 2).only_enforce_if(is_lone.Not())
        lone.append(is_lone)
    excess = []
    by_school: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        by_school[it.task.candidate.etablissement].append(i)
    for school, members in by_school.items():
        cap = math.ceil(len(members) / k)
        for c in range(k):
            if group:
                # One more commission seeing this school costs one.
                seen = m.new_bool_var(f"seen_{school}_{c}")
                for i in members:
                    m.add_implication(x[i][c], seen)
                excess.append(seen)
                continue
            e = m.new_int_var(0, len(members), f"excess_{school}_{c}")
            m.add(e >= sum(x[i][c] for i in members) - cap)
            excess.append(e)
    m.minimize(WEIGHT_EVEN * (hi - lo) + WEIGHT_LONE * sum(lone) + WEIGHT_SCHOOL * sum(excess))
    solver = new_solver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = options.seed
    solver.parameters.max_time_in_seconds = options.within(max(0.05, time_limit))
    if options.deterministic_limit is not None:
        solver.parameters.max_deterministic_time = min(options.deterministic_limit, 1.0)
    with searching(solver):
        status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return start
    return [next(c for c in range(k) if solver.boolean_value(x[i][c])) for i in range(len(items))]


def partition_cost(items: list[Timed], k: int, assignment: list[int], group: bool = False) -> int:
    """The stage-2 objective of an assignment (to compare greedy and CP-SAT)."""
    loads = [0] * k
    per: dict[tuple[str, int], int] = defaultdict(int)
    sizes: dict[str, int] = defaultdict(int)
    for it, c in zip(items, assignment, strict=True):
        loads[c] += 1
        per[(it.task.candidate.etablissement, c)] += 1
        sizes[it.task.candidate.etablissement] += 1
    if group:
        excess = len(per)
    else:
        excess = sum(max(0, n - math.ceil(sizes[s] / k)) for (s, _), n in per.items())
    lone = sum(1 for n in loads if n < 2)
    return WEIGHT_EVEN * (max(loads) - min(loads)) + WEIGHT_LONE * lone + WEIGHT_SCHOOL * excess
