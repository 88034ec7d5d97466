"""Where the files go is checked before any computation."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.io import outputs
from scheduler.io.outputs import NoRoom, check_writable

ROOT = Path(__file__).resolve().parents[2]

Usage = namedtuple("Usage", "total used free")


def test_a_folder_to_be_created_is_checked_where_it_would_be_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "sorties" / "toulouse-2021"
    check_writable([target], 536)
    assert not (tmp_path / "sorties").exists()
    assert list(tmp_path.iterdir()) == []


def test_too_little_room_is_said_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outputs.shutil, "disk_usage", lambda _: Usage(10**9, 10**9 - 5_000_000, 5_000_000))
    with pytest.raises(NoRoom) as full:
        check_writable([tmp_path], 536)
    assert "espace disque insuffisant" in str(full.value.strerror) and "Mo libres" in str(full.value.strerror)


def test_an_output_folder_under_a_file_stops_the_command_at_once(tmp_path: Path) -> None:
    """Exit 2 with a French reason before the computation: nothing written."""
    blocker = tmp_path / "fichier.txt"
    blocker.write_text("pas un dossier")
    result = CliRunner().invoke(
        main,
        ["planifier", str(ROOT / "data" / "toulouse-2021"), "--temps-max", "600",
         "--sortie", str(blocker / "sorties"), "--modeles", str(tmp_path / "models")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "Erreur de fichier" in result.stderr and "n'est pas un dossier" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "models").exists()
    shutil.rmtree(tmp_path / "models", ignore_errors=True)
