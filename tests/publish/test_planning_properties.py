"""Sessions built around a plan known to be valid, examiners included:
the planner never says one is missing (issue #12, hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings

from scheduler.domain.commission import commission_days
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.publish.planning import _name_examiners
from scheduler.solver.pipeline import plan_session
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from tests.solver.test_properties import OPTIONS, sessions

pytestmark = pytest.mark.slow


def examiners_for(session: Session, known: list[tuple[str, date, str | None]]) -> list[Examiner]:
    """Exactly the examiners a known plan needs: for each of its commission-days,
    its seats (a teacher and professionals for mixed commissions), available that
    day only, qualified for that family (and language) only, from no candidate's school."""
    out: list[Examiner] = []
    for family, day, language in known:
        ep = session.epreuves[family]
        for seat in range(ep.commission_size):
            out.append(
                Examiner(
                    id=f"EX{len(out) + 1:03d}",
                    surname=f"EXAM{len(out) + 1}",
                    given_name="Prénom",
                    etablissement="Organisme extérieur",
                    quality="enseignant" if seat == 0 or not ep.mixed_commission else "professionnel",  # type: ignore[arg-type]
                    epreuves=frozenset({family}),
                    languages=frozenset({language}) if language else frozenset(),
                    available=frozenset({day}),
                )
            )
    return out


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(sessions())
def test_a_session_built_around_a_valid_plan_is_never_short_of_examiners(
    drawn: tuple[Session, list[Candidate]],
) -> None:
    """With exactly the examiners some valid plan needs, planning and naming them never ends in « il manque »."""
    session, candidates = drawn
    # Another search than the planner's own, so that the plan under test is not the known one again.
    known = plan_session(session, candidates, replace(OPTIONS, seed=OPTIONS.seed + 7))
    assume(not known.diagnostics)
    needs = [
        (cd.family, cd.day, cd.orals[0].language if session.epreuves[cd.family].by_language else None)
        for cd in commission_days(known).values()
    ]
    examiners = examiners_for(session, needs)
    plan = plan_session(session, candidates, OPTIONS, examiners=examiners)
    assert plan.diagnostics == []
    named = _name_examiners(session, candidates, plan, examiners, OPTIONS, 10)
    assert validate(session, candidates, named) == []
    assert validate_examiners(session, candidates, named, examiners) == []
