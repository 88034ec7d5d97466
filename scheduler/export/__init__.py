"""The plannings written next to ``planning.csv``: Excel workbooks for the
exam office, the centre heads, the candidates and the graders."""

from __future__ import annotations

from datetime import date

from scheduler.export.context import PlanContext


def plan_workbooks(
    ctx: PlanContext,
    *,
    previous: PlanContext | None = None,
    revision: int = 0,
    gantts: dict[tuple[str, date], bytes] | None = None,
    rooms: bool = True,
) -> dict[str, bytes]:
    """Every workbook of a plan, by file name; with named examiners, also
    their workbook and one calendar each (``agendas/agenda-<id>.ics``).

    After a re-run, ``previous`` (the published plan) and ``revision`` (re-runs
    since the first plan) let the calendars update or cancel imported events;
    ``gantts`` (PNG per site and day) go on a sheet of each room workbook;
    ``rooms=False`` leaves the room workbooks out (written once the Gantt
    charts are drawn, see :func:`scheduler.export.rooms.room_workbooks`)."""
    # Imported here so that importing one exporter does not load them all.
    from scheduler.export.commissions import commissions_workbook
    from scheduler.export.convocations import convocations_workbook
    from scheduler.export.grading import grading_workbook
    from scheduler.export.rooms import room_workbooks

    files = {
        "commissions.xlsx": commissions_workbook(ctx),
        "convocations.xlsx": convocations_workbook(ctx),
        "bordereaux.xlsx": grading_workbook(ctx),
    }
    if rooms:
        files.update(room_workbooks(ctx, gantts))
    if ctx.examiners:
        # Only plans with named examiners have calendars and examiner sheets.
        from scheduler.export.calendars import examiner_calendars
        from scheduler.export.examiners import examiners_workbook

        files["examinateurs.xlsx"] = examiners_workbook(ctx)
        calendars = examiner_calendars(ctx, previous, revision)
        files.update({f"agendas/{name}": data for name, data in calendars.items()})
    return files
