"""Fixtures of the figure tests: a plan cut to every kind of day, its
pictures, and the pictures of the whole bundled session."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from scheduler.export.context import PlanContext
from scheduler.export.documents import DRAW_FAMILIES, DRAW_SITE_DAYS
from scheduler.export.figures import plan_figures
from scheduler.export.workers import DocumentWorkers, Shared, run


# Session-scoped, not module-scoped: the tests of several modules share one drawing.
@pytest.fixture(scope="session")
def small(export_context: PlanContext) -> PlanContext:
    """The export plan cut to the first day of each site and the first day
    with an ENG oral: every kind of day, in a few seconds."""
    kept: set[tuple[str, date]] = set()
    for site, day in export_context.by_site_day():
        if site not in {s for s, _ in kept}:
            kept.add((site, day))
    eng = next(
        (o.site, o.day) for o in export_context.plan.placed() if o.epreuve == "ENG" and o.site and o.day
    )
    kept.add(eng)
    orals = [o for o in export_context.plan.placed() if (o.site, o.day) in kept]
    return PlanContext(
        replace(export_context.plan, orals=orals), export_context.session, export_context.candidates
    )


@pytest.fixture(scope="session")
def files(small: PlanContext) -> dict[str, bytes]:
    """Every picture of the cut plan, by path."""
    return plan_figures(small)


@pytest.fixture(scope="session")
def bundled_figures(bundled_context: PlanContext) -> dict[str, bytes]:
    """Every picture of the whole bundled session, by path, drawn by the
    document processes as ``oraux planifier`` draws them (half the wall time
    on two cores; ``test_processes_write_the_same_files`` shows the bytes are
    those drawn here)."""
    shared = Shared(bundled_context)
    keys = list(bundled_context.by_site_day())
    with DocumentWorkers(2) as workers:
        jobs = [workers.submit(run, DRAW_SITE_DAYS, shared, keys[n::2]) for n in range(2)]
        jobs.append(workers.submit(run, DRAW_FAMILIES, shared, None))
        out: dict[str, bytes] = {}
        for job in jobs:
            out.update(job.result())
    return out
