"""The objective recomputed without the solver agrees with what the solver optimised."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.domain.commission import commission_days
from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session
from scheduler.domain.travel import TRAVEL_STAGE
from scheduler.io.inputs import load_inputs
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import first_fit_plan, plan_session
from scheduler.solver.time_model import COMFORT
from scheduler.validate.hard_rules import validate
from scheduler.validate.objective import LEVELS, evaluate

SESSION = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"
OPTIONS = SolveOptions(time_limit=60, workers=1, seed=3, deterministic_limit=1.0)


@pytest.fixture(scope="module")
def sample() -> tuple[Session, list[Candidate], Plan]:
    """Sixty candidates of Toulouse 2021 with an oral, every fourth one."""
    inputs = load_inputs(SESSION)
    candidates = [c for c in inputs.candidates if c.requested_orals()][::4][:60]
    plan = plan_session(inputs.session, candidates, OPTIONS)
    assert validate(inputs.session, candidates, plan) == []
    return inputs.session, candidates, plan


def test_commission_days_are_those_the_solver_reports(sample: tuple[Session, list[Candidate], Plan]) -> None:
    session, candidates, plan = sample
    terms = evaluate(session, candidates, plan).terms
    assert terms["journees_commission"] == plan.solver.objective
    assert terms["journees_commission"] == len(commission_days(plan))
    assert plan.solver.bound is not None and plan.solver.bound <= terms["journees_commission"]


def test_comfort_recomputed_equals_the_solver_objective(
    sample: tuple[Session, list[Candidate], Plan],
) -> None:
    session, candidates, plan = sample
    recomputed = evaluate(session, candidates, plan).comfort(session.preferences)
    solved = sum(
        stage["objectif"] or 0 for stage in plan.solver.stages if str(stage["etape"]).endswith(COMFORT)
    )
    assert recomputed == solved


def test_travel_minutes_recomputed_are_at_most_the_solver_objective(
    sample: tuple[Session, list[Candidate], Plan],
) -> None:
    session, candidates, plan = sample
    recomputed = evaluate(session, candidates, plan).terms["minutes_trajet_supplementaire"]
    solved = [stage for stage in plan.solver.stages if str(stage["etape"]).endswith(TRAVEL_STAGE)]
    assert solved, "E5 has two sites: the plan has a travel stage"
    # The later stages keep the minutes at most where the travel stage left them.
    assert recomputed <= sum(stage["objectif"] or 0 for stage in solved)


def test_optimised_plan_beats_first_fit_lexicographically(
    sample: tuple[Session, list[Candidate], Plan],
) -> None:
    session, candidates, plan = sample
    baseline = first_fit_plan(session, candidates)
    assert validate(session, candidates, baseline) == []
    ours, theirs = evaluate(session, candidates, plan), evaluate(session, candidates, baseline)
    assert ours.level(0) <= theirs.level(0)
    assert [ours.level(n) for n in range(len(LEVELS))] < [theirs.level(n) for n in range(len(LEVELS))]


def test_every_term_is_labelled_in_french(sample: tuple[Session, list[Candidate], Plan]) -> None:
    session, candidates, plan = sample
    lines = evaluate(session, candidates, plan).describe()
    assert len(lines) == sum(len(level) for level in LEVELS)
    assert any(line.startswith("journées-commission : ") for line in lines)
