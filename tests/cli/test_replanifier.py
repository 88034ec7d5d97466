"""``oraux replanifier`` as the office runs it: a published plan, an events file, a new version."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scheduler.cli.main import main
from scheduler.domain.plan import NV, WITHDRAWN
from scheduler.io.events import load_events
from scheduler.io.inputs import load_inputs
from scheduler.io.plan_files import load_plan, load_plan_file, read_planning_csv
from scheduler.rerun.amend import amend
from scheduler.rerun.changes import diff_plans
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.rerun import validate_rerun

#: Every test re-plans a published plan of the bundled session through the CLI.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "data" / "toulouse-2021"
HEADER = "type;cible;epreuve;du;au;commentaire"
NOW = "2021-06-04 18:00"
NOW_DT = datetime.fromisoformat(NOW)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of Toulouse 2021 with 30 candidates and its examiners, planned once."""
    base = tmp_path_factory.mktemp("publie")
    folder = base / "session"
    folder.mkdir()
    for name in ("session.toml", "centres.csv", "etablissements.csv", "examinateurs.csv"):
        shutil.copy(SESSION / name, folder / name)
    lines = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln][:30]
    (folder / "candidats.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    code, _, err = _run(
        "planifier", str(folder), "--temps-max", "10", "--workers", "1",
        "--sortie", str(base / "sorties"), "--modeles", str(base / "models"),
    )  # fmt: skip
    assert code == 0, err
    return base


@pytest.fixture
def office(published: Path, tmp_path: Path) -> Path:
    """A fresh copy of the published session for one test."""
    shutil.copytree(published, tmp_path / "bureau")
    return tmp_path / "bureau"


def _replan(office: Path, events: Path, *extra: str) -> tuple[int, str, str]:
    return _run(
        "replanifier", str(office / "session"), "--evenements", str(events), "--a-partir-de", NOW,
        "--workers", "1", "--temps-max", "10",
        "--sortie", str(office / "sorties"), "--modeles", str(office / "models"), *extra,
    )  # fmt: skip


def _events(office: Path, name: str, *rows: str) -> Path:
    path = office / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _plan_path(office: Path, n: int) -> Path:
    return office / "models" / "toulouse-2021" / f"plan-v{n}.json"


def _e4(office: Path) -> tuple[str, str, str]:
    """An E4 candidate, an examiner of theirs, and the day."""
    parent = load_plan(_plan_path(office, 1))
    o = next(o for o in parent.placed() if o.epreuve == "E4")
    assert o.day is not None
    return o.candidate, o.examiners[0], o.day.isoformat()


def test_replanifier_writes_a_new_version_with_its_notices(office: Path) -> None:
    who, examiner, day = _e4(office)
    parent = load_plan(_plan_path(office, 1))
    nv = next(o.candidate for o in parent.placed() if o.epreuve == "E6" and o.candidate != who)
    events = _events(
        office,
        "evenements.csv",
        f"examinateur_indisponible;{examiner};;{day};{day};malade",
        f"candidat_desiste;{who};;;;",
        f"dossier_non_conforme;{nv};E6;;;",
    )
    before = (office / "sorties" / "plan-v1" / "planning.csv").read_bytes()
    code, out, err = _replan(office, events)
    assert code == 0, err
    assert "Événements appliqués" in out and "convocations à renvoyer" in out
    # The published version is untouched; the new one says where it came from.
    assert (office / "sorties" / "plan-v1" / "planning.csv").read_bytes() == before
    saved = load_plan_file(_plan_path(office, 2))
    assert saved.parent == "plan-v1.json"
    assert [e["type"] for e in saved.events] == [
        "examinateur_indisponible",
        "candidat_desiste",
        "dossier_non_conforme",
    ]
    # Valid against the amended inputs, and the past (nothing yet) unchanged.
    inputs = load_inputs(office / "session", with_examiners=True)
    loaded = load_events([events], inputs.session, inputs.candidates, inputs.examiners)
    amended = amend(inputs.session, inputs.candidates, inputs.examiners, parent, loaded.events, NOW_DT)
    plan = saved.plan
    assert validate(amended.session, amended.candidates, plan) == []
    assert validate_examiners(amended.session, amended.candidates, plan, amended.examiners) == []
    assert validate_rerun(parent, plan, NOW_DT) == []
    assert not any(examiner in o.examiners for o in plan.placed() if o.day and o.day.isoformat() == day)
    statuses = {(o.candidate, o.epreuve): o.status for o in plan.orals}
    assert statuses[(who, "E4")] == WITHDRAWN and statuses[(nv, "E6")] == NV
    # Who must be told.
    folder = office / "sorties" / "plan-v2"
    rows = read_planning_csv(folder / "planning.csv")
    assert {r["statut"] for r in rows} >= {"planifié", "désisté", "NV"}
    book = load_workbook(folder / "changements.xlsx", read_only=True)
    assert {"Candidats", "Examinateurs", "Centres"} <= set(book.sheetnames)
    told = {str(c) for row in book["Candidats"].iter_rows(values_only=True) for c in row if c}
    assert who in told and nv in told
    # Pictures: a day as published keeps its files, a day that changed is drawn again.
    figures_before, figures_after = office / "sorties" / "plan-v1" / "figures", folder / "figures"
    assert {p.name for p in figures_before.iterdir()} <= {p.name for p in figures_after.iterdir()}
    gone = next(o for o in parent.placed() if o.candidate == who and o.epreuve == "E4")
    assert gone.site is not None and gone.day is not None
    changed = f"gantt-{gone.site}-{gone.day.isoformat()}.png"
    assert (figures_before / changed).read_bytes() != (figures_after / changed).read_bytes()
    e2 = next(o for o in parent.placed() if o.epreuve == "E2")
    assert e2.site is not None and e2.day is not None
    same = f"gantt-{e2.site}-{e2.day.isoformat()}.png"
    assert (figures_before / same).read_bytes() == (figures_after / same).read_bytes()
    moved = diff_plans(parent, plan).moved_candidates()
    assert set(moved) <= {who, nv} | {o.candidate for o in parent.placed() if examiner in o.examiners}


