"""Commands killed or stopped at chosen moments: a version is published
whole or not at all, what is left is set aside by the next command, and no
event is lost or applied twice.

Each command runs in a process of its own, started through a small driver
that kills it (``SIGKILL``) or asks it to stop (``SIGTERM``) at the chosen
moment of publishing, from inside: the moment is exact, the death real."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signaux POSIX"),
]

ROOT = Path(__file__).resolve().parents[2]
SESSION = ROOT / "data" / "toulouse-2021"
NOW = "2021-06-04 18:00"

#: Runs ``oraux`` with a kill planted at a moment of publishing (argv[1]).
DRIVER = r"""
import os, signal, sys
from scheduler.io import outputs, versions

moment, sig = sys.argv[1], getattr(signal, sys.argv[2])
die = lambda: os.kill(os.getpid(), sig)

if moment == "avant-publication":
    real_publish = versions.publish_version
    def publish(*a, **k):
        die()
        return real_publish(*a, **k)
    versions.publish_version = publish
    import scheduler.publish.planning, scheduler.publish.replanning
    scheduler.publish.planning.publish_version = publish
    scheduler.publish.replanning.publish_version = publish
elif moment == "pendant-l-ecriture":
    real_fsync, calls = os.fsync, []
    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            die()
        real_fsync(fd)
    outputs.os.fsync = fsync
elif moment == "dossier-ecrit":
    real_save = versions.save_plan
    def save(*a, **k):
        die()
        return real_save(*a, **k)
    versions.save_plan = save

