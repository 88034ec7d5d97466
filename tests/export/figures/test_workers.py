"""The processes writing the documents: the same files as the caller
writing them alone."""

from __future__ import annotations

import pytest

from scheduler.export.context import PlanContext
from scheduler.export.documents import plan_documents
from scheduler.export.workers import DocumentWorkers
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
