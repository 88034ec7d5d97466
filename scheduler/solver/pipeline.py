"""The CP-SAT planner: tasks → stage 1 (times, commission counts) → stage 2
(commission of each task) → plan.

Épreuves whose windows share no working day share no candidate constraint, so
each connected block (E2+E2F+E5, E4, E6+ENG for Toulouse 2021) is solved on
its own (:func:`solve_block`), with a share of the time limit proportional to
its size: one after the other by default, or at once when the options carry
another :class:`BlockRunner` (the blocks as tasks of a Dask cluster,
:mod:`scheduler.batch.blocks`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from scheduler.domain.plan import Plan, SolverInfo
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.solver.assemble import build_orals, commission_numbers
from scheduler.solver.bounds import PatternCut, cut_patterns, pool_lower_bounds
from scheduler.solver.commissions import Timed, greedy_partition, improve_partition, partition_cost
from scheduler.solver.diagnose import explain_unplaced
from scheduler.solver.examiner_caps import ExaminerCaps, examiner_caps
from scheduler.solver.first_fit import first_fit, template_fit
from scheduler.solver.options import SolveOptions
from scheduler.solver.solution import Placement, TimeSolution, depths
from scheduler.solver.tasks import Task, build_tasks, placeable
from scheduler.solver.time_model import solve_times, surroundings

#: Status of a plan that leaves orals out without proving they have no place.
TIME_TOO_SHORT = "temps insuffisant"
#: Share of the time limit left to stage 2 (commission assignment).
STAGE2_SHARE = 0.15
#: Share kept for assembling the plan after stage 2, so that the whole call
#: returns within the time limit.
ASSEMBLY_SHARE = 0.03
#: Blocks of more tasks than this are solved one épreuve family at a time:
#: one CP-SAT model of 17,000 tasks takes over 3 GB (benchmarks/scale.py).
SPLIT_ABOVE = 6000
#: Working days of one part of such a block: about one week, the size of the
#: bundled session's épreuves, which one model solves well.
PART_DAYS = 5
#: Most seconds spent improving the split of one (pool, site, day) among its
#: commissions: a soft rule, not worth minutes on a large session.
GROUP_SECONDS = 0.5


def blocks(session: Session, tasks: list[Task]) -> list[list[Task]]:
    """Group tasks whose épreuves share working days (union-find on codes)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    days: dict[str, set[date]] = defaultdict(set)
    for t in tasks:
        days[t.code] |= set(t.days)
    codes = sorted(days)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if days[a] & days[b]:
                parent[find(a)] = find(b)
    groups: dict[str, list[Task]] = defaultdict(list)
    for t in tasks:
        groups[find(t.code)].append(t)
    return sorted(groups.values(), key=lambda g: min(min(t.days) for t in g))


