"""The rule across sessions planned together: a person listed by several
sessions examines for one of them a day."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from scheduler.validate.shared_examiners import check_shared_examiners
from tests.domain.test_shared_examiners import ADAM, ADAM_ELSEWHERE, BRUN, convening
from tests.helpers_plans import E2_DAY, tiny_session, valid_plan


def test_one_person_convened_the_same_day_by_two_sessions_is_named() -> None:
    session = tiny_session()
    other = replace(session, code="autre")
    first = convening(valid_plan(), ADAM, "E2-ANG-C01")
    second = convening(valid_plan(), ADAM_ELSEWHERE, "E2-ESP-C01")
    (found,) = check_shared_examiners([(session, first, [ADAM]), (other, second, [ADAM_ELSEWHERE])])
    assert found.rule == "check_shared_examiners"
    assert (
        found.message
        == f"ADAM Nathalie (Lycée Théas), {E2_DAY.isoformat()} : convoqué(e) par les sessions autre, mini-2021"
    )


def test_another_day_or_another_person_breaks_nothing() -> None:
    session = tiny_session()
    other = replace(session, code="autre")
    first = convening(valid_plan(), ADAM, "E2-ANG-C01")
    later = replace(
        first,
        orals=[replace(o, day=E2_DAY + timedelta(days=1)) if o.day == E2_DAY else o for o in first.orals],
    )
    assert (
        check_shared_examiners(
            [
                (session, first, [ADAM]),
                (other, convening(later, ADAM_ELSEWHERE, "E2-ANG-C01"), [ADAM_ELSEWHERE]),
            ]
        )
        == []
    )
    assert (
        check_shared_examiners(
            [(session, first, [ADAM]), (other, convening(valid_plan(), BRUN, "E2-ANG-C01"), [BRUN])]
        )
        == []
    )


def test_a_person_known_by_name_and_address_is_one_conflict_said_once() -> None:
    session = tiny_session()
    mailed, again = (replace(e, email="nathalie.adam@ac-toulouse.fr") for e in (ADAM, ADAM_ELSEWHERE))
    first = convening(valid_plan(), mailed, "E2-ANG-C01")
    second = convening(valid_plan(), again, "E2-ESP-C01")
    assert (
        len(
            check_shared_examiners(
                [(session, first, [mailed]), (replace(session, code="autre"), second, [again])]
            )
        )
        == 1
    )
