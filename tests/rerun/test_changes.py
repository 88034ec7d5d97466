"""diff_plans on the tiny hand-made plan: each kind of change alone, then the
weights the repair model shares (urgency included) and the terminal summary."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest

from scheduler.domain.plan import ABSENT, WITHDRAWN, Oral, Plan
from scheduler.rerun.changes import (
    DATE_WEIGHT,
    ROOM_WEIGHT,
    TIME_WEIGHT,
    URGENCY_DAYS,
    ExaminerChange,
    change_weight,
    diff_plans,
    summary_lines,
    urgency,
)
from tests.helpers_plans import (
    C1,
    C2,
    C3,
    E4_DAY,
    E5_DAY,
    E6_DAY,
    find_oral,
    valid_plan,
    with_oral,
    with_shifted,
)

#: Far from every day of the plan: no urgency.
EARLY = date(2021, 4, 1)
NEXT_E4_DAY = E4_DAY + timedelta(days=1)
LATE = "0210000009"

#: Every place and time field, cleared for an oral that is not planned.
CLEARED = {
    "site": None,
    "room": None,
    "commission": None,
    "examiners": (),
    "day": None,
    "convocation": None,
    "preparation_start": None,
    "start": None,
    "end": None,
}


def staffed(plan: Plan, teams: dict[str, tuple[str, ...]]) -> Plan:
    """``plan`` with the examiners of each commission in ``teams``."""
    return replace(
        plan,
        orals=[replace(o, examiners=teams[o.commission]) if o.commission in teams else o for o in plan.orals],
    )


def test_identical_plans_have_no_change() -> None:
    changes = diff_plans(valid_plan(), valid_plan())
    assert changes.orals == []
    assert changes.commissions_added == changes.commissions_removed == []
    assert changes.examiners == [] and changes.commission_days_changed == []
    assert not changes
    assert changes.cost(EARLY) == 0
    assert changes.moved_candidates() == changes.notified_candidates() == []
    assert summary_lines(changes, EARLY) == ["Aucun changement par rapport au plan publié."]


def test_moved_to_another_day() -> None:
    old = valid_plan()
    new = with_oral(old, C2, "E4", day=NEXT_E4_DAY)
    changes = diff_plans(old, new)
    (change,) = changes.orals
    assert (change.candidate, change.epreuve, change.kinds) == (C2, "E4", ("date",))
    assert change.old == find_oral(old, C2, "E4") and change.new == find_oral(new, C2, "E4")
    assert change.moved and change.convocation_changed
    assert changes.moved_candidates() == changes.notified_candidates() == [C2]
    # C2 was alone in E4-C02: the commission moves with them.
    assert changes.commissions_removed == [("E4-C02", E4_DAY)]
    assert changes.commissions_added == [("E4-C02", NEXT_E4_DAY)]
    assert changes.cost(EARLY) == DATE_WEIGHT


def test_moved_to_another_site() -> None:
    old = valid_plan()
    new = with_oral(old, C2, "E5", site="muret")
    (change,) = diff_plans(old, new).orals
    assert change.kinds == ("site",)
    assert change.moved
    assert diff_plans(old, new).cost(EARLY) == DATE_WEIGHT


def test_time_change() -> None:
    old = valid_plan()
    new = with_shifted(old, C2, "E6", 60)
    changes = diff_plans(old, new)
    (change,) = changes.orals
    assert change.kinds == ("horaire",)
    assert change.moved and change.convocation_changed
    assert changes.cost(EARLY) == TIME_WEIGHT
    # The commission-day ends later: its examiners are told.
    (day,) = changes.commission_days_changed
    assert (day.new.commission, day.kinds) == ("E6-C01", ("horaire",))
    assert (day.old.end, day.new.end) == (find_oral(old, C2, "E6").end, find_oral(new, C2, "E6").end)


def test_room_only_change() -> None:
    old = valid_plan()
    new = with_oral(old, C1, "E5", room="Salle 9")
    changes = diff_plans(old, new)
    (change,) = changes.orals
    assert change.kinds == ("salle",)
    assert not change.moved and change.convocation_changed
    assert changes.moved_candidates() == []
    assert changes.notified_candidates() == [C1]
    assert changes.cost(EARLY) == ROOM_WEIGHT
    (day,) = changes.commission_days_changed
    assert (day.old.room, day.new.room, day.kinds) == (find_oral(old, C1, "E5").room, "Salle 9", ("salle",))


def test_commission_only_change_needs_no_new_convocation() -> None:
    old = valid_plan()
    new = with_oral(old, C1, "E5", commission="E5-C09")
    changes = diff_plans(old, new)
    (change,) = changes.orals
    assert change.kinds == ("commission",)
    assert not change.convocation_changed and not change.moved
    assert changes.notified_candidates() == []
    assert changes.cost(EARLY) == ROOM_WEIGHT
    assert changes.commissions_added == [("E5-C09", E5_DAY)]
    assert changes.commissions_removed == [("E5-C01", E5_DAY)]


@pytest.mark.parametrize("status", [ABSENT, WITHDRAWN, "NV"])
def test_new_status_is_notified_and_free(status: str) -> None:
    old = valid_plan()
    new = with_oral(old, C2, "E4", status=status, **CLEARED)
    changes = diff_plans(old, new)
    (change,) = changes.orals
    assert change.kinds == ("statut",)
    assert change.new is not None and change.new.status == status
    assert change.convocation_changed and not change.moved
    assert changes.notified_candidates() == [C2]
    assert changes.moved_candidates() == []
    assert changes.cost(EARLY) == 0
    assert changes.commissions_removed == [("E4-C02", E4_DAY)]


def test_new_oral_and_vanished_oral() -> None:
    old = valid_plan()
    late = replace(find_oral(old, C2, "E4"), candidate=LATE, day=NEXT_E4_DAY, commission="E4-C03")
    new = replace(old, orals=[o for o in old.orals if (o.candidate, o.epreuve) != (C3, "E2")] + [late])
    changes = diff_plans(old, new)
    vanished, added = changes.orals
    assert (vanished.candidate, vanished.epreuve, vanished.kinds, vanished.new) == (
        C3,
        "E2",
        ("statut",),
        None,
    )
    assert (added.candidate, added.epreuve, added.kinds, added.old) == (LATE, "E4", ("nouveau",), None)
    assert added.new == late and added.convocation_changed and not added.moved
    assert changes.notified_candidates() == [C3, LATE]
    assert changes.cost(EARLY) == 0
    assert changes.commissions_added == [("E4-C03", NEXT_E4_DAY)]


def test_examiner_swap_and_move() -> None:
    old = staffed(valid_plan(), {"E4-C01": ("EX1", "EX2"), "E4-C02": ("EX3", "EX4")})
    # EX2 leaves, EX5 comes, EX3 moves to E4-C01 and EX6 replaces them.
    new = staffed(valid_plan(), {"E4-C01": ("EX1", "EX3"), "E4-C02": ("EX5", "EX4")})
    changes = diff_plans(old, new)
    assert changes.examiners == [
        ExaminerChange("EX2", E4_DAY, "E4-C01", None),
        ExaminerChange("EX3", E4_DAY, "E4-C02", "E4-C01"),
        ExaminerChange("EX5", E4_DAY, None, "E4-C02"),
    ]
    assert [(c.candidate, c.epreuve, c.kinds) for c in changes.orals] == [
        (C1, "E4", ("examinateurs",)),
        (C2, "E4", ("examinateurs",)),
    ]
    # Candidates are not told about their examiners, and it costs them nothing.
    assert changes.notified_candidates() == []
    assert changes.cost(EARLY) == 0
    assert changes.notified_examiners() == ["EX2", "EX3", "EX5"]


def test_examiner_order_is_not_a_change() -> None:
    old = staffed(valid_plan(), {"E4-C01": ("EX1", "EX2")})
    new = staffed(valid_plan(), {"E4-C01": ("EX2", "EX1")})
    assert not diff_plans(old, new)


def test_commission_added_and_removed() -> None:
    old = valid_plan()
    # C1's E4 goes to a new commission, the same day, room and time.
    new = with_oral(old, C1, "E4", commission="E4-C03")
    changes = diff_plans(old, new)
    assert changes.commissions_added == [("E4-C03", E4_DAY)]
    assert changes.commissions_removed == [("E4-C01", E4_DAY)]
    lines = summary_lines(changes, EARLY)
    assert "  journées-commission ajoutées : 1 (E4-C03 le 07/06/2021)" in lines
    assert "  journées-commission retirées : 1 (E4-C01 le 07/06/2021)" in lines


def test_changes_are_sorted_by_candidate_then_epreuve_order() -> None:
    old = valid_plan()
    new = with_shifted(old, C2, "E4", 10)
    new = with_shifted(new, C1, "E6", 10)
    new = with_oral(new, C1, "E2", room="Salle 9")
    assert [(c.candidate, c.epreuve) for c in diff_plans(old, new).orals] == [
        (C1, "E2"),
        (C1, "E6"),
        (C2, "E4"),
    ]


def test_urgency_and_weights() -> None:
    day = E4_DAY
    assert urgency(day, day) == URGENCY_DAYS
    assert urgency(day, day - timedelta(days=1)) == URGENCY_DAYS - 1
    assert urgency(day, day - timedelta(days=URGENCY_DAYS)) == 0
    assert urgency(day, day - timedelta(days=30)) == 0
    # As the formula goes, a day already past weighs more still.
    assert urgency(day, day + timedelta(days=2)) == URGENCY_DAYS + 2
    today = day - timedelta(days=3)
    assert change_weight("date", day, today) == DATE_WEIGHT + 4
    assert change_weight("horaire", day, today) == TIME_WEIGHT + 4
    assert change_weight("salle", day, today) == ROOM_WEIGHT
    assert change_weight("date", day, EARLY) == DATE_WEIGHT
    assert DATE_WEIGHT > TIME_WEIGHT > ROOM_WEIGHT
    with pytest.raises(ValueError):
        change_weight("statut", day, today)


def test_cost_takes_each_candidates_heaviest_change_with_urgency() -> None:
    old = valid_plan()
    new = with_oral(old, C2, "E4", day=NEXT_E4_DAY)  # date, 3 days ahead: 10 + 4
    new = with_shifted(new, C2, "E6", 60)  # horaire, 17 days ahead: 4, not counted
    new = with_oral(new, C1, "E6", room="Salle 9")  # salle: 1
    new = with_oral(new, C1, "ENG", room="Salle 9")  # salle again: still 1 for C1
    new = with_oral(new, C3, "E2", status=ABSENT, **CLEARED)  # free
    today = E4_DAY - timedelta(days=3)
    changes = diff_plans(old, new)
    assert changes.cost(today) == (DATE_WEIGHT + 4) + ROOM_WEIGHT
    assert changes.cost(EARLY) == DATE_WEIGHT + ROOM_WEIGHT
    # The day before the E6 day, a time change there weighs more; a room change does not.
    near = diff_plans(old, with_oral(with_shifted(old, C2, "E6", 60), C1, "E6", room="Salle 9"))
    assert near.cost(E6_DAY - timedelta(days=1)) == (TIME_WEIGHT + URGENCY_DAYS - 1) + ROOM_WEIGHT


def test_summary_lines() -> None:
    old = staffed(valid_plan(), {"E6-C01": ("EX1", "EX2")})
    new = with_oral(old, C2, "E4", day=NEXT_E4_DAY)
    new = with_shifted(new, C2, "E6", 60)
    new = with_shifted(new, C1, "E5", 20)
    new = with_oral(new, C3, "E2", status=WITHDRAWN, **CLEARED)
    lines = summary_lines(diff_plans(old, new), EARLY)
    assert lines[0] == "Changements par rapport au plan publié :"
    assert "  candidats déplacés : 2 (date ou site : 1, horaire seul : 1)" in lines
    assert "  oraux dont le statut change : 1 (désisté : 1)" in lines
    assert "  convocations à renvoyer : 3 candidat(s)" in lines
    # E6-C01 ends later: both its examiners are to be told.
    assert "  examinateurs à prévenir : 2 (EX1, EX2)" in lines
    assert lines[-1] == f"  poids des changements pour les candidats : {DATE_WEIGHT + TIME_WEIGHT}"


def test_two_orals_for_one_epreuve_are_refused() -> None:
    plan = valid_plan()
    twice = replace(plan, orals=[*plan.orals, Oral(C3, "E4", status="NV")])
    with pytest.raises(ValueError, match="deux oraux E4"):
        diff_plans(twice, plan)


def test_no_solver_needed() -> None:
    code = "import sys, scheduler.rerun.changes; sys.exit(any(m.startswith('ortools') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
