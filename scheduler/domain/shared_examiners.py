"""Examiners whom several sessions share: one person in two lists.

A language teacher may examine the orals of two specialties the same week
(BTS NDRC and BTS MCO at Tarbes).  Each session has its own examiner list,
with its own ids; a person is recognised across lists by name, given name
and établissement, as names compare (accents, case and punctuation aside),
or by e-mail address when both lists give one.
Sessions planned together are planned one after another: a person is
convened by one session a day, so the days an earlier session's plan
convenes them are taken off their availability in the later ones
(:func:`holding_examiners`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Examiner, Session
from scheduler.text import name_key

#: One way of recognising a person across examiner lists: ``("nom", name,
#: given name, établissement)`` as names compare, or ``("courriel", address)``.
Identity = tuple[str, ...]


def identities(examiner: Examiner) -> tuple[Identity, ...]:
    """Every way ``examiner`` is recognised in another session's list."""
    by_name = (
        "nom",
        name_key(examiner.surname).strip(),
        name_key(examiner.given_name).strip(),
        name_key(examiner.etablissement).strip(),
    )
    email = examiner.email.strip().lower()
    return (by_name, ("courriel", email)) if email else (by_name,)


def described(examiner: Examiner) -> str:
    """The person as messages across sessions name them: « NOM Prénom (établissement) »."""
    return f"{examiner.surname} {examiner.given_name} ({examiner.etablissement or 'sans établissement'})"


def same_person(a: Examiner, b: Examiner) -> bool:
    """Whether ``a`` and ``b``, of two lists, are one person."""
    return bool(set(identities(a)) & set(identities(b)))


def convened_days(plan: Plan, examiners: Sequence[Examiner]) -> dict[Identity, set[date]]:
    """The days each person of ``examiners`` examines in ``plan``, under
    each of their identities."""
    known = {e.id: identities(e) for e in examiners}
    out: dict[Identity, set[date]] = defaultdict(set)
    for o in plan.placed():
        if o.day is None:
            continue
        for examiner_id in o.examiners:
            for identity in known.get(examiner_id, ()):
                out[identity].add(o.day)
    return out


def holding_examiners(
    later: Session,
    examiners: Sequence[Examiner],
    earlier: Sequence[tuple[Plan, Sequence[Examiner]]],
    since: date | None = None,
) -> list[Examiner]:
    """``examiners`` of ``later``, each person no longer available on the
    days the plans of ``earlier`` (each with its own examiner list) convene
    them — from ``since`` on, when given (a re-run leaves the past alone)."""
    taken: dict[Identity, set[date]] = defaultdict(set)
    for plan, theirs in earlier:
        for identity, days in convened_days(plan, theirs).items():
            taken[identity] |= {d for d in days if since is None or d >= since}
    return [
        later.without_days(e, set().union(*(taken.get(i, set()) for i in identities(e)))) for e in examiners
    ]


def held_examiners(before: Sequence[Examiner], after: Sequence[Examiner]) -> list[Examiner]:
    """The examiners whose availability :func:`holding_examiners` changed."""
    return [a for b, a in zip(before, after, strict=True) if a != b]