def plan_session(
    session: Session,
    candidates: list[Candidate],
    options: SolveOptions | None = None,
    *,
    bounds: dict[str, int] | None = None,
    examiners: list[Examiner] | None = None,
    split_above: int = SPLIT_ABOVE,
    most: dict[tuple[str, date], int] | None = None,
) -> Plan:
    """Plan every oral of the session; ``bounds`` are the pools' lower bounds
    on commission-days when the caller already computed them.  A block of
    more than ``split_above`` tasks is solved one épreuve family at a time.
    ``most`` caps the commissions of a pool on a day (with named examiners)."""
    options = options or SolveOptions()
    clock = time.monotonic()
    tasks = build_tasks(session, candidates)
    if bounds is None:
        bounds = pool_lower_bounds(session, tasks, options.within(5.0))
    # A task with no working day or no start that fits is reported, not solved.
    solvable = placeable(session, tasks)
    caps = None
    if examiners:
        all_pools = list({t.pool.key: t.pool for t in solvable}.values())
        all_days = sorted({d for t in solvable for d in t.days})
        caps = examiner_caps(session, examiners, all_pools, all_days)
        if most:
            caps = caps.limited(most)
    placements: dict[tuple[str, str], Placement] = {}
    stages: list[dict[str, str | int | float | None]] = []
    statuses: list[str] = []
    unproven = False
    stage_end = clock + options.time_limit * (1 - STAGE2_SHARE)
    found = list(blocks(session, solvable))
    run = options.blocks or in_turn
    jobs = [
        BlockJob(session, block, bounds, caps, split_above, stage_end, share)
        for block, share in zip(found, block_shares([len(b) for b in found], run.parallel), strict=True)
    ]
    for sol in run(jobs, options):
        unproven = unproven or (bool(sol.unplaced) and not sol.proven)
        placements.update(sol.placements)
        stages.extend(sol.stages)
        statuses.append(sol.status)
    commissions = depths(tasks, placements)
    assignment = _assign_commissions(
        tasks, placements, commissions, options, clock, session.preferences.group_schools
    )
    offsets = commission_numbers(session, tasks, commissions)
    orals = build_orals(session, candidates, tasks, placements, assignment, offsets)
    used = sum(commissions.values())
    bound = sum(bounds.values())
    unplaced = [t for t in tasks if t.key not in placements]
    # Commission-days at the lower bound are optimal whoever found them.
    status = "optimal" if not unplaced and used <= bound else _overall_status(statuses, unplaced)
    if unplaced and unproven:
        # Orals left out by a search cut short may have a place: no verdict.
        status = TIME_TOO_SHORT
    info = SolverInfo(
        status=status,
        objective=float(used),
        bound=float(min(bound, used)) if not unplaced else None,
        wall_time=round(time.monotonic() - clock, 3),
        parameters=options.as_dict(),
        stages=stages,
    )
    diagnostics = explain_unplaced(session, tasks, unplaced, bounds, caps)
    return Plan(session.code, orals, info, diagnostics)


@dataclass(frozen=True)
class BlockJob:
    """One block of épreuves to place, with all it needs: whoever runs it
    (this process, or a worker of a cluster) needs nothing else."""

    session: Session
    block: list[Task]
    #: Lower bounds of the pools (commission-days), of this block and others.
    bounds: dict[str, int]
    caps: ExaminerCaps | None
    split_above: int
    #: Instant (:func:`time.monotonic`) by which every block's search ends.
    stage_end: float
    #: Part of the time left at its start that this block may search.
    share: float


class BlockRunner(Protocol):
    """Solves a session's blocks, in turn or at once, and returns their
    solutions in the order of the jobs; ``parallel`` is how many run at once."""

    @property
    def parallel(self) -> int: ...

    def __call__(self, jobs: list[BlockJob], options: SolveOptions) -> list[TimeSolution]: ...


class _InTurn:
    """The blocks one after the other, in this process."""

    parallel = 1

    def __call__(self, jobs: list[BlockJob], options: SolveOptions) -> list[TimeSolution]:
        return [solve_block(job, options) for job in jobs]


#: The default runner: one block after the other.
in_turn: BlockRunner = _InTurn()


def block_shares(sizes: list[int], parallel: int) -> list[float]:
    """Part of the time left at its start that each block may search, by its
    number of tasks: in turn, its size over the tasks not yet solved; when
    ``parallel`` blocks run at once, its size over the tasks one runner
    takes on average (at most all the time left)."""
    total = max(1, sum(sizes))
    if parallel <= 1:
        return [n / max(1, total - sum(sizes[:i])) for i, n in enumerate(sizes)]
    return [min(1.0, parallel * n / total) for n in sizes]


