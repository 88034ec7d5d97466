"""The candidate-list loader: good formats, broken files, every rule of the contract."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from scheduler.domain.session import Candidate, Session
from scheduler.errors import InputError
from scheduler.io.candidates import CandidateList, candidate_columns, default_candidate_files, load_candidates
from scheduler.io.session_file import load_session
from tests.tiny_sessions import ndrc

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "candidats"
#: The canonical columns of the bundled session's candidate list.
COLUMNS = candidate_columns(load_session(ROOT / "data" / "toulouse-2021").epreuves.values())
HEADER = [c.name for c in COLUMNS]


def fixture(*names: str) -> list[Path]:
    return [DATA / n for n in names]


def row(**cells: str) -> dict[str, str]:
    """A valid row of the canonical contract, with ``cells`` overriding."""
    base = dict.fromkeys(HEADER, "")
    base.update(
        numero="21009001",
        nom="DUPONT",
        prenom="Paul",
        etablissement="EAD 31",
        centre_ecrit="Lycée Berthelot",
        lv_obligatoire="anglais",
        e4="oui",
        e5="oui",
        e6="oui",
    )
    base.update(cells)
    return base


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> Path:
    """Write ``rows`` (keyed by canonical name) under ``header`` (same order)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    for r in rows:
        writer.writerow([r.get(c, "") for c in HEADER])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def load_one(tmp_path: Path, session: Session, **cells: str) -> Candidate:
    loaded = load_candidates([write_csv(tmp_path / "candidats.csv", [row(**cells)])], session)
    assert len(loaded) == 1
    return loaded.candidates[0]


def error_of(paths: list[Path], session: Session) -> InputError:
    with pytest.raises(InputError) as info:
        load_candidates(paths, session)
    return info.value


# --- good files ---------------------------------------------------------------


def test_utf8_bom_semicolon_with_french_headers(session: Session) -> None:
    loaded = load_candidates(fixture("bon-utf8-bom-pointvirgule.csv"), session)
    assert isinstance(loaded, CandidateList)
    c = loaded.candidates
    assert [x.number for x in c] == [f"2100010{i}" for i in range(1, 7)]
    assert c[0] == Candidate(
        number="21000101",
        surname="DURAND",
        given_name="Élodie",
        etablissement="CCI Ariège",
        centre="Lycée Jean Durroux",
        orals=("E2", "E4", "E5", "E6"),
        languages=(("E2", "anglais"),),
        source=("bon-utf8-bom-pointvirgule.csv", 2),
    )
    # "Espagnol " and "Anglais" are stored as the session spells them.
    assert (c[1].oral_language("E2"), c[1].oral_language("E2F")) == ("espagnol", "anglais")
    assert (("E4" in c[1].orals), ("E5" in c[1].orals), ("E6" in c[1].orals), ("ENG" in c[1].orals)) == (
        True,
        False,
        True,
        True,
    )
    assert c[1].extra_time == Fraction(1, 3)
    assert c[2].oral_language("E2") is None and c[2].is_nv("E4") and c[2].extra_time == Fraction(1, 4)
    assert c[3].is_nv("E6") and not c[3].is_nv("E4")
    # Centre written as its town (Cahors has one centre): canonical name kept.
    assert c[4].centre == "Lycée Clément Marot" and c[4].extra_time == Fraction(1, 3)
    # "et" for "&" is the same name; 33,3 % is tiers-temps.
    assert c[5].centre == "CFA Commerce & Services" and c[5].extra_time == Fraction(1, 3)
    assert [str(w) for w in loaded.warnings] == [
        "bon-utf8-bom-pointvirgule.csv, ligne 6, colonne « Centre d'écrit », valeur « Cahors » : "
        "centre d'écrit reconnu par sa ville : « Lycée Clément Marot » à Cahors"
    ]


def test_utf8_comma_with_quoted_fields(session: Session) -> None:
    c = load_candidates(fixture("bon-utf8-virgule.csv"), session).candidates
    assert c[0].surname == "DUPONT, épouse MARTIN"
    assert c[1].given_name == 'Jean "Jeannot"'
    assert c[1].extra_time == Fraction(1, 5) and ("ENG" in c[1].orals) and "E4" not in c[1].orals
    assert c[2].centre == "Lycée Pradeau La Sède" and c[2].oral_language("E2") is None


