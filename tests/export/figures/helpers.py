"""Reading the pictures back in the figure tests: SVG text, PNG size, file
stems, a plan cut to one day."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

from PIL import Image

from scheduler.export.context import PlanContext
from scheduler.export.figures import site_slugs


def svg_text(data: bytes) -> str:
    """Every text of an SVG picture, one a line."""
    root = ET.fromstring(data)
    return "\n".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG picture, checked to be a PNG."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()
        return image.size


def day_stem(ctx: PlanContext, site: str, day: date) -> str:
    """``castres-2021-06-07``: the site's day in the names of its pictures."""
    return f"{site_slugs(ctx.session)[site]}-{day.isoformat()}"


def one_day(ctx: PlanContext, site: str, day: date) -> PlanContext:
    """The plan cut to the orals of one site's day."""
    orals = [o for o in ctx.plan.placed() if (o.site, o.day) == (site, day)]
    return PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates, ctx.examiners)