def solve_block(job: BlockJob, options: SolveOptions) -> TimeSolution:
    """The times and commission counts of one block: the best constructed
    start, improved by CP-SAT (by parts when the block is large) within its
    share of the time left; never worse than the start."""
    session, block, bounds, caps = job.session, job.block, job.bounds, job.caps
    codes = sorted({t.code for t in block})
    label = "+".join(codes)
    pools = {t.pool.key: len(t.days) for t in block}
    lb = sum(bounds.get(k, 0) for k in pools)
    peak = sum(-(-bounds.get(k, 0) // max(1, n)) for k, n in pools.items())
    targets = {k: -(-bounds.get(k, 0) // max(1, n)) for k, n in pools.items()}
    cuts = {
        k: cut
        for k in pools
        if (cut := cut_patterns(session, [t for t in block if t.pool.key == k], options.within(5.0)))
    }
    start = _best_start(session, block, targets, cuts, lb, caps, options.deadline)
    # Building the start takes time too: share what is left.
    share = max(0.5, job.stage_end - time.monotonic()) * job.share
    if not options.seconds_left():
        sol = start  # no time left to improve it
    elif len(block) > job.split_above:
        sol = _solve_by_parts(session, block, options, start, share, caps, label)
    else:
        sol = solve_times(
            session,
            block,
            options,
            label=label,
            lower_bound=lb,
            peak_bound=peak,
            time_limit=share,
            hint=start,
            caps=caps,
        )
    return start if _worse(sol, start) else sol


def _solve_by_parts(
    session: Session,
    block: list[Task],
    options: SolveOptions,
    start: TimeSolution,
    time_limit: float,
    caps: ExaminerCaps | None,
    label: str,
) -> TimeSolution:
    """A block too large for one model (memory and presolve grow with it),
    improved from ``start`` one part at a time: an épreuve family over
    :data:`PART_DAYS` consecutive days of its window, its tasks kept on those
    days, everything else fixed where the current solution puts it
    (:class:`Surroundings`).  An oral left out by the start is offered to
    each part of its family in turn until one places it.

    Each part keeps every rule with the rest; the whole is never worse than
    ``start``.  Nothing is proven about the block as a whole (a part's
    optimum is optimal only with the rest fixed): the plan is proven optimal
    only when its commission-days meet the lower bound."""
    clock = time.monotonic()
    current = TimeSolution(dict(start.placements), dict(start.commissions), list(start.unplaced))
    stages: list[dict[str, str | int | float | None]] = []
    parts = _parts(block)
    for n, (days, tasks) in enumerate(parts):
        if not options.seconds_left():
            break
        pending = {t.key for t in current.unplaced}
        part = [
            replace(t, days=tuple(d for d in t.days if d in days))
            for t in tasks
            if (t.key in pending and days & set(t.days))
            or (t.key in current.placements and current.placements[t.key].day in days)
        ]
        share = max(0.5, time_limit - (time.monotonic() - clock)) / (len(parts) - n)
        if not part:
            continue
        keys = {t.key for t in part}
        pools = {t.pool.key for t in part}
        here = {(pool, site, d) for pool in pools for site in session.sites for d in days}
        around = surroundings(session, [t for t in block if t.key not in keys], current.placements)
        hint = TimeSolution(
            {k: p for k, p in current.placements.items() if k in keys},
            {k: c for k, c in current.commissions.items() if k in here},
            [t for t in current.unplaced if t.key in keys],
        )
        bounds = pool_lower_bounds(session, part, options.within(2.0))
        sol = solve_times(
            session,
            part,
            options,
            label=f"{label} ({part[0].pool.family}, {min(days):%d/%m}–{max(days):%d/%m})",
            lower_bound=sum(bounds.values()),
            peak_bound=sum(-(-b // len(days)) for b in bounds.values()),
            time_limit=share,
            hint=hint,
            caps=caps,
            around=around,
        )
        stages.extend(sol.stages)
        if _worse(sol, hint):
            continue
        for k in keys:
            current.placements.pop(k, None)
        current.placements.update(sol.placements)
        current.commissions = {k: c for k, c in current.commissions.items() if k not in here}
        current.commissions.update(sol.commissions)
        current.unplaced = [t for t in current.unplaced if t.key not in keys] + sol.unplaced
    current.stages = stages
    current.proven = False
    current.status = "réalisable"
    current.objective = float(sum(current.commissions.values()))
    return current


def _parts(block: list[Task]) -> list[tuple[set[date], list[Task]]]:
    """The block's épreuve families, each cut into runs of :data:`PART_DAYS`
    working days of its window, in time order; with each run, every task of
    the family (the caller keeps those placed or offered there)."""
    families: dict[str, list[Task]] = defaultdict(list)
    for t in block:
        families[t.pool.family].append(t)
    parts = []
    for family, tasks in families.items():
        days = sorted({d for t in tasks for d in t.days})
        for i in range(0, len(days), PART_DAYS):
            run = days[i : i + PART_DAYS]
            parts.append((run[0], family, set(run), tasks))
    parts.sort(key=lambda p: (p[0], p[1]))
    return [(run, tasks) for _, _, run, tasks in parts]


def _best_start(
    session: Session,
    block: list[Task],
    targets: dict[str, int],
    cuts: dict[str, PatternCut],
    lower_bound: int,
    caps: ExaminerCaps | None,
    deadline: float | None = None,
) -> TimeSolution:
    """The best constructed plan of a block, by unplaced orals then
    commission-days: cutting-stock templates, or (when the templates miss the
    lower bound) first fit with and without grouping a candidate's passages of
    one family on one day; what is left at ``deadline`` is left out."""
    template = template_fit(session, block, cuts, targets, caps, deadline).solution
    if not template.unplaced and sum(template.commissions.values()) <= lower_bound:
        return template
    starts = [template]
    starts += [
        first_fit(
            session,
            block,
            longest_first=True,
            day_targets=targets,
            group_family=group,
            considerate=True,
            caps=caps,
            deadline=deadline,
        ).solution
        for group in (True, False)
    ]
    return min(starts, key=lambda s: (len(s.unplaced), sum(s.commissions.values())))


def _worse(a: TimeSolution, b: TimeSolution) -> bool:
    return (len(a.unplaced), sum(a.commissions.values())) > (len(b.unplaced), sum(b.commissions.values()))


def _overall_status(statuses: list[str], unplaced: list[Task]) -> str:
    if unplaced:
        return "incomplet"
    if all(s == "optimal" for s in statuses):
        return "optimal"
    return "réalisable"


def _assign_commissions(
    tasks: list[Task],
    placements: dict[tuple[str, str], Placement],
    commissions: dict[tuple[str, str, date], int],
    options: SolveOptions,
    clock: float,
    group: bool,
) -> dict[tuple[str, str], int]:
    groups: dict[tuple[str, str, date], list[Timed]] = defaultdict(list)
    for t in tasks:
        p = placements.get(t.key)
        if p is not None:
            groups[(t.pool.key, p.site, p.day)].append(Timed(t, p.start))
    out: dict[tuple[str, str], int] = {}
    keys = sorted(groups)
    for n, key in enumerate(keys):
        items = sorted(groups[key], key=lambda it: (it.start, it.task.key))
        k = commissions[key]
        greedy = greedy_partition(items, k, group)
        left = options.within(options.time_limit * (1 - ASSEMBLY_SHARE) - (time.monotonic() - clock))
        share = min(GROUP_SECONDS, max(0.0, left / (len(keys) - n)))
        best = greedy
        if share > 0.05 and partition_cost(items, k, greedy, group) > 0:
            improved = improve_partition(items, k, greedy, options, share, group)
            if partition_cost(items, k, improved, group) < partition_cost(items, k, greedy, group):
                best = improved
        for it, c in zip(items, best, strict=True):
            out[it.task.key] = c
    return out


def first_fit_plan(session: Session, candidates: list[Candidate]) -> Plan:
    """The office's by-hand plan (first fit, no optimisation), for comparison."""
    clock = time.monotonic()
    tasks = build_tasks(session, candidates)
    placements: dict[tuple[str, str], Placement] = {}
    assignment: dict[tuple[str, str], int] = {}
    commissions: dict[tuple[str, str, date], int] = {}
    for block in blocks(session, placeable(session, tasks)):
        ff = first_fit(session, block)
        placements.update(ff.solution.placements)
        assignment.update(ff.assignment)
        commissions.update(ff.solution.commissions)
    offsets = commission_numbers(session, tasks, commissions)
    orals = build_orals(session, candidates, tasks, placements, assignment, offsets)
    unplaced = [t for t in tasks if t.key not in placements]
    info = SolverInfo(
        status="premier ajustement" if not unplaced else "incomplet",
        objective=float(sum(commissions.values())),
        wall_time=round(time.monotonic() - clock, 3),
    )
    bounds = pool_lower_bounds(session, tasks) if unplaced else {}
    diagnostics = explain_unplaced(session, tasks, unplaced, bounds)
    return Plan(session.code, orals, info, diagnostics)
