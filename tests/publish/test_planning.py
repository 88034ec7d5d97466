"""``oraux planifier`` as a function: a verdict only when it is proven, and a
time limit that holds for the whole computation (issue #12)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from scheduler.domain.plan import Plan
from scheduler.domain.session import Examiner
from scheduler.publish import planning
from scheduler.publish.planning import PlanningFailed, TimeTooShort, _name_examiners, plan_with_examiners
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import TIME_TOO_SHORT, plan_session
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from tests.tiny_sessions import FAST, make_candidates, one_site_session


def _examiner(i: int) -> Examiner:
    return Examiner(
        id=f"EX{i:03d}",
        surname=f"EXAM{i}",
        given_name="Prénom",
        etablissement="",
        quality="enseignant",
        epreuves=frozenset({"E4"}),
    )


def _passed() -> SolveOptions:
    """FAST, with its deadline already behind it."""
    return replace(FAST, deadline=time.monotonic() - 1)


def test_seconds_left_follow_the_deadline() -> None:
    """Without a deadline the time is unlimited; with one, every search is cut to what is left."""
    assert FAST.seconds_left() == float("inf") and FAST.within(7.0) == 7.0
    assert _passed().seconds_left() == 0.0 and _passed().within(7.0) == 0.0
    soon = replace(FAST, deadline=time.monotonic() + 100)
    assert 0 < soon.within(1000.0) <= 100


def test_orals_left_out_are_a_verdict_only_when_proven() -> None:
    """Seven E4 candidates for one day of six: proven impossible with time; without time, no verdict."""
    session = one_site_session(("E4",), rooms=1, loge=2)
    candidates = make_candidates(7)
    assert plan_session(session, candidates, FAST).solver.status == "incomplet"
    assert plan_session(session, candidates, _passed()).solver.status == TIME_TOO_SHORT


def test_a_missing_examiner_is_said_only_when_proven() -> None:
    """Two E4 commissions on the only day and two examiners for four seats: « il manque » with time,
    « temps insuffisant » when the deadline has passed."""
    session = one_site_session(("E4",), rooms=2, loge=4)
    candidates = make_candidates(12)
    plan = plan_session(session, candidates, FAST)
    assert plan.diagnostics == []
    examiners = [_examiner(1), _examiner(2)]
    with pytest.raises(PlanningFailed) as failed:
        _name_examiners(session, candidates, plan, examiners, FAST, 10)
    assert any("il manque 2 examinateur(s)" in reason for reason in failed.value.reasons)
    with pytest.raises(TimeTooShort) as short:
        _name_examiners(session, candidates, plan, examiners, _passed(), 10)
    assert "relancez avec un --temps-max plus long" in short.value.reasons[0]


def _member(id_: str, quality: str, school: str, day: date) -> Examiner:
    return Examiner(id_, id_, "Prénom", school, quality, frozenset({"E4"}), available=frozenset({day}))  # type: ignore[arg-type]


def test_examiners_that_cannot_sit_a_plan_are_no_verdict() -> None:
    """Tuesday's only teacher is from the candidates' own school: no plan that
    needs a Tuesday commission can be staffed, and the list can form one
    commission on Monday only.  The answer is « temps insuffisant » with the
    seat left empty — what staffing proved holds for the plans tried, not for
    every plan — never « il manque » as a verdict."""
    session = one_site_session(("E4",), days=2, rooms=2, loge=4)
    monday, tuesday = sorted(session.epreuves["E4"].calendar_days())
    candidates = make_candidates(12)
    school = candidates[0].etablissement
    examiners = [
        _member("T1", "enseignant", "Lycée Ailleurs", monday),
        _member("P1", "professionnel", "", monday),
        _member("T2", "enseignant", school, tuesday),
        _member("P2", "professionnel", "", tuesday),
    ]
    with pytest.raises(TimeTooShort) as short:
        plan_with_examiners(session, candidates, examiners, FAST, {})
    reasons = short.value.reasons
    assert "aucun plan dont toutes les places d'examinateur sont pourvues" in reasons[0]
    assert any("examinateur" in r for r in reasons[1:])


def test_a_plan_whose_examiners_can_be_named_on_other_days_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tuesday's teacher is from the candidates' school: the first plan, one
    commission a day, cannot be staffed; the next puts both on Monday."""
    session = one_site_session(("E4",), days=2, rooms=2, loge=4)
    monday, tuesday = sorted(session.epreuves["E4"].calendar_days())
    candidates = make_candidates(10)
    school = candidates[0].etablissement
    examiners = [
        _member("T1", "enseignant", "Lycée Ailleurs", monday),
        _member("P1", "professionnel", "", monday),
        _member("T2", "enseignant", "Lycée Ailleurs", monday),
        _member("P2", "professionnel", "", monday),
        _member("T3", "enseignant", school, tuesday),
        _member("P3", "professionnel", "", tuesday),
    ]
    tried: list[dict[tuple[str, date], int]] = []
    real = planning.plan_session

    def recorded(*args: Any, **kwargs: Any) -> Plan:
        tried.append(dict(kwargs.get("most") or {}))
        return real(*args, **kwargs)

    monkeypatch.setattr(planning, "plan_session", recorded)
    plan = plan_with_examiners(session, candidates, examiners, FAST, {})
    assert validate(session, candidates, plan) == []
    assert validate_examiners(session, candidates, plan, examiners) == []
    assert {o.day for o in plan.placed()} == {monday}
    assert tried == [{}, {("E4", tuesday): 0}]
