"""The site rules: the épreuve's sites, rooms open each day, closures, loge seats, computer stations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from scheduler.validate.hard_rules import validate
from tests.helpers_plans import C1, C2, C3, E4_DAY, E5_DAY, E6_DAY, valid_plan, with_oral, with_shifted
from tests.validate.mutations import CANDIDATES, Case, assert_breaks_exactly, closed, violations

#: (rule, mutation, words the French message must contain), one minimal mutation each.
CASES: dict[str, Case] = {
    "site of another epreuve": (
        "check_site",
        lambda p: with_oral(p, C2, "E6", site="castres", commission="E6-C02"),
        (C2, "E6", "2021-06-21", "site « Castres » non prévu", "Toulouse"),
    ),
    "unknown site": (
        "check_site",
        lambda p: with_oral(p, C2, "E6", site="albi", commission="E6-C02"),
        (C2, "E6", "site « albi » inconnu"),
    ),
    "room unknown to the site": (
        "check_closures",
        lambda p: with_oral(p, C2, "E4", room="Salle 3"),
        ("Castres, 2021-06-07", "« Salle 3 » inconnue", "Salle 1, Salle 2", f"1 oral : {C2} E4"),
    ),
    "loge full": (
        "check_loge_capacity",
        lambda p: with_shifted(p, C2, "E4", -30),
        ("Castres, 2021-06-07 à 08:10", "2 candidats en loge", "pour 1 place ", "08:40"),
    ),
    "computers full": (
        "check_computer_stations",
        lambda p: with_oral(p, C3, "E5", site="toulouse", room="Salle 3"),
        ("Toulouse, 2021-05-25 à 08:00", "3 oraux sur poste", "2 postes"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    """Each minimal mutation of the reference plan breaks exactly its sites rule, with the expected words."""
    assert_breaks_exactly(*CASES[case])


def test_too_many_commissions_for_the_rooms_of_the_site() -> None:
    """More commissions at a site than its rooms breaks the rooms rule, with its exact message."""
    # Tarbes has two rooms: a third commission can only be in an unknown room.
    plan = with_oral(valid_plan(), C3, "E2", commission="E2-ESP-C02", room="Salle 3")
    found = violations(plan)
    assert {v.rule for v in found} == {"check_rooms", "check_closures"}
    (rooms,) = [v for v in found if v.rule == "check_rooms"]
    assert rooms.message == (
        "Tarbes, 2021-05-31 : 3 commissions (E2-ANG-C01, E2-ESP-C01, E2-ESP-C02) "
        "pour 2 salles d'interrogation"
    )


def test_closed_room_holding_orals() -> None:
    """Orals in a room closed that day are reported together, and valid once moved."""
    session = closed(closed_rooms=frozenset({("toulouse", E6_DAY, "Salle 1")}))
    found = validate(session, CANDIDATES, valid_plan())
    assert [(v.rule, v.candidate, v.epreuve) for v in found] == [("check_closures", None, None)]
    assert found[0].message == (
        "Toulouse, 2021-06-21 : Salle 1 fermée ce jour, la commission E6-C01 ne peut pas y interroger ; "
        f"3 oraux : {C1} E6, {C1} ENG, {C2} E6"
    )
    # Moved to an open room of the day, the orals are valid again.
    moved = valid_plan()
    moved = replace(
        moved, orals=[replace(o, room="Salle 3") if o.commission == "E6-C01" else o for o in moved.orals]
    )
    assert validate(session, CANDIDATES, moved) == []


def test_closing_a_room_leaves_fewer_rooms_for_the_commissions() -> None:
    """A closed room leaves fewer rooms for the site's commissions that day."""
    session = closed(closed_rooms=frozenset({("castres", E4_DAY, "Salle 2")}))
    assert session.rooms("castres", E4_DAY) == ["Salle 1"]
    found = validate(session, CANDIDATES, valid_plan())
    assert [(v.rule, v.candidate, v.epreuve) for v in found] == [
        ("check_rooms", None, None),
        ("check_closures", C2, "E4"),
    ]
    assert found[0].message == (
        "Castres, 2021-06-07 : 2 commissions (E4-C01, E4-C02) pour 1 salle d'interrogation "
        "(1 salle fermée ce jour)"
    )
    assert found[1].message == (
        "Castres, 2021-06-07 : Salle 2 fermée ce jour, la commission E4-C02 ne peut pas y interroger ; "
        f"1 oral : {C2} E4"
    )


def test_closed_commission() -> None:
    """Orals before a commission closed that day are reported, grouped by commission-day."""
    session = closed(closed_commissions=frozenset({("E4-C01", E4_DAY), ("E6-C01", E6_DAY)}))
    found = validate(session, CANDIDATES, valid_plan())
    assert [(v.rule, v.candidate, v.epreuve) for v in found] == [
        ("check_closures", C1, "E4"),
        ("check_closures", None, None),
    ]
    assert found[0].message == (
        f"Commission E4-C01, 2021-06-07 : commission indisponible ce jour, elle ne peut pas interroger ; "
        f"1 oral : {C1} E4"
    )
    assert found[1].message.startswith("Commission E6-C01, 2021-06-21 : commission indisponible")
    assert found[1].message.endswith(f"3 oraux : {C1} E6, {C1} ENG, {C2} E6")


def test_closures_of_other_days_and_rooms_change_nothing() -> None:
    """Closures of other days, rooms and commissions leave the plan valid."""
    other_day = date(2021, 6, 22)
    session = closed(
        closed_rooms=frozenset(
            {
                ("toulouse", other_day, "Salle 1"),
                ("toulouse", E5_DAY, "Salle 3"),
                ("muret", other_day, "Salle 1"),
            }
        ),
        closed_commissions=frozenset({("E6-C01", other_day), ("E6-C02", E6_DAY)}),
    )
    assert validate(session, CANDIDATES, valid_plan()) == []
