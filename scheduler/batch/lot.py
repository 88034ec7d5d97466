"""``oraux planifier-lot``: plan many sessions in one run, on a Dask cluster.

Why Dask (``distributed``): it is pure Python, installed by pip with no
service to run; the same code runs on a local cluster of this machine's
processes (by default) or on an office's cluster given its scheduler's
address; the scheduler hands work to free workers, notices a worker that
dies and runs its task again elsewhere; results come back to the client as
ordinary Python objects.

How: sessions that share a site or an examiner are one *group*, planned
in turn by one task (as ``oraux planifier DIR1 DIR2`` does); independent
groups run in parallel, one per worker.  When there are more workers than
groups (one large session on a cluster), each group has the spare ones:
the blocks of épreuves of its sessions are solved at once, each a task of
the cluster (:mod:`scheduler.batch.blocks`).  A task computes and checks
the plans and sends them back; the machine that asked publishes them
exactly as ``oraux planifier`` does (versions, atomic writes, nothing
overwritten).  A group that fails — bad input, impossible, out of time — is reported and the
others go on.  The time limit holds for the whole batch: every task ends by
one deadline (wall clock, so that it means the same on every machine), and
a task that starts late has less time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from scheduler.batch.blocks import ClusterBlocks
from scheduler.domain.session import Session
from scheduler.domain.shared_examiners import Identity, identities
from scheduler.domain.shared_sites import shared_sites
from scheduler.errors import InputError, Problem
from scheduler.export.workers import DocumentWorkers
from scheduler.io.examiners import default_examiner_files, load_examiners
from scheduler.io.outputs import check_writable
from scheduler.io.session_file import load_session
from scheduler.publish.planning import CHECK_SHARE, InvalidPlan, PlanningFailed, TimeTooShort
from scheduler.publish.together import (
    Computed,
    SharedSitesTaken,
    compute_together,
    load_together,
    publish_together,
    session_folders,
    shared_by,
)
from scheduler.solver.options import SolveOptions

#: What became of a session, in French, as the summary table says it.
PUBLISHED = "publié"
INPUT_ERROR = "données incorrectes"
IMPOSSIBLE = "impossible"
NO_VERDICT = "sans verdict"
INTERNAL = "erreur interne"
LOST = "travailleur perdu"

#: Times the cluster runs a task again after the worker running it died.
RETRIES_AFTER_LOSS = 3
#: Seconds to wait for the scheduler of ``--grappe`` to answer.
CONNECT_SECONDS = 15


@dataclass
class Outcome:
    """One session of the batch: what became of it."""

    folder: Path
    code: str
    candidates: int = 0
    status: str = ""
    commission_days: int | None = None
    bound: int | None = None
    #: Seconds of computation of the session (on its worker).
    seconds: float = 0.0
    output: Path | None = None
    reasons: list[str] = field(default_factory=list)
    #: The codes of its group, itself included, when it was planned with others.
    group: list[str] = field(default_factory=list)
    #: What the sessions of its group share (French), when there are several.
    shared: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED


@dataclass(frozen=True)
class _Failure:
    """A group that could not be planned, sent back instead of an exception
    (ours carry French reasons a pickled exception would lose)."""

    status: str
    reasons: list[str]


def plan_group(
    folders: list[str], options: SolveOptions, wall_deadline: float, spare: int = 1
) -> list[Computed] | _Failure:
    """Run on a worker: the checked plans of one group of sessions sharing
    sites or examiners, by ``wall_deadline`` (a :func:`time.time` instant).  With
    ``spare`` workers of its own (2 or more), the blocks of épreuves of each
    session are solved at once, as tasks of the cluster."""
    left = max(0.0, wall_deadline - time.time())
    blocks = ClusterBlocks(spare) if spare > 1 else None
    options = replace(
        options, time_limit=left, deadline=time.monotonic() + left, progress=None, blocks=blocks
    )
    dirs = [Path(f) for f in folders]
    try:
        loaded = load_together(dirs)
        return compute_together(dirs, loaded, options)
    except InputError as exc:
        return _Failure(INPUT_ERROR, [str(p) for p in exc.problems])
    except SharedSitesTaken as exc:
        return _Failure(NO_VERDICT, exc.reasons)
    except TimeTooShort as exc:
        return _Failure(NO_VERDICT, exc.reasons)
    except PlanningFailed as exc:
        return _Failure(IMPOSSIBLE, exc.reasons)
    except InvalidPlan as exc:
        return _Failure(INTERNAL, [v.message for v in exc.violations])


def groups_of(folders: Sequence[Path]) -> tuple[list[list[Path]], list[Outcome], dict[Path, str]]:
    """The groups of sessions that share a site or an examiner (each in the
    order given), the outcome of each folder whose session file or examiner
    list cannot be read (it is left out, the others go on), and the code of
    each session read."""
    sessions: dict[Path, Session] = {}
    people: dict[Path, set[Identity]] = {}
    refused: list[Outcome] = []
    taken: dict[str, Path] = {}
    for folder in folders:
        try:
            session = load_session(folder)
            listed = load_examiners(default_examiner_files(folder), session)
            people[folder] = {i for e in listed for i in identities(e)}
        except InputError as exc:
            refused.append(
                Outcome(folder, folder.name, status=INPUT_ERROR, reasons=[str(p) for p in exc.problems])
            )
            continue
        if session.code in taken:
            reason = f"{folder / 'session.toml'} : [session] code « {session.code} » déjà celui de {taken[session.code]}"
            refused.append(Outcome(folder, session.code, status=INPUT_ERROR, reasons=[reason]))
            continue
        taken[session.code] = folder
        sessions[folder] = session
    # Sessions sharing a site or an examiner are linked; a group is a connected set.
    group_of = {folder: i for i, folder in enumerate(sessions)}
    by_code = {s.code: folder for folder, s in sessions.items()}
    links = [[by_code[code] for code, _ in site.keys] for site in shared_sites(list(sessions.values()))]
    listing: dict[Identity, list[Path]] = {}
    for folder in sessions:
        for person in people[folder]:
            listing.setdefault(person, []).append(folder)
    links += [linked for linked in listing.values() if len(linked) > 1]
    for link in links:
        linked = sorted({group_of[folder] for folder in link})
        for folder, g in group_of.items():
            if g in linked:
                group_of[folder] = linked[0]
    groups: dict[int, list[Path]] = {}
    for folder in sessions:
        groups.setdefault(group_of[folder], []).append(folder)
    return list(groups.values()), refused, {folder: s.code for folder, s in sessions.items()}


@contextmanager
def cluster_client(address: str | None, workers: int | None) -> Iterator[object]:
    """A Dask client: of the cluster at ``address``, or of a local cluster of
    ``workers`` processes (one per core by default), closed on exit."""
    # Imported on use: distributed takes a second to import.
    import dask
    from distributed import Client, LocalCluster

    # A task whose worker dies is run again elsewhere, this many times in all.
    dask.config.set({"distributed.scheduler.allowed-failures": RETRIES_AFTER_LOSS})
    if address:
        try:
            client = Client(address, timeout=CONNECT_SECONDS)
        except ValueError:
            why = "adresse mal formée : attendu tcp://hôte:port, par exemple tcp://calcul.rectorat:8786"
            raise InputError([Problem("option --grappe", why, value=address)]) from None
        except (OSError, TimeoutError):
            why = (
                f"aucun planificateur Dask n'a répondu à cette adresse en {CONNECT_SECONDS} s ; vérifier "
                "l'adresse et que « dask scheduler » tourne sur cette machine"
            )
            raise InputError([Problem("option --grappe", why, value=address)]) from None
        with client:
            yield client
        return
    count = workers or max(1, len(os.sched_getaffinity(0)))
    with (
        LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def plan_batch(
    folders: Sequence[Path],
    *,
    output_root: Path | None = None,
    models_dir: Path = Path("models"),
    options: SolveOptions | None = None,
    address: str | None = None,
    workers: int | None = None,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Plan every session of ``folders`` (a parent folder stands for its
    sessions) on a Dask cluster and publish each plan under
    ``output_root/<code>`` (``sorties/<code>`` by default); ``report`` is
    called with each session's outcome as soon as it is known.  The outcomes
    come back in the order of the folders."""
    # Imported on use: distributed takes a second to import.
    from distributed import as_completed

    options = options or SolveOptions()
    wall_deadline = time.time() + options.time_limit * (1 - CHECK_SHARE)
    dirs = session_folders(folders)
    groups, refused, codes = groups_of(dirs)
    for outcome in refused:
        report(outcome)
    check_writable([models_dir, output_root or Path("sorties")], 0)
    outcomes: dict[Path, Outcome] = {o.folder: o for o in refused}
    remote = replace(options, progress=None, blocks=None)
    with cluster_client(address, workers) as client, DocumentWorkers() as drawing:
        # Workers left over when each group has one solve their blocks at once.
        spare = sum(client.nthreads().values()) // max(1, len(groups))  # type: ignore[attr-defined]
        futures = {
            client.submit(  # type: ignore[attr-defined]
                plan_group, [str(f) for f in group], remote, wall_deadline, spare, pure=False, retries=0
            ): group
            for group in groups
        }
        shared = {tuple(group): shared_by(group) for group in groups if len(group) > 1}
        for future in as_completed(futures):
            group = futures[future]
            for outcome in _outcomes(future, group, codes, output_root, models_dir, drawing):
                if len(group) > 1:
                    outcome.group, outcome.shared = [codes[f] for f in group], shared[tuple(group)]
                outcomes[outcome.folder] = outcome
                report(outcome)
    return [outcomes[f] for f in dirs if f in outcomes]


