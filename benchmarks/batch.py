"""A batch of sessions, one after the other against a local Dask cluster:
``python -m benchmarks.batch``.

The batch (:func:`build_batch`): the two bundled specialties (BTS NDRC and
BTS MCO of Toulouse 2021, which share the Tarbes lycée, so one group planned
in turn), the 2022-like session of the tests, and generated variants of it
(another code, sites of their own, candidates and examiners drawn by
``oraux exemple`` with another seed): 12 sessions.  Sessions sharing a site
or an examiner (the generator may draw one person in two lists) are one
group, planned in turn.

Every run plans the whole batch with the same solver settings — one solver
thread per session and a deterministic limit per search, so that each
session does the same work whatever runs beside it — and publishes every
plan (documents included) on this machine:

* *one after the other*: each group by :func:`plan_and_publish_together`,
  in this process, no Dask;
* *grappe locale, N travailleurs*: :func:`scheduler.batch.lot.plan_batch`
  on a local cluster of N worker processes, N = 1 and 2.

Each plan saved is read back and checked by the validator.  Writes
``benchmarks/results/<date>-lot.json`` and regenerates ``BENCHMARKS.md``;
``--rapide``: 4 sessions, results in a temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as « python benchmarks/batch.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR, ROOT  # noqa: E402
from benchmarks.report import LOT_KIND  # noqa: E402
from benchmarks.run import _load, save_results  # noqa: E402
from scheduler.batch.lot import groups_of, plan_batch  # noqa: E402
from scheduler.domain.commission import commission_days  # noqa: E402
from scheduler.domain.plan import Plan  # noqa: E402
from scheduler.domain.session import Session  # noqa: E402
from scheduler.domain.shared_sites import holding, shared_sites  # noqa: E402
from scheduler.io.inputs import load_inputs  # noqa: E402
from scheduler.io.plan_files import latest_plan, load_plan  # noqa: E402
from scheduler.io.session_file import load_session  # noqa: E402
from scheduler.publish.together import plan_and_publish_together  # noqa: E402
from scheduler.sample.generator import write_sample  # noqa: E402
from scheduler.solver.options import SolveOptions  # noqa: E402
from scheduler.validate.hard_rules import validate  # noqa: E402

MCO_DIR = ROOT / "data" / "toulouse-2021-mco"
SECOND_SESSION = ROOT / "tests" / "data" / "sessions" / "occitanie-2022"
#: Sessions of the batch (with ``--rapide``: of the quick one).
SESSIONS, QUICK_SESSIONS = 12, 4
#: The solver settings of every run: one thread, a deterministic limit per
#: search, a time limit that never binds.
OPTIONS = SolveOptions(time_limit=3600, workers=1, seed=2021, deterministic_limit=2.0)
#: Workers of the local clusters measured.
CLUSTER_SIZES = (1, 2)


def build_batch(work: Path, count: int) -> list[Path]:
    """``count`` session folders in ``work``: the bundled NDRC and MCO, the
    2022-like session, then variants of it (see the module docstring)."""
    folders = []
    for source in (DATA_DIR, MCO_DIR, SECOND_SESSION)[:count]:
        target = work / source.name
        shutil.copytree(source, target)
        folders.append(target)
    for k in range(1, count - len(folders) + 1):
        target = work / f"occitanie-2022-v{k}"
        shutil.copytree(SECOND_SESSION, target)
        path = target / "session.toml"
        text = path.read_text(encoding="utf-8")
        text = text.replace('code = "occitanie-2022"', f'code = "occitanie-2022-v{k}"', 1)
        text = text.replace('etablissement = "Lycée ', f'etablissement = "Lycée V{k} ')
        path.write_text(text, encoding="utf-8")
        write_sample(target, load_session(target), seed=2021 + k, replace=True)
        folders.append(target)
    return folders


def _check(folders: list[Path], models: Path) -> dict[str, Any]:
    """Read back every session's latest plan; validate it (holding what the
    plans of its group before it take); commission-days and bounds."""
    groups, _, _ = groups_of(folders)
    violations = days = bound = placed = 0
    for group in groups:
        planned: list[tuple[Session, Plan]] = []
        for folder in group:
            inputs = load_inputs(folder)
            path = latest_plan(models, inputs.session.code)
            assert path is not None, folder
            plan = load_plan(path)
            held = holding(inputs.session, planned, shared_sites([s for s, _ in planned] + [inputs.session]))
            violations += len(validate(held, inputs.candidates, plan))
            planned.append((inputs.session, plan))
            days += len(commission_days(plan))
            bound += int(plan.solver.bound or 0)
            placed += len(plan.placed())
    return {"violations": violations, "commission_days": days, "bound": bound, "orals": placed}


def _run_sequential(folders: list[Path], out: Path) -> dict[str, Any]:
    groups, _, _ = groups_of(folders)
    clock = time.monotonic()
    for group in groups:
        plan_and_publish_together(
            group, output_root=out / "sorties", models_dir=out / "modeles", options=OPTIONS
        )
    wall = time.monotonic() - clock
    return {
        "name": "une après l'autre",
        "workers": None,
        "wall_s": round(wall, 1),
        **_check(folders, out / "modeles"),
    }


def _run_cluster(folders: list[Path], out: Path, workers: int) -> dict[str, Any]:
    clock = time.monotonic()
    outcomes = plan_batch(
        folders, output_root=out / "sorties", models_dir=out / "modeles", options=OPTIONS, workers=workers
    )
    wall = time.monotonic() - clock
    failed = [f"{o.code} : {o.status}" for o in outcomes if not o.published]
    seconds = {o.folder: o.seconds for o in outcomes}
    groups, _, _ = groups_of(folders)
    return {
        "name": f"grappe locale, {workers} travailleur(s)",
        "workers": workers,
        "wall_s": round(wall, 1),
        "failed": failed,
        "compute_s": round(sum(seconds.values()), 1),
        # A group's sessions are computed in turn by one task.
        "longest_group_s": round(max(sum(seconds[f] for f in group) for group in groups), 1),
        "sessions_s": {o.code: o.seconds for o in outcomes},
        **_check(folders, out / "modeles"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapide", action="store_true", help="4 sessions, sans toucher BENCHMARKS.md")
    args = parser.parse_args(argv)
    count = QUICK_SESSIONS if args.rapide else SESSIONS
    load_start = _load()
    runs = []
    with tempfile.TemporaryDirectory(prefix="oraux-lot-") as tmp:
        work = Path(tmp)
        folders = build_batch(work / "sessions", count)
        sessions = [load_inputs(f) for f in folders]
        groups, _, _ = groups_of(folders)
        print(f"{len(folders)} sessions, {len(groups)} groupes", file=sys.stderr, flush=True)
        runs.append(_run_sequential(folders, work / "sequentiel"))
        print(f"  une après l'autre : {runs[-1]['wall_s']} s", file=sys.stderr, flush=True)
        for n in CLUSTER_SIZES:
            runs.append(_run_cluster(folders, work / f"grappe-{n}", n))
            print(f"  grappe de {n} : {runs[-1]['wall_s']} s", file=sys.stderr, flush=True)
    protocol = {
        "sessions": [
            {"code": i.session.code, "candidates": len(i.candidates), "folder": f.name}
            for f, i in zip(folders, sessions, strict=True)
        ],
        "groups": len(groups),
        "options": OPTIONS.as_dict(),
    }
    path = save_results(LOT_KIND, protocol, runs, quick=args.rapide, load_start=load_start)
    print(f"  → {path}", file=sys.stderr)
    bad = [r["name"] for r in runs if r["violations"] or r.get("failed")]
    if bad:
        print("ÉCHEC : " + ", ".join(bad), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
