"""How long ``oraux planifier`` takes to refuse the worst inputs:
``python -m benchmarks.hostile``.

Builds a corpus of hostile session folders — the cases met when the planner
was tried as an office under stress would (holidays over a whole window, a
trillion rooms, 50,000 candidates, a name of 40,000 characters, control
characters, a cell of megabytes, a whole list wrong, a session code that
would leave its folder, an output folder under a file…) — runs
``oraux planifier --temps-max 60`` on each as a command, and records the
exit code, the wall time, how many lines the answer takes and its first
line.  The target: every one refused (exit 1 or 2, never 3 or a traceback)
in under 5 s.  Writes ``benchmarks/results/<date>-refus.json`` and
regenerates ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as « python benchmarks/hostile.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR, INSTANCE_NAMES  # noqa: E402
from benchmarks.report import HOSTILE_KIND, latest_results, render  # noqa: E402
from benchmarks.run import REPORT, RESULTS_DIR, _load, machine_info  # noqa: E402

#: Every refusal within this many seconds.
TARGET_S = 5.0


@dataclass
class Refusal:
    """One hostile input as refused."""

    name: str
    description: str
    exit_code: int = -1
    wall_s: float = 0.0
    lines: int = 0
    first_line: str = ""
    traceback: bool = False


def _copy(folder: Path) -> Path:
    shutil.copytree(DATA_DIR, folder)
    return folder


def _edit_toml(folder: Path, pattern: str, replacement: str) -> None:
    path = folder / "session.toml"
    text, n = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    path.write_text(text, encoding="utf-8")


def _edit_candidates(folder: Path, edit: Callable[[list[str]], list[str]]) -> None:
    path = folder / "candidats.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _cell(lines: list[str], line: int, column: int, text: str) -> list[str]:
    cells = lines[line - 1].split(";")
    cells[column] = text
    lines[line - 1] = ";".join(cells)
    return lines


def _many(lines: list[str], count: int, wrong: bool) -> list[str]:
    """``count`` rows made from the first ones, new numbers; wrong in every cell but the number."""
    rows = []
    width = lines[0].count(";") + 1
    for i in range(count):
        if wrong:
            rows.append(";".join([f"9{i:09d}", *["?"] * (width - 1)]))
        else:
            cells = lines[1 + i % (len(lines) - 1)].split(";")
            cells[0] = f"9{i:09d}"
            rows.append(";".join(cells))
    return [lines[0], *rows]


#: The corpus: name, what it is, how the bundled folder is spoilt (the
#: function returns extra command-line arguments, if any).
CASES: list[tuple[str, str, Callable[[Path], list[str]]]] = []


def case(name: str, description: str) -> Callable[[Callable[[Path], list[str]]], Callable[[Path], list[str]]]:
    def register(spoil: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
        CASES.append((name, description, spoil))
        return spoil

    return register


@case("feries-toute-la-fenetre", "chaque jour de la fenêtre de l'E4 est férié, examinateurs nommés")
def _holidays(folder: Path) -> list[str]:
    days = ", ".join(f'"2021-06-{d:02d}"' for d in (7, 8, 9, 10))
    _edit_toml(folder, r"^jours_feries = .*$", f'jours_feries = ["2021-05-13", "2021-05-24", {days}]')
    return []


@case("mille-milliards-de-salles", "`salles_interrogation = 10**12` à Castres")
def _rooms(folder: Path) -> list[str]:
    _edit_toml(folder, r"salles_interrogation = \d+", "salles_interrogation = 1000000000000")
    return []


@case("oral-de-zero-minute", "`interrogation_minutes = 0` pour l'E4")
def _zero(folder: Path) -> list[str]:
    _edit_toml(folder, r"interrogation_minutes = 60", "interrogation_minutes = 0")
    return []


@case("commission-vide", "`membres_commission = 0`")
def _empty(folder: Path) -> list[str]:
    _edit_toml(folder, r"membres_commission = 2", "membres_commission = 0")
    return []


@case("code-qui-sort-du-dossier", 'code de session `"../../evil"`')
def _code(folder: Path) -> list[str]:
    _edit_toml(folder, r'^code = "toulouse-2021"', 'code = "../../evil"')
    return []


@case("table-mal-orthographiee", "`[objectifs]` au lieu de `[objectif]`")
def _typo(folder: Path) -> list[str]:
    _edit_toml(folder, r"^\[objectif\]", "[objectifs]")
    return []


@case("50000-candidats-e4", "50 000 candidats (lignes recopiées, nouveaux numéros)")
def _fifty_thousand(folder: Path) -> list[str]:
    _edit_candidates(folder, lambda lines: _many(lines, 50_000, wrong=False))
    return []


@case("5000-lignes-fausses", "5 000 lignes fausses dans chaque colonne")
def _all_wrong(folder: Path) -> list[str]:
    _edit_candidates(folder, lambda lines: _many(lines, 5_000, wrong=True))
    return []


@case("nom-de-40000-caracteres", "un nom de 40 000 caractères")
def _long_name(folder: Path) -> list[str]:
    _edit_candidates(folder, lambda lines: _cell(lines, 3, 1, "A" * 40_000))
    return []


@case("cellule-de-5-mo", "une cellule de 5 Mo")
def _huge_cell(folder: Path) -> list[str]:
    _edit_candidates(folder, lambda lines: _cell(lines, 3, 1, "B" * 5_000_000))
    return []


@case("caracteres-de-controle", "un caractère d'échappement dans un nom, un NUL après les premiers 4 Ko")
def _control(folder: Path) -> list[str]:
    _edit_candidates(folder, lambda lines: _cell(_cell(lines, 3, 1, "NOM\x1b[31m"), 100, 2, "Léa\x00"))
    return []


@case("sortie-sous-un-fichier", "dossier de sortie demandé sous un fichier (`--sortie fichier.txt/sorties`)")
def _blocked(folder: Path) -> list[str]:
    (folder.parent / "fichier.txt").write_text("pas un dossier", encoding="utf-8")
    return ["--sortie", "fichier.txt/sorties"]


def refuse(name: str, description: str, spoil: Callable[[Path], list[str]], work: Path) -> Refusal:
    """Spoil a copy of the bundled folder, run ``oraux planifier`` on it."""
    place = work / name
    place.mkdir()
    folder = _copy(place / "session")
    extra = spoil(folder)
    oraux = str(Path(sys.executable).with_name("oraux"))
    argv = [oraux, "planifier", folder.name, "--temps-max", "60", *extra]
    clock = time.monotonic()
    done = subprocess.run(argv, cwd=place, capture_output=True, text=True, timeout=600)
    refusal = Refusal(name, description, done.returncode, round(time.monotonic() - clock, 2))
    answer = [ln for ln in (done.stderr + done.stdout).splitlines() if ln.strip()]
    refusal.lines = len(answer)
    refusal.traceback = "Traceback" in done.stderr
    refusal.first_line = next((ln.strip() for ln in answer if ln.strip().startswith("-")), answer[0] if answer else "")
    refusal.first_line = refusal.first_line[:160]
    return refusal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hostile",
        description="Mesure le temps mis à refuser les pires entrées et régénère BENCHMARKS.md.",
    )
    parser.parse_args(argv)
    machine = machine_info()
    load_start = _load()
    done: list[Refusal] = []
    with tempfile.TemporaryDirectory(prefix="oraux-refus-") as tmp:
        for name, description, spoil in CASES:
            refusal = refuse(name, description, spoil, Path(tmp))
            print(
                f"{name} : sortie {refusal.exit_code}, {refusal.wall_s:.1f} s, {refusal.lines} ligne(s) — "
                f"{refusal.first_line}",
                file=sys.stderr,
                flush=True,
            )
            done.append(refusal)
    data = {
        "kind": HOSTILE_KIND,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine,
        "load_average": {"start": load_start, "end": _load()},
        "quick": False,
        "target_s": TARGET_S,
        "runs": [asdict(r) for r in done],
    }
    path = RESULTS_DIR / f"{date.today().isoformat()}-refus.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  → {path}", file=sys.stderr)
    REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
    print(f"Rapport régénéré : {REPORT}", file=sys.stderr)
    bad = [r.name for r in done if r.exit_code not in (1, 2) or r.traceback or r.wall_s > TARGET_S]
    if bad:
        print(f"Hors objectif : {', '.join(bad)}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
