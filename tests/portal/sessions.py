"""A small published session for the portal's tests: 30 candidates of
Toulouse 2021 with their examiners, planned (``plan-v1``) then re-planned
after a withdrawal and an absent examiner (``plan-v2``), through the CLI as
the office runs it.  Each test gets a fresh copy of the folders.

The copied inputs carry e-mail addresses (``@example.org``) that the bundled
session has not: every site's head but Tarbes', every other examiner, the
établissements that are not « EAD »."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.io.plan_files import read_office_csv

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "data" / "toulouse-2021"
CODE = "toulouse-2021"


@dataclass(frozen=True)
class Office:
    """The office's folders: the session, saved plans and documents."""

    base: Path

    @property
    def session(self) -> Path:
        return self.base / "session"

    @property
    def models(self) -> Path:
        return self.base / "models"

    @property
    def outputs(self) -> Path:
        return self.base / "sorties"

    def folder(self, version: int) -> Path:
        return self.outputs / f"plan-v{version}"

    def recipients(self, version: int) -> list[dict[str, str]]:
        return read_office_csv((self.folder(version) / "destinataires.csv").read_bytes())

    def options(self) -> list[str]:
        return ["--modeles", str(self.models), "--sortie", str(self.outputs)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="session")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Office:
    office = Office(tmp_path_factory.mktemp("portail"))
    office.session.mkdir()
    for name in ("session.toml", "centres.csv", "etablissements.csv", "examinateurs.csv"):
        shutil.copy(SOURCE / name, office.session / name)
    _add_emails(office.session)
    lines = (SOURCE / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln][:30]
    (office.session / "candidats.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    code, _, err = run(
        "planifier", str(office.session), "--temps-max", "10", "--workers", "1", *office.options()
    )
    assert code == 0, err
    # A withdrawal, on the eve of the E4 week: the site heads' days change.
    withdrawn = next(r["numero"] for r in read_office_csv((office.folder(1) / "planning.csv").read_bytes())
                     if r["epreuve"] == "E4" and r["statut"] == "planifié")  # fmt: skip
    events = office.base / "evenements.csv"
    events.write_text(
        f"type;cible;epreuve;du;au;commentaire\ncandidat_desiste;{withdrawn};;;;\n", encoding="utf-8"
    )
    code, _, err = run(
        "replanifier", str(office.session), "--evenements", str(events), "--a-partir-de", "2021-06-04 18:00",
        "--temps-max", "10", "--workers", "1", *office.options(),
    )  # fmt: skip
    assert code == 0, err
    assert office.folder(2).is_dir()
    return office


def _add_emails(folder: Path) -> None:
    """Give the copied inputs some e-mail addresses, leaving others empty."""
    toml = folder / "session.toml"
    text = toml.read_text(encoding="utf-8")
    for key in ("castres", "toulouse", "muret"):
        text = text.replace(f"[sites.{key}]\n", f'[sites.{key}]\ncourriel = "chef.{key}@example.org"\n', 1)
    toml.write_text(text, encoding="utf-8")

    def with_column(name: str, email: Callable[[int, list[str]], str]) -> None:
        path = folder / name
        header, *rows = path.read_text(encoding="utf-8-sig").splitlines()
        lines = [f"{header};courriel"]
        lines += [f"{row};{email(n, row.split(';'))}" for n, row in enumerate(rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with_column("examinateurs.csv", lambda n, cells: f"{cells[0].lower()}@example.org" if n % 2 else "")
    with_column(
        "etablissements.csv",
        lambda n, cells: "" if cells[0].startswith("EAD") else f"secretariat{n}@example.org",
    )


@pytest.fixture
def office(two_versions: Office, tmp_path: Path) -> Office:
    """A fresh copy of the published session's folders for one test."""
    shutil.copytree(two_versions.base, tmp_path / "bureau")
    return Office(tmp_path / "bureau")
