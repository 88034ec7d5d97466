"""First-fit planning, as an exam office does it by hand in a spreadsheet.

Candidates are taken in list order (longer, extra-time passages first); each
goes to the first day, the first commission and the earliest time where every
hard rule holds, opening a new commission only when the open ones are full.

It is the baseline the benchmark compares CP-SAT with, and the hint that the
CP-SAT model starts from.  Solver-free.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scheduler.domain.comfort import first_rotation
from scheduler.domain.session import Session
from scheduler.solver.bounds import PatternCut
from scheduler.solver.solution import Placement, TimeSolution
from scheduler.solver.tasks import Task, is_far, starts_in_day

if TYPE_CHECKING:
    from scheduler.solver.examiner_caps import ExaminerCaps


@dataclass
class _State:
    session: Session
    group_family: bool = True
    #: Spare candidates: nearest site first, far ones out of the first rotation.
    considerate: bool = False
    #: Commissions the examiners can form each day, when they are named.
    caps: ExaminerCaps | None = None
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

    def __post_init__(self) -> None:
        # Preparations of the sessions planned before this one, at a shared site.
        g = self.session.grid_minutes
        for site, day, begin, end in self.session.held_loge:
            used = self.loge[(site, day)]
            for t in range(begin - begin % g, end, g):
                used[t] = used.get(t, 0) + 1

    def examiners_allow(self, task: Task, day: date) -> bool:
        """One more commission of the task's pool that day stays within what
        the named examiners can form."""
        if self.caps is None:
            return True
        opened: Counter[str] = Counter()
        for (p, _, d), v in self.commissions.items():
            if d == day:
                opened[p] += len(v)
        opened[task.pool.key] += 1
        return self.caps.allows(day, opened)

    def open_at(self, site: str, day: date) -> int:
        return sum(len(v) for (_, s, d), v in self.commissions.items() if s == site and d == day)

    def commission_cap(self, task: Task, site: str, day: date) -> int:
        """Commissions of the task's pool that can sit at once at ``site`` on
        ``day``: one per open room, and one per free computer station for an
        épreuve on computer."""
        cap = len(self.session.rooms(site, day))
        if any(self.session.epreuves[p.code].uses_computer for p in task.parts):
            cap = min(cap, self.session.stations(site, day))
        return cap

    def rooms_left(self, site: str, day: date) -> bool:
        """A room of ``site`` is still free on ``day`` (closed rooms not counted)."""
        return self.open_at(site, day) < len(self.session.rooms(site, day))

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
    return session.travel(task.candidate.centre, site) or 0


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
                begin, end = first_rotation(s, task.preparation, task.duration)
                times = [t for t in minutes if not begin <= t < end] + [
                    t for t in minutes if begin <= t < end
                ]
            key = (task.pool.key, site, day)
            opened = state.commissions[key]
            cap = state.commission_cap(task, site, day)
            limit = cap if target is None else min(target, cap)
            can_open = len(opened) < limit and state.rooms_left(site, day) and state.examiners_allow(task, day)
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


def _uncommit(state: _State, task: Task, place: Placement, k: int) -> None:
    """Undo :func:`_commit` (the commission stays open)."""
    state.commissions[(task.pool.key, place.site, place.day)][k].remove(
        (place.start, place.start + task.duration)
    )
    g = state.session.grid_minutes
    loge = state.loge[(place.site, place.day)]
    for t in range(place.start - task.preparation, place.start, g):
        loge[t] -= 1
    state.family_days[(task.candidate.number, task.pool.family)].discard(place.day)
    state.candidate[(task.candidate.number, place.day)].remove(
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
    caps: ExaminerCaps | None = None,
    deadline: float | None = None,
) -> FirstFit:
    """Place tasks one by one at the first feasible day, commission and time.

    In list order by default, as an office does; ``longest_first`` places the
    long (extra-time, follow-on) passages first.  ``day_targets`` caps the
    commissions a pool opens per site and day, so that the days fill evenly;
    a task that fits nowhere under the cap may still open one more.
    ``group_family`` tries a candidate's second passage in a family (E2F
    after E2) on the day of the first; ``considerate`` sends candidates to the
    nearest site and far ones out of the first rotation of the morning.
    Past ``deadline`` (a :func:`time.monotonic` instant), the tasks left are
    left out.
    """
    state = _State(session, group_family, considerate, caps)
    order = list(range(len(tasks)))
    if longest_first:
        order.sort(key=lambda i: (-(tasks[i].duration + tasks[i].preparation), i))
    placements: dict[tuple[str, str], Placement] = {}
    assignment: dict[tuple[str, str], int] = {}
    unplaced: list[Task] = []
    for i in order:
        task = tasks[i]
        if _past(deadline):
            unplaced.append(task)
            continue
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


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


@dataclass(frozen=True)
class _Slot:
    pool: str
    site: str
    day: date
    commission: int
    start: int
    kind: tuple[int, int]


def template_fit(
    session: Session,
    tasks: list[Task],
    cuts: dict[str, PatternCut],
    day_targets: dict[str, int] | None = None,
    caps: ExaminerCaps | None = None,
    deadline: float | None = None,
) -> FirstFit:
    """Lay out each pool's optimal half-day patterns as commission timetables,
    spread evenly over the days, then seat the candidates in them; whatever
    does not fit (loge, a candidate's other orals) is placed by first fit.

    First fit packs greedily and may leave a little room in every half-day;
    the cutting-stock patterns reach the lower bound whenever the rooms, the
    loge and the candidates' other orals allow it.  Past ``deadline`` (a
    :func:`time.monotonic` instant), the tasks left are left out.
    """
    state = _State(session, group_family=True, considerate=True, caps=caps)
    by_pool: dict[str, list[Task]] = defaultdict(list)
    for t in tasks:
        by_pool[t.pool.key].append(t)
    free: dict[tuple[str, tuple[int, int]], list[_Slot]] = defaultdict(list)
    for key in sorted(by_pool, key=lambda k: (-len(by_pool[k]), k)):
        cut = cuts.get(key)
        if cut is not None:
            for slot in _lay_out(state, by_pool[key], cut, (day_targets or {}).get(key)):
                free[(slot.pool, slot.kind)].append(slot)
    # Most constrained first: passages of pools with few slots (a rare
    # language sits on one day only), then candidates with several passages,
    # then long passages, then list order.
    passages: dict[str, int] = defaultdict(int)
    for t in tasks:
        passages[t.candidate.number] += 1
    room = {key: len(v) for key, v in free.items()}

    def urgency(i: int) -> tuple[int, int, int, int]:
        t = tasks[i]
        return (
            room.get((t.pool.key, (t.preparation, t.duration)), 0),
            -passages[t.candidate.number],
            -t.duration,
            i,
        )

    order = sorted(range(len(tasks)), key=urgency)
    placements: dict[tuple[str, str], Placement] = {}
    assignment: dict[tuple[str, str], int] = {}
    leftovers: list[Task] = []
    for i in order:
        task = tasks[i]
        pool_free = free[(task.pool.key, (task.preparation, task.duration))]
        chosen = None if _past(deadline) else _best_slot(state, task, pool_free)
        if chosen is None:
            leftovers.append(task)
            continue
        pool_free.remove(chosen)
        placements[task.key] = Placement(chosen.day, chosen.site, chosen.start)
        assignment[task.key] = chosen.commission
        _commit(state, task, placements[task.key], chosen.commission)
    seated = {t.key: t for t in tasks}
    still: list[Task] = []
    for task in leftovers:
        if _past(deadline) or not _repair(state, task, free, seated, placements, assignment):
            still.append(task)
    unplaced = []
    for task in still:
        found = None if _past(deadline) else _place(state, task)
        if found is None:
            unplaced.append(task)
            continue
        place, k = found
        _commit(state, task, place, k)
        placements[task.key] = place
        assignment[task.key] = k
    counts = {key: sum(1 for busy in v if busy) for key, v in state.commissions.items()}
    sol = TimeSolution(placements, {k: n for k, n in counts.items() if n}, unplaced, status="gabarits")
    sol.objective = float(sum(sol.commissions.values()))
    return FirstFit(sol, assignment)


def _repair(
    state: _State,
    task: Task,
    free: dict[tuple[str, tuple[int, int]], list[_Slot]],
    tasks: dict[tuple[str, str], Task],
    placements: dict[tuple[str, str], Placement],
    assignment: dict[tuple[str, str], int],
) -> bool:
    """Seat ``task`` in a free slot that only the candidate's own other passage
    blocks, by moving that passage to another free slot of its pool or to the
    slot of a twin passage (same pool and kind) whose candidate can move."""
    own = [tasks[key] for key in placements if key[0] == task.candidate.number and key in tasks]
    pool_free = free[(task.pool.key, (task.preparation, task.duration))]
    for other in own:
        was, k = placements[other.key], assignment[other.key]
        _uncommit(state, other, was, k)
        chosen = _best_slot(state, task, pool_free)
        if chosen is not None:
            place = Placement(chosen.day, chosen.site, chosen.start)
            _commit(state, task, place, chosen.commission)
            kind = (other.preparation, other.duration)
            other_free = free[(other.pool.key, kind)]
            vacated = _Slot(other.pool.key, was.site, was.day, k, was.start, kind)
            moved = _best_slot(state, other, other_free)
            if moved is not None:
                other_free.remove(moved)
                other_free.append(vacated)
                placements[other.key] = Placement(moved.day, moved.site, moved.start)
                assignment[other.key] = moved.commission
                _commit(state, other, placements[other.key], moved.commission)
            if moved is not None or _swap_into(state, other, vacated, tasks, placements, assignment):
                pool_free.remove(chosen)
                placements[task.key], assignment[task.key] = place, chosen.commission
                return True
            _uncommit(state, task, place, chosen.commission)
        _commit(state, other, was, k)
    return False


def _swap_into(
    state: _State,
    other: Task,
    vacated: _Slot,
    tasks: dict[tuple[str, str], Task],
    placements: dict[tuple[str, str], Placement],
    assignment: dict[tuple[str, str], int],
) -> bool:
    """Seat the uncommitted ``other`` in the slot of a twin passage (same pool
    and kind) whose candidate can take ``vacated`` instead."""
    kind = (other.preparation, other.duration)
    for key, place in list(placements.items()):
        twin = tasks.get(key)
        if twin is None or twin.key == other.key or twin.pool.key != other.pool.key:
            continue
        if (twin.preparation, twin.duration) != kind or twin.candidate.number == other.candidate.number:
            continue
        k = assignment[key]
        _uncommit(state, twin, place, k)
        target = _Slot(twin.pool.key, place.site, place.day, k, place.start, kind)
        if _best_slot(state, other, [target]) is not None:
            _commit(state, other, place, k)
            if _best_slot(state, twin, [vacated]) is not None:
                new = Placement(vacated.day, vacated.site, vacated.start)
                _commit(state, twin, new, vacated.commission)
                placements[key], assignment[key] = new, vacated.commission
                placements[other.key], assignment[other.key] = place, k
                return True
            _uncommit(state, other, place, k)
        _commit(state, twin, place, k)
    return False


def _lay_out(state: _State, tasks: list[Task], cut: PatternCut, target: int | None) -> list[_Slot]:
    """Open the commission-days of ``cut`` over the pool's sites and days,
    at the sites nearest the candidates first (:func:`_site_quota`), the
    fewest per day first, and return their empty slots."""
    s = state.session
    sample = tasks[0]
    halves = s.hours.half_days()
    ordered = [sorted(h, key=lambda p: -sum(p)) for h in cut.half_days]
    n_days = max((len(h) for h in ordered), default=0)
    quota = _site_quota(s, tasks, n_days)
    slots: list[_Slot] = []
    for i in range(n_days):
        place = _open_commission(state, sample, target, quota)
        if place is None:
            break
        site, day, k = place
        for (begin, _), patterns in zip(halves, ordered, strict=True):
            if i >= len(patterns):
                continue
            kinds = sorted(kind for kind, n in zip(cut.types, patterns[i], strict=True) for _ in range(n))
            t = begin + kinds[0][0]
            for kind in kinds:
                slots.append(_Slot(sample.pool.key, site, day, k, t, kind))
                t += kind[1]
    return slots


def _site_quota(session: Session, tasks: list[Task], n_days: int) -> dict[str, int]:
    """For a pool held at several sites: the commission-days each site needs
    to seat the candidates it is the nearest site of (an even share of the
    pool's ``n_days`` per candidate); empty for a pool held at one site."""
    sites = tasks[0].sites
    if len(sites) < 2 or not n_days:
        return {}
    nearest = Counter(session.nearest_site(t.candidate.centre, sites) for t in tasks)
    per_day = len(tasks) / n_days
    return {site: math.ceil(nearest[site] / per_day) for site in sites if nearest[site]}


def _open_commission(
    state: _State, sample: Task, target: int | None, quota: dict[str, int] | None = None
) -> tuple[str, date, int] | None:
    """A new commission of the pool at the (site, day) with the fewest so far,
    at a site whose ``quota`` of commission-days is not yet used up when one
    can (the quota then goes down by one)."""
    quota = quota or {}
    options = []
    for day in sample.days:
        for site in sample.sites:
            key = (sample.pool.key, site, day)
            n = len(state.commissions[key])
            cap = state.commission_cap(sample, site, day)
            if n < cap and state.rooms_left(site, day) and state.examiners_allow(sample, day):
                over = target is not None and n >= target
                spent = bool(quota) and quota.get(site, 0) <= 0  # no quota: none spent
                options.append((over, spent, n, day, site))
    if not options:
        return None
    _, _, n, day, site = min(options)
    if quota:
        quota[site] = quota.get(site, 0) - 1
    state.commissions[(sample.pool.key, site, day)].append([])
    return site, day, n


def _best_slot(state: _State, task: Task, slots: list[_Slot]) -> _Slot | None:
    """The feasible slot the candidate prefers: the day of their other passage
    in the family, the nearest site, out of the first rotation when far."""
    s = state.session
    same_family = state.family_days.get((task.candidate.number, task.pool.family), set())
    begin_early, end_early = first_rotation(s, task.preparation, task.duration)
    best: tuple[tuple[int, int, int, date, str, int, int], _Slot] | None = None
    for slot in slots:
        early = begin_early <= slot.start < end_early and is_far(s, task, slot.site)
        key = (
            int(slot.day not in same_family),
            _travel(s, task, slot.site),
            int(early),
            slot.day,
            slot.site,
            slot.commission,
            slot.start,
        )
        if best is not None and key >= best[0]:
            continue
        begin = slot.start - task.preparation
        end = slot.start + task.duration
        if task.preparation and not state.loge_free(slot.site, slot.day, begin, slot.start):
            continue
        if not state.candidate_free(task, slot.site, slot.day, begin, end):
            continue
        best = (key, slot)
    return best[1] if best else None
