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
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from scheduler.domain.schools import uai_code
from scheduler.domain.session import Candidate, Centre, Etablissement, Session
from scheduler.errors import Problem
from scheduler.io.cells import DASHES, is_blank, required_text, unmangled_number
from scheduler.io.lists import ListReader, matching_files
from scheduler.io.rows import FileFindings, FirstSeen, Invalid, RowCheck, id_key
from scheduler.io.tables import Column, mapped_columns
from scheduler.text import loose_key

#: The candidate-list contract: canonical names first, then the spellings
#: exam offices actually use (matched ignoring case, accents and spacing).
CANDIDATE_COLUMNS: list[Column] = [
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
    Column(
        "lv_obligatoire",
        (
            "lv",
            "lv1",
            "langue",
            "langue vivante",
            "lv obligatoire",
            "langue obligatoire",
            "langue vivante obligatoire",
        ),
    ),
    Column(
        "lv_facultative",
        ("lvf", "lv2", "lv facultative", "langue facultative", "langue vivante facultative"),
        required=False,
    ),
    Column("e4", ("e4 ponctuel", "e4 ponctuelle", "épreuve e4")),
    Column("e5", ("e5 ponctuel", "e5 ponctuelle", "épreuve e5")),
    Column("e6", ("e6 ponctuel", "e6 ponctuelle", "épreuve e6")),
    Column("engagement", ("engagement étudiant", "eng"), required=False),
    Column(
        "dossier_e4",
        ("dossier e4", "conformité e4", "conformité dossier e4", "conformité du dossier e4"),
        required=False,
    ),
    Column(
        "dossier_e6",
        ("dossier e6", "conformité e6", "conformité dossier e6", "conformité du dossier e6"),
        required=False,
    ),
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

#: A Cyclades « Liste simple » export has no say on how the orals are taken:
#: its own columns are named exactly (it has both « N° Candidat » and « N°
#: Inscription », « Nom de famille » and « Nom d'usage »); the établissement
#: comes from its preamble; the centre d'écrit, the épreuves taken in
#: ponctuel and the language, when the export lacks them, from the session's
#: files (see :meth:`_CandidateReader.parse_row`); « Etat » keeps the
#: registered candidates only.
_CYCLADES_NAMES = {"numero": ("n° candidat",), "nom": ("nom de famille",), "prenom": ("prénom(s)",)}
#: Columns a Cyclades export may lack: the session's files give them.
_DERIVED = ("centre_ecrit", "lv_obligatoire", "e4", "e5", "e6")
CYCLADES_COLUMNS: list[Column] = [
    Column(
        c.name,
        _CYCLADES_NAMES.get(c.name, c.aliases),
        required=c.required and c.name not in _DERIVED,
    )
    for c in CANDIDATE_COLUMNS
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
        self.columns = mapped_columns(CANDIDATE_COLUMNS, mapping)
        self.export_columns = mapped_columns(CYCLADES_COLUMNS, mapping)
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
            e2_ponctuel = "E2" in self.session.epreuves and (
                school is None or school.mode("E2") == "ponctuel"
            )
            if "lv_obligatoire" not in table.headers and e2_ponctuel:
                lacking(
                    f"de langue vivante, alors que les candidats de « {name} » passent l'E2 en ponctuel "
                    "(etablissements.csv)",
                    "lv_obligatoire",
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
        language = row.cell("lv_obligatoire", self._parse_language)
        optional = row.cell("lv_facultative", self._parse_language)
        # Without the column (a Cyclades export), the établissement's mode says it.
        e4, e5, e6 = (
            row.cell(c, _parse_bool)
            if row.has_column(c)
            else school is None or school.mode(c.upper()) == "ponctuel"
            for c in ("e4", "e5", "e6")
        )
        engagement = row.cell("engagement", _parse_bool)
        e4_nv, e6_nv = (row.cell(c, _parse_dossier) for c in ("dossier_e4", "dossier_e6"))
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

        # Cross-column rules, reported on the column that must change.
        if language and optional and language == optional:
            row.fail(
                "lv_facultative",
                f"langue facultative identique à la langue obligatoire (« {row.header('lv_obligatoire')} ») : "
                "laissez-la vide ou choisissez une autre langue",
            )
        if engagement and e6 is False:
            row.fail(
                "engagement",
                f"engagement étudiant demandé alors que « {row.header('e6')} » vaut non : "
                "il se passe à la suite de l'E6, qui est donc obligatoire",
            )
        for dossier, nv, taken, code in (("dossier_e4", e4_nv, e4, "E4"), ("dossier_e6", e6_nv, e6, "E6")):
            if nv and taken is False:
                row.fail(
                    dossier,
                    f"dossier non valide (NV) pour un candidat qui ne passe pas l'{code} "
                    f"(« {row.header(code.lower())} » vaut non)",
                )

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
            language=language,
            optional_language=optional,
            e4=bool(e4),
            e5=bool(e5),
            e6=bool(e6),
            engagement=bool(engagement),
            e4_nv=bool(e4_nv),
            e6_nv=bool(e6_nv),
            extra_time=extra_time or Fraction(0),
            source=row.source,
        )

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
