"""``oraux planifier`` as a function: a verdict only when it is proven, and a
time limit that holds for the whole computation (issue #12)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from scheduler.domain.session import Examiner
from scheduler.publish.planning import PlanningFailed, TimeTooShort, _name_examiners
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import TIME_TOO_SHORT, plan_session
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
