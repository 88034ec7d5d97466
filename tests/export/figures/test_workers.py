"""The drawing processes: the same files as the caller drawing alone."""

from __future__ import annotations

import pytest

from scheduler.export.context import PlanContext
from scheduler.export.figures import FigureWorkers
from tests.export.figures.helpers import day_stem


@pytest.mark.slow
def test_drawing_processes_give_the_same_files(small: PlanContext, files: dict[str, bytes]) -> None:
    """Drawn beside the caller by two processes, or by the caller alone."""
    with FigureWorkers(2) as workers:
        workers.start()
        assert workers._pool is not None  # drawn by the processes indeed
        pending = workers.draw(small)
        assert pending() == files
        some = sorted(small.by_site_day())[:1]
        stems = {day_stem(small, site, d) for site, d in some}
        expected = {n for n in files if any(f"-{stem}." in n for stem in stems) or "-e4." in n}
        assert set(workers.draw(small, some, ["E4"])()) == expected
    with FigureWorkers(1) as alone:
        assert alone.draw(small)() == files
