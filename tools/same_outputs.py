"""Show that a change of code changes no output: same plans, same bytes.

A restructuring must not change what anyone receives.  This script runs the
bundled session's two workflows with one solver worker and a fixed seed, at a
given git revision and at the working tree, and compares:

1. the files rendered from the *same saved plan* (the reference's
   ``plan-v1.json``): ``planning.csv``, every workbook, figure and calendar;
2. the plans themselves (``oraux planifier``, then ``oraux replanifier`` with
   the bundled events): the same orals, and the same published folders,
   ``changements.xlsx`` included, but for ``commissions.xlsx``, which prints
   each run's own computing times (checked in 1.).

Usage (from the repository root, with the project's virtual environment)::

    python tools/same_outputs.py --ref <commit>     # compare <commit> with the working tree
    python tools/same_outputs.py make OUT [--render PLAN.json]

``make`` is what runs on each side (the reference runs its own copy of this
file, so the reference revision must contain it).  Exit status 0 when every
byte is the same, 1 otherwise, with the differing files listed.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSION = Path("data/toulouse-2021")
EVENTS = SESSION / "evenements-exemple.csv"
NOW = datetime(2021, 6, 4, 18, 0)
#: One worker, a fixed seed and a deterministic limit: the search repeats exactly.
SOLVER = {"time_limit": 600.0, "workers": 1, "seed": 5, "deterministic_limit": 1.0}
#: Published files that print the solver's wall-clock times (they differ from
#: run to run): the plans are compared through their orals, and these files
#: byte for byte through the rendering of one saved plan.
CLOCKED = {"commissions.xlsx"}
#: Folders whose files carry the time of the run (calendars: DTSTAMP).
CLOCKED_FOLDERS = ("agendas/",)


def make(out: Path, render: Path | None) -> None:
    """Plan and re-plan the bundled session into ``out``; render the saved
    plan ``render`` (default: the plan just made) into ``out/rendered``."""
    # Imported here: the module paths are what a restructuring changes, and
    # each side runs its own copy of this file.
    from scheduler_entry import load_workflows  # type: ignore[import-not-found]

    wf = load_workflows()
    options = wf.SolveOptions(**SOLVER)
    models, sorties = out / "models", out / "sorties"
    first = wf.plan_and_publish(SESSION, models_dir=models, output_root=sorties, options=options)
    wf.replan_and_publish(SESSION, [EVENTS], now=NOW, models_dir=models, output_root=sorties, options=options)
    source = render or first.plan_file
    files = wf.render_saved_plan(SESSION, source)
    for name, data in files.items():
        target = out / "rendered" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def orals(plan_file: Path) -> list[dict[str, object]]:
    """A saved plan's orals: what the planner decided, without its timings."""
    return json.loads(plan_file.read_text(encoding="utf-8"))["orals"]


def differing(a: Path, b: Path) -> list[str]:
    """Relative paths present on one side only or with different bytes."""
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out = [f"{n} (absent d'un côté)" for n in sorted(names_a ^ names_b)]
    for name in sorted(names_a & names_b):
        if not filecmp.cmp(a / name, b / name, shallow=False):
            out.append(str(name))
    return out


def run_side(python: str, tree: Path, out: Path, render: Path | None) -> None:
    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{tree / 'tools'}", MPLBACKEND="Agg")
    cmd = [python, str(tree / "tools" / "same_outputs.py"), "make", str(out)]
    if render is not None:
        cmd += ["--render", str(render)]
    subprocess.run(cmd, cwd=tree, env=env, check=True)


def compare(ref: str) -> int:
    work = Path(tempfile.mkdtemp(prefix="same-outputs-"))
    tree = work / "ref-tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=ROOT, check=True)
    try:
        run_side(sys.executable, tree, work / "ref", None)
        ref_plan = work / "ref" / "models" / "toulouse-2021" / "plan-v1.json"
        run_side(sys.executable, ROOT, work / "cur", ref_plan)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    problems: list[str] = []
    for version in ("plan-v1", "plan-v2"):
        a = work / "ref" / "models" / "toulouse-2021" / f"{version}.json"
        b = work / "cur" / "models" / "toulouse-2021" / f"{version}.json"
        if orals(a) != orals(b):
            problems.append(f"{version} : les oraux planifiés diffèrent")
        problems += [
            f"sorties/{version}/{n}"
            for n in differing(work / "ref" / "sorties" / version, work / "cur" / "sorties" / version)
            if n not in CLOCKED and not n.startswith(CLOCKED_FOLDERS)
        ]
    problems += [
        f"rendu de plan-v1/{n}" for n in differing(work / "ref" / "rendered", work / "cur" / "rendered")
    ]
    count = sum(1 for p in (work / "cur" / "rendered").rglob("*") if p.is_file())
    if problems:
        print(f"{len(problems)} différence(s) (dossiers gardés dans {work}) :")
        for p in problems:
            print(f"  - {p}")
        return 1
    print(
        f"Identiques : plans v1 et v2, dossiers publiés, et les {count} fichiers rendus "
        f"depuis le même plan enregistré ({ref} contre l'arbre de travail)."
    )
    shutil.rmtree(work)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="révision git de référence")
    sub = parser.add_subparsers(dest="command")
    make_cmd = sub.add_parser("make")
    make_cmd.add_argument("out", type=Path)
    make_cmd.add_argument("--render", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        make(args.out, args.render)
        return 0
    if not args.ref:
        parser.error("--ref ou make")
    return compare(args.ref)


if __name__ == "__main__":
    sys.exit(main())
