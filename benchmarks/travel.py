"""Candidates sent to a farther site, before and after a change of the
planner: ``python -m benchmarks.travel --avant <commit>``.

For each session with an épreuve held at two sites (the bundled Toulouse
2021, E5 at Toulouse and Muret; the 2022-like session of the tests, E5 at
Toulouse and Montauban), runs ``oraux planifier --temps-max 60 --workers 2``
as a command, once with the code of commit ``--avant`` (a temporary git
worktree, run with this environment's packages) and once with this
checkout's code.  Each plan saved is read back with this checkout's code:
its commission-days against the lower bound, the passages sent to a site
farther than the nearest one of their épreuve and the extra minutes
(:func:`scheduler.domain.travel.farther_trips`, the session's own
``trajets_minutes``), and the orals of each multi-site épreuve per site.

Writes ``benchmarks/results/<date>-trajets.json`` and regenerates
``BENCHMARKS.md``.  ``--rapide``: ``--temps-max 10``, results in a
temporary folder, ``BENCHMARKS.md`` untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as « python benchmarks/travel.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR, INSTANCE_NAMES, ROOT  # noqa: E402
from benchmarks.report import TRAVEL_KIND, latest_results, render  # noqa: E402
from benchmarks.run import REPORT, RESULTS_DIR, _load, machine_info  # noqa: E402
from scheduler.domain.commission import commission_days  # noqa: E402
from scheduler.domain.travel import farther_trips  # noqa: E402
from scheduler.io.inputs import load_inputs  # noqa: E402
from scheduler.io.plan_files import load_plan  # noqa: E402

#: The sessions measured: name and folder.
SESSIONS = {
    "toulouse-2021": DATA_DIR,
    "occitanie-2022": ROOT / "tests" / "data" / "sessions" / "occitanie-2022",
}
#: Runs ``oraux`` from the code of the folder given as argv[1].
RUNNER = "import sys; sys.path.insert(0, sys.argv.pop(1)); from scheduler.cli.main import main; main()"


def _plan(code: Path, session_dir: Path, work: Path, seconds: int) -> tuple[Path, float]:
    """Plan ``session_dir`` with the code in ``code``; the plan file and the wall time."""
    work.mkdir(parents=True)
    argv = [sys.executable, "-c", RUNNER, str(code), "planifier", str(session_dir)]
    argv += ["--temps-max", str(seconds), "--workers", "2"]
    clock = time.monotonic()
    done = subprocess.run(argv, cwd=work, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    wall = time.monotonic() - clock
    if done.returncode != 0:
        raise SystemExit(f"oraux planifier a échoué ({code}) :\n{done.stderr[-2000:]}")
    return next((work / "models").rglob("plan-v*.json")), wall


def _measure(session_dir: Path, plan_file: Path, wall: float) -> dict[str, Any]:
    inputs = load_inputs(session_dir)
    session, candidates = inputs.session, inputs.candidates
    plan = load_plan(plan_file)
    trips = farther_trips(session, candidates, plan)
    multi = {code for code, ep in session.epreuves.items() if len(ep.sites) > 1}
    per_site = Counter(f"{o.epreuve} {o.site}" for o in plan.placed() if o.epreuve in multi)
    return {
        "commission_days": len(commission_days(plan)),
        "bound": plan.solver.bound,
        "status": plan.solver.status,
        "farther": len(trips),
        "farther_nearest_full": sum(t.nearest_full for t in trips),
        "extra_minutes": sum(t.extra_minutes for t in trips),
        "orals_per_site": dict(sorted(per_site.items())),
        "wall_s": round(wall, 1),
    }


def _worktree(commit: str, folder: Path) -> Path:
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True, capture_output=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--avant", required=True, help="commit du code « avant »")
    parser.add_argument("--rapide", action="store_true", help="--temps-max 10, sans toucher BENCHMARKS.md")
    args = parser.parse_args(argv)
    seconds = 10 if args.rapide else 60
    commit = subprocess.run(
        ["git", "rev-parse", "--short", args.avant], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    load_start = _load()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="oraux-trajets-") as tmp:
        before = _worktree(commit, Path(tmp) / "avant")
        try:
            for name, folder in SESSIONS.items():
                for label, code in (("avant", before), ("après", ROOT)):
                    print(f"{name}, {label} …", file=sys.stderr, flush=True)
                    plan_file, wall = _plan(code, folder, Path(tmp) / f"{name}-{label}", seconds)
                    runs.append({"session": name, "code": label, **_measure(folder, plan_file, wall)})
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, capture_output=True)
    data = {
        "kind": TRAVEL_KIND,
        "date": date.today().isoformat(),
        "timestamp": datetime.now().isoformat(timespec="seconds"),
        "quick": args.rapide,
        "machine": machine_info(),
        "load_average": {"start": load_start, "end": _load()},
        "protocol": {"before": commit, "planifier": f"--temps-max {seconds} --workers 2"},
        "runs": runs,
    }
    folder = Path(tempfile.mkdtemp(prefix="oraux-bench-")) if args.rapide else RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{data['date']}-trajets.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Résultats : {out}", file=sys.stderr)
    if not args.rapide:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
    for run in runs:
        print(json.dumps(run, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
