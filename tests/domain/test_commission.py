"""Commission ids, families and pools, and the commission-day view of a plan."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.domain.commission import CommissionId, commission_days, family_of, pool_of
from scheduler.domain.plan import Plan
from scheduler.solver.tasks import LANGUAGE_CODES, Pool
from tests.helpers_plans import C1, C2, C3, E2_DAY, E4_DAY, E5_DAY, E6_DAY, at, valid_plan, with_oral

POOLS = st.from_regex(r"E[0-9]F?(-[A-Z]{3})?", fullmatch=True)
NUMBERS = st.integers(min_value=1, max_value=999)


@given(POOLS, NUMBERS)
def test_parse_reads_back_what_str_writes(pool: str, number: int) -> None:
    """Any pool key and number survive formatting then parsing."""
    commission = CommissionId(pool, number)
    assert CommissionId.parse(str(commission)) == commission


@given(st.sampled_from(["E2", "E4", "E5", "E6"]), st.sampled_from([None, *LANGUAGE_CODES]), NUMBERS)
def test_ids_are_written_as_the_planner_writes_them(family: str, language: str | None, number: int) -> None:
    """``str`` agrees with the planner's own pools, language codes included."""
    pool = Pool(family, language)
    assert str(CommissionId(pool.key, number)) == pool.commission_id(number)


@pytest.mark.parametrize(
    ("text", "pool", "number"),
    [
        ("E4-C01", "E4", 1),
        ("E5-C13", "E5", 13),
        ("E2-ANG-C01", "E2-ANG", 1),
        ("E2-CHI-C02", "E2-CHI", 2),  # the language code itself holds « -C »
        ("E6-C120", "E6", 120),
    ],
)
def test_parse_splits_pool_and_number(text: str, pool: str, number: int) -> None:
    """The number follows the last « -C »; it is zero-padded to two digits."""
    commission = CommissionId.parse(text)
    assert (commission.pool, commission.number) == (pool, number)
    assert str(commission) == text


@pytest.mark.parametrize("text", ["E4", "E4-C", "-C01", "E4-Cxx", "E4-C 1", "E4-C٠١"])
def test_parse_rejects_what_is_not_an_id(text: str) -> None:
    """Text without a pool and ASCII digits after « -C » is refused."""
    with pytest.raises(ValueError, match="not a commission id"):
        CommissionId.parse(text)


@pytest.mark.parametrize(
    ("text", "family"),
    [("E4", "E4"), ("E2-ANG", "E2"), ("E4-C01", "E4"), ("E2-ANG-C01", "E2"), ("E6-C03", "E6")],
)
def test_family_of_pool_keys_and_ids(text: str, family: str) -> None:
    """The family is the épreuve code before the first dash, for pools and ids alike."""
    assert family_of(text) == family


def test_id_family_and_pool() -> None:
    """An id knows its family and its pool; ``pool_of`` reads the pool from text."""
    commission = CommissionId.parse("E2-ESP-C03")
    assert (commission.family, commission.pool) == ("E2", "E2-ESP")
    assert pool_of("E2-ESP-C03") == "E2-ESP"
    assert pool_of("E4-C01") == "E4"


def test_pool_of_text_without_a_number_is_the_text() -> None:
    """A hand-edited commission without « -C » is its own pool."""
    assert pool_of("E4") == "E4"


def test_commission_days_in_day_then_family_then_id_order() -> None:
    """One entry per commission and day, by day, then épreuve display order, then id."""
    days = commission_days(valid_plan())
    assert list(days) == [
        ("E5-C01", E5_DAY),
        ("E5-C02", E5_DAY),
        ("E5-C03", E5_DAY),
        ("E2-ANG-C01", E2_DAY),
        ("E2-ESP-C01", E2_DAY),
        ("E4-C01", E4_DAY),
        ("E4-C02", E4_DAY),
        ("E6-C01", E6_DAY),
    ]
    assert all(cd.commission == c and cd.day == d for (c, d), cd in days.items())


def test_families_of_one_day_follow_the_display_order() -> None:
    """Families of one day in épreuve display order, the numbers of the codes
    compared as numbers (E10 after E4), whatever the alphabet or the plan's order."""
    plan = with_oral(valid_plan(), C2, "E4", day=E2_DAY, commission="E10-C01")
    plan = with_oral(plan, C1, "E4", day=E2_DAY)
    keys = [key for key in commission_days(plan) if key[1] == E2_DAY]
    assert keys == [("E2-ANG-C01", E2_DAY), ("E2-ESP-C01", E2_DAY), ("E4-C01", E2_DAY), ("E10-C01", E2_DAY)]


def test_commission_day_orals_place_and_hours() -> None:
    """Its orals in time order (ENG after its E6), the first one's site and room,
    the first start and the last end."""
    cd = commission_days(valid_plan())[("E6-C01", E6_DAY)]
    assert [(o.candidate, o.epreuve) for o in cd.orals] == [(C1, "E6"), (C1, "ENG"), (C2, "E6")]
    assert (cd.site, cd.room) == ("toulouse", "Salle 1")
    assert (cd.start, cd.end) == (at("08:00"), at("11:00"))
    assert cd.family == "E6"


def test_commission_day_orals_in_time_order_whatever_the_plan_order() -> None:
    """Shuffling the plan's orals changes nothing in the view."""
    plan = valid_plan()
    orals = list(plan.orals)
    random.Random(7).shuffle(orals)
    assert commission_days(replace(plan, orals=orals)) == commission_days(plan)


def test_commission_day_examiners_are_everyone_who_sits() -> None:
    """The examiners of every oral of the day, once each, sorted."""
    plan = with_oral(valid_plan(), C1, "E6", examiners=("X2", "X1"))
    plan = with_oral(plan, C2, "E6", examiners=("X3", "X1"))
    assert commission_days(plan)[("E6-C01", E6_DAY)].examiners == ("X1", "X2", "X3")


def test_orals_without_a_passage_belong_to_no_commission_day() -> None:
    """NV orals and placed orals lacking a commission or a day are left out."""
    plan = valid_plan()
    assert C3 not in {
        o.candidate for cd in commission_days(plan).values() for o in cd.orals if o.epreuve == "E4"
    }
    broken = with_oral(plan, C1, "E5", commission=None)
    assert ("E5-C01", E5_DAY) not in commission_days(broken)
    assert commission_days(Plan("vide", [])) == {}
