"""What names and makes a site's room workbook, without writing it: its
file name, and the inputs two plans must share for the same bytes.  Light
(no openpyxl): the caller that hands the workbooks to other processes uses it."""

from __future__ import annotations

from scheduler.domain.session import Session
from scheduler.export.context import PlanContext
from scheduler.text import ascii_slug


def site_inputs(ctx: PlanContext, site: str) -> tuple[object, ...]:
    """Everything a site's room workbook is made from, but its Gantt pictures:
    two plans with equal inputs (and pictures) give the same bytes."""
    rows = [row for (key, _), day_rows in ctx.by_site_day().items() if key == site for row in day_rows]
    ids = sorted({i for row in rows for i in row.oral.examiners})
    # A withdrawal from an épreuve held elsewhere changes nothing here.
    codes = frozenset(row.oral.epreuve for row in rows)
    seen = [(row.oral, row.candidate.seen_by(codes)) for row in rows]
    return (ctx.session, seen, [ctx.examiner_by_id.get(i) for i in ids])


def file_names(session: Session) -> dict[str, str]:
    """File name of every site: ``salles-castres.xlsx`` (the site key is added
    when two sites share a town)."""
    towns = {key: ascii_slug(site.town) for key, site in session.sites.items()}
    out: dict[str, str] = {}
    for key, town in towns.items():
        shared = sum(1 for t in towns.values() if t == town) > 1
        slug = f"{town}-{ascii_slug(key)}" if shared else town
        out[key] = f"salles-{slug or ascii_slug(key)}.xlsx"
    return out
