"""The scale instance: the bundled académie repeated, as a session folder.

``python -m benchmarks.scale DOSSIER [--copies 15] [--semaines 4] [--salles 2]
[--examinateurs 5]`` writes a session folder an office could have typed: the
bundled ``session.toml`` with every épreuve window stretched to the given
number of weeks from its first day and every site's rooms, loge seats and
workstations multiplied; ``centres.csv`` with its counts multiplied;
``etablissements.csv`` as it is; the bundled candidate list repeated ``copies`` times (same names and
schools, new exam numbers, ten digits); the bundled examiner list repeated
``examinateurs`` times (new ids, same names: the benchmark is about the
planner's time and memory, not about homonyms).

With the defaults it is the SCCP-size session of issue #12: 8,040 candidates,
17,520 orals, four-week windows, rooms doubled.  The folder is then planned
as an office does, by ``oraux planifier`` (see :mod:`benchmarks.scale_run`).
Deterministic: the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as « python benchmarks/scale.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR  # noqa: E402
from scheduler.io.atomic import atomic_write_text  # noqa: E402

COPIES = 15
WEEKS = 4
ROOM_FACTOR = 2
EXAMINER_COPIES = 5

#: Lines of session.toml that the generator rewrites.
_WINDOW = re.compile(r'^du = "(\d{4}-\d{2}-\d{2})"\s*$\n^au = "\d{4}-\d{2}-\d{2}"', re.MULTILINE)
_CAPACITY = re.compile(r"^(salles_interrogation|places_loge|postes_informatiques) = (\d+)", re.MULTILINE)
_CODE = re.compile(r'^code = "([^"]+)"', re.MULTILINE)
_LABEL = re.compile(r'^libelle = "([^"]+)"', re.MULTILINE)

#: Exam numbers: académie prefix (3), centre (2), copy (2), rank in centre (3).
_NUMBER = re.compile(r"(\d{3})(\d{2})(\d{5})")


@dataclass(frozen=True)
class ScaleSpec:
    """How the bundled session is scaled."""

    copies: int = COPIES
    weeks: int = WEEKS
    room_factor: int = ROOM_FACTOR
    examiner_copies: int = EXAMINER_COPIES

    @property
    def name(self) -> str:
        return f"toulouse-2021-x{self.copies}"

    def describe(self) -> str:
        """French description for the report."""
        weeks = "d'une semaine" if self.weeks == 1 else f"de {self.weeks} semaines"
        return (
            f"la session fournie répétée {self.copies} fois (candidats recopiés avec de nouveaux numéros), "
            f"fenêtres {weeks} à partir du premier jour de chaque épreuve, salles, places "
            f"en loge et postes multipliés par {self.room_factor}, liste d'examinateurs recopiée "
            f"{self.examiner_copies} fois"
        )


def scaled_session_toml(text: str, spec: ScaleSpec) -> str:
    """``session.toml`` with stretched windows, multiplied rooms and a new code."""

    def window(match: re.Match[str]) -> str:
        first = date.fromisoformat(match.group(1))
        last = first + timedelta(weeks=spec.weeks) - timedelta(days=1)
        return f'du = "{first.isoformat()}"\nau = "{last.isoformat()}"'

    def capacity(match: re.Match[str]) -> str:
        return f"{match.group(1)} = {int(match.group(2)) * spec.room_factor}"

    text, windows = _WINDOW.subn(window, text)
    if windows == 0:
        raise ValueError("session.toml : aucune fenêtre « du / au » trouvée")
    text = _CAPACITY.sub(capacity, text)
    text = _CODE.sub(f'code = "{spec.name}"', text, count=1)
    return _LABEL.sub(lambda m: f'libelle = "{m.group(1)} (×{spec.copies}, banc d\'essai)"', text, count=1)


def scaled_candidates(text: str, copies: int) -> str:
    """The candidate list repeated ``copies`` times, with new ten-digit numbers."""
    rows, columns = _read(text)
    out: list[dict[str, str]] = []
    for copy in range(copies):
        for row in rows:
            match = _NUMBER.fullmatch(row["numero"])
            if match is None or int(match.group(3)) > 999:
                raise ValueError(f"numéro de candidat inattendu : {row['numero']!r}")
            prefix, centre, rank = match.groups()
            out.append({**row, "numero": f"{prefix}{centre}{copy:02d}{int(rank):03d}"})
    return _write(columns, out)


def scaled_centres(text: str, copies: int) -> str:
    """The écrit centres with their announced counts multiplied (they seat every copy)."""
    rows, columns = _read(text)
    counts = [c for c in ("effectif_annonce", "effectif_origine") if c in columns]
    return _write(columns, [{**row, **{c: str(int(row[c]) * copies) for c in counts}} for row in rows])


def scaled_examiners(text: str, copies: int) -> str:
    """The examiner list repeated ``copies`` times, with new ids."""
    rows, columns = _read(text)
    out = [
        {**row, "id": f"EX{copy:02d}{index:03d}"}
        for copy in range(copies)
        for index, row in enumerate(rows, start=1)
    ]
    return _write(columns, out)


def write_scaled_session(folder: Path, spec: ScaleSpec = ScaleSpec(), source: Path = DATA_DIR) -> Path:
    """Write the scaled session folder (created; must not hold a session yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "session.toml").exists():
        raise FileExistsError(f"{folder} contient déjà une session")
    files = {
        "centres.csv": scaled_centres((source / "centres.csv").read_text(encoding="utf-8-sig"), spec.copies),
        "etablissements.csv": (source / "etablissements.csv").read_text(encoding="utf-8-sig"),
        "candidats.csv": scaled_candidates(
            (source / "candidats.csv").read_text(encoding="utf-8-sig"), spec.copies
        ),
        "examinateurs.csv": scaled_examiners(
            (source / "examinateurs.csv").read_text(encoding="utf-8-sig"), spec.examiner_copies
        ),
        # Last: a folder with session.toml is a complete session.
        "session.toml": scaled_session_toml((source / "session.toml").read_text(encoding="utf-8"), spec),
    }
    for name, content in files.items():
        atomic_write_text(folder / name, content)
    return folder


def _read(text: str) -> tuple[list[dict[str, str]], list[str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    return list(reader), list(reader.fieldnames or [])


def _write(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scale", description="Écrit la session de grande taille du banc d'essai."
    )
    parser.add_argument("dossier", type=Path, help="dossier à créer")
    parser.add_argument("--copies", type=int, default=COPIES, help=f"répétitions des candidats ({COPIES})")
    parser.add_argument("--semaines", type=int, default=WEEKS, help=f"semaines par fenêtre ({WEEKS})")
    parser.add_argument("--salles", type=int, default=ROOM_FACTOR, help=f"facteur des salles ({ROOM_FACTOR})")
    parser.add_argument(
        "--examinateurs",
        type=int,
        default=EXAMINER_COPIES,
        help=f"répétitions des examinateurs ({EXAMINER_COPIES})",
    )
    args = parser.parse_args(argv)
    spec = ScaleSpec(args.copies, args.semaines, args.salles, args.examinateurs)
    print(write_scaled_session(args.dossier, spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
