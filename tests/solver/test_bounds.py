"""Lower bounds on commission-days, checked against hand arithmetic.

With the Toulouse hours each half-day lasts 270 minutes.  A commission's first
candidate of a half-day prepares before it starts, so only 270 minus the
shortest preparation is left for orals, in multiples of the durations' gcd.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain.session import Candidate, DailyHours, Session
from scheduler.solver.bounds import (
    _patterns,
    cut_patterns,
    pattern_lower_bound,
    pool_lower_bounds,
    usable_minutes_per_day,
)
from scheduler.solver.tasks import Task, build_tasks
from tests.tiny_sessions import HOURS, at, make_candidates, one_site_session

TIERS = Fraction(1, 3)


def tasks_of(session: Session, candidates: list[Candidate]) -> list[Task]:
    return build_tasks(session, candidates)


def e4_tasks(n: int, *, tiers_temps: int = 0) -> tuple[Session, list[Task]]:
    session = one_site_session(("E4",))
    candidates = make_candidates(n) + make_candidates(tiers_temps, first=n + 1, extra_time=TIERS)
    return session, tasks_of(session, candidates)


def e6_tasks(with_eng: int, without: int, hours: DailyHours = HOURS) -> tuple[Session, list[Task]]:
    session = one_site_session(("E6",), loge=0, hours=hours)
    candidates = make_candidates(with_eng, orals=("E6",), engagement=True) + make_candidates(
        without, first=with_eng + 1, orals=("E6",)
    )
    return session, tasks_of(session, candidates)


# --------------------------------------------------------------------------
# usable_minutes_per_day
# --------------------------------------------------------------------------


def test_usable_minutes_e4() -> None:
    # (270 − 40) // 60 × 60 = 180 per half-day.
    session, tasks = e4_tasks(3)
    assert usable_minutes_per_day(session, tasks) == 360


def test_usable_minutes_e4_with_tiers_temps() -> None:
    # Durations 60 and 80: step 20; shortest preparation 40: (230 // 20) × 20 = 220.
    session, tasks = e4_tasks(2, tiers_temps=1)
    assert usable_minutes_per_day(session, tasks) == 440


def test_usable_minutes_e6_mixture() -> None:
    # Durations 40 and 60: step 20, no preparation: 260 per half-day.
    session, tasks = e6_tasks(2, 2)
    assert usable_minutes_per_day(session, tasks) == 520


def test_usable_minutes_e2() -> None:
    session = one_site_session(("E2",))
    tasks = tasks_of(session, make_candidates(2, orals=("E2",)))
    assert usable_minutes_per_day(session, tasks) == 2 * 240


def test_usable_minutes_without_tasks() -> None:
    assert usable_minutes_per_day(one_site_session(), []) == 0


# --------------------------------------------------------------------------
# _patterns
# --------------------------------------------------------------------------


def test_patterns_e4_uniform() -> None:
    # 40 + 3 × 60 = 220 ≤ 270 < 40 + 4 × 60.
    assert _patterns([(40, 60)], 270) == [(1,), (2,), (3,)]


def test_patterns_e6_mixture() -> None:
    # 40 a + 60 b ≤ 120, not both zero.
    assert set(_patterns([(0, 40), (0, 60)], 120)) == {(0, 1), (0, 2), (1, 0), (1, 1), (2, 0), (3, 0)}


def test_patterns_with_preparations_count_the_shortest_first() -> None:
    # E4 (40, 60) and E4 with tiers-temps (60, 80) in 270 minutes: with a
    # standard candidate, 40 + 60 a + 80 b ≤ 270; with tiers-temps only, 60 + 80 b.
    expected = {(0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (3, 0)}
    assert set(_patterns([(40, 60), (60, 80)], 270)) == expected


def test_patterns_are_each_listed_once() -> None:
    patterns = _patterns([(0, 40), (0, 60)], 270)
    assert len(patterns) == len(set(patterns))


def test_patterns_empty_when_nothing_fits() -> None:
    assert _patterns([(40, 240)], 270) == []


# --------------------------------------------------------------------------
# pattern_lower_bound
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "days"), [(1, 1), (6, 1), (7, 2), (12, 2), (13, 3)])
def test_pattern_bound_e4_uniform_six_a_day(n: int, days: int) -> None:
    session, tasks = e4_tasks(n)
    assert pattern_lower_bound(session, tasks) == days


def test_pattern_bound_e6_mixture_beats_minutes() -> None:
    # 16 passages of 60 fill 4 half-days (4 × 60 = 240, no 40 left): one E6 of
    # 40 needs a third commission-day though 1000 minutes ≤ 2 × 520.
    session, tasks = e6_tasks(16, 1)
    assert pattern_lower_bound(session, tasks) == 3


def test_pattern_bound_e6_mixture_when_the_forties_fit() -> None:
    # A half-day holds 4 × 60, or 3 × 60 + 2 × 40, or 2 × 60 + 3 × 40, …
    # 13 × 60 + 6 × 40 fit 2 days: (4, 0) (3, 2) (3, 2) (3, 2).
    session, tasks = e6_tasks(13, 6)
    assert pattern_lower_bound(session, tasks) == 2
    # 14 × 60 + 5 × 40 do not — (4, 0) (4, 0) (3, 2) (3, 2) leaves one 40 —
    # though their 1040 minutes are exactly 2 × 520.
    session, tasks = e6_tasks(14, 5)
    assert sum(t.duration for t in tasks) == 2 * usable_minutes_per_day(session, tasks)
    assert pattern_lower_bound(session, tasks) == 3


def test_pattern_bound_e6_mixture_short_half_days() -> None:
    # 150-minute half-days: 2 × 60 and then no 40; 1 × 60 + 2 × 40.
    hours = DailyHours(at("08:00"), at("10:30"), at("13:30"), at("16:00"))
    session, tasks = e6_tasks(4, 1, hours)
    assert usable_minutes_per_day(session, tasks) == 280  # minutes alone: 1 day
    assert pattern_lower_bound(session, tasks) == 2


def test_pattern_bound_e4_with_tiers_temps() -> None:
    # A half-day holds 3 standard, or 2 standard + 1 tiers-temps, or 1 + 2, or
    # 2 tiers-temps alone.  6 tiers-temps take 3 half-days at least, each then
    # with one standard at most: (1, 2) × 3 + (3, 0) holds 6 standard in 2 days,
    # and a seventh needs a third.
    session, tasks = e4_tasks(6, tiers_temps=6)
    assert pattern_lower_bound(session, tasks) == 2
    session, tasks = e4_tasks(7, tiers_temps=6)
    assert pattern_lower_bound(session, tasks) == 3


def test_pattern_bound_without_tasks() -> None:
    assert pattern_lower_bound(one_site_session(), []) == 0


# --------------------------------------------------------------------------
# pool_lower_bounds
# --------------------------------------------------------------------------


def test_pool_keys_one_per_family_and_language() -> None:
    session = one_site_session(("E2", "E4", "E5", "E6"), rooms=3, loge=2, stations=2)
    candidates = [
        *make_candidates(2, orals=("E2", "E4"), language="anglais", optional_language="espagnol"),
        *make_candidates(1, first=3, orals=("E2", "E5"), language="espagnol"),
        *make_candidates(2, first=4, orals=("E6",), engagement=True),
        *make_candidates(1, first=6, orals=("E6",)),
        # NV dossiers ask nothing of the commissions.
        *make_candidates(3, first=7, orals=("E4",), e4_nv=True),
    ]
    bounds = pool_lower_bounds(session, tasks_of(session, candidates))
    # E2F espagnol counts with the E2 espagnol commissions, ENG with E6.
    assert bounds == {"E2-ANG": 1, "E2-ESP": 1, "E4": 1, "E5": 1, "E6": 1}


def test_pool_bound_is_the_larger_of_minutes_and_patterns() -> None:
    session, tasks = e6_tasks(16, 1)
    assert -(-sum(t.duration for t in tasks) // usable_minutes_per_day(session, tasks)) == 2
    assert pool_lower_bounds(session, tasks) == {"E6": 3}


def test_pool_bounds_of_nothing() -> None:
    assert pool_lower_bounds(one_site_session(), []) == {}


# --------------------------------------------------------------------------
# proven bounds (issue #12: a bound printed must be a bound)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What the cutting-stock model reads of a task: its preparation and duration."""

    preparation: int
    duration: int


