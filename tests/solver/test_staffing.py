"""Named examiners: every rule on tiny sessions, checked by the solver-free
validator, and the French diagnosis when examiners are missing."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest

import scheduler.solver.staffing as staffing_module
from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.solver.diagnose import explain_missing_examiners
from scheduler.solver.pipeline import plan_session
from scheduler.solver.staffing import staff, staffing_needs, with_examiners
from scheduler.validate.examiners import EXAMINER_RULES, validate_examiners
from tests.helpers_plans import C1, C2, tiny_candidates, tiny_session, valid_plan, with_shifted
from tests.tiny_sessions import FAST, MONDAY, assert_valid, make_candidates, one_site_session


def _mixed(session: Session) -> Session:
    epreuves = {
        code: replace(ep, mixed_commission=code in ("E4", "E6")) for code, ep in session.epreuves.items()
    }
    return replace(session, epreuves=epreuves)


def _examiner(
    i: int, quality: str = "enseignant", *, school: str = "", epreuves: str = "E4", **kw: object
) -> Examiner:
    return Examiner(
        id=f"EX{i:03d}",
        surname=f"EXAM{i}",
        given_name="Prénom",
        etablissement=school,
        quality=quality,  # type: ignore[arg-type]
        epreuves=frozenset(epreuves.split()),
        **kw,  # type: ignore[arg-type]
    )


def _solve(session: Session, candidates: list[Candidate]) -> Plan:
    plan = plan_session(session, candidates, FAST)
    assert_valid(session, candidates, plan)
    return plan


def _staffed(session: Session, candidates: list[Candidate], examiners: list[Examiner]) -> Plan:
    plan = _solve(session, candidates)
    staffing = staff(session, candidates, plan, examiners, FAST, 10)
    assert staffing.missing == {}
    named = with_examiners(plan, staffing)
    assert validate_examiners(session, candidates, named, examiners) == []
    return named


def test_mixed_commissions_get_a_teacher_and_a_professional() -> None:
    session = _mixed(one_site_session(("E4",), rooms=2, loge=4))
    candidates = make_candidates(12)  # two commissions, one day
    examiners = [_examiner(1), _examiner(2), _examiner(3, "professionnel"), _examiner(4, "professionnel")]
    plan = _staffed(session, candidates, examiners)
    quality = {e.id: e.quality for e in examiners}
    teams = {o.examiners for o in plan.placed()}
    assert len(teams) == 2
    for team in teams:
        assert sorted(quality[i] for i in team) == ["enseignant", "professionnel"]
    assert plan.notes == []


def test_two_teachers_when_no_professional_and_the_plan_says_so() -> None:
    session = _mixed(one_site_session(("E4",), rooms=1, loge=2))
    candidates = make_candidates(6)
    plan = _staffed(session, candidates, [_examiner(1), _examiner(2)])
    assert {o.examiners for o in plan.placed()} == {("EX001", "EX002")}
    assert len(plan.notes) == 1 and "deux enseignants" in plan.notes[0]


def test_no_examiner_from_the_candidates_school() -> None:
    session = one_site_session(("E4",), rooms=1, loge=2)
    candidates = make_candidates(3, etablissement="Lycée Pierre d'Aragon")
    examiners = [
        _examiner(1, school="LYCEE PIERRE D ARAGON"),
        _examiner(2),
        _examiner(3, "professionnel"),
    ]
    plan = _staffed(session, candidates, examiners)
    assert all("EX001" not in o.examiners for o in plan.placed())


def test_only_possible_examiner_from_the_school_is_diagnosed() -> None:
    session = one_site_session(("E2",), rooms=1, loge=2)
    candidates = make_candidates(2, orals=("E2",), language="espagnol", etablissement="Lycée Saliège")
    examiners = [
        _examiner(1, school="Lycée Saliège", epreuves="E2", languages=frozenset({"espagnol"})),
        _examiner(2, epreuves="E2", languages=frozenset({"anglais"})),
    ]
    plan = _solve(session, candidates)
    staffing = staff(session, candidates, plan, examiners, FAST, 10)
    assert sum(staffing.missing.values()) == 1
    needs = {(need.commission, need.day): need for need in staffing_needs(session, candidates, plan)}
    (sentence,) = explain_missing_examiners(
        session, [(needs[key], n) for key, n in staffing.missing.items()], examiners
    )
    assert sentence.startswith(
        "E2 espagnol, lundi 7 juin 2021, commission E2-ESP-C01 (2 candidat(s) : 0219000001, 0219000002)"
    )
    assert "lien avec l'établissement" in sentence
    assert (
        "ajouter 1 examinateur(s) d'espagnol disponible(s) le 2021-06-07, sans lien avec : Lycée Saliège"
        in sentence
    )


def test_availability_and_daily_maximum() -> None:
    session = one_site_session(("E4",), days=2, rooms=1, loge=2)
    candidates = make_candidates(12)  # 6 a day over two days
    examiners = [
        _examiner(1, available=frozenset({MONDAY})),
        _examiner(2, available=frozenset({date(2021, 6, 8)})),
        _examiner(3, "professionnel"),
        _examiner(4, max_per_day=3),  # never enough for a full day of 6
    ]
    plan = _staffed(session, candidates, examiners)
    by_day = {o.day: o.examiners for o in plan.placed()}
    assert "EX001" in by_day[MONDAY] and "EX002" in by_day[date(2021, 6, 8)]
    assert all("EX004" not in team for team in by_day.values())


def test_a_candidate_never_meets_an_examiner_twice() -> None:
    session = one_site_session(("E4", "E6"), days=2, rooms=1, loge=2)
    candidates = make_candidates(4, orals=("E4", "E6"))
    examiners = [_examiner(i, epreuves="E4 E6") for i in range(1, 5)]
    plan = _staffed(session, candidates, examiners)
    for number in {c.number for c in candidates}:
        e4 = next(o for o in plan.placed() if o.candidate == number and o.epreuve == "E4")
        e6 = next(o for o in plan.placed() if o.candidate == number and o.epreuve == "E6")
        assert not set(e4.examiners) & set(e6.examiners)


def test_staffed_day_by_day_when_split_and_still_never_met_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``split_above`` commission-days, each run of days is staffed
    knowing whom the candidates met before (here one day a run)."""
    monkeypatch.setattr(staffing_module, "PART_DAYS", 1)
    session = one_site_session(("E4", "E6"), days=2, rooms=1, loge=2)
    candidates = make_candidates(4, orals=("E4", "E6"))
    examiners = [_examiner(i, epreuves="E4 E6") for i in range(1, 5)]
    plan = _solve(session, candidates)
    assert len({o.day for o in plan.placed()}) == 2
    staffing = staff(session, candidates, plan, examiners, FAST, 10, split_above=0)
    assert staffing.missing == {}
    named = with_examiners(plan, staffing)
    assert validate_examiners(session, candidates, named, examiners) == []
    # Split, the staffing is never claimed proven (nothing is missing here anyway).
    assert not staffing.seats_proven


