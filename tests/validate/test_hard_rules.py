"""The validator: the valid tiny plan passes; each minimal mutation breaks exactly its rule."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain.plan import ABSENT, NV, PLANNED, UNPLACED, WITHDRAWN, Oral, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.hard_rules import RULES, Violation, validate
from tests.helpers_plans import (
    C1,
    C2,
    C3,
    E4_DAY,
    E5_DAY,
    E6_DAY,
    HOLIDAY,
    at,
    find_oral,
    shift,
    tiny_candidates,
    tiny_session,
    valid_plan,
    with_oral,
    with_shifted,
)

SESSION = tiny_session()
CANDIDATES = tiny_candidates()
ROOT = Path(__file__).resolve().parents[2]


def violations(plan: Plan) -> list[Violation]:
    return validate(SESSION, CANDIDATES, plan)


def unplaced(plan: Plan, candidate: str, epreuve: str) -> Plan:
    return with_oral(
        plan,
        candidate,
        epreuve,
        status=UNPLACED,
        subject=None,
        site=None,
        room=None,
        commission=None,
        day=None,
        convocation=None,
        preparation_start=None,
        start=None,
        end=None,
    )


def added(plan: Plan, oral: Oral) -> Plan:
    return replace(plan, orals=[*plan.orals, oral])


def dropped(plan: Plan, candidate: str, epreuve: str) -> Plan:
    target = find_oral(plan, candidate, epreuve)
    return replace(plan, orals=[o for o in plan.orals if o is not target])


# --------------------------------------------------------------------------
# The reference plan and the rule list
# --------------------------------------------------------------------------


def test_valid_plan_has_no_violation() -> None:
    assert violations(valid_plan()) == []


def test_each_rule_alone_accepts_the_valid_plan() -> None:
    for rule in RULES:
        assert rule(SESSION, CANDIDATES, valid_plan()) == [], rule.__name__


def test_rules_are_named_documented_and_unique() -> None:
    names = [r.__name__ for r in RULES]
    assert len(names) == len(set(names)) == 19
    for rule in RULES:
        assert rule.__name__.startswith("check_")
        assert rule.__doc__ and rule.__doc__.strip()


def test_importing_the_validator_does_not_import_ortools() -> None:
    code = "import sys, scheduler.validate.hard_rules; assert 'ortools' not in sys.modules, 'ortools importé'"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------
# One minimal mutation per rule: exactly that rule fires
# --------------------------------------------------------------------------

Mutation = Callable[[Plan], Plan]

# (rule, mutation, words the French message must contain)
SINGLE_RULE_CASES: dict[str, tuple[str, Mutation, tuple[str, ...]]] = {
    "missing oral": (
        "check_orals_requested",
        lambda p: dropped(p, C2, "E5"),
        (C2, "E5", "aucun oral"),
    ),
    "duplicate oral": (
        "check_orals_requested",
        lambda p: added(p, Oral(C3, "E4", status=NV)),
        (C3, "E4", "2 oraux"),
    ),
    "oral not requested": (
        "check_orals_requested",
        lambda p: added(p, Oral(C2, "ENG", status=NV)),
        (C2, "ENG", "pas inscrit"),
    ),
    "unknown epreuve": (
        "check_orals_requested",
        lambda p: added(p, Oral(C2, "E9", status=NV)),
        (C2, "E9", "épreuve inconnue"),
    ),
    "planned oral incomplete": (
        "check_orals_requested",
        lambda p: with_oral(p, C1, "E5", room=None),
        (C1, "E5", "incomplet", "salle"),
    ),
    "unplaced": ("check_unplaced", lambda p: unplaced(p, C2, "E5"), (C2, "E5", "non placé")),
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
    "day outside window": (
        "check_day",
        lambda p: with_oral(p, C1, "E4", day=date(2021, 6, 9)),
        (C1, "E4", "2021-06-09", "hors de la période"),
    ),
    "saturday": (
        "check_day",
        lambda p: with_oral(p, C1, "E5", day=date(2021, 5, 29)),
        (C1, "E5", "2021-05-29", "samedi"),
    ),
    "holiday": (
        "check_day",
        lambda p: with_oral(p, C1, "E5", day=HOLIDAY),
        (C1, "E5", "2021-05-24", "férié"),
    ),
    "across lunch": (
        "check_daily_hours",
        lambda p: with_shifted(p, C3, "E2", -90),
        (C3, "E2", "12:00–13:00", "déborde"),
    ),
    "before opening": (
        "check_daily_hours",
        lambda p: with_shifted(p, C1, "E5", -10),
        (C1, "E5", "07:50–08:30", "déborde"),
    ),
    "oral too long": (
        "check_durations",
        lambda p: with_oral(p, C1, "E4", end=at("09:50")),
        (C1, "E4", "2021-06-07", "70 min au lieu de 60"),
    ),
    "extra time ignored": (
        "check_durations",
        lambda p: with_oral(p, C2, "E4", end=at("10:40")),
        (C2, "E4", "60 min au lieu de 80"),
    ),
    "wait between preparation and oral": (
        "check_durations",
        lambda p: with_oral(p, C3, "E2", start=at("14:10"), end=at("14:40")),
        (C3, "E2", "2021-05-31", "préparation (13:30–14:00)", "(14:10–14:40) ne se suivent pas"),
    ),
    "follow-on late": (
        "check_follow_on",
        # Convocation stays with E6's: only the unit's times move.
        lambda p: with_oral(p, C1, "ENG", start=at("09:00"), end=at("09:20")),
        (C1, "ENG", "doit suivre directement l'oral E6", "E6 finit à 08:40", "ENG commence à 09:00"),
    ),
    "follow-on other commission": (
        "check_follow_on",
        lambda p: with_oral(p, C1, "ENG", commission="E6-C02", room="Salle 2"),
        (C1, "ENG", "E6 en Salle 1, ENG en Salle 2", "E6 avec la commission E6-C01, ENG avec E6-C02"),
    ),
    "wrong language": (
        "check_language",
        lambda p: with_oral(p, C1, "E2F", language="anglais"),
        (C1, "E2F", "« anglais » au lieu de « espagnol »"),
    ),
    "language on an epreuve without": (
        "check_language",
        lambda p: with_oral(p, C1, "E4", language="anglais"),
        (C1, "E4", "sans langue"),
    ),
    "commission of another family": (
        "check_commission_family",
        lambda p: with_oral(p, C2, "E6", commission="E4-C09", room="Salle 2"),
        (C2, "E6", "E4-C09", "famille E6"),
    ),
    "commission overlap": (
        "check_commission_one_at_a_time",
        lambda p: with_shifted(p, C2, "E2", -10),
        ("E2-ANG-C01", "2021-05-31", C1, C2, "09:10–09:50", "chevauchent"),
    ),
    "commission in two rooms": (
        "check_commission_site_and_room",
        lambda p: with_oral(p, C2, "E2", room="Salle 2"),
        ("E2-ANG-C01", "2021-05-31", "Tarbes Salle 1, Tarbes Salle 2", "Salle 2 accueille plusieurs"),
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
    "rest too short": (
        "check_candidate_no_overlap_and_rest",
        lambda p: with_shifted(p, C1, "E2F", -10),
        (C1, "2021-05-31", "10 min seulement", "E2 (08:20–09:20)", "E2F (09:30–10:10)", "20 min"),
    ),
    "candidate overlap": (
        "check_candidate_no_overlap_and_rest",
        lambda p: with_shifted(p, C1, "E2F", -30),
        (C1, "2021-05-31", "se chevauchent"),
    ),
    "two sites a day": (
        "check_one_site_per_day",
        # C1's E5 moved to the afternoon of C1's E2 day (inside E5's window).
        lambda p: with_oral(
            with_shifted(p, C1, "E5", at("13:30") - at("08:00")), C1, "E5", day=date(2021, 5, 31)
        ),
        (C1, "2021-05-31", "E2 à Tarbes", "E5 à Toulouse"),
    ),
    "subject unknown": (
        "check_subjects",
        lambda p: with_oral(p, C2, "E5", subject="Joomla"),
        (C2, "E5", "Joomla", "hors de la liste"),
    ),
    "subjects unbalanced": (
        "check_subjects",
        lambda p: with_oral(p, C2, "E5", subject="WordPress"),
        ("E5, Toulouse, 2021-05-25", "WordPress 2", "PrestaShop 0"),
    ),
    "subject on an epreuve without": (
        "check_subjects",
        lambda p: with_oral(p, C1, "E4", subject="WordPress"),
        (C1, "E4", "sans sujets"),
    ),
    "subject on a NV oral": (
        "check_subjects",
        lambda p: with_oral(p, C3, "E4", subject="WordPress"),
        (C3, "E4", "NV"),
    ),
    "convocation": (
        "check_convocation",
        lambda p: with_oral(p, C1, "E4", convocation=at("07:30")),
        (C1, "E4", "07:30 au lieu de 07:40", "08:00"),
    ),
}


@pytest.mark.parametrize("case", sorted(SINGLE_RULE_CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    rule, mutate, words = SINGLE_RULE_CASES[case]
    found = violations(mutate(valid_plan()))
    assert found, "aucune violation"
    assert {v.rule for v in found} == {rule}, [str(v) for v in found]
    text = "\n".join(v.message for v in found)
    for word in words:
        assert word in text, (word, text)


#: Rules that cannot break alone.  More commissions at a site than rooms open
#: that day means two commissions in one room (check_commission_site_and_room)
#: or a commission in a closed or unknown room (check_closures).
IMPLIED_RULES = {"check_rooms"}


def test_every_rule_has_a_mutation() -> None:
    covered = {rule for rule, _, _ in SINGLE_RULE_CASES.values()}
    assert not covered & IMPLIED_RULES
    assert covered | IMPLIED_RULES == {r.__name__ for r in RULES}


def test_violation_names_candidate_and_epreuve() -> None:
    (v,) = violations(with_oral(valid_plan(), C1, "E4", convocation=at("07:30")))
    assert (v.rule, v.candidate, v.epreuve) == ("check_convocation", C1, "E4")
    assert (
        v.message
        == f"Candidat {C1}, E4, 2021-06-07 : convocation à 07:30 au lieu de 07:40 (20 min avant le début à 08:00)"
    )


# --------------------------------------------------------------------------
# Rules whose breach necessarily shows in more than one rule, or in one rule twice
# --------------------------------------------------------------------------


def test_nv_dossier_planned_without_place() -> None:
    found = violations(with_oral(valid_plan(), C3, "E4", status=PLANNED))
    assert {v.rule for v in found} == {"check_orals_requested"}
    text = "\n".join(v.message for v in found)
    assert "doit être « NV »" in text and "incomplet" in text


def test_nv_status_on_a_conforming_dossier_with_place() -> None:
    found = violations(with_oral(valid_plan(), C1, "E4", status=NV))
    assert {v.rule for v in found} == {"check_orals_requested"}
    text = "\n".join(v.message for v in found)
    assert "dossier est conforme" in text and "lieu ou un horaire" in text


def test_unknown_candidate() -> None:
    plan = valid_plan()
    stranger = replace(find_oral(plan, C1, "E4"), candidate="0219999999")
    found = violations(added(dropped(plan, C1, "E4"), stranger))
    assert {v.rule for v in found} == {"check_orals_requested"}
    text = "\n".join(v.message for v in found)
    assert "0219999999" in text and "absent de la liste" in text
    assert f"Candidat {C1}, E4 : aucun oral" in text


def test_follow_on_of_an_unplaced_oral() -> None:
    found = violations(unplaced(valid_plan(), C1, "E6"))
    assert {v.rule for v in found} == {"check_unplaced", "check_follow_on"}
    (follow,) = [v for v in found if v.rule == "check_follow_on"]
    assert follow.epreuve == "ENG" and "E6" in follow.message


def test_one_commission_two_languages() -> None:
    found = violations(with_oral(valid_plan(), C3, "E2", language="anglais"))
    assert {v.rule for v in found} == {"check_language"}
    assert any("E2-ESP-C01" in v.message and "plusieurs langues" in v.message for v in found)


def test_room_holding_two_commissions() -> None:
    found = violations(with_oral(valid_plan(), C3, "E2", room="Salle 1"))
    assert {v.rule for v in found} == {"check_commission_site_and_room"}
    assert any("Tarbes, 2021-05-31 : Salle 1 accueille plusieurs commissions" in v.message for v in found)


def test_too_many_commissions_for_the_rooms_of_the_site() -> None:
    # Tarbes has two rooms: a third commission can only be in an unknown room.
    plan = with_oral(valid_plan(), C3, "E2", commission="E2-ESP-C02", room="Salle 3")
    found = violations(plan)
    assert {v.rule for v in found} == {"check_rooms", "check_closures"}
    (rooms,) = [v for v in found if v.rule == "check_rooms"]
    assert rooms.message == (
        "Tarbes, 2021-05-31 : 3 commissions (E2-ANG-C01, E2-ESP-C01, E2-ESP-C02) "
        "pour 2 salles d'interrogation"
    )


def test_preparation_on_an_epreuve_without_takes_a_loge_seat() -> None:
    # Toulouse has no loge: a preparation there breaks both rules.
    plan = with_oral(valid_plan(), C2, "E6", preparation_start=at("09:30"), convocation=at("09:10"))
    assert {v.rule for v in violations(plan)} == {"check_durations", "check_loge_capacity"}


def test_follow_on_right_after_its_parent_needs_no_rest() -> None:
    e6, eng = find_oral(valid_plan(), C1, "E6"), find_oral(valid_plan(), C1, "ENG")
    assert eng.start == e6.end
    assert violations(valid_plan()) == []


def test_validate_lists_rules_in_order() -> None:
    plan = with_oral(valid_plan(), C1, "E4", convocation=at("07:30"), end=at("09:50"))
    assert [v.rule for v in violations(plan)] == ["check_durations", "check_convocation"]


# --------------------------------------------------------------------------
# Re-runs: absent and withdrawn orals, closed rooms and commissions
# --------------------------------------------------------------------------


def excused(plan: Plan, candidate: str, epreuve: str, status: str) -> Plan:
    """``plan`` where that oral is not sat: ``status``, no place, time or subject."""
    target = find_oral(plan, candidate, epreuve)
    bare = Oral(candidate, epreuve, status, language=target.language)  # type: ignore[arg-type]
    return replace(plan, orals=[bare if o is target else o for o in plan.orals])


def with_candidate(number: str, **changes: object) -> list[Candidate]:
    """The tiny candidates, where ``number`` has ``changes`` (``absent=``, ``withdrawn=``)."""
    return [replace(c, **changes) if c.number == number else c for c in CANDIDATES]  # type: ignore[arg-type]


def closed(**changes: object) -> Session:
    """The tiny session with ``closed_rooms=`` or ``closed_commissions=``."""
    return replace(SESSION, **changes)  # type: ignore[arg-type]


def test_absent_and_withdrawn_orals_are_valid_when_the_candidate_says_so() -> None:
    candidates = with_candidate(C1, absent=frozenset({"E4"}), withdrawn=frozenset({"E6", "ENG"}))
    plan = excused(
        excused(excused(valid_plan(), C1, "E4", ABSENT), C1, "E6", WITHDRAWN), C1, "ENG", WITHDRAWN
    )
    assert validate(SESSION, candidates, plan) == []
    # The same plan against candidates who said nothing: each status is reported.
    found = violations(plan)
    assert [(v.rule, v.candidate, v.epreuve) for v in found] == [
        ("check_orals_requested", C1, "E4"),
        ("check_orals_requested", C1, "E6"),
        ("check_orals_requested", C1, "ENG"),
    ]
    assert found[0].message == (
        f"Candidat {C1}, E4 : statut « absent » alors qu'aucune absence n'est signalée pour cet oral"
    )
    assert found[1].message == (
        f"Candidat {C1}, E6 : statut « désisté » alors qu'aucun désistement n'est enregistré pour cet oral"
    )


@pytest.mark.parametrize(
    ("changes", "epreuve", "status", "message"),
    [
        (
            {"absent": frozenset({"E5"})},
            "E5",
            PLANNED,
            "absence signalée, l'oral doit être « absent » et non « planifié »",
        ),
        (
            {"absent": frozenset({"E5"})},
            "E5",
            UNPLACED,
            "absence signalée, l'oral doit être « absent » et non « non placé »",
        ),
        (
            {"withdrawn": frozenset({"E5"})},
            "E5",
            ABSENT,
            "candidat désisté, l'oral doit être « désisté » et non « absent »",
        ),
        (
            {"withdrawn": frozenset({"E5"})},
            "E5",
            NV,
            "candidat désisté, l'oral doit être « désisté » et non « NV »",
        ),
        (
            {"absent": frozenset({"E5"})},
            "E5",
            WITHDRAWN,
            "absence signalée, l'oral doit être « absent » et non « désisté »",
        ),
    ],
)
def test_excused_oral_with_the_wrong_status(
    changes: dict[str, object], epreuve: str, status: str, message: str
) -> None:
    candidates = with_candidate(C2, **changes)
    plan = valid_plan() if status == PLANNED else excused(valid_plan(), C2, epreuve, status)
    found = validate(SESSION, candidates, plan)
    assert [(v.rule, v.candidate, v.epreuve, v.message) for v in found if v.rule != "check_unplaced"] == [
        ("check_orals_requested", C2, epreuve, f"Candidat {C2}, {epreuve} : {message}")
    ]
    # A « non placé » oral is reported as such too, whatever the candidate said.
    assert any(v.rule == "check_unplaced" for v in found) == (status == UNPLACED)


def test_a_nv_dossier_stays_nv_whatever_the_events() -> None:
    # C3's E4 dossier is non-conforming: a withdrawal recorded too does not change its status.
    candidates = with_candidate(C3, withdrawn=frozenset({"E4"}), absent=frozenset({"E6"}))
    assert validate(SESSION, candidates, valid_plan()) == []
    (v,) = validate(SESSION, candidates, excused(valid_plan(), C3, "E4", WITHDRAWN))
    assert (
        v.message == f"Candidat {C3}, E4 : dossier non conforme, l'oral doit être « NV » et non « désisté »"
    )


def test_absent_oral_with_a_place() -> None:
    candidates = with_candidate(C1, absent=frozenset({"E4"}))
    found = validate(SESSION, candidates, with_oral(valid_plan(), C1, "E4", status=ABSENT))
    assert {v.rule for v in found} == {"check_orals_requested"}
    (v,) = found
    assert v.message.startswith(f"Candidat {C1}, E4 : oral « absent » avec un lieu ou un horaire renseigné")


def test_unknown_status_lists_every_status() -> None:
    (v,) = violations(with_oral(valid_plan(), C1, "E4", status="annulé"))
    assert v.message == (
        f"Candidat {C1}, E4 : statut « annulé » inconnu "
        "(attendu « planifié », « NV », « absent », « désisté » ou « non placé »)"
    )


def test_follow_on_planned_after_an_absent_oral() -> None:
    # Absent at E6 only: ENG cannot be held without its E6.
    candidates = with_candidate(C1, absent=frozenset({"E6"}))
    found = validate(SESSION, candidates, excused(valid_plan(), C1, "E6", ABSENT))
    assert [(v.rule, v.epreuve) for v in found] == [("check_follow_on", "ENG")]


def test_closed_room_holding_orals() -> None:
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


# --------------------------------------------------------------------------
# Properties: never crashes, deterministic, independent of the list order
# --------------------------------------------------------------------------

VALID = valid_plan()
PLACED_INDEXES = [i for i, o in enumerate(VALID.orals) if o.status == PLANNED]
RULE_NAMES = {r.__name__ for r in RULES}


def _shifted(index: int, minutes: int = 0, days: int = 0) -> Plan:
    orals = list(VALID.orals)
    o = shift(orals[index], minutes)
    assert o.day is not None
    orals[index] = replace(o, day=o.day + timedelta(days=days))
    return replace(VALID, orals=orals)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    index=st.sampled_from(PLACED_INDEXES),
    steps=st.integers(min_value=-100, max_value=100).filter(lambda k: k != 0),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_shifting_an_oral_on_the_grid(index: int, steps: int, seed: int) -> None:
    plan = _shifted(index, steps * SESSION.grid_minutes)
    found = violations(plan)
    # Deterministic, and well-formed.
    assert found == violations(plan)
    assert all(v.rule in RULE_NAMES and v.message for v in found)
    # Leaving the half-days is always caught by the hours rule.
    moved = plan.orals[index]
    assert moved.busy_from is not None and moved.end is not None
    inside = any(a <= moved.busy_from and moved.end <= b for a, b in SESSION.hours.half_days())
    assert inside or any(v.rule == "check_daily_hours" for v in found)
    # Either broken somewhere, or valid by every single rule.
    if not found:
        assert all(rule(SESSION, CANDIDATES, plan) == [] for rule in RULES)
    # The order of the orals in the plan changes nothing.
    orals = list(plan.orals)
    random.Random(seed).shuffle(orals)
    assert Counter(violations(replace(plan, orals=orals))) == Counter(found)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(
    index=st.sampled_from(PLACED_INDEXES),
    days=st.integers(min_value=-30, max_value=30).filter(lambda d: d != 0),
    steps=st.integers(min_value=-6, max_value=6),
)
def test_moving_an_oral_to_another_day(index: int, days: int, steps: int) -> None:
    plan = _shifted(index, steps * SESSION.grid_minutes, days)
    found = violations(plan)
    assert found == violations(plan)
    moved = plan.orals[index]
    assert moved.day is not None
    ep = SESSION.epreuves[moved.epreuve]
    if moved.day not in SESSION.working_days(ep):
        assert any(v.rule == "check_day" for v in found)
    if moved.candidate == C1 and moved.epreuve in ("E6", "ENG"):
        # E6 and ENG are no longer on the same day.
        assert any(v.rule == "check_follow_on" for v in found)
