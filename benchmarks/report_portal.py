"""The « download portal under load » section of ``BENCHMARKS.md``
(:mod:`benchmarks.portal`)."""

from __future__ import annotations

from typing import Any

from benchmarks.report_commands import french_number

Result = dict[str, Any]


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{french_number(x, 0)} ms"


def _mib(size: float) -> str:
    return f"{french_number(size / 2**20)} Mio"


def _kib(size: float) -> str:
    return f"{french_number(size / 2**10, 0)} Kio"


def portal_section(data: Result) -> list[str]:
    """The section, from one results file of :mod:`benchmarks.portal`."""
    machine = data.get("machine", {})
    load = data.get("load_average", {})
    p = data["protocol"]
    d = data["downloads"]
    logins = data["logins"]
    clients, threads = p["clients"], p["waitress_threads"]
    versions = p.get("versions", {})
    lines = [
        "## Portail de téléchargement : charge",
        "",
        f"Mesuré par `python -m benchmarks.portal` : la session fournie (`{p['session']}`, {p['candidates']}",
        f"candidats) planifiée par `oraux planifier {p['planifier']}` dans un dossier temporaire, le plan",
        "publié (`oraux publier`) dans une base du portail neuve, puis servi par waitress sur",
        f"{p['host']} (port libre, boucle locale seulement) avec **{threads} fils**, ceux d'`oraux portail`,",
        "dans un fil du processus de mesure. Base : "
        f"{p['database']} ; connexions : {p.get('database_pool', '?')}, {p.get('database_connections_max') or '?'} au plus.",
        "",
        f"{clients} clients (un fil chacun, `urllib` de la bibliothèque standard) ouvrent chacun le lien",
        f"personnel d'un des {p['site_heads']} chefs de centre, à tour de rôle : chaque client a donc son propre",
        "cookie de session, et lit sur sa page « mes documents » le lien du classeur des salles de son",
        "centre (`salles-*.xlsx`). Puis, lâchés ensemble par une barrière, ils téléchargent chacun ce",
        f"classeur une fois. *Simultanés* veut dire ceci : les {clients} requêtes partent en quelques",
        f"millisecondes (l'écart est mesuré), mais le serveur n'en traite que {threads} à la fois et garde",
        f"au plus {p['waitress_connection_limit']} connexions ouvertes (réglage par défaut de waitress) ; les",
        "autres attendent, et la latence d'un téléchargement compte cette attente. *Latence* : du départ",
        "de la requête au dernier octet reçu ; *en-têtes* : jusqu'à la réception des en-têtes de la",
        "réponse. Chaque réponse est contrôlée (code 200, octets identiques au fichier du dossier du",
        "plan) et chaque téléchargement doit être journalisé dans la base : la moindre erreur fait",
        "échouer la mesure. Clients et serveur partagent le même processus Python (et son verrou",
        "global) et les cœurs de la machine : les temps sont ceux d'un serveur chargé par ses propres",
        "clients, plutôt pessimistes.",
        "",
        f"Mesuré le {data.get('date', '?')}, code `{machine.get('git', '?')}`, {machine.get('cpu_usable', '?')} "
        f"cœurs utilisables, charge moyenne sur 1 min {french_number(load.get('start'), 2)} au début, "
        f"{french_number(load.get('end'), 2)} à la fin ; waitress {versions.get('waitress', '?')}, Flask "
        f"{versions.get('flask', '?')}, SQLAlchemy {versions.get('sqlalchemy', '?')}.",
        "",
    ]
    if data.get("error_count"):
        lines += [
            f"> **ÉCHEC : {data['error_count']} erreur(s).** Premières : "
            + " ; ".join(str(e).replace("|", "\\|") for e in data.get("errors", [])[:5]),
            "",
        ]
    published = data.get("published", {})
    rows = [
        ("Téléchargements réussis / lancés", f"**{d['ok']} / {d['count']}**"),
        ("Erreurs", f"**{d['errors']}**" if d["errors"] else "0"),
        ("Téléchargements journalisés dans la base", str(data.get("logged_downloads", "—"))),
        ("Octets reçus", _mib(d["bytes"])),
        ("Temps total (du premier départ à la dernière réponse)", f"{french_number(d['wall_s'], 2)} s"),
        ("Écart entre le premier et le dernier départ", _ms(d.get("start_spread_ms"))),
        (
            "Latence par téléchargement : médiane / 95e centile",
            f"**{_ms(d['median_ms'])} / {_ms(d['p95_ms'])}**",
        ),
        ("Latence : la plus courte / la plus longue", f"{_ms(d.get('min_ms'))} / {_ms(d.get('max_ms'))}"),
        (
            "En-têtes reçus : médiane / 95e centile",
            f"{_ms(d.get('headers_median_ms'))} / {_ms(d.get('headers_p95_ms'))}",
        ),
        ("Débit", f"{french_number(d['throughput_mib_s'])} Mio/s, {french_number(d['per_s'])} téléchargements/s"),
        ("Requêtes en attente d'un fil de waitress, au plus", str(data.get("queue", {}).get("deepest", "—"))),
        (
            f"Fois où waitress a cessé d'accepter des connexions (limite de {p['waitress_connection_limit']} atteinte)",
            str(data.get("connection_limit_reached", "—")),
        ),
        (
            "Connexions à la base tenues à la fois, au plus",
            f"{data.get('database_connections_peak', '—')} (sur {p.get('database_connections_max') or '?'})",
        ),
        (
            f"Ouverture des liens puis page « mes documents » ({logins['count']} clients lancés ensemble, sans barrière)",
            f"{logins['ok']} réussies, médiane {_ms(logins.get('median_ms'))}, 95e centile "
            f"{_ms(logins.get('p95_ms'))}, {french_number(logins['wall_s'], 2)} s en tout",
        ),
        (
            "Publication du plan dans la base",
            f"{french_number(data.get('publish_s'), 1)} s, {published.get('documents', '?')} documents, "
            f"{published.get('recipients', '?')} liens, base de {french_number(data.get('database_mib'))} Mio",
        ),
    ]
    lines += ["| Mesure | Valeur |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines += [
        "",
        "| Chef de centre | Classeur | Taille | Téléchargements | Latence médiane | 95e centile |",
        "|---|---|---|---|---|---|",
    ]
    for w in data.get("per_workbook", []):
        lines.append(
            f"| {w['site_head']} | `{w['workbook']}` | {_kib(w['size'])} | {w['downloads']} | "
            f"{_ms(w['median_ms'])} | {_ms(w['p95_ms'])} |"
        )
    lines.append("")
    return lines
