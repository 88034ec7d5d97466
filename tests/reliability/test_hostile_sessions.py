"""Sessions typed wrong or impossible: an answer in French, in seconds,
never a hang or a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "data" / "toulouse-2021"


def _session(tmp_path: Path, edit: dict[str, str]) -> Path:
    """Toulouse 2021 cut to 30 candidates, with its examiners, ``session.toml``
    edited (pattern → replacement, each applied once)."""
    folder = tmp_path / "toulouse-2021"
    folder.mkdir()
    for name in ("centres.csv", "etablissements.csv", "examinateurs.csv"):
        shutil.copy(SESSION / name, folder / name)
    text = (SESSION / "session.toml").read_text(encoding="utf-8")
    for pattern, replacement in edit.items():
        text, n = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert n == 1, pattern
    (folder / "session.toml").write_text(text, encoding="utf-8")
    lines = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln][:30]
    (folder / "candidats.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return folder


def _plan(folder: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``oraux planifier``; a hang fails the test (timeout) rather than CI."""
    oraux = str(Path(sys.executable).with_name("oraux"))
    return subprocess.run(
        [oraux, "planifier", str(folder), "--temps-max", "30", "--workers", "1"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_epreuve_window_made_of_holidays_is_explained(tmp_path: Path) -> None:
    """Every day of the E4 window a holiday, examiners named: exit 1 with the
    reason, not an endless search for examiners to add."""
    holidays = '"2021-05-13", "2021-05-24", "2021-06-07", "2021-06-08", "2021-06-09", "2021-06-10"'
    folder = _session(tmp_path, {r"^jours_feries = .*$": f"jours_feries = [{holidays}]"})
    done = _plan(folder, tmp_path)
    assert done.returncode == 1, done.stderr
    assert "aucun jour ouvré dans la fenêtre" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "models").exists() or not list((tmp_path / "models").rglob("plan-v*.json"))
