"""One benchmark run: plan an instance, check the plan, measure it.

Every figure comes from the plan itself (through :mod:`scheduler.validate.hard_rules`,
:mod:`scheduler.domain.commission` and the task model), never from what the solver
says about it, so the first-fit baseline and CP-SAT are measured alike.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import scheduler.solver.pipeline as planner
from scheduler.domain.commission import CommissionDay, commission_days
from scheduler.domain.commission import family_of as family_of_pool
from scheduler.domain.plan import UNPLACED, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.solver.options import SolveOptions
from scheduler.solver.tasks import Task, build_tasks, is_far
from scheduler.validate.hard_rules import validate
from scheduler.validate.orals import check_unplaced

#: Épreuve families reported, in this order (E2 counts E2F, E6 counts ENG).
FAMILIES: tuple[str, ...] = ("E2", "E4", "E5", "E6")
FIRST_FIT = "premier ajustement"
CP_SAT = "CP-SAT"
#: Violations kept verbatim in the results file (the count is always complete).
VIOLATION_SAMPLES = 20
#: Progress lines kept in the results file.
PROGRESS_LINES = 400


@dataclass(frozen=True)
class FamilyFigures:
    """Commission-days of one épreuve family against its lower bound."""

    family: str
    commission_days: int
    lower_bound: int
    #: (used - bound) / bound, in percent; None when the bound is 0.
    gap_pct: float | None
    #: Most commissions working on one day (max over days).
    peak_commissions: int
    #: Examiners to convene on that day: peak × commission size.
    peak_examiners: int
    unplaced: int


@dataclass(frozen=True)
class Comfort:
    """Candidate-comfort figures of a plan."""

    #: Candidates from a far écrit centre whose oral starts at the first slot
    #: of a morning (site opening + their preparation).
    far_first_slot_candidates: int
    #: Their passages at the first slot (a candidate may have several).
    far_first_slot_passages: int
    #: Far candidates starting in the first rotation of a morning: before the
    #: first oral of the morning could have ended (the first slot included).
    far_first_rotation_candidates: int
    #: Passages of candidates placed at a site far from their écrit centre.
    far_passages: int
    #: Candidates with both E2 and E2F placed.
    e2_e2f_candidates: int
    #: Of them, those whose E2 and E2F fall on different days.
    e2_e2f_different_days: int
    #: Mean wait (minutes) between the end of the first of E2/E2F and the start
    #: (preparation included) of the second, for those on the same day.
    e2_e2f_mean_wait_min: float | None


@dataclass(frozen=True)
class BlockTiming:
    """One connected block of épreuves inside a CP-SAT run (times in seconds)."""

    label: str
    time_limit_s: float
    #: Building the block's starting plan (the CP-SAT hint): time since the
    #: previous block ended (since the run started, for the first block).
    hint_s: float
    hint_unplaced: int
    hint_commission_days: int
    #: From the start of the block (its starting plan) to the first CP-SAT solution.
    first_solution_s: float | None
    #: CP-SAT stage 1 to 3 of the block (model building included).
    solve_s: float


@dataclass
class RunResult:
    """Everything measured on one run."""

    label: str
    method: str
    time_limit_s: float | None
    status: str
    wall_time_s: float
    #: Time until a complete valid plan exists (None when none was obtained).
    first_valid_s: float | None
    #: Time until every block had a CP-SAT solution (CP-SAT runs only).
    first_cpsat_solution_s: float | None
    unplaced: int
    #: Validator violations other than « oral non placé » (counted in ``unplaced``).
    violations: int
    violations_by_rule: dict[str, int]
    violation_samples: list[str]
    validation_s: float
    families: list[FamilyFigures]
    total: FamilyFigures
    comfort: Comfort
    blocks: list[BlockTiming] = field(default_factory=list)
    #: Wall time outside the blocks' first fits and CP-SAT solves (tasks,
    #: commission assignment, assembly, diagnostics); CP-SAT runs only.
    outside_blocks_s: float | None = None
    stages: list[dict[str, str | int | float | None]] = field(default_factory=list)
    progress: list[tuple[float, str]] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """The plan broke no rule (unplaced orals aside) and may be reported."""
        return self.violations == 0

    @property
    def complete(self) -> bool:
        return self.valid and self.unplaced == 0


# --------------------------------------------------------------------------
# Figures of a plan
# --------------------------------------------------------------------------


def family_of(session: Session, code: str) -> str:
    ep = session.epreuves.get(code)
    return ep.family if ep is not None else code


def family_figures(
    session: Session, plan: Plan, bounds: dict[str, int]
) -> tuple[list[FamilyFigures], FamilyFigures]:
    """Per family, then in total: commission-days, bound, gap, daily peak."""
    used: dict[str, list[CommissionDay]] = {}
    for cd in commission_days(plan).values():
        used.setdefault(cd.family, []).append(cd)
    unplaced = Counter(family_of(session, o.epreuve) for o in plan.orals if o.status == UNPLACED)
    family_bounds: Counter[str] = Counter()
    for pool, bound in bounds.items():
        family_bounds[family_of_pool(pool)] += bound
    names = list(FAMILIES) + sorted((set(used) | set(family_bounds)) - set(FAMILIES))
    out: list[FamilyFigures] = []
    for family in names:
        worked = used.get(family, [])
        per_day = Counter(cd.day for cd in worked)
        peak = max(per_day.values(), default=0)
        ep = session.epreuves.get(family)
        size = ep.commission_size if ep is not None else 1
        out.append(
            FamilyFigures(
                family,
                len(worked),
                family_bounds[family],
                _gap(len(worked), family_bounds[family]),
                peak,
                peak * size,
                unplaced[family],
            )
        )
    days = sum(f.commission_days for f in out)
    bound = sum(f.lower_bound for f in out)
    total = FamilyFigures("total", days, bound, _gap(days, bound), 0, 0, sum(f.unplaced for f in out))
    return out, total


def family_capacity(session: Session) -> dict[str, int]:
    """Most commission-days each family could use: working days × commissions
    its sites can hold at once (rooms, or computer stations when the épreuve
    needs them).  A lower bound above it proves that orals must stay unplaced."""
    out: dict[str, int] = {}
    for family in FAMILIES:
        ep = session.epreuves.get(family)
        if ep is None:
            continue
        per_day = 0
        for key in ep.sites:
            site = session.sites[key]
            per_day += (
                min(site.interrogation_rooms, site.computer_stations)
                if ep.uses_computer
                else site.interrogation_rooms
            )
        out[family] = per_day * len(session.working_days(ep))
    return out


def _gap(used: int, bound: int) -> float | None:
    return round(100 * (used - bound) / bound, 2) if bound else None


def first_slot(session: Session, task: Task) -> int:
    """Start of the first oral of the morning for this task: the site opens,
    the candidate prepares, the oral starts (the solver's own definition,
    restated here so that the measure does not move with the solver)."""
    return session.hours.start + task.preparation


def comfort(session: Session, candidates: list[Candidate], plan: Plan) -> Comfort:
    """Far candidates at the first morning slot; E2 and E2F of one candidate."""
    placed = {(o.candidate, o.epreuve): o for o in plan.placed()}
    far_first: set[str] = set()
    far_rotation: set[str] = set()
    far_first_passages = far_passages = 0
    for task in build_tasks(session, candidates):
        oral = placed.get(task.key)
        if oral is None or oral.site is None or oral.start is None or not is_far(session, task, oral.site):
            continue
        far_passages += 1
        first = first_slot(session, task)
        if oral.start == first:
            far_first_passages += 1
            far_first.add(task.candidate.number)
        if first <= oral.start < first + task.duration:
            far_rotation.add(task.candidate.number)
    both = different = 0
    waits: list[int] = []
    for cand in candidates:
        e2, e2f = placed.get((cand.number, "E2")), placed.get((cand.number, "E2F"))
        if e2 is None or e2f is None:
            continue
        both += 1
        if e2.day != e2f.day:
            different += 1
            continue
        earlier, later = sorted((e2, e2f), key=lambda o: o.busy_from or 0)
        if earlier.end is not None and later.busy_from is not None:
            waits.append(later.busy_from - earlier.end)
    return Comfort(
        len(far_first),
        far_first_passages,
        len(far_rotation),
        far_passages,
        both,
        different,
        round(statistics.fmean(waits), 1) if waits else None,
    )


# --------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------


def _measure(
    label: str,
    method: str,
    time_limit: float | None,
    session: Session,
    candidates: list[Candidate],
    bounds: dict[str, int],
    plan: Plan,
    wall: float,
) -> RunResult:
    clock = time.monotonic()
    violations = validate(session, candidates, plan)
    validation_s = time.monotonic() - clock
    rules = [v for v in violations if v.rule != check_unplaced.__name__]
    families, total = family_figures(session, plan, bounds)
    unplaced = sum(1 for o in plan.orals if o.status == UNPLACED)
    return RunResult(
        label=label,
        method=method,
        time_limit_s=time_limit,
        status=plan.solver.status,
        wall_time_s=round(wall, 3),
        first_valid_s=None,
        first_cpsat_solution_s=None,
        unplaced=unplaced,
        violations=len(rules),
        violations_by_rule=dict(Counter(v.rule for v in rules)),
        violation_samples=[v.message for v in rules[:VIOLATION_SAMPLES]],
        validation_s=round(validation_s, 3),
        families=families,
        total=total,
        comfort=comfort(session, candidates, plan),
        stages=list(plan.solver.stages),
        diagnostics=list(plan.diagnostics),
    )


def run_first_fit(session: Session, candidates: list[Candidate], bounds: dict[str, int]) -> RunResult:
    """The office's by-hand plan: first fit in list order, no optimisation."""
    clock = time.monotonic()
    plan = planner.first_fit_plan(session, candidates)
    wall = time.monotonic() - clock
    result = _measure(FIRST_FIT, FIRST_FIT, None, session, candidates, bounds, plan, wall)
    if result.complete:
        result.first_valid_s = result.wall_time_s
    return result