def test_cp1252_comma_crlf_and_tiers_temps_yes_no_column(session: Session) -> None:
    c = load_candidates(fixture("bon-cp1252-virgule.csv"), session).candidates
    assert [x.surname for x in c] == ["CŒUR", "LAFORÊT, dite LÉA", "ÇELIK"]
    assert [x.given_name for x in c] == ["Bénédicte", "Maëlle", "Öykü"]
    # The column is headed « Tiers temps »: oui/non answer that question.
    assert [x.extra_time for x in c] == [Fraction(1, 3), Fraction(0), Fraction(0)]
    assert c[2].oral_language("E2F") == "allemand"
    assert c[0].source == ("bon-cp1252-virgule.csv", 2)


def test_latin1_is_read_like_windows_1252(session: Session) -> None:
    c = load_candidates(fixture("latin1.csv"), session).candidates
    assert [(x.surname, x.given_name) for x in c] == [("MÉNARD", "Aurélie"), ("FRANÇOIS", "Noël")]
    assert c[1].oral_language("E2") == "allemand"


def test_utf16_tab_export_of_excel(session: Session) -> None:
    (c,) = load_candidates(fixture("bon-utf16-tabulation.csv"), session).candidates
    assert (c.given_name, c.centre) == ("Gaëlle", "CFA Commerce & Services")


def _xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "N° candidat",
            "Nom",
            "Prénom",
            "Établissement",
            "Centre d'écrit",
            "LV",
            "E4",
            "E5",
            "E6",
            "Engagement étudiant",
            "Aménagement",
            "Observations",
        ]
    )
    ws.append(
        [21000901, "MARTIN", "Zoé", "EAD 31", "Lycée Berthelot", "Anglais", True, False, "x", None, 0.25]
    )
    ws.append(
        [21000902, "PETIT", "Léo", "ISSEC Pigier", "Pigier", None, "oui", "oui", "oui", "oui", "tiers-temps"]
    )
    # A row whose last cells are empty: stored without them in the sheet.
    ws.append([21000903, "ROUX", "Ana", "EAD 31", "Lycée Berthelot", "espagnol", "non", "oui", "non"])
    wb.save(path)
    return path


def test_xlsx(tmp_path: Path, session: Session) -> None:
    loaded = load_candidates([_xlsx(tmp_path / "bon.xlsx")], session)
    a, b, c = loaded.candidates
    assert (a.number, a.given_name, a.oral_language("E2")) == ("21000901", "Zoé", "anglais")
    assert (("E4" in a.orals), ("E5" in a.orals), ("E6" in a.orals), a.extra_time) == (
        True,
        False,
        True,
        Fraction(1, 4),
    )
    assert (b.centre, ("ENG" in b.orals), b.extra_time) == ("Lycée ISSEC Pigier", True, Fraction(1, 3))
    assert (c.oral_language("E2"), ("E5" in c.orals), c.source) == ("espagnol", True, ("bon.xlsx", 4))
    assert [(w.column, w.value) for w in loaded.warnings] == [
        ("Observations", None),
        ("Centre d'écrit", "Pigier"),
    ]
    assert "reconnu approximativement" in str(loaded.warnings[1])


@pytest.mark.parametrize("dimension", [b"", b'<dimension ref="A1"/>'])
def test_xlsx_with_missing_or_wrong_dimension(tmp_path: Path, session: Session, dimension: bytes) -> None:
    # Some exporters omit the sheet's <dimension> or write "A1": openpyxl's
    # read-only mode then returned short rows or only column A.
    good = _xlsx(tmp_path / "bon.xlsx")
    bad = tmp_path / "sans-dimension.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", dimension, data)
            zout.writestr(info, data)
    assert len(load_candidates([bad], session)) == 3


def test_several_files_in_order(session: Session) -> None:
    loaded = load_candidates(fixture("bon-utf8-virgule.csv", "latin1.csv"), session)
    assert [c.source for c in loaded] == [
        ("bon-utf8-virgule.csv", 2),
        ("bon-utf8-virgule.csv", 3),
        ("bon-utf8-virgule.csv", 4),
        ("latin1.csv", 2),
        ("latin1.csv", 3),
    ]


def test_sample_list_of_the_session_loads(session: Session) -> None:
    folder = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"
    files = default_candidate_files(folder)
    if not files:
        pytest.skip("pas de liste de candidats dans le dossier de session")
    assert len(load_candidates(files, session)) > 0


