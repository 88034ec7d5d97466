"""The comfort cost of passages, by hand (no solver)."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain.comfort import (
    ComfortTerms,
    Passage,
    candidate_cost,
    candidate_terms,
    extra_travel,
    first_rotation,
    pair_terms,
)
from scheduler.domain.session import Centre, Preferences, Session
from tests.tiny_sessions import MONDAY, at, day, make_epreuve, make_session, make_site

CENTRE = "Centre Test"


def far_session() -> Session:
    """E2 at two sites; the candidates' town is 80 and 110 minutes away."""
    base = make_session(
        [make_epreuve("E2", sites=("lycee", "annexe"), first_day=MONDAY, last_day=day(1))],
        [make_site("lycee"), make_site("annexe")],
    )
    return replace(
        base,
        centres=(Centre(CENTRE, "Loin", 0, ()),),
        travel_minutes={"Loin": {"lycee": 80, "annexe": 110}},
    )


def e2(site: str = "lycee", start: str = "10:00", when: int = 0, family: str = "E2") -> Passage:
    return Passage(family, ("lycee", "annexe"), 30, 30, day(when), site, at(start))


def test_first_rotation_ends_when_the_first_passage_could() -> None:
    assert first_rotation(far_session(), 30, 30) == (at("08:30"), at("09:00"))


def test_far_first_rotation_and_extra_travel() -> None:
    session = far_session()
    assert candidate_terms(session, CENTRE, [e2(start="08:30")]) == ComfortTerms(far_first=1)
    assert candidate_terms(session, CENTRE, [e2(start="09:00")]) == ComfortTerms()
    assert candidate_terms(session, CENTRE, [e2("annexe")]) == ComfortTerms(travel=3)
    assert extra_travel(session, CENTRE, ("annexe",), "annexe") == 0


def test_two_passages_of_one_family() -> None:
    assert pair_terms(e2(start="09:00"), e2(start="10:10")) == ComfortTerms(half_hours=2)
    assert pair_terms(e2(), e2(when=1)) == ComfortTerms(other_day=1)
    assert pair_terms(e2(), e2(when=1, family="E4")) == ComfortTerms()


def test_weights_are_the_sessions() -> None:
    session = replace(far_session(), preferences=Preferences(far_first=7, other_day=11, half_hour_wait=2))
    passages = [e2("annexe", "08:30"), e2("lycee", "10:00", when=1)]
    assert candidate_terms(session, CENTRE, passages) == ComfortTerms(far_first=1, other_day=1, travel=3)
    assert candidate_cost(session, CENTRE, passages) == 7 + 11 + 3 * 3
