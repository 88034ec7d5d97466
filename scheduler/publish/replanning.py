"""``oraux replanifier`` as a function: events → amended inputs → repaired
plan → checks → a new plan version with its notices of change.

Nothing is written unless the new plan is complete and passes every check;
the published plan and its folder are never touched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from scheduler.domain.commission import pool_of
from scheduler.domain.events import Event
from scheduler.domain.plan import Oral, Plan, started
from scheduler.domain.session import Candidate, Session
from scheduler.errors import InputError, Problem
from scheduler.export.context import PlanContext
from scheduler.export.documents import start_documents
from scheduler.export.figures import family_figures, site_day_figures
from scheduler.export.sites import file_names, site_inputs
from scheduler.export.workers import DocumentWorkers, run
from scheduler.io.candidates import load_candidates
from scheduler.io.events import load_events
from scheduler.io.inputs import load_inputs
from scheduler.io.outputs import check_writable
from scheduler.io.plan_files import (
    PlanFile,
    file_checksum,
    latest_plan,
    load_plan_file,
    planning_csv_bytes,
)
from scheduler.io.versions import publish_version
from scheduler.publish.planning import (
    CHECK_SHARE,
    STAFFING_SHARE,
    InvalidPlan,
    PlanningFailed,
    TimeTooShort,
    check_plan,
    input_checksums,
    input_key,
)
from scheduler.publish.together import holding_partners
from scheduler.rerun.amend import Amended, amend, event_from_dict, event_to_dict
from scheduler.rerun.changes import PlanChanges, diff_plans
from scheduler.rerun.repair import repair_plan
from scheduler.solver.diagnose import explain_missing_examiners
from scheduler.solver.options import SolveOptions
from scheduler.solver.staffing import Staffing, eligible, staff, staffing_needs, with_examiners
from scheduler.text import moment
from scheduler.validate.rerun import validate_rerun


@dataclass(frozen=True)
class ReplanResult:
    amended: Amended
    parent_file: Path
    parent: Plan
    plan: Plan
    plan_file: Path
    output_dir: Path
    changes: PlanChanges
    #: Non-fatal remarks on the inputs (French).
    warnings: list[str]
    wall_time: float
    #: Events read from this run's files (the others come from earlier re-runs).
    new_events: int = 0

    @property
    def today(self) -> date:
        return self.amended.today


def replan_and_publish(
    session_dir: Path,
    event_files: list[Path],
    *,
    now: datetime,
    plan_path: Path | None = None,
    added_files: list[Path] | None = None,
    candidate_files: list[Path] | None = None,
    examiner_files: list[Path] | None = None,
    output_root: Path | None = None,
    models_dir: Path = Path("models"),
    options: SolveOptions | None = None,
    shared_with: list[Path] | None = None,
) -> ReplanResult:
    """Re-plan the published plan (``plan_path``, else the session's latest)
    after the events of ``event_files``, as of ``now``.

    ``added_files`` are candidate lists holding the rows of the late
    registrations.  The latest plans of the sessions this one shares sites
    with — those the published plan was planned with, and ``shared_with`` —
    are kept off: their rooms, loge seats and stations stay theirs.  Raises
    :class:`InputError`, :class:`PlanningFailed` or :class:`InvalidPlan`; in
    all three cases nothing is written.
    """
    with DocumentWorkers() as workers:
        return _replan_and_publish(
            session_dir,
            event_files,
            now=now,
            plan_path=plan_path,
            added_files=added_files,
            candidate_files=candidate_files,
            examiner_files=examiner_files,
            output_root=output_root,
            models_dir=models_dir,
            options=options,
            workers=workers,
            shared_with=shared_with or [],
        )


def _replan_and_publish(
    session_dir: Path,
    event_files: list[Path],
    *,
    now: datetime,
    plan_path: Path | None,
    added_files: list[Path] | None,
    candidate_files: list[Path] | None,
    examiner_files: list[Path] | None,
    output_root: Path | None,
    models_dir: Path,
    options: SolveOptions | None,
    workers: DocumentWorkers,
    shared_with: list[Path],
) -> ReplanResult:
    clock = time.monotonic()
    options = options or SolveOptions(time_limit=10)
    options = replace(options, deadline=clock + options.time_limit * (1 - CHECK_SHARE))
    inputs = load_inputs(session_dir, candidate_files, examiner_files, with_examiners=True)
    session = inputs.session
    # A full disk or a read-only folder is said now, not after the computation.
    check_writable([models_dir, output_root or Path("sorties") / session.code], len(inputs.candidates))
    # Another command publishing a version meanwhile makes this re-run stale.
    latest_at_start = latest_plan(models_dir, session.code)
    parent_path = plan_path or latest_at_start
    if parent_path is None:
        raise InputError(
            [
                Problem(
                    str(Path(models_dir) / session.code),
                    "aucun plan enregistré pour cette session : lancez d'abord « oraux planifier »",
                )
            ]
        )
    parent_file = load_plan_file(parent_path)
    parent = parent_file.plan
    _check_parent_plan(parent, session, str(parent_path))
    if len({(o.site, o.day) for o in parent.placed()}) >= REDRAWN_FROM:
        workers.start()
    if parent.session != session.code:
        raise InputError(
            [Problem(str(parent_path), f"plan de la session « {parent.session} », pas de « {session.code} »")]
        )
    warnings = _changed_inputs(parent_file, inputs.files + inputs.examiner_files, session_dir)
    recorded = [Path(p) for p in parent_file.shared_with]
    partners = sorted({str(p.resolve()) for p in [*recorded, *shared_with]} - {str(Path(session_dir).resolve())})
    # The past stays as it was: partners' examiners are held from today on.
    session, listed, held_warnings = holding_partners(
        session, [Path(p) for p in partners], models_dir, inputs.examiners, now.date()
    )
    warnings += held_warnings
    # A plan made with anonymous commissions is re-run the same way.
    staffed = any(o.examiners for o in parent.orals)
    if staffed and not inputs.examiners:
        raise InputError(
            [
                Problem(
                    str(session_dir),
                    f"le plan publié {parent_path.name} nomme ses examinateurs : la liste des examinateurs "
                    "(examinateurs*.csv ou --examinateurs) est nécessaire pour le recalculer",
                )
            ]
        )
    examiners = listed if staffed else []

    earlier, added = _recorded_events(parent_file, str(parent_path))
    added.update(_late_rows(added_files or [], session, inputs.candidates, added))
    # The candidates of the published plan: the list plus earlier late registrations.
    registered_late = {e.target for e in earlier if e.kind == "candidat_ajoute"}
    published = inputs.candidates + [row for n, row in added.items() if n in registered_late]
    events = load_events(event_files, session, published, examiners)
    warnings += [str(w) for w in events.warnings]
    amended = amend(
        session,
        inputs.candidates,
        examiners,
        parent,
        earlier + events.events,
        now,
        added,
        recorded=len(earlier),
    )
    _check_parent_matches(parent, amended, str(parent_path))
    if parent.placed() and all(started(o, now) for o in parent.placed()):
        warnings.append(
            f"tous les oraux du plan publié ont déjà eu lieu au {moment(now)} : rien ne peut plus bouger "
            "(pour rejouer une date passée, donnez --a-partir-de)"
        )

    plan, amended = repair_and_staff(amended, parent, options)
    old_ctx = PlanContext(parent, session, published, examiners)
    stamp = datetime.now().astimezone().replace(microsecond=0)
    new_ctx = PlanContext(plan, amended.session, amended.candidates, amended.examiners, stamp=stamp)
    root = output_root or Path("sorties") / session.code
    redrawn = _kept_figures(new_ctx, parent, root / parent_path.stem)
    kept = redrawn.kept | _kept_rooms(old_ctx, new_ctx, root / parent_path.stem)
    revision = _revision(parent_file, parent_path) + 1
    # The documents are written while the plan is checked: nothing is
    # published (nor written to disk) unless it passes.
    changes = diff_plans(parent, plan)
    notices = workers.submit(run, CHANGES_WORKBOOK, changes, old_ctx, new_ctx)
    documents = start_documents(
        new_ctx,
        workers,
        previous=old_ctx,
        revision=revision,
        site_days=redrawn.site_days,
        families=redrawn.families,
        kept=kept,
        published=root / parent_path.stem,
    )
    violations = check_plan(amended.session, amended.candidates, plan, amended.examiners)
    violations += validate_rerun(parent, plan, now)
    if violations:
        raise InvalidPlan(violations)

    files = {"planning.csv": planning_csv_bytes(plan, amended.session, amended.candidates)}
    files.update(documents())
    files["changements.xlsx"] = notices.result()
    checksums = input_checksums(inputs, session_dir)
    for path in list(event_files) + list(added_files or []):
        checksums[input_key(path, session_dir)] = file_checksum(path)
    rows = amended.added
    version = publish_version(
        models_dir,
        root,
        plan,
        files,
        inputs=checksums,
        parent=parent_path.name,
        events=[
            event_to_dict(ev, rows.get(ev.target) if ev.kind == "candidat_ajoute" else None)
            for ev in amended.events
        ],
        latest_at_start=latest_at_start.name if latest_at_start is not None else None,
        created=stamp.isoformat(),
        shared_with=partners,
    )
    return ReplanResult(
        amended,
        parent_path,
        parent,
        plan,
        version.plan_file,
        version.folder,
        changes,
        warnings + version.remarks,
        time.monotonic() - clock,
        new_events=len(events.events),
    )


@dataclass(frozen=True)
class _Redrawn:
    """The figures a re-run draws again, and those it keeps, by file name."""

    site_days: set[tuple[str, date]]
    families: set[str]
    kept: dict[str, bytes]


def _kept_figures(ctx: PlanContext, parent: Plan, parent_folder: Path) -> _Redrawn:
    """A site's day (or an épreuve) whose orals are exactly as published,
    with the same rooms open, keeps the published pictures (the same plan
    draws the same bytes); the others are drawn again."""
    session = ctx.session
    closed_days = {(site, day) for site, day, _ in session.closed_rooms}

    def grouped(plan: Plan) -> tuple[dict[tuple[str, date], set[Oral]], dict[str, set[Oral]]]:
        by_day: dict[tuple[str, date], set[Oral]] = {}
        by_family: dict[str, set[Oral]] = {}
        for o in plan.placed():
            assert o.site is not None and o.day is not None
            by_day.setdefault((o.site, o.day), set()).add(o)
            by_family.setdefault(session.epreuves[o.epreuve].family, set()).add(o)
        return by_day, by_family

    days_before, families_before = grouped(parent)
    days_after, families_after = grouped(ctx.plan)
    kept: dict[str, bytes] = {}

    def keep(names: list[str], same: bool) -> bool:
        files = [parent_folder / n for n in names]
        if not same or not all(p.is_file() for p in files):
            return False
        kept.update({n: p.read_bytes() for n, p in zip(names, files, strict=True)})
        return True

    redraw_days = {
        key
        for key, names in site_day_figures(ctx).items()
        if not keep(names, days_before.get(key) == days_after.get(key) and key not in closed_days)
    }
    redraw_families = {
        code
        for code, names in family_figures(ctx).items()
        if not keep(names, families_before.get(code) == families_after.get(code) and not closed_days)
    }
    return _Redrawn(redraw_days, redraw_families, kept)


#: The notices of change (``changements.xlsx``), a job of the processes.
CHANGES_WORKBOOK = "scheduler.export.changes:changes_workbook"

#: Site-days of the published plan from which the processes writing the
#: documents start with the computation.
REDRAWN_FROM = 12


def _kept_rooms(old: PlanContext, new: PlanContext, parent_folder: Path) -> dict[str, bytes]:
    """The published room workbooks of the sites where nothing changed (their
    orals, candidates, examiners, the session, and so their Gantt pictures,
    kept by :func:`_figures`): the same inputs write the same bytes, read
    back rather than written again."""
    out: dict[str, bytes] = {}
    for site, name in file_names(new.session).items():
        path = parent_folder / name
        if path.is_file() and site_inputs(old, site) == site_inputs(new, site):
            out[name] = path.read_bytes()
    return out


def _revision(plan: PlanFile, path: Path) -> int:
    """Re-runs between the first plan and ``plan`` (0 for a first plan): its
    ancestors, followed through the plan files next to it."""
    n, seen = 0, {path.name}
    while plan.parent and plan.parent not in seen:
        n += 1
        seen.add(plan.parent)
        ancestor = path.parent / plan.parent
        if not ancestor.is_file():
            break
        plan = load_plan_file(ancestor)
    return n


def _recorded_events(parent: PlanFile, where: str) -> tuple[list[Event], dict[str, Candidate]]:
    """Events applied by earlier re-runs, and the late candidates' rows."""
    events: list[Event] = []
    rows: dict[str, Candidate] = {}
    for i, raw in enumerate(parent.events, start=1):
        ev, row = event_from_dict(raw, f"{where}, événement {i}")
        events.append(ev)
        if row is not None:
            rows[row.number] = row
    return events, rows


def _late_rows(
    paths: list[Path], session: Session, candidates: list[Candidate], known: dict[str, Candidate]
) -> dict[str, Candidate]:
    """Rows of the late registrations files; a number already in the
    candidate list is an error (it is not late)."""
    if not paths:
        return {}
    loaded = load_candidates(paths, session)
    listed = {c.number: c for c in candidates}
    problems = []
    for row in loaded.candidates:
        if row.number in listed:
            file, line = row.source
            problems.append(
                Problem(
                    file,
                    "candidat déjà dans la liste des candidats : un nouvel inscrit doit avoir un nouveau numéro",
                    line=line,
                    column="numero",
                    value=row.number,
                )
            )
    if problems:
        raise InputError(problems)
    return {c.number: c for c in loaded.candidates if c.number not in known}


def _changed_inputs(parent: PlanFile, files: list[Path], session_dir: Path) -> list[str]:
    """Warnings for input files changed since the published plan."""
    out = []
    paths = files + [session_dir / n for n in ("session.toml", "centres.csv", "etablissements.csv")]
    for path in paths:
        # Plan files written before inputs were named by input_key: as typed.
        before = parent.inputs.get(input_key(path, session_dir), parent.inputs.get(str(path)))
        if before is not None and path.is_file() and file_checksum(path) != before:
            out.append(
                f"{path} a changé depuis le plan publié : le recalcul part de sa version actuelle ; "
                "une modification qui n'est pas déclarée comme événement peut déplacer des candidats"
            )
    return out


def _check_parent_plan(parent: Plan, session: Session, where: str) -> None:
    """The published plan as this session can read it: each oral once, of a
    known épreuve, a planned one with its site, day, times and a room the
    site still has (a plan file edited by hand, or a session changed since:
    said in French, never a crash)."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for i, o in enumerate(parent.orals, start=1):
        at = f"oral n° {i} (candidat {o.candidate}, {o.epreuve})"

        def bad(message: str, value: object = None, at: str = at) -> None:
            shown = None if value is None else str(value)
            problems.append(Problem(where, f"{at} : {message}", value=shown))

        if (o.candidate, o.epreuve) in seen:
            bad("cet oral figure deux fois dans le plan")
        seen.add((o.candidate, o.epreuve))
        if o.epreuve not in session.epreuves:
            bad("épreuve inconnue de la session", o.epreuve)
            continue
        if not o.is_placed:
            continue
        if None in (o.site, o.day, o.start, o.end):
            bad("oral planifié sans site, jour ou horaires : le fichier du plan a été modifié")
            continue
        assert o.site is not None and o.day is not None
        if o.site not in session.sites:
            bad("site inconnu de la session", o.site)
        elif o.room is not None and o.room not in session.rooms(o.site, o.day):
            bad(
                f"la session n'a plus cette salle à {session.sites[o.site].town} le {o.day.isoformat()} : "
                "pour une salle perdue, laissez session.toml tel qu'il était et déclarez un événement "
                "salle_indisponible",
                o.room,
            )
    if problems:
        raise InputError(problems)


def _check_parent_matches(parent: Plan, amended: Amended, where: str) -> None:
    """The published plan belongs to these candidates: every candidate of
    the plan is in the amended list, and the reverse for planned orals."""
    numbers = {c.number for c in amended.candidates}
    unknown = sorted({o.candidate for o in parent.orals} - numbers)
    if unknown:
        raise InputError(
            [
                Problem(
                    where,
                    f"{len(unknown)} candidat(s) du plan publié absent(s) de la liste des candidats "
                    f"(par exemple {', '.join(unknown[:3])}) : donnez la liste qui a servi au plan",
                )
            ]
        )


def repair_and_staff(amended: Amended, parent: Plan, options: SolveOptions) -> tuple[Plan, Amended]:
    """The repaired plan with its examiners (when the parent had some), and
    the amended inputs it ended up using: when the list cannot staff a
    commission-day, its candidates count as touched and the day gets one
    commission fewer, up to :data:`STAFFING_ATTEMPTS` times.  Raises
    :class:`PlanningFailed` with French reasons."""
    examiners = amended.examiners
    share = STAFFING_SHARE if examiners else 0.0
    limits: dict[tuple[str, str, date], int] = {}
    # A commission taken away because its seats could not be filled in time
    # (not proven empty): a failure that follows is no verdict either.
    guessed = 0
    for attempt in range(1, STAFFING_ATTEMPTS + 1):
        plan = repair_plan(
            amended, parent, replace(options, time_limit=options.time_limit * (1 - share)), limits=limits
        )
        if plan.diagnostics:
            if guessed:
                raise TimeTooShort([_too_short_to_staff(options, guessed), *plan.diagnostics])
            raise PlanningFailed(plan.diagnostics, plan)
        if not examiners:
            return plan, amended
        staffing = _restaff(amended, parent, plan, options, options.time_limit * share)
        if not staffing.missing:
            return with_examiners(plan, staffing), amended
        if not staffing.seats_proven:
            guessed = len(staffing.missing)
        if attempt == STAFFING_ATTEMPTS:
            if guessed:
                # Empty seats not proven: time ran out, nothing says nobody can sit.
                raise TimeTooShort([_too_short_to_staff(options, guessed)])
            raise PlanningFailed(_missing_reasons(amended, plan, staffing), plan)
        # Nobody can sit there (composition, conflicts of interest…): one
        # commission fewer that day, its candidates touched, and again.
        amended, limits = _without_unstaffed(amended, plan, staffing, limits)
    raise AssertionError("unreachable")


#: Re-solves allowed when the examiner list cannot staff the repaired plan.
STAFFING_ATTEMPTS = 3


def _too_short_to_staff(options: SolveOptions, days: int) -> str:
    return (
        f"le temps imparti ({options.time_limit:g} s) n'a pas suffi à nommer les examinateurs "
        f"de {days} journée(s)-commission, et rien ne prouve qu'il en manque : "
        "relancez avec un --temps-max plus long"
    )


def _without_unstaffed(
    amended: Amended,
    plan: Plan,
    staffing: Staffing,
    limits: dict[tuple[str, str, date], int],
) -> tuple[Amended, dict[tuple[str, str, date], int]]:
    """Limits with one commission fewer per unstaffed commission-day, and
    their passages (not under way) counted as touched by the events."""
    used: dict[tuple[str, str, date], set[str]] = {}
    touched: set[tuple[str, str]] = set()
    for o in plan.placed():
        assert o.commission is not None and o.site is not None and o.day is not None
        slot = (pool_of(o.commission), o.site, o.day)
        used.setdefault(slot, set()).add(o.commission)
        if (o.commission, o.day) in staffing.missing and (o.candidate, o.epreuve) not in amended.past:
            touched.add((o.candidate, o.epreuve))
    out = dict(limits)
    for slot, commissions in used.items():
        lacking = sum(1 for c in commissions if (c, slot[2]) in staffing.missing)
        if lacking:
            out[slot] = min(out.get(slot, len(commissions)), len(commissions) - lacking)
    frozen = amended.frozen - touched | amended.past
    return replace(amended, disrupted=amended.disrupted | touched, frozen=frozen), out


def _missing_reasons(amended: Amended, plan: Plan, staffing: Staffing) -> list[str]:
    needs = {
        (need.commission, need.day): need
        for need in staffing_needs(amended.session, amended.candidates, plan)
    }
    return explain_missing_examiners(
        amended.session,
        [(needs[key], n) for key, n in sorted(staffing.missing.items(), key=lambda kv: kv[0][1])],
        amended.examiners,
    )


def _restaff(
    amended: Amended, parent: Plan, plan: Plan, options: SolveOptions, time_limit: float
) -> Staffing:
    """Examiners of the new plan: the published teams wherever they still
    can sit, the commission-days under way exactly as published.

    First with every published team that can still sit kept as is (a small
    model, solved at once); only if that leaves a seat empty, with every
    team open to change, and twice the time: a seat left empty then means
    that nobody can take it, not that time ran out."""
    previous: dict[tuple[str, date], tuple[str, ...]] = {}
    underway: set[tuple[str, date]] = set()
    for o in parent.placed():
        if o.commission is None or o.day is None:
            continue
        previous[(o.commission, o.day)] = o.examiners
        if started(o, amended.now):
            underway.add((o.commission, o.day))
    by_id = {e.id: e for e in amended.examiners}
    intact = {
        (need.commission, need.day)
        for need in staffing_needs(amended.session, amended.candidates, plan)
        if (team := previous.get((need.commission, need.day)))
        and len(team) == need.size
        and all(i in by_id and eligible(by_id[i], need) for i in team)
    }
    staffing = Staffing({}, {("", date.min): 1})
    for keep, limit in ((underway | intact, time_limit / 3), (underway, time_limit * 2)):
        staffing = staff(
            amended.session,
            amended.candidates,
            plan,
            amended.examiners,
            options,
            limit,
            previous=previous,
            keep=keep,
        )
        if not staffing.missing:
            break
    return staffing
