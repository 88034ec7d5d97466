"""Loading the candidate list(s) of a session: one row per candidate.

A list is one or several CSV or xlsx files (read by :func:`read_table`, so
with its tolerance for encodings, delimiters and header spellings).  Every
cell of every file is checked before anything is returned: the caller gets
either all the candidates, or one :class:`InputError` carrying every problem
of every file, located by file, line, column (as written in the file's
header) and value.

Non-fatal findings (ignored columns, a centre recognised by its town, an
établissement missing from ``etablissements.csv``…) do not stop the load:
they come back as :attr:`CandidateList.warnings`, one per file and distinct
value rather than one per row, so that a list of 500 rows stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

from scheduler.domain.session import Candidate, Centre, Session
from scheduler.errors import InputError, Problem
from scheduler.io.lists import Invalid, Seen, matching_files, read_lists
from scheduler.io.tables import Column, Row, Table, normalize

T = TypeVar("T")

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
]

_CANDIDATE_GLOBS = ("candidats*.csv", "candidats*.xlsx")

_TRUE = frozenset({"oui", "o", "1", "x", "vrai", "true", "yes", "y"})
_FALSE = frozenset({"non", "n", "0", "faux", "false", "no"})
#: Cells that plainly mean "nothing" (besides an empty cell).
_DASHES = frozenset({"-", "–", "—"})
_NONE_WORDS = frozenset({"aucun", "aucune", "neant", "sans", "non"})
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
    if not paths:
        raise InputError([Problem("liste des candidats", "aucun fichier de candidats fourni")])
    checker = _Checker(session)
    found = read_lists(paths, CANDIDATE_COLUMNS, "des candidats", checker.check_table)
    return CandidateList(found, checker.warnings)


class _Checker:
    """Cell and row checks against one session, with state shared across files."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.languages = {normalize(lang): lang for lang in session.languages}
        self.centres = _CentreIndex(session.centres)
        self.etablissements = {normalize(e.name): e.name for e in session.etablissements}
        self.numbers: dict[str, Seen] = {}
        self.warnings: list[Problem] = []

    def check_table(self, table: Table) -> tuple[list[Candidate], list[Problem]]:
        problems = list(table.problems)
        for label in table.ignored_columns:
            self.warnings.append(Problem(table.file, "colonne non reconnue : ignorée", column=label))
        if not table.rows and not table.problems:
            problems.append(
                Problem(table.file, "aucun candidat : le fichier ne contient que la ligne d'en-tête")
            )
        if not self.session.centres and table.rows:
            problems.append(
                Problem(
                    table.file,
                    "impossible de vérifier les centres d'écrit : la session n'en déclare aucun (centres.csv)",
                    column=table.headers.get("centre_ecrit", "centre_ecrit"),
                )
            )
        # Warnings grouped per distinct (column, message, value) of the file.
        grouped: dict[tuple[str, str, str], Seen] = {}
        candidates: list[Candidate] = []
        for row in table.rows:
            candidate = self._check_row(table, row, problems, grouped)
            if candidate is not None:
                candidates.append(candidate)
        for (column, message, value), seen in grouped.items():
            others = f" (et {seen.count - 1} autre(s) ligne(s))" if seen.count > 1 else ""
            self.warnings.append(
                Problem(
                    table.file,
                    message + others,
                    line=seen.line,
                    column=table.headers.get(column, column),
                    value=value,
                )
            )
        return candidates, problems

    def _check_row(
        self,
        table: Table,
        row: Row,
        problems: list[Problem],
        grouped: dict[tuple[str, str, str], Seen],
    ) -> Candidate | None:
        before = len(problems)
        v = row.values

        def cell(column: str, parse: Callable[[str], T]) -> T | None:
            try:
                return parse(v[column])
            except Invalid as exc:
                problems.append(table.problem(row, column, str(exc)))
                return None

        def warn(column: str, message: str) -> None:
            key = (column, message, v[column])
            if key in grouped:
                grouped[key].count += 1
            else:
                grouped[key] = Seen(table.file, row.line, "")

        number = cell("numero", _parse_number)
        surname = cell("nom", _required_text)
        given_name = cell("prenom", _required_text)
        etablissement = cell("etablissement", _required_text)
        centre = cell("centre_ecrit", _required_text)
        language = cell("lv_obligatoire", self._parse_language)
        optional = cell("lv_facultative", self._parse_language)
        e4, e5, e6, engagement = (cell(c, _parse_bool) for c in ("e4", "e5", "e6", "engagement"))
        e4_nv, e6_nv = (cell(c, _parse_dossier) for c in ("dossier_e4", "dossier_e6"))
        # Under a « Tiers temps » header, oui/non answers that very question.
        if normalize(table.headers.get("amenagement", "")) in _TIERS_TEMPS:
            extra_time = cell("amenagement", _parse_tiers_temps_flag)
        else:
            extra_time = cell("amenagement", _parse_extra_time)

        if number is not None:
            self._check_duplicate(table, row, number, f"{v['nom']} {v['prenom']}".strip(), problems)
        if etablissement is not None and self.etablissements:
            known = self.etablissements.get(normalize(etablissement))
            if known is None:
                warn("etablissement", "établissement absent de etablissements.csv : vérifiez l'orthographe")
            else:
                etablissement = known
        if centre is not None and self.session.centres:
            try:
                found, how = self.centres.find(centre)
            except Invalid as exc:
                problems.append(table.problem(row, "centre_ecrit", str(exc)))
                centre = None
            else:
                if how:
                    warn("centre_ecrit", f"centre d'écrit {how} : « {found.name} » à {found.town}")
                centre = found.name

        # Cross-column rules, reported on the column that must change.
        def header(column: str) -> str:
            return table.headers.get(column, column)

        if language and optional and language == optional:
            problems.append(
                table.problem(
                    row,
                    "lv_facultative",
                    f"langue facultative identique à la langue obligatoire (« {header('lv_obligatoire')} ») : "
                    "laissez-la vide ou choisissez une autre langue",
                )
            )
        if engagement and e6 is False:
            problems.append(
                table.problem(
                    row,
                    "engagement",
                    f"engagement étudiant demandé alors que « {header('e6')} » vaut non : "
                    "il se passe à la suite de l'E6, qui est donc obligatoire",
                )
            )
        for dossier, nv, taken, code in (("dossier_e4", e4_nv, e4, "E4"), ("dossier_e6", e6_nv, e6, "E6")):
            if nv and taken is False:
                problems.append(
                    table.problem(
                        row,
                        dossier,
                        f"dossier non valide (NV) pour un candidat qui ne passe pas l'{code} "
                        f"(« {header(code.lower())} » vaut non)",
                    )
                )

        if len(problems) > before:
            return None
        # Every parse above succeeded (else a problem was recorded), so the
        # required fields are set; the asserts only tell mypy so.
        assert number is not None and surname is not None and given_name is not None
        assert etablissement is not None and centre is not None
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
            source=(table.file, row.line),
        )

    def _check_duplicate(
        self, table: Table, row: Row, number: str, label: str, problems: list[Problem]
    ) -> None:
        key = re.sub(r"\s+", "", number).upper()
        first = self.numbers.get(key)
        if first is None:
            self.numbers[key] = Seen(table.file, row.line, label)
            return
        where = (
            f"ligne {first.line}" if first.file == table.file else f"fichier {first.file}, ligne {first.line}"
        )
        who = f" ({first.label})" if first.label else ""
        problems.append(table.problem(row, "numero", f"numéro en double : déjà attribué {where}{who}"))

    def _parse_language(self, raw: str) -> str | None:
        if _is_blank(raw):
            return None
        known = self.languages.get(normalize(raw))
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
        town = normalize(raw)
        in_town = [c for c in self.centres if normalize(c.town) == town]
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
    return tuple(w for w in normalize(text).split() if w not in _STOPWORDS)


