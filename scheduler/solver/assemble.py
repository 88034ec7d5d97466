"""From stage results to a :class:`~scheduler.plan.Plan`: commission ids, rooms,
E5 subjects, convocation times, NV and unplaced orals."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import cast

from scheduler.domain.commission import CommissionId
from scheduler.domain.plan import PLANNED, UNPLACED, Oral, Status
from scheduler.domain.session import Candidate, Session
from scheduler.solver.solution import Placement
from scheduler.solver.tasks import Task

#: (pool key, site, day) -> commission index (0-based) of each task key.
Assignment = dict[tuple[str, str], int]


def commission_numbers(
    session: Session, tasks: list[Task], commissions: dict[tuple[str, str, date], int]
) -> dict[tuple[str, str], int]:
    """First commission number of each (pool, site): a pool's commissions keep
    one number range per site, so ``E5-C13`` is always at Muret."""
    offsets: dict[tuple[str, str], int] = {}
    pools = sorted({t.pool.key: t for t in tasks}.items())
    for key, task in pools:
        base = 1
        for site in task.sites:
            offsets[(key, site)] = base
            base += max((n for (p, s, _), n in commissions.items() if p == key and s == site), default=0)
    return offsets


def build_orals(
    session: Session,
    candidates: list[Candidate],
    tasks: list[Task],
    placements: dict[tuple[str, str], Placement],
    assignment: Assignment,
    offsets: dict[tuple[str, str], int],
) -> list[Oral]:
    """Every oral of every candidate, in candidate then épreuve order."""
    commission_of = {
        t.key: str(CommissionId(t.pool.key, offsets[(t.pool.key, p.site)] + assignment[t.key]))
        for t in tasks
        if (p := placements.get(t.key)) is not None
    }
    rooms = _rooms(session, tasks, placements, assignment, offsets)
    subjects = _subjects(session, tasks, placements)
    return make_orals(session, candidates, tasks, placements, commission_of, rooms, subjects)


def make_orals(
    session: Session,
    candidates: list[Candidate],
    tasks: list[Task],
    placements: dict[tuple[str, str], Placement],
    commission_of: dict[tuple[str, str], str],
    rooms: dict[tuple[str, date, str], str],
    subjects: dict[tuple[str, str], str],
) -> list[Oral]:
    """Every oral of every candidate, in candidate then épreuve order, from
    each task's placement, commission id, its commission's room that day
    (``(site, day, commission)``) and its E5 subject."""
    by_key = {t.key: t for t in tasks}
    orals: list[Oral] = []
    for cand in candidates:
        for code in cand.requested_orals():
            ep = session.epreuves[code]
            lang = cand.oral_language(code)
            excused = cand.excused(code)
            if excused is not None:
                orals.append(Oral(cand.number, code, cast(Status, excused), language=lang))
                continue
            task = by_key.get((cand.number, ep.follows or code))
            place = placements.get(task.key) if task else None
            if task is None or place is None:
                orals.append(Oral(cand.number, code, UNPLACED, language=lang))
                continue
            commission = commission_of[task.key]
            start = place.start
            for part in task.parts:
                if part.code == code:
                    break
                start += part.minutes
            minutes = next(p.minutes for p in task.parts if p.code == code)
            first_part = task.parts[0].code == code
            prep = start - task.preparation if first_part and task.preparation else None
            busy = place.start - task.preparation
            orals.append(
                Oral(
                    candidate=cand.number,
                    epreuve=code,
                    status=PLANNED,
                    language=lang,
                    subject=subjects.get(task.key) if first_part else None,
                    site=place.site,
                    room=rooms[(place.site, place.day, commission)],
                    commission=commission,
                    day=place.day,
                    convocation=busy - session.welcome_minutes,
                    preparation_start=prep,
                    start=start,
                    end=start + minutes,
                )
            )
    return orals


def _rooms(
    session: Session,
    tasks: list[Task],
    placements: dict[tuple[str, str], Placement],
    assignment: Assignment,
    offsets: dict[tuple[str, str], int],
) -> dict[tuple[str, date, str], str]:
    """Give the open rooms of each site and day to its commissions, in order."""
    present: dict[tuple[str, date], set[tuple[str, int]]] = defaultdict(set)
    for t in tasks:
        p = placements.get(t.key)
        if p is not None:
            present[(p.site, p.day)].add((t.pool.key, offsets[(t.pool.key, p.site)] + assignment[t.key]))
    rooms = {}
    for (site, day), commissions in present.items():
        names = session.rooms(site, day)
        for i, (pool, number) in enumerate(sorted(commissions)):
            rooms[(site, day, str(CommissionId(pool, number)))] = names[i]
    return rooms


def _subjects(
    session: Session, tasks: list[Task], placements: dict[tuple[str, str], Placement]
) -> dict[tuple[str, str], str]:
    """Alternate the subjects in start order per site and day: the counts of a
    day and site differ by one at most."""
    groups: dict[tuple[str, date], list[tuple[int, tuple[str, str]]]] = defaultdict(list)
    subjects_of: dict[tuple[str, str], tuple[str, ...]] = {}
    for t in tasks:
        subjects = session.epreuves[t.code].subjects
        p = placements.get(t.key)
        if subjects and p is not None:
            groups[(p.site, p.day)].append((p.start, t.key))
            subjects_of[t.key] = subjects
    out = {}
    for members in groups.values():
        for i, (_, key) in enumerate(sorted(members)):
            options = subjects_of[key]
            out[key] = options[i % len(options)]
    return out


def balance_subjects(
    given: dict[tuple[str, str], str],
    groups: dict[tuple[str, date], list[tuple[int, tuple[str, str]]]],
    subjects: dict[tuple[str, str], tuple[str, ...]],
    fixed: set[tuple[str, str]],
) -> dict[tuple[str, str], str]:
    """``given`` with as few subjects changed as it takes for the counts of
    each (site, day) to differ by one at most: after withdrawals a day can
    lean to one subject.  The latest passages change first; ``fixed`` ones
    (already started) never do.  Changing a subject moves nobody."""
    out = dict(given)
    for members in groups.values():
        keys = [key for _, key in sorted(members, reverse=True)]
        if not keys:
            continue
        options = subjects[keys[0]]
        while True:
            count = {s: 0 for s in options}
            for key in keys:
                count[out[key]] += 1
            most = max(options, key=lambda s: (count[s], -options.index(s)))
            least = min(options, key=lambda s: (count[s], options.index(s)))
            if count[most] - count[least] <= 1:
                break
            movable = [key for key in keys if out[key] == most and key not in fixed]
            if not movable:
                break
            out[movable[0]] = least
    return out