def test_past_the_deadline_the_quick_staffing_is_kept_only_when_complete() -> None:
    """No model once the deadline has passed: the quick staffing when it
    fills every seat within the rules, else nothing named and nothing proven."""
    session = _mixed(one_site_session(("E4",), rooms=2, loge=4))
    candidates = make_candidates(12)
    plan = _solve(session, candidates)
    late = replace(FAST, deadline=time.monotonic())
    examiners = [_examiner(1), _examiner(2), _examiner(3, "professionnel"), _examiner(4, "professionnel")]
    staffing = staff(session, candidates, plan, examiners, late, 10)
    assert staffing.missing == {} and staffing.seats_proven
    assert validate_examiners(session, candidates, with_examiners(plan, staffing), examiners) == []
    short = staff(session, candidates, plan, examiners[:3], late, 10)
    assert short.missing and not short.seats_proven and not any(short.members.values())


@pytest.mark.parametrize("rule", [r.__name__ for r in EXAMINER_RULES])
def test_each_examiner_rule_catches_its_breach(rule: str) -> None:
    session = _mixed(one_site_session(("E4", "E6"), days=2, rooms=2, loge=4))
    candidates = make_candidates(2, orals=("E4", "E6"), etablissement="Lycée A")
    examiners = _e4_e6_examiners()
    plan = _staffed(session, candidates, examiners)
    first = plan.placed()[0]
    team = first.examiners
    broken = {
        "check_commission_staffed": lambda e: [replace(e[0], quality="professionnel"), *e[1:]],
        "check_examiner_qualified": lambda e: [
            replace(x, epreuves=frozenset({"E5"})) if x.id == team[0] else x for x in e
        ],
        "check_conflict_of_interest": lambda e: [
            replace(x, etablissement="LYCEE A") if x.id == team[0] else x for x in e
        ],
        "check_examiner_available": lambda e: [
            replace(x, available=frozenset()) if x.id == team[0] else x for x in e
        ],
        "check_examiner_max_per_day": lambda e: [
            replace(x, max_per_day=0) if x.id == team[0] else x for x in e
        ],
    }
    mutated_plan = plan
    pool = examiners
    if rule in broken:
        pool = broken[rule](examiners)
        if rule == "check_commission_staffed":
            # Make the commission all-professional: both members become professionals.
            pool = [replace(x, quality="professionnel") if x.id in team else x for x in examiners]
    elif rule == "check_examiner_one_commission_a_day":
        other = next(o for o in plan.placed() if o.day == first.day and o.commission != first.commission)
        mutated_plan = Plan(
            plan.session,
            [
                replace(o, examiners=first.examiners)
                if o.commission == other.commission and o.day == other.day
                else o
                for o in plan.orals
            ],
            plan.solver,
        )
    elif rule == "check_examiners_met_once":
        mutated_plan = _e4_examiners_at_e6(plan)
    found = validate_examiners(session, candidates, mutated_plan, pool)
    assert rule in {v.rule for v in found}, [v.message for v in found]


