"""Why orals cannot be placed, in French, and what would make them fit.

Called when a plan leaves orals unplaced: per pool (épreuve, language), it
names the candidates, the blocking rule, and the smallest change that would
make room (more commissions per day or more days).  Solver-free.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

from scheduler.domain.schools import same_school
from scheduler.domain.session import Examiner, Session
from scheduler.solver.tasks import Task, starts_in_day
from scheduler.text import french_date

if TYPE_CHECKING:
    from scheduler.solver.examiner_caps import ExaminerCaps
    from scheduler.solver.staffing import StaffingNeed


def _pool_label(session: Session, task: Task) -> str:
    ep = session.epreuves[task.pool.family]
    return f"{ep.code} {task.pool.language}" if task.pool.language else ep.code


def _capacity(session: Session, task: Task, site: str) -> int:
    place = session.sites[site]
    cap = place.interrogation_rooms
    if any(session.epreuves[p.code].uses_computer for p in task.parts):
        cap = min(cap, place.computer_stations)
    return cap


def explain_unplaced(
    session: Session,
    tasks: list[Task],
    unplaced: list[Task],
    lower_bounds: dict[str, int],
    caps: ExaminerCaps | None = None,
) -> list[str]:
    """One French sentence per pool with unplaced tasks, most blocking first.

    With named examiners (``caps``), a pool whose examiners cannot form enough
    commission-days is reported as such, with the examiners to add."""
    by_pool: dict[str, list[Task]] = defaultdict(list)
    for t in unplaced:
        by_pool[t.pool.key].append(t)
    all_by_pool: dict[str, list[Task]] = defaultdict(list)
    for t in tasks:
        all_by_pool[t.pool.key].append(t)
    out = []
    for key in sorted(by_pool):
        group = by_pool[key]
        first = group[0]
        label = _pool_label(session, first)
        numbers = ", ".join(t.candidate.number for t in group[:8]) + (" …" if len(group) > 8 else "")
        head = f"{label} : {len(group)} candidat(s) sans créneau ({numbers})"
        reason = _examiner_shortage(session, first, lower_bounds.get(key, 0), caps) if caps else None
        reason = reason or _reason(session, first, all_by_pool[key], lower_bounds.get(key, 0))
        out.append(f"{head} — {reason}")
    return out


def _examiner_shortage(session: Session, task: Task, lower_bound: int, caps: ExaminerCaps) -> str | None:
    """The examiners to add when the list cannot form the pool's commission-days
    (none to say without a working day: that is the reason then)."""
    size = session.epreuves[task.pool.family].commission_size
    if not task.days or size < 1:
        return None
    formed = sum(caps.pool_cap(task.pool.key, d) or 0 for d in task.days)
    if formed >= max(lower_bound, 1):
        return None
    need = max(lower_bound, 1)
    # Fewest examiners, available on every day of the window, that would let
    # the list form the commission-days needed.
    add = 1
    while sum((caps.people.get((task.pool.key, d), 0) + add) // size for d in task.days) < need:
        add += 1
    who = (
        f"d'{task.pool.language}"
        if task.pool.language and task.pool.language[0] in "aeiou"
        else (f"de {task.pool.language}" if task.pool.language else f"pour l'{task.pool.family}")
    )
    span = (
        f"du {task.days[0].isoformat()} au {task.days[-1].isoformat()}"
        if len(task.days) > 1
        else f"le {task.days[0].isoformat()}"
    )
    return (
        f"les examinateurs de la liste ne forment que {formed} journée(s)-commission sur les {need} "
        f"nécessaires : ajouter {add} examinateur(s) {who} disponible(s) {span}"
    )


def _reason(session: Session, task: Task, pool_tasks: list[Task], lower_bound: int) -> str:
    days = task.days
    if not days:
        return "aucun jour ouvré dans la fenêtre de l'épreuve : élargir la fenêtre"
    if not starts_in_day(session, task):
        need = task.preparation + task.duration
        return (
            f"préparation et oral ({need} min) ne tiennent dans aucune demi-journée : "
            "allonger les horaires ou revoir l'aménagement"
        )
    if not any(session.sites[s].interrogation_rooms for s in task.sites):
        return "aucune salle d'interrogation sur le site : en déclarer dans session.toml"
    caps = {s: _capacity(session, task, s) for s in task.sites}
    if not any(caps.values()):
        return "aucun poste informatique sur le site : en déclarer dans session.toml"
    if task.preparation and not any(session.sites[s].loge_seats for s in task.sites):
        return "aucune place en loge pour la préparation : en déclarer dans session.toml"
    per_day = sum(caps.values())
    # Rooms closed by a re-run's events count out on their days.
    open_days = {d: sum(min(c, len(session.rooms(s, d))) for s, c in caps.items()) for d in days}
    available = sum(open_days.values())
    if session.closed_rooms and available < per_day * len(days):
        if available == 0:
            return "toutes les salles de l'épreuve sont fermées pendant sa fenêtre : rouvrir une salle"
        if lower_bound > available:
            return (
                f"il faut au moins {lower_bound} journées-commission et les salles encore ouvertes n'en "
                f"permettent que {available} : rouvrir {lower_bound - available} journée(s)-salle"
            )
    if lower_bound > available:
        missing = lower_bound - available
        return (
            f"il faut au moins {lower_bound} journées-commission et le site n'en permet que {available} "
            f"({per_day} salle(s) × {len(days)} jour(s)) : ajouter {math.ceil(missing / len(days))} salle(s) "
            f"chaque jour, ou {math.ceil(missing / per_day)} jour(s)"
        )
    return (
        "la capacité suffirait au total, mais les autres oraux des candidats le même jour, les salles "
        "partagées ou la loge bloquent : ajouter une salle ou une place en loge, ou allonger le temps de calcul"
    )


def explain_missing_examiners(
    session: Session,
    missing: list[tuple[StaffingNeed, int]],
    examiners: list[Examiner],
) -> list[str]:
    """One French sentence per commission-day that lacks examiners: who is
    concerned, what blocks, and the smallest addition that fixes it."""
    out = []
    for cd, lack in missing:
        what = f"{cd.family} {cd.language}" if cd.language else cd.family
        numbers = ", ".join(c.number for c in cd.candidates[:6]) + (" …" if len(cd.candidates) > 6 else "")
        head = (
            f"{what}, {french_date(cd.day)}, commission {cd.commission} "
            f"({len(cd.candidates)} candidat(s) : {numbers}) : il manque {lack} examinateur(s)"
        )
        qualified = [
            e
            for e in examiners
            if cd.family in e.epreuves and (cd.language is None or cd.language in e.languages)
        ]
        present = [e for e in qualified if e.can_come(cd.day)]
        clean = [
            e
            for e in present
            if not any(same_school(e.etablissement, c.etablissement) for c in cd.candidates)
        ]
        speaker = (
            f" d'{cd.language}"
            if cd.language and cd.language[0] in "aeiou"
            else (f" de {cd.language}" if cd.language else f" pour l'{cd.family}")
        )
        if not qualified:
            why = f"personne{speaker} dans la liste"
        elif not present:
            why = f"aucun examinateur{speaker} disponible ce jour-là"
        elif not clean:
            why = "tous les examinateurs disponibles ont un lien avec l'établissement d'un candidat"
        else:
            why = "les examinateurs possibles sont déjà pris ce jour-là ou dépassent leur maximum par jour"
        schools = sorted({c.etablissement for c in cd.candidates})
        fix = (
            f"ajouter {lack} examinateur(s){speaker} disponible(s) le {cd.day.isoformat()}, "
            f"sans lien avec : {', '.join(schools)}"
        )
        out.append(f"{head} — {why} : {fix}")
    return out
