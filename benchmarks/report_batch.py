"""The « batch of sessions » section of ``BENCHMARKS.md`` (:mod:`benchmarks.batch`)
and the « blocks of one session at once » one (:mod:`benchmarks.blocks`)."""

from __future__ import annotations

from typing import Any

from benchmarks.report_commands import french_number

Result = dict[str, Any]


def batch_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.batch`: the
    measured runs, then the projection to more workers (marked as such)."""
    protocol = data["protocol"]
    sessions = protocol["sessions"]
    options = protocol["options"]
    runs = data["runs"]
    lines = [
        "## Un lot de sessions (`oraux planifier-lot`)",
        "",
        f"Mesuré par `python -m benchmarks.batch` : un lot de {len(sessions)} sessions "
        f"({sum(s['candidates'] for s in sessions)} candidats, {protocol['groups']} groupes indépendants : "
        "des sessions qui partagent un site ou un examinateur forment un groupe, planifié en un seul calcul ; "
        "le BTS NDRC et le BTS MCO fournis partagent le lycée de Tarbes), planifié et "
        "publié en entier (documents compris) une session après l'autre dans un seul processus, puis sur une "
        "grappe Dask locale de 1 et de 2 travailleurs (un processus chacun). Réglages identiques dans chaque "
        f"cas : un fil de solveur par session, une limite déterministe de {french_number(options.get('temps_deterministe_max'), 1)} "
        "par recherche (le même travail quelle que soit la charge), un temps maximal qui ne joue pas. Chaque "
        "plan est relu et contrôlé par le validateur.",
        "",
        _measured(data),
        "",
        "| Exécution | Temps total | Accélération | Journées-commission / borne | Oraux placés | Violations |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    base = runs[0]["wall_s"]
    for run in runs:
        speed = base / run["wall_s"] if run["wall_s"] else 0.0
        lines.append(
            f"| {run['name']} | {french_number(run['wall_s'], 1)} s | × {french_number(speed, 2)} "
            f"| {run['commission_days']} / {run['bound']} | {run['orals']} | {run['violations']} |"
        )
    lines += ["", "Les sessions : " + ", ".join(f"`{s['code']}` ({s['candidates']})" for s in sessions) + "."]
    cluster = [r for r in runs if r.get("workers")]
    if cluster:
        # Measured with one worker: the computations without a neighbour.
        one = next((r for r in cluster if r["workers"] == 1), cluster[0])
        longest = one.get("longest_group_s", 0.0)
        rest = max(0.0, one["wall_s"] - one.get("compute_s", 0.0))
        lines += [
            "",
            "**Projection (non mesurée)** pour plus de travailleurs : avec N travailleurs, le calcul se répartit "
            f"au mieux en {french_number(one.get('compute_s'), 1)} s / N (somme des calculs des sessions mesurée "
            f"avec un travailleur), sans descendre sous le groupe le plus long ({french_number(longest, 1)} s avec "
            "un travailleur, ses sessions calculées l'une après l'autre) ; "
            "la publication des documents se fait sur la machine qui lance le lot, en parallèle des calculs "
            f"encore en cours. Estimation : 4 travailleurs ≈ {french_number(max(longest, one.get('compute_s', 0.0) / 4), 1)} s "
            f"de calcul, 8 ≈ {french_number(max(longest, one.get('compute_s', 0.0) / 8), 1)} s, à quoi s'ajoute "
            f"ce que la grappe d'un travailleur passe hors calcul ({french_number(rest, 1)} s ici : démarrage de la "
            "grappe, lecture, publication des documents qui restent après le dernier calcul).",
        ]
    return [*lines, ""]


def blocks_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.blocks`."""
    protocol = data["protocol"]
    options = protocol["options"]
    runs = data["runs"]
    blocks = ", ".join(f"{name} ({n} oraux)" for name, n in protocol["blocks"].items())
    lines = [
        "## Les blocs d'une grande session à la fois (`oraux planifier-lot`)",
        "",
        f"Mesuré par `python -m benchmarks.blocks` : une session de {protocol['candidates']} candidats "
        f"({protocol['session']}) ; ses épreuves forment des blocs indépendants : {blocks}. Elle est "
        "planifiée et publiée par `oraux planifier-lot` sur une grappe Dask locale d'un travailleur (les "
        "blocs l'un après l'autre) puis de deux (le lot n'a qu'un groupe : le second travailleur est libre, "
        "les blocs sont calculés à la fois, chacun une tâche de la grappe). Mêmes réglages dans les deux cas : "
        f"un fil de solveur, une limite déterministe de {french_number(options.get('temps_deterministe_max'), 1)} "
        "par recherche, un temps maximal qui ne joue pas. Chaque plan est relu et contrôlé par le validateur.",
        "",
        _measured(data),
        "",
        "| Exécution | Temps total | Calcul | Accélération (temps total) | Journées-commission / borne "
        "| Oraux placés | Violations |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    base = runs[0]["wall_s"]
    for run in runs:
        speed = base / run["wall_s"] if run["wall_s"] else 0.0
        lines.append(
            f"| {run['name']} | {french_number(run['wall_s'], 1)} s | {french_number(run['compute_s'], 1)} s "
            f"| × {french_number(speed, 2)} | {run['commission_days']} / {run['bound']} | {run['orals']} "
            f"| {run['violations']} |"
        )
    lines += [
        "",
        "*Calcul* : le temps de calcul de la session sur la grappe (bornes, blocs, commissions, examinateurs, "
        "contrôle) ; le reste du temps total est le démarrage de la grappe et la publication des documents. "
        "Le gain est borné par le plus gros bloc, calculé d'un seul tenant.",
    ]
    searches = runs[0].get("search_s") or {}
    if searches:
        lines += [
            "",
            "Temps de recherche CP-SAT de chaque bloc, calculés l'un après l'autre (un travailleur) : "
            + ", ".join(f"{name} {french_number(s, 1)} s" for name, s in searches.items())
            + ". Les bornes inférieures, l'affectation des oraux aux commissions, la nomination des "
            "examinateurs et le contrôle restent dans la tâche de la session : ils ne sont pas répartis.",
        ]
    return [*lines, ""]


def _measured(data: Result) -> str:
    """When, on which code and under which load a results file was measured."""
    machine = data.get("machine", {})
    load = data.get("load_average", {})
    return (
        f"Mesuré le {data.get('date', '?')}, code `{machine.get('git', '?')}`, {machine.get('cpu_usable', '?')} "
        f"cœurs utilisables, charge moyenne sur 1 min {french_number(load.get('start'), 2)} au début, "
        f"{french_number(load.get('end'), 2)} à la fin."
    )
