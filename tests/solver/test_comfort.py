"""The candidates' comfort: one cost for the solver, the local search and the validator."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Centre, Session
from scheduler.solver.pipeline import plan_session
from scheduler.solver.solution import Placement
from scheduler.solver.swaps import comfort
from scheduler.solver.tasks import build_tasks
from scheduler.solver.time_model import COMFORT
from scheduler.validate.objective import evaluate
from tests.tiny_sessions import (
    MONDAY,
    assert_valid,
    day,
    make_candidates,
    make_epreuve,
    make_session,
    make_site,
    with_fast,
)


@pytest.fixture(scope="module")
def solved() -> tuple[Session, list[Candidate], Plan]:
    """E2 and E2F at two sites over two days, every candidate far from both:
    someone sits the first rotation, at the farther site, or waits."""
    base = make_session(
        [make_epreuve("E2", sites=("lycee", "annexe"), first_day=MONDAY, last_day=day(1))],
        [make_site("lycee", rooms=1, loge=2), make_site("annexe", rooms=1, loge=2)],
    )
    session = replace(
        base,
        centres=(Centre("Centre Test", "Loin", 0, ()),),
        travel_minutes={"Loin": {"lycee": 80, "annexe": 110}},
    )
    candidates = make_candidates(14, orals=("E2",)) + make_candidates(
        6, first=15, orals=("E2",), optional_language="anglais"
    )
    # A short search: the three prices must agree on whatever plan it ends with.
    plan = plan_session(session, candidates, with_fast(deterministic_limit=0.3))
    assert_valid(session, candidates, plan)
    return session, candidates, plan


def test_solver_local_search_and_validator_price_a_plan_alike(
    solved: tuple[Session, list[Candidate], Plan],
) -> None:
    session, candidates, plan = solved
    solver = sum(s["objectif"] or 0 for s in plan.solver.stages if str(s["etape"]).endswith(COMFORT))
    tasks = build_tasks(session, candidates)
    orals = {(o.candidate, o.epreuve): o for o in plan.placed()}
    placements = {
        t.key: Placement(o.day, o.site, o.start)
        for t in tasks
        if (o := orals.get(t.key)) is not None and o.day and o.site and o.start is not None
    }
    swaps = sum(comfort(session, [t for t in tasks if t.candidate == c], placements) for c in candidates)
    validator = evaluate(session, candidates, plan).comfort(session.preferences)
    assert solver == swaps == validator
    assert validator > 0, "the session should cost some comfort"
