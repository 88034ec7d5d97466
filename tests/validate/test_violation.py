"""Violation: what a broken rule reports."""

from __future__ import annotations

from tests.helpers_plans import C1, at, valid_plan, with_oral
from tests.validate.mutations import violations


def test_violation_names_candidate_and_epreuve() -> None:
    """A violation about one oral names its rule, candidate and épreuve, with the full French message."""
    (v,) = violations(with_oral(valid_plan(), C1, "E4", convocation=at("07:30")))
    assert (v.rule, v.candidate, v.epreuve) == ("check_convocation", C1, "E4")
    assert (
        v.message
        == f"Candidat {C1}, E4, 2021-06-07 : convocation à 07:30 au lieu de 07:40 (20 min avant le début à 08:00)"
    )
