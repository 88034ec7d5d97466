"""Fixtures of the figure tests: a plan cut to every kind of day, its
pictures, and the pictures of the whole bundled session."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from scheduler.export.context import PlanContext
from scheduler.export.figures import plan_figures


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
    """Every picture of the whole bundled session, by path."""
    return plan_figures(bundled_context)
