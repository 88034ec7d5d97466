"""The whole commands, as an office runs them: ``python -m benchmarks.commands``.

Where :mod:`benchmarks.run` measures the planner inside one Python process,
this runs ``oraux planifier`` and ``oraux replanifier`` as commands (a child
process each, as typed in a terminal) and measures what the office waits
for and what the machine needs: wall time from launch to exit, the peak
memory of the command with every process it starts (drawing processes
included), and the times the command reports itself (computation within
``--temps-max``, then writing the files).  Each plan saved is read back and
checked by the validator; its commission-days are compared with the lower
bound recomputed here.

Runs (see :func:`runs`): the bundled session with ``--temps-max 10`` and
``60``, a re-run of it with the sample events, the 2022-like session of the
tests, and the scale instance of :mod:`benchmarks.scale` (8,040 candidates).
Writes ``benchmarks/results/<date>-commandes.json`` and regenerates
``BENCHMARKS.md``.  ``--rapide``: the small sessions only, short limits,
results in a temporary folder, ``BENCHMARKS.md`` untouched.

Exit code 0, or 3 when a command fails or a plan is rejected.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as « python benchmarks/commands.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR, INSTANCE_NAMES, ROOT  # noqa: E402
from benchmarks.report import COMMANDS_KIND, latest_results, render  # noqa: E402
from benchmarks.run import REPORT, RESULTS_DIR, _load, machine_info  # noqa: E402
from benchmarks.scale import ScaleSpec, write_scaled_session  # noqa: E402
from scheduler.domain.commission import commission_days  # noqa: E402
from scheduler.domain.plan import Plan  # noqa: E402
from scheduler.domain.session import Session  # noqa: E402
from scheduler.domain.shared_sites import holding, shared_sites  # noqa: E402
from scheduler.io.inputs import load_inputs  # noqa: E402
from scheduler.io.plan_files import load_plan_file  # noqa: E402
from scheduler.rerun.amend import amend, event_from_dict  # noqa: E402
from scheduler.solver.bounds import pool_lower_bounds  # noqa: E402
from scheduler.solver.tasks import build_tasks  # noqa: E402
from scheduler.validate.examiners import validate_examiners  # noqa: E402
from scheduler.validate.hard_rules import validate  # noqa: E402
from scheduler.validate.rerun import validate_rerun  # noqa: E402
from scheduler.validate.shared_sites import validate_shared_sites  # noqa: E402
from scheduler.validate.violation import Violation  # noqa: E402

SECOND_SESSION = ROOT / "tests" / "data" / "sessions" / "occitanie-2022"
#: The second bundled specialty (BTS MCO), whose language orals share Tarbes with NDRC's.
MCO_SESSION = ROOT / "data" / "toulouse-2021-mco"
#: ``--temps-max`` of the two bundled specialties planned together.
TOGETHER_LIMIT_S = 300.0
EVENTS = DATA_DIR / "evenements-exemple.csv"
#: The sample events' « now »: the evening before the E4 week.
NOW = "2021-06-04 18:00"
#: Seconds between two readings of the processes' memory.
SAMPLE_S = 0.2
EXIT_FAILED = 3
#: ``--temps-max`` of the scale run: the whole command must end within
#: ten minutes, writing the files of 8,040 candidates included.
SCALE_LIMIT_S = 420.0
#: Runs of the short re-run: a few seconds vary with the machine's load.
RERUN_REPEATS = 3


@dataclass
class CommandRun:
    """One command as run, and what it left."""

    name: str
    description: str
    argv: list[str]
    time_limit_s: float
    #: Target of the whole command, in seconds (None: none set).
    target_s: float | None
    exit_code: int = -1
    wall_s: float = 0.0
    #: Highest sum of the resident memory of the command and its children.
    peak_tree_mib: float = 0.0
    #: Highest resident memory of one process.
    peak_process_mib: float = 0.0
    #: « temps : calcul X s, écriture des fichiers Y s » from the summary.
    compute_s: float | None = None
    write_s: float | None = None
    status: str | None = None
    commission_days: int | None = None
    lower_bound: int | None = None
    gap_pct: float | None = None
    orals: int = 0
    unplaced: int = 0
    violations: int = -1
    summary: list[str] = field(default_factory=list)
    error: list[str] = field(default_factory=list)
    #: Times the command is run (a short one: its median time is kept,
    #: every run's time in ``walls_s``).
    repeats: int = 1
    walls_s: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.violations == 0


class _MemoryWatch:
    """Samples the resident memory of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_tree = 0
        self.peak_process = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> _MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [self._rss(pid) for pid in self._tree()]
            if sizes:
                self.peak_tree = max(self.peak_tree, sum(sizes))
                self.peak_process = max(self.peak_process, max(sizes))
            self._stop.wait(SAMPLE_S)

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                # The name (2nd field) may hold spaces: read after its ")".
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree, frontier = {self.pid}, [self.pid]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
            tree.update(children)
            frontier += children
        return sorted(tree)

    def _rss(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
        except (OSError, IndexError, ValueError):
            return 0


_TIMES = re.compile(r"temps : calcul ([\d.,]+) s, écriture des fichiers ([\d.,]+) s")
_SAVED = re.compile(r"Plan enregistré : (.+?\.json)")


def execute(run: CommandRun, cwd: Path) -> CommandRun:
    """Run the command in ``cwd`` (``run.repeats`` times: the median time is
    kept), measure it, read back the plan it saved (the last one)."""
    for _ in range(run.repeats):
        _execute_once(run, cwd)
        run.walls_s.append(run.wall_s)
        if run.exit_code != 0:
            break
    run.wall_s = statistics.median(run.walls_s)
    return run


def _execute_once(run: CommandRun, cwd: Path) -> CommandRun:
    clock = time.monotonic()
    with (
        subprocess.Popen(
            run.argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as process,
        _MemoryWatch(process.pid) as watch,
    ):
        out, err = process.communicate()
    run.wall_s = round(time.monotonic() - clock, 2)
    run.exit_code = process.returncode
    run.peak_tree_mib = round(watch.peak_tree / 2**20, 1)
    run.peak_process_mib = round(watch.peak_process / 2**20, 1)
    lines = out.splitlines()
    run.summary = [line for line in lines if not line.startswith("  …")][:12]
    run.error = err.splitlines()[-12:]
    # Sessions planned together print one summary each: their times add up.
    if times := _TIMES.findall(out):
        run.compute_s, run.write_s = (
            round(sum(float(t[i].replace(",", ".")) for t in times), 1) for i in (0, 1)
        )
    saved = [cwd / path.strip() for path in _SAVED.findall(out)]
    sessions = [Path(arg) for arg in _session_args(run.argv)]
    if len(saved) == 1:
        _check_plan(run, saved[0], sessions[0])
    elif saved:
        _check_together(run, saved, sessions)
    return run


def _session_args(argv: list[str]) -> list[str]:
    """The session folders of ``oraux COMMAND DIR… --option …``."""
    out = []
    for arg in argv[2:]:
        if arg.startswith("--"):
            break
        out.append(arg)
    return out


def _check_together(run: CommandRun, plan_files: list[Path], session_dirs: list[Path]) -> None:
    """Validate the plans of sessions planned together: each against its
    rules, holding what the plans before it take at shared sites, then all
    of them against the rules across sessions; commission-days and lower
    bounds are summed over the sessions."""
    planned: list[tuple[Session, Plan]] = []
    violations: list[Violation] = []
    run.commission_days = run.lower_bound = run.orals = run.unplaced = 0
    statuses = []
    for plan_file, session_dir in zip(plan_files, session_dirs, strict=True):
        plan = load_plan_file(plan_file).plan
        inputs = load_inputs(session_dir, with_examiners=True)
        held = holding(inputs.session, planned, shared_sites([s for s, _ in planned] + [inputs.session]))
        violations += validate(held, inputs.candidates, plan)
        violations += validate_examiners(held, inputs.candidates, plan, inputs.examiners)
        planned.append((inputs.session, plan))
        statuses.append(plan.solver.status)
        run.orals += sum(1 for o in plan.orals if o.is_placed)
        run.commission_days += len(commission_days(plan))
        run.lower_bound += sum(
            pool_lower_bounds(inputs.session, build_tasks(inputs.session, inputs.candidates)).values()
        )
    violations += validate_shared_sites(planned)
    run.violations = len(violations)
    run.status = next((s for s in statuses if s != "optimal"), "optimal")
    if run.lower_bound:
        run.gap_pct = round(100 * (run.commission_days - run.lower_bound) / run.lower_bound, 2)


def _check_plan(run: CommandRun, plan_file: Path, session_dir: Path) -> None:
    """Validate the saved plan and measure it against the lower bound (a
    re-run's against its inputs after the events, and against its parent)."""
    saved = load_plan_file(plan_file)
    plan = saved.plan
    inputs = load_inputs(session_dir, with_examiners=True)
    session, candidates, examiners = inputs.session, inputs.candidates, inputs.examiners
    violations = []
    if saved.parent is not None:
        parent = load_plan_file(plan_file.parent / saved.parent).plan
        pairs = [event_from_dict(raw, str(plan_file)) for raw in saved.events]
        added = {row.number: row for _, row in pairs if row is not None}
        now = datetime.strptime(NOW, "%Y-%m-%d %H:%M")
        amended = amend(session, candidates, examiners, parent, [ev for ev, _ in pairs], now, added)
        candidates, examiners = amended.candidates, amended.examiners
        violations += validate_rerun(parent, plan, now)
    violations += validate(session, candidates, plan)
    if examiners and any(o.examiners for o in plan.orals):
        violations += validate_examiners(session, candidates, plan, examiners)
    run.violations = len(violations)
    run.status = plan.solver.status
    run.orals = sum(1 for o in plan.orals if o.is_placed)
    run.unplaced = sum(1 for o in plan.orals if o.status == "planifié" and not o.is_placed)
    run.commission_days = len(commission_days(plan))
    bounds = pool_lower_bounds(session, build_tasks(session, candidates))
    run.lower_bound = sum(bounds.values())
    if run.lower_bound:
        run.gap_pct = round(100 * (run.commission_days - run.lower_bound) / run.lower_bound, 2)


def runs(work: Path, quick: bool) -> list[tuple[CommandRun, Path]]:
    """The commands to measure, each with the folder it runs in (in order:
    the re-run starts from the plan published by the run before it)."""
    oraux = str(Path(sys.executable).with_name("oraux"))
    bundled = work / "toulouse-2021"
    second = work / "occitanie-2022"
    out: list[tuple[CommandRun, Path]] = []

    def planifier(
        name: str, folder: Path, session: Path, limit: float, target: float | None, text: str
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        argv = [oraux, "planifier", str(session), "--temps-max", f"{limit:g}"]
        out.append((CommandRun(name, text, argv, limit, target), folder))

    short = 3.0 if quick else 10.0
    planifier(
        f"planifier-toulouse-2021-{short:g}s",
        bundled / "court",
        DATA_DIR,
        short,
        30.0,
        "la session fournie, examinateurs nommés, comme `make plan` mais avec un temps maximal court",
    )
    if not quick:
        planifier(
            "planifier-toulouse-2021-60s",
            bundled / "long",
            DATA_DIR,
            60.0,
            None,
            "la session fournie, examinateurs nommés, comme `make plan`",
        )
    # Each run starts from the same published plan (plan-v1), as a first re-run does.
    rerun = [
        oraux, "replanifier", str(DATA_DIR), "--evenements", str(EVENTS), "--a-partir-de", NOW,
        "--temps-max", "10", "--plan", "models/toulouse-2021/plan-v1.json",
    ]  # fmt: skip
    out.append(
        (
            CommandRun(
                "replanifier-toulouse-2021",
                "re-calcul du plan publié juste avant (temps maximal court) avec les événements d'exemple "
                f"(`{EVENTS.relative_to(ROOT)}` : 5 désistements, un dossier non conforme, un examinateur "
                f"indisponible un jour), au {NOW}",
                rerun,
                10.0,
                5.0,
                repeats=RERUN_REPEATS,
            ),
            bundled / "court",
        )
    )
    planifier(
        "planifier-occitanie-2022",
        second,
        SECOND_SESSION,
        short if quick else 60.0,
        None,
        f"la session « 2022 » des tests (`{SECOND_SESSION.relative_to(ROOT)}` : autres villes, fériés dans "
        "deux fenêtres, une ville sans temps de trajet), examinateurs nommés",
    )
    planifier(
        "planifier-toulouse-2021-mco",
        work / "mco",
        MCO_SESSION,
        short if quick else 60.0,
        None,
        f"la seconde spécialité fournie, le BTS MCO (`{MCO_SESSION.relative_to(ROOT)}` : E22 et EF1 à Tarbes, "
        "E41 et E42 à Toulouse), examinateurs nommés",
    )
    if not quick:
        folder = work / "ndrc-mco"
        folder.mkdir(parents=True, exist_ok=True)
        argv = [oraux, "planifier", str(DATA_DIR), str(MCO_SESSION), "--temps-max", f"{TOGETHER_LIMIT_S:g}"]
        text = (
            "les deux spécialités fournies planifiées ensemble (`oraux planifier data/toulouse-2021 "
            "data/toulouse-2021-mco`) : leurs oraux de langue partagent le lycée de Tarbes la même semaine ; "
            "chaque plan est contrôlé selon sa session, puis les deux ensemble (aucune salle, place en loge ou "
            "poste pris deux fois) ; journées-commission et bornes additionnées"
        )
        out.append((CommandRun("planifier-ndrc-et-mco", text, argv, TOGETHER_LIMIT_S, None), folder))
        spec = ScaleSpec()
        folder = work / spec.name
        session = write_scaled_session(folder / "session", spec)
        planifier(
            f"planifier-{spec.name}",
            folder,
            session,
            SCALE_LIMIT_S,
            600.0,
            f"l'instance de grande taille de `benchmarks/scale.py` : {spec.describe()}",
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.commands",
        description="Mesure les commandes entières (oraux planifier, oraux replanifier) et régénère BENCHMARKS.md.",
    )
    parser.add_argument(
        "--rapide", "--quick", action="store_true", help="petites sessions seulement, résultats à part"
    )
    parser.add_argument("--garder", type=Path, help="dossier de travail à garder (sinon temporaire)")
    args = parser.parse_args(argv)
    machine = machine_info()
    load_start = _load()
    done: list[CommandRun] = []
    with tempfile.TemporaryDirectory(prefix="oraux-commandes-") as tmp:
        work = args.garder or Path(tmp)
        for run, cwd in runs(work, args.rapide):
            print(f"{run.name} : {' '.join(run.argv[1:3])} …", file=sys.stderr, flush=True)
            execute(run, cwd)
            done.append(run)
            print(
                f"  sortie {run.exit_code}, {run.wall_s:.1f} s (calcul {run.compute_s} s, écriture "
                f"{run.write_s} s), {run.peak_tree_mib:.0f} Mio, {run.commission_days} journées-commission "
                f"(borne {run.lower_bound}), {run.violations} violation(s)",
                file=sys.stderr,
                flush=True,
            )
            if run.exit_code != 0:
                print("\n".join(run.error), file=sys.stderr)
    data = {
        "kind": COMMANDS_KIND,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine,
        "load_average": {"start": load_start, "end": _load()},
        "quick": args.rapide,
        "runs": [asdict(r) for r in done],
    }
    folder = Path(tempfile.mkdtemp(prefix="oraux-bench-")) if args.rapide else RESULTS_DIR
    path = folder / f"{date.today().isoformat()}-commandes.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  → {path}", file=sys.stderr)
    if not args.rapide:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
        print(f"Rapport régénéré : {REPORT}", file=sys.stderr)
    failed = [r.name for r in done if not r.ok]
    if failed:
        print("ÉCHEC : " + ", ".join(failed), file=sys.stderr)
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
