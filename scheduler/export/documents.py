"""Every document of a plan, written by a pool of processes: the figures of
each site's days, the per-épreuve charts, the workbooks for the whole
session, the convocation letters (PDF), then each site's room workbook once
its Gantt pictures are drawn.

A re-run passes what it keeps of the published folder (figures and room
workbooks that the same inputs would write again, byte for byte) and only
the rest is written.  The jobs are functions of the exporters, named by
module path (:mod:`scheduler.export.workers`): the same plan gives the same
bytes whichever process writes them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import FIRST_COMPLETED, wait
from datetime import date
from pathlib import Path

from scheduler.export.context import PlanContext, Published
from scheduler.export.figures import gantt_pngs
from scheduler.export.recipients import FILE_NAME as RECIPIENTS
from scheduler.export.recipients import recipients_csv
from scheduler.export.sites import file_names
from scheduler.export.workers import DocumentWorkers, Job, Shared, run

#: Jobs of figures per process: a site's days are cut into about this many
#: jobs per process, so that the processes finish together.
JOBS_PER_PROCESS = 3

#: The jobs, by ``module:function``: the caller names them, only the
#: process that runs one imports it (matplotlib is never loaded by a caller
#: that has processes to draw).
DRAW_SITE_DAYS = "scheduler.export.figures.drawing:draw_site_days"
DRAW_FAMILIES = "scheduler.export.figures.drawing:draw_families"
SITE_WORKBOOK = "scheduler.export.rooms:site_workbook"
EXAMINERS_WORKBOOK = "scheduler.export.examiners:examiners_workbook"
CALENDARS = "scheduler.export.calendars:examiner_calendars"
CANDIDATE_LETTERS = "scheduler.export.letters:candidate_letters"
OWNERS = "scheduler.export.recipients:document_owners"
EXAMINER_LETTERS = "scheduler.export.letters:examiner_letters"
SCHOOL_LISTS = "scheduler.export.convocations:school_lists"
EXAMINER_LISTS = "scheduler.export.examiners:examiner_lists"
#: The workbooks of the whole session, by file name (the examiners' one
#: only for plans with named examiners).
SESSION_WORKBOOKS = {
    "convocations.xlsx": "scheduler.export.convocations:convocations_workbook",
    "commissions.xlsx": "scheduler.export.commissions:commissions_workbook",
    "bordereaux.xlsx": "scheduler.export.grading:grading_workbook",
}


def plan_documents(
    ctx: PlanContext,
    workers: DocumentWorkers,
    *,
    previous: PlanContext | None = None,
    revision: int = 0,
    site_days: Collection[tuple[str, date]] | None = None,
    families: Collection[str] | None = None,
    kept: Mapping[str, bytes] | None = None,
    published: Path | None = None,
) -> dict[str, bytes]:
    """The workbooks, figures and calendars of the plan, by relative path:
    see :func:`start_documents`."""
    return start_documents(
        ctx,
        workers,
        previous=previous,
        revision=revision,
        site_days=site_days,
        families=families,
        kept=kept,
        published=published,
    )()


def start_documents(
    ctx: PlanContext,
    workers: DocumentWorkers,
    *,
    previous: PlanContext | None = None,
    revision: int = 0,
    site_days: Collection[tuple[str, date]] | None = None,
    families: Collection[str] | None = None,
    kept: Mapping[str, bytes] | None = None,
    published: Path | None = None,
) -> Callable[[], dict[str, bytes]]:
    """Start writing the workbooks, figures and calendars of the plan; the
    function returned waits for them, by relative path (the caller may check
    the plan meanwhile).

    ``site_days`` and ``families`` (épreuve codes) are the figures to draw
    (all when ``None``); ``kept`` holds the files taken as they are from the
    published folder (the figures not drawn, the room workbooks not written).
    After a re-run, ``previous`` (the published plan) and ``revision`` let
    the calendars update or cancel imported events, and ``published`` (the
    folder of the published plan's documents) lets the letters whose pages
    are all the same be taken from it."""
    kept = dict(kept or {})
    days = [k for k in ctx.by_site_day() if site_days is None or k in site_days]
    names = file_names(ctx.session)
    rooms = [site for site in dict.fromkeys(s for s, _ in ctx.by_site_day()) if names[site] not in kept]

    # Pickled once, not once per job.
    shared = Shared(ctx)
    # Longest first: the figures, then the workbooks, then (below) the room
    # workbooks as their site's pictures come in.
    drawing = {
        site: _chunks([d for s, d in days if s == site], workers.processes)
        for site in dict.fromkeys(s for s, _ in days)
    }
    figures: dict[str, list[Job[dict[str, bytes]]]] = {
        site: [workers.submit(run, DRAW_SITE_DAYS, shared, [(site, d) for d in chunk]) for chunk in chunks]
        for site, chunks in drawing.items()
    }
    charts = workers.submit(run, DRAW_FAMILIES, shared, None if families is None else sorted(families))
    books = {name: workers.submit(run, job, shared) for name, job in SESSION_WORKBOOKS.items()}
    earlier = Published(previous, published) if previous is not None and published is not None else None
    letters = [workers.submit(run, CANDIDATE_LETTERS, shared, earlier)]
    owners = workers.submit(run, OWNERS, shared, previous)
    lists = [workers.submit(run, SCHOOL_LISTS, shared)]
    calendars = None
    if ctx.examiners:
        books["examinateurs.xlsx"] = workers.submit(run, EXAMINERS_WORKBOOK, shared)
        calendars = workers.submit(run, CALENDARS, shared, previous, revision)
        letters.append(workers.submit(run, EXAMINER_LETTERS, shared, earlier))
        lists.append(workers.submit(run, EXAMINER_LISTS, shared))

    def written() -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        if calendars is not None:
            files.update({f"agendas/{name}": data for name, data in calendars.result().items()})
        room_jobs = _room_jobs(shared, workers, figures, kept, set(rooms))
        for site_jobs in figures.values():
            for job in site_jobs:
                files.update(job.result())
        files.update(charts.result())
        files.update({name: job.result() for name, job in books.items()})
        for job in letters:
            files.update(job.result())
        files.update({names[site]: job.result() for site, job in room_jobs.items()})
        for job in lists:
            files.update(job.result())
        files.update(kept)
        files[RECIPIENTS] = recipients_csv(ctx, owners.result(), files)
        return dict(sorted(files.items()))

    return written


def _chunks(days: list[date], processes: int) -> list[list[date]]:
    """A site's days in runs of consecutive days, about
    :data:`JOBS_PER_PROCESS` per process for the biggest sites."""
    if not days:
        return []
    size = max(1, math.ceil(len(days) / (JOBS_PER_PROCESS * processes)))
    return [days[i : i + size] for i in range(0, len(days), size)]


def _room_jobs(
    shared: Shared[PlanContext],
    workers: DocumentWorkers,
    figures: dict[str, list[Job[dict[str, bytes]]]],
    kept: Mapping[str, bytes],
    sites: set[str],
) -> dict[str, Job[bytes]]:
    """One job per site in ``sites`` writing its room workbook, each started
    as soon as the site's Gantt pictures are drawn (kept ones taken from
    ``kept``)."""
    out: dict[str, Job[bytes]] = {}
    pending = {site: list(figures.get(site, [])) for site in sites}
    while pending:
        ready = [site for site, jobs in pending.items() if all(j.done() for j in jobs)]
        if not ready:
            waiting = {
                j.future for jobs in pending.values() for j in jobs if j.future and not j.future.done()
            }
            wait(waiting, return_when=FIRST_COMPLETED)
            continue
        for site in ready:
            drawn = dict(kept)
            for job in pending.pop(site):
                drawn.update(job.result())
            gantts = {day: png for (s, day), png in gantt_pngs(shared.value, drawn).items() if s == site}
            out[site] = workers.submit(run, SITE_WORKBOOK, shared, site, gantts)
    return out
