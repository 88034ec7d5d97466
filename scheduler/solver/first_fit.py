"""First-fit planning, as an exam office does it by hand in a spreadsheet.

Candidates are taken in list order (longer, extra-time passages first); each
goes to the first day, the first commission and the earliest time where every
hard rule holds, opening a new commission only when the open ones are full.

It is the baseline the benchmark compares CP-SAT with, and the hint that the
CP-SAT model starts from.  Solver-free.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from scheduler.domain import Session
from scheduler.solver.tasks import Task, early_starts, is_far, starts_in_day
from scheduler.solver.time_model import Placement, TimeSolution


@dataclass
class _State:
    session: Session
    group_family: bool = True
    #: Spare candidates: nearest site first, far ones out of the first rotation.
    considerate: bool = False
    #: (pool, site, day) -> busy intervals of each open commission
    commissions: dict[tuple[str, str, date], list[list[tuple[int, int]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: (site, day) -> preparations running in each grid step
    loge: dict[tuple[str, date], dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    #: (candidate, family) -> days of their passages in that family
    family_days: dict[tuple[str, str], set[date]] = field(default_factory=lambda: defaultdict(set))
    #: (candidate, day) -> (busy from, end, site) of their passages
    candidate: dict[tuple[str, date], list[tuple[int, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def open_at(self, site: str, day: date) -> int:
        return sum(len(v) for (_, s, d), v in self.commissions.items() if s == site and d == day)

    def commission_cap(self, task: Task, site: str) -> int:
        place = self.session.sites[site]
        cap = place.interrogation_rooms
        if any(self.session.epreuves[p.code].uses_computer for p in task.parts):
            cap = min(cap, place.computer_stations)
        return cap

    def loge_free(self, site: str, day: date, begin: int, end: int) -> bool:
        seats = self.session.sites[site].loge_seats
        used = self.loge[(site, day)]
        g = self.session.grid_minutes
        return all(used.get(t, 0) < seats for t in range(begin, end, g))

    def candidate_free(self, task: Task, site: str, day: date, begin: int, end: int) -> bool:
        rest = self.session.rest_minutes
        for b, e, s in self.candidate[(task.candidate.number, day)]:
            if s != site or (begin < e + rest and b < end + rest):
                return False
        return True


def _free(busy: list[tuple[int, int]], begin: int, end: int) -> bool:
    return all(end <= b or e <= begin for b, e in busy)


def _travel(session: Session, task: Task, site: str) -> int:
    centre = session.centre_of(task.candidate.centre)
    return session.travel_minutes.get(centre.town, {}).get(site, 0) if centre else 0


def _place(state: _State, task: Task, target: int | None = None) -> tuple[Placement, int] | None:
    s = state.session
    minutes = starts_in_day(s, task)
    # A candidate's second passage in a family (E2F after E2) goes to the same
    # day first: one trip instead of two.
    same_family = (
        state.family_days.get((task.candidate.number, task.pool.family), set())
        if state.group_family
        else set()
    )
    sites = list(task.sites)
    if state.considerate:
        sites.sort(key=lambda site: _travel(s, task, site))
    for day in sorted(task.days, key=lambda d: d not in same_family):
        for site in sites:
            times = minutes
            if state.considerate and is_far(s, task, site):
                begin, end = early_starts(s, task)
                times = [t for t in minutes if not begin <= t < end] + [
                    t for t in minutes if begin <= t < end
                ]
            key = (task.pool.key, site, day)
            opened = state.commissions[key]
            limit = (
                state.commission_cap(task, site)
                if target is None
                else min(target, state.commission_cap(task, site))
            )
            can_open = len(opened) < limit and (state.open_at(site, day) < s.sites[site].interrogation_rooms)
            candidates = list(range(len(opened))) + ([len(opened)] if can_open else [])
            for k in candidates:
                busy = opened[k] if k < len(opened) else []
                for t in times:
                    end = t + task.duration
                    begin = t - task.preparation
                    if not _free(busy, t, end):
                        continue
                    if task.preparation and not state.loge_free(site, day, begin, t):
                        continue
                    if not state.candidate_free(task, site, day, begin, end):
                        continue
                    return Placement(day, site, t), k
    return None


def _commit(state: _State, task: Task, place: Placement, k: int) -> None:
    key = (task.pool.key, place.site, place.day)
    opened = state.commissions[key]
    if k == len(opened):
        opened.append([])
    opened[k].append((place.start, place.start + task.duration))
    g = state.session.grid_minutes
    loge = state.loge[(place.site, place.day)]
    for t in range(place.start - task.preparation, place.start, g):
        loge[t] = loge.get(t, 0) + 1
    state.family_days[(task.candidate.number, task.pool.family)].add(place.day)
    state.candidate[(task.candidate.number, place.day)].append(
        (place.start - task.preparation, place.start + task.duration, place.site)
    )


@dataclass
class FirstFit:
    """A first-fit plan: stage-1 shaped result and the commission of each task."""

    solution: TimeSolution
    assignment: dict[tuple[str, str], int]


def first_fit(
    session: Session,
    tasks: list[Task],
    *,
    longest_first: bool = False,
    day_targets: dict[str, int] | None = None,
    group_family: bool = True,
    considerate: bool = False,
) -> FirstFit:
    """Place tasks one by one at the first feasible day, commission and time.

    In list order by default, as an office does; ``longest_first`` places the
    long (extra-time, follow-on) passages first.  ``day_targets`` caps the
    commissions a pool opens per site and day, so that the days fill evenly;
    a task that fits nowhere under the cap may still open one more.
    ``group_family`` tries a candidate's second passage in a family (E2F
    after E2) on the day of the first; ``considerate`` sends candidates to the
    nearest site and far ones out of the first rotation of the morning.
    """
    state = _State(session, group_family, considerate)
    order = list(range(len(tasks)))
    if longest_first:
        order.sort(key=lambda i: (-(tasks[i].duration + tasks[i].preparation), i))
    placements: dict[tuple[str, str], Placement] = {}
    assignment: dict[tuple[str, str], int] = {}
    unplaced: list[Task] = []
    for i in order:
        task = tasks[i]
        cap = day_targets.get(task.pool.key) if day_targets else None
        found = _place(state, task, cap) if cap is not None else None
        found = found or _place(state, task)
        if found is None:
            unplaced.append(task)
            continue
        place, k = found
        _commit(state, task, place, k)
        placements[task.key] = place
        assignment[task.key] = k
    counts = {key: len(v) for key, v in state.commissions.items() if v}
    sol = TimeSolution(placements, counts, unplaced, status="premier ajustement")
    sol.objective = float(sum(counts.values()))
    return FirstFit(sol, assignment)
