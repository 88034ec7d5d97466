"""``oraux publier`` and ``oraux portail`` as the office types them: a
publication that prints where the links are, and bad input answered in
French with exit status 2, no traceback and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.io.plan_files import read_office_csv
from scheduler.portal import store
from scheduler.portal.access import check_password
from tests.portal.sessions import Office, run

# They plan and re-plan a session through the command line: not in « make test-rapide ».
pytestmark = pytest.mark.slow


def test_publier_publishes_the_latest_version_once_and_prints_the_links(office: Office) -> None:
    code, out, err = run("publier", str(office.session), *office.options())
    assert code == 0, err
    links = office.outputs / "liens.csv"
    assert out.splitlines() == [
        f"Session toulouse-2021, version plan-v2 publiée : {_count(office, 2)} documents.",
        f"Liens personnels ({_people(links)} destinataires) : {links}",
    ]
    assert (office.session / "portail.sqlite").is_file()
    first = links.read_bytes()
    # Again: nothing stored twice, the same links.
    code, out, _ = run("publier", str(office.session), *office.options())
    assert code == 0 and "déjà publiée (rien de changé)" in out
    assert links.read_bytes() == first


def test_publier_refuses_bad_input_in_french(office: Office, tmp_path: Path) -> None:
    cases = {
        ("--plan", "plan-v9"): "version inconnue",
        ("--base", "pas une adresse"): "adresse de base de données illisible",
        ("--modeles", str(tmp_path / "vide")): "aucun plan enregistré",
    }
    for extra, message in cases.items():
        code, out, err = run("publier", str(office.session), *office.options(), *extra)
        assert code == 2, (extra, out, err)
        assert message in err and "Traceback" not in err
    assert not (office.outputs / "liens.csv").exists()
    code, _, err = run("publier", str(tmp_path / "absent"))
    assert code == 2 and "Traceback" not in err


def test_portail_sets_the_password_as_an_argon2_hash(office: Office) -> None:
    from click.testing import CliRunner

    from scheduler.cli.main import main

    words = "cheval agrafe batterie"
    result = CliRunner().invoke(
        main, ["portail", str(office.session), "--definir-mot-de-passe"], input=f"{words}\n{words}\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "Mot de passe enregistré (empreinte argon2)." in result.stdout
    engine = store.open_store(store.sqlite_url(office.session))
    with store.transaction(engine) as db:
        stored = store.setting(db, store.PASSWORD)
        assert stored is not None and stored.startswith("$argon2id$") and words not in stored
        assert check_password(db, words) and not check_password(db, words + "!")
    engine.dispose()
    short = CliRunner().invoke(main, ["portail", str(office.session), "--definir-mot-de-passe"], input="abc\nabc\n")
    assert short.exit_code == 2 and "au moins" in short.stderr


def _count(office: Office, version: int) -> int:
    return sum(1 for p in office.folder(version).rglob("*") if p.is_file())


def _people(links: Path) -> int:
    return len(read_office_csv(links.read_bytes()))
