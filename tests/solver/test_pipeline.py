"""End to end: small sessions whose optimum is derived by hand, then planned.

The planner must reach that optimum and prove it (status « optimal »), its
lower bounds must equal the hand-derived value, the first-fit baseline must be
valid on the same sessions, and two runs with the same options must give the
same plan.

The arithmetic, with the Toulouse hours (two half-days of 270 minutes):

* E4 (40 min in loge, then 60 min): the first candidate of a half-day prepares
  before the commission starts, so a half-day holds 40 + 3 × 60 = 220 ≤ 270
  but not 40 + 4 × 60 = 280: 6 candidates per commission-day.
* E2 (30 + 30 min): (270 − 30) / 30 = 8 per half-day, 16 per commission-day.
* E6 (40 min) and E6 + ENG (60 min), no preparation: a half-day holds four
  passages of 60 min and then no 40 (240 + 40 > 270).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from scheduler.domain.commission import by_family, commission_days, pool_of
from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, DailyHours, Session
from scheduler.solver.bounds import pool_lower_bounds
from scheduler.solver.pipeline import TIME_TOO_SHORT, first_fit_plan, plan_session
from scheduler.solver.tasks import build_tasks
from scheduler.solver.time_model import shown_bound
from tests.tiny_sessions import (
    FAST,
    assert_valid,
    at,
    commission_day_count,
    day,
    make_candidates,
    make_epreuve,
    make_session,
    make_site,
    one_site_session,
)

#: 08:00–10:30 and 13:30–16:00: 150-minute half-days.
SHORT_150 = DailyHours(at("08:00"), at("10:30"), at("13:30"), at("16:00"))
#: 08:00–09:20 and 13:30–14:50: 80-minute half-days, two E6 each.
SHORT_80 = DailyHours(at("08:00"), at("09:20"), at("13:30"), at("14:50"))


def e4_12() -> tuple[Session, list[Candidate]]:
    return one_site_session(("E4",), rooms=2, loge=2), make_candidates(12)


def e4_13() -> tuple[Session, list[Candidate]]:
    return one_site_session(("E4",), rooms=3, loge=3), make_candidates(13)


def e4_13_two_days() -> tuple[Session, list[Candidate]]:
    return one_site_session(("E4",), days=2, rooms=2, loge=2), make_candidates(13)


def e2_languages() -> tuple[Session, list[Candidate]]:
    # 17 in anglais need a second commission-day; 3 in espagnol one.
    session = one_site_session(("E2",), rooms=3, loge=3)
    anglais = make_candidates(17, orals=("E2",))
    espagnol = make_candidates(3, first=18, orals=("E2",), language="espagnol")
    return session, anglais + espagnol


def e6_mix_short() -> tuple[Session, list[Candidate]]:
    # 150-minute half-days hold two E6 + ENG (120) but then no E6 (160): four
    # E6 + ENG and one E6 need two commission-days, although their 280 minutes
    # are what one commission-day offers (2 × 140 on the 20-minute step).
    session = one_site_session(("E6",), rooms=2, loge=0, hours=SHORT_150)
    candidates = make_candidates(4, orals=("E6",), engagement=True) + make_candidates(
        1, first=5, orals=("E6",)
    )
    return session, candidates


def e6_mix() -> tuple[Session, list[Candidate]]:
    # 16 E6 + ENG fill 4 half-days exactly (4 × 60 each), leaving no room for
    # one E6 of 40 min: 3 commission-days, although 1000 minutes ≤ 2 × 520.
    session = one_site_session(("E6",), days=2, rooms=2, loge=0)
    candidates = make_candidates(16, orals=("E6",), engagement=True) + make_candidates(
        1, first=17, orals=("E6",)
    )
    return session, candidates


Case = Callable[[], tuple[Session, list[Candidate]]]

#: (session builder, hand-derived lower bound per pool = optimum).
CASES: dict[str, tuple[Case, dict[str, int]]] = {
    "e4-12": (e4_12, {"E4": 2}),
    "e4-13": (e4_13, {"E4": 3}),
    "e4-13-two-days": (e4_13_two_days, {"E4": 3}),
    "e2-languages": (e2_languages, {"E2-ANG": 2, "E2-ESP": 1}),
    "e6-mix-short": (e6_mix_short, {"E6": 2}),
    "e6-mix": (e6_mix, {"E6": 3}),
}

case_ids = pytest.mark.parametrize("name", sorted(CASES))


def commission_days_by_pool(plan: Plan) -> dict[str, int]:
    """Commission-days per pool: ``E2-ANG-C01`` counts for ``E2-ANG``."""
    pairs = {(pool_of(o.commission), o.commission, o.day) for o in plan.placed() if o.commission}
    return dict(Counter(pool for pool, _, _ in pairs))


@case_ids
def test_lower_bounds_equal_the_hand_derived_optimum(name: str) -> None:
    build, expected = CASES[name]
    session, candidates = build()
    assert pool_lower_bounds(session, build_tasks(session, candidates)) == expected


@case_ids
def test_plan_reaches_and_proves_the_optimum(name: str) -> None:
    build, expected = CASES[name]
    session, candidates = build()
    plan = plan_session(session, candidates, FAST)
    assert_valid(session, candidates, plan)
    assert plan.diagnostics == []
    assert commission_days_by_pool(plan) == expected
    assert commission_day_count(plan) == sum(expected.values())
    assert plan.solver.status == "optimal"
    assert plan.solver.objective == plan.solver.bound == sum(expected.values())


@case_ids
def test_first_fit_is_valid_on_the_same_sessions(name: str) -> None:
    build, expected = CASES[name]
    session, candidates = build()
    plan = first_fit_plan(session, candidates)
    assert_valid(session, candidates, plan)
    assert plan.solver.status == "premier ajustement"
    # First fit is no better than the optimum (it may be worse).
    assert commission_day_count(plan) >= sum(expected.values())


def test_e6_mix_bound_is_tighter_than_minutes() -> None:
    # The point of the pattern bound: minutes alone would allow one day less.
    session, candidates = e6_mix()
    tasks = build_tasks(session, candidates)
    minutes = sum(t.duration for t in tasks)
    assert minutes == 16 * 60 + 40
    assert -(-minutes // 520) == 2
    assert pool_lower_bounds(session, tasks) == {"E6": 3}


def test_commissions_spread_over_days_when_rooms_allow() -> None:
    # 24 E6 fill 2 commission-days (12 each); over 2 days with 2 rooms, the
    # optimum convenes one commission a day rather than two on one day.
    session = one_site_session(("E6",), days=2, rooms=2, loge=0)
    candidates = make_candidates(24, orals=("E6",))
    plan = plan_session(session, candidates, FAST)
    assert_valid(session, candidates, plan)
    assert plan.solver.status == "optimal"
    assert Counter(cd.day for cd in by_family(commission_days(plan))["E6"]) == {day(0): 1, day(1): 1}


def test_commissions_spread_over_days_despite_a_passage_fitting_nowhere() -> None:
    # 80-minute half-days: 4 E6 per commission-day, so 8 E6 need 2; over 3 days
    # with 2 rooms, one a day.  A ninth candidate (E6 + ENG with tiers-temps,
    # 90 min) fits no half-day and must not change that.
    session = one_site_session(("E6",), days=3, rooms=2, loge=0, hours=SHORT_80)
    candidates = make_candidates(8, orals=("E6",)) + make_candidates(
        1, first=9, orals=("E6",), engagement=True, extra_time=Fraction(1, 3)
    )
    plan = plan_session(session, candidates, FAST)
    assert [o.candidate for o in plan.orals if o.status == "non placé"] == ["0219000009", "0219000009"]
    days = Counter(cd.day for cd in by_family(commission_days(plan))["E6"])
    assert sorted(days.values()) == [1, 1]


def mixed_session() -> tuple[Session, list[Candidate]]:
    """Every épreuve on the same two days at two sites: one block, all rules at play."""
    first, last = day(0), day(1)
    session = make_session(
        [
            make_epreuve("E2", sites=("lycee",), first_day=first, last_day=last),
            make_epreuve("E4", sites=("lycee",), first_day=first, last_day=last),
            make_epreuve("E5", sites=("lycee", "annexe"), first_day=first, last_day=last),
            make_epreuve("E6", sites=("annexe",), first_day=first, last_day=last),
        ],
        [make_site("lycee", rooms=3, loge=2, stations=1), make_site("annexe", rooms=2, loge=0, stations=1)],
    )
    candidates = [
        *make_candidates(3, orals=("E2", "E4", "E5", "E6"), engagement=True),
        *make_candidates(2, first=4, orals=("E2", "E5"), language="espagnol", optional_language="anglais"),
        *make_candidates(2, first=6, orals=("E4", "E6"), extra_time=Fraction(1, 3)),
        *make_candidates(2, first=8, orals=("E5", "E6"), engagement=True, e6_nv=True),
    ]
    return session, candidates


def test_same_options_give_the_same_plan() -> None:
    session, candidates = mixed_session()
    first = plan_session(session, candidates, FAST)
    second = plan_session(session, candidates, FAST)
    assert_valid(session, candidates, first)
    assert first.orals == second.orals
    assert first.solver.objective == second.solver.objective
    assert first_fit_plan(session, candidates).orals == first_fit_plan(session, candidates).orals


_PLAN_DIGEST = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from tests.solver.test_pipeline import FAST, mixed_session
from scheduler.solver.pipeline import plan_session
session, candidates = mixed_session()
print(hashlib.sha256(repr(plan_session(session, candidates, FAST).orals).encode()).hexdigest())
"""