def _outcomes(
    future: object,
    group: list[Path],
    codes: dict[Path, str],
    output_root: Path | None,
    models_dir: Path,
    drawing: DocumentWorkers,
) -> list[Outcome]:
    """Publish what a finished task sent back; an outcome per session of its group."""
    # Imported on use: distributed takes a second to import.
    from distributed import KilledWorker

    try:
        result = future.result()  # type: ignore[attr-defined]
    except KilledWorker:
        reason = (
            f"le travailleur qui calculait ce groupe s'est arrêté à chaque essai ({RETRIES_AFTER_LOSS + 1} fois) "
            "(mémoire, arrêt de la machine) : relancer ces sessions, ou les planifier une à une"
        )
        return [Outcome(f, codes[f], status=LOST, reasons=[reason]) for f in group]
    except Exception as exc:  # a bug in a task must not stop the others
        return [
            Outcome(f, codes[f], status=INTERNAL, reasons=[f"{type(exc).__name__} : {exc}"]) for f in group
        ]
    if isinstance(result, _Failure):
        return [Outcome(f, codes[f], status=result.status, reasons=result.reasons) for f in group]
    published = publish_together(result, output_root=output_root, models_dir=models_dir, workers=drawing)
    out = []
    for computed, planning in zip(result, published, strict=True):
        out.append(
            Outcome(
                computed.folder,
                computed.inputs.session.code,
                len(computed.inputs.candidates),
                PUBLISHED,
                sum(planning.commission_days().values()),
                sum(planning.lower_bounds.values()),
                round(computed.seconds, 1),
                planning.output_dir,
            )
        )
    return out
