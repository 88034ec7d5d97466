"""The processes writing the documents: the same files as the caller
writing them alone."""

from __future__ import annotations

import importlib

import pytest

from scheduler.export.context import PlanContext
from scheduler.export.documents import (
    CALENDARS,
    CANDIDATE_LETTERS,
    DRAW_FAMILIES,
    DRAW_SITE_DAYS,
    EXAMINER_LETTERS,
    EXAMINER_LISTS,
    EXAMINERS_WORKBOOK,
    OWNERS,
    SCHOOL_LISTS,
    SESSION_WORKBOOKS,
    SITE_WORKBOOK,
    plan_documents,
)
from scheduler.export.workers import PRELOAD, DocumentWorkers
from scheduler.publish.replanning import CHANGES_WORKBOOK
from tests.export.figures.helpers import day_stem


@pytest.mark.slow
def test_processes_write_the_same_files(small: PlanContext, files: dict[str, bytes]) -> None:
    """Written beside the caller by two processes, or by the caller alone."""
    with DocumentWorkers(1) as alone:
        everything = plan_documents(small, alone)
        assert not alone.parallel
    assert {n: everything[n] for n in files} == files
    with DocumentWorkers(2) as workers:
        workers.start()
        assert workers.parallel  # written by the processes indeed
        assert plan_documents(small, workers) == everything
        some = sorted(small.by_site_day())[:1]
        stems = {day_stem(small, site, d) for site, d in some}
        drawn = plan_documents(small, workers, site_days=some, families=["E4"])
        figures = {n for n in drawn if n.startswith("figures/")}
        assert figures == {n for n in files if any(f"-{stem}." in n for stem in stems) or "-e4." in n}


def test_the_server_preloads_every_job() -> None:
    """Each job's module is imported by the server before the processes are
    forked: none of them imports it again on its first job."""
    jobs = [DRAW_SITE_DAYS, DRAW_FAMILIES, SITE_WORKBOOK, EXAMINERS_WORKBOOK, CALENDARS, CHANGES_WORKBOOK, OWNERS]
    jobs += [CANDIDATE_LETTERS, EXAMINER_LETTERS, SCHOOL_LISTS, EXAMINER_LISTS]
    jobs += SESSION_WORKBOOKS.values()
    assert {job.partition(":")[0] for job in jobs} <= set(PRELOAD)
    # And each names a function.
    for job in jobs:
        module, _, name = job.partition(":")
        assert callable(getattr(importlib.import_module(module), name))
