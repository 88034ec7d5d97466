"""What a process drawing figures runs: the pictures of some site-days, the
per-épreuve charts (see :mod:`scheduler.export.documents`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from scheduler.export.context import PlanContext
from scheduler.export.figures.families import draw_families
from scheduler.export.figures.files import save
from scheduler.export.figures.gantt import gantt_figure
from scheduler.export.figures.names import site_day_stem, site_slugs
from scheduler.export.figures.occupancy import occupation_figure
from scheduler.export.figures.style import drawing_style

__all__ = ["draw_families", "draw_site_days", "drawn_here"]


def drawn_here(
    ctx: PlanContext, keys: Sequence[tuple[str, date]], families: Collection[str] | None
) -> dict[str, bytes]:
    """The figures of these site-days and families, drawn by this process."""
    out = draw_site_days(ctx, keys)
    out.update(draw_families(ctx, families))
    return dict(sorted(out.items()))


def draw_site_days(ctx: PlanContext, keys: Sequence[tuple[str, date]]) -> dict[str, bytes]:
    """The Gantt and occupancy figures of these site-days, by file path."""
    out: dict[str, bytes] = {}
    slugs = site_slugs(ctx.session)
    days = ctx.by_site_day()
    with drawing_style():
        for site, day in keys:
            stem = site_day_stem(slugs[site], day)
            rows = days[(site, day)]
            save(out, f"gantt-{stem}", gantt_figure(ctx, site, day, rows))
            save(out, f"occupation-{stem}", occupation_figure(ctx, site, day, rows))
    return out
