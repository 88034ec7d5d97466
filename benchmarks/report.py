"""``BENCHMARKS.md``: the French report, rendered from the results files only.

Every figure printed here is read from ``benchmarks/results/*.json``, i.e.
measured by a run; nothing is typed by hand.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.report_batch import batch_section, blocks_section
from benchmarks.report_commands import commands_section, hostile_section, printed_section
from benchmarks.report_portal import portal_section
from benchmarks.report_travel import travel_section
from scheduler.domain.commission import family_of

#: Targets of the planner, checked against the measured runs.
TARGET_FIRST_PLAN_S = 10.0
TARGET_GAP_PCT = 3.0
TARGET_TIME_S = 60.0

Result = dict[str, Any]

#: Where the benchmarks write their results files.
RESULTS_DIR = Path(__file__).resolve().parent / "results"
#: ``kind`` of the re-planning results files (``python -m benchmarks.rerun``).
REPLAN_KIND = "replanification"
#: ``kind`` of the whole-command results files (``python -m benchmarks.commands``).
COMMANDS_KIND = "commandes"
#: ``kind`` of the hostile-inputs results files (``python -m benchmarks.hostile``).
HOSTILE_KIND = "refus"
#: ``kind`` of the printed-documents results files (``python -m benchmarks.printed``).
PRINTED_KIND = "impression"
#: ``kind`` of the portal's load results files (``python -m benchmarks.portal``).
PORTAL_KIND = "portail"
#: ``kind`` of the travel results files (``python -m benchmarks.travel``).
TRAVEL_KIND = "trajets"
#: Kind of results file of :mod:`benchmarks.batch`.
LOT_KIND = "lot"
#: Kind of results file of :mod:`benchmarks.blocks`.
BLOCKS_KIND = "blocs"


# --------------------------------------------------------------------------
# Reading the results
# --------------------------------------------------------------------------


def latest_results(folder: Path, instances: tuple[str, ...], *, quick: bool = False) -> list[Result]:
    """The most recent results file of each instance, in ``instances`` order
    (full runs only, or ``--quick`` runs only when ``quick``)."""
    best: dict[str, tuple[tuple[str, float], Result]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (
            not isinstance(data, dict)
            or bool(data.get("quick")) != quick
            or data.get("instance") not in instances
        ):
            continue
        key = (str(data.get("date", "")), path.stat().st_mtime)
        name = data["instance"]
        if name not in best or key > best[name][0]:
            data["_file"] = path.name
            data["_folder"] = str(folder)
            best[name] = (key, data)
    return [best[n][1] for n in instances if n in best]


def latest_replan(folder: Path, *, quick: bool = False, kind: str = REPLAN_KIND) -> Result | None:
    """The most recent re-planning results file of ``folder`` (full runs
    only, or ``--rapide`` runs only when ``quick``), or ``None``; another
    ``kind`` of results file (:data:`COMMANDS_KIND`) likewise."""
    best: tuple[tuple[str, float], Result] | None = None
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("kind") != kind or bool(data.get("quick")) != quick:
            continue
        key = (str(data.get("date", "")), path.stat().st_mtime)
        if best is None or key > best[0]:
            data["_file"] = path.name
            best = (key, data)
    return None if best is None else best[1]


# --------------------------------------------------------------------------
# Number formatting (French)
# --------------------------------------------------------------------------


def num(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "—"
    return f"{x:.{digits}f}".replace(".", ",").replace("-", "−")


def pct(x: float | None) -> str:
    if x is None:
        return "—"
    sign = "+" if x > 0 else ""
    return f"{sign}{num(x)} %"


def seconds(x: float | None) -> str:
    return "—" if x is None else f"{num(x, 1 if x >= 1 else 2)} s"


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _valid(run: Result) -> bool:
    return int(run["violations"]) == 0


def _complete(run: Result) -> bool:
    return _valid(run) and int(run["unplaced"]) == 0


def _family_cell(fam: Result) -> str:
    used, bound = fam["commission_days"], fam["lower_bound"]
    if fam["unplaced"]:
        return f"{used} / {bound} (n. s. : {fam['unplaced']} non placé(s))"
    return f"{used} / {bound} ({pct(fam['gap_pct'])})"


def _results_table(runs: list[Result]) -> list[str]:
    header = [""] + [f"**{r['label']}**" for r in runs]
    rows: list[list[str]] = []

    def row(label: str, cell: Any, figure: bool = True) -> None:
        rows.append([label] + [("**REJETÉ**" if figure and not _valid(r) else cell(r)) for r in runs])

    row("Statut", lambda r: str(r["status"]), figure=False)
    row("Temps de calcul", lambda r: seconds(r["wall_time_s"]), figure=False)
    row("Premier plan valide et complet", lambda r: seconds(r["first_valid_s"]))
    row(
        "Première solution CP-SAT (tous blocs)",
        lambda r: seconds(r["first_cpsat_solution_s"]) if r["method"] != "premier ajustement" else "—",
    )
    row("Oraux non placés", lambda r: str(r["unplaced"]), figure=False)
    row(
        "Violations du validateur (hors non placés)",
        lambda r: str(r["violations"]) if _valid(r) else f"**{r['violations']}**",
        figure=False,
    )
    families = [f["family"] for f in runs[0]["families"]]
    for i, family in enumerate(families):
        row(f"{family} : journées-commission / borne (écart)", lambda r, i=i: _family_cell(r["families"][i]))
        row(
            f"{family} : pic de commissions sur un jour (examinateurs)",
            lambda r, i=i: f"{r['families'][i]['peak_commissions']} ({r['families'][i]['peak_examiners']})",
        )
    row("**Total : journées-commission / borne (écart)**", lambda r: f"**{_family_cell(r['total'])}**")
    row(
        "Candidats éloignés au 1er créneau du matin (dans la 1re rotation) / passages éloignés",
        lambda r: (
            f"{r['comfort']['far_first_slot_candidates']} "
            f"({r['comfort']['far_first_rotation_candidates']}) / {r['comfort']['far_passages']}"
        ),
    )
    row(
        "E2 et E2F d'un candidat à des jours différents",
        lambda r: f"{r['comfort']['e2_e2f_different_days']} sur {r['comfort']['e2_e2f_candidates']}",
    )
    row(
        "Attente moyenne entre E2 et E2F le même jour",
        lambda r: (
            "—"
            if r["comfort"]["e2_e2f_mean_wait_min"] is None
            else f"{num(r['comfort']['e2_e2f_mean_wait_min'])} min"
        ),
    )
    return _table(header, rows)


def _run(runs: list[Result], limit: float) -> Result | None:
    return next((r for r in runs if r.get("time_limit_s") == limit), None)


def infeasible(data: Result) -> list[str]:
    """Families whose lower bound exceeds the commission-days the sites allow:
    some orals cannot be placed, whatever the planner."""
    capacity: dict[str, int] = data.get("capacity", {})
    bounds: dict[str, int] = {}
    for pool, bound in data["bounds"].items():
        family = family_of(pool)
        bounds[family] = bounds.get(family, 0) + int(bound)
    return [
        f"{family} : borne {bounds[family]} > {capacity[family]} journées-commission possibles"
        for family in sorted(bounds)
        if family in capacity and bounds[family] > capacity[family]
    ]


def _targets(data: Result) -> list[str]:
    runs: list[Result] = data["runs"]
    out: list[str] = []
    proof = infeasible(data)
    if proof:
        return [
            "- Sans objet : l'instance est **infaisable par construction**, aucun planning ne peut placer "
            f"tous les oraux ({' ; '.join(proof)}). Les chiffres mesurent ce que chaque méthode place."
        ]
    fast = _run(runs, TARGET_FIRST_PLAN_S)
    if fast is None:
        out.append(
            f"- Plan valide en moins de {num(TARGET_FIRST_PLAN_S, 0)} s : non mesuré (pas de calcul à 10 s)."
        )
    elif not _complete(fast):
        why = (
            "plan rejeté par le validateur"
            if not _valid(fast)
            else f"{fast['unplaced']} oral(aux) non placé(s)"
        )
        out.append(f"- Plan valide en moins de {num(TARGET_FIRST_PLAN_S, 0)} s : **non atteint** ({why}).")
    else:
        met = fast["wall_time_s"] <= TARGET_FIRST_PLAN_S
        out.append(
            f"- Plan valide en moins de {num(TARGET_FIRST_PLAN_S, 0)} s : "
            f"{'**atteint**' if met else '**non atteint**'} — le calcul à 10 s rend un plan valide et complet "
            f"en {seconds(fast['wall_time_s'])} (premier plan complet disponible à "
            f"{seconds(fast['first_valid_s'])})."
        )
    slow = _run(runs, TARGET_TIME_S)
    goal = (
        f"- Au plus {num(TARGET_GAP_PCT, 0)} % au-dessus de la borne, ou optimum prouvé, "
        f"en {num(TARGET_TIME_S, 0)} s sur 2 cœurs"
    )
    if slow is None:
        out.append(f"{goal} : non mesuré (pas de calcul à 60 s).")
    elif not _complete(slow):
        why = (
            "plan rejeté par le validateur"
            if not _valid(slow)
            else f"{slow['unplaced']} oral(aux) non placé(s)"
        )
        out.append(f"{goal} : **non atteint** ({why}).")
    else:
        gap = slow["total"]["gap_pct"]
        optimal = slow["status"] == "optimal"
        in_time = slow["wall_time_s"] <= TARGET_TIME_S
        met = in_time and (optimal or (gap is not None and gap <= TARGET_GAP_PCT))
        how = f"écart total {pct(gap)}, statut « {slow['status']} », {seconds(slow['wall_time_s'])}"
        out.append(f"{goal} : {'**atteint**' if met else '**non atteint**'} ({how}).")
    return out


def _value(x: Any) -> str:
    if isinstance(x, int | float) and not isinstance(x, bool):
        return str(int(x)) if float(x).is_integer() else num(float(x))
    return "—" if x is None else str(x)


def _stages_table(run: Result) -> list[str]:
    rows = [
        [
            str(s.get("etape", "")),
            str(s.get("statut", "")),
            _value(s.get("objectif")),
            _value(s.get("borne")),
            seconds(s.get("temps_s")),
        ]
        for s in run["stages"]
    ]
    return _table(["Étape", "Statut", "Objectif", "Borne", "Temps"], rows)


def _blocks_table(run: Result) -> list[str]:
    rows = [
        [
            b["label"],
            seconds(b["time_limit_s"]),
            f"{seconds(b['hint_s'])}, {b['hint_commission_days']} j.-c., {b['hint_unplaced']} non placé(s)",
            seconds(b["first_solution_s"]),
            seconds(b["solve_s"]),
        ]
        for b in run["blocks"]
    ]
    if run.get("outside_blocks_s") is not None:
        rows.append(
            [
                "hors blocs : affectation aux commissions, assemblage du plan",
                "—",
                "—",
                "—",
                seconds(run["outside_blocks_s"]),
            ]
        )
    return _table(
        [
            "Bloc",
            "Budget CP-SAT",
            "Plan de départ (construction, journées-commission, non placés)",
            "1re solution CP-SAT",
            "Durée CP-SAT",
        ],
        rows,
    )


def _remarks(data: Result) -> list[str]:
    """Observations drawn from the figures: failures first."""
    runs: list[Result] = data["runs"]
    out: list[str] = []
    for r in runs:
        if not _valid(r):
            rules = ", ".join(f"{k} ({v})" for k, v in r["violations_by_rule"].items())
            out.append(
                f"**ÉCHEC — {r['label']} : le validateur rejette le plan ({r['violations']} violation(s) : "
                f"{rules}). Ses chiffres ne sont pas publiés.** Premiers messages : "
                + " ; ".join(r["violation_samples"][:3])
            )
    for r in runs:
        if r["unplaced"] and _valid(r):
            out.append(
                f"{r['label']} : {r['unplaced']} oral(aux) non placé(s). " + " ".join(r["diagnostics"])
            )
    best = [r for r in runs if r["method"] != "premier ajustement" and _valid(r)]
    if best:
        longest = max(best, key=lambda r: r["time_limit_s"] or 0)
        for fam in longest["families"]:
            if not fam["unplaced"] and fam["gap_pct"] is not None and fam["gap_pct"] > TARGET_GAP_PCT:
                out.append(
                    f"{longest['label']} : {fam['family']} reste à {pct(fam['gap_pct'])} de sa borne "
                    f"({fam['commission_days']} journées-commission pour une borne de {fam['lower_bound']})."
                )
    for r in runs:
        limit = r.get("time_limit_s")
        if limit and r["wall_time_s"] > limit + 0.5:
            out.append(
                f"{r['label']} : le calcul dépasse son temps maximal de {seconds(r['wall_time_s'] - limit)} "
                f"({seconds(r['wall_time_s'])} pour {seconds(limit)})."
            )
    for r in best:
        starts = sum(b["hint_s"] for b in r["blocks"])
        budgets = sum(b["time_limit_s"] for b in r["blocks"])
        limit = r.get("time_limit_s") or 0
        if r["blocks"] and starts + budgets > limit:
            out.append(
                f"{r['label']} : la construction des plans de départ prend {seconds(starts)}, en plus des "
                f"{seconds(budgets)} de budget CP-SAT des blocs ({seconds(starts + budgets)} pour un temps "
                f"maximal de {seconds(limit)})."
            )
        for b in r["blocks"]:
            if b["first_solution_s"] is None:
                out.append(
                    f"{r['label']}, bloc {b['label']} : aucune solution CP-SAT dans son budget "
                    f"({seconds(b['time_limit_s'])}) ; ce bloc garde son plan de départ."
                )
    ff = next((r for r in runs if r["method"] == "premier ajustement" and _valid(r)), None)
    if ff is not None:
        for r in best:
            if r["unplaced"] > ff["unplaced"]:
                out.append(
                    f"{r['label']} laisse plus d'oraux non placés ({r['unplaced']}) que le premier "
                    f"ajustement ({ff['unplaced']})."
                )
    if ff is not None:
        for r in best:
            worse = []
            c, f = r["comfort"], ff["comfort"]
            if c["far_first_slot_candidates"] > f["far_first_slot_candidates"]:
                worse.append(
                    f"{c['far_first_slot_candidates']} candidats éloignés au 1er créneau "
                    f"(premier ajustement : {f['far_first_slot_candidates']})"
                )
            if c["e2_e2f_different_days"] > f["e2_e2f_different_days"]:
                n = c["e2_e2f_different_days"]
                who = "candidat a" if n == 1 else "candidats ont"
                worse.append(
                    f"{n} {who} (sur {c['e2_e2f_candidates']}) E2 et E2F à des jours différents "
                    f"(premier ajustement : {f['e2_e2f_different_days']})"
                )
            if worse:
                out.append(
                    f"{r['label']} : confort moins bon que le premier ajustement — " + " ; ".join(worse) + "."
                )
    if ff is not None and best:
        longest = max(best, key=lambda r: r["time_limit_s"] or 0)
        saved = ff["total"]["commission_days"] - longest["total"]["commission_days"]
        if not ff["unplaced"] and not longest["unplaced"]:
            verb = (
                f"économise {saved} journée(s)-commission sur"
                if saved >= 0
                else f"utilise {-saved} journée(s)-commission de plus que"
            )
            out.append(
                f"{longest['label']} {verb} le premier ajustement "
                f"({longest['total']['commission_days']} au lieu de {ff['total']['commission_days']})."
            )
    return out


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------


def _machine_table(m: Result) -> list[str]:
    rows = [
        ["Processeur", str(m.get("cpu", "?"))],
        ["Cœurs (logiques / utilisables)", f"{m.get('cpu_count', '?')} / {m.get('cpu_usable', '?')}"],
        ["Mémoire", f"{num(m.get('ram_gib'))} Gio"],
        ["Système", str(m.get("platform", "?"))],
        ["Python", str(m.get("python", "?"))],
        ["OR-Tools", str(m.get("ortools", "?"))],
        ["Code mesuré (git)", str(m.get("git", "?"))],
        ["Empreinte de `scheduler/` (SHA-256)", f"`{m.get('code_sha256', '?')}`"],
    ]
    return _table(["", ""], rows)


def _machine_lines(results: list[Result]) -> list[str]:
    m = results[0]["machine"]
    out = _machine_table(m)
    out.append("")
    for data in results:
        load = data.get("load_average", {})
        out.append(
            f"- `{data['instance']}` mesurée le {data['date']} (fichier `benchmarks/results/{data['_file']}`), "
            f"charge moyenne de la machine sur 1 min : {num(load.get('start'), 2)} au début, "
            f"{num(load.get('end'), 2)} à la fin."
        )
    code = ("git", "code_sha256")
    if any(
        {k: v for k, v in r["machine"].items() if k not in code}
        != {k: v for k, v in m.items() if k not in code}
        for r in results[1:]
    ):
        out.append("- **Attention : les instances n'ont pas toutes été mesurées sur la même machine.**")
    if any(any(r["machine"].get(k) != m.get(k) for k in code) for r in results[1:]):
        out.append(
            "- **Attention : les instances n'ont pas été mesurées sur le même code** "
            "(voir `machine` dans chaque fichier de résultats)."
        )
    return out


def render(results: list[Result], replan: Result | None = None, *, find_replan: bool = True) -> str:
    """The whole of ``BENCHMARKS.md``.

    ``replan`` is the re-planning result to report; when ``None`` and
    ``find_replan``, the latest one of the folder the ``results`` were read
    from (:data:`RESULTS_DIR` when there are none) is used, if any."""
    if replan is None and find_replan:
        folder = Path(results[0].get("_folder", RESULTS_DIR)) if results else RESULTS_DIR
        replan = latest_replan(folder, quick=bool(results[0].get("quick")) if results else False)
    lines = [
        "# Mesures de performance du planificateur",
        "",
        "Ce fichier est **généré** par `make bench` (ou `.venv/bin/python -m benchmarks.run`) à partir",
        "des fichiers `benchmarks/results/*.json` : ne pas le modifier à la main. Tous les chiffres",
        "ci-dessous ont été mesurés par ce programme ; aucun n'est estimé.",
        "",
        "## Protocole",
        "",
    ]
    if results:
        protocol = results[0]["protocol"]
        limits = " et ".join(f"{num(t, 0)} s" for t in protocol["time_limits_s"])
        workers, seed = protocol["workers"], protocol["seed"]
    else:
        limits, workers, seed = "10 s et 60 s", 2, 2021
    lines += [
        "**Instances.**",
        "",
    ]
    for data in results:
        lines.append(f"- `{data['instance']}` : {data['description']}.")
    lines += [
        "",
        "**Calculs comparés**, pour chaque instance :",
        "",
        "- **premier ajustement** : la référence, ce que fait un bureau à la main — les candidats pris",
        "  dans l'ordre de la liste, chacun au premier jour, à la première commission et au premier",
        "  horaire possibles, une commission n'étant ouverte que quand les autres sont pleines ;",
        "- **CP-SAT** (`plan_session`, comme `oraux planifier --sans-examinateurs` : commissions",
        f"  anonymes ; avec la liste d'examinateurs, voir « Examinateurs nommés ») avec un temps maximal de {limits},",
        f"  {workers} threads de recherche (`workers={workers}`), graine {seed}. Le temps maximal couvre",
        "  tout le calcul (placement des oraux puis affectation aux commissions) ; la borne inférieure",
        "  est calculée avant et n'y est pas comptée (son temps est donné par instance).",
        "",
        "**Validation.** Chaque plan est contrôlé par le validateur indépendant (`scheduler/validate/`).",
        "Un plan qui enfreint une règle est signalé **REJETÉ** et ses chiffres ne sont pas publiés. Les",
        "oraux non placés sont comptés à part (ligne « Oraux non placés »).",
        "",
        "**Ce qui est mesuré.**",
        "",
        "- *Journées-commission* : nombre de couples (commission, jour) où une commission interroge, par",
        "  famille d'épreuves (E2 compte la langue facultative E2F, interrogée par les mêmes commissions ;",
        "  E6 compte l'engagement étudiant). C'est ce que le bureau paie.",
        "- *Borne inférieure* : pour chaque groupe de commissions interchangeables (E4, E5, E6, et E2 par",
        "  langue : E2-ANG, E2-ESP…), le plus petit nombre de journées-commission possible, calculé comme",
        "  un problème de découpe : une journée-commission est un motif de matinée plus un motif",
        "  d'après-midi (les oraux qui tiennent dans la demi-journée, préparation du premier candidat",
        "  comprise) et les motifs doivent couvrir tous les oraux. La borne d'une famille est la somme",
        "  de celles de ses groupes. Aucun planning ne peut faire moins ; elle ignore les autres règles",
        "  (loge, repos des candidats, un site par jour…), un écart nul n'est donc pas toujours possible.",
        "- *Écart* : (journées-commission − borne) / borne. « n. s. » (non significatif) quand des oraux",
        "  de la famille ne sont pas placés : la borne compte alors des oraux absents du plan.",
        "- *Pic* : le plus grand nombre de commissions de la famille travaillant le même jour, et entre",
        "  parenthèses les examinateurs à convoquer ce jour-là (pic × taille de la commission).",
        "- *Premier plan valide et complet* : premier ajustement : son temps de calcul ; CP-SAT : le",
        "  calcul part, bloc d'épreuves par bloc (les épreuves qui partagent des jours), d'un plan de",
        "  départ construit sans solveur, et ne rend jamais pire : un plan complet existe dès que les",
        "  plans de départ de tous les blocs sont complets (somme de leurs temps de construction).",
        "  *Première solution CP-SAT* : somme sur les blocs du temps entre le début du bloc et la",
        "  première solution annoncée par le solveur.",
        "- *Confort des candidats* : candidats d'un centre d'écrit éloigné du site (trajet ≥ seuil de la",
        "  session) convoqués au premier créneau du matin ; candidats dont l'E2 et l'E2F tombent à des",
        "  jours différents ; attente moyenne, pour ceux qui passent les deux le même jour, entre la fin",
        "  du premier oral et le début (préparation comprise) du second.",
        "",
        "**Objectifs.** Un plan valide en moins de 10 s ; en 60 s sur 2 cœurs, au plus 3 % de",
        "journées-commission au-dessus de la borne (total de l'instance), ou l'optimum prouvé.",
        "",
        "## Machine",
        "",
    ]
    if not results:
        lines += ["Aucune mesure enregistrée : lancer `make bench`.", ""]
        if replan is not None:
            lines += _replan_section(replan, results)
        return "\n".join(lines)
    lines += _machine_lines(results)
    lines += [
        "",
        "La machine est **partagée** avec d'autres travaux (la charge moyenne ci-dessus en donne une idée) :",
        "les temps mesurés peuvent être plus longs que sur une machine dédiée, et deux passages avec la",
        "même graine peuvent différer, la recherche sur 2 threads dépendant du temps.",
        "",
        "## Résultats",
        "",
    ]
    for data in results:
        runs: list[Result] = data["runs"]
        lines += [f"### `{data['instance']}`", ""]
        details = data.get("details", {})
        counts = ", ".join(
            f"{k} : {v}" for k, v in details.items() if str(k).startswith(("candidats", "oraux"))
        )
        bounds = ", ".join(f"{k} {v}" for k, v in sorted(data["bounds"].items()))
        capacity = ", ".join(f"{k} {v}" for k, v in data.get("capacity", {}).items())
        lines += [
            f"{counts}. Bornes inférieures par groupe de commissions ({seconds(data['bounds_s'])} de calcul) : "
            f"{bounds}. Journées-commission possibles au plus (salles ou postes × jours ouvrés) : {capacity}.",
            "",
        ]
        if any(not _valid(r) for r in runs):
            lines += ["> **ÉCHEC : au moins un plan est rejeté par le validateur (voir les remarques).**", ""]
        lines += _results_table(runs)
        lines += ["", "**Objectifs**", ""]
        lines += _targets(data)
        remarks = _remarks(data)
        if remarks:
            lines += ["", "**Remarques**", ""]
            lines += [f"- {r}" for r in remarks]
        cp = [r for r in runs if r["method"] != "premier ajustement"]
        if cp:
            longest = max(cp, key=lambda r: r["time_limit_s"] or 0)
            if longest["blocks"]:
                lines += ["", f"Blocs d'épreuves, {longest['label']} :", ""]
                lines += _blocks_table(longest)
            if longest["stages"]:
                lines += ["", f"Étapes du solveur, {longest['label']} :", ""]
                lines += _stages_table(longest)
        lines.append("")
    lines += _examiners_section(results)
    if replan is not None:
        lines += _replan_section(replan, results)
    if find_replan:
        folder = Path(results[0].get("_folder", RESULTS_DIR))
        commands = latest_replan(folder, quick=bool(results[0].get("quick")), kind=COMMANDS_KIND)
        if commands is not None:
            lines += commands_section(commands)
        hostile = latest_replan(folder, quick=bool(results[0].get("quick")), kind=HOSTILE_KIND)
        if hostile is not None:
            lines += hostile_section(hostile)
        printed = latest_replan(folder, quick=bool(results[0].get("quick")), kind=PRINTED_KIND)
        if printed is not None:
            lines += printed_section(printed)
        portal = latest_replan(folder, quick=bool(results[0].get("quick")), kind=PORTAL_KIND)
        if portal is not None:
            lines += portal_section(portal)
        travel = latest_replan(folder, quick=bool(results[0].get("quick")), kind=TRAVEL_KIND)
        if travel is not None:
            lines += travel_section(travel)
        lot = latest_replan(folder, quick=bool(results[0].get("quick")), kind=LOT_KIND)
        if lot is not None:
            lines += batch_section(lot)
        blocks = latest_replan(folder, quick=bool(results[0].get("quick")), kind=BLOCKS_KIND)
        if blocks is not None:
            lines += blocks_section(blocks)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Named examiners
# --------------------------------------------------------------------------


def _share(data: Result) -> float:
    return float(data.get("protocol", {}).get("staffing_share", 0.2))


def _examiners_protocol(results: list[Result]) -> list[str]:
    staffed = [d for d in results if d.get("examiner_runs")]
    source = next((d for d in staffed), next((d for d in results if d.get("examiner_pool")), None))
    share = _share(source) if source is not None else 0.2
    names = ", ".join(f"`{d['instance']}`" for d in staffed) or "aucune instance"
    pool = (source or {}).get("examiner_pool") or {}
    files = ", ".join(f"`{f}`" for f in pool.get("files", [])) or "la liste du dossier"
    mixed = sorted(
        {f["family"] for d in staffed for r in d["examiner_runs"] for f in r["families"] if f.get("mixed")}
    )
    mixed_text = f" ({', '.join(mixed)} dans la session fournie)" if mixed else ""
    return [
        "## Examinateurs nommés",
        "",
        f"**Protocole.** Pour {names} seulement, le calcul CP-SAT est refait avec la liste d'examinateurs",
        f"du dossier ({files}), comme `oraux planifier` le fait par défaut : placement des oraux",
        "(`plan_session` avec `examiners=…`, qui limite chaque jour les commissions à celles que les",
        f"examinateurs peuvent former) avec {num(100 * (1 - share), 0)} % du temps maximal, puis choix des",
        f"examinateurs de chaque journée-commission (`staff`) avec les {num(100 * share, 0)} % restants, puis",
        "report des examinateurs dans le plan (`with_examiners`). Mêmes temps maximaux, threads et graine",
        "que ci-dessus ; la borne inférieure est la même et n'est pas comptée dans le temps. Le plan est",
        "contrôlé par les deux validateurs indépendants (`scheduler/validate/hard_rules.py` et",
        "`scheduler/validate/examiners.py` : composition, habilitation et langue, conflit d'intérêts,",
        "disponibilité, une commission par jour, maximum de candidats par jour, examinateurs distincts à",
        "l'E4 et à l'E6) ; un plan qui enfreint une règle est signalé **REJETÉ** et ses chiffres ne sont",
        "pas publiés. Les examinateurs manquants sont comptés à part (`oraux planifier` refuserait alors",
        "de publier le plan, comme quand des oraux ne sont pas placés).",
        "",
        "**Ce qui est mesuré.**",
        "",
        "- *Temps total* : placement des oraux, choix des examinateurs et report dans le plan ; *dont",
        "  placement* et *dont examinateurs* : chacune des deux étapes (son budget entre parenthèses).",
        "- *Journées-examinateur* : nombre de couples (examinateur, jour) où un examinateur siège, par",
        "  famille d'épreuves. *Borne* : la borne inférieure des journées-commission de la famille × la",
        "  taille de sa commission (chaque journée-commission doit avoir tous ses membres). Un examinateur",
        "  ne siégeant que dans une commission par jour, une affectation complète donne exactement",
        "  journées-commission × taille : l'écart est alors celui des journées-commission.",
        "- *Examinateurs convoqués* : examinateurs distincts qui siègent au moins une fois dans la famille,",
        "  sur ceux de la liste habilités pour elle (un examinateur habilité pour plusieurs familles compte",
        "  dans chacune ; le total compte chaque examinateur une fois, sur toute la liste).",
        "- *Le plus de jours d'un examinateur* : le plus grand nombre de jours où un même examinateur siège",
        "  (dans la famille ; toutes familles confondues pour le total).",
        f"- *Commissions à deux enseignants* : journées-commission mixtes{mixed_text} sans professionnel,",
        "  faute de professionnel disponible (comptées sur le plan).",
        "- *Capacité de la liste* : par groupe de commissions, le plus de journées-commission que la liste",
        "  peut former (chaque jour, examinateurs disponibles et habilités ÷ taille de la commission, sommé",
        "  sur les jours de l'épreuve ; chaque groupe pris seul, un examinateur de plusieurs groupes compte",
        "  dans chacun). Une borne au-dessus de cette capacité prouve qu'aucun planning ne peut nommer tous",
        "  les examinateurs.",
        "",
    ]


def _capacity_line(data: Result) -> str:
    pool = data.get("examiner_pool") or {}
    capacity: dict[str, int] = pool.get("capacity", {})
    bounds: dict[str, int] = data["bounds"]
    cells = ", ".join(f"{k} {capacity[k]} (borne {bounds.get(k, 0)})" for k in sorted(capacity))
    return f"Capacité de la liste par groupe de commissions : {cells}."


def _shortfalls(data: Result) -> list[str]:
    """Pools whose lower bound exceeds what the examiner list can form."""
    capacity: dict[str, int] = (data.get("examiner_pool") or {}).get("capacity", {})
    bounds: dict[str, int] = data["bounds"]
    return [
        f"{k} : {capacity[k]} journées-commission au plus pour une borne de {bounds[k]}"
        for k in sorted(capacity)
        if k in bounds and bounds[k] > capacity[k]
    ]


def _examiner_cell(fam: Result) -> str:
    used, bound = fam["examiner_days"], fam["lower_bound"]
    why = []
    if fam["unplaced"]:
        why.append(f"{fam['unplaced']} oral(aux) non placé(s)")
    if fam["missing"]:
        why.append(f"{fam['missing']} examinateur(s) manquant(s)")
    if why:
        return f"{used} / {bound} (n. s. : {', '.join(why)})"
    return f"{used} / {bound} ({pct(fam['gap_pct'])})"


def _same_limit(data: Result, run: Result) -> Result | None:
    return next(
        (
            r
            for r in data["runs"]
            if r["method"] != "premier ajustement" and r.get("time_limit_s") == run["time_limit_s"]
        ),
        None,
    )


def _examiner_table(data: Result) -> list[str]:
    runs: list[Result] = data["examiner_runs"]
    header = [""] + [f"**{r['label']}**" for r in runs]
    rows: list[list[str]] = []

    def row(label: str, cell: Any, figure: bool = True) -> None:
        rows.append([label] + [("**REJETÉ**" if figure and not _valid(r) else cell(r)) for r in runs])

    row("Statut du placement des oraux", lambda r: str(r["status"]), figure=False)
    row(
        "Statut du choix des examinateurs",
        lambda r: str(r["staffing_status"]) if r["staffing_status"] else "non lancé (oraux non placés)",
        figure=False,
    )
    row("Temps total", lambda r: seconds(r["wall_time_s"]), figure=False)
    row(
        "dont placement des oraux (budget)",
        lambda r: f"{seconds(r['planning_s'])} ({seconds(r['planning_limit_s'])})",
        figure=False,
    )
    row(
        "dont choix des examinateurs (budget)",
        lambda r: f"{seconds(r['staffing_s'])} ({seconds(r['staffing_limit_s'])})",
        figure=False,
    )
    row("Oraux non placés", lambda r: str(r["unplaced"]), figure=False)
    row(
        "Violations des validateurs (hors non placés et examinateurs manquants)",
        lambda r: str(r["violations"]) if _valid(r) else f"**{r['violations']}**",
        figure=False,
    )
    row("Examinateurs manquants", lambda r: str(r["missing"]))
    row(
        "**Total : journées-commission / borne (écart)**",
        lambda r: f"**{_family_cell(r['commission_total'])}**",
    )

    def anonymous(r: Result) -> str:
        other = _same_limit(data, r)
        if other is None:
            return "—"
        return "**REJETÉ**" if not _valid(other) else _family_cell(other["total"])

    row("Journées-commission du calcul sans examinateurs (même temps maximal)", anonymous)
    row("**Total : journées-examinateur / borne (écart)**", lambda r: f"**{_examiner_cell(r['total'])}**")
    row(
        "Examinateurs convoqués / dans la liste",
        lambda r: f"{r['total']['convened']} / {r['total']['listed']}",
    )
    row("Le plus de jours d'un examinateur", lambda r: str(r["total"]["most_days"]))
    row("Commissions à deux enseignants (sur le plan)", lambda r: str(r["total"]["fallbacks"]))
    row(
        "Commissions à deux enseignants annoncées par le choix des examinateurs",
        lambda r: str(len(r["fallbacks"])),
    )
    return _table(header, rows)


def _examiner_families_table(run: Result) -> list[str]:
    rows = []
    for fam, com in zip(run["families"], run["commission_families"], strict=True):
        rows.append(
            [
                fam["family"],
                str(fam["commission_size"]),
                _family_cell(com),
                _examiner_cell(fam),
                f"{fam['convened']} / {fam['listed']}",
                str(fam["most_days"]),
                str(fam["fallbacks"]) if fam["mixed"] else "—",
                str(fam["missing"]),
            ]
        )
    total, com = run["total"], run["commission_total"]
    rows.append(
        [
            "**Total**",
            "—",
            f"**{_family_cell(com)}**",
            f"**{_examiner_cell(total)}**",
            f"{total['convened']} / {total['listed']}",
            str(total["most_days"]),
            str(total["fallbacks"]),
            str(total["missing"]),
        ]
    )
    return _table(
        [
            "Famille",
            "Taille de la commission",
            "Journées-commission / borne (écart)",
            "Journées-examinateur / borne (écart)",
            "Examinateurs convoqués / habilités",
            "Le plus de jours d'un examinateur",
            "Commissions à deux enseignants",
            "Examinateurs manquants",
        ],
        rows,
    )


def _examiner_targets(runs: list[Result]) -> list[str]:
    out: list[str] = []

    def complete(r: Result) -> bool:
        return _valid(r) and not r["unplaced"] and not r["missing"]

    def why(r: Result) -> str:
        if not _valid(r):
            return "plan rejeté par les validateurs"
        parts = []
        if r["unplaced"]:
            parts.append(f"{r['unplaced']} oral(aux) non placé(s)")
        if r["missing"]:
            parts.append(f"{r['missing']} examinateur(s) manquant(s)")
        return ", ".join(parts)

    fast = next((r for r in runs if r["time_limit_s"] == TARGET_FIRST_PLAN_S), None)
    goal = f"- Plan valide et complet, examinateurs nommés, en moins de {num(TARGET_FIRST_PLAN_S, 0)} s"
    if fast is None:
        out.append(f"{goal} : non mesuré (pas de calcul à 10 s).")
    elif not complete(fast):
        out.append(f"{goal} : **non atteint** ({why(fast)}).")
    else:
        met = fast["wall_time_s"] <= TARGET_FIRST_PLAN_S
        out.append(
            f"{goal} : {'**atteint**' if met else '**non atteint**'} ({seconds(fast['wall_time_s'])}, dont "
            f"{seconds(fast['staffing_s'])} pour les examinateurs)."
        )
    slow = next((r for r in runs if r["time_limit_s"] == TARGET_TIME_S), None)
    goal = (
        f"- Au plus {num(TARGET_GAP_PCT, 0)} % de journées-examinateur au-dessus de la borne, ou placement "
        f"optimal prouvé, en {num(TARGET_TIME_S, 0)} s sur 2 cœurs"
    )
    if slow is None:
        out.append(f"{goal} : non mesuré (pas de calcul à 60 s).")
    elif not complete(slow):
        out.append(f"{goal} : **non atteint** ({why(slow)}).")
    else:
        gap = slow["total"]["gap_pct"]
        in_time = slow["wall_time_s"] <= TARGET_TIME_S
        met = in_time and (slow["status"] == "optimal" or (gap is not None and gap <= TARGET_GAP_PCT))
        out.append(
            f"{goal} : {'**atteint**' if met else '**non atteint**'} (écart {pct(gap)}, placement "
            f"« {slow['status']} », examinateurs « {slow['staffing_status']} », {seconds(slow['wall_time_s'])})."
        )
    return out


def _examiner_remarks(data: Result) -> list[str]:
    runs: list[Result] = data["examiner_runs"]
    out: list[str] = []
    for r in runs:
        if not _valid(r):
            rules = ", ".join(f"{k} ({v})" for k, v in r["violations_by_rule"].items())
            out.append(
                f"**ÉCHEC — {r['label']} : les validateurs rejettent le plan ({r['violations']} violation(s) : "
                f"{rules}). Ses chiffres ne sont pas publiés.** Premiers messages : "
                + " ; ".join(r["violation_samples"][:3])
            )
    for r in runs:
        if r["unplaced"]:
            out.append(
                f"{r['label']} : {r['unplaced']} oral(aux) non placé(s) ; `oraux planifier` s'arrêterait là, "
                "sans choisir les examinateurs. " + " ".join(r["diagnostics"])
            )
        if r["missing"]:
            budget = (
                f" Le choix des examinateurs n'a pas prouvé l'optimalité (statut « {r['staffing_status']} », "
                f"{seconds(r['staffing_s'])} pour un budget de {seconds(r['staffing_limit_s'])}) : ces manques "
                "peuvent venir du budget plutôt que de la liste, quoi qu'en dise le diagnostic."
                if r["staffing_status"] != "optimal"
                else ""
            )
            out.append(
                f"{r['label']} : {r['missing']} examinateur(s) manquant(s) ; `oraux planifier` refuserait de "
                "publier le plan." + budget + " Diagnostic : " + " ; ".join(r["missing_explanations"])
            )
    for r in runs:
        if not _valid(r):
            continue
        plan_fallbacks: list[str] = r.get("fallbacks_in_plan", [])
        if plan_fallbacks:
            out.append(
                f"{r['label']} : {len(plan_fallbacks)} commission(s) à deux enseignants, faute de "
                f"professionnel disponible ({_listing(plan_fallbacks)})."
            )
        if sorted(r["fallbacks"]) != sorted(plan_fallbacks):
            extra = sorted(set(r["fallbacks"]) - set(plan_fallbacks))
            unsaid = sorted(set(plan_fallbacks) - set(r["fallbacks"]))
            parts = []
            if extra:
                parts.append(
                    f"{len(extra)} annoncée(s) qui ont un professionnel ou aucun examinateur sur le plan "
                    f"({_listing(extra)}) : la note du plan « pas de professionnel disponible, deux "
                    "enseignants » est fausse pour elles"
                )
            if unsaid:
                parts.append(f"{len(unsaid)} non annoncée(s) ({_listing(unsaid)})")
            out.append(
                f"{r['label']} : le choix des examinateurs (`Staffing.fallbacks`) annonce "
                f"{len(r['fallbacks'])} commission(s) à deux enseignants, le plan en montre "
                f"{len(plan_fallbacks)} — " + " ; ".join(parts) + "."
            )
        if r["staffing_status"] == "réalisable":
            what = (
                "seuls le regroupement des jours de chaque examinateur et le plus de jours d'un examinateur "
                "pourraient encore s'améliorer (aucun manquant, aucune commission à deux enseignants)"
                if not r["missing"] and not r["total"]["fallbacks"]
                else "les examinateurs manquants, les commissions à deux enseignants et l'équilibre des jours "
                "pourraient encore s'améliorer"
            )
            out.append(
                f"{r['label']} : le choix des examinateurs s'arrête sur son budget sans preuve d'optimalité "
                f"(statut « réalisable ») ; {what}."
            )
        if r["objective_solver"] is not None and r["objective_recomputed"] != r["objective_solver"]:
            out.append(
                f"{r['label']} : journées-commission recalculées ({r['objective_recomputed']}) ≠ objectif du "
                f"solveur ({_value(r['objective_solver'])}) ; `oraux planifier` refuserait ce plan."
            )
        if r["staffing_status"] is not None and r["staffing_s"] > r["staffing_limit_s"] + 0.5:
            out.append(
                f"{r['label']} : le choix des examinateurs dépasse son budget de "
                f"{seconds(r['staffing_s'] - r['staffing_limit_s'])} ({seconds(r['staffing_s'])} pour "
                f"{seconds(r['staffing_limit_s'])}) : le budget ne borne que la recherche CP-SAT, pas la "
                "construction du modèle ni le report dans le plan."
            )
        limit = r["time_limit_s"]
        if r["wall_time_s"] > limit + 0.5:
            out.append(
                f"{r['label']} : le calcul dépasse son temps maximal de {seconds(r['wall_time_s'] - limit)} "
                f"({seconds(r['wall_time_s'])} pour {seconds(limit)} : placement {seconds(r['planning_s'])} "
                f"pour {seconds(r['planning_limit_s'])}, examinateurs {seconds(r['staffing_s'])} pour "
                f"{seconds(r['staffing_limit_s'])})."
            )
        other = _same_limit(data, r)
        if other is not None and _valid(other) and not r["unplaced"] and not other["unplaced"]:
            with_, without = r["commission_total"]["commission_days"], other["total"]["commission_days"]
            if with_ != without:
                out.append(
                    f"{r['label']} : {with_} journées-commission, contre {without} sans examinateurs au même "
                    "temps maximal."
                )
    return out


def _listing(items: list[str], most: int = 10) -> str:
    return ", ".join(items[:most]) + (" …" if len(items) > most else "")


def _examiners_section(results: list[Result]) -> list[str]:
    if not any(d.get("examiner_pool") for d in results):
        return [
            "## Examinateurs nommés",
            "",
            "Non mesuré : les résultats enregistrés ne comportent pas de calcul avec examinateurs "
            "(relancer `make bench`).",
            "",
        ]
    lines = _examiners_protocol(results)
    for data in results:
        pool = data.get("examiner_pool")
        lines += [f"### `{data['instance']}` avec examinateurs", ""]
        if not pool:
            lines += ["Pas de liste d'examinateurs dans le dossier de la session : non mesuré.", ""]
            continue
        listed = ", ".join(f"{k} {v}" for k, v in pool.get("listed", {}).items())
        files = ", ".join(f"`{f}`" for f in pool.get("files", []))
        lines += [
            f"Liste : {files}, {pool['count']} examinateurs (habilités par famille : {listed}). "
            + _capacity_line(data),
            "",
        ]
        runs: list[Result] = data.get("examiner_runs") or []
        if not runs:
            short = _shortfalls(data)
            if short:
                reason = (
                    "la liste fournie est celle de la session réelle et n'est pas dimensionnée pour cette "
                    "instance : elle ne peut former que "
                    + " ; ".join(short)
                    + ". Aucun planning ne pourrait "
                    "nommer tous les examinateurs."
                )
            else:
                reason = "la liste fournie est celle de la session réelle et n'est pas dimensionnée pour cette instance."
            lines += [f"Pas de calcul avec examinateurs : {reason}", ""]
            continue
        if any(not _valid(r) for r in runs):
            lines += [
                "> **ÉCHEC : au moins un plan est rejeté par les validateurs (voir les remarques).**",
                "",
            ]
        lines += _examiner_table(data)
        lines += ["", "**Objectifs** (mêmes cibles, examinateurs nommés)", ""]
        lines += _examiner_targets(runs)
        remarks = _examiner_remarks(data)
        if remarks:
            lines += ["", "**Remarques**", ""]
            lines += [f"- {r}" for r in remarks]
        longest = max(runs, key=lambda r: r["time_limit_s"])
        if _valid(longest):
            lines += ["", f"Par famille d'épreuves, {longest['label']} :", ""]
            lines += _examiner_families_table(longest)
        lines.append("")
    return lines


# --------------------------------------------------------------------------
# Re-planning after events (``python -m benchmarks.rerun``)
# --------------------------------------------------------------------------


def _day(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _clock(minutes: int | None) -> str:
    return "—" if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _events_text(events: list[Result]) -> str:
    """The events of a scenario, in a few words."""
    parts: list[str] = []
    for e in events:
        if e["type"] != "examinateur_indisponible":
            continue
        first, last = e["du"].strip(), (e.get("au") or "").strip()
        period = f"le {first}" if last in ("", first) else f"du {first} au {last}"
        what = "commission" if "-C" in e["cible"] else "examinateur"
        parts.append(f"{what} {e['cible']} indisponible {period}")
    withdrawn = sum(1 for e in events if e["type"] == "candidat_desiste")
    absent = sum(1 for e in events if e["type"] == "candidat_absent")
    nv = [e for e in events if e["type"] == "dossier_non_conforme"]
    if withdrawn:
        parts.append(f"{withdrawn} désistement(s)")
    if absent:
        parts.append(f"{absent} absence(s)")
    if nv:
        parts.append(f"{len(nv)} dossier(s) non conforme(s) ({', '.join(e['epreuve'] for e in nv)})")
    return ", ".join(parts)


def _urgency(protocol: Result) -> str:
    days = (date.fromisoformat(protocol["day"]) - date.fromisoformat(protocol["now"][:10])).days
    horizon = protocol.get("weights", {}).get("urgence_jours")
    return "?" if horizon is None else str(max(0, int(horizon) - days))


def _replan_list(items: list[Any], most: int = 6) -> str:
    names = [f"{c} le {_day(d)}" if isinstance(c, str) and isinstance(d, str) else str(c) for c, d in items]
    return _listing(names, most)


def _comparison(r: Result) -> str:
    """Moves of the re-run against the minimum computed without the solver."""
    b, c = r["bound"], r["changes"]
    low = b["min_moves"]
    moved = len(c["moved_touched"])
    if low is None:
        return "non calculé (les passages non touchés ne tiennent pas seuls dans les commissions possibles)"
    if b["touched"] == 0:
        return "aucun passage touché : rien ne doit bouger"
    if moved == low:
        tail = " (trivial : un remplaçant peut siéger)" if b["trivial"] else ""
        return f"**minimum atteint** ({moved} = {low}){tail}"
    if moved > low:
        return f"**{moved - low} de plus que le minimum** ({moved} pour {low})"
    return f"**moins que le minimum calculé** ({moved} pour {low}) : le calcul indépendant est à revoir"


def _change_stage(r: Result) -> str:
    stages = [s for s in r.get("stages", []) if str(s.get("etape", "")).endswith("changements")]
    if not stages:
        return "aucun bloc recalculé : les places publiées tiennent toutes (rien à prouver)"
    return " ; ".join(
        f"{s['etape']} : {s.get('statut', '?')}, objectif {_value(s.get('objectif'))}, borne {_value(s.get('borne'))}"
        for s in stages
    )


def _slot_text(slot: Result) -> str:
    return (
        f"{', '.join(slot['touched_commissions'])} le {_day(slot['day'])} ({slot['site']}) : "
        f"{len(slot['touched'])} passage(s) touché(s)"
    )


def _cap_text(slot: Result) -> str:
    caps: dict[str, int] = slot["caps"]
    parts = [f"salles ouvertes {caps['salles']}"]
    if "examinateurs" in caps:
        parts.append(
            f"examinateurs E4 disponibles (le malade exclu) {caps['examinateurs_presents']} → "
            f"{caps['examinateurs']} commission(s)"
        )
    if "commissions_ouvertes" in caps:
        parts.append(f"commissions du plan publié moins la fermée {caps['commissions_ouvertes']}")
    return (
        f"**{slot['cap']}** ({' ; '.join(parts)}) ; {slot['published_commissions']} dans le plan publié, "
        f"au plus {slot['untouched_peak']} passages non touchés à la fois"
    )


def _replan_table(r: Result, target_s: float, published: Result) -> list[str]:
    rows: list[list[str]] = [["Événements", _events_text(r["events"])]]
    for slot in r["bound"]["slots"]:
        rows.append(["Commission-jour touchée", _slot_text(slot)])
        rows.append(["Commissions E4 possibles ce jour-là (C)", _cap_text(slot)])
    if not r["bound"]["slots"]:
        rows.append(["Commission-jour touchée", "aucune (l'examinateur ne siège pas ce jour-là)"])
    if not r["ok"]:
        rows += [
            ["Résultat", f"**ÉCHEC : {r['failure']}**"],
            ["Motifs", " ; ".join(r["reasons"][:5])],
            ["Temps jusqu'à l'échec", seconds(r["wall_time_s"])],
            ["Minimum de candidats à déplacer (sans solveur)", _value(r["bound"]["min_moves"])],
        ]
        return _table(["", ""], rows)
    c = r["changes"]
    met = r["wall_time_s"] <= target_s
    rows += [
        [
            "**Temps total de `replan_and_publish`**",
            f"**{seconds(r['wall_time_s'])}** (cible {seconds(target_s)} : {'atteinte' if met else '**non atteinte**'})",
        ],
        [
            "dont réparation du placement (`plan.solver.wall_time`)",
            f"{seconds(r['repair_wall_time_s'])} ({r['repair_status']})",
        ],
        ["dont étapes (chronométrées à part)", _phases_text(r)],
        [
            "Passages retirés de leur commission (événement, ou commission-jour sans examinateurs)",
            str(r["disrupted"]),
        ],
        [
            "**Candidats déplacés**",
            f"**{len(c['moved'])}** (date ou site : {len(c['moved_date_or_site'])}, horaire seul : "
            f"{len(c['moved_time_only'])}) ; dont touchés : {len(c['moved_touched'])}, non touchés : "
            f"{len(c['moved_untouched'])}",
        ],
        ["**Minimum de candidats à déplacer (sans solveur)**", f"**{_value(r['bound']['min_moves'])}**"],
        [
            "Déplacés si chaque autre commission garde ses passages (glouton « commission libre »)",
            _value(r["bound"]["greedy_moves"]),
        ],
        ["Déplacés touchés / minimum", _comparison(r)],
        ["Étape « changements » de CP-SAT", _change_stage(r)],
        ["Candidats changeant seulement de salle ou de commission", str(len(c["room_or_commission_only"]))],
        ["Convocations à renvoyer (candidats, désistés et NV compris)", str(c["notified_candidates"])],
        [
            "Examinateurs à prévenir",
            f"{len(c['notified_examiners'])}"
            + (f" ({_listing(c['notified_examiners'], 8)})" if c["notified_examiners"] else ""),
        ],
        [
            "Journées-commission ajoutées / retirées",
            f"{len(c['commissions_added'])}"
            + (f" ({_replan_list(c['commissions_added'])})" if c["commissions_added"] else "")
            + f" / {len(c['commissions_removed'])}"
            + (f" ({_replan_list(c['commissions_removed'])})" if c["commissions_removed"] else ""),
        ],
        [
            "Journées-commission du plan (plan publié)",
            f"{r['commission_days']} ({published['commission_days']})",
        ],
        ["Poids des changements (`PlanChanges.cost`)", str(c["cost"])],
        [
            "Plan valide (validateurs rejoués)",
            "oui"
            if r["valid"]
            else f"**NON** ({len(r['violations'])} violation(s) : {'; '.join(r['violations'][:3])})",
        ],
    ]
    return _table(["", ""], rows)


#: Steps of ``replan_and_publish`` timed by ``benchmarks/rerun.py``.
_PHASES = {
    "repair_plan": "réparation",
    "_restaff": "examinateurs",
    "outputs": "classeurs et figures",
    "changes_workbook": "changements.xlsx",
}


def _phases_text(r: Result) -> str:
    phases: dict[str, Result] = r.get("phases") or {}
    if not phases:
        return "—"
    parts = []
    for name, label in _PHASES.items():
        p = phases.get(name)
        if p is None:
            continue
        calls = f" ({p['calls']} appels)" if p["calls"] > 1 else ""
        parts.append(f"{label} {seconds(p['s'])}{calls}")
    rest = r["wall_time_s"] - sum(p["s"] for p in phases.values())
    parts.append(f"reste (lecture, événements, contrôles, écriture) {seconds(rest)}")
    return ", ".join(parts)


def _touched_table(r: Result) -> list[str]:
    rows: list[list[str]] = []
    for slot in r["bound"]["slots"]:
        cap = slot["cap"]
        for t in slot["touched"]:
            out = t.get("outcome")
            if out is None:
                result = "—"
            elif out["kind"] == "gardé":
                result = f"garde son horaire, {out['commission']}"
            elif out["kind"] == "non placé":
                result = "non placé"
            else:
                how = "autre horaire" if out["kind"] == "horaire" else "autre jour ou site"
                result = f"{how} : {_day(out['day'])} {_clock(out['start'])}, {out['commission']}"
            rows.append(
                [
                    t["candidate"],
                    f"{t['commission']}, {_clock(t['start'])}–{_clock(t['end'])}",
                    f"{t['peak_others']} / {cap}",
                    "oui" if t["can_stay"] else "non",
                    t["free_commission"] or "aucune",
                    result,
                ]
            )
    return _table(
        [
            "Candidat",
            "Passage publié",
            "Passages non touchés en cours (au plus) / C",
            "Peut garder son horaire (minimum)",
            "Commission libre (glouton)",
            "Dans le nouveau plan",
        ],
        rows,
    )


def _replan_remarks(data: Result) -> list[str]:
    out: list[str] = []
    target = float(data["protocol"]["target_s"])
    for r in data["scenarios"]:
        head = f"Scénario {r['key']} « {r['name']} »"
        if not r["ok"]:
            out.append(
                f"**ÉCHEC — {head} : `oraux replanifier` refuse ({r['failure']}) : {' ; '.join(r['reasons'][:3])}.**"
            )
            continue
        if not r["valid"]:
            out.append(f"**ÉCHEC — {head} : les validateurs rejouées rejettent le nouveau plan.**")
        c, b = r["changes"], r["bound"]
        attempts = int((r.get("phases") or {}).get("repair_plan", {}).get("calls", 1))
        if attempts > 1:
            out.append(
                f"{head} : le choix des examinateurs n'a pas pourvu toutes les commissions-jours du plan réparé ; "
                f"`repair_and_staff` a retiré une commission ce jour-là et recalculé ({attempts} réparations, "
                f"{(r.get('phases') or {}).get('_restaff', {}).get('calls', '?')} choix d'examinateurs)."
            )
        if b["trivial"] and c["moved_touched"]:
            out.append(
                f"{head} : assez d'examinateurs pour remplacer le malade (minimum trivial 0), et pourtant "
                f"{len(c['moved_touched'])} candidat(s) déplacé(s) : le choix des examinateurs n'a pas trouvé de "
                "remplaçant (règles de composition, conflits d'intérêts ou budget de temps du choix des "
                "examinateurs), et la commission a été retirée ce jour-là."
            )
        if r["wall_time_s"] > target:
            out.append(f"{head} : {seconds(r['wall_time_s'])}, au-delà de la cible de {seconds(target)}.")
        if c["moved_untouched"]:
            out.append(
                f"{head} : {len(c['moved_untouched'])} candidat(s) non touché(s) par l'événement déplacé(s) "
                f"({_listing(c['moved_untouched'])}) : la première phase (seuls les passages touchés bougent) "
                "n'a pas suffi, ou le recalcul a dû élargir."
            )
        low, high = b["min_moves"], b["greedy_moves"]
        if low is not None and high is not None and high > low:
            out.append(
                f"{head} : le glouton « commission libre » déplace {high} candidat(s), le minimum est {low} : "
                "garder les horaires de plus de candidats demande d'échanger des passages non touchés entre "
                "commissions (aux mêmes horaires)."
            )
        stages = [s for s in r["stages"] if str(s.get("etape", "")).endswith("changements")]
        if any(s.get("statut") != "optimal" for s in stages):
            out.append(f"{head} : l'étape « changements » s'arrête sans preuve d'optimalité.")
        if low is not None and len(c["moved_touched"]) != low:
            out.append(
                f"{head} : {len(c['moved_touched'])} candidat(s) touché(s) déplacé(s) pour un minimum de {low}."
            )
    return out


def _replan_section(data: Result, results: list[Result]) -> list[str]:
    """« Recalcul après absences » from a ``python -m benchmarks.rerun`` result."""
    p = data["protocol"]
    pub = data["published"]
    staffed, anonymous = pub["with_examiners"], pub["anonymous"]
    weights = p.get("weights", {})
    now = p["now"]
    now_text = f"{_day(now[:10])} à {now[11:16]}"
    share = float(p.get("staffing_share", 0.2))

    def per_day(rec: Result) -> str:
        return ", ".join(f"{_day(d)} : {n}" for d, n in rec["e4_commissions_per_day"].items())

    lines = [
        "## Recalcul après absences (`oraux replanifier`)",
        "",
        "Section **générée** par `.venv/bin/python -m benchmarks.rerun` (lancé aussi par `make bench`) à",
        f"partir de `benchmarks/results/{data['_file']}`, mesuré le {data['date']}"
        + (" (**essai rapide**, temps courts)" if data.get("quick") else "")
        + ".",
        "",
        "**Protocole.**",
        "",
        f"- *Plan publié* : la session `{data['session']}` (`{data['source']}`) planifiée par `plan_and_publish`",
        f"  avec sa liste d'examinateurs, CP-SAT {seconds(staffed['time_limit_s'])} au plus, {p['workers']} threads,",
        f"  graine {p['seed']} : statut « {staffed['status']} », {seconds(staffed['wall_time_s'])}, "
        f"{staffed['commission_days']} journées-commission ; commissions E4 par jour : {per_day(staffed)}.",
        f"  Pour le scénario D, la même session planifiée sans examinateurs (commissions anonymes) : "
        f"« {anonymous['status']} », {seconds(anonymous['wall_time_s'])}, {anonymous['commission_days']} "
        f"journées-commission ; E4 par jour : {per_day(anonymous)}. Ces temps ne sont pas l'objet de la mesure.",
        f"- *Moment du recalcul* : le {now_text}, veille de la semaine d'E4 : tous les oraux E4 et E6 sont",
        "  à venir, aucun n'est figé.",
        "- *Recalcul* : chaque scénario part d'une copie du plan publié (`plan-v1`) et passe par",
        f"  `replan_and_publish` (ce que fait `oraux replanifier`), temps maximal {seconds(p['replan_time_limit_s'])} "
        f"({num(100 * (1 - share), 0)} % pour",
        f"  le placement, {num(100 * share, 0)} % pour les examinateurs), {p['workers']} threads, graine {p['seed']}.",
        "- *Scénarios* :",
    ]
    for r in data["scenarios"]:
        lines.append(f"  - **{r['key']} « {r['name']} »** : {r['description']}.")
    lines += [
        "",
        "**Ce qui est mesuré.**",
        "",
        "- *Temps total* : tout `replan_and_publish` — lecture des données et du plan publié, application",
        "  des événements, réparation CP-SAT, choix des examinateurs, validateurs, écriture du nouveau plan,",
        "  de `planning.csv`, des figures (celles des jours inchangés reprises du dossier du plan publié,",
        "  les autres redessinées par deux processus pendant l'écriture des classeurs), des classeurs",
        f"  et de `changements.xlsx`. Cible : moins de {seconds(p['target_s'])} sur 2 cœurs.",
        "  *Réparation* : le placement des oraux seul (`plan.solver.wall_time`) ; seuls les blocs",
        "  d'épreuves où le plan publié ne tient plus sont recalculés.",
        "- *Candidats déplacés* : candidats dont un oral change de jour ou de site (« date ou site ») ou",
        "  seulement d'horaire ; *touchés* : ceux de la commission-jour que l'événement atteint. Les",
        "  *convocations à renvoyer* comptent aussi les changements de salle et de statut (désistés, NV) ;",
        "  les *examinateurs à prévenir*, ceux dont la commission change un jour ou dont la",
        "  commission-jour change de salle ou d'horaires.",
        "- *Poids des changements* : ce que minimise le recalcul, par candidat le plus lourd de ses",
        f"  changements : autre jour ou site {weights.get('date', '?')} + urgence, autre horaire "
        f"{weights.get('horaire', '?')} + urgence, salle ou commission",
        f"  {weights.get('salle', '?')} ; urgence = {weights.get('urgence_jours', '?')} − jours restants avant l'oral "
        f"({_urgency(p)} pour le {_day(p['day'])} vu du {_day(now[:10])}).",
        "- *Validité* : le pipeline refuse tout plan invalide ; le benchmark rejoue en plus les validateurs",
        "  (`validate`, `validate_examiners`, `validate_rerun`) sur le nouveau plan.",
        "",
        "**Le minimum de candidats à déplacer, calculé sans le solveur.** Les passages *touchés* sont ceux",
        "de la commission-jour de l'examinateur malade (ou de la commission fermée) ce jour-là, désistés",
        "exclus. Comme la première phase du recalcul, le calcul garde chaque passage non touché à son jour",
        "et à son horaire. Ce jour-là, au plus *C* commissions E4 peuvent siéger au site : salles ouvertes,",
        "examinateurs habilités en E4 disponibles (le malade exclu) divisés par deux, et en D les commissions",
        "du plan publié moins la commission fermée. Un ensemble de passages touchés peut garder ses horaires",
        "si, à chaque instant, les passages en cours (non touchés compris) ne dépassent pas *C* : des",
        "oraux qui ne sont jamais plus de *C* à la fois se répartissent toujours entre *C* commissions",
        "(coloration d'un graphe d'intervalles), quitte à échanger des passages non touchés entre",
        "commissions aux mêmes horaires. Le calcul essaie tous les sous-ensembles de passages touchés et",
        "garde le plus grand qui tient : c'est exact, et aucun plan qui garde les passages non touchés à",
        "leur horaire ne déplace moins de candidats. Il ne compte que le nombre de commissions : les autres",
        "règles des examinateurs (même établissement qu'un candidat, maximum par jour, commission mixte) ne",
        "peuvent que l'augmenter ; la loge ne change pas, les horaires gardés étant ceux du plan publié.",
        "Le glouton « commission libre » (chaque passage touché, par heure de début, dans la première autre",
        "commission du jour et du site sans passage pendant son oral, les autres commissions gardant les",
        "leurs) donne un plan possible au regard du nombre de commissions : un majorant. Quand un",
        "remplaçant peut siéger (examinateurs disponibles pour au moins autant de commissions que le plan",
        "publié en compte ce jour-là), la commission continue avec un autre examinateur et le minimum, 0,",
        "est trivial. L'étape « changements » de CP-SAT, quand elle est « optimale », prouve que le *poids*",
        "des changements est minimal sous la même hypothèse (seuls les passages touchés bougent) ; le poids",
        "n'est pas le nombre de candidats, d'où la comparaison avec le minimum indépendant.",
        "",
    ]
    fastest = [r for r in data["scenarios"] if r["ok"]]
    if fastest:
        longest = max(fastest, key=lambda r: r["wall_time_s"])
        all_met = len(fastest) == len(data["scenarios"]) and all(
            r["wall_time_s"] <= p["target_s"] and r["valid"] for r in fastest
        )
        lines += [
            "**Objectif.** Recalcul en moins de "
            f"{seconds(p['target_s'])} sur 2 cœurs : {'**atteint**' if all_met else '**non atteint**'} "
            f"({len(fastest)} scénario(s) sur {len(data['scenarios'])} aboutis ; le plus long : "
            f"{longest['key']}, {seconds(longest['wall_time_s'])}).",
            "",
        ]
    for r in data["scenarios"]:
        lines += [f"### Scénario {r['key']} « {r['name']} »", ""]
        published = staffed if r["with_examiners"] else anonymous
        lines += _replan_table(r, float(p["target_s"]), published)
        if r["bound"]["slots"]:
            lines += ["", "Passages touchés :", ""]
            lines += _touched_table(r)
        if r.get("stages"):
            lines += ["", "Étapes du solveur (réparation) :", ""]
            lines += _stages_table(r)
        lines.append("")
    remarks = _replan_remarks(data)
    if remarks:
        lines += ["**Remarques**", ""]
        lines += [f"- {x}" for x in remarks]
        lines.append("")
    lines += ["### Machine du recalcul", ""]
    lines += _machine_table(data["machine"])
    load = data.get("load_average", {})
    lines += [
        "",
        f"- Mesuré le {data['date']}, charge moyenne de la machine sur 1 min : {num(load.get('start'), 2)} au "
        f"début, {num(load.get('end'), 2)} à la fin.",
    ]
    if results:
        m = results[0]["machine"]
        code = ("git", "code_sha256")
        if {k: v for k, v in data["machine"].items() if k not in code} != {
            k: v for k, v in m.items() if k not in code
        }:
            lines.append("- **Attention : pas mesuré sur la même machine que les instances ci-dessus.**")
        # The planner's code is what matters: its digest, not the commit.
        if data["machine"].get("code_sha256") != m.get("code_sha256"):
            lines.append("- Code mesuré différent de celui des instances ci-dessus (voir l'empreinte).")
    lines.append("")
    return lines