def test_same_plan_whatever_the_string_hash_seed() -> None:
    # Set iteration order over strings changes with PYTHONHASHSEED: a model built
    # from such a set would change from run to run, which one process cannot see.
    digests = {
        subprocess.run(
            [sys.executable, "-c", _PLAN_DIGEST, str(Path(__file__).resolve().parents[2])],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    (digest,) = digests
    assert len(digest.strip()) == 64


def test_progress_lines_show_the_known_bound() -> None:
    """Issue #12: the progress line's bound is never below the proven bound the summary prints (it showed « borne 0 »)."""
    session = one_site_session(("E4",), days=2, rooms=2, loge=4)
    candidates = make_candidates(14)
    lines: list[str] = []
    plan = plan_session(session, candidates, replace(FAST, progress=lines.append))
    bound = sum(pool_lower_bounds(session, build_tasks(session, candidates)).values())
    assert bound == 3
    days = [line for line in lines if "journées-commission" in line]
    assert days and all(f"borne {bound}," in line for line in days), days
    assert plan.solver.bound == 3


def test_a_deadline_already_past_places_nothing_and_gives_no_verdict() -> None:
    """The constructed starts stop at the deadline too: the plan then says
    the time was too short, never that the orals have no place."""
    session, candidates = e4_12()
    plan = plan_session(session, candidates, replace(FAST, deadline=time.monotonic()))
    assert plan.solver.status == TIME_TOO_SHORT
    assert not plan.placed()
    assert plan.diagnostics


def test_a_progress_line_never_prints_a_bound_above_its_objective() -> None:
    """The stage's known bound counts every oral; with orals left out the
    objective can be under it, and the line then prints CP-SAT's own bound."""
    assert shown_bound(objective=5, solver_bound=2, known=4) == 4
    assert shown_bound(objective=5, solver_bound=4.5, known=4) == 4.5
    assert shown_bound(objective=1, solver_bound=0, known=2) == 0
    assert shown_bound(objective=3, solver_bound=1, known=None) == 1
