"""Where ``tools/same_outputs.py`` finds the workflows in this revision.

The only file of the comparison that follows the package's layout: each
revision carries its own copy, so the reference runs with its own paths."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace


def load_workflows() -> SimpleNamespace:
    from scheduler.export.context import PlanContext
    from scheduler.export.documents import plan_documents
    from scheduler.export.workers import DocumentWorkers
    from scheduler.io.inputs import load_inputs
    from scheduler.io.plan_files import load_plan, planning_csv_bytes
    from scheduler.publish.planning import plan_and_publish
    from scheduler.publish.replanning import replan_and_publish
    from scheduler.solver.options import SolveOptions

    def render_saved_plan(session_dir: Path, plan_file: Path) -> dict[str, bytes]:
        """Every file of a saved plan, drawn in this process."""
        inputs = load_inputs(session_dir, with_examiners=True)
        plan = load_plan(plan_file)
        ctx = PlanContext(plan, inputs.session, inputs.candidates, inputs.examiners)
        files = {"planning.csv": planning_csv_bytes(plan, inputs.session, inputs.candidates)}
        with DocumentWorkers(1) as here:
            files.update(plan_documents(ctx, here))
        return files

    return SimpleNamespace(
        SolveOptions=SolveOptions,
        plan_and_publish=plan_and_publish,
        replan_and_publish=replan_and_publish,
        render_saved_plan=render_saved_plan,
    )
