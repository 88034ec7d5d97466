"""Loading a session folder's own facts: ``session.toml``, centres, établissements."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from scheduler.domain.schools import uai_code
from scheduler.domain.session import (
    Centre,
    DailyHours,
    Epreuve,
    Etablissement,
    ExaminerGroup,
    Mode,
    Origin,
    Preferences,
    SampleSettings,
    Session,
    Site,
)
from scheduler.errors import InputError, Problem
from scheduler.io.candidates import FIXED_COLUMNS, candidate_columns
from scheduler.io.cells import EMAIL_COLUMN, email_address
from scheduler.io.rows import Invalid
from scheduler.io.tables import Column, read_table

SESSION_FILE = "session.toml"
CENTRES_FILE = "centres.csv"
ETABLISSEMENTS_FILE = "etablissements.csv"
#: A session code names the folders of its plans (``models/<code>``,
#: ``sorties/<code>``): nothing that could leave them.
SESSION_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Most rooms, loge seats and computer stations of one site.
SITE_LIMITS = {"salles_interrogation": 200, "places_loge": 2_000, "postes_informatiques": 1_000}
#: Most members of a commission.
MAX_COMMISSION_SIZE = 10

_CENTRE_COLUMNS = [
    Column("centre", ("centre d'écrit", "centre ecrit")),
    Column("ville"),
    Column("effectif_annonce", ("effectif", "nombre de candidats", "candidats")),
    Column("origine", ("etablissement d'origine", "etablissement")),
    Column("effectif_origine", ("nombre", "effectif origine")),
]
_ETAB_COLUMNS = [
    Column("etablissement", ("établissement", "nom", "organisme")),
    Column("ville", required=False),
    Column("type", ("nature", "statut")),
    EMAIL_COLUMN,
    Column("uai", ("rne", "code uai", "n° uai", "code rne"), required=False),
]

_MODES: dict[str, Mode] = {"ponctuel": "ponctuel", "ccf": "CCF"}


class _Toml:
    """Typed access to the parsed TOML, collecting problems instead of raising."""

    def __init__(self, file: str, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data
        self.problems: list[Problem] = []
        #: Keys looked up, by table (``id``): any other key is unknown.
        self._seen: dict[int, set[str]] = {}
        #: Tables whose keys are names (sites, towns), not settings.
        self._named: set[int] = set()

    def named_keys(self, table: object) -> None:
        """``table``'s keys are names chosen by the office (sites, towns)."""
        self._named.add(id(table))

    def unknown_keys(self) -> None:
        """Report every key of the file that nothing read: a misspelt key
        (« [objectifs] ») would otherwise be ignored without a word."""
        self._walk(self.data, "")

    def _walk(self, table: dict[str, Any], where: str) -> None:
        seen = self._seen.get(id(table), set())
        for key, value in table.items():
            here = f"{where}.{key}" if where else key
            if id(table) not in self._named and key not in seen:
                known = ", ".join(sorted(seen)) or "aucune"
                self._fail(
                    f"[{where}] {key}" if where else key,
                    f"clé inconnue, faute de frappe ? (clés reconnues ici : {known})",
                )
                continue
            if isinstance(value, dict):
                self._walk(value, here)
            elif isinstance(value, list):
                for i, item in enumerate(value, start=1):
                    if isinstance(item, dict):
                        self._walk(item, f"{here} n° {i}")

    def _fail(self, where: str, message: str, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.file, f"{where} : {message}", value=shown))

    def get(self, table: dict[str, Any], where: str, key: str, kind: type, default: Any = ...) -> Any:
        self._seen.setdefault(id(table), set()).add(key)
        if key not in table:
            if default is ...:
                self._fail(f"[{where}] {key}", "clé obligatoire absente")
                return None
            return default
        value = table[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            expected = {
                int: "un nombre entier",
                str: "un texte",
                list: "une liste",
                bool: "true ou false",
                date: "une date AAAA-MM-JJ",
                dict: "une table",
            }[kind]
            self._fail(f"[{where}] {key}", f"valeur invalide, attendu {expected}", value)
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            self._fail(f"[{where}] {key}", "valeur négative", value)
            return None
        return value

    def time(self, table: dict[str, Any], where: str, key: str) -> int | None:
        raw = self.get(table, where, key, str)
        if raw is None:
            return None
        m = re.fullmatch(r"(\d{1,2})[:hH](\d{2})", raw.strip())
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            self._fail(f"[{where}] {key}", "heure invalide, attendu HH:MM", raw)
            return None
        return int(m.group(1)) * 60 + int(m.group(2))

    def email(self, table: dict[str, Any], where: str, key: str) -> str | None:
        """An optional e-mail address, trimmed ("" when absent or empty)."""
        raw = self.get(table, where, key, str, "")
        if raw is None:
            return None
        try:
            return email_address(raw)
        except Invalid as exc:
            self._fail(f"[{where}] {key}", str(exc), raw)
            return None

    def day(self, table: dict[str, Any], where: str, key: str) -> date | None:
        self._seen.setdefault(id(table), set()).add(key)
        value = table.get(key)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                self._fail(f"[{where}] {key}", "date invalide, attendu AAAA-MM-JJ", value)
                return None
        got = self.get(table, where, key, date)
        return got if isinstance(got, date) else None


def load_session(folder: Path) -> Session:
    """Load and check a session folder; raise :class:`InputError` with every problem."""
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "dossier de session introuvable")])
    path = folder / SESSION_FILE
    name = str(path)
    if not path.is_file():
        raise InputError([Problem(name, "fichier de session introuvable")])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError([Problem(name, "le fichier doit être encodé en UTF-8")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([_toml_syntax_problem(name, exc)]) from None
    toml = _Toml(name, data)
    session = _build_session(toml)
    problems = list(toml.problems)
    centres: list[Centre] = []
    etabs: list[Etablissement] = []
    try:
        centres = _load_centres(folder)
    except InputError as exc:
        problems += exc.problems
    try:
        codes = [c for c, e in session.epreuves.items() if not e.follows] if session else []
        etabs = _load_etablissements(folder, codes)
    except InputError as exc:
        problems += exc.problems
    if problems or session is None:
        raise InputError(problems)
    return replace(session, centres=tuple(centres), etablissements=tuple(etabs))


def _toml_syntax_problem(name: str, exc: tomllib.TOMLDecodeError) -> Problem:
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    if m:
        return Problem(name, f"syntaxe TOML invalide (colonne {m.group(2)})", line=int(m.group(1)))
    return Problem(name, f"syntaxe TOML invalide ({exc})")


def _build_session(t: _Toml) -> Session | None:
    head = t.get(t.data, "racine", "session", dict) or {}
    cal = t.get(t.data, "racine", "calendrier", dict) or {}
    code = t.get(head, "session", "code", str)
    if code is not None and not SESSION_CODE.fullmatch(code):
        t._fail(
            "[session] code",
            "le code nomme les dossiers des plans : lettres sans accent, chiffres, « - », « _ » ou « . », "
            "64 caractères au plus, en commençant par une lettre ou un chiffre",
            code,
        )
        code = None
    label = t.get(head, "session", "libelle", str)
    authority = t.get(head, "session", "service", str, "")
    contact = t.get(head, "session", "contact", str, "")
    languages = t.get(head, "session", "langues", list) or []
    holidays = set()
    for raw in t.get(cal, "calendrier", "jours_feries", list, []) or []:
        try:
            holidays.add(raw if isinstance(raw, date) else date.fromisoformat(str(raw)))
        except ValueError:
            t._fail("[calendrier] jours_feries", "date invalide, attendu AAAA-MM-JJ", raw)
    times = [
        t.time(cal, "calendrier", k) for k in ("debut_journee", "debut_pause", "fin_pause", "fin_journee")
    ]
    hours = None
    if all(x is not None for x in times):
        a, b, c, d = (int(x) for x in times if x is not None)
        if not a < b <= c < d:
            t._fail(
                "[calendrier]",
                "horaires incohérents : il faut début < début de pause ≤ fin de pause < fin",
                f"{a}-{b}-{c}-{d}",
            )
        else:
            hours = DailyHours(a, b, c, d)
    grid = t.get(cal, "calendrier", "pas_minutes", int, 10)
    rest = t.get(cal, "calendrier", "repos_minutes", int, 0)
    far = t.get(cal, "calendrier", "trajet_loin_minutes", int, 75)
    welcome = t.get(cal, "calendrier", "accueil_minutes", int, 20)
    if grid is not None and grid <= 0:
        t._fail("[calendrier] pas_minutes", "doit être strictement positif", grid)
        grid = None
    sites = _sites(t)
    # References are checked against every declared site, even one whose own
    # values are wrong: one mistake, one message.
    raw_sites = t.data.get("sites")
    declared = set(raw_sites) if isinstance(raw_sites, dict) else set(sites)
    epreuves = _epreuves(t, declared, grid)
    preferences = _preferences(t)
    travel = _travel(t, declared)
    headers = _candidate_headers(t, epreuves)
    sample = _sample_settings(t, epreuves, [str(x).strip().lower() for x in languages])
    t.unknown_keys()
    if None in (code, label, hours, grid, rest, far, welcome) or t.problems:
        return None
    assert hours is not None
    return Session(
        code=code,
        label=label,
        languages=tuple(str(x).strip().lower() for x in languages),
        holidays=frozenset(holidays),
        hours=hours,
        grid_minutes=grid,
        rest_minutes=rest,
        far_minutes=far,
        welcome_minutes=welcome,
        sites=sites,
        epreuves=epreuves,
        travel_minutes=travel,
        preferences=preferences,
        authority=(authority or "").strip(),
        contact=(contact or "").strip(),
        candidate_headers=headers,
        sample=sample,
    )


def _preferences(t: _Toml) -> Preferences:
    raw = t.get(t.data, "racine", "objectif", dict, {}) or {}
    default = Preferences()
    group = t.get(raw, "objectif", "regrouper_etablissements", bool, default.group_schools)
    weights = {
        "far_first": t.get(raw, "objectif", "poids_loin_premiere_rotation", int, default.far_first),
        "other_day": t.get(raw, "objectif", "poids_langues_jours_differents", int, default.other_day),
        "half_hour_wait": t.get(raw, "objectif", "poids_attente_demi_heure", int, default.half_hour_wait),
        "ten_minutes_travel": t.get(
            raw, "objectif", "poids_trajet_dix_minutes", int, default.ten_minutes_travel
        ),
    }
    if group is None or None in weights.values():
        return default
    return Preferences(group_schools=bool(group), **weights)


def _sites(t: _Toml) -> dict[str, Site]:
    sites: dict[str, Site] = {}
    table = t.get(t.data, "racine", "sites", dict) or {}
    t.named_keys(table)
    for key, raw in table.items():
        where = f"sites.{key}"
        if not isinstance(raw, dict):
            t._fail(f"[{where}]", "attendu une table")
            continue
        values = (
            t.get(raw, where, "ville", str),
            t.get(raw, where, "etablissement", str),
            t.get(raw, where, "adresse", str),
            t.get(raw, where, "code_postal", str),
            t.get(raw, where, "salles_interrogation", int),
            t.get(raw, where, "places_loge", int, 0),
            t.get(raw, where, "postes_informatiques", int, 0),
            (t.get(raw, where, "telephone", str, "") or "").strip(),
        )
        email = t.email(raw, where, "courriel")
        over = [
            name for name, most in SITE_LIMITS.items() if isinstance(raw.get(name), int) and raw[name] > most
        ]
        for name in over:
            t._fail(f"[{where}] {name}", f"{SITE_LIMITS[name]} au plus", raw[name])
        if None not in values and email is not None and not over:
            sites[key] = Site(key, *values, email=email)
    return sites


def _epreuves(t: _Toml, sites: set[str], grid: int | None) -> dict[str, Epreuve]:
    out: dict[str, Epreuve] = {}
    for i, raw in enumerate(t.get(t.data, "racine", "epreuves", list) or [], start=1):
        where = f"epreuves n° {i}"
        if not isinstance(raw, dict):
            t._fail(f"[{where}]", "attendu une table [[epreuves]]")
            continue
        code = t.get(raw, where, "code", str)
        if code is None:
            continue
        where = f"epreuves {code}"
        follows = t.get(raw, where, "a_la_suite_de", str, None)
        examined_with = t.get(raw, where, "commissions_de", str, None)
        if examined_with is not None and examined_with not in out:
            t._fail(f"[{where}] commissions_de", "épreuve inconnue ou déclarée après celle-ci", examined_with)
        own_sites = t.get(raw, where, "sites", list, [] if follows else ...) or []
        for s in own_sites:
            if s not in sites:
                t._fail(f"[{where}] sites", f"site inconnu (sites déclarés : {', '.join(sorted(sites))})", s)
        first = t.day(raw, where, "du") if not follows else None
        last = t.day(raw, where, "au") if not follows else None
        if first and last and last < first:
            t._fail(f"[{where}]", "la date de fin précède la date de début", f"{first} → {last}")
        prep = t.get(raw, where, "preparation_minutes", int, 0)
        oral = t.get(raw, where, "interrogation_minutes", int)
        size = t.get(raw, where, "membres_commission", int, 1)
        if oral == 0:
            t._fail(f"[{where}] interrogation_minutes", "un oral dure au moins une minute", oral)
            oral = None
        if size is not None and not 1 <= size <= MAX_COMMISSION_SIZE:
            t._fail(
                f"[{where}] membres_commission",
                f"une commission compte de 1 à {MAX_COMMISSION_SIZE} membres",
                size,
            )
            size = None
        for label, minutes in (("preparation_minutes", prep), ("interrogation_minutes", oral)):
            if grid and minutes is not None and minutes % grid:
                t._fail(f"[{where}] {label}", f"doit être un multiple du pas ({grid} min)", minutes)
        if code in out:
            t._fail(f"[{where}]", "épreuve déclarée deux fois", code)
        if follows is not None and follows not in out:
            t._fail(f"[{where}] a_la_suite_de", "épreuve inconnue ou déclarée après celle-ci", follows)
            continue
        parent = out.get(follows) if follows else None
        label_text = t.get(raw, where, "libelle", str)
        if None in (label_text, oral) or (not follows and None in (first, last)):
            continue
        out[code] = Epreuve(
            code=code,
            label=label_text,
            sites=tuple(own_sites) if not parent else parent.sites,
            first_day=first if not parent else parent.first_day,  # type: ignore[arg-type]
            last_day=last if not parent else parent.last_day,  # type: ignore[arg-type]
            preparation_minutes=prep or 0,
            oral_minutes=oral,
            commission_size=size or 1,
            by_language=bool(t.get(raw, where, "par_langue", bool, False)),
            follows=follows,
            subjects=tuple(t.get(raw, where, "sujets", list, []) or []),
            uses_computer=bool(t.get(raw, where, "poste_informatique", bool, False)),
            examined_with=examined_with,
            mixed_commission=bool(t.get(raw, where, "commission_mixte", bool, False)),
            to_bring=_texts(t, raw, where, "a_apporter"),
            apart_from=_texts(t, raw, where, "examinateurs_differents_de"),
            column=(t.get(raw, where, "colonne", str, "") or "").strip(),
            dossier=bool(t.get(raw, where, "dossier", bool, False)),
            optional=bool(t.get(raw, where, "facultative", bool, False)),
        )
    _check_columns(t, out)
    for code, ep in out.items():
        for other in ep.apart_from:
            known = out.get(other)
            if known is None or known.family != other or other == code or ep.family != code:
                t._fail(
                    f"[epreuves {code}] examinateurs_differents_de",
                    "attendu des épreuves de la session qui ont leurs propres commissions, autres que celle-ci "
                    f"({', '.join(c for c, e in out.items() if e.family == c and c != code)})",
                    other,
                )
    return out


def _check_columns(t: _Toml, epreuves: dict[str, Epreuve]) -> None:
    """Each épreuve's column of the candidate list is its own, and a dossier
    belongs to an épreuve with commissions of its own."""
    taken: dict[str, str] = {}
    for code, ep in epreuves.items():
        names = [ep.column] + ([ep.dossier_column] if ep.dossier else [])
        for name in names:
            if name in FIXED_COLUMNS:
                owner = "une autre colonne de la liste des candidats"
            elif name in taken:
                owner = f"l'épreuve {taken[name]}"
            else:
                taken[name] = code
                continue
            t._fail(f"[epreuves {code}] colonne", f"colonne déjà prise par {owner} : donnez un autre nom", name)
        if ep.dossier and ep.follows:
            t._fail(
                f"[epreuves {code}] dossier",
                f"une épreuve passée à la suite de l'{ep.follows} partage son dossier : "
                f"déclarez dossier = true sur l'{ep.follows}",
                True,
            )


def _texts(t: _Toml, table: dict[str, Any], where: str, key: str) -> tuple[str, ...]:
    """An optional list of non-empty texts (``a_apporter``), stripped."""
    values = t.get(table, where, key, list, []) or []
    out = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            t._fail(f"[{where}] {key}", "valeur invalide, attendu une liste de textes non vides", value)
            continue
        out.append(value.strip())
    return tuple(out)


def _candidate_headers(t: _Toml, epreuves: dict[str, Epreuve]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[colonnes.candidats]``: for a column of the candidate list, the
    header (or headers) of the office's export that gives it, as in
    ``lv_obligatoire = "Langue vivante 1"``."""
    table = t.get(t.data, "racine", "colonnes", dict, {}) or {}
    mapping = t.get(table, "colonnes", "candidats", dict, {}) or {}
    t.named_keys(mapping)
    known = [c.name for c in candidate_columns(epreuves.values())]
    out: list[tuple[str, tuple[str, ...]]] = []
    for key, value in mapping.items():
        where = f"[colonnes.candidats] {key}"
        if key not in known:
            t._fail(where, f"colonne inconnue de la liste des candidats (colonnes : {', '.join(known)})")
            continue
        labels = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if not labels or not all(isinstance(x, str) and x.strip() for x in labels):
            t._fail(where, "valeur invalide, attendu l'en-tête d'une colonne, ou une liste d'en-têtes", value)
            continue
        out.append((key, tuple(x.strip() for x in labels)))
    return tuple(out)


#: Qualities an examiner may have in examinateurs.csv.
_QUALITIES = ("enseignant", "professionnel")


def _sample_settings(t: _Toml, epreuves: dict[str, Epreuve], languages: list[str]) -> SampleSettings:
    """``[exemple]``: how ``oraux exemple`` fills the folder (numbers, dominant
    language, non-valid dossiers, examiner groups)."""
    raw = t.get(t.data, "racine", "exemple", dict, {}) or {}
    prefix = t.get(raw, "exemple", "prefixe_numeros", str, SampleSettings.number_prefix) or ""
    if not re.fullmatch(r"\d{1,4}", prefix):
        t._fail("[exemple] prefixe_numeros", "attendu 1 à 4 chiffres", prefix)
    dominant = (t.get(raw, "exemple", "langue_dominante", str, "") or "").strip().lower()
    if dominant and dominant not in languages:
        t._fail("[exemple] langue_dominante", "langue absente de [session] langues", dominant)
    nv_table = t.get(raw, "exemple", "dossiers_nv", dict, {}) or {}
    t.named_keys(nv_table)
    nv: list[tuple[str, int]] = []
    for code, count in nv_table.items():
        if code not in epreuves or not epreuves[code].dossier:
            dossiers = ", ".join(c for c, e in epreuves.items() if e.dossier) or "aucune"
            t._fail(f"[exemple] dossiers_nv {code}", f"épreuve sans dossier (épreuves à dossier : {dossiers})")
        elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
            t._fail(f"[exemple] dossiers_nv {code}", "attendu un nombre entier positif ou nul", count)
        else:
            nv.append((code, count))
    groups = []
    for i, group in enumerate(t.get(raw, "exemple", "examinateurs", list, []) or [], start=1):
        where = f"exemple.examinateurs n° {i}"
        if not isinstance(group, dict):
            t._fail(f"[{where}]", "attendu une table [[exemple.examinateurs]]")
            continue
        quality = t.get(group, where, "qualite", str)
        size = t.get(group, where, "nombre", int)
        shares = t.get(group, where, "epreuves", dict)
        if quality is not None and quality not in _QUALITIES:
            t._fail(f"[{where}] qualite", f"attendu {' ou '.join(_QUALITIES)}", quality)
            continue
        if None in (quality, size, shares):
            continue
        t.named_keys(shares)
        counts: list[tuple[str, int]] = []
        for code, count in shares.items():
            if code not in epreuves:
                t._fail(f"[{where}] epreuves {code}", "épreuve inconnue")
            elif isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= size:
                t._fail(f"[{where}] epreuves {code}", f"attendu un nombre entre 1 et {size}", count)
            else:
                counts.append((code, count))
        groups.append(ExaminerGroup(quality, size, tuple(counts)))
    return SampleSettings(prefix, dominant, tuple(nv), tuple(groups))


def _travel(t: _Toml, sites: set[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    table = t.get(t.data, "racine", "trajets_minutes", dict, {}) or {}
    t.named_keys(table)
    for town, raw in table.items():
        t.named_keys(raw)
        where = f"trajets_minutes.{town}"
        if not isinstance(raw, dict):
            t._fail(f"[{where}]", "attendu une table { site = minutes }")
            continue
        row: dict[str, int] = {}
        for site, minutes in raw.items():
            if site not in sites:
                t._fail(f"[{where}]", "site inconnu", site)
            elif not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
                t._fail(f"[{where}] {site}", "durée invalide, attendu des minutes", minutes)
            else:
                row[site] = minutes
        out[town] = row
    return out


def _int_cell(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _load_centres(folder: Path) -> list[Centre]:
    path = folder / CENTRES_FILE
    if not path.exists():
        return []
    table = read_table(path, _CENTRE_COLUMNS)
    problems = list(table.problems)
    grouped: dict[str, tuple[str, int, list[Origin]]] = {}
    for row in table.rows:
        v = row.values
        announced, count = _int_cell(v["effectif_annonce"]), _int_cell(v["effectif_origine"])
        if announced is None:
            problems.append(table.problem(row, "effectif_annonce", "attendu un nombre entier"))
        if count is None:
            problems.append(table.problem(row, "effectif_origine", "attendu un nombre entier"))
        if announced is None or count is None:
            continue
        town, known, origins = grouped.setdefault(v["centre"], (v["ville"], announced, []))
        if known != announced:
            problems.append(
                table.problem(row, "effectif_annonce", f"différent de la première ligne du centre ({known})")
            )
        origins.append(Origin(v["origine"], count))
    if problems:
        raise InputError(problems)
    return [Centre(name, town, n, tuple(o)) for name, (town, n, o) in grouped.items()]


def _load_etablissements(folder: Path, codes: list[str]) -> list[Etablissement]:
    """``etablissements.csv``, with a column of the mode (ponctuel or CCF) per
    épreuve code (optional, ponctuel by default)."""
    path = folder / ETABLISSEMENTS_FILE
    if not path.exists():
        return []
    modes_columns = [Column(code.lower(), required=False) for code in codes]
    table = read_table(path, _ETAB_COLUMNS + modes_columns)
    problems = list(table.problems)
    out: list[Etablissement] = []
    for row in table.rows:
        modes: dict[str, Mode] = {}
        for code in (c.lower() for c in codes):
            raw = row.values[code]
            mode = _MODES.get(raw.strip().lower() or "ponctuel")
            if mode is None:
                problems.append(table.problem(row, code, "attendu « ponctuel » ou « CCF »"))
            else:
                modes[code.upper()] = mode
        try:
            email = email_address(row.values["courriel"])
        except Invalid as exc:
            problems.append(table.problem(row, "courriel", str(exc)))
            email = ""
        uai = uai_code(row.values["uai"])
        if row.values["uai"].strip() and not uai:
            problems.append(
                table.problem(row, "uai", "code UAI invalide : attendu sept chiffres et une lettre")
            )
        out.append(
            Etablissement(
                row.values["etablissement"], row.values["ville"], row.values["type"], modes, email, uai
            )
        )
    if problems:
        raise InputError(problems)
    return out
