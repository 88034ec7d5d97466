"""A re-run reads back the room workbooks of the sites where nothing changed
(the same inputs write the same bytes) and writes the others again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scheduler.export.context import PlanContext
from scheduler.export.rooms import room_workbooks
from scheduler.export.sites import file_names, site_inputs
from scheduler.publish.replanning import _kept_rooms


def _moved_one_oral(ctx: PlanContext) -> tuple[PlanContext, str]:
    """The same plan with one oral ten minutes later, and its site."""
    first = next(o for o in ctx.plan.placed() if o.start is not None)
    assert first.site is not None and first.start is not None
    orals = [replace(o, start=o.start + 10) if o is first else o for o in ctx.plan.orals]
    plan = replace(ctx.plan, orals=orals)
    return PlanContext(plan, ctx.session, ctx.candidates, ctx.examiners), first.site


def test_only_unchanged_sites_are_read_back(export_context: PlanContext, tmp_path: Path) -> None:
    names = file_names(export_context.session)
    sites = {o.site for o in export_context.plan.placed()}
    for site in sites:
        (tmp_path / names[site]).write_bytes(f"publié {site}".encode())
    new, changed = _moved_one_oral(export_context)
    assert site_inputs(export_context, changed) != site_inputs(new, changed)
    kept = _kept_rooms(export_context, new, tmp_path)
    assert set(kept) == {names[s] for s in sites if s != changed}
    assert all(kept[names[s]] == f"publié {s}".encode() for s in sites if s != changed)
    # Nothing changed: every site is read back; none is when none was published.
    assert len(_kept_rooms(export_context, export_context, tmp_path)) == len(sites)
    assert _kept_rooms(export_context, new, tmp_path / "absent") == {}


def test_equal_inputs_write_equal_workbooks(export_context: PlanContext) -> None:
    """What makes reading back safe: the bytes depend on the inputs only."""
    again = PlanContext(export_context.plan, export_context.session, list(export_context.candidates))
    site = next(o.site for o in export_context.plan.placed())
    assert site is not None and site_inputs(export_context, site) == site_inputs(again, site)
    name = file_names(export_context.session)[site]
    assert room_workbooks(export_context)[name] == room_workbooks(again)[name]
    assert name not in room_workbooks(export_context, skip={name})


def test_a_withdrawal_from_an_epreuve_held_elsewhere_keeps_the_site(export_context: PlanContext) -> None:
    """A candidate withdrawn from an épreuve of another site leaves this
    site's workbook the same, byte for byte: it is read back, not written."""
    sites_of: dict[str, set[str]] = {}
    for o in export_context.plan.placed():
        assert o.site is not None
        sites_of.setdefault(o.candidate, set()).add(o.site)
    number = next(n for n, sites in sorted(sites_of.items()) if len(sites) > 1)
    orals = [o for o in export_context.plan.placed() if o.candidate == number]
    here, elsewhere = orals[0], next(o for o in orals if o.site != orals[0].site)
    assert here.site is not None
    candidates = [
        replace(c, withdrawn=c.withdrawn | {elsewhere.epreuve}) if c.number == number else c
        for c in export_context.candidates
    ]
    after = PlanContext(export_context.plan, export_context.session, candidates, export_context.examiners)
    assert site_inputs(export_context, here.site) == site_inputs(after, here.site)
    name = file_names(export_context.session)[here.site]
    assert room_workbooks(export_context)[name] == room_workbooks(after)[name]
    # Withdrawn from an épreuve held here, the site is written again.
    assert elsewhere.site is not None
    assert site_inputs(export_context, elsewhere.site) != site_inputs(after, elsewhere.site)
