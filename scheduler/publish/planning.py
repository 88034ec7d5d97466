"""``oraux planifier`` as a function: load, solve, validate, publish."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from scheduler.domain.commission import commission_days, family_of, pool_of
from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.export.context import PlanContext
from scheduler.export.documents import plan_documents
from scheduler.export.workers import DocumentWorkers
from scheduler.io.inputs import Inputs, load_inputs
from scheduler.io.outputs import check_writable
from scheduler.io.plan_files import file_checksum, planning_csv_bytes
from scheduler.io.versions import publish_version
from scheduler.solver.bounds import pool_lower_bounds
from scheduler.solver.diagnose import explain_missing_examiners, explain_unplaced
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import TIME_TOO_SHORT, plan_session
from scheduler.solver.staffing import staff, staffing_needs, with_examiners
from scheduler.solver.tasks import build_tasks
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.objective import evaluate
from scheduler.validate.violation import Violation


class PlanningFailed(Exception):
    """The session cannot be planned as it stands; ``reasons`` say why, in French."""

    def __init__(self, reasons: list[str], plan: Plan | None = None) -> None:
        self.reasons = reasons
        self.plan = plan
        super().__init__("\n".join(reasons))


class TimeTooShort(Exception):
    """The time limit ran out before a complete plan was found, and nothing
    proves there is none: no verdict, nothing written; ``reasons`` in French."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join(reasons))


