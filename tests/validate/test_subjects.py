"""The subject rule: an E5 oral has one of its subjects, and they alternate evenly."""

from __future__ import annotations

import pytest

from tests.helpers_plans import C1, C2, C3, with_oral
from tests.validate.mutations import Case, assert_breaks_exactly

#: (rule, mutation, words the French message must contain), one minimal mutation each.
CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    """Each minimal mutation of the reference plan breaks exactly its subjects rule, with the expected words."""
    assert_breaks_exactly(*CASES[case])