# --- broken files ---------------------------------------------------------------

BROKEN: list[tuple[str, list[str]]] = [
    ("vide.csv", ["vide.csv", "le fichier est vide"]),
    ("sans-candidat.csv", ["sans-candidat.csv", "aucun candidat"]),
    ("binaire.csv", ["binaire.csv", "fichier binaire"]),
    ("dos-cp850.csv", ["dos-cp850.csv", "encodage non reconnu", "UTF-8"]),
    ("tronque.csv", ["tronque.csv", "ligne 4", "valeur « 21000703;ROBERT;Ma »", "ligne incomplète"]),
    ("tronque-guillemet.csv", ["tronque-guillemet.csv", "ligne 3", "guillemet non refermé"]),
    ("guillemet-mal-place.csv", ["guillemet-mal-place.csv", "ligne 2", "texte après un guillemet fermant"]),
    (
        "entete-manquant.csv",
        [
            "entete-manquant.csv",
            "ligne 1",
            "colonne(s) obligatoire(s) absente(s) : numero, nom",
            "en-têtes trouvés : 21001001, DUPONT",
        ],
    ),
    ("colonne-en-double.csv", ["colonne-en-double.csv", "ligne 1", "« Nom » et « Nom de famille »"]),
    (
        "langue-inconnue.csv",
        [
            "langue-inconnue.csv",
            "ligne 2",
            "colonne « lv_obligatoire »",
            "valeur « occitan »",
            "langue inconnue ; langues de la session : anglais, espagnol",
        ],
    ),
    (
        "nv-sans-epreuve.csv",
        [
            "nv-sans-epreuve.csv",
            "ligne 2",
            "colonne « dossier_e4 »",
            "valeur « NV »",
            "ne passe pas l'E4",
            "ligne 3",
            "colonne « dossier_e6 »",
            "valeur « non conforme »",
        ],
    ),
    (
        "engagement-sans-e6.csv",
        ["engagement-sans-e6.csv", "ligne 2", "colonne « engagement »", "valeur « oui »", "« e6 » vaut non"],
    ),
    (
        "lvf-egale-lv.csv",
        [
            "lvf-egale-lv.csv",
            "ligne 2",
            "colonne « lv_facultative »",
            "valeur « anglais »",
            "langue identique à celle de l'E2",
        ],
    ),
    (
        "amenagement-40pc.csv",
        ["amenagement-40pc.csv", "ligne 2", "colonne « amenagement »", "valeur « 40 % »", "au plus 33,34 %"],
    ),
    (
        "centre-inconnu.csv",
        [
            "centre-inconnu.csv",
            "ligne 2",
            "colonne « centre_ecrit »",
            "valeur « Lycée de Nulle Part »",
            "centre d'écrit inconnu",
            "Lycée Jean de Prades (Castelsarrasin)",
        ],
    ),
    (
        "centre-ambigu.csv",
        [
            "centre-ambigu.csv",
            "ligne 2",
            "valeur « Toulouse »",
            "centre d'écrit ambigu",
            "Lycée ISSEC Pigier, Lycée Berthelot",
        ],
    ),
    (
        "valeur-manquante.csv",
        [
            "valeur-manquante.csv",
            "ligne 2",
            "colonne « nom »",
            "ligne 3",
            "colonne « numero »",
            "valeur obligatoire manquante",
        ],
    ),
    (
        "numero-excel-scientifique.csv",
        ["ligne 2", "colonne « numero »", "valeur « 2,1E+07 »", "notation scientifique"],
    ),
]


