"""One large session whose blocks of épreuves run at once on a local Dask
cluster: ``python -m benchmarks.blocks``.

The session (:data:`SPEC`, written by :mod:`benchmarks.scale`): the bundled
académie repeated 5 times, its épreuves in windows of one week, rooms, loge
seats and workstations multiplied by 5, the examiner list repeated 5 times.
Its windows keep three independent blocks (E2+E2F+E5, E4, E6), as in the
bundled session.

It is planned and published by :func:`scheduler.batch.lot.plan_batch`, as
``oraux planifier-lot`` does, on a local cluster of one worker (the blocks
one after the other) and of two (the blocks at once: the batch has one
group, so the second worker is spare).  The same solver settings in both —
one solver thread, a deterministic limit per search, a time limit that
never binds — so that each block does the same work.  Each plan saved is
read back and checked by the validator.  Writes
``benchmarks/results/<date>-blocs.json`` and regenerates ``BENCHMARKS.md``;
``--rapide``: one copy, results in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as « python benchmarks/blocks.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.batch import OPTIONS  # noqa: E402
from benchmarks.report import BLOCKS_KIND  # noqa: E402
from benchmarks.run import _load, save_results  # noqa: E402
from benchmarks.scale import ScaleSpec, write_scaled_session  # noqa: E402
from scheduler.batch.lot import plan_batch  # noqa: E402
from scheduler.domain.commission import commission_days  # noqa: E402
from scheduler.io.inputs import load_inputs  # noqa: E402
from scheduler.io.plan_files import latest_plan, load_plan  # noqa: E402
from scheduler.solver.pipeline import blocks  # noqa: E402
from scheduler.solver.tasks import build_tasks, placeable  # noqa: E402
from scheduler.validate.hard_rules import validate  # noqa: E402

#: The session measured, and the one of ``--rapide``.
SPEC = ScaleSpec(copies=3, weeks=1, room_factor=3, examiner_copies=3)
QUICK_SPEC = ScaleSpec(copies=1, weeks=1, room_factor=1, examiner_copies=1)
#: Workers of the local clusters measured.
CLUSTER_SIZES = (1, 2)


def _run(folder: Path, out: Path, workers: int) -> dict[str, Any]:
    clock = time.monotonic()
    [outcome] = plan_batch(
        [folder], output_root=out / "sorties", models_dir=out / "modeles", options=OPTIONS, workers=workers
    )
    wall = time.monotonic() - clock
    inputs = load_inputs(folder)
    path = latest_plan(out / "modeles", inputs.session.code)
    violations, days, bound, placed = -1, 0, 0, 0
    searches: dict[str, float] = {}
    if path is not None:
        plan = load_plan(path)
        violations = len(validate(inputs.session, inputs.candidates, plan))
        days, bound, placed = len(commission_days(plan)), int(plan.solver.bound or 0), len(plan.placed())
        # Seconds of CP-SAT search of each block (its stages are labelled « BLOCK : stage »).
        for stage in plan.solver.stages:
            block = str(stage.get("etape", "")).split(" : ")[0].split(" (")[0]
            searches[block] = round(searches.get(block, 0.0) + float(stage.get("temps_s") or 0.0), 1)
    return {
        "name": f"grappe locale, {workers} travailleur(s)",
        "workers": workers,
        "status": outcome.status,
        "wall_s": round(wall, 1),
        "compute_s": round(outcome.seconds, 1),
        "violations": violations,
        "commission_days": days,
        "bound": bound,
        "orals": placed,
        "search_s": searches,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapide", action="store_true", help="une seule copie, sans toucher BENCHMARKS.md")
    args = parser.parse_args(argv)
    spec = QUICK_SPEC if args.rapide else SPEC
    load_start = _load()
    runs = []
    with tempfile.TemporaryDirectory(prefix="oraux-blocs-") as tmp:
        work = Path(tmp)
        folder = write_scaled_session(work / spec.name, spec)
        inputs = load_inputs(folder)
        session = inputs.session
        found = blocks(session, placeable(session, build_tasks(session, inputs.candidates)))
        sizes = {"+".join(sorted({t.code for t in b})): len(b) for b in found}
        print(f"{len(inputs.candidates)} candidats, blocs {sizes}", file=sys.stderr, flush=True)
        for n in CLUSTER_SIZES:
            runs.append(_run(folder, work / f"grappe-{n}", n))
            print(f"  grappe de {n} : {runs[-1]['wall_s']} s", file=sys.stderr, flush=True)
    protocol = {
        "session": spec.describe(),
        "candidates": len(inputs.candidates),
        "blocks": sizes,
        "options": OPTIONS.as_dict(),
    }
    path = save_results(BLOCKS_KIND, protocol, runs, quick=args.rapide, load_start=load_start)
    print(f"  → {path}", file=sys.stderr)
    bad = [r["name"] for r in runs if r["violations"] or r["status"] != "publié"]
    if bad:
        print("ÉCHEC : " + ", ".join(bad), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
