"""The « whole commands » and « hostile inputs » sections of ``BENCHMARKS.md``
(:mod:`benchmarks.commands`, :mod:`benchmarks.hostile`)."""

from __future__ import annotations

from typing import Any

Result = dict[str, Any]

#: Most memory the whole ``planifier`` of the scale instance may take (MiB).
TARGET_MEMORY_MIB = 2048.0


def french_number(x: float | None, digits: int = 1) -> str:
    """``1 234,5``: a figure as BENCHMARKS.md prints it (French separators)."""
    if x is None:
        return "—"
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")


def _seconds(x: float | None) -> str:
    return "—" if x is None else f"{french_number(x)} s"


def _gap(run: Result) -> str:
    if run.get("commission_days") is None:
        return "—"
    gap = run.get("gap_pct")
    shown = "—" if gap is None else f"{french_number(gap)} %"
    return f"{run['commission_days']} / {run['lower_bound']} ({shown})"


def _verdict(run: Result) -> str:
    if run["exit_code"] != 0:
        return f"**échec (sortie {run['exit_code']})**"
    if run["violations"] != 0:
        return f"**plan REJETÉ ({run['violations']} violation(s))**"
    return "valide"


def _target(run: Result) -> str:
    target = run.get("target_s")
    if target is None:
        return "—"
    met = run["exit_code"] == 0 and run["wall_s"] <= target
    memory = ""
    if target >= 600:
        mem_ok = run["peak_tree_mib"] <= TARGET_MEMORY_MIB
        met = met and mem_ok
        memory = f", < {french_number(TARGET_MEMORY_MIB / 1024, 0)} Gio"
    return f"< {french_number(target, 0)} s{memory} : {'atteint' if met else '**non atteint**'}"


