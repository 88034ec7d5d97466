"""The figures of a plan as the planner asks for them: every file, named as
listed, the same bytes each time."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from openpyxl import load_workbook

from scheduler.domain.commission import family_of
from scheduler.export.context import PlanContext
from scheduler.export.figures import (
    MIN_HEIGHT_PIXELS,
    PAGE_PIXELS,
    figure_names,
    gantt_pngs,
    plan_figures,
)
from scheduler.export.rooms import room_workbooks
from tests.export.figures.helpers import day_stem, one_day, png_size


def test_every_figure_in_png_and_svg(small: PlanContext, files: dict[str, bytes]) -> None:
    """Each site-day and épreuve family gets its pictures, in both formats, as listed."""
    site_days = {(o.site, o.day) for o in small.plan.placed() if o.site and o.day}
    families = {family_of(o.commission).lower() for o in small.plan.placed() if o.commission}
    stems = {f"{kind}-{day_stem(small, s, d)}" for s, d in site_days for kind in ("gantt", "occupation")}
    stems |= {f"{kind}-{f}" for f in families for kind in ("commissions", "charge")}
    assert families == {"e2", "e4", "e5", "e6"}
    assert len(site_days) == 5
    assert set(files) == {f"figures/{stem}.{ext}" for stem in stems for ext in ("png", "svg")}
    assert set(figure_names(small)) == stems
    assert "figures/gantt-castres-2021-06-07.png" in files


@pytest.mark.slow
def test_same_plan_same_bytes_even_from_two_threads(small: PlanContext, files: dict[str, bytes]) -> None:
    """Two threads drawing at once give the same bytes as one drawing alone."""
    # Castres holds every E4 oral of the cut plan: its E4 charts are the same too.
    day = one_day(small, "castres", date(2021, 6, 7))
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: plan_figures(day), range(2)))
    assert set(runs[0]) == {
        f"figures/{stem}.{ext}"
        for stem in (
            "gantt-castres-2021-06-07",
            "occupation-castres-2021-06-07",
            "commissions-e4",
            "charge-e4",
        )
        for ext in ("png", "svg")
    }
    for run in runs:
        assert run.keys() == runs[0].keys()
        for name, data in run.items():
            assert data == files[name], name


@pytest.mark.slow
def test_every_figure_of_the_bundled_session(
    bundled_context: PlanContext, bundled_figures: dict[str, bytes]
) -> None:
    """The whole bundled session gets every listed picture, each of a page's width."""
    expected = {f"figures/{name}.{ext}" for name in figure_names(bundled_context) for ext in ("png", "svg")}
    assert set(bundled_figures) == expected
    site_days = bundled_context.by_site_day()
    assert len([n for n in expected if "/gantt-" in n]) == 2 * len(site_days)
    for name, data in bundled_figures.items():
        if name.endswith(".png"):
            width, height = png_size(data)
            assert width == PAGE_PIXELS[0] and MIN_HEIGHT_PIXELS <= height <= PAGE_PIXELS[1], name
        else:
            assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg", name


@pytest.mark.slow
def test_the_room_workbooks_carry_the_gantt_charts(
    bundled_context: PlanContext, bundled_figures: dict[str, bytes]
) -> None:
    """Each room workbook's Gantt sheet holds its site's charts, day after day."""
    gantts = gantt_pngs(bundled_context, bundled_figures)
    assert len(gantts) == len(bundled_context.by_site_day())
    books = room_workbooks(bundled_context, gantts)
    for site in {s for s, _ in bundled_context.by_site_day()}:
        name = next(n for n in books if n.startswith(f"salles-{site}"))
        sheet = load_workbook(io.BytesIO(books[name]))["Gantt"]
        days = sorted(d for s, d in gantts if s == site)
        pictures = sheet._images
        assert len(pictures) == len(days)
        # Each picture is its day's chart, page after page.
        assert [p.ref.getvalue() if hasattr(p.ref, "getvalue") else None for p in pictures] == [
            gantts[(site, d)] for d in days
        ]
