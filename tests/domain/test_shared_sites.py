"""Sites shared by sessions: found by school and town, their capacities
compared, and what an earlier plan takes there held for a later session."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain.plan import Plan
from scheduler.domain.session import Session
from scheduler.domain.shared_sites import capacity_mismatches, holding, shared_sites
from tests.helpers_plans import E2_DAY, E4_DAY, E5_DAY, at, tiny_session, valid_plan


def _other(session: Session, code: str = "autre", **renamed: str) -> Session:
    """``session`` under another code, its sites renamed ``{old key: new key}``."""
    sites = {renamed.get(k, k): replace(s, key=renamed.get(k, k)) for k, s in session.sites.items()}
    return replace(session, code=code, sites=sites)


def test_a_site_is_shared_by_school_and_town_whatever_its_key() -> None:
    first = tiny_session()
    second = _other(first, tarbes="pradeau")
    shared = {s.place: s for s in shared_sites([first, second])}
    tarbes = next(s for p, s in shared.items() if "Tarbes" in p)
    assert tarbes.key_in(first.code) == "tarbes" and tarbes.key_in("autre") == "pradeau"
    assert len(shared) == len(first.sites)
    # Another school in the same town is another place.
    moved = {k: replace(s, etablissement=f"Autre {s.etablissement}") for k, s in first.sites.items()}
    assert shared_sites([first, replace(second, sites=moved)]) == []


def test_a_shared_site_with_other_rooms_is_named() -> None:
    first = tiny_session()
    sites = dict(first.sites)
    sites["tarbes"] = replace(sites["tarbes"], loge_seats=sites["tarbes"].loge_seats + 3)
    second = replace(first, code="autre", sites=sites)
    (mismatch,) = capacity_mismatches([first, second], shared_sites([first, second]))
    assert mismatch[0] == "autre"
    assert "[sites.tarbes] places_loge" in mismatch[1] and first.code in mismatch[1]


def test_what_an_earlier_plan_takes_is_held_under_the_later_keys() -> None:
    first, plan = tiny_session(), valid_plan()
    second = _other(first, tarbes="pradeau", castres="borde", toulouse="pigier")
    held = holding(second, [(first, plan)], shared_sites([first, second]))
    keys = {"tarbes": "pradeau", "castres": "borde", "toulouse": "pigier"}
    used = {(keys.get(o.site or "", o.site), o.day, o.room) for o in plan.placed()}
    assert held.closed_rooms == frozenset(used)
    preparations = sorted(
        (keys.get(o.site or "", o.site), o.day, o.preparation_start, o.start)
        for o in plan.placed()
        if o.preparation_start is not None
    )
    assert list(held.held_loge) == preparations
    assert held.held_preparations("borde", E4_DAY) and not held.held_preparations("borde", E2_DAY)
    # Two E5 orals run at once at Toulouse in the reference plan: two stations held that day.
    assert ("pigier", E5_DAY, 2) in held.held_stations
    assert held.stations("pigier", E5_DAY) == first.sites["toulouse"].computer_stations - 2
    # Nothing is held for a session that shares no site, nor by an empty plan.
    alone = replace(_other(first), sites={k: replace(s, town="Ailleurs") for k, s in first.sites.items()})
    assert holding(alone, [(first, plan)], shared_sites([first, alone])) == alone
    assert holding(second, [(first, Plan(first.code, []))], shared_sites([first, second])) == second


def test_held_preparations_are_those_of_the_day_and_site() -> None:
    session = replace(tiny_session(), held_loge=(("castres", E4_DAY, at("08:00"), at("08:40")),))
    assert session.held_preparations("castres", E4_DAY) == [(at("08:00"), at("08:40"))]
    assert session.held_preparations("tarbes", E4_DAY) == []
