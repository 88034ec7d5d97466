"""The list-reader skeleton on a tiny list of codes: located problems, repeats, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.io.cells import required_text
from scheduler.io.lists import ListReader
from scheduler.io.rows import FirstSeen, RowCheck, id_key
from scheduler.io.tables import Column


class Codes(ListReader[str]):
    """A list with one required column (« code ») and an optional « note »."""

    columns = [Column("code", ("identifiant",)), Column("note", required=False)]
    name = "liste des codes"
    no_file = "aucun fichier de codes fourni"
    header_only = "aucun code : le fichier ne contient que la ligne d'en-tête"

    def __init__(self) -> None:
        super().__init__()
        self.codes = FirstSeen()

    def parse_row(self, row: RowCheck) -> str | None:
        code = row.cell("code", required_text)
        if code is not None:
            row.unique("code", self.codes, id_key(code), row.values["note"], "code")
        if row.values["note"] == "?":
            row.warn("note", "note illisible : ignorée")
        return code


class QuietCodes(Codes):
    """The same list, where a header-only file is only a warning."""

    header_only_is_problem = False


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problems(reader: ListReader[str], paths: list[Path]) -> list[str]:
    with pytest.raises(InputError) as caught:
        reader.read(paths)
    return [str(p) for p in caught.value.problems]


def test_missing_cell_and_duplicate_are_located_in_french(tmp_path: Path) -> None:
    """Every problem of every file comes at once, by file, line, column as written and value."""
    first = write(tmp_path / "a.csv", "Identifiant;note\nA1;Paul\n;Marie\na 1;\n")
    second = write(tmp_path / "b.csv", "code\nB2\nA1\n")
    assert problems(Codes(), [first, second]) == [
        "a.csv, ligne 3, colonne « Identifiant », valeur «  » : valeur obligatoire manquante",
        "a.csv, ligne 4, colonne « Identifiant », valeur « a 1 » : code en double : déjà attribué ligne 2 (Paul)",
        "b.csv, ligne 3, colonne « code », valeur « A1 » : code en double : déjà attribué fichier a.csv, ligne 2 (Paul)",
    ]


def test_file_level_problems(tmp_path: Path) -> None:
    """No file, a missing required column, a header-only file and a file given twice."""
    assert problems(Codes(), []) == ["liste des codes : aucun fichier de codes fourni"]
    no_code = write(tmp_path / "a.csv", "note\nx\n")
    header_only = write(tmp_path / "b.csv", "code;note\n")
    assert problems(Codes(), [no_code, header_only]) == [
        "a.csv, ligne 1 : colonne(s) obligatoire(s) absente(s) : code (en-têtes trouvés : note)",
        "b.csv : aucun code : le fichier ne contient que la ligne d'en-tête",
    ]
    # Two files of the same name are shown by their full path.
    assert problems(Codes(), [no_code, no_code]) == [
        f"{no_code}, ligne 1 : colonne(s) obligatoire(s) absente(s) : code (en-têtes trouvés : note)",
        f"{no_code} : fichier donné deux fois dans la liste des codes",
    ]


def test_items_in_order_and_warnings_grouped(tmp_path: Path) -> None:
    """Items in file then line order; a warning repeated on several rows is given once, at its first line."""
    path = write(tmp_path / "a.csv", "code;note;couleur\nC1;?;bleu\nC2;ok;vert\nC3;?;rouge\n")
    reader = Codes()
    assert reader.read([path]) == ["C1", "C2", "C3"]
    assert [str(w) for w in reader.warnings] == [
        "a.csv, colonne « couleur » : colonne non reconnue : ignorée",
        "a.csv, ligne 2, colonne « note », valeur « ? » : note illisible : ignorée (et 1 autre(s) ligne(s))",
    ]


def test_a_header_only_file_may_be_a_warning(tmp_path: Path) -> None:
    """A list that may be empty for now warns instead of failing."""
    reader = QuietCodes()
    assert reader.read([write(tmp_path / "a.csv", "code\n")]) == []
    assert [str(w) for w in reader.warnings] == [
        "a.csv : aucun code : le fichier ne contient que la ligne d'en-tête"
    ]
