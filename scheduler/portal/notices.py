"""What changed for one recipient between two published versions, in a few
French lines: « 3 candidats déplacés le mardi 8 juin 2021, salle 4 ».

Computed when a version is published, from the plan it replaces (its
parent), for each recipient: the head of a site sees the orals of their
site whose day, time, room or commission changed, were added or were
cancelled; an examiner sees their days changed, added or cancelled; an
établissement sees its candidates whose convocation changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from scheduler.domain.plan import Oral, Plan
from scheduler.export.recipients import EXAMINER, SCHOOL, SITE_HEAD
from scheduler.text import french_date

#: What a candidate or an examiner sees of an oral.
_SEEN = ("status", "site", "room", "commission", "examiners", "day", "convocation", "start")


def _orals(plan: Plan) -> dict[tuple[str, str], Oral]:
    return {(o.candidate, o.epreuve): o for o in plan.orals}


def _same(a: Oral | None, b: Oral | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(getattr(a, f) == getattr(b, f) for f in _SEEN)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _when(day: date | None) -> str:
    return f"le {french_date(day)}" if day else "à une date non fixée"


def notices(
    before: Plan, after: Plan, role: str, key: str, people: Mapping[str, tuple[str, str]] | None = None
) -> list[str]:
    """The changes from ``before`` to ``after`` for the recipient (``people``:
    candidate number → établissement and name, for an établissement)."""
    old, new = _orals(before), _orals(after)
    changed = [
        (old.get(k), new.get(k)) for k in dict.fromkeys([*old, *new]) if not _same(old.get(k), new.get(k))
    ]
    if role == SITE_HEAD:
        return _site_notices(changed, key)
    if role == EXAMINER:
        return _examiner_notices(before, after, key)
    if role == SCHOOL:
        return _school_notices(changed, key, people or {})
    return []


def _site_notices(changed: list[tuple[Oral | None, Oral | None]], site: str) -> list[str]:
    moved: Counter[tuple[date | None, str]] = Counter()
    cancelled: Counter[date | None] = Counter()
    for a, b in changed:
        here_after = b is not None and b.is_placed and b.site == site
        here_before = a is not None and a.is_placed and a.site == site
        if here_after:
            assert b is not None
            moved[(b.day, b.room or "")] += 1
        elif here_before:
            assert a is not None
            cancelled[a.day] += 1
    lines = [
        f"{_plural(n, 'candidat déplacé ou ajouté', 'candidats déplacés ou ajoutés')} {_when(day)}, {room}"
        for (day, room), n in sorted(moved.items(), key=lambda kv: (kv[0][0] or date.max, kv[0][1]))
    ]
    lines += [
        f"{_plural(n, 'oral retiré', 'oraux retirés')} de votre centre {_when(day)} (désistement, absence, dossier non conforme ou autre centre)"
        for day, n in sorted(cancelled.items(), key=lambda kv: kv[0] or date.max)
    ]
    return lines


def _examiner_days(plan: Plan, examiner: str) -> dict[date, set[tuple[object, ...]]]:
    out: dict[date, set[tuple[object, ...]]] = {}
    for o in plan.placed():
        if examiner in o.examiners and o.day is not None:
            out.setdefault(o.day, set()).add(tuple(getattr(o, f) for f in ("candidate", "epreuve", *_SEEN)))
    return out


def _examiner_notices(before: Plan, after: Plan, examiner: str) -> list[str]:
    old, new = _examiner_days(before, examiner), _examiner_days(after, examiner)
    lines = []
    for day in sorted(set(old) | set(new)):
        if day not in new:
            lines.append(f"votre journée du {french_date(day)} est annulée")
        elif day not in old:
            lines.append(
                f"nouvelle journée le {french_date(day)} ({_plural(len(new[day]), 'oral', 'oraux')})"
            )
        elif old[day] != new[day]:
            lines.append(
                f"votre journée du {french_date(day)} a changé ({_plural(len(new[day]), 'oral', 'oraux')} désormais)"
            )
    return lines


def _school_notices(
    changed: list[tuple[Oral | None, Oral | None]], school: str, people: Mapping[str, tuple[str, str]]
) -> list[str]:
    numbers = {o.candidate for pair in changed for o in pair if o is not None}
    names = sorted(people[n][1] for n in numbers if n in people and people[n][0] == school)
    if not names:
        return []
    head = _plural(
        len(names), "candidat dont la convocation a changé", "candidats dont la convocation a changé"
    )
    return [f"{head} : {', '.join(names)}"]