def commands_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.commands`."""
    machine = data.get("machine", {})
    load = data.get("load_average", {})
    lines = [
        "## Commandes entières (`oraux planifier`, `oraux replanifier`)",
        "",
        "Mesurées par `python -m benchmarks.commands` : chaque commande est lancée comme au terminal (un",
        "processus à part), dans un dossier vide. *Temps total* : du lancement à la fin de la commande",
        "(chargement, calcul, contrôle, écriture des fichiers). *Calcul* et *écriture* : ce que la",
        "commande affiche elle-même ; `--temps-max` couvre le calcul (bornes, plans de départ, CP-SAT,",
        "examinateurs), l'écriture vient après. *Mémoire* : le plus haut total de mémoire résidente de",
        "la commande et de tous les processus qu'elle lance (dessin des figures compris), relevé toutes",
        "les 0,2 s. Chaque plan enregistré est relu et contrôlé par le validateur (un recalcul : avec ses",
        "événements, et contre le plan dont il part) ; ses journées-commission sont comparées à la borne",
        "inférieure recalculée ici (toujours prouvée : voir « Borne inférieure » plus haut). *Statut* : celui",
        "que la commande affiche ; pour `planifier`, *optimal* veut dire que le plan atteint la borne ;",
        "pour `replanifier`, que la réparation change le moins possible le plan publié : les commissions",
        "publiées sont gardées, la borne des candidats restants n'est pas visée.",
        "",
        f"Mesuré le {data.get('date', '?')}, code `{machine.get('git', '?')}`, {machine.get('cpu_usable', '?')} "
        f"cœurs utilisables, charge moyenne sur 1 min {french_number(load.get('start'), 2)} au début, "
        f"{french_number(load.get('end'), 2)} à la fin.",
        "",
        "| Commande | `--temps-max` | Temps total | Calcul | Écriture | Mémoire (tous processus) | "
        "Statut | Journées-commission / borne (écart) | Oraux placés | Plan | Objectif |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in data["runs"]:
        lines.append(
            f"| `{run['name']}` | {french_number(run['time_limit_s'], 0)} s | {_seconds(run['wall_s'])} | "
            f"{_seconds(run.get('compute_s'))} | {_seconds(run.get('write_s'))} | "
            f"{french_number(run['peak_tree_mib'], 0)} Mio (un processus au plus : {french_number(run['peak_process_mib'], 0)}) | "
            f"{run.get('status') or '—'} | {_gap(run)} | {run.get('orals', 0)} | {_verdict(run)} | {_target(run)} |"
        )
    lines += ["", "Les commandes :", ""]
    for run in data["runs"]:
        walls = run.get("walls_s") or []
        repeated = (
            f" ; lancée {len(walls)} fois, temps total médian ({', '.join(_seconds(w) for w in walls)})"
            if len(walls) > 1
            else ""
        )
        lines.append(f"- `{run['name']}` : {run['description']}{repeated}.")
    failed = [run for run in data["runs"] if run["exit_code"] != 0]
    for run in failed:
        lines += ["", f"Sortie de `{run['name']}` :", "", "```", *run.get("error", []), "```"]
    lines.append("")
    return lines


def hostile_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.hostile`."""
    machine = data.get("machine", {})
    target = float(data.get("target_s", 5.0))
    lines = [
        "## Entrées hostiles : le temps de refuser",
        "",
        "Mesuré par `python -m benchmarks.hostile` : la session fournie, abîmée d'une façon à chaque fois,",
        "puis `oraux planifier DOSSIER --temps-max 60` lancé comme au terminal. *Réponse* : le nombre",
        "de lignes affichées et la première erreur. Objectif : chaque entrée refusée (code 1 ou 2, jamais",
        f"3 ni de trace Python) en moins de {french_number(target, 0)} s.",
        "",
        f"Mesuré le {data.get('date', '?')}, code `{machine.get('git', '?')}`, "
        f"{machine.get('cpu_usable', '?')} cœurs utilisables.",
        "",
        "| Entrée | Code | Temps | Lignes | Première erreur | Objectif |",
        "|---|---|---|---|---|---|",
    ]
    for run in data["runs"]:
        met = run["exit_code"] in (1, 2) and not run["traceback"] and run["wall_s"] <= target
        first = str(run["first_line"]).replace("|", "\\|")
        lines.append(
            f"| {run['description']} | {run['exit_code']} | {_seconds(run['wall_s'])} | {run['lines']} | "
            f"{first} | {'atteint' if met else '**non atteint**'} |"
        )
    lines.append("")
    return lines


def printed_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.printed`."""
    machine = data.get("machine", {})
    target = float(data.get("target_s", 10.0))
    docs = data["documents"]
    books = [d for d in docs if d["name"].endswith(".xlsx")]
    total = sum(d["pages"] for d in books)
    median = float(data["writing_median_s"])
    lines = [
        "## Documents imprimés : pages et temps d'écriture",
        "",
        "Mesuré par `python -m benchmarks.printed` : la session fournie planifiée avec ses examinateurs",
        "(1 processus, graine fixe, limites déterministes), chaque classeur imprimé par LibreOffice en PDF",
        "(« Exporter en PDF », A4), page par page. *Plus petit corps* : la plus petite taille de caractère",
        "du tableau une fois la feuille ajustée à la page (en-têtes et pieds de page à part). *Pages presque",
        "vides* : six lignes de texte ou moins (dans les classeurs de salles, ce sont les pages des",
        "diagrammes de Gantt : une image sous l'en-tête de page).",
        "",
        f"Mesuré le {data.get('date', '?')}, code `{machine.get('git', '?')}`, "
        f"{machine.get('cpu_usable', '?')} cœurs utilisables.",
        "",
        "| Document | Pages | Plus petit corps | Pages presque vides |",
        "|---|---|---|---|",
    ]
    for d in docs:
        small = "—" if d["smallest_pt"] is None else f"{french_number(d['smallest_pt'])} pt"
        lines.append(f"| `{d['name']}` | {d['pages']} | {small} | {d['near_empty_pages']} |")
    before = data.get("pages_before")
    lines += [
        "",
        f"Classeurs : **{total} pages** en tout"
        + (
            f" (avant ce travail : {before} pages, mesurées de la même façon sur un plan de `make plan`)."
            if before
            else "."
        ),
        "",
        f"Écriture de tous les documents du plan (classeurs, figures, agendas, lettres) par les processus "
        f"d'`oraux planifier`, {len(data['writing_s'])} fois : "
        + ", ".join(_seconds(t) for t in data["writing_s"])
        + f" ; médiane {_seconds(median)}, objectif {french_number(target, 0)} s : "
        + ("atteint." if median <= target else "**non atteint**."),
        "",
    ]
    return lines
