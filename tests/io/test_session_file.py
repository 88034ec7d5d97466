"""Loading a session folder: the Toulouse 2021 facts and located French errors."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.io.candidates import load_candidates
from scheduler.io.session_file import load_session

SESSION = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"


def test_toulouse_2021_as_the_circular_publishes_it() -> None:
    s = load_session(SESSION)
    assert list(s.epreuves) == ["E2", "E2F", "E4", "E5", "E6", "ENG"]
    e4 = s.epreuves["E4"]
    assert (e4.sites, e4.first_day, e4.last_day) == (("castres",), date(2021, 6, 7), date(2021, 6, 10))
    assert (e4.preparation_minutes, e4.oral_minutes, e4.commission_size) == (40, 60, 2)
    assert s.epreuves["E5"].sites == ("toulouse", "muret")
    assert s.epreuves["E5"].subjects == ("WordPress", "PrestaShop")
    eng = s.epreuves["ENG"]
    assert (eng.follows, eng.sites, eng.oral_minutes, eng.family) == ("E6", ("toulouse",), 20, "E6")
    assert s.epreuves["E2F"].family == "E2"
    # 31 May – 4 June 2021: five working days; E5 from Tuesday 25 May (after Whit Monday).
    assert len(s.working_days(s.epreuves["E2"])) == 5
    assert s.working_days(s.epreuves["E5"])[0] == date(2021, 5, 25)
    assert date(2021, 5, 24) in s.holidays
    assert sum(c.announced for c in s.centres) == 536
    assert s.sites["tarbes"].full_address == "Lycée Pradeau La Sède, 14 rue Mesclin, 65000 Tarbes"
    assert s.preferences.group_schools is False


def test_tiers_temps_rounds_up_to_the_grid() -> None:
    from fractions import Fraction

    s = load_session(SESSION)
    assert s.durations(s.epreuves["E4"], Fraction(1, 3)) == (60, 80)
    assert s.durations(s.epreuves["ENG"], Fraction(1, 4)) == (0, 30)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "session"
    shutil.copytree(SESSION, folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "session.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, 'code = "E4"', 'code = "E4')
    with pytest.raises(InputError) as err:
        load_session(folder)
    (problem,) = err.value.problems
    assert problem.file.endswith("session.toml") and problem.line is not None
    assert "syntaxe TOML invalide" in problem.message


def test_every_problem_of_the_session_file_is_reported(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, 'sites = ["castres"]', 'sites = ["albi"]')
    _edit(folder, 'debut_pause = "12:30"', 'debut_pause = "midi"')
    _edit(folder, "places_loge = 12", "places_loge = -1")
    with pytest.raises(InputError) as err:
        load_session(folder)
    text = err.value.report()
    assert "3 erreurs" in text
    assert "site inconnu" in text and "« albi »" in text
    assert "heure invalide, attendu HH:MM" in text and "« midi »" in text
    assert "valeur négative" in text


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "interrogation_minutes = 60\n", "")
    with pytest.raises(InputError) as err:
        load_session(folder)
    assert "[epreuves E4] interrogation_minutes : clé obligatoire absente" in err.value.report()


def test_preferences_are_read(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "regrouper_etablissements = false", "regrouper_etablissements = true")
    _edit(folder, "poids_loin_premiere_rotation = 30", "poids_loin_premiere_rotation = 7")
    prefs = load_session(folder).preferences
    assert prefs.group_schools is True and prefs.far_first == 7


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("interrogation_minutes = 60\n", "interrogation_minutes = 0\n", "un oral dure au moins une minute"),
        ("membres_commission = 2\n", "membres_commission = 0\n", "une commission compte de 1 à 10 membres"),
        ('code = "toulouse-2021"', 'code = ".."', "le code nomme les dossiers des plans"),
        ('code = "toulouse-2021"', 'code = "../../evil"', "le code nomme les dossiers des plans"),
    ],
)
def test_impossible_values_are_refused_before_any_work(tmp_path: Path, old: str, new: str, said: str) -> None:
    """Zero durations, empty commissions, a code that would leave the plans'
    folders: refused when the session is read, named, never after a solve."""
    folder = _copy(tmp_path)
    _edit(folder, old, new)
    with pytest.raises(InputError) as err:
        load_session(folder)
    assert said in err.value.report()
    assert new.split(" = ")[1].strip().strip('"') in err.value.report()


def test_a_misspelt_key_or_table_is_not_ignored(tmp_path: Path) -> None:
    """« [objectifs] » for « [objectif] », « place_loge » for « places_loge »:
    each named with the keys it could have been."""
    folder = _copy(tmp_path)
    _edit(folder, "[objectif]", "[objectifs]")
    _edit(folder, "places_loge = 12", "place_loge = 12")
    with pytest.raises(InputError) as err:
        load_session(folder)
    text = err.value.report()
    assert "objectifs : clé inconnue, faute de frappe ?" in text and "objectif," in text
    assert "[sites.tarbes] place_loge : clé inconnue" in text and "places_loge" in text


def test_absurd_capacities_are_refused(tmp_path: Path) -> None:
    """A trillion rooms would take all the memory before any answer."""
    folder = _copy(tmp_path)
    _edit(folder, "places_loge = 12", "places_loge = 1000000000000")
    with pytest.raises(InputError) as err:
        load_session(folder)
    assert "[sites.tarbes] places_loge : 2000 au plus" in err.value.report()


def test_no_email_address_by_default() -> None:
    s = load_session(SESSION)
    assert {site.email for site in s.sites.values()} == {""}
    assert {school.email for school in s.etablissements} == {""}


def test_a_site_may_give_its_head_s_email_address(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(
        folder, 'code_postal = "65000"\n', 'code_postal = "65000"\ncourriel = " chef.tarbes@example.org "\n'
    )
    s = load_session(folder)
    assert s.sites["tarbes"].email == "chef.tarbes@example.org"
    assert s.sites["castres"].email == ""


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"chef.tarbes"', "adresse électronique invalide : il manque « @ »"),
        ('"chef@tarbes"', "adresse électronique invalide : domaine incomplet"),
        ("12", "valeur invalide, attendu un texte"),
    ],
)
def test_a_wrong_site_email_address_is_refused(tmp_path: Path, value: str, said: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, 'code_postal = "65000"\n', f'code_postal = "65000"\ncourriel = {value}\n')
    with pytest.raises(InputError) as err:
        load_session(folder)
    (problem,) = err.value.problems
    assert problem.file.endswith("session.toml")
    assert problem.message.startswith(f"[sites.tarbes] courriel : {said}")
    assert problem.value == value.strip('"')


def _with_school_emails(folder: Path, header: str, emails: list[str]) -> None:
    path = folder / "etablissements.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    padded = emails + [""] * (len(lines) - 1 - len(emails))
    rows = [f"{line};{email}" for line, email in zip(lines[1:], padded, strict=True)]
    path.write_text("\n".join([f"{lines[0]};{header}", *rows]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("header", ["courriel", "E-mail", "Adresse électronique", "mél"])
def test_etablissements_may_give_email_addresses(tmp_path: Path, header: str) -> None:
    folder = _copy(tmp_path)
    _with_school_emails(
        folder, header, ["secretariat@durroux.example.org", "  cci@ariege.example.org  ", " "]
    )
    first, second, third, *others = load_session(folder).etablissements
    assert (first.name, first.email) == ("Lycée Jean Durroux", "secretariat@durroux.example.org")
    assert (second.name, second.email) == ("CCI Ariège", "cci@ariege.example.org")
    assert third.email == ""
    assert {school.email for school in others} == {""}


def test_a_wrong_etablissement_email_address_is_located(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _with_school_emails(folder, "Courriel", ["", "secretariat durroux@example.org"])
    with pytest.raises(InputError) as err:
        load_session(folder)
    (problem,) = err.value.problems
    assert (Path(problem.file).name, problem.line, problem.column, problem.value) == (
        "etablissements.csv",
        3,
        "Courriel",
        "secretariat durroux@example.org",
    )
    assert "adresse électronique invalide : espace dans l'adresse" in problem.message


def test_epreuves_kept_apart_are_read_as_one_group() -> None:
    s = load_session(SESSION)
    assert s.epreuves["E6"].apart_from == ("E4",)
    assert s.examiner_groups() == {"E4": "E4+E6", "E6": "E4+E6"}


@pytest.mark.parametrize("value", ['["E6"]', '["E9"]', '["ENG"]', '"E4"'])
def test_epreuves_kept_apart_must_have_commissions_of_their_own(tmp_path: Path, value: str) -> None:
    """Itself, an unknown code, a unit examined by another épreuve's
    commissions, or a text instead of a list: each refused, named."""
    folder = _copy(tmp_path)
    _edit(folder, 'examinateurs_differents_de = ["E4"]', f"examinateurs_differents_de = {value}")
    with pytest.raises(InputError) as err:
        load_session(folder)
    assert "[epreuves E6] examinateurs_differents_de" in err.value.report()


def test_the_candidate_list_columns_come_from_the_epreuves() -> None:
    s = load_session(SESSION)
    columns = {code: (ep.column, ep.dossier, ep.optional) for code, ep in s.epreuves.items()}
    assert columns == {
        "E2": ("lv_obligatoire", False, False),
        "E2F": ("lv_facultative", False, True),
        "E4": ("e4", True, False),
        "E5": ("e5", False, False),
        "E6": ("e6", True, False),
        "ENG": ("engagement", False, True),
    }
    assert s.barred_by_dossier("E6") == {"E6", "ENG"}


@pytest.mark.parametrize(
    ("old", "new", "where", "why"),
    [
        ('colonne = "engagement"', 'colonne = "e4"', "[epreuves ENG] colonne", "déjà prise par l'épreuve E4"),
        (
            'colonne = "engagement"',
            'colonne = "nom"',
            "[epreuves ENG] colonne",
            "déjà prise par une autre colonne",
        ),
        (
            'colonne = "engagement"',
            'colonne = "engagement"\ndossier = true',
            "[epreuves ENG] dossier",
            "partage son dossier",
        ),
    ],
)
def test_an_epreuve_column_must_be_its_own(tmp_path: Path, old: str, new: str, where: str, why: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, old, new)
    with pytest.raises(InputError) as err:
        load_session(folder)
    report = err.value.report()
    assert where in report and why in report


def test_a_session_with_other_codes_reads_its_own_columns(tmp_path: Path) -> None:
    """E4 renamed E41 with a dossier and a column « vente »: the candidate
    list, the établissements' modes and the NV follow the new code."""
    folder = _copy(tmp_path)
    _edit(folder, 'code = "E4"', 'code = "E41"\ncolonne = "vente"')
    _edit(folder, 'examinateurs_differents_de = ["E4"]', 'examinateurs_differents_de = ["E41"]')
    for _group in range(3):  # [exemple] dossiers_nv and the two examiner groups
        _edit(folder, "{ E4 = ", "{ E41 = ")
    s = load_session(folder)
    assert s.epreuves["E41"].dossier_column == "dossier_e41"
    rows = [
        "numero;nom;prenom;etablissement;centre_ecrit;lv_obligatoire;vente;e5;e6;dossier_e41",
        "21000001;DUPONT;Paul;EAD 31;Lycée Berthelot;anglais;oui;non;oui;NV",
        "21000002;MARTIN;Léa;EAD 31;Lycée Berthelot;;oui;non;non;",
    ]
    path = tmp_path / "candidats-e41.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    a, b = load_candidates([path], s).candidates
    assert (a.orals, a.nv, a.oral_language("E2")) == (("E2", "E41", "E6"), frozenset({"E41"}), "anglais")
    assert (b.orals, b.nv) == (("E41",), frozenset())
    header = "numero;nom;prenom;etablissement;centre_ecrit;lv_obligatoire;e5;e6"
    path.write_text(header + "\n21000003;ROUX;Ana;EAD 31;Lycée Berthelot;;oui;oui\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_candidates([path], s)
    assert "vente" in err.value.report()


def test_sample_settings_are_read(tmp_path: Path) -> None:
    s = load_session(_copy(tmp_path))
    assert (s.sample.number_prefix, s.sample.dominant_language) == ("021", "anglais")
    assert s.sample.nv_counts == (("E4", 3), ("E6", 2))
    assert [(g.quality, g.size, g.epreuves) for g in s.sample.examiner_groups] == [
        ("enseignant", 26, (("E4", 20), ("E5", 10), ("E6", 18))),
        ("professionnel", 32, (("E4", 20), ("E5", 2), ("E6", 18))),
    ]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('prefixe_numeros = "021"', 'prefixe_numeros = "02A"', "[exemple] prefixe_numeros"),
        ('langue_dominante = "anglais"', 'langue_dominante = "klingon"', "[exemple] langue_dominante"),
        ("dossiers_nv = { E4 = 3", "dossiers_nv = { E5 = 3", "[exemple] dossiers_nv E5"),
        ("dossiers_nv = { E4 = 3", "dossiers_nv = { E4 = -3", "[exemple] dossiers_nv E4"),
        ('qualite = "enseignant"', 'qualite = "inspecteur"', "[exemple.examinateurs n° 1] qualite"),
        ("epreuves = { E4 = 20, E5 = 10", "epreuves = { E4 = 27, E5 = 10", "[exemple.examinateurs n° 1] epreuves E4"),
        ("epreuves = { E4 = 20, E5 = 10", "epreuves = { E9 = 20, E5 = 10", "[exemple.examinateurs n° 1] epreuves E9"),
        ("nombre = 26", "nombres = 26", "[exemple.examinateurs n° 1] nombres"),
    ],
)
def test_bad_sample_settings_are_named(tmp_path: Path, old: str, new: str, where: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, old, new)
    with pytest.raises(InputError) as err:
        load_session(folder)
    assert where in err.value.report()