#: 59 orals of six kinds (E2 and E2F, with and without extra time): with the
#: default search one worker found no cut in 60 s, and the bound fell back to
#: one commission-day per oral (59) where 5 is the optimum.
SIX_KINDS = {(20, 20): 9, (20, 30): 7, (30, 30): 13, (40, 40): 6, (30, 40): 14, (40, 50): 10}


def six_kinds() -> list[Task]:
    return cast(list[Task], [Kind(p, d) for (p, d), n in SIX_KINDS.items() for _ in range(n)])


def test_pattern_bound_of_many_kinds_is_proven_quickly() -> None:
    """59 orals of six kinds: the optimum (5 days) is found and proven within the default time."""
    session = one_site_session()
    cut = cut_patterns(session, six_kinds())
    assert cut is not None and cut.days == cut.bound == 5
    assert pattern_lower_bound(session, six_kinds()) == 5


def test_a_bound_cut_short_is_still_a_bound() -> None:
    """With no time to search, the bound is what the solver proved (at most the optimum), never a guess."""
    session = one_site_session()
    assert 0 <= pattern_lower_bound(session, six_kinds(), time_limit=0.0) <= 5


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from([(20, 20), (30, 30), (40, 40), (30, 40), (40, 60), (60, 80)]), st.integers(1, 30), min_size=1))
def test_pattern_bound_never_exceeds_a_cut_it_found(kinds: dict[tuple[int, int], int]) -> None:
    """Whatever the pool, the proven bound is at most the days of the cut found, and that cut covers every oral."""
    session = one_site_session()
    tasks = cast(list[Task], [Kind(p, d) for (p, d), n in kinds.items() for _ in range(n)])
    cut = cut_patterns(session, tasks)
    assert cut is not None
    assert pattern_lower_bound(session, tasks) <= cut.days
    covered = [sum(pattern[i] for half in cut.half_days for pattern in half) for i in range(len(cut.types))]
    assert all(covered[cut.types.index(kind)] >= n for kind, n in kinds.items())
    assert all(len(half) <= cut.days for half in cut.half_days)
