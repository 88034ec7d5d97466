"""``oraux planifier DOSSIER1 DOSSIER2 …``: sessions that share sites or
examiners, planned together so that no room, loge seat or computer station
of a shared site is ever taken twice, and no person examines for two
sessions on one day.

The sessions are planned one after another, in the order given: each one
sees the rooms, loge seats and stations the plans before it take at the
sites they share (:func:`scheduler.domain.shared_sites.holding`), and the
days they convene the people of its examiner list
(:func:`scheduler.domain.shared_examiners.holding_examiners`).  Every plan
is checked against its own rules, then all of them together against the
rules across sessions (:mod:`scheduler.validate.shared_sites`,
:mod:`scheduler.validate.shared_examiners`); only then is anything
written, one plan per session, each in its own folder.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from scheduler.domain.plan import Plan
from scheduler.domain.session import Examiner, Session
from scheduler.domain.shared_examiners import (
    Identity,
    described,
    held_examiners,
    holding_examiners,
    identities,
)
from scheduler.domain.shared_sites import SharedSite, capacity_mismatches, holding, shared_sites
from scheduler.errors import InputError, Problem
from scheduler.export.workers import DocumentWorkers
from scheduler.io.examiners import default_examiner_files, load_examiners
from scheduler.io.inputs import Inputs, load_inputs
from scheduler.io.outputs import check_writable
from scheduler.io.plan_files import latest_plan, load_plan_file
from scheduler.io.session_file import SESSION_FILE, load_session
from scheduler.publish.planning import (
    CHECK_SHARE,
    InvalidPlan,
    PlanningFailed,
    PlanningResult,
    TimeTooShort,
    compute_plan,
    publish_plan,
)
from scheduler.solver.options import SolveOptions
from scheduler.validate.shared_examiners import check_shared_examiners
from scheduler.validate.shared_sites import validate_shared_sites

#: Shared examiners named in what sessions share; the others are counted.
SHOWN_PEOPLE = 5


class SharedSitesTaken(TimeTooShort):
    """A session cannot be placed in what the sessions planned before it
    left of the sites they share.  Not a verdict: other plans of those
    sessions might leave room (``reasons`` in French)."""


def session_folders(folders: Sequence[Path]) -> list[Path]:
    """The session folders to plan: the folders given, a folder without
    ``session.toml`` standing for its sub-folders that have one (a parent
    folder of sessions), in name order."""
    out: list[Path] = []
    for folder in folders:
        if folder.is_dir() and not (folder / SESSION_FILE).is_file():
            children = sorted(p for p in folder.iterdir() if (p / SESSION_FILE).is_file())
            if children:
                out += children
                continue
        out.append(folder)
    return out


@dataclass(frozen=True)
class Computed:
    """One session's plan, computed and checked, not yet published."""

    folder: Path
    #: The session's inputs, its session holding what the plans before it take.
    inputs: Inputs
    plan: Plan
    bounds: dict[str, int]
    #: Seconds of computation for this session.
    seconds: float


def plan_and_publish_together(
    folders: Sequence[Path],
    *,
    output_root: Path | None = None,
    models_dir: Path = Path("models"),
    options: SolveOptions | None = None,
) -> list[PlanningResult]:
    """Plan the sessions of ``folders`` together (see the module docstring)
    and publish one plan per session, under ``output_root/<code>`` (by
    default ``sorties/<code>``).

    The time limit holds for the whole: each session gets a share in
    proportion to its candidates, and what one leaves goes to the next.
    Raises :class:`InputError` (every problem of every folder at once),
    :class:`PlanningFailed` (a session impossible on its own),
    :class:`SharedSitesTaken`, :class:`TimeTooShort` or
    :class:`InvalidPlan`; in every case nothing is written."""
    options = options or SolveOptions()
    clock = time.monotonic()
    options = replace(options, deadline=clock + options.time_limit * (1 - CHECK_SHARE))
    dirs = session_folders(folders)
    loaded = load_together(dirs)
    roots = [(output_root or Path("sorties")) / inputs.session.code for inputs in loaded]
    check_writable([models_dir, *roots], sum(len(i.candidates) for i in loaded))
    with DocumentWorkers() as workers:
        computed = compute_together(dirs, loaded, options, workers)
        return publish_together(computed, output_root=output_root, models_dir=models_dir, workers=workers)