from scheduler.cli.main import main
sys.argv = ["oraux", *sys.argv[3:]]
main()
"""


@pytest.fixture(scope="module")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Toulouse 2021 cut to 30 candidates, with its examiners."""
    folder = tmp_path_factory.mktemp("session") / "toulouse-2021"
    folder.mkdir()
    for name in ("session.toml", "centres.csv", "etablissements.csv", "examinateurs.csv"):
        shutil.copy(SESSION / name, folder / name)
    lines = (SESSION / "candidats.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [ln for ln in lines[1:] if ";oui;" in ln][:30]
    (folder / "candidats.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return folder


def _oraux(
    cwd: Path, *args: str, moment: str | None = None, sig: str = "SIGKILL"
) -> subprocess.CompletedProcess[str]:
    if moment is None:
        argv = [str(Path(sys.executable).with_name("oraux")), *args]
    else:
        driver = cwd / "pilote.py"
        driver.write_text(DRIVER, encoding="utf-8")
        argv = [sys.executable, str(driver), moment, sig, *args]
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)


def _plan(cwd: Path, session_dir: Path, **kill: str) -> subprocess.CompletedProcess[str]:
    return _oraux(cwd, "planifier", str(session_dir), "--temps-max", "5", "--workers", "1", **kill)


def _replan(cwd: Path, session_dir: Path, events: Path, **kill: str) -> subprocess.CompletedProcess[str]:
    args = ["replanifier", str(session_dir), "--evenements", str(events), "--a-partir-de", NOW]
    return _oraux(cwd, *args, "--temps-max", "5", "--workers", "1", **kill)


def _published(cwd: Path) -> dict[int, Path]:
    """The published versions, each checked whole: its plan file and its
    complete folder of documents."""
    models = cwd / "models" / "toulouse-2021"
    out = {}
    for plan_file in sorted(models.glob("plan-v*.json")):
        n = int(plan_file.stem.removeprefix("plan-v"))
        folder = cwd / "sorties" / "toulouse-2021" / plan_file.stem
        assert (folder / "planning.csv").is_file(), f"{plan_file.name} publié sans son dossier complet"
        assert (folder / "salles-castres.xlsx").is_file()
        out[n] = plan_file
    return out


def _leftovers(cwd: Path) -> list[str]:
    sorties = cwd / "sorties" / "toulouse-2021"
    return sorted(p.name for p in sorties.iterdir() if p.name.startswith(".")) if sorties.is_dir() else []


@pytest.mark.parametrize("moment", ["avant-publication", "pendant-l-ecriture", "dossier-ecrit"])
def test_a_killed_plan_publishes_nothing_and_the_next_run_goes_on(
    session_dir: Path, tmp_path: Path, moment: str
) -> None:
    killed = _plan(tmp_path, session_dir, moment=moment)
    assert killed.returncode == -9
    assert _published(tmp_path) == {}
    again = _plan(tmp_path, session_dir)
    assert again.returncode == 0, again.stderr
    versions = _published(tmp_path)
    assert len(versions) == 1 and _leftovers(tmp_path) == []
    if moment == "dossier-ecrit":
        # The documents written before the kill were never published: set aside, said so.
        assert (tmp_path / "sorties" / "toulouse-2021" / "plan-v1.interrompu").is_dir()
        assert "interrompu" in again.stderr and list(versions) == [2]
    if moment == "pendant-l-ecriture":
        assert "à moitié écrit" in again.stderr


def test_a_rerun_killed_after_its_documents_is_applied_once(session_dir: Path, tmp_path: Path) -> None:
    """The case of an interrupted re-run run again: it starts from the
    published plan, not from the unpublished one, and records its events once."""
    assert _plan(tmp_path, session_dir).returncode == 0
    numbers = [ln.split(";")[0] for ln in (session_dir / "candidats.csv").read_text().splitlines()[1:3]]
    events = tmp_path / "evenements.csv"
    events.write_text(
        "type;cible;epreuve;du;au;commentaire\n" + "".join(f"candidat_desiste;{n};;;;\n" for n in numbers),
        encoding="utf-8",
    )
    killed = _replan(tmp_path, session_dir, events, moment="dossier-ecrit")
    assert killed.returncode == -9
    assert list(_published(tmp_path)) == [1]
    again = _replan(tmp_path, session_dir, events)
    assert again.returncode == 0, again.stderr
    versions = _published(tmp_path)
    assert list(versions) == [1, 3]
    saved = json.loads(versions[3].read_text(encoding="utf-8"))
    assert saved["parent"] == "plan-v1.json"
    assert len(saved["events"]) == len(numbers)
    assert (tmp_path / "sorties" / "toulouse-2021" / "plan-v2.interrompu").is_dir()


def test_a_stop_request_while_writing_ends_cleanly_in_french(session_dir: Path, tmp_path: Path) -> None:
    stopped = _plan(tmp_path, session_dir, moment="pendant-l-ecriture", sig="SIGTERM")
    assert stopped.returncode == 130, stopped.stderr
    assert "Interrompu : rien n'a été publié" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert _published(tmp_path) == {} and _leftovers(tmp_path) == []


def test_two_reruns_at_once_never_lose_an_event(session_dir: Path, tmp_path: Path) -> None:
    """Two re-runs started together from v1: one publishes v2, the other is
    refused (exit 5) instead of publishing a plan without the first one's
    withdrawal; run again, it starts from v2 and keeps both."""
    assert _plan(tmp_path, session_dir).returncode == 0
    numbers = [ln.split(";")[0] for ln in (session_dir / "candidats.csv").read_text().splitlines()[1:3]]
    files = []
    for k, number in enumerate(numbers):
        events = tmp_path / f"evenements-{k}.csv"
        events.write_text(
            f"type;cible;epreuve;du;au;commentaire\ncandidat_desiste;{number};;;;\n", encoding="utf-8"
        )
        files.append(events)
    oraux = str(Path(sys.executable).with_name("oraux"))
    runs = [
        subprocess.Popen(
            [
                oraux,
                "replanifier",
                str(session_dir),
                "--evenements",
                str(f),
                "--a-partir-de",
                NOW,
                "--temps-max",
                "5",
                "--workers",
                "1",
            ],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for f in files
    ]
    outcomes = [(p.wait(timeout=300), p.communicate()[1]) for p in runs]
    assert sorted(code for code, _ in outcomes) == [0, 5], outcomes
    refused = next(files[i] for i, (code, _) in enumerate(outcomes) if code == 5)
    assert "Version dépassée" in next(err for code, err in outcomes if code == 5)
    again = _replan(tmp_path, session_dir, refused)
    assert again.returncode == 0, again.stderr
    versions = _published(tmp_path)
    assert list(versions) == [1, 2, 3]
    saved = json.loads(versions[3].read_text(encoding="utf-8"))
    assert saved["parent"] == "plan-v2.json"
    assert sorted(e["cible"] for e in saved["events"]) == sorted(numbers)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interrupt_during_a_search_stops_it_at_once_and_cleanly(tmp_path: Path, sig: str) -> None:
    """Ctrl-C while CP-SAT searches (the bundled session, a long limit): the
    search stops, the command says so in French (exit 130) well before its
    limit, nothing is published."""
    oraux = str(Path(sys.executable).with_name("oraux"))
    # A shell without job control starts its background commands with SIGINT
    # ignored, and the command would inherit that from the test runner: give
    # it the default, as a terminal does.
    command = subprocess.Popen(
        [oraux, "planifier", str(SESSION), "--temps-max", "120", "--workers", "1"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert command.stderr is not None
    # Wait for the first line of progress: a search is under way.
    first = command.stderr.readline()
    assert first.strip(), first
    command.send_signal(getattr(signal, sig))
    _, err = command.communicate(timeout=60)
    assert command.returncode == 130, err
    assert "Interrompu : rien n'a été publié" in err and "Traceback" not in err
    assert not list(tmp_path.rglob("plan-v*.json"))


def test_a_signal_swallowed_inside_a_solution_callback_still_interrupts() -> None:
    """OR-Tools swallows an exception raised inside a solution callback, so
    Python's KeyboardInterrupt can be lost there; the watcher's flag is not:
    the search returns, then the command is interrupted, and no search
    starts after the signal."""
    from scheduler.solver import interrupt

    solver = interrupt.new_solver()
    with interrupt.stop_searches_on_signal():
        with interrupt.searching(solver):
            pass  # a search, no signal: nothing happens
        interrupt._STOPPED.set()  # what the watcher does on SIGINT or SIGTERM
        with pytest.raises(KeyboardInterrupt), interrupt.searching(solver):
            pass  # the search returned, Python's own interrupt was lost
        with pytest.raises(KeyboardInterrupt), interrupt.searching(solver):
            raise AssertionError("no search starts after a stopping signal")
    # The next command starts afresh.
    with interrupt.stop_searches_on_signal(), interrupt.searching(solver):
        pass