@pytest.mark.parametrize(("name", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file(session: Session, name: str, expected: list[str]) -> None:
    message = str(error_of(fixture(name), session))
    for part in expected:
        assert part in message


def test_three_bad_rows_give_three_problems(session: Session) -> None:
    err = error_of(fixture("trois-lignes-fausses.csv"), session)
    assert [(p.line, p.column, p.value) for p in err.problems] == [
        (2, "e5", "peut-être"),
        (4, "centre_ecrit", "Lycée Atlantis"),
        (6, "lv_obligatoire", "klingon"),
    ]
    assert err.report().startswith("3 erreurs dans les données :")


def test_incomplete_row_reported_with_cell_problems(session: Session) -> None:
    err = error_of(fixture("ligne-incomplete-et-cellules-fausses.csv"), session)
    assert [(p.line, p.column) for p in err.problems] == [(2, "e6"), (3, None), (4, "amenagement")]
    # An unreadable mark must not silently mean "non".
    assert err.problems[0].value == "✓"
    assert "ligne incomplète" in err.problems[1].message


def test_problems_of_all_files_together(session: Session) -> None:
    err = error_of(
        fixture(
            "vide.csv", "bon-utf8-virgule.csv", "langue-inconnue.csv", "amenagement-40pc.csv", "binaire.csv"
        ),
        session,
    )
    assert [p.file for p in err.problems] == [
        "vide.csv",
        "langue-inconnue.csv",
        "amenagement-40pc.csv",
        "binaire.csv",
    ]


def test_duplicates_across_files_name_both_places(session: Session) -> None:
    err = error_of(fixture("doublon-a.csv", "doublon-b.csv"), session)
    assert [str(p) for p in err.problems] == [
        "doublon-b.csv, ligne 3, colonne « numero », valeur « 21002101 » : "
        "numéro en double : déjà attribué ligne 2 (SIMON Jade)",
        "doublon-b.csv, ligne 4, colonne « numero », valeur « 21002002 » : "
        "numéro en double : déjà attribué fichier doublon-a.csv, ligne 3 (ROUX Tom)",
    ]


def test_renamed_workbook(tmp_path: Path, session: Session) -> None:
    renamed = tmp_path / "candidats.csv"
    shutil.copy(_xlsx(tmp_path / "bon.xlsx"), renamed)
    assert "classeur Excel renommé" in str(error_of([renamed], session))


def test_missing_file_and_no_file(tmp_path: Path, session: Session) -> None:
    assert "fichier introuvable" in str(error_of([tmp_path / "absent.csv"], session))
    assert "aucun fichier de candidats" in str(error_of([], session))


def test_same_file_twice(session: Session) -> None:
    err = error_of(fixture("latin1.csv", "latin1.csv"), session)
    assert [p.message for p in err.problems] == ["fichier donné deux fois dans la liste des candidats"]


def test_same_name_in_two_folders_shows_paths(tmp_path: Path, session: Session) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_csv(tmp_path / "a" / "candidats.csv", [row(numero="1")])
    b = write_csv(tmp_path / "b" / "candidats.csv", [row(numero="1")])
    err = error_of([a, b], session)
    assert err.problems[0].file == str(b)
    assert f"fichier {a}, ligne 2" in err.problems[0].message


# --- cell rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Fraction(0)),
        ("tiers-temps", Fraction(1, 3)),
        ("Tiers temps", Fraction(1, 3)),
        ("TIERS-TEMPS", Fraction(1, 3)),
        ("1/3 temps", Fraction(1, 3)),
        ("1/3", Fraction(1, 3)),
        ("25 %", Fraction(1, 4)),
        ("25%", Fraction(1, 4)),
        ("25", Fraction(1, 4)),
        ("12,5 %", Fraction(1, 8)),
        ("33 %", Fraction(33, 100)),
        ("33,3 %", Fraction(1, 3)),
        ("33.33%", Fraction(1, 3)),
        ("33,34 %", Fraction(1, 3)),
        ("0,25", Fraction(1, 4)),  # a spreadsheet percentage cell
        ("0", Fraction(0)),
    ],
)
def test_extra_time_accepted(tmp_path: Path, session: Session, text: str, expected: Fraction) -> None:
    assert load_one(tmp_path, session, amenagement=text).extra_time == expected


@pytest.mark.parametrize("text", ["40 %", "33,5 %", "100", "oui", "-10 %", "25 % + salle isolée"])
def test_extra_time_rejected(tmp_path: Path, session: Session, text: str) -> None:
    err = error_of([write_csv(tmp_path / "c.csv", [row(amenagement=text)])], session)
    assert [(p.line, p.column, p.value) for p in err.problems] == [(2, "amenagement", text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", True),
        ("OUI", True),
        ("O", True),
        ("1", True),
        ("x", True),
        ("X", True),
        ("vrai", True),
        ("Vrai", True),
        ("non", False),
        ("N", False),
        ("0", False),
        ("", False),
        ("faux", False),
        (" Non ", False),
    ],
)
def test_booleans(tmp_path: Path, session: Session, text: str, expected: bool) -> None:
    assert ("E5" in load_one(tmp_path, session, e5=text).orals) is expected


