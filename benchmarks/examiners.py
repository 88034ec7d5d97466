"""Benchmark runs with named examiners: ``oraux planifier`` with the session's list.

Mirrors :func:`scheduler.planning.plan_and_publish`: the orals are placed
with ``1 - STAFFING_SHARE`` of the time limit, knowing how many commissions
the examiners can form each day; the examiners of every commission-day are
then chosen with the rest of it; the plan is checked by both validators.
Every figure is read from the plan (its orals name their examiners), never
from the solver's own account, except the staffing status and what the
staffing reports as missing.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

import scheduler.solver.pipeline as planner
from benchmarks.measure import CP_SAT, VIOLATION_SAMPLES, FamilyFigures, family_figures, family_of
from scheduler.domain.commission import family_of as family_of_pool
from scheduler.domain.plan import UNPLACED, Plan
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.publish.planning import STAFFING_SHARE
from scheduler.solver.diagnose import explain_missing_examiners
from scheduler.solver.examiner_caps import examiner_caps
from scheduler.solver.options import SolveOptions
from scheduler.solver.staffing import Staffing, staff, staffing_needs, with_examiners
from scheduler.solver.tasks import build_tasks
from scheduler.validate.examiners import check_commission_staffed, validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.objective import evaluate
from scheduler.validate.orals import check_unplaced
from scheduler.validate.violation import Violation

#: Label suffix of the runs with named examiners.
WITH_EXAMINERS = "avec examinateurs"


@dataclass(frozen=True)
class ExaminerFigures:
    """Examiner-days of one épreuve family (or of the whole plan) against the bound."""

    family: str
    #: Members of one commission (None for the total).
    commission_size: int | None
    #: A teacher and a professional when possible (else two teachers).
    mixed: bool
    commission_days: int
    #: Distinct (examiner, day) pairs of the family's commission-days.
    examiner_days: int
    #: Commission-day lower bound × commission size (summed for the total).
    lower_bound: int
    #: (examiner-days - bound) / bound, in percent; None when the bound is 0.
    gap_pct: float | None
    #: Distinct examiners sitting in at least one commission-day of the family.
    convened: int
    #: Examiners of the list qualified for the family (the whole list for the total).
    listed: int
    #: Most days one examiner works (in this family; over all families for the total).
    most_days: int
    #: Mixed commission-days without a professional (two teachers), on the plan.
    fallbacks: int
    #: Seats the staffing left empty.
    missing: int
    unplaced: int


@dataclass
class ExaminerRun:
    """Everything measured on one run with named examiners."""

    label: str
    time_limit_s: float
    planning_limit_s: float
    staffing_limit_s: float
    #: Status of the orals' placement (``plan_session``).
    status: str
    #: Status of the examiners' choice; None when it was not run (unplaced orals).
    staffing_status: str | None
    #: Placement + staffing + filling the plan (the bounds are computed before).
    wall_time_s: float
    planning_s: float
    staffing_s: float
    unplaced: int
    #: Violations of both validators, unplaced orals and the empty seats the
    #: staffing reported as missing aside (those are counted on their own).
    violations: int
    violations_by_rule: dict[str, int]
    violation_samples: list[str]
    validation_s: float
    commission_families: list[FamilyFigures]
    commission_total: FamilyFigures
    families: list[ExaminerFigures]
    total: ExaminerFigures
    #: Commission-days falling back to two teachers, as the staffing reports
    #: them (``Staffing.fallbacks``, which the plan's notes repeat).
    fallbacks: list[str] = field(default_factory=list)
    #: Those the plan shows: a mixed commission-day without a professional.
    fallbacks_in_plan: list[str] = field(default_factory=list)
    missing: int = 0
    missing_explanations: list[str] = field(default_factory=list)
    #: Commission-days recomputed from the plan, and the solver's objective
    #: (``oraux planifier`` refuses the plan when they differ).
    objective_recomputed: int | None = None
    objective_solver: float | None = None
    diagnostics: list[str] = field(default_factory=list)
    stages: list[dict[str, str | int | float | None]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.violations == 0


def examiner_capacity(
    session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> dict[str, int]:
    """Most commission-days the list can form per pool (``E4``, ``E2-ESP``):
    summed over the pool's days, the examiners available and qualified that
    day divided by the commission size (each pool taken alone: an examiner of
    several pools counts in each)."""
    tasks = build_tasks(session, candidates)
    pools = {t.pool.key: t.pool for t in tasks}
    days: dict[str, set[date]] = defaultdict(set)
    for t in tasks:
        days[t.pool.key].update(t.days)
    caps = examiner_caps(
        session, examiners, list(pools.values()), sorted({d for ds in days.values() for d in ds})
    )
    return {key: sum(caps.pool_cap(key, d) or 0 for d in days[key]) for key in sorted(pools)}


def listed_per_family(examiners: list[Examiner], families: list[str]) -> dict[str, int]:
    """Examiners of the list qualified for each family."""
    return {family: sum(1 for e in examiners if family in e.epreuves) for family in families}


def two_teacher_days(session: Session, plan: Plan, examiners: list[Examiner]) -> list[tuple[str, date]]:
    """Commission-days of a mixed épreuve whose examiners, as the plan names
    them, include no professional (an unstaffed commission-day aside)."""
    known = {e.id: e for e in examiners}
    teams: dict[tuple[str, date], tuple[str, ...]] = {}
    for o in plan.placed():
        ep = session.epreuves.get(family_of(session, o.epreuve))
        if o.commission is None or o.day is None or ep is None:
            continue
        if ep.mixed_commission and ep.commission_size >= 2:
            teams.setdefault((o.commission, o.day), o.examiners)
    return sorted(
        (
            key
            for key, team in teams.items()
            if team and not any(known[i].quality == "professionnel" for i in team if i in known)
        ),
        key=lambda k: (k[1], k[0]),
    )


def examiner_figures(
    session: Session,
    plan: Plan,
    examiners: list[Examiner],
    bounds: dict[str, int],
    staffing: Staffing | None,
    families: list[str],
) -> tuple[list[ExaminerFigures], ExaminerFigures]:
    """Per family, then for the whole plan: examiner-days against the bound,
    examiners convened, the longest attendance, fallbacks, empty seats."""
    teams: dict[tuple[str, date], tuple[str, ...]] = {}
    family_of_cd: dict[tuple[str, date], str] = {}
    for o in plan.placed():
        if o.commission is None or o.day is None:
            continue
        teams.setdefault((o.commission, o.day), o.examiners)
        family_of_cd.setdefault((o.commission, o.day), family_of(session, o.epreuve))
    family_bounds: Counter[str] = Counter()
    for pool, bound in bounds.items():
        family_bounds[family_of_pool(pool)] += bound
    unplaced = Counter(family_of(session, o.epreuve) for o in plan.orals if o.status == UNPLACED)
    missing: Counter[str] = Counter()
    for (commission, _), n in (staffing.missing if staffing else {}).items():
        missing[family_of_pool(commission)] += n
    listed = listed_per_family(examiners, families)
    two_teachers = two_teacher_days(session, plan, examiners)
    out: list[ExaminerFigures] = []
    everyone: dict[str, set[date]] = defaultdict(set)
    for family in families:
        ep = session.epreuves.get(family)
        size = ep.commission_size if ep is not None else 1
        mine = {key: team for key, team in teams.items() if family_of_cd[key] == family}
        days: dict[str, set[date]] = defaultdict(set)
        for (_, day), team in mine.items():
            for i in team:
                days[i].add(day)
                everyone[i].add(day)
        examiner_days = sum(len(ds) for ds in days.values())
        bound = family_bounds[family] * size
        mixed = ep is not None and ep.mixed_commission and size >= 2
        fallbacks = sum(1 for key in two_teachers if key in mine)
        out.append(
            ExaminerFigures(
                family,
                size,
                mixed,
                len(mine),
                examiner_days,
                bound,
                _gap(examiner_days, bound),
                len(days),
                listed[family],
                max((len(ds) for ds in days.values()), default=0),
                fallbacks,
                missing[family],
                unplaced[family],
            )
        )
    examiner_days = sum(len(ds) for ds in everyone.values())
    bound = sum(f.lower_bound for f in out)
    total = ExaminerFigures(
        "total",
        None,
        any(f.mixed for f in out),
        sum(f.commission_days for f in out),
        examiner_days,
        bound,
        _gap(examiner_days, bound),
        len(everyone),
        len(examiners),
        max((len(ds) for ds in everyone.values()), default=0),
        sum(f.fallbacks for f in out),
        sum(f.missing for f in out),
        sum(f.unplaced for f in out),
    )
    return out, total


def _gap(used: int, bound: int) -> float | None:
    return round(100 * (used - bound) / bound, 2) if bound else None


def _missing_seat(violation: Violation, staffing: Staffing) -> bool:
    """A « commission staffed » violation of a commission-day the staffing
    already reported as missing examiners (counted there, not twice)."""
    if violation.rule != check_commission_staffed.__name__:
        return False
    return any(
        violation.message.startswith(f"Commission {commission}, {day.isoformat()} :")
        for commission, day in staffing.missing
    )


def run_with_examiners(
    session: Session,
    candidates: list[Candidate],
    examiners: list[Examiner],
    bounds: dict[str, int],
    *,
    time_limit: float,
    workers: int,
    seed: int,
) -> ExaminerRun:
    """``oraux planifier`` with the examiner list, timed step by step."""
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed)
    planning_limit = time_limit * (1 - STAFFING_SHARE)
    staffing_limit = time_limit * STAFFING_SHARE
    clock = time.monotonic()
    plan = planner.plan_session(
        session, candidates, replace(options, time_limit=planning_limit), bounds=bounds, examiners=examiners
    )
    planned = time.monotonic()
    staffing: Staffing | None = None
    # As ``oraux planifier``: no staffing when orals are left unplaced.
    if not plan.diagnostics:
        staffing = staff(session, candidates, plan, examiners, options, staffing_limit)
        plan = with_examiners(plan, staffing)
    end = time.monotonic()
    explanations: list[str] = []
    if staffing is not None and staffing.missing:
        needs = {(need.commission, need.day): need for need in staffing_needs(session, candidates, plan)}
        explanations = explain_missing_examiners(
            session,
            [(needs[key], n) for key, n in sorted(staffing.missing.items(), key=lambda kv: kv[0][1])],
            examiners,
        )
    clock_validation = time.monotonic()
    violations = [v for v in validate(session, candidates, plan) if v.rule != check_unplaced.__name__]
    if staffing is not None:
        violations += [
            v
            for v in validate_examiners(session, candidates, plan, examiners)
            if not _missing_seat(v, staffing)
        ]
    validation_s = time.monotonic() - clock_validation
    commission_families, commission_total = family_figures(session, plan, bounds)
    families, total = examiner_figures(
        session, plan, examiners, bounds, staffing, [f.family for f in commission_families]
    )
    return ExaminerRun(
        label=f"{CP_SAT} {time_limit:g} s {WITH_EXAMINERS}",
        time_limit_s=time_limit,
        planning_limit_s=round(planning_limit, 3),
        staffing_limit_s=round(staffing_limit, 3),
        status=plan.solver.status,
        staffing_status=staffing.status if staffing is not None else None,
        wall_time_s=round(end - clock, 3),
        planning_s=round(planned - clock, 3),
        staffing_s=round(end - planned, 3),
        unplaced=sum(1 for o in plan.orals if o.status == UNPLACED),
        violations=len(violations),
        violations_by_rule=dict(Counter(v.rule for v in violations)),
        violation_samples=[v.message for v in violations[:VIOLATION_SAMPLES]],
        validation_s=round(validation_s, 3),
        commission_families=commission_families,
        commission_total=commission_total,
        families=families,
        total=total,
        fallbacks=[
            f"{commission} {day.isoformat()}" for commission, day in (staffing.fallbacks if staffing else [])
        ],
        fallbacks_in_plan=[
            f"{commission} {day.isoformat()}"
            for commission, day in two_teacher_days(session, plan, examiners)
        ],
        missing=sum(staffing.missing.values()) if staffing is not None else 0,
        missing_explanations=explanations,
        objective_recomputed=evaluate(session, candidates, plan).terms["journees_commission"],
        objective_solver=plan.solver.objective,
        diagnostics=list(plan.diagnostics),
        stages=list(plan.solver.stages),
    )
