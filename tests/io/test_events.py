"""The events-file loader of ``oraux replanifier``: every kind, broken files, warnings."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from scheduler.domain.events import Event
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.errors import InputError, Problem
from scheduler.io.candidates import load_candidates
from scheduler.io.events import EventList, default_event_files, load_events
from scheduler.io.examiners import load_examiners
from scheduler.io.session_file import load_session

ROOT = Path(__file__).resolve().parents[2]
SESSION_DIR = ROOT / "data" / "toulouse-2021"
DATA = Path(__file__).resolve().parents[1] / "data" / "evenements"
HEADER = ["type", "cible", "epreuve", "du", "au", "commentaire"]


@pytest.fixture(scope="module")
def session() -> Session:
    return load_session(SESSION_DIR)


@pytest.fixture(scope="module")
def candidates(session: Session) -> list[Candidate]:
    return load_candidates([SESSION_DIR / "candidats.csv"], session).candidates


@pytest.fixture(scope="module")
def examiners(session: Session) -> list[Examiner]:
    return load_examiners([SESSION_DIR / "examinateurs.csv"], session).examiners


def real_numbers() -> dict[str, list[str]]:
    """Candidate numbers of the bundled list, read from the file itself."""
    with (SESSION_DIR / "candidats.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return {
        "e4_e6": [r["numero"] for r in rows if r["e4"] == "oui" and r["e6"] == "oui"],
        "no_e4": [r["numero"] for r in rows if r["e4"] == "non"],
    }


def write_csv(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    lines = [header or HEADER, *rows]
    path.write_text("\n".join(";".join(r) for r in lines) + "\n", encoding="utf-8")
    return path


def load(
    paths: list[Path], session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> EventList:
    return load_events(paths, session, candidates, examiners)


def problems_of(
    paths: list[Path], session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> list[Problem]:
    with pytest.raises(InputError) as err:
        load_events(paths, session, candidates, examiners)
    return err.value.problems


# --- Good files -------------------------------------------------------------


def good_rows(examiner: str) -> list[list[str]]:
    numbers = real_numbers()
    a, b, c = numbers["e4_e6"][:3]
    return [
        ["candidat_absent", a, "", "", "", "malade"],
        [" Candidat  Absent ", b, "e 4", "", "", ""],
        ["Candidat désisté", c, "", "", "", "abandon"],
        ["dossier_non_conforme", a, "E6", "", "", "rapport manquant"],
        ["examinateur_indisponible", examiner, "", "2021-06-07", "2021-06-08", ""],
        ["Examinateur indisponible", "e2-ang-c01", "", "01/06/2021", "", ""],
        ["salle_indisponible", "castres / Salle 3", "", "2021-06-08", "", "dégât des eaux"],
        ["salle_indisponible", "Castres Salle 4", "", "08/06/2021", "09/06/2021", ""],
        ["salle_indisponible", "Muret / 2", "", "2021-05-25", "", ""],
        ["candidat_ajouté", "0219999999", "", "", "", "inscription tardive"],
    ]


def test_every_kind_is_parsed_from_a_good_csv(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    examiner = next(e for e in examiners if "E4" in e.epreuves)
    path = write_csv(tmp_path / "evenements.csv", good_rows(examiner.id.lower()))
    result = load([path], session, candidates, examiners)
    a, b, c = real_numbers()["e4_e6"][:3]
    assert result.warnings == []
    assert list(result) == [
        Event("candidat_absent", a, comment="malade", source=("evenements.csv", 2)),
        Event("candidat_absent", b, epreuve="E4", source=("evenements.csv", 3)),
        Event("candidat_desiste", c, comment="abandon", source=("evenements.csv", 4)),
        Event(
            "dossier_non_conforme", a, epreuve="E6", comment="rapport manquant", source=("evenements.csv", 5)
        ),
        Event(
            "examinateur_indisponible",
            examiner.id,
            first_day=date(2021, 6, 7),
            last_day=date(2021, 6, 8),
            source=("evenements.csv", 6),
        ),
        Event(
            "examinateur_indisponible",
            "E2-ANG-C01",
            first_day=date(2021, 6, 1),
            last_day=date(2021, 6, 1),
            source=("evenements.csv", 7),
        ),
        Event(
            "salle_indisponible",
            "castres",
            first_day=date(2021, 6, 8),
            last_day=date(2021, 6, 8),
            room="Salle 3",
            comment="dégât des eaux",
            source=("evenements.csv", 8),
        ),
        Event(
            "salle_indisponible",
            "castres",
            first_day=date(2021, 6, 8),
            last_day=date(2021, 6, 9),
            room="Salle 4",
            source=("evenements.csv", 9),
        ),
        Event(
            "salle_indisponible",
            "muret",
            first_day=date(2021, 5, 25),
            last_day=date(2021, 5, 25),
            room="Salle 2",
            source=("evenements.csv", 10),
        ),
        Event("candidat_ajoute", "0219999999", comment="inscription tardive", source=("evenements.csv", 11)),
    ]
    assert result.events[4].covers(date(2021, 6, 8)) and not result.events[4].covers(date(2021, 6, 9))
    assert not result.events[0].covers(date(2021, 6, 8))


def test_xlsx_reads_like_csv(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    examiner = next(e for e in examiners if "E4" in e.epreuves)
    rows = good_rows(examiner.id)
    csv_events = load([write_csv(tmp_path / "evenements.csv", rows)], session, candidates, examiners)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for r in rows:
        # A date typed in Excel is a date cell, not text.
        ws.append([date.fromisoformat(v) if v[:4] == "2021" else v for v in r])
    wb.save(tmp_path / "evenements.xlsx")
    xlsx_events = load([tmp_path / "evenements.xlsx"], session, candidates, examiners)
    strip = [(e.kind, e.target, e.epreuve, e.first_day, e.last_day, e.room, e.comment) for e in csv_events]
    assert [
        (e.kind, e.target, e.epreuve, e.first_day, e.last_day, e.room, e.comment) for e in xlsx_events
    ] == strip
    assert xlsx_events.events[0].source == ("evenements.xlsx", 2)


def test_several_files_keep_file_then_line_order(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    a, b = real_numbers()["e4_e6"][:2]
    first = write_csv(tmp_path / "evenements-1.csv", [["candidat_absent", b, "", "", "", ""]])
    second = write_csv(tmp_path / "evenements-2.csv", [["candidat_absent", a, "", "", "", ""]])
    result = load([first, second], session, candidates, examiners)
    assert [e.target for e in result] == [b, a]


def test_default_event_files(tmp_path: Path) -> None:
    for name in (
        "evenements.csv",
        "Événements-juin.xlsx",
        "EVENEMENTS-2.CSV",
        "~$evenements.xlsx",
        "autre.csv",
        # macOS stores names decomposed (E + combining accent).
        unicodedata.normalize("NFD", "Événements-mac.csv"),
    ):
        (tmp_path / name).write_text("x")
    # Decomposed names sort apart from composed ones: compare as sets.
    assert {unicodedata.normalize("NFC", p.name) for p in default_event_files(tmp_path)} == {
        "EVENEMENTS-2.CSV",
        "evenements.csv",
        "Événements-juin.xlsx",
        "Événements-mac.csv",
    }
    assert default_event_files(tmp_path / "absent") == []


# --- Warnings ---------------------------------------------------------------


def test_identical_event_lines_are_kept_once_with_a_warning(
    session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    result = load([DATA / "doublon.csv"], session, candidates, examiners)
    assert [(e.target, e.epreuve, e.comment) for e in result] == [("0210100001", "E4", "malade")]
    assert [str(w) for w in result.warnings] == [
        "doublon.csv, ligne 3 : événement en double : identique à celui de la ligne 2 ; il n'est retenu qu'une fois"
    ]


def test_duplicate_across_files_names_the_first_file(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    line = ["salle_indisponible", "Tarbes / Salle 1", "", "2021-06-01", "", ""]
    first = write_csv(tmp_path / "evenements-1.csv", [line])
    second = write_csv(
        tmp_path / "evenements-2.csv", [["Salle indisponible", "tarbes/salle 1", "", "01/06/2021", "", ""]]
    )
    result = load([first, second], session, candidates, examiners)
    assert len(result) == 1
    assert [w.message for w in result.warnings] == [
        "événement en double : identique à celui du fichier evenements-1.csv, ligne 2 ; il n'est retenu qu'une fois"
    ]


def test_days_without_orals_give_a_warning(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    path = write_csv(
        tmp_path / "evenements.csv",
        [
            # Castres holds the E4 (7-10 June) only.
            ["salle_indisponible", "castres / Salle 1", "", "2021-06-21", "", ""],
            ["examinateur_indisponible", "E4-C01", "", "2021-06-12", "2021-06-13", ""],
            ["examinateur_indisponible", "E4-C02", "", "2021-06-10", "2021-06-13", ""],
        ],
    )
    result = load([path], session, candidates, examiners)
    assert len(result) == 3
    assert [(w.line, w.column, w.message) for w in result.warnings] == [
        (
            2,
            "du",
            "aucun jour d'oral sur le site castres dans cette période : l'événement ne changera rien "
            "(dates des oraux : E4 du 07/06/2021 au 10/06/2021)",
        ),
        (
            3,
            "du",
            "aucun jour d'oral de la commission E4-C01 dans cette période : l'événement ne changera rien "
            "(dates des oraux : E4 du 07/06/2021 au 10/06/2021)",
        ),
    ]


def test_header_only_file_and_unknown_column_are_warnings(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    path = write_csv(tmp_path / "evenements.csv", [], header=[*HEADER, "saisi par"])
    result = load([path], session, candidates, examiners)
    assert len(result) == 0
    assert [str(w) for w in result.warnings] == [
        "evenements.csv, colonne « saisi par » : colonne non reconnue : ignorée",
        "evenements.csv : aucun événement : le fichier ne contient que la ligne d'en-tête",
    ]


# --- Broken files -----------------------------------------------------------

BROKEN: list[tuple[str, list[str]]] = [
    (
        "type-inconnu.csv",
        [
            "type-inconnu.csv, ligne 3, colonne « type », valeur « candidat en retard » : type d'événement "
            "inconnu ; types possibles : candidat_absent, candidat_desiste, dossier_non_conforme, "
            "examinateur_indisponible, salle_indisponible, candidat_ajoute"
        ],
    ),
    (
        "candidat-inconnu.csv",
        [
            "candidat-inconnu.csv, ligne 2, colonne « cible », valeur « 0219999999 » : numéro inconnu de la "
            "liste des candidats (pour un nouvel inscrit : type « candidat_ajoute »)"
        ],
    ),
    (
        "numero-zeros-perdus.csv",
        [
            "numero-zeros-perdus.csv, ligne 2, colonne « cible », valeur « 210100001 » : numéro inconnu de la "
            "liste des candidats ; zéros initiaux perdus par Excel ? « 0210100001 » (ALVES Marco) existe : "
            "formatez la colonne en texte"
        ],
    ),
    (
        "epreuve-non-inscrite.csv",
        [
            "epreuve-non-inscrite.csv, ligne 2, colonne « epreuve », valeur « E4 » : le candidat 0210100002 "
            "(BENOÎT Julien) n'est pas inscrit à cette épreuve ; ses épreuves : aucune"
        ],
    ),
    (
        "dossier-e5.csv",
        [
            "dossier-e5.csv, ligne 2, colonne « epreuve », valeur « E5 » : l'E5 n'a pas de dossier qui puisse "
            "être non conforme (épreuves à dossier : E4 ou E6)"
        ],
    ),
    (
        "dossier-sans-epreuve.csv",
        [
            "dossier-sans-epreuve.csv, ligne 2, colonne « epreuve », valeur «  » : épreuve obligatoire pour "
            "un dossier non conforme : E4 ou E6"
        ],
    ),
    (
        "examinateur-inconnu.csv",
        [
            "examinateur-inconnu.csv, ligne 2, colonne « cible », valeur « EX999 » : examinateur inconnu de "
            "la liste des examinateurs (ou commission : attendu par exemple E4-C03 ou E2-ANG-C01)"
        ],
    ),
    (
        "commission-mal-formee.csv",
        [
            "commission-mal-formee.csv, ligne 2, colonne « cible », valeur « E4-ANG-C01 » : les commissions "
            "de l'E4 ne sont pas par langue : écrivez E4-C01",
            "commission-mal-formee.csv, ligne 3, colonne « cible », valeur « E2-C01 » : langue manquante : "
            "les commissions de l'E2 sont par langue, par exemple E2-ANG-C01",
            "commission-mal-formee.csv, ligne 4, colonne « cible », valeur « E2F-ANG-C01 » : commission d'une "
            "épreuve sans commissions propres ; épreuves à commissions : E2, E4, E5, E6",
            "commission-mal-formee.csv, ligne 5, colonne « cible », valeur « E4-C » : identifiant de "
            "commission mal formé : attendu par exemple E4-C03 ou E2-ANG-C01",
        ],
    ),
    (
        "date-illisible.csv",
        [
            "date-illisible.csv, ligne 2, colonne « du », valeur « 07-06-21 » : date illisible ; attendu "
            "AAAA-MM-JJ ou JJ/MM/AAAA",
            "date-illisible.csv, ligne 3, colonne « du », valeur « 31/06/2021 » : date impossible ; attendu "
            "AAAA-MM-JJ ou JJ/MM/AAAA",
        ],
    ),
    (
        "plage-inversee.csv",
        [
            "plage-inversee.csv, ligne 2, colonne « au », valeur « 2021-06-08 » : date de fin antérieure à la "
            "date de début (09/06/2021) : corrigez l'une ou l'autre"
        ],
    ),
    (
        "date-manquante.csv",
        [
            "date-manquante.csv, ligne 2, colonne « du », valeur «  » : date de début obligatoire pour un "
            "événement « salle_indisponible » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"
        ],
    ),
    (
        "salle-inexistante.csv",
        [
            "salle-inexistante.csv, ligne 2, colonne « cible », valeur « castres / Salle 25 » : salle "
            "inexistante : le site castres (Castres) a 24 salle(s) d'interrogation, de Salle 1 à Salle 24"
        ],
    ),
    (
        "site-inconnu.csv",
        [
            "site-inconnu.csv, ligne 2, colonne « cible », valeur « Albi / Salle 1 » : site inconnu ; sites "
            "de la session : castres (Castres), tarbes (Tarbes), toulouse (Toulouse), muret (Muret)",
            "site-inconnu.csv, ligne 3, colonne « cible », valeur « castres » : site ou salle illisible : "
            "attendu « site / Salle N », par exemple « castres / Salle 3 »",
        ],
    ),
    (
        "candidat-ajoute-existant.csv",
        [
            "candidat-ajoute-existant.csv, ligne 2, colonne « cible », valeur « 0210100001 » : numéro déjà "
            "dans la liste des candidats (ALVES Marco, candidats.csv ligne 2) : un candidat ajouté doit avoir "
            "un nouveau numéro"
        ],
    ),
    (
        "cases-sans-objet.csv",
        [
            "cases-sans-objet.csv, ligne 2, colonne « du », valeur « 2021-06-07 » : sans objet pour un "
            "événement « candidat_absent » : laissez la case vide",
            "cases-sans-objet.csv, ligne 3, colonne « epreuve », valeur « E4 » : sans objet pour un événement "
            "« salle_indisponible » : laissez la case vide",
        ],
    ),
    (
        "entete-manquant.csv",
        [
            "entete-manquant.csv, ligne 1 : colonne(s) obligatoire(s) absente(s) : cible "
            "(en-têtes trouvés : type, epreuve, du)"
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), BROKEN, ids=[name for name, _ in BROKEN])
def test_broken_file_gives_a_precise_french_message(
    name: str, expected: list[str], session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    assert [str(p) for p in problems_of([DATA / name], session, candidates, examiners)] == expected


def test_fixture_numbers_are_real(candidates: list[Candidate]) -> None:
    """The broken fixtures rely on these facts of the bundled candidate list."""
    by_number = {c.number: c for c in candidates}
    assert by_number["0210100001"].requested_orals() == ["E2", "E4", "E5", "E6", "ENG"]
    assert by_number["0210100002"].requested_orals() == []
    assert "0219999999" not in by_number


def test_all_problems_of_a_file_come_together(
    session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    found = [
        (p.line, p.column, p.value)
        for p in problems_of([DATA / "plusieurs-erreurs.csv"], session, candidates, examiners)
    ]
    assert found == [
        (2, "cible", "0219999999"),
        (4, "type", "absent"),
        (5, "au", "2021-06-08"),
        (6, "du", "le 8 juin"),
        (6, "cible", "tarbes / Salle 11"),
    ]


def test_all_problems_of_all_files_come_together(
    session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    problems = problems_of(
        [DATA / "type-inconnu.csv", DATA / "doublon.csv", DATA / "salle-inexistante.csv"],
        session,
        candidates,
        examiners,
    )
    assert [(p.file, p.line) for p in problems] == [("type-inconnu.csv", 3), ("salle-inexistante.csv", 2)]


def test_examiner_id_needs_an_examiner_list(
    tmp_path: Path, session: Session, candidates: list[Candidate]
) -> None:
    path = write_csv(
        tmp_path / "evenements.csv",
        [
            ["examinateur_indisponible", "EX001", "", "2021-06-07", "", ""],
            ["examinateur_indisponible", "E6-C02", "", "2021-06-21", "", ""],
        ],
    )
    problems = problems_of([path], session, candidates, [])
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            "pas de liste d'examinateurs : seul un identifiant de commission est possible "
            "(attendu par exemple E4-C03 ou E2-ANG-C01)",
        )
    ]


def test_missing_optional_column_is_named(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    path = write_csv(
        tmp_path / "evenements.csv", [["salle_indisponible", "toulouse / Salle 1"]], header=["type", "cible"]
    )
    problems = problems_of([path], session, candidates, examiners)
    assert [(p.column, p.message) for p in problems] == [
        (
            "du",
            "date de début obligatoire pour un événement « salle_indisponible » (attendu AAAA-MM-JJ ou "
            "JJ/MM/AAAA) (ajoutez une colonne « du »)",
        )
    ]


def test_no_file_is_an_error(
    session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    assert [p.message for p in problems_of([], session, candidates, examiners)] == [
        "aucun fichier d'événements fourni"
    ]


def test_an_examiner_row_may_name_the_epreuve_the_examiner_examines(
    tmp_path: Path, session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> None:
    """Issue #12: « EX016, E4, 8 juin » is read as the examiner's unavailability; an épreuve they do not examine is refused."""
    examiner = next(e for e in examiners if e.epreuves == frozenset({"E4"}))
    good = write_csv(
        tmp_path / "evenements.csv", [["examinateur_indisponible", examiner.id, "E4", "08/06/2021", "", ""]]
    )
    (event,) = load([good], session, candidates, examiners)
    assert (event.target, event.epreuve, event.first_day) == (examiner.id, None, date(2021, 6, 8))
    bad = write_csv(
        tmp_path / "faux.csv", [["examinateur_indisponible", examiner.id, "E2", "08/06/2021", "", ""]]
    )
    (problem,) = problems_of([bad], session, candidates, examiners)
    assert str(problem) == (
        f"faux.csv, ligne 2, colonne « epreuve », valeur « E2 » : l'examinateur {examiner.id} "
        "n'interroge pas à l'épreuve E2 ; ses épreuves : E4"
    )
