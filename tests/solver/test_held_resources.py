"""The planner keeps off what sessions planned before hold at a shared site:
loge seats at each minute, computer stations per day, rooms per day."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain.shared_sites import holding, shared_sites
from scheduler.solver.pipeline import plan_session
from scheduler.validate.hard_rules import validate
from scheduler.validate.shared_sites import validate_shared_sites
from tests.tiny_sessions import (
    FAST,
    SITE,
    assert_valid,
    at,
    day,
    make_candidates,
    max_overlap,
    one_site_session,
    orals_of,
    preparation_spans,
)


def test_held_loge_seats_are_left_to_their_session() -> None:
    """One loge seat, held by another session all morning: every E4
    preparation is in the afternoon, and the validator counts the held seat."""
    morning = (at("08:00"), at("12:30"))
    session = replace(one_site_session(("E4",), rooms=2, loge=1), held_loge=((SITE, day(0), *morning),))
    candidates = make_candidates(4)
    plan = plan_session(session, candidates, FAST)
    assert plan.diagnostics == []
    assert_valid(session, candidates, plan)
    spans = preparation_spans(orals_of(plan, "E4"))
    assert len(spans) == 4 and all(begin >= morning[1] for begin, _ in spans)
    assert max_overlap([*spans, morning]) == 1
    # The same plan against a session where the seat is not held: one more
    # preparation in the morning would now be a violation the validator names.
    first = orals_of(plan, "E4")[0]
    assert first.start is not None and first.preparation_start is not None
    early = replace(first, preparation_start=at("08:00"), start=at("08:40"), end=at("09:40"))
    moved = replace(plan, orals=[early if o is first else o for o in plan.orals])
    assert any(v.rule == "check_loge_capacity" for v in validate(session, candidates, moved))


def test_held_stations_leave_the_day_to_their_session() -> None:
    """Two computer stations, both held on the first day: every E5 is on the second."""
    session = replace(
        one_site_session(("E5",), days=2, rooms=2, stations=2), held_stations=((SITE, day(0), 2),)
    )
    candidates = make_candidates(6, orals=("E5",))
    plan = plan_session(session, candidates, FAST)
    assert plan.diagnostics == []
    assert_valid(session, candidates, plan)
    assert {o.day for o in orals_of(plan, "E5")} == {day(1)}


def test_two_sessions_planned_in_turn_never_share_a_room_or_a_seat() -> None:
    """Two sessions at one site the same days: planned alone, the second
    takes the first's rooms (the rules across sessions say so); planned
    after the first, holding what it takes, it keeps off them."""
    first = replace(one_site_session(("E4",), days=2, rooms=2, loge=2), code="premiere")
    second = replace(first, code="seconde")
    ours, theirs = make_candidates(6), make_candidates(6, first=101)
    plan_one = plan_session(first, ours, FAST)
    alone = plan_session(second, theirs, FAST)
    assert {v.rule for v in validate_shared_sites([(first, plan_one), (second, alone)])} >= {
        "check_shared_rooms"
    }

    held = holding(second, [(first, plan_one)], shared_sites([first, second]))
    assert held.closed_rooms and held.held_loge
    plan_two = plan_session(held, theirs, FAST)
    assert plan_two.diagnostics == []
    assert_valid(held, theirs, plan_two)
    assert validate_shared_sites([(first, plan_one), (second, plan_two)]) == []
    taken = {(o.day, o.room) for o in plan_one.placed()}
    assert taken and not taken & {(o.day, o.room) for o in plan_two.placed()}
