"""The occupancy charts: each place against its capacity, overflow shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scheduler.export.context import PlanContext
from scheduler.export.figures import plan_figures
from tests.export.figures.helpers import day_stem, one_day, svg_text


def test_occupancy_shows_capacity_and_overflow(small: PlanContext, files: dict[str, bytes]) -> None:
    """The loge and the computer stations are drawn against their capacity; too many is shown."""
    castres = svg_text(files["figures/occupation-castres-2021-06-07.svg"])
    assert "Loge de préparation : candidats en préparation" in castres
    assert "capacité de la loge : 24 places" in castres
    assert "dépassement de capacité" not in castres
    muret_day = next(d for s, d in small.by_site_day() if s == "muret")
    muret = svg_text(files[f"figures/occupation-{day_stem(small, 'muret', muret_day)}.svg"])
    assert "Postes informatiques occupés (E5)" in muret
    assert "postes informatiques : 6" in muret
    assert "Loge" not in muret  # no preparation, no seat

    sites = dict(small.session.sites)
    sites["castres"] = replace(sites["castres"], loge_seats=1)
    crowded = one_day(
        replace(small, session=replace(small.session, sites=sites)), "castres", date(2021, 6, 7)
    )
    text = svg_text(plan_figures(crowded)["figures/occupation-castres-2021-06-07.svg"])
    assert "capacité de la loge : 1 place" in text
    assert "dépassement de capacité" in text
