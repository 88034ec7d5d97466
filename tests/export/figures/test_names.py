"""The names of the picture files."""

from __future__ import annotations

from dataclasses import replace

from scheduler.export.context import PlanContext
from scheduler.export.figures import site_slugs


def test_site_slugs_follow_the_room_workbooks(small: PlanContext) -> None:
    """A site is named by its town, with its key when two sites share a town."""
    sites = dict(small.session.sites)
    assert site_slugs(small.session)["castres"] == "castres"
    sites["muret"] = replace(sites["muret"], town="Castres")
    slugs = site_slugs(replace(small.session, sites=sites))
    assert slugs["castres"] == "castres-castres" and slugs["muret"] == "castres-muret"