def compute_together(
    dirs: Sequence[Path],
    loaded: Sequence[Inputs],
    options: SolveOptions,
    workers: DocumentWorkers | None = None,
) -> list[Computed]:
    """The checked plans of the sessions ``loaded`` (from ``dirs``), one
    after another, each holding what the plans before it take at shared
    sites, by ``options.deadline`` (shared in proportion to the candidates);
    nothing is written.  Raises as :func:`plan_and_publish_together`."""
    clock = time.monotonic()
    end = options.deadline if options.deadline is not None else clock + options.time_limit
    shared = shared_sites([inputs.session for inputs in loaded])
    total = max(1, sum(len(i.candidates) for i in loaded))
    planned: list[tuple[Session, Plan]] = []
    staffed: list[tuple[Session, Plan, Sequence[Examiner]]] = []
    out: list[Computed] = []
    done = 0
    for folder, inputs in zip(dirs, loaded, strict=True):
        started = time.monotonic()
        done += len(inputs.candidates)
        deadline = clock + (end - clock) * done / total
        session = holding(inputs.session, planned, shared)
        examiners = holding_examiners(session, inputs.examiners, [(plan, mine) for _, plan, mine in staffed])
        mine = replace(inputs, session=session, examiners=examiners)
        session_options = replace(options, time_limit=max(0.0, deadline - started), deadline=deadline)
        try:
            plan, bounds = compute_plan(mine, session_options, workers)
        except PlanningFailed as exc:
            if session == inputs.session and examiners == inputs.examiners:
                raise
            held = held_examiners(inputs.examiners, examiners)
            raise SharedSitesTaken(_taken(inputs.session, planned, shared, held, exc.reasons)) from None
        planned.append((inputs.session, plan))
        staffed.append((inputs.session, plan, inputs.examiners))
        out.append(Computed(Path(folder), mine, plan, bounds, time.monotonic() - started))
    violations = validate_shared_sites(planned) + check_shared_examiners(staffed)
    if violations:
        raise InvalidPlan(violations)
    return out


def publish_together(
    computed: Sequence[Computed], *, output_root: Path | None, models_dir: Path, workers: DocumentWorkers
) -> list[PlanningResult]:
    """Publish each computed plan under ``output_root/<code>`` (``sorties/<code>``
    by default), each plan file naming the other sessions' folders."""
    everyone = [str(c.folder.resolve()) for c in computed]
    return [
        publish_plan(
            c.inputs, c.folder, c.plan, c.bounds, root=(output_root or Path("sorties")) / c.inputs.session.code,
            models_dir=models_dir, workers=workers, compute_time=c.seconds,
            shared_with=[f for f in everyone if f != str(c.folder.resolve())],
        )
        for c in computed
    ]  # fmt: skip


def holding_partners(
    session: Session,
    folders: Sequence[Path],
    models_dir: Path,
    examiners: Sequence[Examiner] = (),
    since: date | None = None,
) -> tuple[Session, list[Examiner], list[str]]:
    """``session`` holding what the latest published plans of the sessions
    of ``folders`` take at the sites it shares with them — a re-run of a
    session planned with others keeps off their rooms and loge seats — and
    its ``examiners`` without the days, from ``since`` on, those plans
    convene them (a person in their lists too), with a French warning for a
    folder or a plan that cannot be found (nothing is held for it then).
    Sites declared differently: :class:`InputError`."""
    earlier: list[tuple[Session, Plan]] = []
    staff: list[tuple[Plan, Sequence[Examiner]]] = []
    warnings: list[str] = []
    partners: dict[str, Path] = {}
    for folder in folders:
        if not (folder / SESSION_FILE).is_file():
            warnings.append(
                f"{folder} : session planifiée avec celle-ci introuvable ; ce qu'elle occupe des sites "
                "partagés n'est pas réservé"
            )
            continue
        other = load_session(folder)
        if other.code == session.code or other.code in partners:
            continue
        latest = latest_plan(models_dir, other.code)
        if latest is None:
            warnings.append(
                f"session {other.code} ({folder}) : aucun plan publié dans {models_dir} ; rien n'est réservé pour elle"
            )
            continue
        partners[other.code] = folder
        plan = load_plan_file(latest).plan
        earlier.append((other, plan))
        if examiners and any(o.examiners for o in plan.orals):
            try:
                staff.append((plan, load_examiners(default_examiner_files(folder), other).examiners))
            except InputError as exc:
                warnings.append(
                    f"session {other.code} ({folder}) : liste des examinateurs illisible ({exc.problems[0]}) ; "
                    "les jours où elle convoque des examinateurs de cette session ne sont pas réservés"
                )
    if not earlier:
        return session, list(examiners), warnings
    sessions = [session, *(s for s, _ in earlier)]
    shared = shared_sites(sessions)
    mismatches = capacity_mismatches(sessions, shared)
    if mismatches:
        raise InputError(
            [
                Problem(str(partners.get(code, Path(".")) / SESSION_FILE), message)
                for code, message in mismatches
            ]
        )
    held = holding(session, earlier, shared)
    return held, holding_examiners(held, examiners, staff, since), warnings


