"""The calendar rules: working days of the épreuve's window, opening hours and lunch break."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers_plans import C1, C3, HOLIDAY, with_oral, with_shifted
from tests.validate.mutations import Case, assert_breaks_exactly

#: (rule, mutation, words the French message must contain), one minimal mutation each.
CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_minimal_mutation_breaks_exactly_its_rule(case: str) -> None:
    """Each minimal mutation of the reference plan breaks exactly its calendar rule, with the expected words."""
    assert_breaks_exactly(*CASES[case])
