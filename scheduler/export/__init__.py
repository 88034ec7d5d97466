"""The plannings written next to ``planning.csv``: Excel workbooks for the
exam office, the centre heads, the candidates and the graders, the
examiners' calendars, and the figures (:mod:`scheduler.export.figures`).

:func:`scheduler.export.documents.plan_documents` writes them all, with
processes beside the caller; :func:`plan_workbooks` writes the workbooks
and calendars alone, in this process."""

from __future__ import annotations

from datetime import date

from scheduler.export.context import PlanContext


def plan_workbooks(
    ctx: PlanContext,
    *,
    previous: PlanContext | None = None,
    revision: int = 0,
    gantts: dict[tuple[str, date], bytes] | None = None,
) -> dict[str, bytes]:
    """Every workbook of a plan, by file name; with named examiners, also
    their workbook and one calendar each (``agendas/agenda-<id>.ics``).

    ``previous`` and ``revision``: see :func:`~scheduler.export.documents.plan_documents`;
    ``gantts`` (PNG per site and day) go on a sheet of each room workbook."""
    # Imported here so that importing one exporter does not load them all.
    from scheduler.export.calendars import examiner_calendars
    from scheduler.export.documents import SESSION_WORKBOOKS
    from scheduler.export.examiners import examiners_workbook
    from scheduler.export.rooms import room_workbooks
    from scheduler.export.workers import run

    files = {name: run(job, ctx) for name, job in SESSION_WORKBOOKS.items()}
    files.update(room_workbooks(ctx, gantts))
    if ctx.examiners:
        files["examinateurs.xlsx"] = examiners_workbook(ctx)
        calendars = examiner_calendars(ctx, previous, revision)
        files.update({f"agendas/{name}": data for name, data in calendars.items()})
    return files
