"""The « candidates sent to a farther site » section of ``BENCHMARKS.md``
(:mod:`benchmarks.travel`)."""

from __future__ import annotations

from typing import Any

from benchmarks.report_commands import french_number

Result = dict[str, Any]


def _bound(run: Result) -> str:
    bound = run.get("bound")
    return "—" if bound is None else str(int(bound))


def travel_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.travel`."""
    machine = data.get("machine", {})
    load = data.get("load_average", {})
    p = data["protocol"]
    lines = [
        "## Trajets : candidats envoyés vers un site plus éloigné",
        "",
        "Mesuré par `python -m benchmarks.travel --avant <commit>` : chaque session dont une épreuve a",
        f"deux sites est planifiée par `oraux planifier {p['planifier']}`, avec le code du commit",
        f"`{p['before']}` (« avant ») puis avec le code mesuré (« après ») ; chaque plan est relu par le même",
        "code. *Plus loin* : passages sur un site plus éloigné du centre d'écrit que le site le plus",
        "proche de l'épreuve, d'après les `trajets_minutes` de la session ; *minutes en plus* : leur",
        "somme (un trajet aller) ; *complet* : ceux dont le site le plus proche avait toutes ses salles",
        "(ou tous ses postes) occupées ce jour-là.",
        "",
        f"Mesuré le {data.get('date', '?')}, code `{machine.get('git', '?')}`, {machine.get('cpu_usable', '?')} "
        f"cœurs utilisables, charge moyenne sur 1 min {french_number(load.get('start'), 2)} au début, "
        f"{french_number(load.get('end'), 2)} à la fin.",
        "",
        "| Session | Code | Journées-commission (borne) | Plus loin | dont complet | Minutes en plus "
        "| Oraux par site | Temps de la commande |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for run in data["runs"]:
        sites = ", ".join(f"{k} : {v}" for k, v in run["orals_per_site"].items())
        lines.append(
            f"| `{run['session']}` | {run['code']} | {run['commission_days']} ({_bound(run)}) | "
            f"**{run['farther']}** | {run['farther_nearest_full']} | **{run['extra_minutes']}** | {sites} | "
            f"{french_number(run['wall_s'])} s |"
        )
    lines.append("")
    return lines
