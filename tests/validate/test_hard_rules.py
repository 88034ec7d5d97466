"""The validator as a whole: the valid tiny plan passes, RULES lists every rule once, each
rule has its minimal mutation (in tests/validate/test_<family>.py), and random moves
of an oral are caught deterministically."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain.plan import PLANNED, Plan
from scheduler.validate.hard_rules import RULES
from tests.helpers_plans import C1, at, shift, valid_plan, with_oral
from tests.validate import (
    test_calendar,
    test_candidates,
    test_commissions,
    test_orals,
    test_sites,
    test_subjects,
)
from tests.validate.mutations import CANDIDATES, SESSION, violations

ROOT = Path(__file__).resolve().parents[2]
#: Every single-rule case, gathered from the test module of each family of rules.
SINGLE_RULE_CASES = {
    **test_orals.CASES,
    **test_calendar.CASES,
    **test_candidates.CASES,
    **test_commissions.CASES,
    **test_sites.CASES,
    **test_subjects.CASES,
}


# --------------------------------------------------------------------------
# The reference plan and the rule list
# --------------------------------------------------------------------------


def test_valid_plan_has_no_violation() -> None:
    """The hand-made reference plan breaks no hard rule."""
    assert violations(valid_plan()) == []


def test_each_rule_alone_accepts_the_valid_plan() -> None:
    """Every rule, run on its own, accepts the reference plan."""
    for rule in RULES:
        assert rule(SESSION, CANDIDATES, valid_plan()) == [], rule.__name__


def test_rules_are_named_documented_and_unique() -> None:
    """RULES holds the 19 rules once each, named check_* and documented."""
    names = [r.__name__ for r in RULES]
    assert len(names) == len(set(names)) == 19
    for rule in RULES:
        assert rule.__name__.startswith("check_")
        assert rule.__doc__ and rule.__doc__.strip()


def test_importing_the_validator_does_not_import_ortools() -> None:
    """Importing every module of scheduler.validate leaves ortools unimported."""
    code = (
        "import importlib, pkgutil, sys, scheduler.validate as v\n"
        "for m in pkgutil.walk_packages(v.__path__, v.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'scheduler.validate.hard_rules' in sys.modules\n"
        "assert 'ortools' not in sys.modules, 'ortools importé'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


#: Rules that cannot break alone.  More commissions at a site than rooms open
#: that day means two commissions in one room (check_commission_site_and_room)
#: or a commission in a closed or unknown room (check_closures).
IMPLIED_RULES = {"check_rooms"}


def test_every_rule_has_a_mutation() -> None:
    """Every rule that can break alone has a single-rule mutation case, in its family's test module."""
    covered = {rule for rule, _, _ in SINGLE_RULE_CASES.values()}
    assert not covered & IMPLIED_RULES
    assert covered | IMPLIED_RULES == {r.__name__ for r in RULES}


def test_validate_lists_rules_in_order() -> None:
    """validate() reports violations in the order of RULES."""
    plan = with_oral(valid_plan(), C1, "E4", convocation=at("07:30"), end=at("09:50"))
    assert [v.rule for v in violations(plan)] == ["check_durations", "check_convocation"]


# --------------------------------------------------------------------------
# Properties: never crashes, deterministic, independent of the list order
# --------------------------------------------------------------------------

VALID = valid_plan()
PLACED_INDEXES = [i for i, o in enumerate(VALID.orals) if o.status == PLANNED]
RULE_NAMES = {r.__name__ for r in RULES}


def _shifted(index: int, minutes: int = 0, days: int = 0) -> Plan:
    """The reference plan with oral ``index`` moved by ``minutes`` and ``days``."""
    orals = list(VALID.orals)
    o = shift(orals[index], minutes)
    assert o.day is not None
    orals[index] = replace(o, day=o.day + timedelta(days=days))
    return replace(VALID, orals=orals)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    index=st.sampled_from(PLACED_INDEXES),
    steps=st.integers(min_value=-100, max_value=100).filter(lambda k: k != 0),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_shifting_an_oral_on_the_grid(index: int, steps: int, seed: int) -> None:
    """Shifting an oral along the grid: deterministic, caught by the hours rule, order-independent."""
    plan = _shifted(index, steps * SESSION.grid_minutes)
    found = violations(plan)
    # Deterministic, and well-formed.
    assert found == violations(plan)
    assert all(v.rule in RULE_NAMES and v.message for v in found)
    # Leaving the half-days is always caught by the hours rule.
    moved = plan.orals[index]
    assert moved.busy_from is not None and moved.end is not None
    inside = any(a <= moved.busy_from and moved.end <= b for a, b in SESSION.hours.half_days())
    assert inside or any(v.rule == "check_daily_hours" for v in found)
    # Either broken somewhere, or valid by every single rule.
    if not found:
        assert all(rule(SESSION, CANDIDATES, plan) == [] for rule in RULES)
    # The order of the orals in the plan changes nothing.
    orals = list(plan.orals)
    random.Random(seed).shuffle(orals)
    assert Counter(violations(replace(plan, orals=orals))) == Counter(found)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(
    index=st.sampled_from(PLACED_INDEXES),
    days=st.integers(min_value=-30, max_value=30).filter(lambda d: d != 0),
    steps=st.integers(min_value=-6, max_value=6),
)
def test_moving_an_oral_to_another_day(index: int, days: int, steps: int) -> None:
    """Moving an oral to another day is caught by the day rule, and ENG away from E6 by the follow-on rule."""
    plan = _shifted(index, steps * SESSION.grid_minutes, days)
    found = violations(plan)
    assert found == violations(plan)
    moved = plan.orals[index]
    assert moved.day is not None
    ep = SESSION.epreuves[moved.epreuve]
    if moved.day not in SESSION.working_days(ep):
        assert any(v.rule == "check_day" for v in found)
    if moved.candidate == C1 and moved.epreuve in ("E6", "ENG"):
        # E6 and ENG are no longer on the same day.
        assert any(v.rule == "check_follow_on" for v in found)
