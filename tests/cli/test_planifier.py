"""The ``oraux`` command line, as a user runs it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scheduler.cli.main import main
from scheduler.domain.travel import farther_sentence, farther_trips, travel_proven
from scheduler.io.inputs import load_inputs
from scheduler.io.plan_files import PLANNING_COLUMNS, load_plan, read_planning_csv
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "data" / "toulouse-2021"


def _small_session(tmp_path: Path, n: int = 14, *, extra: list[str] | None = None) -> Path:
    """A copy of Toulouse 2021 with the first ``n`` candidates who take an oral."""
    folder = tmp_path / "session"
    folder.mkdir()
    for name in ("session.toml", "centres.csv", "etablissements.csv"):
        shutil.copy(SESSION / name, folder / name)
    lines = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln][:n]
    (folder / "candidats.csv").write_text(
        "\n".join([lines[0], *rows, *(extra or [])]) + "\n", encoding="utf-8"
    )
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_verifier_prints_the_session_summary() -> None:
    code, out, _ = _run("verifier", str(SESSION))
    assert code == 0
    assert "Candidats : 536" in out
    assert "langues : anglais" in out
    assert "CFA Commerce & Services (Blagnac) : annoncé 107, origines 108" in out
    assert "au moins 46 journée(s)-commission" in out  # E4: 274 candidates, 6 per commission-day


def test_bad_input_is_reported_in_french_with_exit_2(tmp_path: Path) -> None:
    folder = _small_session(
        tmp_path, extra=["9999;DUPONT;Jean;ISSEC Pigier;Lycée ISSEC Pigier;klingon;;oui;oui;oui;non;;;"]
    )
    code, out, err = _run("verifier", str(folder))
    assert code == 2
    assert "candidats.csv, ligne 16, colonne « lv_obligatoire », valeur « klingon »" in err
    assert "Traceback" not in err + out
    assert "Rien n'a été écrit." in err


def test_wrong_email_addresses_are_reported_in_french_with_exit_2(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    toml = folder / "session.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('code_postal = "65000"\n', 'code_postal = "65000"\ncourriel = "chef.tarbes"\n', 1),
        encoding="utf-8",
    )
    schools = folder / "etablissements.csv"
    header, first, *rest = schools.read_text(encoding="utf-8").splitlines()
    schools.write_text(
        "\n".join([f"{header};e-mail", f"{first};secretariat@durroux", *(f"{r};" for r in rest)]) + "\n",
        encoding="utf-8",
    )
    code, out, err = _run("verifier", str(folder))
    assert code == 2
    assert "2 erreurs dans les données" in err
    assert "[sites.tarbes] courriel : adresse électronique invalide : il manque « @ »" in err
    assert "etablissements.csv, ligne 2, colonne « e-mail », valeur « secretariat@durroux » : " in err
    assert "Traceback" not in err + out


def test_planifier_refuses_a_wrong_examiner_email_address(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    (folder / "examinateurs.csv").write_text(
        "id;nom;prenom;etablissement;qualite;epreuves;Adresse mail\n"
        "EX1;SEUL;Jean;Lycée Berthelot;enseignant;E4;jean.seul@example.org\n"
        "EX2;SEULE;Anne;;professionnel;E4;anne.seule@@example.org\n",
        encoding="utf-8",
    )
    out_root, models = tmp_path / "sorties", tmp_path / "models"
    code, out, err = _run("planifier", str(folder), "--sortie", str(out_root), "--modeles", str(models))
    assert code == 2
    assert (
        "examinateurs.csv, ligne 3, colonne « Adresse mail », valeur « anne.seule@@example.org » : "
        "adresse électronique invalide : plusieurs « @ »"
    ) in err
    assert "Traceback" not in err + out
    assert not out_root.exists() and not models.exists()


@pytest.mark.slow
def test_planifier_writes_a_valid_plan_and_never_overwrites(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    out_root, models = tmp_path / "sorties", tmp_path / "models"
    args = ["planifier", str(folder), "--temps-max", "10", "--workers", "1"]
    args += ["--sortie", str(out_root), "--modeles", str(models)]
    code, out, err = _run(*args)
    assert code == 0, err
    assert "Journées-commission" in out
    planning = out_root / "plan-v1" / "planning.csv"
    raw = planning.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader([raw.decode("utf-8-sig").splitlines()[0]], delimiter=";")) == PLANNING_COLUMNS
    inputs = load_inputs(folder)
    plan = load_plan(models / "toulouse-2021" / "plan-v1.json")
    assert validate(inputs.session, inputs.candidates, plan) == []
    # The summary says who travels farther than their nearest site, as the plan has it.
    trips = farther_trips(inputs.session, inputs.candidates, plan)
    assert f"Trajets :\n  {farther_sentence(trips, travel_proven(plan))}\n" in out
    written = {p.name for p in (out_root / "plan-v1").iterdir()}
    rooms = {f"salles-{o.site}.xlsx" for o in plan.placed()}  # site keys are the towns here
    assert (
        written
        == {"planning.csv", "commissions.xlsx", "convocations.xlsx", "bordereaux.xlsx", "destinataires.csv"}
        | {"figures", "lettres", "listes"}
        | rooms
    )
    # The convocation letters: all, one file per établissement and per site.
    letters = {p.name for p in (out_root / "plan-v1" / "lettres").iterdir()}
    assert "convocations-toutes.pdf" in letters
    assert {n for n in letters if n.startswith("site-")} == {
        f"site-{s}.pdf" for s in {o.site for o in plan.placed()}
    }
    assert all((out_root / "plan-v1" / "lettres" / n).read_bytes().startswith(b"%PDF") for n in letters)
    # One Gantt chart and one occupancy chart per site and day, PNG and SVG; on a sheet of the room workbook too.
    site_days = {(o.site, o.day) for o in plan.placed()}
    pictures = {p.name for p in (out_root / "plan-v1" / "figures").iterdir()}
    assert len([n for n in pictures if n.startswith("gantt-") and n.endswith(".png")]) == len(site_days)
    assert len([n for n in pictures if n.startswith("occupation-") and n.endswith(".svg")]) == len(site_days)
    for name in rooms:
        book = load_workbook(out_root / "plan-v1" / name)
        gantt = book["Gantt"]
        days = {d for s, d in site_days if name == f"salles-{s}.xlsx"}
        assert len(gantt._images) == len(days)
    rows = read_planning_csv(planning)
    assert len(rows) == len(plan.orals)
    assert {r["statut"] for r in rows} <= {"planifié", "NV"}

    first = planning.read_bytes()
    code, _, err = _run(*args)
    assert code == 0, err
    assert (out_root / "plan-v2" / "planning.csv").is_file()
    assert (models / "toulouse-2021" / "plan-v2.json").is_file()
    assert planning.read_bytes() == first


@pytest.mark.slow
def test_planifier_explains_an_infeasible_session(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    toml = folder / "session.toml"
    # No interrogation room at Castres: E4 cannot take place.
    text = toml.read_text(encoding="utf-8")
    castres = text.index("[sites.castres]")
    start = text.index("salles_interrogation = ", castres)
    end = text.index("\n", start)
    toml.write_text(text[:start] + "salles_interrogation = 0" + text[end:], encoding="utf-8")
    out_root, models = tmp_path / "sorties", tmp_path / "models"
    code, _, err = _run(
        "planifier",
        str(folder),
        "--temps-max",
        "5",
        "--workers",
        "1",
        "--sortie",
        str(out_root),
        "--modeles",
        str(models),
    )
    assert code == 1
    assert "E4 :" in err and "sans créneau" in err and "salle" in err
    assert not out_root.exists()
    assert not (models / "toulouse-2021").exists() or not any((models / "toulouse-2021").iterdir())


def test_planifier_bad_input_writes_nothing(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    (folder / "candidats.csv").write_bytes(b"\x00\x01\x02binaire")
    out_root, models = tmp_path / "sorties", tmp_path / "models"
    code, _, err = _run("planifier", str(folder), "--sortie", str(out_root), "--modeles", str(models))
    assert code == 2
    assert "binaire" in err
    assert not out_root.exists() and not models.exists()


@pytest.mark.parametrize("missing", ["session.toml", "centres.csv"])
def test_broken_session_folder(tmp_path: Path, missing: str) -> None:
    folder = _small_session(tmp_path)
    if missing == "session.toml":
        (folder / missing).unlink()
        expected = "session.toml : fichier de session introuvable"
    else:
        (folder / missing).write_text("centre;ville\nX;Y\n", encoding="utf-8")
        expected = "colonne(s) obligatoire(s) absente(s)"
    code, _, err = _run("verifier", str(folder))
    assert code == 2
    assert expected in err


@pytest.mark.parametrize("bundled", [SESSION, ROOT / "data" / "toulouse-2021-mco"], ids=["ndrc", "mco"])
def test_exemple_rebuilds_the_bundled_sample_byte_for_byte(tmp_path: Path, bundled: Path) -> None:
    """oraux exemple --remplacer writes the bundled lists of both specialties
    again, byte for byte; without it, it replaces nothing."""
    folder = tmp_path / "copie"
    shutil.copytree(bundled, folder)
    (folder / "candidats.csv").unlink()
    (folder / "examinateurs.csv").write_text("abîmé", encoding="utf-8")
    code, out, err = _run("exemple", str(folder))
    # A list in the folder is an office's file until told otherwise: nothing written.
    assert code == 2 and "la liste existe déjà" in err and "--remplacer" in err
    assert (folder / "examinateurs.csv").read_text(encoding="utf-8") == "abîmé"
    assert not (folder / "candidats.csv").exists()
    code, out, err = _run("exemple", str(folder), "--remplacer")
    assert code == 0, err
    assert (folder / "candidats.csv").read_bytes() == (bundled / "candidats.csv").read_bytes()
    assert (folder / "examinateurs.csv").read_bytes() == (bundled / "examinateurs.csv").read_bytes()
    assert "candidats.csv" in out


@pytest.mark.slow
def test_planifier_names_the_examiners_of_the_session_folder(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    shutil.copy(SESSION / "examinateurs.csv", folder / "examinateurs.csv")
    out_root, models = tmp_path / "sorties", tmp_path / "models"
    args = ["planifier", str(folder), "--temps-max", "20", "--workers", "1"]
    code, out, err = _run(*args, "--sortie", str(out_root), "--modeles", str(models))
    assert code == 0, err
    inputs = load_inputs(folder, with_examiners=True)
    plan = load_plan(models / "toulouse-2021" / "plan-v1.json")
    assert all(o.examiners for o in plan.placed())
    assert validate(inputs.session, inputs.candidates, plan) == []
    assert validate_examiners(inputs.session, inputs.candidates, plan, inputs.examiners) == []
    written = out_root / "plan-v1"
    assert (written / "examinateurs.xlsx").is_file()
    calendars = sorted((written / "agendas").iterdir())
    assert calendars and all(p.name.startswith("agenda-EX") and p.suffix == ".ics" for p in calendars)
    rows = read_planning_csv(written / "planning.csv")
    assert all(r["examinateurs"] for r in rows if r["statut"] == "planifié")

    # Anonymous commissions on request: the dimensioning mode.
    code, _, err = _run(*args, "--sans-examinateurs", "--sortie", str(out_root), "--modeles", str(models))
    assert code == 0, err
    assert not (out_root / "plan-v2" / "examinateurs.xlsx").exists()


@pytest.mark.slow
def test_planifier_says_which_examiner_is_missing(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    (folder / "examinateurs.csv").write_text(
        "id;nom;prenom;etablissement;qualite;epreuves;langues;disponibilites;max_par_jour\n"
        "EX1;SEUL;Jean;Lycée Berthelot;enseignant;E2 E4 E5 E6;anglais;;\n",
        encoding="utf-8",
    )
    out_root, models = tmp_path / "sorties", tmp_path / "models"
    code, _, err = _run(
        "planifier",
        str(folder),
        "--temps-max",
        "10",
        "--workers",
        "1",
        "--sortie",
        str(out_root),
        "--modeles",
        str(models),
    )
    assert code == 1
    # One teacher cannot form a commission of two: E4 and E6 cannot take place.
    assert "E4 : " in err and "les examinateurs de la liste ne forment que 0 journée(s)-commission" in err
    assert "ajouter 1 examinateur(s) pour l'E4 disponible(s) du 2021-06-07 au 2021-06-10" in err
    assert not out_root.exists()


@pytest.mark.slow
def test_an_unwritable_output_folder_is_reported_in_french(tmp_path: Path) -> None:
    folder = _small_session(tmp_path)
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    code, out, err = _run(
        "planifier",
        str(folder),
        "--temps-max",
        "5",
        "--workers",
        "1",
        "--sortie",
        str(blocker / "sous"),
        "--modeles",
        str(tmp_path / "m"),
    )
    assert code == 2
    assert "Erreur de fichier" in err and "Traceback" not in err + out
    assert not any((tmp_path / "m").rglob("plan-v*.json"))


def test_exemple_needs_its_folder() -> None:
    """Issue #12: « oraux exemple » alone no longer writes into data/toulouse-2021: the folder is required."""
    code, _, err = _run("exemple")
    assert code == 2 and "DOSSIER_SESSION" in err


def test_usage_errors_and_help_are_in_french() -> None:
    code, out, err = _run("replanifier", str(SESSION))
    assert code == 2
    assert "Erreur : Option manquante '--evenements'." in err
    assert "Pour l'aide : « " in err and "replanifier --aide »." in err
    code, _, err = _run("planifier", str(SESSION), "--temps-max", "zéro")
    assert code == 2 and "n'est pas un nombre décimal valide" in err
    code, _, err = _run("planifer")
    assert code == 2 and "Commande inconnue : 'planifer'" in err and "'planifier'" in err
    code, out, _ = _run("planifier", "--aide")
    assert code == 0 and "Affiche cette aide et quitte." in out and "[par défaut : 60.0" in out
