"""Benchmark of the planner: ``python -m benchmarks.run`` (or ``make bench``).

For each instance: the first-fit baseline, then CP-SAT with each time limit,
then (``toulouse-2021`` only) CP-SAT with each time limit and the session's
examiner list, as ``oraux planifier`` does by default; every plan is validated
and measured.  Writes
``benchmarks/results/<date>-<instance>.json`` and regenerates ``BENCHMARKS.md``
from the latest results of each instance.  ``--quick`` is a smoke run: short
time limit, results in a temporary folder, ``BENCHMARKS.md`` untouched;
``--rapport-seul`` only re-renders ``BENCHMARKS.md`` from the saved results.

Exit code 0, or 3 when the validator rejects a plan (its figures are then
withheld from the report, and the failure is printed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as « python benchmarks/run.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.examiners import (  # noqa: E402
    ExaminerRun,
    examiner_capacity,
    listed_per_family,
    run_with_examiners,
)
from benchmarks.instances import DATA_DIR, INSTANCE_NAMES, ROOT, Instance, load_instances  # noqa: E402
from benchmarks.measure import FAMILIES, RunResult, family_capacity, run_cp_sat, run_first_fit  # noqa: E402
from benchmarks.report import latest_results, render  # noqa: E402
from scheduler.publish.planning import STAFFING_SHARE  # noqa: E402
from scheduler.solver.bounds import pool_lower_bounds  # noqa: E402
from scheduler.solver.tasks import build_tasks  # noqa: E402

RESULTS_DIR = ROOT / "benchmarks" / "results"
REPORT = ROOT / "BENCHMARKS.md"
TIME_LIMITS: tuple[float, ...] = (10.0, 60.0)
QUICK_TIME_LIMITS: tuple[float, ...] = (3.0,)
WORKERS = 2
SEED = 2021
EXIT_REJECTED = 3


def machine_info() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpu_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gib": _ram_gib(),
        "python": platform.python_version(),
        "ortools": _version("ortools"),
        "git": _git_revision(),
        "code_sha256": _code_digest(),
    }


def _code_digest() -> str:
    """Digest of the planner's sources: which code was measured, even uncommitted."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "scheduler").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "inconnu"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "inconnue"


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        # Measured results and the report they regenerate are not code.
        dirty = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                ":!benchmarks/results",
                ":!BENCHMARKS.md",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "inconnu"
    return f"{head} (avec modifications non commitées)" if dirty else head


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def save_results(
    kind: str, protocol: dict[str, Any], runs: list[Any], *, quick: bool, load_start: float | None
) -> Path:
    """Write one results file of a benchmark (``<date>-<kind>.json``: the
    machine, the load, ``protocol`` and ``runs``) and, unless ``quick``,
    regenerate ``BENCHMARKS.md``; a quick run's file goes to a temporary
    folder.  Returns the file's path."""
    data = {
        "kind": kind,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine_info(),
        "load_average": {"start": load_start, "end": _load()},
        "protocol": protocol,
        "runs": runs,
    }
    folder = Path(tempfile.mkdtemp(prefix="oraux-bench-")) if quick else RESULTS_DIR
    path = folder / f"{date.today().isoformat()}-{kind}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not quick:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
    return path


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _summary(run: RunResult) -> str:
    if not run.valid:
        return f"  {run.label} : PLAN REJETÉ PAR LE VALIDATEUR ({run.violations} violation(s))"
    total = run.total
    gap = "—" if total.gap_pct is None else f"{total.gap_pct:+.1f} %"
    return (
        f"  {run.label} : {run.status}, {run.wall_time_s:.1f} s, {total.commission_days} journées-commission "
        f"(borne {total.lower_bound}, {gap}), {run.unplaced} non placé(s)"
    )


def _examiner_summary(run: ExaminerRun) -> str:
    if not run.valid:
        return f"  {run.label} : PLAN REJETÉ PAR LE VALIDATEUR ({run.violations} violation(s))"
    total = run.total
    gap = "—" if total.gap_pct is None else f"{total.gap_pct:+.1f} %"
    return (
        f"  {run.label} : {run.status} / examinateurs {run.staffing_status}, {run.wall_time_s:.1f} s "
        f"(placement {run.planning_s:.1f} s, examinateurs {run.staffing_s:.1f} s), "
        f"{total.examiner_days} journées-examinateur (borne {total.lower_bound}, {gap}), "
        f"{run.missing} examinateur(s) manquant(s), {total.fallbacks} commission(s) à deux enseignants"
    )


