"""French summary of a computed plan, for the terminal."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from scheduler.batch.lot import Outcome
from scheduler.domain.plan import PLANNED
from scheduler.domain.travel import farther_sentence, farther_trips, travel_proven
from scheduler.publish.planning import PlanningResult
from scheduler.publish.replanning import ReplanResult
from scheduler.rerun.changes import summary_lines
from scheduler.text import WEEKDAYS, moment, numeric_date
from scheduler.validate.objective import evaluate


def render_result(result: PlanningResult) -> str:
    plan = result.plan
    info = plan.solver
    statuses = Counter(o.status for o in plan.orals)
    gap = info.gap
    lines = [
        f"Plan {result.plan_file.stem} de la session {plan.session}",
        f"  statut du solveur : {info.status}"
        + (f", écart à la borne {100 * gap:.1f} %" if gap is not None else "")
        + f", {info.wall_time:.1f} s",
        f"  temps : calcul {result.compute_time:.1f} s, écriture des fichiers {result.write_time:.1f} s",
        f"  oraux planifiés : {statuses.get(PLANNED, 0)}, dossiers NV : {statuses.get('NV', 0)}",
        "",
        "Journées-commission (borne inférieure) :",
    ]
    bounds = result.family_lower_bounds()
    for family, n in result.commission_days().items():
        lines.append(f"  {family} : {n} (≥ {bounds.get(family, 0)})")
    lines.append("")
    lines.append("Commissions à convoquer par jour :")
    for (family, day), n in result.commissions_per_day().items():
        lines.append(f"  {family} {WEEKDAYS[day.weekday()]} {numeric_date(day)} : {n}")
    session, candidates = result.inputs.session, result.inputs.candidates
    trips = farther_trips(session, candidates, plan)
    lines += ["", "Trajets :", f"  {farther_sentence(trips, travel_proven(plan))}"]
    lines += ["", "Règles souples (ce que chacune coûte dans ce plan) :"]
    objective = evaluate(session, candidates, plan)
    lines += [f"  {line}" for line in objective.describe()]
    lines += ["", f"Plannings écrits dans {result.output_dir} :"]
    for path in sorted(result.output_dir.iterdir()):
        inside = sum(1 for _ in path.iterdir()) if path.is_dir() else 0
        lines.append(f"  {path.name}/ ({inside} fichiers)" if path.is_dir() else f"  {path.name}")
    if plan.notes:
        lines += ["", "À noter :"] + [f"  - {note}" for note in plan.notes]
    lines += [f"Plan enregistré : {result.plan_file}"]
    return "\n".join(lines)


def render_replan(result: ReplanResult) -> str:
    """French summary of a re-run: events applied, people to warn, files."""
    plan = result.plan
    lines = [
        f"Plan {result.plan_file.stem} de la session {plan.session}, recalculé depuis {result.parent_file.stem} "
        f"au {moment(result.amended.now)}",
        f"  statut du solveur : {plan.solver.status} (placement {plan.solver.wall_time:.1f} s), "
        f"{result.wall_time:.1f} s en tout",
        f"  oraux passés ou du jour gardés tels quels : {len(result.amended.frozen)}",
        "",
        "Événements appliqués :",
    ]
    lines += [f"  - {line}" for line in result.amended.applied] or ["  (aucun)"]
    replayed = len(result.amended.events) - result.new_events
    if replayed:
        lines.append(f"  ({replayed} événement(s) des recalculs précédents appliqué(s) de nouveau)")
    lines += [""] + summary_lines(result.changes, result.today)
    if result.warnings:
        lines += ["", "Attention :"] + [f"  - {w}" for w in result.warnings]
    if plan.notes:
        lines += ["", "À noter :"] + [f"  - {note}" for note in plan.notes]
    lines += ["", f"Plannings écrits dans {result.output_dir} (dont changements.xlsx : qui prévenir)"]
    lines += [f"Plan enregistré : {result.plan_file} (parent : {result.parent_file.name})"]
    return "\n".join(lines)


def batch_line(rank: int, outcome: Outcome) -> str:
    """One line of progress of ``oraux planifier-lot``, as a session ends."""
    line = f"[{rank}] {outcome.code} : {outcome.status}"
    if outcome.published:
        line += f", {outcome.commission_days} journées-commission (borne {outcome.bound}), {outcome.seconds:.1f} s"
    elif outcome.reasons:
        line += f" — {outcome.reasons[0]}"
    return line


def batch_interrupted(done: list[Outcome], models_dir: Path) -> str:
    """What an interrupted ``oraux planifier-lot`` leaves: the sessions it
    published before the interrupt stay published, the others are not."""
    published = [o.code for o in done if o.published]
    if not published:
        kept = "aucune session n'a été annoncée publiée par ce lot"
    elif len(published) == 1:
        kept = f"la session déjà publiée par ce lot le reste ({published[0]})"
    else:
        kept = f"les {len(published)} sessions déjà publiées par ce lot le restent ({', '.join(published)})"
    return (
        f"Interrompu : {kept} ; les autres ne le sont pas, sauf peut-être une session dont la publication "
        f"s'achevait (jamais à moitié : voir son dernier plan dans {models_dir}). Les versions publiées avant "
        "ce lot sont intactes."
    )


def render_batch(outcomes: list[Outcome]) -> str:
    """The table that ends ``oraux planifier-lot``: a line per session, then
    the reasons of each session not published."""
    header = ("Session", "Candidats", "Statut", "Journées-commission / borne", "Temps", "Fichiers")
    rows = [
        (
            o.code,
            str(o.candidates) if o.published else "—",
            o.status,
            f"{o.commission_days} / {o.bound}" if o.published else "—",
            f"{o.seconds:.1f} s" if o.published else "—",
            str(o.output) if o.output else "—",
        )
        for o in outcomes
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    published = sum(o.published for o in outcomes)
    lines += ["", f"{published} session(s) publiée(s) sur {len(outcomes)}."]
    groups = {tuple(o.group): o.shared for o in outcomes if o.group}
    for group, shared in groups.items():
        lines += ["", *together_lines(list(group), shared)]
    for o in outcomes:
        if not o.published:
            lines += ["", f"{o.code} ({o.folder}) : {o.status}"] + [f"  - {r}" for r in o.reasons]
    return "\n".join(lines)


def together_lines(codes: list[str], shared: list[str]) -> list[str]:
    """Sessions planned together, and what they share (French lines)."""
    return [
        f"Planifiées ensemble, l'une après l'autre : {', '.join(codes)}",
        *(f"  - {what}" for what in shared),
    ]
