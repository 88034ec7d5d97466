"""A block too large for one model is solved one épreuve family and one run
of days at a time, the rest fixed (``plan_session(split_above=…)``).

The session below ties its families by every cross rule: the candidates take
E2, E4 and E6 over the same days, E2 and E4 share the loge and the rooms of
the lycée, and E4 may also go to the annexe (one site a day per candidate).
Forcing the split on it (``split_above=1``) must still give a complete plan
that the validator accepts, never worse than the one model would start from.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from scheduler.solver.pipeline import PART_DAYS, _parts, plan_session
from scheduler.solver.tasks import build_tasks
from tests.tiny_sessions import (
    FAST,
    MONDAY,
    assert_valid,
    commission_day_count,
    make_candidates,
    make_epreuve,
    make_session,
    make_site,
)

LAST = MONDAY + timedelta(days=8)  # Monday to the next Tuesday: 7 working days


def tied_session():
    session = make_session(
        [
            make_epreuve("E2", sites=("lycee",), last_day=LAST),
            make_epreuve("E4", sites=("lycee", "annexe"), last_day=LAST),
            make_epreuve("E6", sites=("lycee",), last_day=LAST),
        ],
        [make_site("lycee", rooms=3, loge=2), make_site("annexe", rooms=1, loge=1)],
    )
    candidates = make_candidates(20, orals=("E2", "E4", "E6"))
    # An optional language makes the comfort stage (and its swaps of identical
    # passages) move E2 passages between candidates with other passages fixed.
    candidates += make_candidates(10, first=21, orals=("E2", "E4", "E6"), optional_language="espagnol")
    candidates += make_candidates(12, first=31, orals=("E2", "E4"), language="espagnol")
    return session, candidates


def test_parts_cut_each_family_into_runs_of_days() -> None:
    session, candidates = tied_session()
    parts = _parts(build_tasks(session, candidates))
    families = [{t.pool.family for t in tasks} for _, tasks in parts]
    assert all(len(f) == 1 for f in families)
    # 7 working days: a run of PART_DAYS then the rest, for each of three families.
    assert sorted(len(days) for days, _ in parts) == sorted([PART_DAYS, 7 - PART_DAYS] * 3)
    assert [min(days) for days, _ in parts] == sorted(min(days) for days, _ in parts)


@pytest.mark.slow
def test_split_plan_is_complete_and_valid() -> None:
    session, candidates = tied_session()
    # Each part gets a share of the time limit: a long limit leaves the
    # deterministic limit alone to stop each search, on a loaded machine too.
    options = replace(FAST, time_limit=3600, deterministic_limit=0.5)
    whole = plan_session(session, candidates, options)
    split = plan_session(session, candidates, options, split_above=1)
    assert_valid(session, candidates, split)
    assert all(o.is_placed for o in split.orals)
    # Every part was solved with the rest fixed, and said so.
    labels = [str(s["etape"]) for s in split.solver.stages]
    assert any("(E4, " in label for label in labels)
    assert any("(E2, " in label for label in labels)
    # Splitting costs at most one commission-day here against the one model.
    # Not « none »: sharing a day's orals among its commissions is capped in
    # wall-clock time per group (pipeline.GROUP_SECONDS), so either plan may
    # keep one commission-day more on a loaded machine (seen: 15 against 14).
    assert commission_day_count(split) <= commission_day_count(whole) + 1
    # Optimal only when the lower bound proves it.
    if split.solver.status == "optimal":
        assert split.solver.bound == split.solver.objective
