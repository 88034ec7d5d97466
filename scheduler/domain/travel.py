"""Candidates sent to a site farther than the nearest one their épreuve uses.

An épreuve held at several sites (E5 at Toulouse and Muret) sends each
candidate to the site nearest their écrit centre, unless the fewest
commission-days need otherwise (the planner's second level, right after the
commission-days).  This module says, from a plan alone, who was sent
farther, how many minutes it costs them, and why: the nearest site had all
its rooms (or workstations) taken that day, or keeping them there would have
cost a commission-day more.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session

#: The label of the planner's travel stage (its status says whether the
#: minutes are proven the fewest).
TRAVEL_STAGE = "trajets vers le site le plus proche"


@dataclass(frozen=True)
class FartherTrip:
    """One passage at a site farther than the nearest of its épreuve's sites."""

    candidate: str
    epreuve: str
    day: date
    site: str
    nearest: str
    extra_minutes: int
    #: Every room of the nearest site (every workstation, for an épreuve on a
    #: computer) held a commission that day.
    nearest_full: bool


def farther_trips(session: Session, candidates: list[Candidate], plan: Plan) -> list[FartherTrip]:
    """Every placed passage sent farther than its nearest site, in plan order."""
    centres = {c.number: c.centre for c in candidates}
    rooms_used: Counter[tuple[str, date]] = Counter()
    stations_used: Counter[tuple[str, date]] = Counter()
    seen: set[tuple[str | None, date]] = set()
    for o in plan.placed():
        if o.site is None or o.day is None or (o.commission, o.day) in seen:
            continue
        seen.add((o.commission, o.day))
        if session.epreuves[o.epreuve].follows:
            continue  # ENG sits before the E6 commission, in its room
        rooms_used[(o.site, o.day)] += 1
        if session.epreuves[o.epreuve].uses_computer:
            stations_used[(o.site, o.day)] += 1
    out: list[FartherTrip] = []
    for o in plan.placed():
        ep = session.epreuves[o.epreuve]
        if o.site is None or o.day is None or len(ep.sites) < 2 or ep.follows:
            continue
        centre = centres.get(o.candidate, "")
        nearest = session.nearest_site(centre, ep.sites)
        extra = session.extra_minutes(centre, ep.sites, o.site)
        if nearest is None or nearest == o.site or not extra:
            continue
        place = session.sites[nearest]
        full = rooms_used[(nearest, o.day)] >= len(session.rooms(nearest, o.day))
        if ep.uses_computer:
            full = full or stations_used[(nearest, o.day)] >= place.computer_stations
        out.append(FartherTrip(o.candidate, o.epreuve, o.day, o.site, nearest, extra, full))
    return out


def travel_proven(plan: Plan) -> bool:
    """Whether the planner proved the fewest minutes of extra travel: every
    block of épreuves (« E2+E2F+E5 », « E4 »…) has a travel stage that ended
    optimal.  A block whose first stage found nothing in its time keeps its
    start plan, with no travel stage: nothing is proven then."""
    labels = [(str(st.get("etape", "")), st.get("statut")) for st in plan.solver.stages]
    blocks = {label.split(" : ")[0] for label, _ in labels}
    # A block solved in parts (« E5 (E5, 25/05–27/05) : … ») proves each part
    # with the rest fixed, not the whole.
    if not blocks or any("(" in block for block in blocks):
        return False
    optimal = {label.split(" : ")[0] for label, status in labels if TRAVEL_STAGE in label and status == "optimal"}
    return optimal == blocks


def farther_sentence(trips: list[FartherTrip], proven: bool) -> str:
    """What :func:`farther_trips` found, in one French sentence."""
    if not trips:
        return "Chaque candidat passe chaque épreuve sur le site le plus proche de son centre d'écrit."
    minutes = sum(t.extra_minutes for t in trips)
    by_epreuve = Counter(t.epreuve for t in trips)
    detail = ", ".join(f"{code} : {n}" for code, n in sorted(by_epreuve.items()))
    full = sum(t.nearest_full for t in trips)
    rest = len(trips) - full
    reasons = []
    if full:
        reasons.append(f"pour {full}, le site le plus proche était complet ce jour-là (salles ou postes)")
    if rest:
        why = (
            "les garder au plus proche aurait demandé une journée-commission de plus (prouvé)"
            if proven
            else "le calcul n'a pas trouvé, dans le temps imparti, de planning qui les garde au plus "
            "proche sans journée-commission de plus"
        )
        others = f"les {rest} autres" if full else str(rest)
        reasons.append(f"pour {others}, {why}")
    people = len({t.candidate for t in trips})
    return (
        f"{people} candidat(s) envoyé(s) sur un site plus éloigné que le plus proche de leur centre "
        f"d'écrit ({detail}), {minutes} min de trajet en plus au total : " + " ; ".join(reasons) + "."
    )
