"""A second whole session, unlike the bundled one, planned end to end and
checked by the validator (issue #12): Occitanie 2022, with E2 at Albi, E4 at
Rodez, E5 at Toulouse and Montauban, E6 at Toulouse, Ascension and Pentecost
Monday inside windows, and one écrit-centre town without travel times."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scheduler.domain.plan import NV, PLANNED
from scheduler.io.inputs import load_inputs
from scheduler.precheck.summary import summarize
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import plan_session
from scheduler.solver.staffing import staff, with_examiners
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate

SESSION = Path(__file__).resolve().parents[1] / "data" / "sessions" / "occitanie-2022"
ASCENSION = date(2022, 5, 26)
PENTECOST_MONDAY = date(2022, 6, 6)
#: The écrit-centre town deliberately left out of ``[trajets_minutes]``.
TOWN_WITHOUT_TRAVEL = "Saint-Gaudens"


def test_the_town_without_travel_times_is_named() -> None:
    """The precheck names exactly the town left out of [trajets_minutes], for candidates who sit orals."""
    inputs = load_inputs(SESSION)
    gaps = summarize(inputs.session, inputs.candidates).travel_gaps
    assert gaps and {g.town for g in gaps} == {TOWN_WITHOUT_TRAVEL}
    assert all(g.candidates > 0 for g in gaps)
    assert TOWN_WITHOUT_TRAVEL not in inputs.session.travel_minutes
    assert {ASCENSION, PENTECOST_MONDAY} <= inputs.session.holidays


@pytest.mark.slow
def test_second_session_is_planned_staffed_and_valid() -> None:
    """Occitanie 2022 is planned with named examiners, passes every check, and its bound is a bound."""
    inputs = load_inputs(SESSION, with_examiners=True)
    session, candidates, examiners = inputs.session, inputs.candidates, inputs.examiners
    plan = plan_session(
        session,
        candidates,
        SolveOptions(time_limit=120, workers=1, seed=5, deterministic_limit=1.0),
        examiners=examiners,
    )
    assert plan.diagnostics == []
    staffing = staff(
        session,
        candidates,
        plan,
        examiners,
        SolveOptions(time_limit=120, workers=1, seed=5, deterministic_limit=2.0),
        120,
    )
    assert staffing.missing == {}
    plan = with_examiners(plan, staffing)
    assert validate(session, candidates, plan) == []
    assert validate_examiners(session, candidates, plan, examiners) == []

    # Every requested oral is in the plan: planned, or NV for a non-conforming dossier.
    status = {(o.candidate, o.epreuve): o.status for o in plan.orals}
    requested = {(c.number, code): c for c in candidates for code in c.requested_orals()}
    assert set(status) == set(requested)
    for (number, code), candidate in requested.items():
        assert status[(number, code)] == (NV if candidate.is_nv(code) else PLANNED), (number, code)

    placed = plan.placed()
    assert all(o.examiners for o in placed)
    assert not {o.day for o in placed} & {ASCENSION, PENTECOST_MONDAY}
    assert {o.site for o in placed if o.epreuve == "E5"} == {"toulouse", "montauban"}
    assert plan.solver.bound is not None and plan.solver.objective is not None
    assert plan.solver.bound <= plan.solver.objective
