"""Hard rules of a re-run, checked without the solver: what happened stays.

:func:`scheduler.validate.hard_rules.validate` checks the new plan against the amended
inputs (events included); these rules compare it with the published plan it
was computed from.  One function per rule, each returning French
:class:`~scheduler.validate.violation.Violation` messages.
"""

from __future__ import annotations

from datetime import datetime

from scheduler.domain.plan import ABSENT, NV, Oral, Plan, started
from scheduler.text import numeric_date
from scheduler.validate.violation import Violation

#: Fields an oral under way keeps exactly.
_KEPT = ("site", "room", "commission", "examiners", "day", "convocation", "preparation_start", "start", "end")


def check_past_unchanged(parent: Plan, plan: Plan, now: datetime) -> list[Violation]:
    """An oral whose candidate's activity started before ``now`` keeps its
    place, time, commission and examiners; it may only be recorded absent,
    or NV when the dossier is found non-conforming afterwards."""
    rule = check_past_unchanged.__name__
    new = {(o.candidate, o.epreuve): o for o in plan.orals}
    out = []
    for o in parent.orals:
        if not started(o, now):
            continue
        assert o.day is not None  # started() holds only for an oral with a day
        after = new.get((o.candidate, o.epreuve))
        if after is not None and after.status in (ABSENT, NV):
            continue
        if (
            after is None
            or after.status != o.status
            or any(getattr(after, f) != getattr(o, f) for f in _KEPT)
        ):
            out.append(
                Violation(
                    rule,
                    f"Candidat {o.candidate}, {o.epreuve} : oral déjà commencé le {numeric_date(o.day)} et modifié",
                    o.candidate,
                    o.epreuve,
                )
            )
    return out


def check_nothing_new_in_the_past(parent: Plan, plan: Plan, now: datetime) -> list[Violation]:
    """No oral is moved to, or newly placed at, a time already gone: every
    planned oral of the new plan either keeps its published day and time, or
    convokes its candidate at ``now`` or later."""
    rule = check_nothing_new_in_the_past.__name__
    before = {(o.candidate, o.epreuve): o for o in parent.orals}
    today, minute = now.date(), now.hour * 60 + now.minute
    out = []
    for o in plan.placed():
        old: Oral | None = before.get((o.candidate, o.epreuve))
        if old is not None and old.is_placed and old.day == o.day and old.start == o.start:
            continue
        assert o.day is not None and o.convocation is not None
        if o.day < today or (o.day == today and o.convocation < minute):
            out.append(
                Violation(
                    rule,
                    f"Candidat {o.candidate}, {o.epreuve} : convoqué le {numeric_date(o.day)}, "
                    "avant l'heure du recalcul",
                    o.candidate,
                    o.epreuve,
                )
            )
    return out


def validate_rerun(parent: Plan, plan: Plan, now: datetime) -> list[Violation]:
    """Every re-run rule, in order."""
    return check_past_unchanged(parent, plan, now) + check_nothing_new_in_the_past(parent, plan, now)
