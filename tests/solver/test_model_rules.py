"""The planning model and the re-run model apply one list of hard rules."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from scheduler.domain.events import Event
from scheduler.rerun.amend import amend
from scheduler.rerun.repair import repair_plan
from scheduler.solver import time_model
from scheduler.solver.pipeline import plan_session
from scheduler.solver.time_model import HARD_RULES, Model
from tests.tiny_sessions import FAST, MONDAY, day, make_candidates, make_epreuve, make_session, make_site

#: Before the session: nothing has happened yet.
BEFORE = datetime.combine(MONDAY, time(7, 0)) - (MONDAY - date(2021, 6, 1))


def test_a_rule_added_to_the_list_reaches_both_models(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Model] = []
    monkeypatch.setattr(time_model, "HARD_RULES", (*HARD_RULES, seen.append))
    session = make_session(
        [make_epreuve("E4", first_day=MONDAY, last_day=day(1))], [make_site(rooms=1, loge=4)]
    )
    candidates = make_candidates(10)
    parent = plan_session(session, candidates, FAST)
    assert seen, "the planning model skipped the hard-rule list"
    planned = len(seen)
    # A room closed on the second day: the block must be solved again.
    event = Event("salle_indisponible", "lycee", first_day=day(1), last_day=day(1), room="Salle 1")
    amended = amend(session, candidates, [], parent, [event], BEFORE)
    repair_plan(amended, parent, FAST)
    rerun = seen[planned:]
    assert rerun, "the re-run model skipped the hard-rule list"
    assert all(mdl.caps_from == amended.today for mdl in rerun)


def test_the_hard_rules_keep_their_order() -> None:
    # The order of the constraints shapes the search: plans depend on it.
    assert (
        Model.add_commission_capacity,
        Model.add_examiner_caps,
        Model.add_rooms,
        Model.add_loge,
        Model.add_candidate_separation,
    ) == HARD_RULES