def _is_blank(raw: str) -> bool:
    text = raw.strip()
    return not text or text in _DASHES or normalize(text) in _NONE_WORDS


def _required_text(raw: str) -> str:
    # Collapse runs of spaces: "DUPONT  Marie" and "DUPONT Marie" are one name.
    text = " ".join(raw.split())
    if not text:
        raise Invalid("valeur obligatoire manquante")
    return text


def _parse_number(raw: str) -> str:
    number = _required_text(raw)
    # Excel turns long numbers into "2,1E+07" when the column is not text.
    if re.fullmatch(r"\d+(?:[.,]\d+)?[eE]\+?\d+", number):
        raise Invalid(
            "numéro déformé par Excel (notation scientifique) : formatez la colonne en texte et réexportez"
        )
    return number


def _parse_bool(raw: str) -> bool:
    text = raw.strip()
    if not text or text in _DASHES:
        return False
    # Keys, not normalize("✓") == "": a mark we cannot read must not mean "non".
    key = normalize(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise Invalid(_BOOL_HINT)


def _parse_dossier(raw: str) -> bool:
    """True when the dossier is non valide (NV)."""
    text = raw.strip()
    if not text or text in _DASHES:
        return False
    key = normalize(text)
    if key in _NV:
        return True
    if key in _CONFORME:
        return False
    raise Invalid("attendu « conforme », « NV » (non valide) ou vide")


def _parse_tiers_temps_flag(raw: str) -> Fraction:
    """A cell of a « Tiers temps » column: oui/non, or any form of :func:`_parse_extra_time`."""
    key = normalize(raw)
    if key in _TRUE:
        return Fraction(1, 3)
    if key in _FALSE:
        return Fraction(0)
    return _parse_extra_time(raw)


def _parse_extra_time(raw: str) -> Fraction:
    text = raw.strip()
    if _is_blank(text):
        return Fraction(0)
    if normalize(text) in _TIERS_TEMPS:
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
