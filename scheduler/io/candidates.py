"""Loading the candidate list(s) of a session: one row per candidate.

Read by the list skeleton (:mod:`scheduler.io.lists`): either all the
candidates, or one :class:`InputError` carrying every problem of every file.
This module holds what is particular to candidates: the columns, the cell
formats and the cross-checks against the session.

Non-fatal findings (ignored columns, a centre recognised by its town, an
établissement missing from ``etablissements.csv``…) do not stop the load:
they come back as :attr:`CandidateList.warnings`, one per file and distinct
value rather than one per row, so that a list of 500 rows stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from scheduler.domain.schools import uai_code
from scheduler.domain.session import Candidate, Centre, Epreuve, Etablissement, Registrations, Session
from scheduler.errors import Problem
from scheduler.io.cells import DASHES, is_blank, required_text, unmangled_number
from scheduler.io.lists import ListReader, matching_files
from scheduler.io.rows import FileFindings, FirstSeen, Invalid, RowCheck, id_key
from scheduler.io.tables import Column, mapped_columns
from scheduler.text import loose_key

#: The candidate-list contract, whatever the épreuves: canonical names
#: first, then the spellings exam offices actually use (matched ignoring
#: case, accents and spacing).  The columns of the épreuves come in between
#: (see :func:`candidate_columns`).
_IDENTITY_COLUMNS: list[Column] = [
    Column(
        "numero",
        (
            "numéro",
            "n° candidat",
            "numéro candidat",
            "numéro de candidat",
            "num candidat",
            "n° inscription",
            "numéro d'inscription",
            "n°",
        ),
    ),
    Column("nom", ("nom de famille", "nom d'usage", "nom du candidat")),
    Column("prenom", ("prénom", "prénoms", "prénom usuel")),
    Column(
        "etablissement",
        (
            "établissement",
            "établissement d'origine",
            "établissement de formation",
            "organisme",
            "organisme de formation",
            "origine",
        ),
    ),
    Column("centre_ecrit", ("centre d'écrit", "centre des écrits", "centre écrit", "centre")),
]
_TRAILING_COLUMNS: list[Column] = [
    Column(
        "amenagement",
        (
            "aménagement",
            "aménagements",
            "aménagement d'épreuves",
            "tiers temps",
            "temps majoré",
            "majoration de temps",
        ),
        required=False,
    ),
    Column("uai", ("rne", "code uai", "n° uai", "uai établissement", "code rne"), required=False),
]
#: Names no épreuve's column may take.
FIXED_COLUMNS = frozenset(c.name for c in _IDENTITY_COLUMNS + _TRAILING_COLUMNS) | {"etat"}
#: Other spellings of the épreuve columns the NDRC session names
#: (``colonne`` in session.toml), as offices write them.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "lv_obligatoire": (
        "lv",
        "lv1",
        "langue",
        "langue vivante",
        "lv obligatoire",
        "langue obligatoire",
        "langue vivante obligatoire",
    ),
    "lv_facultative": ("lvf", "lv2", "lv facultative", "langue facultative", "langue vivante facultative"),
    "engagement": ("engagement étudiant", "eng"),
}


def candidate_columns(epreuves: Iterable[Epreuve]) -> list[Column]:
    """The columns of a candidate list for these épreuves: identity, one
    column per épreuve (oui/non, or the language of an épreuve taken in a
    language), the conformity of the dossiers, then the aménagement and UAI."""
    epreuves = list(epreuves)
    columns = list(_IDENTITY_COLUMNS)
    for ep in epreuves:
        code = ep.code.lower()
        own = () if ep.column == code else (code,)
        kind = (f"langue {code}",) if ep.by_language else (f"{code} ponctuel", f"{code} ponctuelle")
        columns.append(
            Column(ep.column, _SPELLINGS.get(ep.column, ()) + own + kind + (f"épreuve {code}",), not ep.optional)
        )
    for ep in epreuves:
        if ep.dossier:
            code = ep.code.lower()
            aliases = (f"dossier {code}", f"conformité {code}", f"conformité dossier {code}")
            columns.append(Column(ep.dossier_column, (*aliases, f"conformité du dossier {code}"), False))
    return columns + _TRAILING_COLUMNS


#: A Cyclades « Liste simple » export has no say on how the orals are taken:
#: its own columns are named exactly (it has both « N° Candidat » and « N°
#: Inscription », « Nom de famille » and « Nom d'usage »); the établissement
#: comes from its preamble; the centre d'écrit, the épreuves taken in
#: ponctuel and the languages, when the export lacks them, from the session's
#: files (see :meth:`_CandidateReader.parse_row`); « Etat » keeps the
#: registered candidates only.
_CYCLADES_NAMES = {"numero": ("n° candidat",), "nom": ("nom de famille",), "prenom": ("prénom(s)",)}


def cyclades_columns(columns: list[Column]) -> list[Column]:
    """The same columns as a Cyclades export gives them: only identity is
    required (the centre and the épreuves may come from the session's files)."""
    required = ("numero", "nom", "prenom", "etablissement")
    return [
        Column(c.name, _CYCLADES_NAMES.get(c.name, c.aliases), required=c.required and c.name in required)
        for c in columns
    ] + [Column("etat", ("état",), required=False)]


#: How the « Etat » of a candidate to convoke begins (« Inscrit »,
#: « Inscrite », « Inscrit(e) »; not « Non inscrit »).
_REGISTERED = "inscrit"

_CANDIDATE_GLOBS = ("candidats*.csv", "candidats*.xlsx")

_TRUE = frozenset({"oui", "o", "1", "x", "vrai", "true", "yes", "y"})
_FALSE = frozenset({"non", "n", "0", "faux", "false", "no"})
_CONFORME = frozenset({"conforme", "valide"})
_NV = frozenset({"nv", "non valide", "non conforme", "invalide"})
_TIERS_TEMPS = frozenset({"tiers temps", "tiers de temps", "tiers", "1 3 temps", "1 3"})
_PERCENT = re.compile(r"\+?\s*(\d+(?:[.,]\d+)?)\s*(%?)")
_MAX_PERCENT = Fraction("33.34")
#: Decimal spellings of 33.333…% (33,3 / 33,33 / 33,34 %) mean tiers-temps:
#: storing 1/3 keeps 33,34 % from rounding a 60-min oral up to 90 min.
_TIERS_LOW = Fraction("33.3")
#: Words ignored when comparing centre names ("&" and "et", "Jeanne d'Arc").
_STOPWORDS = frozenset({"et", "de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "aux", "en"})

_BOOL_HINT = "attendu oui ou non (O/N, 1/0, x ou vide, vrai/faux)"
#: How to give a column a Cyclades export lacks.
_MAP_HINT = (
    "Ajoutez cette colonne à la liste simple exportée, ou nommez dans session.toml la colonne de l'export "
    'qui la donne : [colonnes.candidats] {} = "…"'
)


@dataclass(frozen=True)
class CandidateList:
    """The candidates of every file, in file then line order, and the warnings.

    Iterating over it (or taking its ``len``) works on the candidates.
    """

    candidates: list[Candidate]
    warnings: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)


def default_candidate_files(folder: Path) -> list[Path]:
    """The session folder's ``candidats*.csv`` and ``candidats*.xlsx``, sorted by name.

    Matching ignores case (``Candidats.CSV`` counts); Excel's ``~$…`` lock
    files and LibreOffice's ``.~lock…`` files are left out.
    """
    return matching_files(folder, _CANDIDATE_GLOBS)


def load_candidates(paths: list[Path], session: Session) -> CandidateList:
    """Read and check every candidate file; raise :class:`InputError` with all problems.

    Files are read in the given order; candidates come back in file order,
    then line order.  ``Candidate.source`` is ``(file name, line)``, the file
    name being the full path only when two files share the same name.
    """
    reader = _CandidateReader(session)
    return CandidateList(reader.read(paths), reader.warnings)


class _CandidateReader(ListReader[Candidate]):
    """Cell and row checks against one session, with state shared across files."""

    name = "liste des candidats"
    no_file = "aucun fichier de candidats fourni"
    header_only = "aucun candidat : le fichier ne contient que la ligne d'en-tête"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        mapping = dict(session.candidate_headers)
        columns = candidate_columns(session.epreuves.values())
        self.columns = mapped_columns(columns, mapping)
        self.export_columns = mapped_columns(cyclades_columns(columns), mapping)
        self.languages = {loose_key(lang): lang for lang in session.languages}
        self.centres = _CentreIndex(session.centres)
        self.by_uai = {e.uai: e for e in session.etablissements if e.uai}
        self.by_name = {loose_key(e.name): e for e in session.etablissements}
        self.origins: dict[str, set[str]] = {}
        for centre in session.centres:
            for origin in centre.origins:
                self.origins.setdefault(loose_key(origin.name), set()).add(centre.name)
        self.numbers = FirstSeen()
        #: The centre d'écrit of each établissement of the file being read,
        #: when the file has no such column (a Cyclades export).
        self.derived_centres: dict[str, str] = {}

    def check_file(self, findings: FileFindings) -> None:
        table = findings.table
        if not self.session.centres and table.rows and "centre_ecrit" in table.headers:
            findings.problems.append(
                Problem(
                    table.file,
                    "impossible de vérifier les centres d'écrit : la session n'en déclare aucun (centres.csv)",
                    column=table.headers.get("centre_ecrit", "centre_ecrit"),
                )
            )
        self.derived_centres = {}
        if table.export is None:
            return
        # A Cyclades export without the columns of how the orals are taken:
        # one problem per établissement that the session's files cannot answer.
        schools = {
            (row.values["etablissement"], row.values["uai"])
            for row in table.rows
            if row.values["etablissement"]
        }
        for raw, uai in sorted(schools):
            school = self._school(raw, uai)
            name = school.name if school else raw

            def lacking(message: str, column: str, raw: str = raw) -> None:
                findings.problems.append(
                    Problem(
                        table.file,
                        f"export Cyclades sans colonne {message}. {_MAP_HINT.format(column)}",
                        column=table.headers["etablissement"],
                        value=raw,
                    )
                )

            if "centre_ecrit" not in table.headers:
                centres = self.origins.get(loose_key(name), set())
                if len(centres) == 1:
                    self.derived_centres[loose_key(raw)] = next(iter(centres))
                else:
                    why = (
                        "aucun centre de centres.csv ne le compte"
                        if not centres
                        else f"plusieurs centres de centres.csv le comptent ({', '.join(sorted(centres))})"
                    )
                    lacking(
                        f"de centre d'écrit, et le centre des candidats de « {name} » ne se déduit pas : "
                        f"{why} parmi ses origines",
                        "centre_ecrit",
                    )
            for ep in self.session.epreuves.values():
                ponctuel = school is None or school.mode(ep.code) == "ponctuel"
                if ep.by_language and not ep.optional and ep.column not in table.headers and ponctuel:
                    lacking(
                        f"de langue pour l'{ep.code}, alors que les candidats de « {name} » la passent en "
                        "ponctuel (etablissements.csv)",
                        ep.column,
                    )

    def _school(self, name: str, uai: str) -> Etablissement | None:
        """The établissement of etablissements.csv: by UAI when both sides have one, else by name."""
        found = self.by_uai.get(uai_code(uai) or uai_code(name))
        return found if found is not None else self.by_name.get(loose_key(name))

    def parse_row(self, row: RowCheck) -> Candidate | None:
        v = row.values
        if row.has_column("etat") and v["etat"] and not loose_key(v["etat"]).startswith(_REGISTERED):
            row.warn("etat", "candidat qui n'est pas « Inscrit » dans l'export Cyclades : laissé de côté")
            return None
        number = row.cell("numero", _parse_number)
        surname = row.cell("nom", required_text)
        given_name = row.cell("prenom", required_text)
        etablissement = row.cell("etablissement", required_text)
        if v["uai"] and not uai_code(v["uai"]):
            row.fail("uai", "code UAI invalide : attendu sept chiffres et une lettre")
        school = self._school(etablissement or "", v["uai"]) if self.session.etablissements else None
        if school is not None and loose_key(school.name) != loose_key(etablissement or ""):
            row.warn("etablissement", f"reconnu par son UAI {school.uai} : « {school.name} »")
        if row.has_column("centre_ecrit"):
            centre = row.cell("centre_ecrit", required_text)
        else:
            centre = self.derived_centres.get(loose_key(etablissement or ""))
        orals, languages, nv = self._registrations(row, school)
        # Under a « Tiers temps » header, oui/non answers that very question.
        if loose_key(row.header("amenagement")) in _TIERS_TEMPS:
            extra_time = row.cell("amenagement", _parse_tiers_temps_flag)
        else:
            extra_time = row.cell("amenagement", _parse_extra_time)

        if number is not None:
            label = f"{v['nom']} {v['prenom']}".strip()
            row.unique("numero", self.numbers, id_key(number), label, "numéro")
        if etablissement is not None and self.by_name:
            if school is None:
                row.warn(
                    "etablissement", "établissement absent de etablissements.csv : vérifiez l'orthographe"
                )
            else:
                etablissement = school.name
        if centre is not None and self.session.centres and row.has_column("centre_ecrit"):
            try:
                found, how = self.centres.find(centre)
            except Invalid as exc:
                row.fail("centre_ecrit", str(exc))
                centre = None
            else:
                if how:
                    row.warn("centre_ecrit", f"centre d'écrit {how} : « {found.name} » à {found.town}")
                centre = found.name

        # A centre d'écrit that could not be derived is a problem of the file (check_file).
        if row.failed or centre is None:
            return None
        # Every parse above succeeded (else a problem was recorded), so the
        # required fields are set; the asserts only tell mypy so.
        assert number is not None and surname is not None and given_name is not None
        assert etablissement is not None
        return Candidate(
            number=number,
            surname=surname,
            given_name=given_name,
            etablissement=etablissement,
            centre=centre,
            orals=orals,
            languages=languages,
            nv=nv,
            extra_time=extra_time or Fraction(0),
            source=row.source,
        )

    def _registrations(self, row: RowCheck, school: Etablissement | None) -> Registrations:
        """The orals the row registers for (in the session's order), their
        languages and the orals a non-valid dossier bars; the cross-column
        rules are reported on the column that must change."""
        epreuves = self.session.epreuves
        taken: dict[str, bool | None] = {}
        languages: dict[str, str] = {}
        for ep in epreuves.values():
            if ep.by_language:
                language = row.cell(ep.column, self._parse_language)
                # An unknown language (reported) leaves it unknown whether the oral is taken.
                taken[ep.code] = bool(language) if language or is_blank(row.values[ep.column]) else None
                if language:
                    languages[ep.code] = language
            elif row.has_column(ep.column) or ep.optional:
                taken[ep.code] = row.cell(ep.column, _parse_bool)
            else:
                # Without the column (a Cyclades export), the établissement's mode says it.
                taken[ep.code] = school is None or school.mode(ep.follows or ep.code) == "ponctuel"
        seen_languages: dict[str, str] = {}
        for code, language in languages.items():
            first = seen_languages.setdefault(language, code)
            if first != code:
                row.fail(
                    epreuves[code].column,
                    f"langue identique à celle de l'{first} (« {row.header(epreuves[first].column)} ») : "
                    "laissez-la vide ou choisissez une autre langue",
                )
        for ep in epreuves.values():
            if ep.follows and taken[ep.code] and taken[ep.follows] is False:
                row.fail(
                    ep.column,
                    f"{ep.code} demandé alors que « {row.header(epreuves[ep.follows].column)} » vaut non : "
                    f"il se passe à la suite de l'{ep.follows}, qui est donc obligatoire",
                )
        orals = tuple(code for code, on in taken.items() if on)
        nv: set[str] = set()
        for ep in epreuves.values():
            if not ep.dossier or not row.cell(ep.dossier_column, _parse_dossier):
                continue
            if taken[ep.code] is False:
                row.fail(
                    ep.dossier_column,
                    f"dossier non valide (NV) pour un candidat qui ne passe pas l'{ep.code} "
                    f"(« {row.header(ep.column)} » vaut non)",
                )
            nv |= self.session.barred_by_dossier(ep.code) & set(orals)
        return orals, tuple(languages.items()), frozenset(nv)

    def _parse_language(self, raw: str) -> str | None:
        if is_blank(raw):
            return None
        known = self.languages.get(loose_key(raw))
        if known is None:
            listed = ", ".join(self.session.languages) or "aucune"
            raise Invalid(f"langue inconnue ; langues de la session : {listed} (ou vide)")
        return known


class _CentreIndex:
    """Finds an écrit centre from what a candidate list writes for it."""

    def __init__(self, centres: tuple[Centre, ...]) -> None:
        self.centres = centres

    def find(self, raw: str) -> tuple[Centre, str]:
        """The centre meant by ``raw`` and how it was recognised ("" when by name).

        Tried in order: the name (ignoring case, accents, punctuation and
        little words such as « et »/« & »); the town, when it has a single
        centre; the words written all belonging to a single centre's name
        and town (« Berthelot », « CFA Blagnac »).
        """
        key = _words(raw)
        exact = [c for c in self.centres if _words(c.name) == key]
        if len(exact) == 1:
            return exact[0], ""
        town = loose_key(raw)
        in_town = [c for c in self.centres if loose_key(c.town) == town]
        if len(in_town) == 1:
            return in_town[0], "reconnu par sa ville"
        if len(in_town) > 1:
            names = ", ".join(c.name for c in in_town)
            raise Invalid(
                f"centre d'écrit ambigu : cette ville a plusieurs centres ({names}) ; écrivez le nom du centre"
            )
        words = set(key)
        loose = [c for c in self.centres if words and words <= set(_words(c.name)) | set(_words(c.town))]
        if len(loose) == 1:
            return loose[0], "reconnu approximativement"
        if len(loose) > 1:
            raise Invalid(
                f"centre d'écrit ambigu : peut désigner {_listing(loose)} ; écrivez son nom complet"
            )
        raise Invalid(f"centre d'écrit inconnu ; centres de la session : {_listing(self.centres)}")


def _listing(centres: tuple[Centre, ...] | list[Centre]) -> str:
    return ", ".join(f"{c.name} ({c.town})" for c in centres)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in loose_key(text).split() if w not in _STOPWORDS)


def _parse_number(raw: str) -> str:
    return unmangled_number(required_text(raw))


def _parse_bool(raw: str) -> bool:
    text = raw.strip()
    if not text or text in DASHES:
        return False
    # Keys, not loose_key("✓") == "": a mark we cannot read must not mean "non".
    key = loose_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise Invalid(_BOOL_HINT)


def _parse_dossier(raw: str) -> bool:
    """True when the dossier is non valide (NV)."""
    text = raw.strip()
    if not text or text in DASHES:
        return False
    key = loose_key(text)
    if key in _NV:
        return True
    if key in _CONFORME:
        return False
    raise Invalid("attendu « conforme », « NV » (non valide) ou vide")


def _parse_tiers_temps_flag(raw: str) -> Fraction:
    """A cell of a « Tiers temps » column: oui/non, or any form of :func:`_parse_extra_time`."""
    key = loose_key(raw)
    if key in _TRUE:
        return Fraction(1, 3)
    if key in _FALSE:
        return Fraction(0)
    return _parse_extra_time(raw)


def _parse_extra_time(raw: str) -> Fraction:
    text = raw.strip()
    if is_blank(text):
        return Fraction(0)
    if loose_key(text) in _TIERS_TEMPS:
        return Fraction(1, 3)
    m = _PERCENT.fullmatch(text)
    if m is None:
        raise Invalid("attendu vide, « tiers-temps » ou un pourcentage de majoration (ex. « 25 % »)")
    value = Fraction(m.group(1).replace(",", "."))
    # A spreadsheet percentage cell holds 0.25 for "25 %".
    percent = value * 100 if not m.group(2) and 0 < value < 1 else value
    if percent == 0:
        return Fraction(0)
    if _TIERS_LOW <= percent <= _MAX_PERCENT:
        return Fraction(1, 3)
    if percent > _MAX_PERCENT:
        raise Invalid("majoration trop forte : au plus 33,34 % (tiers-temps)")
    return percent / 100
