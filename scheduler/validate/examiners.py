"""Solver-free checks of the named examiners of a plan, one function per rule.

Run with :func:`scheduler.validate.hard_rules.validate` when the plan names examiners;
never imports ortools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from scheduler.domain.plan import Oral, Plan
from scheduler.domain.schools import same_school
from scheduler.domain.session import Candidate, Examiner, Session, code_rank
from scheduler.validate.violation import Violation

ExaminerRule = Callable[[Session, list[Candidate], Plan, list[Examiner]], list[Violation]]


def _commission_days(plan: Plan) -> dict[tuple[str, date], list[Oral]]:
    groups: dict[tuple[str, date], list[Oral]] = defaultdict(list)
    for o in plan.placed():
        if o.commission is not None and o.day is not None:
            groups[(o.commission, o.day)].append(o)
    return groups


def _label(key: tuple[str, date]) -> str:
    return f"Commission {key[0]}, {key[1].isoformat()}"


def check_commission_staffed(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """Every oral of a commission-day names the same examiners, as many as the
    épreuve asks, all from the list; a mixed commission has a teacher."""
    rule = check_commission_staffed.__name__
    known = {e.id: e for e in examiners}
    out = []
    for key, orals in _commission_days(plan).items():
        teams = {o.examiners for o in orals}
        if len(teams) > 1:
            out.append(Violation(rule, f"{_label(key)} : examinateurs différents d'un oral à l'autre"))
            continue
        team = teams.pop()
        ep = session.epreuves[session.epreuves[orals[0].epreuve].family]
        if len(team) != ep.commission_size:
            out.append(
                Violation(
                    rule, f"{_label(key)} : {len(team)} examinateur(s) pour {ep.commission_size} attendu(s)"
                )
            )
        unknown = [i for i in team if i not in known]
        if unknown:
            out.append(Violation(rule, f"{_label(key)} : examinateur(s) inconnu(s) {', '.join(unknown)}"))
        elif ep.mixed_commission and team and not any(known[i].quality == "enseignant" for i in team):
            out.append(Violation(rule, f"{_label(key)} : aucun enseignant dans la commission"))
    return out


def check_examiner_qualified(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """An examiner examines only their épreuves, and only in their languages."""
    rule = check_examiner_qualified.__name__
    known = {e.id: e for e in examiners}
    out = []
    for key, orals in _commission_days(plan).items():
        ep = session.epreuves[orals[0].epreuve]
        for i in orals[0].examiners:
            e = known.get(i)
            if e is None:
                continue
            if ep.family not in e.epreuves:
                out.append(Violation(rule, f"{_label(key)} : {i} n'examine pas l'épreuve {ep.family}"))
            languages = {o.language for o in orals if o.language}
            lacking = sorted(lang for lang in languages if lang not in e.languages)
            if ep.by_language and lacking:
                out.append(Violation(rule, f"{_label(key)} : {i} ne parle pas {', '.join(lacking)}"))
    return out


def check_conflict_of_interest(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """No examiner examines a candidate from their own établissement."""
    rule = check_conflict_of_interest.__name__
    known = {e.id: e for e in examiners}
    by_number = {c.number: c for c in candidates}
    out = []
    for o in plan.placed():
        cand = by_number.get(o.candidate)
        for i in o.examiners:
            e = known.get(i)
            if e is not None and cand is not None and same_school(e.etablissement, cand.etablissement):
                out.append(
                    Violation(
                        rule,
                        f"Candidat {o.candidate}, {o.epreuve} : examiné par {i} de son établissement "
                        f"({cand.etablissement})",
                        o.candidate,
                        o.epreuve,
                    )
                )
    return out


def check_examiner_one_commission_a_day(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """An examiner sits in one commission, at one site, on a given day."""
    rule = check_examiner_one_commission_a_day.__name__
    where: dict[tuple[str, date], set[tuple[str, str | None]]] = defaultdict(set)
    for key, orals in _commission_days(plan).items():
        for i in orals[0].examiners:
            where[(i, key[1])].add((key[0], orals[0].site))
    return [
        Violation(
            rule,
            f"{i}, {day.isoformat()} : dans {len(places)} commissions ({', '.join(sorted(c for c, _ in places))})",
        )
        for (i, day), places in sorted(where.items())
        if len(places) > 1
    ]


def check_examiner_available(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """An examiner comes only on their available days."""
    rule = check_examiner_available.__name__
    known = {e.id: e for e in examiners}
    out = []
    for key, orals in _commission_days(plan).items():
        for i in orals[0].examiners:
            e = known.get(i)
            if e is not None and not e.can_come(key[1]):
                out.append(Violation(rule, f"{_label(key)} : {i} n'est pas disponible ce jour-là"))
    return out


def check_examiner_max_per_day(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """An examiner never sees more candidates in a day than their maximum."""
    rule = check_examiner_max_per_day.__name__
    known = {e.id: e for e in examiners}
    out = []
    for key, orals in _commission_days(plan).items():
        seen = len({o.candidate for o in orals})
        for i in orals[0].examiners:
            e = known.get(i)
            if e is not None and e.max_per_day is not None and seen > e.max_per_day:
                out.append(
                    Violation(rule, f"{_label(key)} : {i} voit {seen} candidats pour {e.max_per_day} au plus")
                )
    return out


def check_examiners_met_once(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """A candidate does not meet the same examiner at two épreuves the
    session keeps apart (``examinateurs_differents_de``: E6 and E4)."""
    rule = check_examiners_met_once.__name__
    groups = session.examiner_groups()
    met: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for o in plan.placed():
        family = session.epreuves[o.epreuve].family
        if family in groups:
            for ident in o.examiners:
                met[(o.candidate, groups[family])][ident].add(family)
    out = []
    for (number, _), by_examiner in sorted(met.items()):
        for ident, families in sorted(by_examiner.items()):
            if len(families) > 1:
                codes = sorted(families, key=code_rank)
                where = " et à ".join(f"l'{c}" for c in codes)
                out.append(Violation(rule, f"Candidat {number} : {ident} à {where}", number, codes[-1]))
    return out


EXAMINER_RULES: list[ExaminerRule] = [
    check_commission_staffed,
    check_examiner_qualified,
    check_conflict_of_interest,
    check_examiner_one_commission_a_day,
    check_examiner_available,
    check_examiner_max_per_day,
    check_examiners_met_once,
]


def validate_examiners(
    session: Session, candidates: list[Candidate], plan: Plan, examiners: list[Examiner]
) -> list[Violation]:
    """Every examiner rule, in order."""
    return [v for rule in EXAMINER_RULES for v in rule(session, candidates, plan, examiners)]