@pytest.mark.parametrize("text", ["peut-être", "?", "✓", "2", "ponctuel"])
def test_booleans_rejected(tmp_path: Path, session: Session, text: str) -> None:
    err = error_of([write_csv(tmp_path / "c.csv", [row(e4=text)])], session)
    assert "attendu oui ou non" in err.problems[0].message and err.problems[0].value == text


def test_dossier_spellings(tmp_path: Path, session: Session) -> None:
    for text, nv in [
        ("conforme", False),
        ("Conforme", False),
        ("NV", True),
        ("nv", True),
        ("non valide", True),
        ("Non conforme", True),
        ("", False),
    ]:
        assert load_one(tmp_path, session, dossier_e6=text).is_nv("E6") is nv
    err = error_of([write_csv(tmp_path / "c.csv", [row(dossier_e4="à voir")])], session)
    assert "attendu « conforme », « NV »" in str(err)


def test_languages_compared_normalized(tmp_path: Path, session: Session) -> None:
    c = load_one(tmp_path, session, lv_obligatoire="ANGLAIS", lv_facultative=" Espagnol ")
    assert (c.oral_language("E2"), c.oral_language("E2F")) == ("anglais", "espagnol")
    assert (
        load_one(tmp_path, session, lv_obligatoire="", lv_facultative="italien").oral_language("E2") is None
    )


def test_centre_matching(tmp_path: Path, session: Session) -> None:
    for text, name in [
        ("lycee berthelot", "Lycée Berthelot"),
        ("LYCÉE  JEANNE D'ARC", "Lycée Jeanne d'Arc"),
        ("Rodez", "Lycée Alexis Monteil"),
        ("Berthelot", "Lycée Berthelot"),
        ("CFA Blagnac", "CFA Commerce & Services"),
    ]:
        assert load_one(tmp_path, session, centre_ecrit=text).centre == name
    err = error_of([write_csv(tmp_path / "c.csv", [row(centre_ecrit="Lycée Jean")])], session)
    assert "centre d'écrit ambigu" in str(err) and "Lycée Jean Durroux" in str(err)


def test_names_are_trimmed_and_etablissement_canonical(tmp_path: Path, session: Session) -> None:
    c = load_one(tmp_path, session, nom="  DE  LA  FONTAINE ", etablissement="ead 31")
    assert (c.surname, c.etablissement) == ("DE LA FONTAINE", "EAD 31")


def test_unknown_etablissement_is_one_grouped_warning(tmp_path: Path, session: Session) -> None:
    rows = [row(numero=str(i), etablissement="Lycée Imaginaire") for i in range(3)]
    loaded = load_candidates([write_csv(tmp_path / "c.csv", rows)], session)
    assert [c.etablissement for c in loaded] == ["Lycée Imaginaire"] * 3
    (warning,) = loaded.warnings
    assert str(warning) == (
        "c.csv, ligne 2, colonne « etablissement », valeur « Lycée Imaginaire » : "
        "établissement absent de etablissements.csv : vérifiez l'orthographe (et 2 autre(s) ligne(s))"
    )


# --- headers ----------------------------------------------------------------------


def test_aliases_never_shared_between_columns() -> None:
    owner: dict[str, str] = {}
    for column in COLUMNS:
        for key in column.header_keys():
            assert owner.setdefault(key, column.name) == column.name, key


def test_header_aliases_ignore_case_accents_and_spacing(tmp_path: Path, session: Session) -> None:
    header = [
        "  N° CANDIDAT ",
        "NOM DE FAMILLE",
        "prenoms",
        "ETABLISSEMENT D'ORIGINE",
        "Centre d’écrit",
        "Langue  Vivante",
        "langue facultative",
        "E4  Ponctuel",
        "e5",
        "E 6",
        "engagement etudiant",
        "CONFORMITÉ DOSSIER E4",
        "Dossier E6",
        "Temps majoré",
    ]
    good = write_csv(
        tmp_path / "ok.csv", [row(lv_facultative="russe", amenagement="tiers temps")], header=header
    )
    c = load_candidates([good], session).candidates[0]
    assert (c.oral_language("E2F"), c.extra_time) == ("russe", Fraction(1, 3))
    bad = write_csv(tmp_path / "bad.csv", [row(e6="bof")], header=header)
    assert "colonne « E 6 », valeur « bof »" in str(error_of([bad], session))


