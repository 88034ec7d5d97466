"""Sessions sharing sites, planned together (``oraux planifier DIR1 DIR2``):
one plan per session, and no room, loge seat or station of a shared site
taken twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.domain.shared_examiners import convened_days, identities
from scheduler.domain.shared_sites import holding, shared_sites
from scheduler.io.inputs import load_inputs
from scheduler.io.plan_files import load_plan, load_plan_file
from scheduler.publish.together import holding_partners, session_folders
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.shared_examiners import check_shared_examiners
from scheduler.validate.shared_sites import validate_shared_sites
from tests.session_copies import ndrc_copy
from tests.tiny_sessions import rooms_by_place_day


def _small_copy(parent: Path, name: str, code: str, n: int = 12, *, tarbes_rooms: int = 2) -> Path:
    """Toulouse 2021 NDRC under code ``code`` with its first ``n`` candidates
    who take an oral, Tarbes cut to ``tarbes_rooms`` rooms so that sharing binds."""
    tarbes = (
        "salles_interrogation = 10\nplaces_loge = 12",
        f"salles_interrogation = {tarbes_rooms}\nplaces_loge = 2",
    )
    return ndrc_copy(parent / name, code, n=n, edits=[tarbes])


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_two_sessions_sharing_every_site_are_planned_in_turn(tmp_path: Path) -> None:
    """Two small sessions at the same sites the same days, Tarbes cut to two
    rooms and two loge seats: one plan each, in its own folder, and never a
    room or a seat taken twice."""
    parent = tmp_path / "sessions"
    first = _small_copy(parent, "a", "ndrc-a")
    second = _small_copy(parent, "b", "ndrc-b")
    out, models = tmp_path / "sorties", tmp_path / "modeles"
    code, stdout, err = _run(
        "planifier",
        str(parent),
        "--temps-max",
        "60",
        "--workers",
        "1",
        "--sortie",
        str(out),
        "--modeles",
        str(models),
    )
    assert code == 0, err
    assert "Plan plan-v1 de la session ndrc-a" in stdout and "Plan plan-v1 de la session ndrc-b" in stdout
    assert "Planifiées ensemble, l'une après l'autre : ndrc-a, ndrc-b" in stdout
    assert "  - lieu partagé : Lycée Pradeau La Sède (Tarbes)" in stdout
    assert "  - examinateur(s) inscrit(s) dans plusieurs listes : ADAM Nathalie (Lycée Berthelot)" in stdout
    planned = []
    for folder, session_code in ((first, "ndrc-a"), (second, "ndrc-b")):
        assert (out / session_code / "plan-v1" / "planning.csv").is_file()
        inputs = load_inputs(folder, with_examiners=True)
        planned.append((inputs, load_plan(models / session_code / "plan-v1.json")))
    (a, plan_a), (b, plan_b) = planned
    # Each plan keeps its own session's rules, the second with what the first holds.
    assert validate(a.session, a.candidates, plan_a) == []
    held = holding(b.session, [(a.session, plan_a)], shared_sites([a.session, b.session]))
    assert validate(held, b.candidates, plan_b) == []
    assert validate_examiners(held, b.candidates, plan_b, b.examiners) == []
    # And together: no room, loge seat or station taken twice.
    assert validate_shared_sites([(a.session, plan_a), (b.session, plan_b)]) == []
    # The two copies list the same examiners: a person examines for one session a day.
    assert check_shared_examiners([(a.session, plan_a, a.examiners), (b.session, plan_b, b.examiners)]) == []
    days_a, days_b = convened_days(plan_a, a.examiners), convened_days(plan_b, b.examiners)
    assert set(days_a) & set(days_b), "no person examines in both sessions: the test proves nothing"
    rooms_a, rooms_b = rooms_by_place_day(a.session, plan_a), rooms_by_place_day(b.session, plan_b)
    shared_days = set(rooms_a) & set(rooms_b)
    assert shared_days, "the two sessions never met at a site: the test proves nothing"
    assert all(not rooms_a[key] & rooms_b[key] for key in shared_days)
    # Each plan file names the session planned with it.
    assert load_plan_file(models / "ndrc-b" / "plan-v1.json").shared_with == [str(first.resolve())]

    # A re-run of the second session holds the first's examiners on the days it convenes them.
    _, listed, warnings = holding_partners(b.session, [first], models, b.examiners)
    assert warnings == []
    for e in listed:
        assert not any(e.can_come(day) for i in identities(e) for day in days_a.get(i, set())), e.id
    assert listed != b.examiners

    # A re-run of the second session after one of its rooms closes, on a day
    # the first session sits at that site too: its commission moves to
    # another room, never into one of the first session's.
    place, day = min(shared_days)
    key = next(k for k, site in b.session.sites.items() if site.etablissement == place)
    room = min(rooms_b[(place, day)])
    events = tmp_path / "evenements.csv"
    events.write_text(
        f"type;cible;epreuve;du;au;commentaire\nsalle_indisponible;{key} / {room};;{day};;\n",
        encoding="utf-8",
    )
    code, _, err = _run(
        "replanifier", str(second), "--evenements", str(events), "--a-partir-de", "2021-05-01 08:00",
        "--temps-max", "30", "--workers", "1", "--sortie", str(out / "ndrc-b"), "--modeles", str(models),
    )  # fmt: skip
    assert code == 0, err
    again = load_plan_file(models / "ndrc-b" / "plan-v2.json")
    assert again.shared_with == [str(first.resolve())]
    assert validate_shared_sites([(a.session, plan_a), (b.session, again.plan)]) == []
    assert check_shared_examiners([(a.session, plan_a, a.examiners), (b.session, again.plan, b.examiners)]) == []
    assert not rooms_by_place_day(b.session, again.plan).get((place, day), set()) & rooms_a[(place, day)]

    # A partner whose examiner list no longer reads: said, and nothing held for it.
    (first / "examinateurs.csv").write_text("id;nom;prenom\nEX001;;\n", encoding="utf-8")
    _, listed, warnings = holding_partners(b.session, [first], models, b.examiners)
    assert listed == b.examiners
    assert len(warnings) == 1 and "liste des examinateurs illisible" in warnings[0], warnings


def test_a_parent_folder_stands_for_its_sessions(tmp_path: Path) -> None:
    _small_copy(tmp_path, "b", "ndrc-b")
    _small_copy(tmp_path, "a", "ndrc-a")
    (tmp_path / "notes").mkdir()
    assert session_folders([tmp_path]) == [tmp_path / "a", tmp_path / "b"]
    assert session_folders([tmp_path / "b", tmp_path / "a"]) == [tmp_path / "b", tmp_path / "a"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("same code", "[session] code : déjà celui de la session"),
        ("other rooms", "[sites.tarbes] salles_interrogation = 3, mais 2 pour le même lieu"),
        ("one list for two", "option réservée à une seule session"),
    ],
)
def test_sessions_that_cannot_be_planned_together_are_refused(
    tmp_path: Path, edit: str, expected: str
) -> None:
    """Exit 2, a French message naming the file and the key, nothing written."""
    first = _small_copy(tmp_path, "a", "ndrc-a")
    second = _small_copy(
        tmp_path,
        "b",
        "ndrc-a" if edit == "same code" else "ndrc-b",
        tarbes_rooms=3 if edit == "other rooms" else 2,
    )
    extra = ["--candidats", str(first / "candidats.csv")] if edit == "one list for two" else []
    out = tmp_path / "sorties"
    code, _, err = _run(
        "planifier", str(first), str(second), "--sortie", str(out), "--modeles", str(tmp_path / "m"), *extra
    )
    assert code == 2
    assert expected in err and "Rien n'a été écrit." in err and "Traceback" not in err
    if edit != "one list for two":
        assert str(second / "session.toml") in err
    assert not out.exists() and not (tmp_path / "m").exists()


#: The language orals (E2, E2F) on their first day only.
ONE_DAY = ('du = "2021-05-31"\nau = "2021-06-04"', 'du = "2021-05-31"\nau = "2021-05-31"')


def _one_day_pair(parent: Path, shared: str) -> list[str]:
    """Two sessions with their language orals on one day, 31 May, that
    cannot both have them then: sharing Tarbes cut to one room (``salle``),
    or at sites of their own with one English examiner, DUBOIS, in both
    lists (``examinateur``)."""
    folders = []
    for name in ("a", "b"):
        if shared == "salle":
            tarbes = ("salles_interrogation = 10\nplaces_loge = 12", "salles_interrogation = 1\nplaces_loge = 2")
            folder = ndrc_copy(parent / name, f"ndrc-{name}", n=5, edits=[tarbes, ONE_DAY])
        else:
            own = [ONE_DAY] + ([('etablissement = "Lycée ', 'etablissement = "Lycée B ')] if name == "b" else [])
            folder = ndrc_copy(parent / name, f"ndrc-{name}", n=5, edits=own)
            listing = folder / "examinateurs.csv"
            lines = listing.read_text(encoding="utf-8-sig").splitlines()
            kept = [ln for ln in lines if ";E2;anglais;" not in ln or ln.startswith("EX023;")]
            listing.write_text("\n".join(kept) + "\n", encoding="utf-8")
        folders.append(str(folder))
    return folders


@pytest.mark.parametrize(
    ("shared", "expected"),
    [
        (
            "salle",
            (
                "la session ndrc-b ne tient pas dans ce que les sessions planifiées avant elle (ndrc-a) laissent "
                "des sites partagés (",
                "Lycée Pradeau La Sède (Tarbes)",
            ),
        ),
        (
            "examinateur",
            (
                "la session ndrc-b ne tient pas dans les jours que les sessions planifiées avant elle laissent à "
                "ses examinateurs inscrits aussi dans leurs listes (",
                "EX023 DUBOIS Olivier",
            ),
        ),
    ],
)
def test_a_session_left_without_a_room_or_an_examiner_gets_no_verdict(
    tmp_path: Path, shared: str, expected: tuple[str, ...]
) -> None:
    """The first session takes the room, or convenes the examiner, on the
    one day; the second no longer fits.  It would fit alone, so this is no
    verdict: exit 4, what is missing named in French, nothing written."""
    folders = _one_day_pair(tmp_path, shared)
    out = tmp_path / "sorties"
    args = ["--temps-max", "60", "--workers", "1", "--sortie", str(out), "--modeles", str(tmp_path / "m")]
    code, _, err = _run("planifier", *folders, *args)
    assert code == 4, err
    assert "Sites ou examinateurs partagés trop pris" in err
    assert all(part in err for part in expected), err
    assert "Rien n'a été écrit." in err and "Traceback" not in err
    assert not out.exists()
    # Alone, the second session is planned.
    code, _, err = _run("planifier", folders[1], *args)
    assert code == 0, err
