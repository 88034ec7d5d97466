"""One person in the examiner lists of several sessions: recognised across
lists, and not convened by a later session on the days an earlier one does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from scheduler.domain.plan import Plan
from scheduler.domain.session import Examiner
from scheduler.domain.shared_examiners import (
    convened_days,
    held_examiners,
    holding_examiners,
    identities,
    same_person,
)
from tests.helpers_plans import E2_DAY, tiny_session, valid_plan

ADAM = Examiner(
    "EX001", "ADAM", "Nathalie", "Lycée Théas", "enseignant", frozenset({"E2"}), frozenset({"anglais"})
)
#: The same person in another session's list: another id, other accents and case.
ADAM_ELSEWHERE = replace(ADAM, id="X-17", surname="Adam", given_name="NATHALIE", etablissement="lycee theas")
BRUN = replace(ADAM, id="EX002", surname="BRUN")


def convening(plan: Plan, examiner: Examiner, commission: str) -> Plan:
    """``plan`` with ``examiner`` sitting on ``commission``."""
    return replace(
        plan,
        orals=[replace(o, examiners=(examiner.id,)) if o.commission == commission else o for o in plan.orals],
    )


def test_a_person_is_recognised_across_lists_whatever_the_accents_and_case() -> None:
    assert same_person(ADAM, ADAM_ELSEWHERE)
    assert not same_person(ADAM, BRUN)
    assert not same_person(ADAM, replace(ADAM, etablissement="Lycée Marie Curie"))


def test_or_by_the_same_email_address_whatever_the_school_is_spelt() -> None:
    mailed = replace(ADAM, email="Nathalie.Adam@ac-toulouse.fr")
    elsewhere = replace(ADAM_ELSEWHERE, etablissement="LGT Théas", email=" nathalie.adam@ac-toulouse.fr")
    assert same_person(mailed, elsewhere)
    assert not same_person(replace(ADAM, etablissement="LGT Théas"), ADAM)
    assert not same_person(mailed, replace(BRUN, email="brun@ac-toulouse.fr"))


def test_the_days_an_earlier_plan_convenes_a_person_are_held_in_the_later_session() -> None:
    session = tiny_session()
    earlier = convening(valid_plan(), ADAM, "E2-ANG-C01")
    assert convened_days(earlier, [ADAM]) == {identity: {E2_DAY} for identity in identities(ADAM)}
    later = [ADAM_ELSEWHERE, BRUN]
    held = holding_examiners(session, later, [(earlier, [ADAM])])
    window = set(session.working_days(session.epreuves["E2"]))
    assert E2_DAY in window and len(window) > 1
    # Available every day of their window but the one the earlier plan takes.
    assert held[0].available == frozenset(window - {E2_DAY})
    assert not held[0].can_come(E2_DAY) and held[0].can_come(min(window - {E2_DAY}))
    # Someone else, and the earlier plan without this person: nothing held.
    assert held[1] == BRUN
    assert holding_examiners(session, later, [(valid_plan(), [ADAM])]) == later
    assert held_examiners(later, held) == [held[0]]


def test_a_person_with_stated_days_keeps_only_those_the_earlier_plans_leave() -> None:
    session = tiny_session()
    stated = replace(ADAM_ELSEWHERE, available=frozenset({E2_DAY, date(2021, 6, 1)}))
    earlier = convening(valid_plan(), ADAM, "E2-ANG-C01")
    (held,) = holding_examiners(session, [stated], [(earlier, [ADAM])])
    assert held.available == frozenset({date(2021, 6, 1)})


def test_a_rerun_holds_nothing_before_its_day() -> None:
    """A re-run leaves the past alone: a day before ``since`` is not held."""
    session = tiny_session()
    earlier = [(convening(valid_plan(), ADAM, "E2-ANG-C01"), [ADAM])]
    assert holding_examiners(session, [ADAM_ELSEWHERE], earlier, since=E2_DAY + timedelta(days=1)) == [
        ADAM_ELSEWHERE
    ]
    (held,) = holding_examiners(session, [ADAM_ELSEWHERE], earlier, since=E2_DAY)
    assert not held.can_come(E2_DAY)


def test_a_person_known_by_address_in_another_school_is_held_too() -> None:
    session = tiny_session()
    mailed = replace(ADAM, email="nathalie.adam@ac-toulouse.fr")
    elsewhere = replace(ADAM_ELSEWHERE, etablissement="LGT Théas", email="NATHALIE.ADAM@ac-toulouse.fr")
    (held,) = holding_examiners(
        session, [elsewhere], [(convening(valid_plan(), mailed, "E2-ANG-C01"), [mailed])]
    )
    assert not held.can_come(E2_DAY)
