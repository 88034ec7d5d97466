"""Candidates go to the nearest site their épreuve uses, unless capacity
says otherwise; the fewest are then sent farther (issue #18)."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Centre, Session
from scheduler.domain.travel import farther_sentence, farther_trips, travel_proven
from scheduler.solver.pipeline import plan_session
from scheduler.validate.objective import evaluate
from tests.tiny_sessions import (
    MONDAY,
    assert_valid,
    commission_day_count,
    day,
    make_candidates,
    make_epreuve,
    make_session,
    make_site,
    with_fast,
)

OPTIONS = with_fast(deterministic_limit=1.0)


def _session(*, annexe_rooms: int, days: int) -> Session:
    """E5 at the lycée and its annexe; one écrit centre near each."""
    base = make_session(
        [make_epreuve("E5", sites=("lycee", "annexe"), first_day=MONDAY, last_day=day(days - 1))],
        [
            make_site("lycee", rooms=4, loge=0, stations=4),
            make_site("annexe", rooms=annexe_rooms, loge=0, stations=annexe_rooms),
        ],
    )
    return replace(
        base,
        centres=(Centre("Centre Nord", "Nord", 0, ()), Centre("Centre Sud", "Sud", 0, ())),
        travel_minutes={"Nord": {"lycee": 10, "annexe": 40}, "Sud": {"lycee": 40, "annexe": 10}},
    )


def _candidates(north: int, south: int) -> list[Candidate]:
    return [replace(c, centre="Centre Nord") for c in make_candidates(north, orals=("E5",))] + [
        replace(c, centre="Centre Sud") for c in make_candidates(south, first=north + 1, orals=("E5",))
    ]


def _plan(session: Session, candidates: list[Candidate]) -> Plan:
    plan = plan_session(session, candidates, OPTIONS)
    assert_valid(session, candidates, plan)
    assert all(o.is_placed for o in plan.orals)
    return plan


def test_nobody_is_sent_farther_when_the_nearest_sites_have_room() -> None:
    # 20 candidates near the lycée, 6 near the annexe, 12 orals of 40 min a
    # commission-day: 2 + 1 commission-days, the fewest possible (26 orals).
    session, candidates = _session(annexe_rooms=4, days=2), _candidates(20, 6)
    plan = _plan(session, candidates)
    assert commission_day_count(plan) == 3
    assert travel_proven(plan)
    assert farther_trips(session, candidates, plan) == []
    assert evaluate(session, candidates, plan).terms["minutes_trajet_supplementaire"] == 0
    assert farther_sentence([], travel_proven(plan)).startswith("Chaque candidat passe")


def test_capacity_sends_the_fewest_farther() -> None:
    # One day, one room at the annexe: 12 of the 16 candidates near it fit
    # there; the other 4 go to the lycée (30 minutes more each), no more.
    session, candidates = _session(annexe_rooms=1, days=1), _candidates(8, 16)
    plan = _plan(session, candidates)
    assert commission_day_count(plan) == 2
    # Proven: the sum the travel level sees knows the annexe seats 12 a day.
    assert travel_proven(plan)
    trips = farther_trips(session, candidates, plan)
    assert len(trips) == 4
    assert {(t.site, t.nearest, t.extra_minutes, t.nearest_full) for t in trips} == {("lycee", "annexe", 30, True)}
    assert evaluate(session, candidates, plan).terms["minutes_trajet_supplementaire"] == 120
    sentence = farther_sentence(trips, travel_proven(plan))
    assert sentence.startswith("4 candidat(s) envoyé(s) sur un site plus éloigné") and "120 min" in sentence
    assert "complet" in sentence
