"""Hard rules on the rows of a plan: each candidate has exactly the orals they
registered for, each with a status that says why it is not sat (NV, absent,
désisté), and the language the candidate chose for it.

:func:`check_orals_requested` also reports an oral with a missing or
inconsistent field, which the other rules then skip.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduler.domain.plan import ABSENT, NV, PLANNED, UNPLACED, WITHDRAWN, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.placed import by_number, placed_orals
from scheduler.validate.violation import Violation, heading

#: Fields that locate an oral in place and time, with their French names.
_PLACE_TIME_FIELDS: tuple[tuple[str, str], ...] = (
    ("site", "site"),
    ("room", "salle"),
    ("commission", "commission"),
    ("day", "jour"),
    ("convocation", "convocation"),
    ("preparation_start", "début de préparation"),
    ("start", "début d'oral"),
    ("end", "fin d'oral"),
)
#: Fields a planned oral cannot do without (the preparation is optional).
_REQUIRED_WHEN_PLANNED = frozenset(f for f, _ in _PLACE_TIME_FIELDS) - {"preparation_start"}
#: Every status an oral may have, in the order they are listed to the office.
_STATUSES: tuple[str, ...] = (PLANNED, NV, ABSENT, WITHDRAWN, UNPLACED)
#: Why the candidate does not sit an oral, by :meth:`Candidate.excused` value,
#: for the message "the oral must be « … »".
_EXCUSE_REASON: dict[str, str] = {
    NV: "dossier non conforme",
    WITHDRAWN: "candidat désisté",
    ABSENT: "absence signalée",
}
#: The status says the oral is not sat but the candidate sits it: why it is wrong.
_NOT_EXCUSED: dict[str, str] = {
    NV: "alors que le dossier est conforme",
    WITHDRAWN: "alors qu'aucun désistement n'est enregistré pour cet oral",
    ABSENT: "alors qu'aucune absence n'est signalée pour cet oral",
}


def check_orals_requested(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """Each candidate has exactly one oral per épreuve they registered for, and no other.

    No oral belongs to an unknown candidate or épreuve.  When the candidate does
    not sit the épreuve (:meth:`Candidate.excused`), the status says why: NV
    exactly when the dossier is non-conforming, otherwise ``désisté`` or
    ``absent`` exactly when a re-run recorded the withdrawal or the absence;
    any other oral is ``planifié`` or ``non placé``.  An oral that is not
    planned has no place or time; a planned oral has its site, room,
    commission, day, convocation, start and end.
    """
    rule = check_orals_requested.__name__
    out: list[Violation] = []
    known = by_number(candidates)
    seen: Counter[tuple[str, str]] = Counter()
    for o in plan.orals:
        who = heading(o.candidate, o.epreuve)
        cand = known.get(o.candidate)
        if cand is None:
            out.append(
                Violation(rule, f"{who} : candidat absent de la liste des candidats", o.candidate, o.epreuve)
            )
            continue
        if o.epreuve not in session.epreuves:
            out.append(Violation(rule, f"{who} : épreuve inconnue de la session", o.candidate, o.epreuve))
            continue
        seen[(o.candidate, o.epreuve)] += 1
        if o.epreuve not in cand.requested_orals():
            out.append(
                Violation(
                    rule,
                    f"{who} : oral au planning alors que le candidat n'y est pas inscrit",
                    o.candidate,
                    o.epreuve,
                )
            )
            continue
        if o.status not in _STATUSES:
            expected = ", ".join(f"« {x} »" for x in _STATUSES[:-1]) + f" ou « {_STATUSES[-1]} »"
            out.append(
                Violation(
                    rule,
                    f"{who} : statut « {o.status} » inconnu (attendu {expected})",
                    o.candidate,
                    o.epreuve,
                )
            )
            continue
        excused = cand.excused(o.epreuve)
        if excused is not None and o.status != excused:
            out.append(
                Violation(
                    rule,
                    f"{who} : {_EXCUSE_REASON[excused]}, l'oral doit être « {excused} » et non « {o.status} »",
                    o.candidate,
                    o.epreuve,
                )
            )
        elif excused is None and o.status in _NOT_EXCUSED:
            out.append(
                Violation(
                    rule,
                    f"{who} : statut « {o.status} » {_NOT_EXCUSED[o.status]}",
                    o.candidate,
                    o.epreuve,
                )
            )
        if o.status == PLANNED:
            missing = [
                fr for f, fr in _PLACE_TIME_FIELDS if f in _REQUIRED_WHEN_PLANNED and getattr(o, f) is None
            ]
            if missing:
                out.append(
                    Violation(
                        rule,
                        f"{who} : oral planifié incomplet, manque : {', '.join(missing)}",
                        o.candidate,
                        o.epreuve,
                    )
                )
        else:
            filled = [fr for f, fr in _PLACE_TIME_FIELDS if getattr(o, f) is not None]
            if filled:
                out.append(
                    Violation(
                        rule,
                        f"{who} : oral « {o.status} » avec un lieu ou un horaire renseigné ({', '.join(filled)})",
                        o.candidate,
                        o.epreuve,
                    )
                )
    for cand in candidates:
        for code in cand.requested_orals():
            n = seen[(cand.number, code)]
            who = heading(cand.number, code)
            if n == 0:
                out.append(
                    Violation(
                        rule,
                        f"{who} : aucun oral au planning alors que le candidat y est inscrit",
                        cand.number,
                        code,
                    )
                )
            elif n > 1:
                out.append(
                    Violation(rule, f"{who} : {n} oraux au planning au lieu d'un seul", cand.number, code)
                )
    return out


def check_unplaced(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """Every oral is placed: a « non placé » oral breaks the plan."""
    rule = check_unplaced.__name__
    return [
        Violation(rule, f"{heading(o.candidate, o.epreuve)} : oral non placé", o.candidate, o.epreuve)
        for o in plan.orals
        if o.status == UNPLACED
    ]


def check_language(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """A by-language oral (E2, E2F) carries the candidate's language for it; others carry none.

    This holds whatever the status: a non placé E2 oral still says which
    language commission it is waiting for.  All the orals of one commission of a by-language épreuve are in one language.
    """
    rule = check_language.__name__
    out: list[Violation] = []
    known = by_number(candidates)
    for o in plan.orals:
        cand = known.get(o.candidate)
        ep = session.epreuves.get(o.epreuve)
        if cand is None or ep is None:
            continue
        expected = cand.oral_language(ep.code) if ep.by_language else None
        if o.language == expected:
            continue
        who = heading(o.candidate, o.epreuve, o.day)
        if expected is None:
            msg = f"{who} : langue « {o.language} » indiquée pour une épreuve sans langue"
        else:
            msg = f"{who} : langue « {o.language or 'aucune'} » au lieu de « {expected} »"
        out.append(Violation(rule, msg, o.candidate, o.epreuve))
    languages: dict[str, set[str | None]] = defaultdict(set)
    for p in placed_orals(session, plan):
        if p.ep.by_language:
            languages[p.commission].add(p.oral.language)
    for commission in sorted(languages):
        langs = languages[commission]
        if len(langs) > 1:
            shown = ", ".join(sorted(str(x or "aucune") for x in langs))
            out.append(Violation(rule, f"Commission {commission} : interroge en plusieurs langues ({shown})"))
    return out
