"""Why orals cannot be placed, in French, and what would make them fit.

Called when a plan leaves orals unplaced: per pool (épreuve, language), it
names the candidates, the blocking rule, and the smallest change that would
make room (more commissions per day or more days).  Solver-free.
"""

from __future__ import annotations

import math
from collections import defaultdict

from scheduler.domain import Session
from scheduler.solver.tasks import Task, starts_in_day


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
    session: Session, tasks: list[Task], unplaced: list[Task], lower_bounds: dict[str, int]
) -> list[str]:
    """One French sentence per pool with unplaced tasks, most blocking first."""
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
        out.append(f"{head} — {_reason(session, first, all_by_pool[key], lower_bounds.get(key, 0))}")
    return out


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
    available = per_day * len(days)
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
