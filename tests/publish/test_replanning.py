"""Re-runs after events: the repaired plan changes as little as possible.

Each test plans a small session, applies events as of some ``now``, repairs
the plan, and checks it with the validator against the amended inputs and
with the re-run rules against the published plan.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from fractions import Fraction

import pytest

from scheduler.domain.events import Event
from scheduler.domain.plan import ABSENT, NV, PLANNED, WITHDRAWN, Plan
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.export.context import PlanContext
from scheduler.publish import replanning
from scheduler.publish.planning import PlanningFailed, TimeTooShort
from scheduler.publish.replanning import repair_and_staff
from scheduler.rerun.amend import Amended, amend, event_from_dict, event_to_dict
from scheduler.rerun.changes import diff_plans
from scheduler.rerun.repair import repair_plan
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import plan_session
from scheduler.solver.staffing import Staffing, staff, with_examiners
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.rerun import validate_rerun
from tests.tiny_sessions import FAST, MONDAY, at, day, make_candidates, make_epreuve, make_session, make_site

#: Before the session: nothing has happened yet.
BEFORE = datetime.combine(MONDAY, time(7, 0)) - (MONDAY - date(2021, 6, 1))


def e4_session(days: int = 2, rooms: int = 2, loge: int = 4) -> Session:
    last = MONDAY.replace(day=MONDAY.day + days - 1)
    return make_session(
        [make_epreuve("E4", first_day=MONDAY, last_day=last)], [make_site(rooms=rooms, loge=loge)]
    )


def published(session: Session, candidates: list[Candidate]) -> Plan:
    plan = plan_session(session, candidates, FAST)
    assert plan.diagnostics == []
    assert validate(session, candidates, plan) == []
    return plan


def rerun(
    session: Session,
    candidates: list[Candidate],
    parent: Plan,
    events: list[Event],
    now: datetime = BEFORE,
    examiners: list[Examiner] | None = None,
    added: dict[str, Candidate] | None = None,
) -> tuple[Amended, Plan]:
    amended = amend(session, candidates, examiners or [], parent, events, now, added)
    plan = repair_plan(amended, parent, FAST)
    assert validate(amended.session, amended.candidates, plan) == []
    if not examiners:  # else checked once the examiners are named
        assert validate_rerun(parent, plan, now) == []
    return amended, plan


def placement(plan: Plan) -> dict[tuple[str, str], tuple[object, ...]]:
    return {(o.candidate, o.epreuve): (o.day, o.site, o.start) for o in plan.placed()}


def test_withdrawals_free_their_slots_and_move_nobody() -> None:
    session, cands = e4_session(), make_candidates(16)
    parent = published(session, cands)
    gone = [cands[0].number, cands[5].number]
    _, plan = rerun(session, cands, parent, [Event("candidat_desiste", n) for n in gone])
    statuses = {o.candidate: o.status for o in plan.orals}
    assert [n for n, s in statuses.items() if s == WITHDRAWN] == gone
    changes = diff_plans(parent, plan)
    assert changes.moved_candidates() == []
    assert {c.candidate for c in changes.orals} == set(gone)
    assert all(c.kinds == ("statut",) for c in changes.orals)


def test_absence_at_one_epreuve_keeps_the_others() -> None:
    session = make_session(
        [
            make_epreuve("E4", first_day=MONDAY, last_day=MONDAY),
            make_epreuve("E6", first_day=day(1), last_day=day(1)),
        ],
        [make_site(rooms=2, loge=4)],
    )
    cands = make_candidates(6, orals=("E4", "E6"), engagement=True)
    parent = published(session, cands)
    who = cands[2].number
    _, plan = rerun(session, cands, parent, [Event("candidat_absent", who, epreuve="E6")])
    mine = {o.epreuve: o.status for o in plan.orals if o.candidate == who}
    # The engagement unit goes with E6.
    assert mine == {"E4": PLANNED, "E6": ABSENT, "ENG": ABSENT}
    assert placement(plan) == {k: v for k, v in placement(parent).items() if k[0] != who or k[1] == "E4"}


def test_late_non_conforming_dossier_is_nv() -> None:
    session = make_session([make_epreuve("E6", first_day=MONDAY, last_day=MONDAY)], [make_site(rooms=2)])
    cands = make_candidates(5, orals=("E6",), engagement=True)
    parent = published(session, cands)
    who = cands[1].number
    amended, plan = rerun(session, cands, parent, [Event("dossier_non_conforme", who, epreuve="E6")])
    assert {o.epreuve: o.status for o in plan.orals if o.candidate == who} == {"E6": NV, "ENG": NV}
    assert next(c for c in amended.candidates if c.number == who).nv == {"E6", "ENG"}
    assert diff_plans(parent, plan).moved_candidates() == []


def test_a_closed_commission_moves_only_its_candidates() -> None:
    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    parent = published(session, cands)
    first_day = [o for o in parent.placed() if o.day == MONDAY]
    closed = first_day[0].commission
    assert closed is not None
    own = {o.candidate for o in first_day if o.commission == closed}
    event = Event("examinateur_indisponible", closed, first_day=MONDAY, last_day=MONDAY)
    amended, plan = rerun(session, cands, parent, [event])
    assert amended.disrupted == {(n, "E4") for n in own}
    assert not any(o.commission == closed and o.day == MONDAY for o in plan.placed())
    changes = diff_plans(parent, plan)
    # Untouched candidates keep their slot; the closed commission's move or change commission.
    assert {c.candidate for c in changes.orals} <= own
    assert set(changes.moved_candidates()) <= own


def test_orals_under_way_never_move() -> None:
    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    parent = published(session, cands)
    monday = [o for o in parent.placed() if o.day == MONDAY]
    closed = monday[0].commission
    assert closed is not None
    now = datetime.combine(MONDAY, time(12, 0))
    event = Event("examinateur_indisponible", closed, first_day=MONDAY, last_day=MONDAY)
    amended, plan = rerun(session, cands, parent, [event], now=now)
    before = placement(parent)
    after = placement(plan)
    morning = [o for o in monday if o.busy_from is not None and o.busy_from < at("12:00")]
    assert morning
    for o in morning:
        assert (o.candidate, o.epreuve) in amended.past
        assert after[(o.candidate, o.epreuve)] == before[(o.candidate, o.epreuve)]
    # The afternoon of the closed commission went elsewhere, never before noon.
    for o in plan.placed():
        if (o.candidate, o.epreuve) not in amended.past:
            assert o.day is not None and o.convocation is not None
            assert o.day > MONDAY or o.convocation >= at("12:00")


def test_a_lost_room_moves_the_candidates_it_must() -> None:
    # Six E4 passages per commission-day: 16 fit in 6 on Monday and 12 on Tuesday.
    session, cands = e4_session(days=2, rooms=2), make_candidates(16)
    parent = published(session, cands)
    used = {o.room for o in parent.placed() if o.day == MONDAY}
    assert used == {"Salle 1", "Salle 2"}  # both rooms work on Monday
    event = Event("salle_indisponible", "lycee", first_day=MONDAY, last_day=MONDAY, room="Salle 2")
    amended, plan = rerun(session, cands, parent, [event])
    assert amended.session.rooms("lycee", MONDAY) == ["Salle 1"]
    assert {o.room for o in plan.placed() if o.day == MONDAY} == {"Salle 1"}
    changes = diff_plans(parent, plan)
    hit = {k[0] for k in amended.disrupted}
    assert set(changes.moved_candidates()) <= hit


def test_a_late_registration_is_placed_without_moving_anyone() -> None:
    session, cands = e4_session(), make_candidates(10)
    parent = published(session, cands)
    late = make_candidates(1, first=99)[0]
    event = Event("candidat_ajoute", late.number)
    amended, plan = rerun(session, cands, parent, [event], added={late.number: late})
    assert any(o.candidate == late.number and o.is_placed for o in plan.orals)
    changes = diff_plans(parent, plan)
    assert changes.moved_candidates() == []
    assert [c.candidate for c in changes.orals] == [late.number]
    assert amended.added == {late.number: late}


def test_a_late_registration_without_its_row_is_an_input_error() -> None:
    from scheduler.errors import InputError

    session, cands = e4_session(), make_candidates(4)
    parent = published(session, cands)
    with pytest.raises(InputError, match="--ajouts"):
        amend(
            session, cands, [], parent, [Event("candidat_ajoute", "0219999999", source=("ev.csv", 2))], BEFORE
        )


def _pool(n_teachers: int, n_pros: int) -> list[Examiner]:
    teachers = [
        Examiner(f"T{i}", f"PROF{i}", "Ana", f"Lycée {i}", "enseignant", frozenset({"E4"}))
        for i in range(n_teachers)
    ]
    pros = [
        Examiner(f"P{i}", f"PRO{i}", "Léo", "", "professionnel", frozenset({"E4"})) for i in range(n_pros)
    ]
    return teachers + pros


def _staffed(session: Session, cands: list[Candidate], examiners: list[Examiner]) -> Plan:
    plan = plan_session(session, cands, FAST, examiners=examiners)
    staffing = staff(session, cands, plan, examiners, FAST, 5)
    assert not staffing.missing
    plan = with_examiners(plan, staffing)
    assert validate_examiners(session, cands, plan, examiners) == []
    return plan


def _restaffed(amended: Amended, parent: Plan, plan: Plan) -> Plan:
    """The plan repaired again, as ``oraux replanifier`` does, with its examiners."""
    out, used = repair_and_staff(amended, parent, FAST)
    assert validate(used.session, used.candidates, out) == []
    assert validate_examiners(used.session, used.candidates, out, used.examiners) == []
    assert validate_rerun(parent, out, amended.now) == []
    return out


def test_an_ill_examiner_is_replaced_from_the_pool_and_nobody_moves() -> None:
    session, cands = e4_session(days=1, rooms=2), make_candidates(10)
    examiners = _pool(3, 3)  # one teacher and one professional to spare
    parent = _staffed(session, cands, examiners)
    ill = parent.placed()[0].examiners[0]
    event = Event("examinateur_indisponible", ill, first_day=MONDAY, last_day=MONDAY)
    amended, plan = rerun(session, cands, parent, [event], examiners=examiners)
    plan = _restaffed(amended, parent, plan)
    assert placement(plan) == placement(parent)
    assert not any(ill in o.examiners for o in plan.placed())
    # Only the ill examiner's seat changed: the other member stays.
    changes = diff_plans(parent, plan)
    assert changes.moved_candidates() == []
    assert {e.examiner for e in changes.examiners} == {ill} | {
        e.examiner for e in changes.examiners if e.old is None
    }
    assert len([e for e in changes.examiners if e.old is None]) == 1


def test_without_a_replacement_the_ill_examiners_candidates_move() -> None:
    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    examiners = _pool(2, 2)  # exactly two commissions a day
    parent = _staffed(session, cands, examiners)
    monday = [o for o in parent.placed() if o.day == MONDAY]
    ill = monday[0].examiners[0]
    own = {o.candidate for o in monday if ill in o.examiners}
    event = Event("examinateur_indisponible", ill, first_day=MONDAY, last_day=MONDAY)
    amended, plan = rerun(session, cands, parent, [event], examiners=examiners)
    plan = _restaffed(amended, parent, plan)
    assert not any(ill in o.examiners for o in plan.placed() if o.day == MONDAY)
    moved = set(diff_plans(parent, plan).moved_candidates())
    assert moved and moved <= own


@pytest.mark.parametrize("proven", [False, True])
def test_empty_seats_are_a_verdict_only_when_proven(monkeypatch: pytest.MonkeyPatch, proven: bool) -> None:
    """Staffing that keeps leaving a seat empty ends the re-run: with
    « temps insuffisant » (exit 4) while nothing proves the seat cannot be
    taken — the commission taken away for it may be what then fails to
    repair — with the missing examiner (exit 1) only when it is proven."""
    session, cands = e4_session(days=1, rooms=2), make_candidates(10)
    examiners = _pool(3, 3)
    parent = _staffed(session, cands, examiners)
    ill = parent.placed()[0].examiners[0]
    event = Event("examinateur_indisponible", ill, first_day=MONDAY, last_day=MONDAY)
    amended, _ = rerun(session, cands, parent, [event], examiners=examiners)
    calls: list[int] = []

    def short_of_one(amended: Amended, parent: Plan, plan: Plan, *_: object) -> Staffing:
        commission = next(o.commission for o in plan.placed() if o.commission is not None)
        calls.append(1)
        return Staffing({}, {(commission, MONDAY): 1}, seats_proven=proven)

    monkeypatch.setattr(replanning, "_restaff", short_of_one)
    expected = PlanningFailed if proven else TimeTooShort
    with pytest.raises(expected) as raised:
        repair_and_staff(amended, parent, FAST)
    assert calls
    text = " ".join(raised.value.reasons)
    assert text and ("n'a pas suffi" in text) != proven


def test_a_chain_of_two_reruns_keeps_the_first_events() -> None:
    session, cands = e4_session(), make_candidates(12)
    parent = published(session, cands)
    first = [Event("candidat_desiste", cands[0].number)]
    amended1, plan1 = rerun(session, cands, parent, first)
    # The second run reads the first run's events back from the saved plan.
    recorded = [event_from_dict(event_to_dict(ev), "plan-v2")[0] for ev in amended1.events]
    second = [Event("candidat_absent", cands[3].number, epreuve="E4")]
    amended2, plan2 = rerun(session, cands, plan1, recorded + second)
    statuses = {o.candidate: o.status for o in plan2.orals}
    assert statuses[cands[0].number] == WITHDRAWN
    assert statuses[cands[3].number] == ABSENT
    assert diff_plans(plan1, plan2).moved_candidates() == []
    assert diff_plans(parent, plan2).moved_candidates() == []


def test_a_late_candidate_row_survives_the_plan_file() -> None:
    late = replace(
        make_candidates(1, first=42, orals=("E4", "E6"), engagement=True)[0], extra_time=Fraction(1, 3)
    )
    ev = Event("candidat_ajoute", late.number, comment="inscription tardive", source=("ev.csv", 3))
    back, row = event_from_dict(event_to_dict(ev, late), "plan-v2.json")
    assert back == ev
    assert row is not None
    assert replace(row, source=late.source) == late


def test_a_late_candidate_row_of_an_older_plan_file_is_still_read() -> None:
    """Plan files written before épreuves were data recorded the NDRC
    épreuves in fields of their own: they read as the same candidate."""
    late = make_candidates(
        1, first=42, orals=("E2", "E4", "E6"), optional_language="espagnol", engagement=True, e6_nv=True
    )[0]
    ev = Event("candidat_ajoute", late.number, source=("ev.csv", 3))
    record = event_to_dict(ev, late)
    record["candidat"] = {
        **{k: v for k, v in record["candidat"].items() if k not in ("oraux", "langues", "nv")},
        **{"langue": "anglais", "langue_facultative": "espagnol", "e4": True, "e5": False, "e6": True},
        **{"engagement": True, "e4_nv": False, "e6_nv": True},
    }
    _, row = event_from_dict(record, "plan-v2.json")
    assert row is not None
    assert replace(row, source=late.source) == late


def test_an_impossible_event_leaves_orals_unplaced_with_a_french_reason() -> None:
    session, cands = e4_session(days=1, rooms=1), make_candidates(4)
    parent = published(session, cands)
    event = Event("salle_indisponible", "lycee", first_day=MONDAY, last_day=MONDAY, room="Salle 1")
    amended = amend(session, cands, [], parent, [event], BEFORE)
    plan = repair_plan(amended, parent, FAST)
    assert plan.diagnostics == [
        "E4 : 4 candidat(s) sans créneau (0219000001, 0219000002, 0219000003, 0219000004) — toutes les "
        "salles de l'épreuve sont fermées pendant sa fenêtre : rouvrir une salle"
    ]


def test_too_few_rooms_left_says_how_many_room_days_to_reopen() -> None:
    # Six E4 passages per commission-day: ten candidates need two room-days.
    session, cands = e4_session(days=2, rooms=1), make_candidates(10)
    parent = published(session, cands)
    event = Event("salle_indisponible", "lycee", first_day=day(1), last_day=day(1), room="Salle 1")
    plan = repair_plan(amend(session, cands, [], parent, [event], BEFORE), parent, FAST)
    assert len(plan.diagnostics) == 1
    assert plan.diagnostics[0].endswith(
        "il faut au moins 2 journées-commission et les salles encore ouvertes n'en permettent que 1 : "
        "rouvrir 1 journée(s)-salle"
    )


def test_an_examiner_falling_ill_at_noon_keeps_the_morning() -> None:
    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    examiners = _pool(3, 3)
    parent = _staffed(session, cands, examiners)
    monday = [o for o in parent.placed() if o.day == MONDAY]
    ill = monday[0].examiners[0]
    own = [o for o in monday if ill in o.examiners]
    now = datetime.combine(MONDAY, time(11, 0))
    assert any(o.busy_from is not None and o.busy_from < at("11:00") for o in own)
    assert any(o.busy_from is not None and o.busy_from >= at("11:00") for o in own)
    event = Event("examinateur_indisponible", ill, first_day=MONDAY, last_day=day(1))
    amended, plan = rerun(session, cands, parent, [event], now=now, examiners=examiners)
    plan = _restaffed(amended, parent, plan)
    for o in plan.placed():
        if ill in o.examiners:
            # Only what had started before 11:00 on Monday.
            assert (o.candidate, o.epreuve) in amended.past
    assert not any(ill in o.examiners for o in plan.placed() if o.day == day(1))


def test_a_candidate_already_convoked_but_not_started_keeps_the_slot() -> None:
    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    parent = published(session, cands)
    # Someone prepares from 10:00: convoked at 09:40, not started at 09:50.
    waiting = [o for o in parent.placed() if o.day == MONDAY and o.busy_from == at("10:00")]
    assert waiting
    now = datetime.combine(MONDAY, time(9, 50))
    amended, plan = rerun(session, cands, parent, [Event("candidat_desiste", cands[-1].number)], now=now)
    assert all((o.candidate, o.epreuve) in amended.frozen for o in waiting)
    assert all((o.candidate, o.epreuve) not in amended.past for o in waiting)


def test_the_rerun_rules_catch_a_changed_past_and_a_slot_already_gone() -> None:
    from scheduler.validate.rerun import check_nothing_new_in_the_past, check_past_unchanged

    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    parent = published(session, cands)
    now = datetime.combine(MONDAY, time(12, 0))
    first = min(parent.placed(), key=lambda o: (o.day, o.start))
    later = max(parent.placed(), key=lambda o: (o.day, o.start))
    assert first.day == MONDAY and later.day == day(1)

    def moved(plan: Plan, who: str, **fields: object) -> Plan:
        orals = [replace(o, **fields) if o.candidate == who else o for o in plan.orals]  # type: ignore[arg-type]
        return replace(plan, orals=orals)

    touched = moved(parent, first.candidate, room="Salle 2" if first.room == "Salle 1" else "Salle 1")
    assert [v.candidate for v in check_past_unchanged(parent, touched, now)] == [first.candidate]
    # Recorded absent after the fact: allowed.
    absent = moved(parent, first.candidate, status=ABSENT)
    assert check_past_unchanged(parent, absent, now) == []
    # Moved onto Monday morning, already gone at noon.
    times = {f: getattr(first, f) for f in ("day", "convocation", "preparation_start", "start", "end")}
    back = moved(parent, later.candidate, **times)
    assert [v.candidate for v in check_nothing_new_in_the_past(parent, back, now)] == [later.candidate]
    assert check_nothing_new_in_the_past(parent, parent, now) == []


def test_a_replacement_of_the_wrong_kind_moves_candidates_instead() -> None:
    # A commission needs a teacher: the only spare examiner is a professional.
    plain = e4_session(days=2, rooms=2)
    e4 = replace(plain.epreuves["E4"], mixed_commission=True)
    session, cands = replace(plain, epreuves={"E4": e4}), make_candidates(14)
    examiners = _pool(2, 3)
    parent = _staffed(session, cands, examiners)
    monday = [o for o in parent.placed() if o.day == MONDAY]
    ill = next(i for o in monday for i in o.examiners if i.startswith("T"))
    own = {o.candidate for o in monday if ill in o.examiners}
    event = Event("examinateur_indisponible", ill, first_day=MONDAY, last_day=MONDAY)
    amended, plan = rerun(session, cands, parent, [event], examiners=examiners)
    plan = _restaffed(amended, parent, plan)
    assert not any(ill in o.examiners for o in plan.placed() if o.day == MONDAY)
    moved = set(diff_plans(parent, plan).moved_candidates())
    assert moved and moved <= own


def test_a_dossier_found_non_conforming_after_the_oral_is_recorded_nv() -> None:
    session = make_session([make_epreuve("E6", first_day=MONDAY, last_day=MONDAY)], [make_site(rooms=2)])
    cands = make_candidates(6, orals=("E6",))
    parent = published(session, cands)
    first = min(parent.placed(), key=lambda o: (o.start or 0, o.candidate))
    now = datetime.combine(MONDAY, time(17, 0))
    event = Event("dossier_non_conforme", first.candidate, epreuve="E6")
    amended, plan = rerun(session, cands, parent, [event], now=now)
    assert (first.candidate, "E6") not in amended.past  # no longer sat: NV
    assert {o.candidate: o.status for o in plan.orals}[first.candidate] == NV
    assert diff_plans(parent, plan).moved_candidates() == []


def test_an_examiner_gone_from_the_list_counts_as_unavailable() -> None:
    session, cands = e4_session(days=1, rooms=2), make_candidates(10)
    examiners = _pool(3, 3)
    parent = _staffed(session, cands, examiners)
    gone = parent.placed()[0].examiners[0]
    left = [e for e in examiners if e.id != gone]
    amended = amend(session, cands, left, parent, [], BEFORE)
    assert amended.disrupted == {(o.candidate, o.epreuve) for o in parent.placed() if gone in o.examiners}
    plan = _restaffed(amended, parent, repair_plan(amended, parent, FAST))
    assert not any(gone in o.examiners for o in plan.placed())
    assert diff_plans(parent, plan).moved_candidates() == []


def test_a_room_lost_during_the_day_stays_with_its_commission_until_evening() -> None:
    session, cands = e4_session(days=2, rooms=2), make_candidates(14)
    parent = published(session, cands)
    now = datetime.combine(MONDAY, time(10, 0))
    room = next(o.room for o in parent.placed() if o.day == MONDAY)
    assert room is not None
    event = Event("salle_indisponible", "lycee", first_day=MONDAY, last_day=day(1), room=room)
    amended, plan = rerun(session, cands, parent, [event], now=now)
    assert amended.session.closed_rooms == {("lycee", day(1), room)}
    assert amended.applied == [
        f"Salle indisponible lycee / {room} : des oraux y ont commencé aujourd'hui, la salle reste "
        "attribuée aujourd'hui à sa commission, fermée le 08/06/2021"
    ]
    assert not any(o.room == room for o in plan.placed() if o.day == day(1))


def test_withdrawals_of_one_subject_on_the_bundled_plan_still_publish(bundled_context: PlanContext) -> None:
    """Issue #12: three withdrawals of one E5 subject at one site and day, an NV dossier and an ill E4
    examiner, as of 20 May: the re-run publishes a valid plan (subjects evened out), never exit 3."""
    plan, session = bundled_context.plan, bundled_context.session
    candidates, examiners = bundled_context.candidates, bundled_context.examiners
    groups: dict[tuple[str, date, str], list[str]] = {}
    for o in plan.placed():
        if o.epreuve == "E5" and o.site and o.day and o.subject:
            groups.setdefault((o.site, o.day, o.subject), []).append(o.candidate)
    _, leaving = max(groups.items(), key=lambda kv: (len(kv[1]), kv[0]))
    events = [Event("candidat_desiste", number) for number in sorted(leaving)[:3]]
    nv = next(o for o in plan.placed() if o.epreuve == "E4" and o.candidate not in leaving)
    events.append(Event("dossier_non_conforme", nv.candidate, epreuve="E4"))
    ill_day = date(2021, 6, 8)
    ill = next(o.examiners[0] for o in plan.placed() if o.epreuve == "E4" and o.day == ill_day)
    events.append(Event("examinateur_indisponible", ill, first_day=ill_day, last_day=ill_day))
    now = datetime(2021, 5, 20, 8, 0)
    amended = amend(session, candidates, examiners, plan, events, now)
    options = SolveOptions(time_limit=60, workers=1, seed=5, deterministic_limit=1.0)
    new, amended = repair_and_staff(amended, plan, options)
    assert validate(amended.session, amended.candidates, new) == []
    assert validate_examiners(amended.session, amended.candidates, new, amended.examiners) == []
    assert validate_rerun(plan, new, now) == []
