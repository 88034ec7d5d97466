"""The French summary printed by ``oraux verifier``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scheduler.domain.commission import family_of
from scheduler.domain.session import Candidate, Session
from scheduler.io.tables import normalize
from scheduler.precheck.capacity import Demand, Supply, demand, supply
from scheduler.solver.bounds import pool_lower_bounds
from scheduler.solver.tasks import build_tasks
from scheduler.text import day_month


@dataclass(frozen=True)
class CountGap:
    """A published count that the candidate list does not match."""

    label: str
    announced: int
    listed: int


@dataclass(frozen=True)
class EpreuveSummary:
    code: str
    label: str
    sites: tuple[str, ...]
    demand: Demand
    supply: Supply
    lower_bound: int
    languages: dict[str, int] = field(default_factory=dict)
    #: Oral minutes of every épreuve examined by this one's commissions.
    family_minutes: int = 0
    #: Épreuve whose commissions examine this one (E2 for E2F), if not its own.
    examined_with: str | None = None

    @property
    def load(self) -> float:
        return self.family_minutes / self.supply.minutes if self.supply.minutes else float("inf")


@dataclass(frozen=True)
class SessionSummary:
    """Figures of a session and its candidate list, ready to print or test."""

    session: Session
    total: int
    epreuves: list[EpreuveSummary]
    nv: list[tuple[Candidate, str]]
    extra_time: list[Candidate]
    centre_gaps: list[CountGap]
    origin_gaps: list[CountGap]
    circular_gaps: list[CountGap]
    #: Orals expected per site key and épreuve code (only those the candidates
    #: sit: NV, absent and withdrawn ones excluded); where an épreuve has
    #: several sites, each candidate counts at the nearest one, as the planner
    #: prefers.
    per_site: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Écrit-centre towns with no travel time to a site their candidates may
    #: be sent to: the comfort rules count those trips as nothing.
    travel_gaps: list[TravelGap] = field(default_factory=list)


@dataclass(frozen=True)
class TravelGap:
    """A town of écrit centre missing from ``trajets_minutes`` for one site."""

    town: str
    site: str
    candidates: int


def expected_per_site(session: Session, candidates: list[Candidate]) -> dict[str, dict[str, int]]:
    """Orals expected at each site, by épreuve (nearest site when there is a choice)."""
    out: dict[str, Counter[str]] = {key: Counter() for key in session.sites}
    for c in candidates:
        for code in c.requested_orals():
            ep = session.epreuves[code]
            if not c.sits(code) or not ep.sites:
                continue
            site = min(ep.sites, key=lambda k: (session.travel(c.centre, k) or 0, ep.sites.index(k)))
            out[site][code] += 1
    return {key: dict(counts) for key, counts in out.items() if counts}


def summarize(session: Session, candidates: list[Candidate]) -> SessionSummary:
    """Count candidates per épreuve, language and centre; check capacities.

    Capacity and lower bound are given per commission family: the language
    commissions examine E2 and the optional language together.
    """
    pool_bounds = pool_lower_bounds(session, build_tasks(session, candidates))
    epreuves = []
    for ep in session.epreuves.values():
        if ep.follows:
            continue
        langs: Counter[str] = Counter()
        if ep.by_language:
            langs.update(
                c.oral_language(ep.code) or "?"
                for c in candidates
                if ep.code in c.requested_orals() and c.sits(ep.code)
            )
        own = ep.family == ep.code
        members = [e.code for e in session.epreuves.values() if e.family == ep.code and not e.follows]
        combined = [demand(session, candidates, code) for code in members] if own else []
        epreuves.append(
            EpreuveSummary(
                code=ep.code,
                label=ep.label,
                sites=ep.sites,
                demand=demand(session, candidates, ep.code),
                supply=supply(session, ep.code),
                lower_bound=sum(b for k, b in pool_bounds.items() if family_of(k) == ep.code),
                languages=dict(sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))),
                family_minutes=sum(d.oral_minutes for d in combined),
                examined_with=None if own else ep.family,
            )
        )
    nv: list[tuple[Candidate, str]] = [
        (c, code)
        for c in candidates
        for code, ep in session.epreuves.items()
        if ep.dossier and code in c.requested_orals() and c.is_nv(code)
    ]
    return SessionSummary(
        session=session,
        total=len(candidates),
        epreuves=epreuves,
        nv=nv,
        extra_time=[c for c in candidates if c.extra_time],
        centre_gaps=_centre_gaps(session, candidates),
        origin_gaps=_origin_gaps(session, candidates),
        circular_gaps=[
            CountGap(f"{c.name} ({c.town})", c.announced, c.origins_total)
            for c in session.centres
            if c.origins_total != c.announced
        ],
        per_site=expected_per_site(session, candidates),
        travel_gaps=travel_gaps(session, candidates),
    )


def travel_gaps(session: Session, candidates: list[Candidate]) -> list[TravelGap]:
    """Every (town, site) pair some candidate may travel with no duration in
    ``session.toml``, with how many candidates, by town then site."""
    count: Counter[tuple[str, str]] = Counter()
    for c in candidates:
        centre = session.centre_of(c.centre)
        if centre is None:
            continue
        sites = {site for code in c.requested_orals() for site in session.epreuves[code].sites}
        for site in sites:
            if session.travel(c.centre, site) is None:
                count[(centre.town, site)] += 1
    return [TravelGap(town, site, n) for (town, site), n in sorted(count.items())]


def _centre_gaps(session: Session, candidates: list[Candidate]) -> list[CountGap]:
    listed = Counter(c.centre for c in candidates)
    return [
        CountGap(f"{c.name} ({c.town})", c.announced, listed.get(c.name, 0))
        for c in session.centres
        if listed.get(c.name, 0) != c.announced
    ]


def _origin_gaps(session: Session, candidates: list[Candidate]) -> list[CountGap]:
    listed = Counter((c.centre, normalize(c.etablissement)) for c in candidates)
    gaps = []
    for centre in session.centres:
        # An origin may be listed twice under one centre (as published for Blagnac).
        announced: Counter[str] = Counter()
        names: dict[str, str] = {}
        for o in centre.origins:
            announced[normalize(o.name)] += o.announced
            names.setdefault(normalize(o.name), o.name)
        for key, n in announced.items():
            got = listed.get((centre.name, key), 0)
            if got != n:
                gaps.append(CountGap(f"{centre.name} — {names[key]}", n, got))
    return gaps


def _minutes(m: int) -> str:
    return f"{m // 60} h {m % 60:02d}"


def render(summary: SessionSummary) -> str:
    """The summary as French text for the terminal."""
    s = summary.session
    out = [f"Session : {s.label}", f"Candidats : {summary.total}", ""]
    out.append("Épreuves ponctuelles :")
    for e in summary.epreuves:
        d, sup = e.demand, e.supply
        sites = ", ".join(s.sites[k].town for k in e.sites)
        days = s.working_days(s.epreuves[e.code])
        window = (
            f"{day_month(days[0])} au {day_month(days[-1])}, {len(days)} jour(s) ouvré(s)"
            if days
            else "aucun jour ouvré"
        )
        nv = f", {d.nv} NV" if d.nv else ""
        nv += f", {d.absent} absent(s)" if d.absent else ""
        nv += f", {d.withdrawn} désisté(s)" if d.withdrawn else ""
        out.append(f"  {e.code} {e.label} — {sites}, du {window}")
        out.append(f"    {d.candidates} candidat(s) à convoquer{nv}")
        if e.languages:
            out.append("    langues : " + ", ".join(f"{lang} {n}" for lang, n in e.languages.items()))
        if e.examined_with:
            out.append(f"    interrogée par les commissions de l'{e.examined_with}")
            continue
        status = "suffisante" if e.family_minutes <= sup.minutes else "INSUFFISANTE"
        out.append(
            f"    capacité {status} : {_minutes(e.family_minutes)} d'interrogation pour "
            f"{_minutes(sup.minutes)} offertes ({sup.commissions_per_day} commission(s) par jour au plus, "
            f"charge {100 * e.load:.0f} %)"
        )
        if e.lower_bound:
            out.append(f"    au moins {e.lower_bound} journée(s)-commission")
    out.append("")
    out.append("Par site (oraux attendus ; une épreuve à plusieurs sites comptée au site le plus proche du centre d'écrit) :")
    for key, counts in summary.per_site.items():
        detail = ", ".join(f"{code} {n}" for code, n in counts.items())
        out.append(
            f"  {s.sites[key].town} ({s.sites[key].etablissement}) : {sum(counts.values())} — {detail}"
        )
    out.append("")
    out.append(f"Dossiers NV : {len(summary.nv)}")
    for c, code in summary.nv:
        out.append(f"  {c.number} {c.surname} {c.given_name} — {code}")
    out.append(f"Aménagements d'épreuve : {len(summary.extra_time)}")
    for c in summary.extra_time:
        out.append(
            f"  {c.number} {c.surname} {c.given_name} — temps majoré de {float(c.extra_time) * 100:.0f} %"
        )
    out.append("")
    if summary.travel_gaps:
        out.append(
            "Durées de trajet manquantes dans session.toml ([trajets_minutes]) : sans elles, le "
            "planificateur ne sait ni quel site est le plus proche ni si le candidat vient de loin, "
            "à compléter :"
        )
        out += [
            f"  {g.town} → {summary.session.sites[g.site].town} ({g.site}) : {g.candidates} candidat(s)"
            for g in summary.travel_gaps
        ]
    if summary.circular_gaps:
        out.append("Incohérences de la circulaire (effectif annoncé ≠ somme des origines) :")
        out += [f"  {g.label} : annoncé {g.announced}, origines {g.listed}" for g in summary.circular_gaps]
    if summary.centre_gaps or summary.origin_gaps:
        out.append("Écarts entre la liste des candidats et les effectifs annoncés :")
        out += [f"  {g.label} : annoncé {g.announced}, liste {g.listed}" for g in summary.centre_gaps]
        out += [f"  {g.label} : annoncé {g.announced}, liste {g.listed}" for g in summary.origin_gaps]
    else:
        out.append("La liste des candidats correspond aux effectifs annoncés par centre et par origine.")
    return "\n".join(out)
