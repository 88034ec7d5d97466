"""Stage 1: when and where every task happens, and how many commissions work.

Commissions of one pool are interchangeable, so this stage does not name them:
on each day and site it bounds the number of tasks running at once by a
variable ``K`` (the commissions working that day).  A set of intervals that
never has more than ``K`` running at once can always be split into ``K``
commissions that examine one candidate at a time (interval graphs are
perfect), which stage 2 does.  ``sum(K)`` is then exactly the number of
commission-days, the first thing the office pays for.

Each rule is one ``_add_*`` function; each soft term one ``_term_*`` function
returning its named expression, so a plan can say what each rule cost.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from scheduler.domain.comfort import HALF_HOUR, extra_travel, first_rotation, weigh
from scheduler.domain.session import Session
from scheduler.domain.travel import TRAVEL_STAGE
from scheduler.solver.interrupt import new_solver, searching
from scheduler.solver.options import SolveOptions
from scheduler.solver.solution import Placement, TimeSolution, depths
from scheduler.solver.swaps import improve_by_swaps
from scheduler.solver.tasks import DAY, Task, is_far, starts_in_day

if TYPE_CHECKING:
    from scheduler.solver.examiner_caps import ExaminerCaps


@dataclass
class TaskVars:
    task: Task
    start: cp_model.IntVar
    placed: cp_model.IntVar
    day: dict[date, cp_model.IntVar]
    #: Presence literal at each possible site (the placed literal when only one).
    site: dict[str, cp_model.IntVar]


#: Spans ``(day, begin, end)`` (minutes of the day) where one commission of a
#: (pool, site) cannot take anyone, e.g. one that lost its examiner during
#: the day in a re-run.
Reserved = dict[tuple[str, str], list[tuple[date, int, int]]]


@dataclass(frozen=True)
class Surroundings:
    """What the rest of a block holds, fixed, while one part of it is solved
    (a block too large for one model is solved one épreuve family at a time).

    Every hard rule that ties a part to the rest reads it: a candidate's
    other passages (no overlap, the rest between two, one site a day), the
    rooms and the examiners the other commissions take, the loge seats of
    the other preparations."""

    #: Per candidate: ``(day, site, begin, end)`` of their other passages,
    #: preparation included, rest not included (minutes of the day).
    passages: dict[str, list[tuple[date, str, int, int]]]
    #: Commissions of the other pools per (pool, site, day).
    commissions: dict[tuple[str, str, date], int]
    #: Per site: ``(day, begin, end)`` of the other preparations in its loge.
    preparations: dict[str, list[tuple[date, int, int]]]


def surroundings(
    session: Session, tasks: list[Task], placements: dict[tuple[str, str], Placement]
) -> Surroundings:
    """The fixed :class:`Surroundings` made by ``tasks`` placed as in ``placements``."""
    passages: dict[str, list[tuple[date, str, int, int]]] = defaultdict(list)
    preparations: dict[str, list[tuple[date, int, int]]] = defaultdict(list)
    for t in tasks:
        p = placements.get(t.key)
        if p is None:
            continue
        passages[t.candidate.number].append((p.day, p.site, p.start - t.preparation, p.start + t.duration))
        if t.preparation:
            preparations[p.site].append((p.day, p.start - t.preparation, p.start))
    commissions = depths(tasks, placements)
    return Surroundings(dict(passages), commissions, dict(preparations))


class Model:
    """The CP-SAT model of one block of tasks (épreuves that share days).

    ``reserved`` and ``caps_from`` narrow two hard rules for a re-run (see
    :meth:`add_commission_capacity` and :meth:`add_examiner_caps`)."""

    def __init__(
        self,
        session: Session,
        tasks: list[Task],
        caps: ExaminerCaps | None = None,
        *,
        reserved: Reserved | None = None,
        caps_from: date | None = None,
        around: Surroundings | None = None,
    ) -> None:
        self.session = session
        self.tasks = tasks
        self.caps = caps
        self.reserved = reserved or {}
        self.caps_from = caps_from
        self.around = around or Surroundings({}, {}, {})
        self.model = cp_model.CpModel()
        self.origin = min(d for t in tasks for d in t.days)
        self.vars: list[TaskVars] = []
        self.capacity: dict[tuple[str, str, date], cp_model.IntVar] = {}
        self.max_capacity: dict[tuple[str, str, date], int] = {}
        for task in tasks:
            self._add_task(task)

    def offset(self, day: date) -> int:
        """Model minutes of midnight of ``day`` (the block's first day is 0)."""
        return (day - self.origin).days * DAY

    def _add_task(self, task: Task) -> None:
        m = self.model
        minutes = starts_in_day(self.session, task)
        per_day = {d: [self.offset(d) + t for t in minutes] for d in task.days}
        values = sorted(v for vs in per_day.values() for v in vs) or [0]
        name = f"{task.candidate.number}_{task.code}"
        start = m.new_int_var_from_domain(cp_model.Domain.from_values(values), f"s_{name}")
        placed = m.new_bool_var(f"placed_{name}")
        days = {d: m.new_bool_var(f"y_{name}_{d:%m%d}") for d in per_day if per_day[d]}
        m.add(sum(days.values()) == placed)
        for d, lit in days.items():
            m.add_linear_expression_in_domain(start, cp_model.Domain.from_values(per_day[d])).only_enforce_if(
                lit
            )
        if len(task.sites) == 1:
            sites = {task.sites[0]: placed}
        else:
            sites = {s: m.new_bool_var(f"z_{name}_{s}") for s in task.sites}
            m.add(sum(sites.values()) == placed)
        self.vars.append(TaskVars(task, start, placed, days, sites))

    # --- hard rules -------------------------------------------------------

    def add_commission_capacity(self) -> None:
        """At most K tasks of a pool at once per site and day; K within the rooms.

        During each of :attr:`reserved`'s spans one of the K commissions
        cannot take anyone."""
        m = self.model
        groups: dict[tuple[str, str], list[tuple[TaskVars, str]]] = defaultdict(list)
        for tv in self.vars:
            for site in tv.site:
                groups[(tv.task.pool.key, site)].append((tv, site))
        for (pool, site_key), members in groups.items():
            place = self.session.sites[site_key]
            cap = place.interrogation_rooms
            on_computer = any(
                self.session.epreuves[p.code].uses_computer for tv, _ in members for p in tv.task.parts
            )
            if on_computer:
                cap = min(cap, place.computer_stations)
            intervals: list[cp_model.IntervalVar] = []
            demands: list[cp_model.LinearExprT] = []
            for tv, s in members:
                intervals.append(
                    m.new_optional_fixed_size_interval_var(
                        tv.start, tv.task.duration, tv.site[s], f"i_{tv.task.key}_{s}"
                    )
                )
                demands.append(1)
            for n, (d, begin, end) in enumerate(self.reserved.get((pool, site_key), [])):
                begin, end = self.offset(d) + begin, self.offset(d) + end
                intervals.append(
                    m.new_fixed_size_interval_var(begin, end - begin, f"reserved_{pool}_{site_key}_{n}")
                )
                demands.append(1)
            for d in sorted({d for tv, _ in members for d in tv.day}):
                most = min(cap, len(self.session.rooms(site_key, d)))
                if on_computer:
                    most = min(most, self.session.stations(site_key, d))
                k = m.new_int_var(0, most, f"K_{pool}_{site_key}_{d:%m%d}")
                self.capacity[(pool, site_key, d)] = k
                self.max_capacity[(pool, site_key, d)] = cap
                intervals.append(
                    m.new_fixed_size_interval_var(self.offset(d), DAY, f"block_{pool}_{site_key}_{d}")
                )
                demands.append(cap - k)
            m.add_cumulative(intervals, demands, cap)

    def add_examiner_caps(self) -> None:
        """Never more commissions on a day than the examiners who can come
        that day can form, each examiner counted once whatever the pools they
        can sit in (:mod:`scheduler.solver.examiner_caps`); from
        :attr:`caps_from` on only, when set (a re-run leaves the past alone)."""
        if self.caps is None:
            return
        by_pool: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        for (pool, _, d), k in self.capacity.items():
            if self.caps_from is None or d >= self.caps_from:
                by_pool[(pool, d)].append(k)
        taken: dict[tuple[str, date], int] = defaultdict(int)
        for (pool, _, d), n in self.around.commissions.items():
            taken[(pool, d)] += n
        for d in sorted({d for _, d in by_pool}):
            for limit in self.caps.on(d):
                terms = [n * k for pool, n in limit.seats for k in by_pool.get((pool, d), [])]
                if terms:
                    fixed = sum(n * taken.get((pool, d), 0) for pool, n in limit.seats)
                    self.model.add(sum(terms) <= limit.examiners - fixed)

    def add_rooms(self) -> None:
        """Commissions working at a site on a day never outnumber its rooms open that day."""
        by_site_day: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        for (_, site, d), k in self.capacity.items():
            by_site_day[(site, d)].append(k)
        taken: dict[tuple[str, date], int] = defaultdict(int)
        for (_, site, d), n in self.around.commissions.items():
            taken[(site, d)] += n
        for (site, d), ks in by_site_day.items():
            if len(ks) > 1 or taken.get((site, d)):
                self.model.add(sum(ks) <= len(self.session.rooms(site, d)) - taken.get((site, d), 0))

    def add_loge(self) -> None:
        """Preparations running at once at a site never exceed its loge seats."""
        m = self.model
        by_site: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        for tv in self.vars:
            prep = tv.task.preparation
            if not prep:
                continue
            for s, presence in tv.site.items():
                by_site[s].append(
                    m.new_optional_fixed_size_interval_var(
                        tv.start - prep, prep, presence, f"prep_{tv.task.key}_{s}"
                    )
                )
        days = sorted({d for tv in self.vars for d in tv.day})
        for s, intervals in by_site.items():
            # The other parts of the block, then the sessions planned before this one.
            fixed = list(self.around.preparations.get(s, []))
            fixed += [(d, begin, end) for d in days for begin, end in self.session.held_preparations(s, d)]
            for n, (d, begin, end) in enumerate(fixed):
                intervals.append(
                    m.new_fixed_size_interval_var(self.offset(d) + begin, end - begin, f"prep_fixed_{s}_{n}")
                )
            m.add_cumulative(intervals, [1] * len(intervals), self.session.sites[s].loge_seats)

    def add_candidate_separation(self) -> None:
        """A candidate's tasks never overlap, with a rest between two of one day,
        and all tasks of one day are at one site."""
        m = self.model
        rest = self.session.rest_minutes
        by_cand: dict[str, list[TaskVars]] = defaultdict(list)
        for tv in self.vars:
            by_cand[tv.task.candidate.number].append(tv)
        for number, tvs in by_cand.items():
            elsewhere = self.around.passages.get(number, [])
            if len(tvs) + len(elsewhere) < 2:
                continue
            spans = [
                m.new_optional_fixed_size_interval_var(
                    tv.start - tv.task.preparation,
                    tv.task.preparation + tv.task.duration + rest,
                    tv.placed,
                    f"span_{tv.task.key}",
                )
                for tv in tvs
            ]
            spans += [
                m.new_fixed_size_interval_var(
                    self.offset(d) + begin, end - begin + rest, f"span_fixed_{number}_{n}"
                )
                for n, (d, _, begin, end) in enumerate(elsewhere)
            ]
            m.add_no_overlap(spans)
            for i, a in enumerate(tvs):
                for b in tvs[i + 1 :]:
                    self._one_site_per_day(a, b)
                for d, site, _, _ in elsewhere:
                    self._only_site_on(a, d, site)

    def _one_site_per_day(self, a: TaskVars, b: TaskVars) -> None:
        for d in set(a.day) & set(b.day):
            for sa, za in a.site.items():
                for sb, zb in b.site.items():
                    if sa == sb:
                        continue
                    self.model.add_bool_or([a.day[d].Not(), b.day[d].Not(), za.Not(), zb.Not()])

    def _only_site_on(self, a: TaskVars, d: date, site: str) -> None:
        """``a`` on day ``d`` only at ``site`` (where the candidate already is that day)."""
        if d not in a.day:
            return
        for s, z in a.site.items():
            if s != site:
                self.model.add_bool_or([a.day[d].Not(), z.Not()])

    def add_site_throughput(self) -> None:
        """A pool held at several sites takes, at a site on a day, at most K
        times the orals one commission can hold in a day (its orals one after
        another inside each half-day, the first after the shortest
        preparation).  Implied by :meth:`add_commission_capacity`, but stated
        as a sum the solver's relaxation sees: it tells the travel level how
        many candidates a nearer site can take, and so proves its optimum.
        Added after the commission-days level, which it leaves alone."""
        m = self.model
        multi = {tv.task.pool.key for tv in self.vars if len(tv.site) > 1}
        here: dict[tuple[str, str, date], list[tuple[cp_model.IntVar, Task]]] = defaultdict(list)
        for tv in self.vars:
            pool = tv.task.pool.key
            if pool not in multi:
                continue
            for site, z in tv.site.items():
                for d, y in tv.day.items():
                    if (pool, site, d) not in self.capacity:
                        continue
                    if len(tv.site) == 1:
                        here[(pool, site, d)].append((y, tv.task))
                        continue
                    both = m.new_bool_var(f"at_{tv.task.key}_{site}_{d:%m%d}")
                    m.add_bool_or([z.Not(), y.Not(), both])
                    here[(pool, site, d)].append((both, tv.task))
        g = self.session.grid_minutes
        for key, members in sorted(here.items()):
            shortest = min(t.duration for _, t in members)
            prep = min(t.preparation for _, t in members)
            per_commission = 0
            for begin, end in self.session.hours.half_days():
                first = begin + prep + (-(begin + prep)) % g
                per_commission += max(0, (end - first) // shortest)
            m.add(sum(lit for lit, _ in members) <= per_commission * self.capacity[key])

    # --- objective terms --------------------------------------------------

    def term_unplaced(self) -> cp_model.LinearExpr:
        return len(self.vars) - cp_model.LinearExpr.sum([tv.placed for tv in self.vars])

    def term_commission_days(self) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum(list(self.capacity.values()))

    def term_peak(self) -> cp_model.LinearExpr:
        """Per pool, the most commissions working on one day, all its sites
        together: the examiners to convene on the busiest day.  Counted over
        the sites together, so that holding an épreuve at one site rather than
        spreading it over several costs nothing here."""
        m = self.model
        by_pool_day: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        room: dict[tuple[str, date], int] = defaultdict(int)
        for (pool, site, day), k in self.capacity.items():
            by_pool_day[(pool, day)].append(k)
            room[(pool, day)] += self.max_capacity[(pool, site, day)]
        most: dict[str, int] = defaultdict(int)
        for (pool, _), n in room.items():
            most[pool] = max(most[pool], n)
        peaks = {pool: m.new_int_var(0, top, f"peak_{pool}") for pool, top in sorted(most.items())}
        for (pool, _), ks in sorted(by_pool_day.items()):
            m.add(peaks[pool] >= sum(ks))
        return cp_model.LinearExpr.sum(list(peaks.values()))

    def term_far_first_slot(self) -> cp_model.LinearExpr:
        """Far candidates convoked for the first rotation of a morning."""
        m = self.model
        terms = []
        for tv in self.vars:
            far_sites = [s for s in tv.site if is_far(self.session, tv.task, s)]
            if not far_sites or not tv.day:
                continue
            begin, end = first_rotation(self.session, tv.task.preparation, tv.task.duration)
            early = cp_model.Domain.from_intervals(
                [[self.offset(d) + begin, self.offset(d) + end - 1] for d in tv.day]
            )
            at_first = m.new_bool_var(f"first_{tv.task.key}")
            m.add_linear_expression_in_domain(tv.start, early).only_enforce_if(at_first)
            m.add_linear_expression_in_domain(tv.start, early.complement()).only_enforce_if(at_first.Not())
            for s in far_sites:
                if len(tv.site) == 1:
                    terms.append(at_first)
                else:
                    p = m.new_bool_var(f"farfirst_{tv.task.key}_{s}")
                    m.add_bool_or([at_first.Not(), tv.site[s].Not(), p])
                    terms.append(p)
        return cp_model.LinearExpr.sum(terms)

    def term_family_apart(self) -> tuple[cp_model.LinearExpr, cp_model.LinearExpr]:
        """For a candidate's two passages in one family (E2 and E2F): whether
        they are on different days, and the half-hours between them when they
        share a day."""
        m = self.model
        by_key: dict[tuple[str, str], list[TaskVars]] = defaultdict(list)
        for tv in self.vars:
            by_key[(tv.task.candidate.number, tv.task.pool.family)].append(tv)
        apart: list[cp_model.IntVar] = []
        waits: list[cp_model.IntVar] = []
        for tvs in by_key.values():
            for i, a in enumerate(tvs):
                for b in tvs[i + 1 :]:
                    name = f"{a.task.key}_{b.task.code}"
                    shared = [d for d in a.day if d in b.day]
                    same = []
                    for d in shared:
                        both = m.new_bool_var(f"same_{name}_{d:%m%d}")
                        m.add_bool_and([a.day[d], b.day[d]]).only_enforce_if(both)
                        m.add_bool_or([a.day[d].Not(), b.day[d].Not(), both])
                        same.append(both)
                    other_day = m.new_bool_var(f"apart_{name}")
                    m.add(sum(same) + other_day >= 1)
                    m.add(sum(same) + other_day <= 1)
                    apart.append(other_day)
                    gap = m.new_int_var(0, DAY, f"gap_{name}")
                    m.add_abs_equality(gap, a.start - b.start).only_enforce_if(other_day.Not())
                    m.add(gap == 0).only_enforce_if(other_day)
                    half_hours = m.new_int_var(0, DAY // HALF_HOUR, f"wait_{name}")
                    m.add_division_equality(half_hours, gap, HALF_HOUR)
                    waits.append(half_hours)
        return cp_model.LinearExpr.sum(apart), cp_model.LinearExpr.sum(waits)

    def term_extra_travel(self) -> cp_model.LinearExpr:
        """Extra travel (tens of minutes) beyond the nearest possible site."""
        terms: list[cp_model.LinearExprT] = []
        for tv in self.vars:
            if len(tv.site) < 2:
                continue
            for s, z in tv.site.items():
                extra = extra_travel(self.session, tv.task.candidate.centre, tv.task.sites, s)
                if extra:
                    terms.append(extra * z)
        return cp_model.LinearExpr.sum(terms)

    def term_travel_minutes(self) -> cp_model.LinearExpr:
        """Minutes of travel beyond the nearest site of the épreuve, over every
        candidate sent to a farther one (:meth:`Session.extra_minutes`)."""
        terms: list[cp_model.LinearExprT] = []
        for tv in self.vars:
            if len(tv.site) < 2:
                continue
            for s, z in tv.site.items():
                if extra := self.session.extra_minutes(tv.task.candidate.centre, tv.task.sites, s):
                    terms.append(extra * z)
        return cp_model.LinearExpr.sum(terms)

    # --- reading the solution ----------------------------------------------

    def read(self, solver: cp_model.CpSolver) -> TimeSolution:
        placements: dict[tuple[str, str], Placement] = {}
        unplaced: list[Task] = []
        for tv in self.vars:
            if not solver.boolean_value(tv.placed):
                unplaced.append(tv.task)
                continue
            day = next(d for d, lit in tv.day.items() if solver.boolean_value(lit))
            site = next(s for s, z in tv.site.items() if solver.boolean_value(z))
            placements[tv.task.key] = Placement(day, site, solver.value(tv.start) - self.offset(day))
        capacity = {k: solver.value(v) for k, v in self.capacity.items()}
        return TimeSolution(placements, {k: v for k, v in capacity.items() if v}, unplaced)

    def hint(self, solution: TimeSolution) -> None:
        self.model.clear_hints()
        for tv in self.vars:
            p = solution.placements.get(tv.task.key)
            self.model.add_hint(tv.placed, p is not None)
            if p is None:
                continue
            self.model.add_hint(tv.start, self.offset(p.day) + p.start)
            for d, lit in tv.day.items():
                self.model.add_hint(lit, d == p.day)
            if len(tv.site) > 1:
                for s, z in tv.site.items():
                    self.model.add_hint(z, s == p.site)
        for key, k in self.capacity.items():
            self.model.add_hint(k, solution.commissions.get(key, 0))


#: Every hard rule of stage 1, in the order they are added to the model (the
#: order shapes the search: keep it).  The planning model and the re-run
#: model both apply exactly these; a re-run's own restrictions come after.
HARD_RULES: tuple[Callable[[Model], None], ...] = (
    Model.add_commission_capacity,
    Model.add_examiner_caps,
    Model.add_rooms,
    Model.add_loge,
    Model.add_candidate_separation,
)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Prints objective and bound as solutions come; stops at a known bound."""

    def __init__(self, label: str, options: SolveOptions, stop_at: float | None) -> None:
        super().__init__()
        self.label = label
        self.options = options
        self.stop_at = stop_at

    def on_solution_callback(self) -> None:
        obj = self.objective_value
        bound = shown_bound(obj, self.best_objective_bound, self.stop_at)
        if self.options.progress:
            self.options.progress(f"{self.label} : objectif {obj:g}, borne {bound:g}, {self.wall_time:.1f} s")
        if self.stop_at is not None and obj <= self.stop_at + 1e-9:
            self.stop_search()


def shown_bound(objective: float, solver_bound: float, known: float | None) -> float:
    """The bound a progress line prints: CP-SAT's own (often 0 at first), or
    the stage's known bound, proven too, when it is higher.  The known bound
    counts every oral: under it, orals are left out and it bounds nothing."""
    if known is None or objective < known:
        return solver_bound
    return max(solver_bound, known)


def _solver(options: SolveOptions, time_limit: float) -> cp_model.CpSolver:
    solver = new_solver()
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    solver.parameters.max_time_in_seconds = options.within(max(0.1, time_limit))
    if options.deterministic_limit is not None:
        solver.parameters.max_deterministic_time = options.deterministic_limit
    solver.parameters.log_search_progress = options.log
    return solver


_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "réalisable",
    cp_model.INFEASIBLE: "irréalisable",
    cp_model.MODEL_INVALID: "modèle invalide",
    cp_model.UNKNOWN: "inconnu",
}


def comfort(mdl: Model) -> cp_model.LinearExpr:
    """The candidates' comfort, weighted by the session's preferences
    (:mod:`scheduler.domain.comfort`)."""
    apart, waits = mdl.term_family_apart()
    # The terms are built in this order (family pairs, far first, travel):
    # their variables' order shapes the search.
    far = mdl.term_far_first_slot()
    return weigh(mdl.session.preferences, far, apart, waits, mdl.term_extra_travel())


COMFORT = "confort des candidats"


@dataclass(frozen=True)
class Stage:
    """One level of the lexicographic objective."""

    label: str
    objective: cp_model.LinearExprT
    share: float
    stop_at: float | None = None
    #: Weight of the number of orals left out in ``objective``, when the rest
    #: of it always stays below that weight: the solver's bound then proves
    #: how many orals at least must be left out.
    unplaced_weight: int | None = None
    #: Run just before this level is solved (redundant constraints that
    #: help it, kept out of the earlier levels' search).
    prepare: Callable[[], None] | None = None


def _fewest_left_out(stage: Stage, bound: float, left_out: int) -> bool:
    """Whether the solver's bound proves that no plan leaves out fewer than
    ``left_out`` orals (the plan is then as complete as the session allows)."""
    w = stage.unplaced_weight
    if not left_out or w is None:
        return False
    # objective = w × left out + rest, with 0 <= rest < w.
    return math.ceil((bound - (w - 1)) / w - 1e-9) >= left_out


def solve_times(
    session: Session,
    tasks: list[Task],
    options: SolveOptions,
    *,
    label: str,
    lower_bound: int = 0,
    peak_bound: int = 0,
    time_limit: float,
    hint: TimeSolution | None = None,
    caps: ExaminerCaps | None = None,
    around: Surroundings | None = None,
) -> TimeSolution:
    """Place the tasks of one block, optimising lexicographically:
    unplaced orals then commission-days, then the minutes of travel beyond
    each candidate's nearest site (a real cost, where the site a commission
    sits at is none), then the peak of commissions on one day (examiners to
    convene), then the candidates' comfort.  Each level is
    kept when the next is optimised, and each solve starts from the last.
    With ``around``, the tasks are one part of a block, the rest fixed."""
    clock = time.monotonic()
    mdl = build_model(session, tasks, caps, around=around)
    big = sum(mdl.max_capacity.values()) + 1
    unplaced = mdl.term_unplaced()
    stages = [
        Stage("journées-commission", big * unplaced + mdl.term_commission_days(), 0.40, lower_bound, big),
        Stage(TRAVEL_STAGE, mdl.term_travel_minutes(), 0.10, 0, prepare=mdl.add_site_throughput),
        Stage("commissions par jour", mdl.term_peak(), 0.15, peak_bound),
        Stage(COMFORT, comfort(mdl), 0.35, 0),
    ]
    # Swaps exchange candidates between identical passages, knowing only
    # these tasks: with other passages fixed around them, they could break
    # the rules that tie a candidate's passages together.
    return run_stages(
        mdl, stages, options, label=label, time_limit=time_limit, hint=hint, clock=clock, swaps=around is None
    )


def build_model(
    session: Session,
    tasks: list[Task],
    caps: ExaminerCaps | None = None,
    *,
    reserved: Reserved | None = None,
    caps_from: date | None = None,
    around: Surroundings | None = None,
) -> Model:
    """The stage-1 model of ``tasks`` with every rule of :data:`HARD_RULES`
    (``reserved``, ``caps_from`` and ``around``: see :class:`Model`)."""
    mdl = Model(session, tasks, caps, reserved=reserved, caps_from=caps_from, around=around)
    for rule in HARD_RULES:
        rule(mdl)
    return mdl


def run_stages(
    mdl: Model,
    stages: list[Stage],
    options: SolveOptions,
    *,
    label: str,
    time_limit: float,
    hint: TimeSolution | None,
    clock: float,
    swaps: bool = True,
) -> TimeSolution:
    """Solve ``stages`` in order, each level kept while the next is optimised;
    the first stage's optimality decides whether the result is proven.
    ``swaps`` allows exchanging identical passages before the comfort stage
    (a re-run forbids it: swapped candidates would be moved)."""
    session, tasks = mdl.session, mdl.tasks
    best = hint
    records: list[dict[str, str | int | float | None]] = []
    proven = True
    for n, stage in enumerate(stages):
        share = stage.share / sum(s.share for s in stages[n:])
        if best is not None:
            if stage.label in (TRAVEL_STAGE, COMFORT) and swaps:
                # Cheap swaps of identical passages first (one at a farther site
                # for one nearer: less travel), in half this stage's time at
                # most; CP-SAT goes on from there.
                left = time_limit - (time.monotonic() - clock)
                improve_by_swaps(session, tasks, best.placements, deadline=time.monotonic() + left * share / 2)
            mdl.hint(best)
        if stage.prepare is not None:
            stage.prepare()
        mdl.model.minimize(stage.objective)
        left = time_limit - (time.monotonic() - clock)
        solver = _solver(options, left * share)
        with searching(solver):
            status = solver.solve(mdl.model, _Progress(f"{label}, {stage.label}", options, stage.stop_at))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            records.append({"etape": f"{label} : {stage.label}", "statut": _STATUS.get(status, "inconnu")})
            if n == 0:
                proven = False
                break
            # A later level found nothing better in its time: the plan so far
            # stands, and the next levels still get theirs.
            continue
        best = mdl.read(solver)
        value = round(solver.objective_value)
        # ``stop_at`` bounds commission-days over complete plans only: with
        # unplaced orals the objective mixes their penalty in, so keep the
        # solver's own bound then.
        known = stage.stop_at if stage.stop_at is not None and not best.unplaced else None
        optimal = status == cp_model.OPTIMAL or (known is not None and value <= known)
        bound = value if optimal else max(solver.best_objective_bound, known or 0)
        records.append(
            {
                "etape": f"{label} : {stage.label}",
                "statut": "optimal" if optimal else _STATUS[status],
                "objectif": value,
                "borne": bound,
                "temps_s": round(solver.wall_time, 3),
            }
        )
        if n == 0:
            proven = optimal or _fewest_left_out(stage, solver.best_objective_bound, len(best.unplaced))
        # Keep this level while optimising the next ones.
        mdl.model.add(stage.objective <= value)
    if best is None:
        return TimeSolution({}, {}, list(tasks), stages=records, status="irréalisable")
    best.stages = records
    best.proven = proven
    best.status = "optimal" if proven and not best.unplaced else "réalisable"
    best.objective = float(sum(best.commissions.values()))
    return best
