"""E5 subjects stay balanced per site and day, after withdrawals too (issue #12)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.solver.assemble import balance_subjects

SUBJECTS = ("WordPress", "PrestaShop")
DAY = date(2021, 5, 25)


def _group(
    given: list[str],
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, date], list[tuple[int, tuple[str, str]]]]]:
    keys = [(f"C{i:03d}", "E5") for i in range(len(given))]
    return dict(zip(keys, given, strict=True)), {
        ("muret", DAY): [(480 + 40 * i, k) for i, k in enumerate(keys)]
    }


def test_withdrawals_leaving_twelve_against_nine_change_one_subject() -> None:
    """12 PrestaShop and 9 WordPress (three WordPress withdrew): the latest PrestaShop becomes WordPress."""
    given_subjects = ["PrestaShop", "WordPress"] * 9 + ["PrestaShop"] * 3
    subjects, groups = _group(given_subjects)
    out = balance_subjects(subjects, groups, dict.fromkeys(subjects, SUBJECTS), set())
    assert Counter(out.values()) == {"PrestaShop": 11, "WordPress": 10}
    changed = [k for k in subjects if out[k] != subjects[k]]
    assert changed == [max(subjects)]  # the last passage of the day


def test_started_passages_keep_their_subject() -> None:
    """Only passages not yet started change; if none can, the subjects stay as they are."""
    subjects, groups = _group(["PrestaShop"] * 4)
    fixed = set(subjects)
    assert balance_subjects(subjects, groups, dict.fromkeys(subjects, SUBJECTS), fixed) == subjects
    fixed = set(list(subjects)[:3])
    out = balance_subjects(subjects, groups, dict.fromkeys(subjects, SUBJECTS), fixed)
    assert [out[k] for k in subjects] == ["PrestaShop"] * 3 + ["WordPress"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(SUBJECTS), max_size=30))
def test_fewest_changes_to_balance(given_subjects: list[str]) -> None:
    """Any day: counts end within one of each other, with exactly half the gap changed."""
    subjects, groups = _group(given_subjects)
    out = balance_subjects(subjects, groups, dict.fromkeys(subjects, SUBJECTS), set())
    before, after = Counter(subjects.values()), Counter(out.values())
    assert abs(after["WordPress"] - after["PrestaShop"]) <= 1
    changes = sum(out[k] != subjects[k] for k in subjects)
    assert changes == abs(before["WordPress"] - before["PrestaShop"]) // 2