def test_a_second_rerun_starts_from_the_first(office: Path) -> None:
    who, _, _ = _e4(office)
    first = _events(office, "evenements-1.csv", f"candidat_desiste;{who};;;;")
    assert _replan(office, first)[0] == 0
    parent = load_plan(_plan_path(office, 1))
    other = next(o.candidate for o in parent.placed() if o.epreuve == "E4" and o.candidate != who)
    second = _events(office, "evenements-2.csv", f"candidat_absent;{other};E4;;;")
    code, out, err = _replan(office, second)
    assert code == 0, err
    # Only the new event is told; the first one is applied again, silently.
    told = out.split("Événements appliqués :")[1].split("\n\n")[0]
    assert f"Candidat {other}" in told and f"Candidat {who}" not in told
    assert "1 événement(s) des recalculs précédents appliqué(s) de nouveau" in told
    saved = load_plan_file(_plan_path(office, 3))
    assert saved.parent == "plan-v2.json"
    assert [e["type"] for e in saved.events] == ["candidat_desiste", "candidat_absent"]
    statuses = {(o.candidate, o.epreuve): o.status for o in saved.plan.orals}
    assert statuses[(who, "E4")] == WITHDRAWN and statuses[(other, "E4")] == "absent"
    assert diff_plans(load_plan(_plan_path(office, 2)), saved.plan).moved_candidates() == []


def test_a_late_registration_comes_with_its_row(office: Path) -> None:
    header = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    late = office / "nouveaux.csv"
    late.write_text(
        header + "\n0219999001;NOUVEAU;Léa;ISSEC Pigier;Lycée ISSEC Pigier;;;oui;non;oui;non;;;\n",
        encoding="utf-8",
    )
    events = _events(office, "evenements.csv", "candidat_ajoute;0219999001;;;;inscription tardive")
    code, _, err = _replan(office, events)
    assert code == 2 and "--ajouts" in err and "Traceback" not in err
    assert not _plan_path(office, 2).exists()
    code, out, err = _replan(office, events, "--ajouts", str(late))
    assert code == 0, err
    plan = load_plan(_plan_path(office, 2))
    assert {o.epreuve for o in plan.placed() if o.candidate == "0219999001"} == {"E4", "E6"}
    assert diff_plans(load_plan(_plan_path(office, 1)), plan).moved_candidates() == []
    # The next run needs no file: the row is recorded in plan-v2.json.
    again = _events(office, "evenements-2.csv", "candidat_desiste;0219999001;;;;")
    code, _, err = _replan(office, again)
    assert code == 0, err


