"""A published plan file edited by hand, or a session changed since it was
published: the re-run says what is wrong, in French (exit 2), before any
computation — never a traceback."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "data" / "toulouse-2021"
HEADER = "type;cible;epreuve;du;au;commentaire"

Oral = dict[str, Any]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Toulouse 2021 cut to 30 candidates, with its examiners, planned once."""
    base = tmp_path_factory.mktemp("publie")
    folder = base / "session"
    folder.mkdir()
    for name in ("session.toml", "centres.csv", "etablissements.csv", "examinateurs.csv"):
        shutil.copy(SESSION / name, folder / name)
    lines = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln][:30]
    (folder / "candidats.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    code, err = _run(
        "planifier", str(folder), "--temps-max", "5", "--workers", "1",
        "--sortie", str(base / "sorties"), "--modeles", str(base / "models"),
    )  # fmt: skip
    assert code == 0, err
    return base


def _first_placed(orals: list[Oral]) -> Oral:
    return next(o for o in orals if o["status"] == "planifié")


def _null_day(orals: list[Oral]) -> None:
    _first_placed(orals)["day"] = None


def _unknown_epreuve(orals: list[Oral]) -> None:
    orals[0]["epreuve"] = "E9"


def _unknown_site(orals: list[Oral]) -> None:
    _first_placed(orals)["site"] = "albi"


def _twice(orals: list[Oral]) -> None:
    orals.append(dict(orals[0]))


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_null_day, "oral planifié sans site, jour ou horaires"),
        (_unknown_epreuve, "épreuve inconnue de la session"),
        (_unknown_site, "site inconnu de la session"),
        (_twice, "cet oral figure deux fois dans le plan"),
    ],
)
def test_a_plan_file_edited_by_hand_is_named(
    published: Path, tmp_path: Path, edit: Callable[[list[Oral]], None], said: str
) -> None:
    office = tmp_path / "bureau"
    shutil.copytree(published, office)
    plan_file = office / "models" / "toulouse-2021" / "plan-v1.json"
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    edit(data["orals"])
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    code, err = _replan(office)
    assert code == 2, err
    assert said in err and "plan-v1.json" in err and "Traceback" not in err
    assert not (office / "models" / "toulouse-2021" / "plan-v2.json").exists()


def test_rooms_removed_from_the_session_after_publishing_are_named(published: Path, tmp_path: Path) -> None:
    """Fewer interrogation rooms at Castres than the published plan uses:
    the office is told to declare a lost room as an event instead."""
    office = tmp_path / "bureau"
    shutil.copytree(published, office)
    toml = office / "session" / "session.toml"
    text = toml.read_text(encoding="utf-8")
    castres = text.index("[sites.castres]")
    head, rest = text[:castres], text[castres:]
    rest = re.sub(r"salles_interrogation = \d+", "salles_interrogation = 1", rest, count=1)
    toml.write_text(head + rest, encoding="utf-8")
    code, err = _replan(office)
    assert code == 2, err
    assert "la session n'a plus cette salle à Castres" in err and "salle_indisponible" in err


def _replan(office: Path) -> tuple[int, str]:
    events = office / "evenements.csv"
    events.write_text(HEADER + "\n", encoding="utf-8")
    return _run(
        "replanifier", str(office / "session"), "--evenements", str(events), "--a-partir-de", "2021-06-04 18:00",
        "--workers", "1", "--temps-max", "10",
        "--sortie", str(office / "sorties"), "--modeles", str(office / "models"),
    )  # fmt: skip
