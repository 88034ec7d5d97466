"""``a_apporter`` in ``[[epreuves]]``: what a candidate brings, as the
convocation letters list it; optional, a list of texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.io.session_file import load_session

SESSION = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"


def _session_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "session"
    shutil.copytree(SESSION, folder)
    path = folder / "session.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_the_bundled_session_says_what_to_bring() -> None:
    epreuves = load_session(SESSION).epreuves
    assert epreuves["E2"].to_bring == ()
    assert any("ressources" in item and "supports" in item for item in epreuves["E4"].to_bring)
    assert any("Démarches simplifiées" in item for item in epreuves["E6"].to_bring)
    assert any("Engagement étudiant" in item for item in epreuves["ENG"].to_bring)
    assert all(item == item.strip() and item for e in epreuves.values() for item in e.to_bring)


def test_the_key_is_optional(tmp_path: Path) -> None:
    folder = _session_with(tmp_path, "a_apporter = []\n", "")
    assert load_session(folder).epreuves["E2"].to_bring == ()


def test_items_are_stripped(tmp_path: Path) -> None:
    folder = _session_with(tmp_path, "a_apporter = []\n", 'a_apporter = ["  un dictionnaire bilingue "]\n')
    assert load_session(folder).epreuves["E2"].to_bring == ("un dictionnaire bilingue",)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('"un stylo"', "un stylo"),
        ("[1]", "1"),
        ('["stylo", "  "]', None),
    ],
)
def test_anything_but_a_list_of_texts_is_refused_and_located(
    tmp_path: Path, value: str, shown: str | None
) -> None:
    folder = _session_with(tmp_path, "a_apporter = []\n", f"a_apporter = {value}\n")
    with pytest.raises(InputError) as err:
        load_session(folder)
    (problem,) = err.value.problems
    assert problem.message.startswith("[epreuves E2] a_apporter : ")
    assert "attendu une liste" in problem.message
    if shown is not None:
        assert problem.value == shown


def test_a_misspelt_key_is_named(tmp_path: Path) -> None:
    folder = _session_with(tmp_path, "a_apporter = []\n", "a_aporter = []\n")
    with pytest.raises(InputError) as err:
        load_session(folder)
    assert "[epreuves n° 1] a_aporter : clé inconnue" in err.value.report()
