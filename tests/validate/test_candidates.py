"""The candidate rules: durations and extra time, ENG right after E6, rest, one site a day, convocation."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.domain.plan import ABSENT
from scheduler.validate.hard_rules import validate
from tests.helpers_plans import C1, C2, C3, at, find_oral, valid_plan, with_oral, with_shifted
from tests.validate.mutations import (
    SESSION,
    Case,
    assert_breaks_exactly,
    excused,
    unplaced,
    violations,
    with_candidate,
)

#: (rule, mutation, words the French message must contain), one minimal mutation each.
CASES: dict[str, Case] = {
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
    "convocation": (
        "check_convocation",
        lambda p: with_oral(p, C1, "E4", convocation=at("07:30")),
        (C1, "E4", "07:30 au lieu de 07:40", "08:00"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    """Each minimal mutation of the reference plan breaks exactly its candidates rule, with the expected words."""
    assert_breaks_exactly(*CASES[case])


def test_follow_on_of_an_unplaced_oral() -> None:
    """ENG planned while its E6 is « non placé » breaks the follow-on rule, naming ENG."""
    found = violations(unplaced(valid_plan(), C1, "E6"))
    assert {v.rule for v in found} == {"check_unplaced", "check_follow_on"}
    (follow,) = [v for v in found if v.rule == "check_follow_on"]
    assert follow.epreuve == "ENG" and "E6" in follow.message


def test_follow_on_right_after_its_parent_needs_no_rest() -> None:
    """ENG starting right when E6 ends needs no rest between them."""
    e6, eng = find_oral(valid_plan(), C1, "E6"), find_oral(valid_plan(), C1, "ENG")
    assert eng.start == e6.end
    assert violations(valid_plan()) == []


def test_follow_on_planned_after_an_absent_oral() -> None:
    """ENG planned after an absent E6 breaks the follow-on rule only."""
    # Absent at E6 only: ENG cannot be held without its E6.
    candidates = with_candidate(C1, absent=frozenset({"E6"}))
    found = validate(SESSION, candidates, excused(valid_plan(), C1, "E6", ABSENT))
    assert [(v.rule, v.epreuve) for v in found] == [("check_follow_on", "ENG")]


def test_preparation_on_an_epreuve_without_takes_a_loge_seat() -> None:
    """A preparation on an épreuve without one breaks the durations and the loge rules."""
    # Toulouse has no loge: a preparation there breaks both rules.
    plan = with_oral(valid_plan(), C2, "E6", preparation_start=at("09:30"), convocation=at("09:10"))
    assert {v.rule for v in violations(plan)} == {"check_durations", "check_loge_capacity"}