class InvalidPlan(Exception):
    """The solver returned a plan that the validator rejects (a bug, never published)."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("\n".join(v.message for v in violations))


@dataclass(frozen=True)
class PlanningResult:
    inputs: Inputs
    plan: Plan
    plan_file: Path
    output_dir: Path
    lower_bounds: dict[str, int]
    #: Seconds of computation (bounds, plan, examiners, checks): within ``--temps-max``.
    compute_time: float = 0.0
    #: Seconds writing the files (workbooks, figures, calendars), told apart.
    write_time: float = 0.0
    #: What interrupted commands had left, set aside (French).
    warnings: list[str] = field(default_factory=list)

    def commission_days(self) -> dict[str, int]:
        """Commission-days per épreuve family, families in alphabetical order."""
        count = Counter(cd.family for cd in commission_days(self.plan).values())
        return dict(sorted(count.items()))

    def commissions_per_day(self) -> dict[tuple[str, date], int]:
        """Commissions needed per épreuve family and day (the convening figures)."""
        count = Counter((cd.family, cd.day) for cd in commission_days(self.plan).values())
        return dict(sorted(count.items()))

    def family_lower_bounds(self) -> dict[str, int]:
        out: Counter[str] = Counter()
        for pool, bound in self.lower_bounds.items():
            out[family_of(pool)] += bound
        return dict(out)


def input_checksums(inputs: Inputs, session_dir: Path) -> dict[str, str]:
    """Checksums of every file the plan was made from, for later re-runs,
    by :func:`input_key`."""
    files = [session_dir / n for n in ("session.toml", "centres.csv", "etablissements.csv")]
    files += inputs.files + inputs.examiner_files
    return {input_key(p, session_dir): file_checksum(p) for p in files if p.is_file()}


def input_key(path: Path, session_dir: Path) -> str:
    """How a plan file names an input: relative to the session folder when
    inside it (``candidats.csv``), else its absolute path — the same however
    the folder was typed (relative or absolute, from another folder)."""
    full = Path(path).resolve()
    try:
        return full.relative_to(Path(session_dir).resolve()).as_posix()
    except ValueError:
        return str(full)


#: Candidates from which the processes writing the documents start with the
#: computation (rather than once the plan is made).
EARLY_DRAWING_FROM = 150
#: Share of the time limit left to choosing the named examiners.
STAFFING_SHARE = 0.2
#: Share of the time limit kept, after every search, for checking the plan
#: (the validators): the whole computation then ends within ``--temps-max``.
CHECK_SHARE = 0.1


def plan_and_publish(
    session_dir: Path,
    candidate_files: list[Path] | None = None,
    *,
    examiner_files: list[Path] | None = None,
    with_examiners: bool = True,
    output_root: Path | None = None,
    models_dir: Path = Path("models"),
    options: SolveOptions | None = None,
) -> PlanningResult:
    """Plan the session, name its examiners when a list is given (or found in
    the session folder), check the plan, save it and write its files
    (``planning.csv`` and the Excel plannings, in one new folder).

    Raises :class:`InputError` (bad input), :class:`PlanningFailed` (orals
    that cannot be placed or commissions without examiners, with reasons) or
    :class:`InvalidPlan`; in all three cases nothing is written.
    """
    with DocumentWorkers() as workers:
        return _plan_and_publish(
            session_dir,
            candidate_files,
            examiner_files=examiner_files,
            with_examiners=with_examiners,
            output_root=output_root,
            models_dir=models_dir,
            options=options,
            workers=workers,
        )


def _plan_and_publish(
    session_dir: Path,
    candidate_files: list[Path] | None,
    *,
    examiner_files: list[Path] | None,
    with_examiners: bool,
    output_root: Path | None,
    models_dir: Path,
    options: SolveOptions | None,
    workers: DocumentWorkers,
) -> PlanningResult:
    options = options or SolveOptions()
    clock = time.monotonic()
    options = replace(options, deadline=clock + options.time_limit * (1 - CHECK_SHARE))
    inputs = load_inputs(session_dir, candidate_files, examiner_files, with_examiners=with_examiners)
    root = output_root or Path("sorties") / inputs.session.code
    # A full disk or a read-only folder is said now, not after the computation.
    check_writable([models_dir, root], len(inputs.candidates))
    plan, bounds = compute_plan(inputs, options, workers)
    computed = time.monotonic()
    return publish_plan(
        inputs, session_dir, plan, bounds, root=root, models_dir=models_dir, workers=workers,
        compute_time=computed - clock,
    )  # fmt: skip


def compute_plan(
    inputs: Inputs, options: SolveOptions, workers: DocumentWorkers | None = None
) -> tuple[Plan, dict[str, int]]:
    """The checked plan of ``inputs`` and the lower bounds of its pools,
    within ``options.deadline``; nothing is written.  ``workers``, the
    processes that will draw the documents, start early for a large session.

    Raises :class:`PlanningFailed`, :class:`TimeTooShort` or :class:`InvalidPlan`."""
    session, candidates, examiners = inputs.session, inputs.candidates, inputs.examiners
    if workers is not None and len(candidates) >= EARLY_DRAWING_FROM:
        workers.start()
    tasks = build_tasks(session, candidates)
    # An épreuve without a working day in its window: said at once, no search needed.
    dayless = [t for t in tasks if not t.days]
    if dayless:
        raise PlanningFailed(explain_unplaced(session, tasks, dayless, {}))
    bounds = pool_lower_bounds(session, tasks, options.within(5.0))
    plan = plan_with_examiners(session, candidates, examiners, options, bounds)
    violations = check_plan(session, candidates, plan, examiners)
    if violations:
        raise InvalidPlan(violations)
    return plan, bounds


def publish_plan(
    inputs: Inputs,
    session_dir: Path,
    plan: Plan,
    bounds: dict[str, int],
    *,
    root: Path,
    models_dir: Path,
    workers: DocumentWorkers,
    compute_time: float,
    shared_with: list[str] | None = None,
) -> PlanningResult:
    """Write the plan's files (``planning.csv``, workbooks, figures…) into a
    new version folder under ``root`` and save the plan file (recording the
    folders of the sessions planned with it, ``shared_with``)."""
    started = time.monotonic()
    session, candidates, examiners = inputs.session, inputs.candidates, inputs.examiners
    files = {"planning.csv": planning_csv_bytes(plan, session, candidates)}
    stamp = datetime.now().astimezone().replace(microsecond=0)
    ctx = PlanContext(plan, session, candidates, examiners, stamp=stamp)
    files.update(plan_documents(ctx, workers))
    published = publish_version(
        models_dir,
        root,
        plan,
        files,
        inputs=input_checksums(inputs, session_dir),
        created=stamp.isoformat(),
        shared_with=shared_with,
    )
    return PlanningResult(
        inputs,
        plan,
        published.plan_file,
        published.folder,
        bounds,
        round(compute_time, 3),
        round(time.monotonic() - started, 3),
        published.remarks,
    )


def check_plan(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """Every hard rule, the examiners' too when named, and the solver's
    commission-day count recomputed without it."""
    violations = validate(session, candidates, plan)
    if examiners:
        violations += validate_examiners(session, candidates, plan, examiners)
    recomputed = evaluate(session, candidates, plan).terms["journees_commission"]
    if recomputed != plan.solver.objective:
        violations.append(
            Violation(
                "objective",
                f"journées-commission recalculées ({recomputed}) ≠ objectif du solveur ({plan.solver.objective:g})",
            )
        )
    return violations


def plan_with_examiners(
    session: Session,
    candidates: list[Candidate],
    examiners: list[Examiner],
    options: SolveOptions,
    bounds: dict[str, int],
) -> Plan:
    """The plan, its examiners named when a list is given.

    When the examiners of a plan cannot all be named (proven for that plan
    only: conflicts of interest, a member met at E4 and E6…), the session is
    planned again with one commission fewer on those days, up to
    :data:`STAFFING_ATTEMPTS` plans; if none can be staffed, the answer is
    :class:`TimeTooShort` with the seats left empty in the last one — never a
    verdict, which another plan could belie.  Raises :class:`PlanningFailed`
    when orals are proven impossible to place."""
    share = STAFFING_SHARE if examiners else 0.0
    # Commissions of a pool on a day, at most: one fewer where the examiners
    # of an earlier plan could not be named (conflicts of interest, a member
    # met at E4 and E6…), so that the next plan spreads them otherwise.
    most: dict[tuple[str, date], int] = {}
    unstaffed: list[str] = []
    for attempt in range(1, STAFFING_ATTEMPTS + 1):
        plan = plan_session(
            session,
            candidates,
            replace(options, time_limit=options.time_limit * (1 - share)),
            bounds=bounds,
            examiners=examiners,
            most=most,
        )
        if plan.diagnostics and (plan.solver.status == TIME_TOO_SHORT or most):
            # Commissions taken away for an earlier plan prove nothing either.
            raise TimeTooShort([_too_short(options, unstaffed), *unstaffed, *plan.diagnostics])
        if plan.diagnostics:
            raise PlanningFailed(plan.diagnostics, plan)
        if not examiners:
            return plan
        try:
            return _name_examiners(session, candidates, plan, examiners, options, options.time_limit * share)
        except Unstaffed as exc:
            # Proven for this plan only: another may place its commissions otherwise.
            unstaffed = exc.reasons
            if attempt == STAFFING_ATTEMPTS or options.seconds_left() <= 0:
                raise TimeTooShort([_too_short(options, unstaffed), *unstaffed]) from None
            most = _one_fewer(plan, exc.missing, most)
    raise AssertionError("unreachable")


#: Plans tried when the examiners of one cannot all be named.
STAFFING_ATTEMPTS = 3


class Unstaffed(PlanningFailed):
    """Seats of the plan that no examiner of the list can take, proven for
    this plan (``missing``: empty seats by commission-day)."""

    def __init__(self, reasons: list[str], plan: Plan, missing: dict[tuple[str, date], int]) -> None:
        super().__init__(reasons, plan)
        self.missing = missing


def _too_short(options: SolveOptions, unstaffed: list[str]) -> str:
    if not unstaffed:
        return (
            f"le temps imparti ({options.time_limit:g} s) n'a pas suffi à placer tous les oraux, et rien ne "
            "prouve qu'ils ne peuvent pas l'être : relancez avec un --temps-max plus long"
        )
    return (
        f"aucun plan dont toutes les places d'examinateur sont pourvues n'a été trouvé dans le temps imparti "
        f"({options.time_limit:g} s), et rien ne prouve qu'il n'en existe pas ; dans le dernier plan essayé, "
        "ces places restent vides : ajoutez les examinateurs indiqués, ou relancez avec un --temps-max plus long"
    )


def _one_fewer(
    plan: Plan, missing: dict[tuple[str, date], int], most: dict[tuple[str, date], int]
) -> dict[tuple[str, date], int]:
    """``most`` with one commission fewer for each commission-day of ``plan``
    left without its examiners."""
    count: Counter[tuple[str, date]] = Counter(
        (pool_of(commission), day) for commission, day in commission_days(plan)
    )
    lacking: Counter[tuple[str, date]] = Counter((pool_of(commission), day) for commission, day in missing)
    out = dict(most)
    for key, n in lacking.items():
        out[key] = min(out.get(key, count[key]), max(count[key] - n, 0))
    return out


def _name_examiners(
    session: Session,
    candidates: list[Candidate],
    plan: Plan,
    examiners: list[Examiner],
    options: SolveOptions,
    time_limit: float,
) -> Plan:
    """The plan with its examiners, or :class:`PlanningFailed` saying which
    commission-days lack whom."""
    staffing = staff(session, candidates, plan, examiners, options, time_limit)
    if staffing.missing and not staffing.seats_proven and options.seconds_left() > 0:
        # Empty seats in an unproven staffing may be for lack of time, not of
        # examiners: look again with what is left of the time limit.
        staffing = staff(session, candidates, plan, examiners, options, options.within(3 * time_limit))
    if staffing.missing and not staffing.seats_proven:
        raise TimeTooShort(
            [
                f"le temps imparti ({options.time_limit:g} s) n'a pas suffi à nommer les examinateurs de "
                f"{len(staffing.missing)} journée(s)-commission, et rien ne prouve qu'il en manque : relancez "
                "avec un --temps-max plus long"
            ]
        )
    if staffing.missing:
        needs = {(need.commission, need.day): need for need in staffing_needs(session, candidates, plan)}
        reasons = explain_missing_examiners(
            session,
            [(needs[key], n) for key, n in sorted(staffing.missing.items(), key=lambda kv: kv[0][1])],
            examiners,
        )
        raise Unstaffed(reasons, plan, staffing.missing)
    return with_examiners(plan, staffing)
