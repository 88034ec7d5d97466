"""Hard rule on subjects: an épreuve with subjects (E5) gives each oral one of
them, and alternates them evenly within a day and a site."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from scheduler.domain.plan import PLANNED, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.placed import placed_orals
from scheduler.validate.violation import Violation, heading, iso_day, site_town


def check_subjects(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral of an épreuve with subjects has one of them; any other oral has none.

    For each épreuve, day and site, the numbers of orals on each subject differ
    by at most one.  An oral that is not planned (NV, absent, désisté, non
    placé) has no subject.
    """
    rule = check_subjects.__name__
    out: list[Violation] = []
    counts: dict[tuple[str, date, str], Counter[str]] = defaultdict(Counter)
    for o in plan.orals:
        ep = session.epreuves.get(o.epreuve)
        if ep is None or o.status == PLANNED or o.subject is None:
            continue
        out.append(
            Violation(
                rule,
                f"{heading(o.candidate, o.epreuve)} : sujet « {o.subject} » pour un oral « {o.status} »",
                o.candidate,
                o.epreuve,
            )
        )
    for p in placed_orals(session, plan):
        subject, subjects = p.oral.subject, p.ep.subjects
        who = heading(p.candidate, p.code, p.day)
        if subjects and subject not in subjects:
            out.append(
                Violation(
                    rule,
                    f"{who} : sujet « {subject or 'aucun'} » hors de la liste ({', '.join(subjects)})",
                    p.candidate,
                    p.code,
                )
            )
        elif not subjects and subject is not None:
            out.append(
                Violation(
                    rule, f"{who} : sujet « {subject} » pour une épreuve sans sujets", p.candidate, p.code
                )
            )
        if subjects and subject in subjects:
            counts[(p.code, p.day, p.site)][subject] += 1
    for (code, day, site), counter in sorted(counts.items()):
        subjects = session.epreuves[code].subjects
        per_subject = [counter[s] for s in subjects]
        if max(per_subject) - min(per_subject) > 1:
            shown = ", ".join(f"{s} {counter[s]}" for s in subjects)
            out.append(
                Violation(
                    rule,
                    f"{code}, {site_town(session, site)}, {iso_day(day)} : sujets déséquilibrés ({shown}), "
                    "écart d'un oral au plus",
                    epreuve=code,
                )
            )
    return out
