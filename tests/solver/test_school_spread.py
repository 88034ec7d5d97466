"""Priority 4: candidates of one établissement spread over the commissions of a
day, or grouped before one commission when the session asks for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from scheduler.domain.session import Preferences
from scheduler.solver.pipeline import plan_session
from scheduler.validate.objective import evaluate
from tests.tiny_sessions import FAST, assert_valid, make_candidates, one_site_session


def _schools_per_commission(plan, candidates) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    school = {c.number: c.etablissement for c in candidates}
    seen: dict[str, set[str]] = defaultdict(set)
    for o in plan.placed():
        seen[o.commission].add(school[o.candidate])
    return seen


def _twelve_from_two_schools():  # type: ignore[no-untyped-def]
    # 12 E4 in one day fill exactly two commissions (6 each).
    return make_candidates(6, etablissement="Lycée A") + make_candidates(6, first=7, etablissement="Lycée B")


def test_schools_are_spread_by_default() -> None:
    session = one_site_session(("E4",), rooms=2, loge=4)
    candidates = _twelve_from_two_schools()
    plan = plan_session(session, candidates, FAST)
    assert_valid(session, candidates, plan)
    for schools in _schools_per_commission(plan, candidates).values():
        assert schools == {"Lycée A", "Lycée B"}
    assert evaluate(session, candidates, plan).terms["etablissements_concentres"] == 0


def test_schools_are_grouped_when_the_session_asks() -> None:
    session = one_site_session(("E4",), rooms=2, loge=4)
    session = replace(session, preferences=Preferences(group_schools=True))
    candidates = _twelve_from_two_schools()
    plan = plan_session(session, candidates, FAST)
    assert_valid(session, candidates, plan)
    assert sorted(map(sorted, _schools_per_commission(plan, candidates).values())) == [
        ["Lycée A"],
        ["Lycée B"],
    ]
    assert evaluate(session, candidates, plan).terms["etablissements_disperses"] == 2
