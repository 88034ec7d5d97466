"""What the rest of the planner asks of the figures: all of a plan's
pictures, and the names of their files by site-day and by épreuve."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from scheduler.export.context import PlanContext
from scheduler.export.figures.names import (
    EXTENSIONS,
    FAMILY_KINDS,
    SITE_DAY_KINDS,
    family_name,
    path,
    site_day_stem,
    site_slugs,
)
from scheduler.export.figures.rows import family_codes


def plan_figures(
    ctx: PlanContext,
    site_days: Collection[tuple[str, date]] | None = None,
    families: Collection[str] | None = None,
) -> dict[str, bytes]:
    """Every figure of the plan, by relative path: 'figures/<name>.png' and 'figures/<name>.svg'.

    Per site and day with orals, ``gantt-<site>-<AAAA-MM-JJ>`` and
    ``occupation-<site>-<AAAA-MM-JJ>``; per épreuve with commissions (E2F
    counts with E2, ENG with E6), ``commissions-<épreuve>`` and
    ``charge-<épreuve>``.  Given ``site_days`` and ``families`` (épreuve
    codes), only those are drawn: a re-run redraws what changed.  Drawn by
    this process (:mod:`scheduler.export.documents` draws beside the caller).
    Site and épreuve are lower-case ASCII
    (``gantt-castres-2021-06-07``, ``charge-e4``)."""
    # Imported on use: naming the figures does not load matplotlib.
    from scheduler.export.figures.drawing import drawn_here

    keys = [k for k in ctx.by_site_day() if site_days is None or k in site_days]
    return drawn_here(ctx, keys, families)


def site_day_figures(ctx: PlanContext) -> dict[tuple[str, date], list[str]]:
    """File names (``figures/…png|svg``) drawn for each site and day."""
    slugs = site_slugs(ctx.session)
    return {
        (site, day): [
            path(f"{kind}-{site_day_stem(slugs[site], day)}", ext)
            for kind in SITE_DAY_KINDS
            for ext in EXTENSIONS
        ]
        for site, day in ctx.by_site_day()
    }


def family_figures(ctx: PlanContext) -> dict[str, list[str]]:
    """File names (``figures/…png|svg``) drawn for each épreuve family."""
    return {
        code: [path(f"{kind}-{family_name(code)}", ext) for kind in FAMILY_KINDS for ext in EXTENSIONS]
        for code in family_codes(ctx)
    }


def gantt_pngs(ctx: PlanContext, figures: dict[str, bytes]) -> dict[tuple[str, date], bytes]:
    """The Gantt PNG of each site and day, taken from :func:`plan_figures`'s output."""
    slugs = site_slugs(ctx.session)
    out = {}
    for site, day in ctx.by_site_day():
        data = figures.get(path(f"gantt-{site_day_stem(slugs[site], day)}", "png"))
        if data is not None:
            out[(site, day)] = data
    return out


def figure_names(ctx: PlanContext) -> list[str]:
    """Names (without extension) of the figures :func:`plan_figures` makes, in order."""
    slugs = site_slugs(ctx.session)
    names: list[str] = []
    for site, day in ctx.by_site_day():
        stem = site_day_stem(slugs[site], day)
        names += [f"{kind}-{stem}" for kind in SITE_DAY_KINDS]
    for code in family_codes(ctx):
        names += [f"{kind}-{family_name(code)}" for kind in FAMILY_KINDS]
    return names
