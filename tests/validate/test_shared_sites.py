"""The rules across sessions planned together: a shared site's rooms, loge
and computer stations are never taken twice, whichever session uses them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from scheduler.domain.plan import Plan
from scheduler.domain.session import Session
from scheduler.validate.shared_sites import (
    check_shared_loge,
    check_shared_rooms,
    check_shared_stations,
    validate_shared_sites,
)
from tests.helpers_plans import C1, E2_DAY, tiny_session, valid_plan


def _twin(session: Session) -> Session:
    return replace(session, code="autre")


def _only(plan: Plan, code: str) -> Plan:
    return replace(plan, orals=[o for o in plan.orals if o.epreuve == code])


def test_two_sessions_in_the_same_rooms_break_every_rule() -> None:
    """The reference plan twice, as two sessions' plans: every room, the loge
    and the stations of each shared site are taken twice."""
    session, plan = tiny_session(), valid_plan()
    planned = [(session, plan), (_twin(session), plan)]
    rooms = check_shared_rooms(planned)
    assert rooms and all("occupée par les sessions autre, " in v.message for v in rooms)
    assert any(f"{E2_DAY.isoformat()}, Salle 1" in v.message and "Tarbes" in v.message for v in rooms)
    loge = check_shared_loge(planned)
    assert loge and all("candidats en loge pour" in v.message for v in loge)
    stations = check_shared_stations(planned)
    assert stations and all("oraux sur poste informatique pour" in v.message for v in stations)
    assert len(validate_shared_sites(planned)) == len(rooms) + len(loge) + len(stations)


def test_other_days_or_other_places_break_nothing() -> None:
    session, plan = tiny_session(), valid_plan()
    # The second session's E2 in another school: nothing shared.
    elsewhere = {k: replace(s, etablissement="Lycée Ailleurs") for k, s in session.sites.items()}
    assert validate_shared_sites([(session, plan), (replace(_twin(session), sites=elsewhere), plan)]) == []
    # Each épreuve once: E2 for the first session, E4 for the second — other days.
    assert validate_shared_sites([(session, _only(plan, "E2")), (_twin(session), _only(plan, "E4"))]) == []


def test_a_room_of_one_session_is_free_for_the_other_on_another_day() -> None:
    session, plan = tiny_session(), valid_plan()
    e2 = _only(plan, "E2")
    moved = replace(e2, orals=[replace(o, day=E2_DAY + timedelta(days=1)) for o in e2.orals])
    assert check_shared_rooms([(session, e2), (_twin(session), moved)]) == []
    # One oral of the second session back on the first's day, in its room: named.
    (first,) = [o for o in e2.orals if o.candidate == C1 and o.epreuve == "E2"]
    again = replace(moved, orals=[first if o.candidate == C1 else o for o in moved.orals])
    (found,) = check_shared_rooms([(session, e2), (_twin(session), again)])
    assert f"{E2_DAY.isoformat()}, {first.room} : occupée par les sessions autre, mini-2021" in found.message