def run_instance(
    instance: Instance, time_limits: tuple[float, ...], workers: int, seed: int, machine: dict[str, Any]
) -> dict[str, Any]:
    """Every run of one instance, as the results file's content."""
    load_start = _load()
    clock = time.monotonic()
    bounds = pool_lower_bounds(instance.session, build_tasks(instance.session, instance.candidates))
    bounds_s = time.monotonic() - clock
    _say(f"{instance.name} : bornes calculées en {bounds_s:.2f} s")
    runs = [run_first_fit(instance.session, instance.candidates, bounds)]
    _say(_summary(runs[-1]))
    for limit in time_limits:
        runs.append(
            run_cp_sat(
                instance.session, instance.candidates, bounds, time_limit=limit, workers=workers, seed=seed
            )
        )
        _say(_summary(runs[-1]))
    named: list[ExaminerRun] = []
    if instance.staffed and instance.examiners:
        for limit in time_limits:
            named.append(
                run_with_examiners(
                    instance.session,
                    instance.candidates,
                    instance.examiners,
                    bounds,
                    time_limit=limit,
                    workers=workers,
                    seed=seed,
                )
            )
            _say(_examiner_summary(named[-1]))
    pool: dict[str, Any] | None = None
    if instance.examiners:
        pool = {
            "files": instance.examiner_files,
            "count": len(instance.examiners),
            "listed": listed_per_family(instance.examiners, list(FAMILIES)),
            "capacity": examiner_capacity(instance.session, instance.candidates, instance.examiners),
            "staffed": instance.staffed,
        }
    return {
        "instance": instance.name,
        "description": instance.description,
        "details": instance.details,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine,
        "load_average": {"start": load_start, "end": _load()},
        "protocol": {
            "time_limits_s": list(time_limits),
            "workers": workers,
            "seed": seed,
            "staffing_share": STAFFING_SHARE,
        },
        "bounds": bounds,
        "bounds_s": round(bounds_s, 3),
        "capacity": family_capacity(instance.session),
        "runs": [{**asdict(r), "valid": r.valid, "complete": r.complete} for r in runs],
        "examiner_pool": pool,
        "examiner_runs": [{**asdict(r), "valid": r.valid} for r in named],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=(
            "Mesure le planificateur (premier ajustement, CP-SAT, CP-SAT avec examinateurs) "
            "et régénère BENCHMARKS.md."
        ),
    )
    parser.add_argument(
        "--instances",
        nargs="+",
        choices=INSTANCE_NAMES,
        default=list(INSTANCE_NAMES),
        metavar="NOM",
        help=f"instances à mesurer (défaut : toutes : {', '.join(INSTANCE_NAMES)})",
    )
    parser.add_argument(
        "--temps",
        nargs="+",
        type=float,
        metavar="SECONDES",
        help="temps maximaux des calculs CP-SAT (défaut : 10 60 ; 3 avec --quick)",
    )
    parser.add_argument(
        "--quick",
        "--rapide",
        action="store_true",
        help="essai rapide : résultats dans un dossier temporaire, BENCHMARKS.md inchangé",
    )
    parser.add_argument(
        "--rapport-seul",
        action="store_true",
        help="ne rien mesurer : régénérer BENCHMARKS.md à partir des résultats enregistrés",
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"threads CP-SAT (défaut : {WORKERS})")
    parser.add_argument("--graine", type=int, default=SEED, help=f"graine CP-SAT (défaut : {SEED})")
    parser.add_argument(
        "--donnees", type=Path, default=DATA_DIR, help="dossier de la session (défaut : data/toulouse-2021)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.rapport_seul:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
        _say(f"Rapport régénéré sans nouvelle mesure : {REPORT}")
        return 0
    limits = tuple(args.temps) if args.temps else (QUICK_TIME_LIMITS if args.quick else TIME_LIMITS)
    folder = Path(tempfile.mkdtemp(prefix="oraux-bench-")) if args.quick else RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    # Once, right after the planner was imported: the code that runs is the
    # code imported now, even if its files are edited during the benchmark.
    machine = machine_info()
    rejected: list[str] = []
    for instance in load_instances(list(args.instances), args.donnees):
        data = run_instance(instance, limits, args.workers, args.graine, machine)
        data["quick"] = args.quick
        path = folder / f"{date.today().isoformat()}-{instance.name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _say(f"  → {path}")
        rejected += [
            f"{instance.name}, {r['label']}" for r in data["runs"] + data["examiner_runs"] if not r["valid"]
        ]
    if args.quick:
        report = folder / "BENCHMARKS.md"
        report.write_text(render(latest_results(folder, INSTANCE_NAMES, quick=True)) + "\n", encoding="utf-8")
        _say(f"Essai rapide : rapport dans {report} (BENCHMARKS.md inchangé)")
    else:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
        _say(f"Rapport régénéré : {REPORT}")
    if rejected:
        _say("ÉCHEC : le validateur rejette des plans : " + " ; ".join(rejected))
        return EXIT_REJECTED
    return 0


if __name__ == "__main__":
    sys.exit(main())