def test_a_late_registration_after_its_window_is_explained(office: Path) -> None:
    header = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    late = office / "nouveaux.csv"
    # E2 (Tarbes, 31 May – 4 June) is over on the evening of 4 June.
    late.write_text(
        header + "\n0219999001;NOUVEAU;Léa;ISSEC Pigier;Lycée ISSEC Pigier;anglais;;non;non;non;non;;;\n",
        encoding="utf-8",
    )
    events = _events(office, "evenements.csv", "candidat_ajoute;0219999001;;;;")
    code, _, err = _replan(office, events, "--ajouts", str(late))
    assert code == 1
    assert (
        "E2 : candidat 0219999001 (NOUVEAU Léa) — plus aucune date possible après le 04/06/2021 à 18:00"
        in err
    )
    assert not _plan_path(office, 2).exists()


def test_an_impossible_event_is_explained_and_writes_nothing(office: Path) -> None:
    # Every room of Castres lost during the whole E4 window.
    rows = [f"salle_indisponible;castres / Salle {n};;07/06/2021;10/06/2021;" for n in range(1, 25)]
    events = _events(office, "evenements.csv", *rows)
    code, out, err = _replan(office, events)
    assert code == 1, out + err
    assert "E4" in err and "Rien n'a été écrit" in err and "Traceback" not in err
    assert not _plan_path(office, 2).exists()
    assert not (office / "sorties" / "plan-v2").exists()


def test_a_bad_events_file_is_located_in_french(office: Path) -> None:
    events = _events(office, "evenements.csv", "candidat_desiste;0000000000;;;;")
    code, _, err = _replan(office, events)
    assert code == 2
    assert "evenements.csv, ligne 2, colonne « cible »" in err and "Traceback" not in err
    assert not _plan_path(office, 2).exists()


def test_a_bad_now_is_refused(office: Path) -> None:
    events = _events(office, "evenements.csv", "candidat_desiste;0000000000;;;;")
    code, _, err = _run(
        "replanifier", str(office / "session"), "--evenements", str(events), "--a-partir-de", "demain",
        "--modeles", str(office / "models"),
    )  # fmt: skip
    assert code == 2 and "--a-partir-de" in err and "« demain »" in err


def test_without_a_published_plan_the_office_is_told_to_plan_first(office: Path, tmp_path: Path) -> None:
    events = _events(office, "evenements.csv", "candidat_desiste;0000000000;;;;")
    code, _, err = _run(
        "replanifier", str(office / "session"), "--evenements", str(events), "--modeles", str(tmp_path / "vide"),
    )  # fmt: skip
    assert code == 2 and "oraux planifier" in err


def test_the_sample_events_file_matches_the_bundled_lists() -> None:
    inputs = load_inputs(SESSION, with_examiners=True)
    events = load_events(
        [SESSION / "evenements-exemple.csv"], inputs.session, inputs.candidates, inputs.examiners
    )
    kinds = [e.kind for e in events]
    assert kinds.count("candidat_desiste") == 5
    assert kinds.count("examinateur_indisponible") == 1 and kinds.count("dossier_non_conforme") == 1
    assert events.warnings == []


def test_a_plan_with_named_examiners_needs_their_list(office: Path) -> None:
    (office / "session" / "examinateurs.csv").unlink()
    events = _events(office, "evenements.csv", "candidat_desiste;0000000000;;;;")
    code, _, err = _replan(office, events)
    assert code == 2 and "la liste des examinateurs" in err and "Traceback" not in err
    assert not _plan_path(office, 2).exists()


def test_a_rerun_after_the_session_says_nothing_can_move(office: Path) -> None:
    who, _, _ = _e4(office)
    events = _events(office, "evenements.csv", f"candidat_desiste;{who};;;;")
    code, out, err = _run(
        "replanifier", str(office / "session"), "--evenements", str(events), "--a-partir-de", "2021-07-01 09:00",
        "--workers", "1", "--sortie", str(office / "sorties"), "--modeles", str(office / "models"),
    )  # fmt: skip
    assert code == 0, err
    assert "tous les oraux du plan publié ont déjà eu lieu au 01/07/2021 à 09:00" in err
    assert "aucun oral à venir, rien à changer" in out


def test_an_input_changed_since_publishing_is_flagged_wherever_the_folder_is(office: Path) -> None:
    """The plan was made from another copy of the folder (another absolute
    path): inputs are named within the session folder, so a changed list is
    still recognised."""
    who, _, _ = _e4(office)
    listing = office / "session" / "candidats.csv"
    listing.write_text(listing.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, _, err = _replan(office, _events(office, "evenements.csv", f"candidat_desiste;{who};;;;"))
    assert code == 0, err
    assert "candidats.csv a changé depuis le plan publié" in err
    assert "session.toml a changé" not in err
