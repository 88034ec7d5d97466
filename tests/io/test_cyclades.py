"""Candidate lists as Cyclades « Liste simple » exports: read directly, what
they lack taken from the session's files, what cannot be found said in
French, located."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.domain.session import Candidate
from scheduler.errors import InputError
from scheduler.io.candidates import load_candidates
from scheduler.io.cyclades import is_export, split_export
from scheduler.io.examiners import load_examiners
from scheduler.io.inputs import load_inputs
from scheduler.io.session_file import load_session
from scheduler.io.tables import _csv_records
from tests.cyclades_exports import export_text, write_export

SESSION = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "cyclades"
#: Every column the bundled list has, as an office would add them to its export.
ALL_EXTRA = [
    "Centre d'écrit",
    "LV1 (E2)",
    "Langue facultative",
    "E4 ponctuel",
    "E5 ponctuel",
    "E6 ponctuel",
    "Engagement étudiant",
    "Conformité E4",
    "Conformité E6",
    "Aménagement",
]
#: How the session names the export's columns that no alias knows.
MAPPING = """
[colonnes.candidats]
lv_obligatoire = "LV1 (E2)"
lv_facultative = ["Langue facultative", "LV2"]
"""


def _uai(k: int) -> str:
    return f"{31990 + k:07d}Z"


@pytest.fixture(scope="module")
def bundled() -> list[Candidate]:
    return load_inputs(SESSION).candidates


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The bundled session without its candidate list, each établissement
    given a (fictitious) UAI code, and the export's language columns named."""
    out = tmp_path / "session"
    out.mkdir()
    for name in ("session.toml", "centres.csv"):
        shutil.copy(SESSION / name, out / name)
    with (out / "session.toml").open("a", encoding="utf-8") as f:
        f.write(MAPPING)
    lines = (SESSION / "etablissements.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [lines[0] + ";uai"] + [f"{line};{_uai(k)}" for k, line in enumerate(lines[1:])]
    (out / "etablissements.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out


def _exports(folder: Path, candidates: list[Candidate], extra: list[str]) -> list[Path]:
    """One export per établissement, as each would be downloaded from Cyclades."""
    session = load_session(folder)
    paths = []
    for k, school in enumerate(session.etablissements):
        mine = [c for c in candidates if c.etablissement == school.name]
        if mine:
            paths.append(
                write_export(
                    folder / f"candidats-cyclades-{k:02d}.csv", school.name, school.uai, mine, extra=extra
                )
            )
    return paths


def _same(got: list[Candidate], expected: list[Candidate]) -> None:
    key = {c.number: replace(c, source=("", 0)) for c in expected}
    assert sorted(c.number for c in got) == sorted(key)
    assert [replace(c, source=("", 0)) for c in got] == [key[c.number] for c in got]


def test_the_fixture_file_splits_into_preamble_and_table() -> None:
    text = (FIXTURES / "liste-simple-lycee.csv").read_text(encoding="utf-8-sig")
    assert is_export(text)
    export = split_export(_csv_records(text, "liste-simple-lycee.csv", ";", "'"))
    assert export.etablissement == "LYC FICTIF – VILLENEUVE-SUR-OLT" and export.uai == "0319999X"
    assert export.etablissement_line == 3
    assert export.preamble[0] == "2021" and export.preamble[1] == "Listes simples"
    header_line, header = export.cells[0]
    assert header_line == 9 and header.count("Division de classe") == 2
    first = export.cells[1][1]
    # The quote character is « ' », and « - » is an empty cell.
    assert first[0] == "BTS2 NDRC" and first[3] == "" and first[5] == ""


def test_every_etablissement_s_export_gives_the_office_list(folder: Path, bundled: list[Candidate]) -> None:
    """The bundled candidates exported établissement by établissement, with
    their columns added to the export: read back, the same candidates,
    matched to their établissement by the UAI of the preamble (whose name,
    in capitals and with its town, is not the one of etablissements.csv)."""
    paths = _exports(folder, bundled, ALL_EXTRA)
    loaded = load_candidates(paths, load_session(folder))
    _same(loaded.candidates, bundled)
    # Cyclades's own columns that oraux does not need are said once per file.
    ignored = [w.message for w in loaded.warnings if "non utilisées" in w.message]
    assert len(ignored) == len(paths)
    assert all("« N° Inscription », « N° Océan », « Nom d'usage »" in m for m in ignored)
    assert all(not w.message.startswith("établissement absent") for w in loaded.warnings)


def test_what_an_export_lacks_comes_from_the_session_files(folder: Path, bundled: list[Candidate]) -> None:
    """An export with only Cyclades's columns and the language: the centre
    d'écrit is the one centres.csv lists the établissement under, the orals
    taken in ponctuel those etablissements.csv says (here all four)."""
    session = load_session(folder)
    school = next(e for e in session.etablissements if e.name == "CCI Ariège")
    mine = [c for c in bundled if c.etablissement == school.name]
    path = write_export(folder / "candidats-cci.csv", school.name, school.uai, mine, extra=["LV1 (E2)"])
    got = load_candidates([path], session).candidates
    assert len(got) == len(mine) > 0
    assert {c.centre for c in got} == {"Lycée Jean Durroux"}
    assert all(c.orals == (("E2",) if c.languages else ()) + ("E4", "E5", "E6") for c in got)
    assert [c.languages for c in got] == [c.languages[:1] for c in mine]


def test_a_ccf_etablissement_needs_no_language_column(folder: Path, bundled: list[Candidate]) -> None:
    session = load_session(folder)
    school = next(e for e in session.etablissements if e.mode("E4") == "CCF")
    mine = [c for c in bundled if c.etablissement == school.name]
    path = write_export(folder / "candidats-ccf.csv", school.name, school.uai, mine)
    got = load_candidates([path], session).candidates
    assert len(got) == len(mine) > 0
    assert all(not c.orals for c in got)


def test_what_cannot_be_found_is_said_once_per_etablissement(folder: Path, bundled: list[Candidate]) -> None:
    """« CCI Montauban » has candidates in two centres and takes E2 in
    ponctuel: without those columns, two problems, each naming the file,
    where the établissement comes from, and how to give the column."""
    session = load_session(folder)
    school = next(e for e in session.etablissements if e.name == "CCI Montauban")
    mine = [c for c in bundled if c.etablissement == school.name]
    path = write_export(folder / "candidats-montauban.csv", school.name, school.uai, mine)
    with pytest.raises(InputError) as err:
        load_candidates([path], session)
    problems = err.value.problems
    assert len(problems) == 2
    for p in problems:
        assert p.file == "candidats-montauban.csv"
        assert p.column == "établissement (en-tête de l'export, ligne 3)"
        assert p.value == "CCI MONTAUBAN"
        assert "[colonnes.candidats]" in p.message
    assert "plusieurs centres de centres.csv le comptent" in problems[0].message
    assert "sans colonne de langue pour l'E2" in problems[1].message


def test_only_registered_candidates_are_convoked(folder: Path, bundled: list[Candidate]) -> None:
    session = load_session(folder)
    school = next(e for e in session.etablissements if e.name == "CCI Ariège")
    mine = [c for c in bundled if c.etablissement == school.name]
    states = {mine[0].number: "Démissionnaire", mine[1].number: "Absent", mine[2].number: "Inscrit(e)"}
    path = write_export(folder / "c.csv", school.name, school.uai, mine, extra=["LV1 (E2)"], states=states)
    loaded = load_candidates([path], session)
    assert {c.number for c in loaded.candidates} == {c.number for c in mine[2:]}
    said = [w for w in loaded.warnings if w.column == "Etat"]
    assert {w.value for w in said} == {"Démissionnaire", "Absent"}
    assert all("laissé de côté" in w.message for w in said)


def test_the_mapping_of_session_toml_is_checked(folder: Path) -> None:
    toml = folder / "session.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'lv_obligatoire = "LV1 (E2)"', 'langue = "LV1 (E2)"\nnom = 3'
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_session(folder)
    report = err.value.report()
    assert "[colonnes.candidats] langue : colonne inconnue de la liste des candidats" in report
    assert "[colonnes.candidats] nom : valeur invalide, attendu l'en-tête d'une colonne" in report


def test_a_bad_uai_in_etablissements_csv_is_located(folder: Path) -> None:
    path = folder / "etablissements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(_uai(1), "31-ABC"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_session(folder)
    (problem,) = err.value.problems
    assert problem.line == 3 and problem.column == "uai" and problem.value == "31-ABC"
    assert "sept chiffres et une lettre" in problem.message


def test_an_examiner_list_is_never_read_as_an_export(tmp_path: Path) -> None:
    path = tmp_path / "examinateurs.csv"
    path.write_text(export_text("LYC X", "0310000A", []), encoding="utf-8-sig")
    with pytest.raises(InputError) as err:
        load_examiners([path], load_session(SESSION))
    assert "seule une liste de candidats peut en être un" in err.value.report()


@pytest.mark.parametrize(
    ("fixture", "code", "said"),
    [
        ("liste-simple-lycee.csv", 0, "Candidats : 4"),
        ("liste-simple-sans-centre.csv", 2, "aucun centre de centres.csv ne le compte parmi ses origines"),
    ],
)
def test_the_kept_exports_checked_by_oraux_verifier(folder: Path, fixture: str, code: int, said: str) -> None:
    """The fixtures as an office would drop them in its session folder: the
    one with a centre column passes, the other is refused in French (exit 2)."""
    shutil.copy(FIXTURES / fixture, folder / "candidats-cyclades.csv")
    with (folder / "etablissements.csv").open("a", encoding="utf-8") as f:
        f.write(
            "Lycée fictif de Villeneuve;Villeneuve-sur-Olt;lycée public;ponctuel;ponctuel;ponctuel;ponctuel;0319999X\n"
        )
    result = CliRunner().invoke(main, ["verifier", str(folder)])
    assert result.exit_code == code, result.output
    assert said in result.output
    assert "Traceback" not in result.output


def test_an_examiner_s_uai_names_their_etablissement(folder: Path) -> None:
    """Conflicts of interest compare établissements by name; a UAI, in its
    own column or written for the établissement, gives the name of
    etablissements.csv whatever the spelling typed."""
    session = load_session(folder)
    cci = next(e for e in session.etablissements if e.name == "CCI Ariège")
    path = folder / "examinateurs.csv"
    path.write_text(
        "id;nom;prenom;etablissement;qualite;epreuves;langues;uai\n"
        f"EX1;MARTIN;Paul;Chambre de commerce de Foix;enseignant;E4;;{cci.uai}\n"
        f"EX2;DURAND;Lise;{cci.uai};enseignant;E4;;\n"
        "EX3;PETIT;Jean;Lycée Berthelot;enseignant;E4;;0000001Q\n",
        encoding="utf-8",
    )
    pool = load_examiners([path], session)
    assert [e.etablissement for e in pool.examiners] == ["CCI Ariège", "CCI Ariège", "Lycée Berthelot"]
    (unknown,) = [w for w in pool.warnings if w.column == "uai"]
    assert unknown.line == 4 and "UAI 0000001Q absent de etablissements.csv" in unknown.message
    path.write_text(path.read_text(encoding="utf-8").replace("0000001Q", "31-X"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_examiners([path], session)
    (bad,) = err.value.problems
    assert bad.line == 4 and bad.column == "uai" and "sept chiffres et une lettre" in bad.message
