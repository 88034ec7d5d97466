"""Copies of the bundled Toulouse 2021 NDRC session folder, cut down and
edited, for the tests that plan several sessions (together, in a batch)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

NDRC = Path(__file__).resolve().parents[1] / "data" / "toulouse-2021"


def ndrc_copy(
    folder: Path, code: str, *, n: int, edits: Iterable[tuple[str, str]] = (), own_examiners: bool = False
) -> Path:
    """``folder``: the bundled session coded ``code``, with its first ``n``
    candidates who take an oral in English, its session.toml changed by each
    ``(old, new)`` of ``edits`` (every occurrence).  Its examiners are the
    bundled session's — the same people as in every other copy — or, with
    ``own_examiners``, people of their own (their names prefixed by the code)."""
    folder.mkdir(parents=True)
    for file in ("centres.csv", "etablissements.csv", "examinateurs.csv"):
        shutil.copy(NDRC / file, folder / file)
    if own_examiners:
        header, *people = (NDRC / "examinateurs.csv").read_text(encoding="utf-8-sig").splitlines()
        renamed = [";".join([f[0], f"{code.upper()}-{f[1]}", *f[2:]]) for f in (ln.split(";") for ln in people)]
        (folder / "examinateurs.csv").write_text("\n".join([header, *renamed]) + "\n", encoding="utf-8")
    text = (NDRC / "session.toml").read_text(encoding="utf-8")
    text = text.replace('code = "toulouse-2021"', f'code = "{code}"', 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "session.toml").write_text(text, encoding="utf-8")
    lines = (NDRC / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln and ";anglais;" in ln][:n]
    (folder / "candidats.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return folder


def edit_session_toml(folder: Path, old: str, new: str) -> None:
    """Replace the first ``old`` of ``folder``'s session.toml by ``new``."""
    path = folder / "session.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
