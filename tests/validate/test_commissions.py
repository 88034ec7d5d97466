"""The commission rules: family of the commission, one candidate at a time, one site and room a day."""

from __future__ import annotations

import pytest

from tests.helpers_plans import C1, C2, C3, valid_plan, with_oral, with_shifted
from tests.validate.mutations import Case, assert_breaks_exactly, violations

#: (rule, mutation, words the French message must contain), one minimal mutation each.
CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    """Each minimal mutation of the reference plan breaks exactly its commissions rule, with the expected words."""
    assert_breaks_exactly(*CASES[case])


def test_room_holding_two_commissions() -> None:
    """A room holding two commissions on one day is reported."""
    found = violations(with_oral(valid_plan(), C3, "E2", room="Salle 1"))
    assert {v.rule for v in found} == {"check_commission_site_and_room"}
    assert any("Tarbes, 2021-05-31 : Salle 1 accueille plusieurs commissions" in v.message for v in found)
