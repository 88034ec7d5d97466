"""Hard rule across sessions planned together: a person listed by several
sessions (same name, given name and établissement) is convened by one of
them a day.  Reads each plan with its own examiner list; no ortools here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Examiner, Session
from scheduler.domain.shared_examiners import Person, convened_days, person_of
from scheduler.validate.violation import Violation, iso_day

#: Sessions planned together, each with its plan and its examiner list.
Staffed = Sequence[tuple[Session, Plan, Sequence[Examiner]]]


def check_shared_examiners(staffed: Staffed) -> list[Violation]:
    """A person in the examiner lists of several sessions examines for one
    session a day."""
    rule = check_shared_examiners.__name__
    sessions: dict[tuple[Person, date], set[str]] = defaultdict(set)
    names: dict[Person, str] = {}
    for session, plan, examiners in staffed:
        for e in examiners:
            names.setdefault(
                person_of(e), f"{e.surname} {e.given_name} ({e.etablissement or 'sans établissement'})"
            )
        for person, days in convened_days(plan, examiners).items():
            for day in days:
                sessions[(person, day)].add(session.code)
    return [
        Violation(
            rule, f"{names[person]}, {iso_day(day)} : convoqué(e) par les sessions {', '.join(sorted(codes))}"
        )
        for (person, day), codes in sorted(sessions.items())
        if len(codes) > 1
    ]
