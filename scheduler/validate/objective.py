"""The soft rules of a plan, recomputed from the plan alone (no solver).

Each term has a readable name so that a plan can say what each rule cost; the
CP-SAT stages optimise the same quantities, in the order of :data:`LEVELS`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from scheduler.domain.comfort import ComfortTerms, Passage, candidate_terms, weigh
from scheduler.domain.commission import pool_of
from scheduler.domain.plan import Oral, Plan
from scheduler.domain.session import Candidate, Preferences, Session

#: Lexicographic levels of the objective, most important first.
LEVELS: tuple[tuple[str, ...], ...] = (
    ("journees_commission",),
    ("minutes_trajet_supplementaire",),
    ("pic_commissions",),
    ("commissions_desequilibrees", "commissions_un_candidat"),
    (
        "loin_premiere_rotation",
        "langues_jours_differents",
        "attente_langues_demi_heures",
        "trajet_supplementaire",
    ),
    ("etablissements_concentres", "etablissements_disperses"),
)

#: French labels of the terms, for reports.
LABELS = {
    "journees_commission": "journées-commission",
    "minutes_trajet_supplementaire": "minutes de trajet en plus pour les candidats envoyés vers un site plus éloigné",
    "pic_commissions": "commissions le jour le plus chargé (somme par épreuve, tous sites ensemble)",
    "commissions_desequilibrees": "écart de charge entre commissions d'un même jour (candidats)",
    "commissions_un_candidat": "commissions avec un seul candidat",
    "loin_premiere_rotation": "candidats éloignés convoqués à la première rotation du matin",
    "langues_jours_differents": "candidats passant leurs oraux de langue obligatoire et facultative deux jours différents",
    "attente_langues_demi_heures": "attente entre les oraux de langue obligatoire et facultative (demi-heures)",
    "trajet_supplementaire": "trajet supplémentaire vers un site plus éloigné (dizaines de minutes)",
    "etablissements_concentres": "candidats d'un même établissement au-delà de la répartition égale",
    "etablissements_disperses": "commissions voyant un établissement (à réduire si on les regroupe)",
}


@dataclass(frozen=True)
class Objective:
    """Value of every soft term of a plan."""

    terms: dict[str, int]

    def level(self, n: int) -> tuple[int, ...]:
        return tuple(self.terms[name] for name in LEVELS[n])

    def describe(self) -> list[str]:
        return [f"{LABELS[k]} : {v}" for k, v in self.terms.items()]

    def comfort(self, preferences: Preferences) -> int:
        """The candidates' comfort as the planner weighs it (priority 3)."""
        t = self.terms
        return weigh(
            preferences,
            t["loin_premiere_rotation"],
            t["langues_jours_differents"],
            t["attente_langues_demi_heures"],
            t["trajet_supplementaire"],
        )


def _passages(session: Session, plan: Plan) -> list[Oral]:
    """Placed orals that start a passage (ENG rides along with E6)."""
    return [o for o in plan.placed() if not session.epreuves[o.epreuve].follows]


def _passage(session: Session, oral: Oral, cand: Candidate) -> Passage | None:
    """The oral as the comfort cost sees it; ``None`` when its day, site or
    start is missing (a broken plan the validator names: nothing to price)."""
    if oral.day is None or oral.site is None or oral.start is None:
        return None
    ep = session.epreuves[oral.epreuve]
    prep, minutes = session.durations(ep, cand.extra_time)
    # The passage lasts the oral plus its follow-on units: the first rotation
    # ends when the first passage of the morning could have ended.
    follow = sum(
        session.durations(u, cand.extra_time)[1]
        for u in session.epreuves.values()
        if u.follows == oral.epreuve and u.code in cand.requested_orals() and cand.sits(u.code)
    )
    return Passage(ep.family, ep.sites, prep, minutes + follow, oral.day, oral.site, oral.start)


def evaluate(session: Session, candidates: list[Candidate], plan: Plan) -> Objective:
    """Recompute every soft term of ``plan``."""
    cands = {c.number: c for c in candidates}
    passages = _passages(session, plan)
    terms: dict[str, int] = {}

    commission_days = {(o.commission, o.day) for o in passages}
    terms["journees_commission"] = len(commission_days)

    terms["minutes_trajet_supplementaire"] = sum(
        session.extra_minutes(cands[o.candidate].centre, session.epreuves[o.epreuve].sites, o.site)
        for o in passages
        if o.site is not None
    )

    # Per pool, its commissions on its busiest day, all sites together.
    per_day: Counter[tuple[str, date | None]] = Counter(
        (pool_of(commission or ""), day) for commission, day in commission_days
    )
    peaks: dict[str, int] = defaultdict(int)
    for (pool, _), n in per_day.items():
        peaks[pool] = max(peaks[pool], n)
    terms["pic_commissions"] = sum(peaks.values())

    loads: dict[tuple[str | None, date | None], int] = Counter((o.commission, o.day) for o in passages)
    by_pool_day: dict[tuple[str, str, date | None], list[int]] = defaultdict(list)
    for (commission, day), n in loads.items():
        pool = pool_of(commission or "")
        site = next(o.site or "" for o in passages if o.commission == commission and o.day == day)
        by_pool_day[(pool, site, day)].append(n)
    terms["commissions_desequilibrees"] = sum(max(v) - min(v) for v in by_pool_day.values())
    terms["commissions_un_candidat"] = sum(1 for n in loads.values() if n == 1)

    by_candidate: dict[str, list[Passage]] = defaultdict(list)
    for o in passages:
        if (p := _passage(session, o, cands[o.candidate])) is not None:
            by_candidate[o.candidate].append(p)
    comfort = ComfortTerms()
    for number, placed in by_candidate.items():
        comfort += candidate_terms(session, cands[number].centre, placed)
    terms["loin_premiere_rotation"] = comfort.far_first
    terms["langues_jours_differents"] = comfort.other_day
    terms["attente_langues_demi_heures"] = comfort.half_hours
    terms["trajet_supplementaire"] = comfort.travel

    groups: dict[tuple[str, str, date | None], list[Oral]] = defaultdict(list)
    for o in passages:
        pool = pool_of(o.commission or "")
        groups[(pool, o.site or "", o.day)].append(o)
    excess = visits = 0
    for orals in groups.values():
        k = len({o.commission for o in orals})
        size: Counter[str] = Counter(cands[o.candidate].etablissement for o in orals)
        per: Counter[tuple[str, str | None]] = Counter(
            (cands[o.candidate].etablissement, o.commission) for o in orals
        )
        excess += sum(max(0, n - math.ceil(size[school] / k)) for (school, _), n in per.items())
        visits += len(per)
    terms["etablissements_concentres"] = excess
    terms["etablissements_disperses"] = visits
    return Objective(terms)
