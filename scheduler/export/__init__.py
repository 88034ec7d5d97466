"""The plannings written next to ``planning.csv``: Excel workbooks for the
exam office, the centre heads, the candidates and the graders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from scheduler.export.context import PlanContext

#: A way to run a workbook part, possibly elsewhere; call the result to get it
#: (:meth:`scheduler.export.figures.FigureWorkers.submit`).
Submit = Callable[..., Callable[[], dict[str, bytes]]]


def plan_workbooks(
    ctx: PlanContext,
    *,
    previous: PlanContext | None = None,
    revision: int = 0,
    gantts: dict[tuple[str, date], bytes] | None = None,
    rooms: bool = True,
    submit: Submit | None = None,
) -> dict[str, bytes]:
    """Every workbook of a plan, by file name; with named examiners, also
    their workbook and one calendar each (``agendas/agenda-<id>.ics``).

    After a re-run, ``previous`` (the published plan) and ``revision`` (re-runs
    since the first plan) let the calendars update or cancel imported events;
    ``gantts`` (PNG per site and day) go on a sheet of each room workbook;
    ``rooms=False`` leaves the room workbooks out (written once the Gantt
    charts are drawn, see :func:`scheduler.export.rooms.room_workbooks`).
    ``submit`` runs each part (:func:`workbook_part`) elsewhere, for
    example in other processes, meanwhile: the bytes are the same."""
    parts = list(PARTS) if ctx.examiners else [p for p in PARTS if p not in EXAMINER_PARTS]
    run = submit or _here
    pending = [run(workbook_part, part, ctx, previous, revision) for part in parts]
    files: dict[str, bytes] = {}
    for result in pending:
        files.update(result())
    if rooms:
        from scheduler.export.rooms import room_workbooks

        files.update(room_workbooks(ctx, gantts))
    return files


def _here(fn: Callable[..., dict[str, bytes]], *args: object) -> Callable[[], dict[str, bytes]]:
    files = fn(*args)
    return lambda: files


#: The parts of :func:`plan_workbooks` besides the room workbooks, longest first.
PARTS: tuple[str, ...] = ("convocations", "examinateurs", "commissions", "bordereaux", "agendas")
#: Those written only when the plan names its examiners.
EXAMINER_PARTS: tuple[str, ...] = ("examinateurs", "agendas")


def workbook_part(
    part: str, ctx: PlanContext, previous: PlanContext | None = None, revision: int = 0
) -> dict[str, bytes]:
    """One part of :func:`plan_workbooks` (a name of :data:`PARTS`), by file name."""
    # Imported here so that importing one exporter does not load them all.
    if part == "commissions":
        from scheduler.export.commissions import commissions_workbook

        return {"commissions.xlsx": commissions_workbook(ctx)}
    if part == "convocations":
        from scheduler.export.convocations import convocations_workbook

        return {"convocations.xlsx": convocations_workbook(ctx)}
    if part == "bordereaux":
        from scheduler.export.grading import grading_workbook

        return {"bordereaux.xlsx": grading_workbook(ctx)}
    if part == "examinateurs":
        from scheduler.export.examiners import examiners_workbook

        return {"examinateurs.xlsx": examiners_workbook(ctx)}
    if part == "agendas":
        from scheduler.export.calendars import examiner_calendars

        calendars = examiner_calendars(ctx, previous, revision)
        return {f"agendas/{name}": data for name, data in calendars.items()}
    raise ValueError(f"partie de classeur inconnue : {part}")
