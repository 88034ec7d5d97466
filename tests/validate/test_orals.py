"""The orals rules: one oral per registered épreuve, statuses (NV, absent, désisté, non placé), languages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scheduler.domain.plan import ABSENT, NV, PLANNED, UNPLACED, WITHDRAWN, Oral
from scheduler.validate.hard_rules import validate
from tests.helpers_plans import C1, C2, C3, find_oral, valid_plan, with_oral
from tests.validate.mutations import (
    SESSION,
    Case,
    added,
    assert_breaks_exactly,
    dropped,
    excused,
    unplaced,
    violations,
    with_candidate,
)

#: (rule, mutation, words the French message must contain), one minimal mutation each.
CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    """Each minimal mutation of the reference plan breaks exactly its orals rule, with the expected words."""
    assert_breaks_exactly(*CASES[case])


def test_nv_dossier_planned_without_place() -> None:
    """A planned oral for a NV dossier is reported as wrong status and incomplete."""
    found = violations(with_oral(valid_plan(), C3, "E4", status=PLANNED))
    assert {v.rule for v in found} == {"check_orals_requested"}
    text = "\n".join(v.message for v in found)
    assert "doit être « NV »" in text and "incomplet" in text


def test_nv_status_on_a_conforming_dossier_with_place() -> None:
    """A NV status on a conforming dossier, with a place, is reported twice by the orals rule."""
    found = violations(with_oral(valid_plan(), C1, "E4", status=NV))
    assert {v.rule for v in found} == {"check_orals_requested"}
    text = "\n".join(v.message for v in found)
    assert "dossier est conforme" in text and "lieu ou un horaire" in text


def test_unknown_candidate() -> None:
    """An oral of a candidate not in the list is reported, and so is the missing oral of the real one."""
    plan = valid_plan()
    stranger = replace(find_oral(plan, C1, "E4"), candidate="0219999999")
    found = violations(added(dropped(plan, C1, "E4"), stranger))
    assert {v.rule for v in found} == {"check_orals_requested"}
    text = "\n".join(v.message for v in found)
    assert "0219999999" in text and "absent de la liste" in text
    assert f"Candidat {C1}, E4 : aucun oral" in text


def test_one_commission_two_languages() -> None:
    """A commission of a by-language épreuve examining in two languages is reported."""
    found = violations(with_oral(valid_plan(), C3, "E2", language="anglais"))
    assert {v.rule for v in found} == {"check_language"}
    assert any("E2-ESP-C01" in v.message and "plusieurs langues" in v.message for v in found)


def test_absent_and_withdrawn_orals_are_valid_when_the_candidate_says_so() -> None:
    """Absent and désisté orals are valid exactly when the candidate's events say so."""
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
    """An excused oral with another status is reported with the status it must have."""
    candidates = with_candidate(C2, **changes)
    plan = valid_plan() if status == PLANNED else excused(valid_plan(), C2, epreuve, status)
    found = validate(SESSION, candidates, plan)
    assert [(v.rule, v.candidate, v.epreuve, v.message) for v in found if v.rule != "check_unplaced"] == [
        ("check_orals_requested", C2, epreuve, f"Candidat {C2}, {epreuve} : {message}")
    ]
    # A « non placé » oral is reported as such too, whatever the candidate said.
    assert any(v.rule == "check_unplaced" for v in found) == (status == UNPLACED)


def test_a_nv_dossier_stays_nv_whatever_the_events() -> None:
    """A NV dossier stays NV whatever absence or withdrawal is recorded."""
    # C3's E4 dossier is non-conforming: a withdrawal recorded too does not change its status.
    candidates = with_candidate(C3, withdrawn=frozenset({"E4"}), absent=frozenset({"E6"}))
    assert validate(SESSION, candidates, valid_plan()) == []
    (v,) = validate(SESSION, candidates, excused(valid_plan(), C3, "E4", WITHDRAWN))
    assert (
        v.message == f"Candidat {C3}, E4 : dossier non conforme, l'oral doit être « NV » et non « désisté »"
    )


def test_absent_oral_with_a_place() -> None:
    """An absent oral that keeps a place or time is reported."""
    candidates = with_candidate(C1, absent=frozenset({"E4"}))
    found = validate(SESSION, candidates, with_oral(valid_plan(), C1, "E4", status=ABSENT))
    assert {v.rule for v in found} == {"check_orals_requested"}
    (v,) = found
    assert v.message.startswith(f"Candidat {C1}, E4 : oral « absent » avec un lieu ou un horaire renseigné")


def test_unknown_status_lists_every_status() -> None:
    """An unknown status is reported with the list of every status."""
    (v,) = violations(with_oral(valid_plan(), C1, "E4", status="annulé"))
    assert v.message == (
        f"Candidat {C1}, E4 : statut « annulé » inconnu "
        "(attendu « planifié », « NV », « absent », « désisté » ou « non placé »)"
    )
