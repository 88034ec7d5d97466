"""Hard rule across sessions planned together: a person listed by several
sessions (same name, given name and établissement, or same e-mail address)
is convened by one of them a day.  Reads each plan with its own examiner list; no ortools here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Examiner, Session
from scheduler.domain.shared_examiners import Identity, convened_days, described, identities
from scheduler.validate.violation import Violation, iso_day

#: Sessions planned together, each with its plan and its examiner list.
Staffed = Sequence[tuple[Session, Plan, Sequence[Examiner]]]


def check_shared_examiners(staffed: Staffed) -> list[Violation]:
    """A person in the examiner lists of several sessions examines for one
    session a day."""
    rule = check_shared_examiners.__name__
    sessions: dict[tuple[Identity, date], set[str]] = defaultdict(set)
    names: dict[Identity, str] = {}
    for session, plan, examiners in staffed:
        for e in examiners:
            for identity in identities(e):
                names.setdefault(identity, described(e))
        for identity, days in convened_days(plan, examiners).items():
            for day in days:
                sessions[(identity, day)].add(session.code)
    # A person recognised by name and by address is one conflict, said once.
    found = {
        (day, f"{names[identity]}, {iso_day(day)} : convoqué(e) par les sessions {', '.join(sorted(codes))}")
        for (identity, day), codes in sessions.items()
        if len(codes) > 1
    }
    return [Violation(rule, message) for _, message in sorted(found)]
