"""Hard rules on a candidate's own timetable: how long each oral and its
preparation last (extra time included), the convocation time, ENG right after
E6, the rest between activities and one site a day."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from scheduler.domain.plan import PLANNED, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.placed import Placed, by_number, placed_orals
from scheduler.validate.violation import Violation, clock, heading, iso_day, site_town, time_span


def check_durations(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral lasts its épreuve's duration, extra time included, rounded up to the grid.

    With a preparation, the preparation immediately precedes the oral (no wait
    in between); without one, no preparation start is given.
    """
    rule = check_durations.__name__
    out: list[Violation] = []
    known = by_number(candidates)
    for p in placed_orals(session, plan):
        cand = known.get(p.candidate)
        if cand is None:
            continue
        prep, oral = session.durations(p.ep, cand.extra_time)
        who = heading(p.candidate, p.code, p.day)
        if p.end - p.start != oral:
            out.append(
                Violation(
                    rule,
                    f"{who} : l'oral ({time_span(p.start, p.end)}) dure {p.end - p.start} min au lieu de {oral} min",
                    p.candidate,
                    p.code,
                )
            )
        if prep > 0 and p.preparation_start is None:
            out.append(Violation(rule, f"{who} : préparation de {prep} min absente", p.candidate, p.code))
        elif prep > 0 and p.preparation_start is not None and p.preparation_start != p.start - prep:
            ps = p.preparation_start
            out.append(
                Violation(
                    rule,
                    f"{who} : la préparation ({time_span(ps, ps + prep)}) et l'oral ({time_span(p.start, p.end)}) ne se suivent pas, "
                    f"la préparation doit commencer à {clock(p.start - prep)}",
                    p.candidate,
                    p.code,
                )
            )
        elif prep == 0 and p.preparation_start is not None:
            out.append(
                Violation(
                    rule,
                    f"{who} : préparation à {clock(p.preparation_start)} alors que l'épreuve n'en a pas",
                    p.candidate,
                    p.code,
                )
            )
    return out


def check_follow_on(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """A follow-on unit (ENG) starts exactly when the candidate's oral it follows (E6) ends.

    Same day, site, room and commission.  A follow-on unit is never planned
    when the oral it follows is not (NV, absent, désisté or non placé).
    """
    rule = check_follow_on.__name__
    out: list[Violation] = []
    placed = placed_orals(session, plan)
    complete: dict[tuple[str, str], list[Placed]] = defaultdict(list)
    for p in placed:
        complete[(p.candidate, p.code)].append(p)
    planned = Counter((o.candidate, o.epreuve) for o in plan.orals if o.status == PLANNED)
    for p in placed:
        if p.ep.follows is None:
            continue
        who = heading(p.candidate, p.code, p.day)
        key = (p.candidate, p.ep.follows)
        if planned[key] == 0:
            out.append(
                Violation(
                    rule,
                    f"{who} : planifié alors que l'oral {p.ep.follows} qu'il suit ne l'est pas",
                    p.candidate,
                    p.code,
                )
            )
            continue
        found = complete[key]
        if planned[key] > 1 or len(found) != 1:
            continue  # duplicate or incomplete followed oral: reported by check_orals_requested
        parent = found[0]
        e, f = parent.code, p.code
        gaps: list[str] = []
        if parent.day != p.day:
            gaps.append(f"{e} le {iso_day(parent.day)}")
        if parent.site != p.site:
            gaps.append(f"{e} à {site_town(session, parent.site)}, {f} à {site_town(session, p.site)}")
        if parent.room != p.room:
            gaps.append(f"{e} en {parent.room}, {f} en {p.room}")
        if parent.commission != p.commission:
            gaps.append(f"{e} avec la commission {parent.commission}, {f} avec {p.commission}")
        if parent.day == p.day and parent.end != p.start:
            gaps.append(f"{e} finit à {clock(parent.end)}, {f} commence à {clock(p.start)}")
        if gaps:
            out.append(
                Violation(
                    rule,
                    f"{who} : doit suivre directement l'oral {e} ({' ; '.join(gaps)})",
                    p.candidate,
                    p.code,
                )
            )
    return out


def check_convocation(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """The convocation time is the welcome time before the oral's first activity
    (preparation or oral); a follow-on unit (ENG) shares the convocation of the
    oral it follows, since the candidate stays in the room."""
    rule = check_convocation.__name__
    out: list[Violation] = []
    placed = placed_orals(session, plan)
    first_activity = {(p.candidate, p.code): p.busy_from for p in placed}
    for p in placed:
        busy = p.busy_from
        if p.ep.follows:
            if (p.candidate, p.ep.follows) not in first_activity:
                continue  # check_follow_on reports a unit whose oral is not placed
            busy = first_activity[(p.candidate, p.ep.follows)]
        expected = busy - session.welcome_minutes
        if p.convocation != expected:
            out.append(
                Violation(
                    rule,
                    f"{heading(p.candidate, p.code, p.day)} : convocation à {clock(p.convocation)} au lieu de "
                    f"{clock(expected)} ({session.welcome_minutes} min avant le début à {clock(busy)})",
                    p.candidate,
                    p.code,
                )
            )
    return out


def check_candidate_no_overlap_and_rest(
    session: Session, candidates: list[Candidate], plan: Plan
) -> list[Violation]:
    """A candidate's activities of one day (preparation to end of oral) are apart by the rest time.

    Except a follow-on unit taken right after the oral it follows (ENG at the
    end of E6), which is one sitting for the candidate.
    """
    rule = check_candidate_no_overlap_and_rest.__name__
    out: list[Violation] = []
    rest = session.rest_minutes
    groups: dict[tuple[str, date], list[Placed]] = defaultdict(list)
    for p in placed_orals(session, plan):
        groups[(p.candidate, p.day)].append(p)
    for (number, day), orals in sorted(groups.items()):
        orals.sort(key=lambda x: (x.busy_from, x.sort_key))
        # Every pair, not only neighbours: a long activity may contain two short ones.
        for i, a in enumerate(orals):
            for b in orals[i + 1 :]:
                if b.ep.follows == a.code and b.busy_from == a.end:
                    continue
                # b starts no earlier than a, so a negative gap means they overlap.
                gap = b.busy_from - a.end
                if gap >= rest:
                    continue
                who = heading(number, day=day)
                first = f"{a.code} ({time_span(a.busy_from, a.end)})"
                second = f"{b.code} ({time_span(b.busy_from, b.end)})"
                if gap < 0:
                    msg = f"{who} : {first} et {second} se chevauchent"
                else:
                    msg = (
                        f"{who} : {gap} min seulement entre {first} et {second}, il faut {rest} min de repos"
                    )
                out.append(Violation(rule, msg, number, b.code))
    return out


def check_one_site_per_day(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """On one day, all of a candidate's orals are at the same site."""
    rule = check_one_site_per_day.__name__
    out: list[Violation] = []
    groups: dict[tuple[str, date], list[Placed]] = defaultdict(list)
    for p in placed_orals(session, plan):
        groups[(p.candidate, p.day)].append(p)
    for (number, day), orals in sorted(groups.items()):
        if len({p.site for p in orals}) > 1:
            shown = ", ".join(
                f"{p.code} à {site_town(session, p.site)}" for p in sorted(orals, key=lambda x: x.sort_key)
            )
            out.append(
                Violation(
                    rule,
                    f"{heading(number, day=day)} : oraux sur plusieurs sites le même jour ({shown})",
                    number,
                )
            )
    return out
