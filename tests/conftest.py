"""Shared fixtures: the Toulouse 2021 session and a solved plan for the exports."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from scheduler.domain.session import Session
from scheduler.export.context import PlanContext
from scheduler.io.inputs import load_inputs
from scheduler.io.session_file import load_session
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import plan_session
from scheduler.validate.hard_rules import validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def session() -> Session:
    # Anchored on the repository so that pytest may be run from any folder.
    return load_session(ROOT / "data" / "toulouse-2021")


@pytest.fixture(scope="session")
def export_context() -> PlanContext:
    """A solved, validated plan of 80 Toulouse 2021 candidates, for the exports.

    Two names are hostile on purpose: a surname starting with ``=`` and an
    établissement starting with ``+`` must stay text in every workbook.
    """
    inputs = load_inputs(ROOT / "data" / "toulouse-2021")
    picked = [c for c in inputs.candidates if c.requested_orals()][::3][:80]
    picked[0] = replace(picked[0], surname='=HYPERLINK("http://exemple.invalid","clic")')
    picked[1] = replace(picked[1], etablissement="+33 Lycée @Test -1")
    options = SolveOptions(time_limit=60, workers=1, seed=5, deterministic_limit=0.5)
    plan = plan_session(inputs.session, picked, options)
    assert validate(inputs.session, picked, plan) == []
    return PlanContext(plan, inputs.session, picked)


@pytest.fixture(scope="session")
def bundled_context() -> PlanContext:
    """The whole bundled session (536 candidates) planned with its examiners,
    checked: what ``make plan`` makes, with short deterministic limits."""
    from scheduler.solver.staffing import staff, with_examiners
    from scheduler.validate.examiners import validate_examiners

    inputs = load_inputs(ROOT / "data" / "toulouse-2021", with_examiners=True)
    session, candidates, examiners = inputs.session, inputs.candidates, inputs.examiners
    plan = plan_session(
        session,
        candidates,
        SolveOptions(time_limit=60, workers=1, seed=5, deterministic_limit=0.2),
        examiners=examiners,
    )
    staffing = staff(
        session,
        candidates,
        plan,
        examiners,
        SolveOptions(time_limit=60, workers=1, seed=5, deterministic_limit=1.0),
        60,
    )
    assert not staffing.missing
    plan = with_examiners(plan, staffing)
    assert validate(session, candidates, plan) == []
    assert validate_examiners(session, candidates, plan, examiners) == []
    return PlanContext(plan, session, candidates, examiners)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the whole bundled session planned is slow, whatever
    its own marker says: ``make test-rapide`` leaves it out.

    The modules with a slow test run first, each kept whole: ``make test``
    runs the modules in two processes (pytest-xdist, ``--dist loadfile``),
    and handing out the long ones first lets both finish together."""
    for item in items:
        if "bundled_context" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)