def test_staffing_needs_by_day_and_id_with_candidates_in_plan_order() -> None:
    """One need per commission-day, by day then id; its candidates in the
    plan's order (the model is built in it), not in time order."""
    session, candidates = tiny_session(), tiny_candidates()
    plan = with_shifted(valid_plan(), C1, "E6", 240)  # C1's E6 now after C2's
    needs = staffing_needs(session, candidates, plan)
    assert [(n.day, n.commission) for n in needs] == sorted((n.day, n.commission) for n in needs)
    assert len(needs) == 8
    (e6,) = [n for n in needs if n.commission == "E6-C01"]
    assert [c.number for c in e6.candidates] == [C1, C2]
    assert (e6.family, e6.language, e6.size, e6.site) == ("E6", None, 2, "toulouse")
    (spanish,) = [n for n in needs if n.commission == "E2-ESP-C01"]
    assert (spanish.family, spanish.language) == ("E2", "espagnol")


def test_meeting_an_examiner_twice_is_a_rule_of_the_session_data() -> None:
    """The same plan, with one candidate meeting an examiner at E4 and at
    E6: a violation while E6 is kept apart from E4, none once the session
    no longer says so (another specialty's épreuves may share examiners)."""
    session = _mixed(one_site_session(("E4", "E6"), days=2, rooms=2, loge=4))
    candidates = make_candidates(2, orals=("E4", "E6"), etablissement="Lycée A")
    examiners = _e4_e6_examiners()
    plan = _staffed(session, candidates, examiners)
    twice = _e4_examiners_at_e6(plan)
    e4 = next(o for o in plan.placed() if o.epreuve == "E4")
    found = [
        v
        for v in validate_examiners(session, candidates, twice, examiners)
        if v.rule == "check_examiners_met_once"
    ]
    assert {v.candidate for v in found} == {e4.candidate}
    assert all("à l'E4 et à l'E6" in v.message for v in found)
    free = replace(
        session, epreuves={**session.epreuves, "E6": replace(session.epreuves["E6"], apart_from=())}
    )
    assert free.examiner_groups() == {}
    assert not [
        v
        for v in validate_examiners(free, candidates, twice, examiners)
        if v.rule == "check_examiners_met_once"
    ]


def _e4_examiners_at_e6(plan: Plan) -> Plan:
    """The plan with the first E4 candidate's E4 examiners at their E6 (and ENG) too."""
    e4 = next(o for o in plan.placed() if o.epreuve == "E4")
    return Plan(
        plan.session,
        [
            replace(o, examiners=e4.examiners)
            if o.epreuve in ("E6", "ENG") and o.candidate == e4.candidate
            else o
            for o in plan.orals
        ],
        plan.solver,
    )


def _e4_e6_examiners() -> list[Examiner]:
    """Two teachers and two professionals who examine E4 and E6."""
    return [
        _examiner(1, epreuves="E4 E6"),
        _examiner(2, "professionnel", epreuves="E4 E6"),
        _examiner(3, epreuves="E4 E6"),
        _examiner(4, "professionnel", epreuves="E4 E6"),
    ]