def test_optional_columns_may_be_absent(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "court.csv"
    path.write_text(
        "numero;nom;prenom;etablissement;centre_ecrit;lv_obligatoire;e4;e5;e6\n"
        "1;A;B;EAD 31;Lycée Berthelot;;oui;non;oui\n",
        encoding="utf-8",
    )
    (c,) = load_candidates([path], session).candidates
    assert (c.oral_language("E2F"), ("ENG" in c.orals), c.is_nv("E4"), c.extra_time) == (
        None,
        False,
        False,
        Fraction(0),
    )


# --- discovering files ----------------------------------------------------------------


def test_default_candidate_files(tmp_path: Path) -> None:
    for name in [
        "candidats-b.csv",
        "Candidats-a.XLSX",
        "~$candidats-c.xlsx",
        ".~lock.candidats.csv#",
        "notes.csv",
        "candidats.txt",
        "examinateurs.csv",
    ]:
        (tmp_path / name).write_text("x")
    (tmp_path / "candidats-dossier.csv").mkdir()
    assert [p.name for p in default_candidate_files(tmp_path)] == ["Candidats-a.XLSX", "candidats-b.csv"]
    assert default_candidate_files(tmp_path / "absent") == []


# --- property: whatever valid rows, written any supported way, load back the same ---------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâîïôùûüçÉÈÊÀÂÎÔÇ"
# Only letters that Windows-1252 encodes at 0xC0 and above: a cp1252 file made
# of them can never pass for UTF-8 (œ, 0x9C, could, after é).
_NAME = (
    st.text(_LETTERS + " -'.,;\"", min_size=1, max_size=16).map(lambda s: " ".join(s.split())).filter(bool)
)
_YES = ["oui", "OUI", "O", "o", "1", "x", "X", "vrai", "Vrai"]
_NO = ["non", "Non", "N", "0", "", "faux", "FAUX"]
_EXTRA = [
    ("", Fraction(0)),
    ("tiers-temps", Fraction(1, 3)),
    ("Tiers temps", Fraction(1, 3)),
    ("1/3", Fraction(1, 3)),
    ("25 %", Fraction(1, 4)),
    ("25%", Fraction(1, 4)),
    ("10", Fraction(1, 10)),
    ("33,3 %", Fraction(1, 3)),
    ("12,5 %", Fraction(1, 8)),
]


def _spellings(name: str) -> list[str]:
    return [name, name.upper(), name.lower(), f" {name} "]


@st.composite
def _rows(draw: st.DrawFn, session: Session, file: str) -> tuple[list[dict[str, str]], list[Candidate]]:
    numbers = draw(
        st.lists(st.text("0123456789", min_size=1, max_size=10), min_size=1, max_size=8, unique=True)
    )
    rows: list[dict[str, str]] = []
    expected: list[Candidate] = []
    for line, number in enumerate(numbers, start=2):
        etab = draw(st.sampled_from(session.etablissements)).name
        centre = draw(st.sampled_from(session.centres))
        language = draw(st.sampled_from([None, *session.languages]))
        optional = draw(st.sampled_from([None, *(x for x in session.languages if x != language)]))
        e4, e5, e6 = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
        engagement = e6 and draw(st.booleans())
        e4_nv, e6_nv = e4 and draw(st.booleans()), e6 and draw(st.booleans())
        extra, fraction = draw(st.sampled_from(_EXTRA))
        candidate = Candidate(
            number=number,
            surname=draw(_NAME),
            given_name=draw(_NAME),
            etablissement=etab,
            centre=centre.name,
            **ndrc(
                language=language,
                optional_language=optional,
                e4=e4,
                e5=e5,
                e6=e6,
                engagement=engagement,
                e4_nv=e4_nv,
                e6_nv=e6_nv,
            ),
            extra_time=fraction,
            source=(file, line),
        )

        def flag(value: bool) -> str:
            return draw(st.sampled_from(_YES if value else _NO))

        def dossier(nv: bool, taken: bool) -> str:
            return draw(
                st.sampled_from(
                    ["NV", "nv", "non valide", "Non conforme"] if nv else ["", "conforme"] if taken else [""]
                )
            )

        rows.append(
            {
                "numero": number,
                "nom": candidate.surname,
                "prenom": candidate.given_name,
                "etablissement": draw(st.sampled_from(_spellings(etab))),
                "centre_ecrit": draw(st.sampled_from(_spellings(centre.name))),
                "lv_obligatoire": draw(st.sampled_from(_spellings(language))) if language else "",
                "lv_facultative": draw(st.sampled_from(_spellings(optional))) if optional else "",
                "e4": flag(e4),
                "e5": flag(e5),
                "e6": flag(e6),
                "engagement": flag(engagement),
                "dossier_e4": dossier(e4_nv, e4),
                "dossier_e6": dossier(e6_nv, e6),
                "amenagement": extra,
            }
        )
        expected.append(candidate)
    return rows, expected


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    delimiter=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_valid_rows_round_trip(session: Session, data: st.DataObject, delimiter: str, encoding: str) -> None:
    rows, expected = data.draw(_rows(session, "candidats.csv"))
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "candidats.csv", rows, delimiter=delimiter, encoding=encoding)
        assert load_candidates([path], session).candidates == expected