@dataclass
class _Event:
    start: float
    end: float
    kwargs: dict[str, Any]


@contextmanager
def _instrumented(events: list[_Event]) -> Iterator[None]:
    """Time the CP-SAT solve of each block of :func:`plan_session`.

    Wraps ``solve_times`` in the planner's namespace for the duration of one
    run (behaviour unchanged): its ``hint`` is the block's starting plan, and
    the time since the previous block is what it took to build it.  If the
    planner stops calling it, nothing is recorded and those figures are left
    out.
    """
    original = planner.solve_times

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.monotonic()
        result = original(*args, **kwargs)
        events.append(_Event(start, time.monotonic(), kwargs))
        return result

    setattr(planner, "solve_times", timed)  # noqa: B010 (mypy: no assignment to a module function)
    try:
        yield
    finally:
        setattr(planner, "solve_times", original)  # noqa: B010


def run_cp_sat(
    session: Session,
    candidates: list[Candidate],
    bounds: dict[str, int],
    *,
    time_limit: float,
    workers: int,
    seed: int,
) -> RunResult:
    """:func:`plan_session` with a time limit, timed block by block."""
    lines: list[tuple[float, str]] = []
    options = SolveOptions(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=lambda line: lines.append((time.monotonic(), line)),
    )
    events: list[_Event] = []
    clock = time.monotonic()
    with _instrumented(events):
        plan = planner.plan_session(session, candidates, options, bounds=bounds)
    wall = time.monotonic() - clock
    label = f"{CP_SAT} {time_limit:g} s"
    result = _measure(label, CP_SAT, time_limit, session, candidates, bounds, plan, wall)
    result.blocks = _blocks(events, lines, clock)
    result.progress = [(round(t - clock, 3), line) for t, line in lines[:PROGRESS_LINES]]
    if result.blocks:
        inside = sum(b.hint_s + b.solve_s for b in result.blocks)
        result.outside_blocks_s = round(max(0.0, wall - inside), 3)
        if all(b.first_solution_s is not None for b in result.blocks):
            result.first_cpsat_solution_s = round(sum(b.first_solution_s or 0.0 for b in result.blocks), 3)
        # CP-SAT starts from each block's starting plan and never returns worse:
        # a complete plan exists as soon as every block's starting plan is complete.
        if result.complete and all(b.hint_unplaced == 0 for b in result.blocks):
            result.first_valid_s = round(sum(b.hint_s for b in result.blocks), 3)
        elif result.complete:
            result.first_valid_s = result.first_cpsat_solution_s
    return result


def _blocks(events: list[_Event], lines: list[tuple[float, str]], clock: float) -> list[BlockTiming]:
    out: list[BlockTiming] = []
    previous = clock
    for ev in events:
        label = str(ev.kwargs.get("label", "?"))
        first = next(
            (t for t, line in lines if ev.start <= t <= ev.end and line.startswith(f"{label}, ")), None
        )
        hint = ev.kwargs.get("hint")
        unplaced = getattr(hint, "unplaced", None)
        commissions = getattr(hint, "commissions", None)
        out.append(
            BlockTiming(
                label=label,
                time_limit_s=round(float(ev.kwargs.get("time_limit", 0.0)), 3),
                hint_s=round(ev.start - previous, 3),
                hint_unplaced=len(unplaced) if unplaced is not None else -1,
                hint_commission_days=sum(commissions.values()) if commissions is not None else -1,
                first_solution_s=round(first - previous, 3) if first is not None else None,
                solve_s=round(ev.end - ev.start, 3),
            )
        )
        previous = ev.end
    return out