def shared_by(group: Sequence[Path]) -> list[str]:
    """What the sessions of ``group`` share, in French: each shared place,
    then each person in several of their examiner lists."""
    sessions = [load_session(folder) for folder in group]
    out = [f"lieu partagé : {site.place}" for site in shared_sites(sessions)]
    lists: dict[Identity, list[str]] = {}
    names: dict[Identity, str] = {}
    for folder, session in zip(group, sessions, strict=True):
        for e in load_examiners(default_examiner_files(folder), session):
            for identity in identities(e):
                lists.setdefault(identity, []).append(session.code)
                names.setdefault(identity, described(e))
    common = sorted({names[i] for i, codes in lists.items() if len(set(codes)) > 1})
    if common:
        shown = ", ".join(common[:SHOWN_PEOPLE]) + (
            f" et {len(common) - SHOWN_PEOPLE} autre(s)" if len(common) > SHOWN_PEOPLE else ""
        )
        out.append(f"examinateur(s) inscrit(s) dans plusieurs listes : {shown}")
    return out


def load_together(dirs: Sequence[Path]) -> list[Inputs]:
    """Every session's inputs, or one :class:`InputError` with the problems
    of all of them (and of two sessions with one code, or sites that
    disagree)."""
    problems: list[Problem] = []
    loaded: list[Inputs] = []
    for folder in dirs:
        try:
            loaded.append(load_inputs(folder, with_examiners=True))
        except InputError as exc:
            problems += exc.problems
    seen: dict[str, Path] = {}
    for folder, inputs in zip(dirs, loaded, strict=False):
        code = inputs.session.code
        if code in seen:
            problems.append(
                Problem(
                    str(folder / SESSION_FILE),
                    f"[session] code : déjà celui de la session {seen[code]} ; chaque session a son code",
                    value=code,
                )
            )
        seen.setdefault(code, folder)
    if problems:
        raise InputError(problems)
    by_code = {inputs.session.code: folder for folder, inputs in zip(dirs, loaded, strict=True)}
    sessions = [i.session for i in loaded]
    mismatches = capacity_mismatches(sessions, shared_sites(sessions))
    if mismatches:
        raise InputError(
            [Problem(str(by_code[code] / SESSION_FILE), message) for code, message in mismatches]
        )
    return loaded


def _taken(
    session: Session,
    planned: list[tuple[Session, Plan]],
    shared: list[SharedSite],
    held: list[Examiner],
    reasons: list[str],
) -> list[str]:
    mine = {site.place for site in shared if site.key_in(session.code) is not None}
    before = [s.code for s, _ in planned if any(site.key_in(s.code) for site in shared if site.place in mine)]
    what = []
    if before:
        what.append(
            f"ce que les sessions planifiées avant elle ({', '.join(before)}) laissent des sites partagés "
            f"({', '.join(sorted(mine))})"
        )
    if held:
        names = ", ".join(f"{e.id} {e.surname} {e.given_name}" for e in held)
        what.append(
            "les jours que les sessions planifiées avant elle laissent à ses examinateurs inscrits aussi "
            f"dans leurs listes ({names})"
        )
    return [
        f"la session {session.code} ne tient pas dans {' ni dans '.join(what)} ; rien ne prouve "
        "qu'un autre plan de ces sessions ne laisserait pas la place : changez l'ordre des dossiers, "
        "ajoutez des salles, des places en loge ou des examinateurs, ou élargissez les fenêtres",
        *reasons,
    ]
