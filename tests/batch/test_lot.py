"""``oraux planifier-lot`` on a real local Dask cluster: a batch with
sessions planned in parallel, two sharing their sites, one impossible, one
whose file is broken, and a worker killed in the middle of a batch."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.batch.lot import IMPOSSIBLE, INPUT_ERROR, PUBLISHED, Outcome, groups_of, plan_batch
from scheduler.cli.main import main
from scheduler.io.inputs import load_inputs
from scheduler.io.plan_files import load_plan_file
from scheduler.publish.together import shared_by
from scheduler.solver.options import SolveOptions
from scheduler.validate.hard_rules import validate
from tests.session_copies import edit_session_toml, ndrc_copy

distributed = pytest.importorskip("distributed")


def _session(parent: Path, name: str, *, own_sites: bool = True, n: int = 8) -> Path:
    """A copy of Toulouse 2021 with ``n`` of its candidates, coded
    ``lot-<name>``; with ``own_sites`` its sites are other schools and its
    examiners other people, so that it shares nothing with the other copies."""
    renamed = [('etablissement = "Lycée ', f'etablissement = "Lycée {name.upper()} ')] if own_sites else []
    return ndrc_copy(parent / name, f"lot-{name}", n=n, edits=renamed, own_examiners=own_sites)


def test_sessions_sharing_sites_make_one_group(tmp_path: Path) -> None:
    a, b = _session(tmp_path, "a", own_sites=False), _session(tmp_path, "b", own_sites=False)
    c = _session(tmp_path, "c")
    broken = _session(tmp_path, "d")
    edit_session_toml(broken, "[calendrier]", "[calendrier")
    twin = _session(tmp_path, "twin")
    edit_session_toml(twin, 'code = "lot-twin"', 'code = "lot-c"')
    groups, refused, codes = groups_of([a, c, b, broken, twin])
    assert groups == [[a, b], [c]]
    assert codes == {a: "lot-a", b: "lot-b", c: "lot-c"}
    assert [(o.folder, o.status) for o in refused] == [(broken, INPUT_ERROR), (twin, INPUT_ERROR)]
    assert "déjà celui de" in refused[1].reasons[0]


def test_sessions_sharing_an_examiner_make_one_group(tmp_path: Path) -> None:
    """Two sessions at sites of their own are independent, until one person
    is in both examiner lists (another id, another case): then they are
    planned in turn, so that this person is convened by one session a day."""
    c, d = _session(tmp_path, "c"), _session(tmp_path, "d")
    assert groups_of([c, d])[0] == [[c], [d]]
    first = (c / "examinateurs.csv").read_text(encoding="utf-8").splitlines()[1].split(";")
    with (d / "examinateurs.csv").open("a", encoding="utf-8") as listing:
        listing.write(";".join(["EX999", first[1].lower(), *first[2:]]) + "\n")
    assert groups_of([c, d])[0] == [[c, d]]
    assert shared_by([c, d]) == [
        f"examinateur(s) inscrit(s) dans plusieurs listes : {first[1]} {first[2]} ({first[3]})"
    ]


def test_a_batch_publishes_what_it_can_and_says_why_not_the_rest(tmp_path: Path) -> None:
    """Five sessions on a local cluster of two workers: two sharing their
    sites (planned in turn), one alone, one impossible (no room at Castres),
    one whose session.toml is broken.  Three plans are published, each in
    its folder and valid; the two others are reported in French; exit 6."""
    parent = tmp_path / "lot"
    _session(parent, "a", own_sites=False)
    _session(parent, "b", own_sites=False)
    _session(parent, "c")
    edit_session_toml(_session(parent, "d"), "salles_interrogation = 24", "salles_interrogation = 0")
    edit_session_toml(_session(parent, "e"), "[calendrier]", "[calendrier")
    out, models = tmp_path / "sorties", tmp_path / "modeles"
    result = CliRunner().invoke(
        main,
        ["planifier-lot", str(parent), "--travailleurs", "2", "--temps-max", "120", "--sortie", str(out)]
        + ["--modeles", str(models), "--graine", "1"],
    )
    assert result.exit_code == 6, result.stderr
    table = result.stdout
    assert "3 session(s) publiée(s) sur 5." in table
    for code in ("lot-a", "lot-b", "lot-c"):
        assert f"{code}  " in table
        inputs = load_inputs(parent / code.removeprefix("lot-"))
        saved = load_plan_file(models / code / "plan-v1.json")
        assert (out / code / "plan-v1" / "planning.csv").is_file()
        assert validate(inputs.session, inputs.candidates, saved.plan) == []
    # The two sessions sharing their sites were planned together, and say so.
    assert load_plan_file(models / "lot-b" / "plan-v1.json").shared_with == [str((parent / "a").resolve())]
    assert load_plan_file(models / "lot-c" / "plan-v1.json").shared_with == []
    # The two planned together, and why, under the table.
    assert "Planifiées ensemble, l'une après l'autre : lot-a, lot-b" in table
    assert "  - lieu partagé : Lycée Pradeau La Sède (Tarbes)" in table
    assert "  - examinateur(s) inscrit(s) dans plusieurs listes : " in table and " et " in table
    assert f"lot-d ({parent / 'd'}) : {IMPOSSIBLE}" in table
    assert f"e ({parent / 'e'}) : {INPUT_ERROR}" in table and "session.toml" in table
    assert "Traceback" not in result.stderr
    # One line of progress per session, as each ends.
    assert len([ln for ln in result.stderr.splitlines() if ln.startswith("[")]) == 5
    assert not (models / "lot-d").exists()


def test_a_worker_killed_during_the_batch_is_replaced_and_nothing_is_lost(tmp_path: Path) -> None:
    """A real local cluster of two workers; once the sessions are being
    computed, the process of a worker computing one is killed (SIGKILL).
    The cluster starts another and runs the lost task again: every session
    is published."""
    parent = tmp_path / "lot"
    for name in ("a", "b", "c"):
        _session(parent, name, n=14)
    killed: list[int] = []
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):

        def kill_one_busy_worker() -> None:
            for _ in range(600):
                busy = [worker for worker, tasks in client.processing().items() if tasks]
                if busy:
                    time.sleep(1.0)  # inside the computation, not at its start
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                time.sleep(0.1)

        killer = threading.Thread(target=kill_one_busy_worker)
        killer.start()
        outcomes = plan_batch(
            [parent],
            output_root=tmp_path / "sorties",
            models_dir=tmp_path / "modeles",
            options=SolveOptions(time_limit=240, workers=1, seed=1, deterministic_limit=1.0),
            address=cluster.scheduler_address,
        )
        killer.join()
    assert killed, "no worker was killed: the test proves nothing"
    assert [o.status for o in outcomes] == [PUBLISHED] * 3
    for o in outcomes:
        inputs = load_inputs(o.folder)
        plan = load_plan_file(tmp_path / "modeles" / o.code / "plan-v1.json").plan
        assert validate(inputs.session, inputs.candidates, plan) == []


@pytest.mark.parametrize(
    ("address", "expected"),
    [("pasuneadresse", "adresse mal formée"), ("tcp://127.0.0.1:1", "aucun planificateur Dask n'a répondu")],
)
def test_a_cluster_that_does_not_answer_is_said_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, address: str, expected: str
) -> None:
    """``--grappe`` pointing at nothing: exit 2, the option and its value
    named, nothing written."""
    monkeypatch.setattr("scheduler.batch.lot.CONNECT_SECONDS", 1)
    folder = _session(tmp_path / "lot", "a")
    out, models = tmp_path / "sorties", tmp_path / "modeles"
    result = CliRunner().invoke(
        main, ["planifier-lot", str(folder), "--grappe", address, "--sortie", str(out), "--modeles", str(models)]
    )
    assert result.exit_code == 2
    assert f"option --grappe, valeur « {address} » : {expected}" in result.stderr
    assert "Rien n'a été écrit." in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not models.exists()


def test_an_interrupted_batch_says_which_sessions_stay_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after one session of the batch is published: exit 130, and the
    message says that one stays published (not « rien n'a été publié »)."""
    folder = _session(tmp_path / "lot", "a")

    def interrupted(*args: object, report: Callable[[Outcome], None], **kwargs: object) -> list[Outcome]:
        report(Outcome(folder, "lot-a", 8, PUBLISHED, 4, 4, 1.0, tmp_path / "sorties" / "lot-a" / "plan-v1"))
        raise KeyboardInterrupt

    monkeypatch.setattr("scheduler.batch.lot.plan_batch", interrupted)
    models = tmp_path / "modeles"
    result = CliRunner().invoke(main, ["planifier-lot", str(folder.parent), "--modeles", str(models)])
    assert result.exit_code == 130
    assert "[1] lot-a : publié" in result.stderr
    assert "Interrompu : la session déjà publiée par ce lot le reste (lot-a)" in result.stderr
    assert f"voir son dernier plan dans {models}" in result.stderr
    assert "rien n'a été publié" not in result.stderr and "Traceback" not in result.stderr
