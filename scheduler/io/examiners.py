"""Loading the examiner list(s) of a session: one row per examiner.

Read by the list skeleton (:mod:`scheduler.io.lists`), like the candidate
list: either all the examiners, or one :class:`InputError` carrying every
problem of every file.  This module holds what is particular to examiners:
the columns, the cell formats and the cross-checks against the session.

Non-fatal findings (ignored columns, languages given to a non-E2 examiner, a
day of availability on which none of their orals takes place, an
établissement unknown to the session…) come back as
:attr:`ExaminerList.warnings`, one per file and distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scheduler.domain.schools import school_key, uai_code
from scheduler.domain.session import Examiner, Quality, Session
from scheduler.errors import Problem
from scheduler.io.cells import DASHES, EMAIL_COLUMN, NONE_WORDS, email_address, is_blank, required_text
from scheduler.io.lists import ListReader, matching_files
from scheduler.io.rows import FirstSeen, Invalid, RowCheck, id_key
from scheduler.io.tables import Column
from scheduler.text import WEEKDAYS, loose_key, numeric_date

#: The examiner-list contract: canonical names first, then the spellings
#: exam offices actually use (matched ignoring case, accents and spacing).
EXAMINER_COLUMNS: list[Column] = [
    Column(
        "id",
        (
            "identifiant",
            "identifiant examinateur",
            "code",
            "code examinateur",
            "n° examinateur",
            "numéro examinateur",
            "numéro d'examinateur",
            "matricule",
        ),
    ),
    Column("nom", ("nom de famille", "nom d'usage", "nom de l'examinateur")),
    Column("prenom", ("prénom", "prénoms", "prénom usuel")),
    Column(
        "etablissement",
        (
            "établissement",
            "établissement d'exercice",
            "établissement d'affectation",
            "affectation",
            "lieu d'exercice",
            "employeur",
            "entreprise",
            "structure",
        ),
        required=False,
    ),
    Column("qualite", ("qualité", "statut", "catégorie", "profil")),
    Column("epreuves", ("épreuves", "épreuve", "épreuves examinées", "oraux")),
    Column(
        "langues",
        ("langue", "langues vivantes", "langue vivante", "lv", "langues interrogées"),
        required=False,
    ),
    Column(
        "disponibilites",
        (
            "disponibilités",
            "disponibilité",
            "dates",
            "jours",
            "dates disponibles",
            "jours disponibles",
            "dates de disponibilité",
        ),
        required=False,
    ),
    Column(
        "max_par_jour",
        (
            "max par jour",
            "maximum par jour",
            "candidats par jour",
            "max candidats par jour",
            "nombre maximum par jour",
            "nombre de candidats par jour",
        ),
        required=False,
    ),
    EMAIL_COLUMN,
    Column("uai", ("rne", "code uai", "n° uai", "uai établissement", "code rne"), required=False),
]

_EXAMINER_GLOBS = ("examinateurs*.csv", "examinateurs*.xlsx")

_TEACHER = frozenset({"enseignant", "enseignante", "enseignant e", "prof", "professeur", "professeure"})
_PROFESSIONAL = frozenset({"professionnel", "professionnelle", "professionnel le", "pro"})
_QUALITY_HINT = "attendu « enseignant » ou « professionnel »"
#: Availability cells that mean "no restriction", like an empty cell.
_ANY_DAY = frozenset({"tous", "toutes", "tous les jours", "toutes dates", "indifferent", "sans restriction"})
#: « E 4 » is one code, not « E » and « 4 ».
_SPACED_CODE = re.compile(r"\b([A-Za-z])\s+(\d)")
#: Separators of the list cells (épreuves, langues, disponibilités).
_LIST_SPLIT = re.compile(r"[;,\s]+")
#: « 2021-06-07 .. 2021-06-09 » and « 07/06/2021 au 09/06/2021 » are ranges too.
_RANGE_SEPARATOR = re.compile(r"\s*(?:\.\.|\bau\b)\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE_HINT = "attendu AAAA-MM-JJ ou JJ/MM/AAAA, ou une plage AAAA-MM-JJ..AAAA-MM-JJ"


@dataclass(frozen=True)
class ExaminerList:
    """The examiners of every file, in file then line order, and the warnings.

    Iterating over it (or taking its ``len``) works on the examiners.
    """

    examiners: list[Examiner]
    warnings: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Examiner]:
        return iter(self.examiners)

    def __len__(self) -> int:
        return len(self.examiners)


def default_examiner_files(folder: Path) -> list[Path]:
    """The session folder's ``examinateurs*.csv`` and ``examinateurs*.xlsx``, sorted by name.

    Matching ignores case (``Examinateurs.CSV`` counts); Excel's ``~$…`` lock
    files and LibreOffice's ``.~lock…`` files are left out.
    """
    return matching_files(folder, _EXAMINER_GLOBS)


def load_examiners(paths: list[Path], session: Session) -> ExaminerList:
    """Read and check every examiner file; raise :class:`InputError` with all problems.

    Files are read in the given order; examiners come back in file order,
    then line order.  ``Examiner.source`` is ``(file name, line)``, the file
    name being the full path only when two files share the same name.
    """
    reader = _ExaminerReader(session)
    return ExaminerList(reader.read(paths), reader.warnings)


class _ExaminerReader(ListReader[Examiner]):
    """Cell and row checks against one session, with state shared across files."""

    columns = EXAMINER_COLUMNS
    name = "liste des examinateurs"
    no_file = "aucun fichier d'examinateurs fourni"
    header_only = "aucun examinateur : le fichier ne contient que la ligne d'en-tête"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.languages = {loose_key(lang): lang for lang in session.languages}
        # Épreuves an examiner may be listed for: those with commissions of
        # their own (E2F is examined by E2 commissions, ENG by E6 ones).
        self.codes = [c for c, e in session.epreuves.items() if e.family == c]
        # Épreuves examined per language (E2): their examiners list languages.
        self.by_language = frozenset(c for c in self.codes if session.epreuves[c].by_language)
        self.schools = _school_names(session)
        self.by_uai = {e.uai: e.name for e in session.etablissements if e.uai}
        self.ids = FirstSeen()
        self.people = FirstSeen()

    def parse_row(self, row: RowCheck) -> Examiner | None:
        v = row.values
        ident = row.cell("id", required_text)
        surname = row.cell("nom", required_text)
        given_name = row.cell("prenom", required_text)
        etablissement = "" if is_blank(v["etablissement"]) else " ".join(v["etablissement"].split())
        quality = row.cell("qualite", _parse_quality)
        epreuves = row.cell("epreuves", self._parse_epreuves)
        languages = row.cell("langues", self._parse_languages)
        available = row.cell("disponibilites", _parse_days)
        max_per_day = row.cell("max_par_jour", _parse_max_per_day)
        email = row.cell("courriel", email_address)

        if ident is not None:
            label = f"{v['nom']} {v['prenom']}".strip()
            row.unique("id", self.ids, id_key(ident), label, "identifiant")
        if surname is not None and given_name is not None:
            first = row.repeat(self.people, (loose_key(surname), loose_key(given_name)), v["id"])
            if first is not None:
                row.note(
                    row.at(
                        "nom",
                        f"même nom et prénom que l'examinateur {first.label} ({row.where(first)}) : "
                        "vérifiez qu'il ne s'agit pas de la même personne inscrite deux fois",
                    )
                )

        # A UAI code (its own column, or written for the établissement) names
        # the établissement of etablissements.csv with that code.
        uai = uai_code(v["uai"]) or uai_code(etablissement)
        if v["uai"].strip() and not uai_code(v["uai"]):
            row.fail("uai", "code UAI invalide : attendu sept chiffres et une lettre")
        elif uai in self.by_uai:
            etablissement = self.by_uai[uai]
        elif uai:
            row.warn(
                "uai" if v["uai"].strip() else "etablissement",
                f"UAI {uai} absent de etablissements.csv (colonne uai) : établissement pris tel qu'écrit",
            )

        # Cross-column rules, reported on the column that must change.
        if quality == "enseignant" and not etablissement:
            row.missing(
                "etablissement",
                "établissement obligatoire pour un enseignant : sans lui, on ne peut pas éviter "
                "qu'il interroge ses propres élèves",
            )
        elif etablissement:
            known = self.schools.get(school_key(etablissement))
            if known:
                etablissement = known
            elif quality == "enseignant":
                row.warn(
                    "etablissement",
                    "établissement inconnu de la session (ni dans etablissements.csv, ni centre d'écrit, "
                    "ni site d'oral) : vérifiez l'orthographe, sinon un conflit d'intérêts avec ses élèves "
                    "passerait inaperçu",
                )
        if epreuves is not None and languages is not None:
            per_language = sorted(epreuves & self.by_language)
            if per_language and not languages:
                row.missing(
                    "langues",
                    f"langue(s) obligatoire(s) pour un examinateur de l'{per_language[0]} "
                    f"(« {row.header('epreuves')} ») : indiquez les langues qu'il interroge",
                )
            elif languages and not per_language:
                row.warn(
                    "langues",
                    f"langues ignorées : elles ne servent qu'aux examinateurs de l'{' ou l'.join(sorted(self.by_language))}"
                    if self.by_language
                    else "langues ignorées : aucune épreuve de la session n'est interrogée par langue",
                )
                languages = frozenset()
        if epreuves is not None and available is not None:
            unusable = self._unusable_days(available, epreuves)
            if unusable:
                row.warn("disponibilites", unusable)

        if row.failed:
            return None
        # Every parse above succeeded (else a problem was recorded), so the
        # required fields are set; the asserts only tell mypy so.
        assert ident is not None and surname is not None and given_name is not None
        assert quality is not None and epreuves is not None and languages is not None
        return Examiner(
            id=ident,
            surname=surname,
            given_name=given_name,
            etablissement=etablissement,
            quality=quality,
            epreuves=epreuves,
            languages=languages,
            available=None if available is None else frozenset(available.days),
            max_per_day=max_per_day,
            email=email or "",
            source=row.source,
        )

    def _parse_epreuves(self, raw: str) -> frozenset[str]:
        listed = ", ".join(self.codes) or "aucune"
        tokens = _split(_SPACED_CODE.sub(r"\1\2", raw))
        if not tokens:
            raise Invalid(f"valeur obligatoire manquante : au moins une épreuve parmi {listed}")
        codes: set[str] = set()
        unknown: list[str] = []
        reasons: list[str] = []
        for token in tokens:
            code = loose_key(token).replace(" ", "").upper()
            epreuve = self.session.epreuves.get(code)
            if epreuve is None:
                unknown.append(token)
            elif epreuve.family != code:
                # E2F and ENG have no commissions of their own: saying who
                # examines them beats a bare "unknown".
                parent = epreuve.family
                after = f", à la suite de l'{parent}" if epreuve.follows else ""
                reasons.append(
                    f"« {token} » ne se déclare pas : l'épreuve « {epreuve.label} » ({code}) est examinée "
                    f"par les examinateurs de l'{parent}{after} ; indiquez {parent}"
                )
            else:
                codes.add(code)
        if unknown:
            reasons.append(f"épreuve(s) inconnue(s) : {_quoted(unknown)} ; épreuves possibles : {listed}")
        if reasons:
            raise Invalid(" ; ".join(reasons))
        return frozenset(codes)

    def _parse_languages(self, raw: str) -> frozenset[str]:
        if is_blank(raw):
            return frozenset()
        found: set[str] = set()
        unknown: list[str] = []
        for token in _split(raw):
            known = self.languages.get(loose_key(token))
            if known is None:
                unknown.append(token)
            else:
                found.add(known)
        if unknown:
            listed = ", ".join(self.session.languages) or "aucune"
            raise Invalid(f"langue(s) inconnue(s) : {_quoted(unknown)} ; langues de la session : {listed}")
        return frozenset(found)

    def _unusable_days(self, available: _Days, epreuves: frozenset[str]) -> str:
        """A French warning on the dates given that fall on no oral day of ``epreuves``, or "".

        A range is only reported when none of its days is usable: a range
        running over a weekend is the normal way of writing a week.
        """
        windows = [e for e in self.session.epreuves.values() if e.family in epreuves]
        usable = {d for e in windows for d in self.session.working_days(e)}
        reasons: list[str] = []
        for first, last in available.items:
            days = {first + timedelta(days=i) for i in range((last - first).days + 1)}
            if days & usable:
                continue
            if first != last:
                reasons.append(
                    f"du {numeric_date(first)} au {numeric_date(last)} (hors des dates de ses épreuves)"
                )
            elif first.weekday() >= 5:
                reasons.append(f"{numeric_date(first)} ({WEEKDAYS[first.weekday()]})")
            elif first in self.session.holidays:
                reasons.append(f"{numeric_date(first)} (jour férié)")
            else:
                reasons.append(f"{numeric_date(first)} (hors des dates de ses épreuves)")
        if not reasons:
            return ""
        dates = ", ".join(
            f"{e.code} du {numeric_date(e.first_day)} au {numeric_date(e.last_day)}"
            for e in windows
            if e.family == e.code
        )
        return (
            f"jour(s) sans oral de ses épreuves : {', '.join(reasons)} ; ces jours ne lui serviront pas "
            f"(dates des épreuves : {dates})"
        )


def _school_names(session: Session) -> dict[str, str]:
    """School key -> the name the session uses, when the key names a single school.

    etablissements.csv comes first, then écrit centres and oral sites, so that
    « Lycée de la Borde Basse » (site) reads as « Lycée Borde-Basse ».
    """
    names: dict[str, str] = {}
    ambiguous: set[str] = set()
    official = [e.name for e in session.etablissements]
    for name in official:
        key = school_key(name)
        if key in names and names[key] != name:
            ambiguous.add(key)
        names.setdefault(key, name)
    for name in [c.name for c in session.centres] + [s.etablissement for s in session.sites.values()]:
        names.setdefault(school_key(name), name)
    return {k: n for k, n in names.items() if k and k not in ambiguous}


@dataclass(frozen=True)
class _Days:
    """A parsed availability cell: its items as ``(first, last)`` and every day they cover."""

    items: tuple[tuple[date, date], ...]
    days: frozenset[date]


def _parse_days(raw: str) -> _Days | None:
    """``None`` (every day) for an empty cell, else the listed dates and ranges."""
    text = raw.strip()
    if not text or text in DASHES or loose_key(text) in _ANY_DAY:
        return None
    if loose_key(text) in NONE_WORDS:
        # "aucune" may mean "no restriction" as well as "never available":
        # guessing either way would silently plan the wrong thing.
        raise Invalid(
            "valeur ambiguë : laissez la case vide si l'examinateur peut venir tous les jours "
            "des oraux de ses épreuves, sinon indiquez ses dates (retirez-le de la liste s'il ne peut pas venir)"
        )
    text = _RANGE_SEPARATOR.sub("..", text)
    items: list[tuple[date, date]] = []
    bad: list[str] = []
    reasons: list[str] = []
    for token in _split(text):
        if ".." in token:
            start_text, _, end_text = token.partition("..")
            start, end = _parse_date(start_text), _parse_date(end_text)
            if start is None or end is None:
                bad.append(token)
            elif end < start:
                reasons.append(
                    f"plage inversée « {token} » : la fin ({numeric_date(end)}) précède le début ({numeric_date(start)})"
                )
            else:
                items.append((start, end))
        else:
            day = _parse_date(token)
            if day is None:
                bad.append(token)
            else:
                items.append((day, day))
    if bad:
        reasons.append(f"date(s) illisible(s) ou impossible(s) : {_quoted(bad)} ; {_DATE_HINT}")
    if reasons:
        raise Invalid(" ; ".join(reasons))
    days = {first + timedelta(days=i) for first, last in items for i in range((last - first).days + 1)}
    return _Days(tuple(items), frozenset(days))


def _parse_date(text: str) -> date | None:
    iso = _ISO_DATE.fullmatch(text)
    french = _FRENCH_DATE.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        # 31/06/2021 and the like: well formed, but no such day.
        return None
    return None


def _parse_quality(raw: str) -> Quality:
    key = loose_key(raw)
    if not key:
        raise Invalid(f"valeur obligatoire manquante : {_QUALITY_HINT}")
    if key in _TEACHER:
        return "enseignant"
    if key in _PROFESSIONAL:
        return "professionnel"
    raise Invalid(f"qualité inconnue : {_QUALITY_HINT}")


def _parse_max_per_day(raw: str) -> int | None:
    text = raw.strip()
    if is_blank(text):
        return None
    if not re.fullmatch(r"[+-]?\d+", text) or int(text) <= 0:
        raise Invalid("attendu un nombre entier de candidats par jour, au moins 1 (ou vide : pas de limite)")
    return int(text)


def _quoted(values: list[str]) -> str:
    return ", ".join(f"« {v} »" for v in values)


def _split(raw: str) -> list[str]:
    return [t for t in _LIST_SPLIT.split(raw.strip()) if t]