def test_invisible_characters_and_endless_cells_are_named(tmp_path: Path, session: Session) -> None:
    """A control character (one after the first 4 KB too, where the file
    looks like text) and a 600-character name: each named, nothing kept —
    never a crash when the workbooks are written after the solve."""
    sample = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021" / "candidats.csv"
    lines = sample.read_text(encoding="utf-8-sig").splitlines()[:80]

    def edit(line: int, column: int, text: str) -> None:
        cells = lines[line - 1].split(";")
        cells[column] += text
        lines[line - 1] = ";".join(cells)

    edit(3, 1, "\x1b[31m")
    edit(11, 1, "A" * 600)
    edit(71, 2, "\x00x")
    path = tmp_path / "candidats.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 4096
    problems = error_of([path], session).problems
    assert [(p.line, p.column) for p in problems] == [(3, "nom"), (11, "nom"), (71, "prenom")]
    assert "caractère de contrôle invisible (code 0x1b)" in problems[0].message
    assert problems[0].value is not None and "\\x1b" in problems[0].value
    assert "caractères, 500 au plus" in problems[1].message
    assert "code 0x00" in problems[2].message


def test_a_list_wrong_from_end_to_end_prints_the_first_problems_and_a_count(
    tmp_path: Path, session: Session
) -> None:
    """5,000 wrong rows: the reading stops after a thousand problems, the
    first hundred are printed with how many more — not tens of thousands of lines."""
    header = _header()
    rows = [_wrong_row(header, i) for i in range(5_000)]
    path = tmp_path / "candidats.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    err = error_of([path], session)
    report = err.report()
    assert 1_000 <= len(err.problems) <= 1_100
    assert "plus de 1000 erreurs : lecture arrêtée" in err.problems[-1].message
    assert report.count("\n  - ") == 100
    assert f"… et {len(err.problems) - 100} autres, non affichées" in report


def test_more_rows_than_a_session_holds_are_refused_before_being_checked(
    tmp_path: Path, session: Session
) -> None:
    header = _header()
    path = tmp_path / "candidats.csv"
    path.write_text(
        "\n".join([header, *(_wrong_row(header, i) for i in range(20_001))]) + "\n", encoding="utf-8"
    )
    (problem,) = error_of([path], session).problems
    assert problem.message == "20001 lignes, 20000 au plus dans une liste des candidats"


def _header() -> str:
    sample = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021" / "candidats.csv"
    return sample.read_text(encoding="utf-8-sig").splitlines()[0]


def _wrong_row(header: str, i: int) -> str:
    width = header.count(";") + 1
    return ";".join([f"N{i}", "NOM", "Prénom", "Lycée inconnu", "Nulle part", *["peut-être"] * (width - 5)])


def test_a_cell_of_megabytes_is_said_to_be_too_long_not_misquoted(tmp_path: Path, session: Session) -> None:
    sample = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021" / "candidats.csv"
    lines = sample.read_text(encoding="utf-8-sig").splitlines()[:10]
    cells = lines[5].split(";")
    cells[1] = "B" * 5_000_000
    lines[5] = ";".join(cells)
    path = tmp_path / "candidats.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = error_of([path], session).problems
    assert problem.line == 6 and "cellule démesurée" in problem.message and "guillemet" not in problem.message
