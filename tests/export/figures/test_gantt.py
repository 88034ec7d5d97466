"""The Gantt charts: every commission, room, examiner and candidate a reader
looks for, the legend telling preparation, follow-on unit and extra time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from matplotlib.colors import to_rgb

from scheduler.domain.session import Examiner
from scheduler.export.context import PlanContext
from scheduler.export.figures import PAGE_PIXELS, gantt_png, gantt_svg
from scheduler.export.figures.style import COLOURS, OTHER_COLOUR, epreuve_colours
from scheduler.text import french_date
from tests.export.figures.helpers import day_stem, png_size, svg_text
from tests.tiny_sessions import make_epreuve, make_session, make_site


def test_gantt_png_is_the_file_of_the_plan(small: PlanContext, files: dict[str, bytes]) -> None:
    """One chart drawn alone has the bytes of the same chart among the plan's figures."""
    site, day = next(iter(small.by_site_day()))
    stem = day_stem(small, site, day)
    assert gantt_png(small, site, day) == files[f"figures/gantt-{stem}.png"]
    assert gantt_svg(small, site, day) == files[f"figures/gantt-{stem}.svg"]


def test_a_gantt_names_every_commission_room_and_the_day(small: PlanContext, files: dict[str, bytes]) -> None:
    """A chart names the session, the town, the day, each commission in its room and the hours."""
    session = small.session
    for (site, day), rows in small.by_site_day().items():
        text = svg_text(files[f"figures/gantt-{day_stem(small, site, day)}.svg"])
        assert session.label in text
        assert session.sites[site].town in text
        assert french_date(day) in text
        for r in rows:
            assert f"{r.oral.commission} — {r.oral.room}" in text
        for label in ("pause méridienne", "08:00", "08:30", "12:30", "18:00"):
            assert label in text


def test_a_gantt_shows_preparation_and_eng_in_its_legend(small: PlanContext, files: dict[str, bytes]) -> None:
    """The legend tells preparation in the loge and the ENG unit following the E6."""
    castres = svg_text(files["figures/gantt-castres-2021-06-07.svg"])
    assert "E4 : interrogation" in castres
    assert "E4 : préparation en loge" in castres
    (eng_day,) = {o.day for o in small.plan.placed() if o.epreuve == "ENG" and o.day}
    toulouse = svg_text(files[f"figures/gantt-{day_stem(small, 'toulouse', eng_day)}.svg"])
    assert "ENG : à la suite de l'E6, même commission" in toulouse
    assert "préparation en loge" not in toulouse  # E6 has no preparation


def test_a_gantt_names_the_examiners(small: PlanContext) -> None:
    """Each commission's examiners are named in full under its row label."""
    site, day = "castres", date(2021, 6, 7)
    rows = small.by_site_day()[(site, day)]
    commissions = sorted({r.oral.commission for r in rows if r.oral.commission})
    examiners = [
        Examiner(f"EX{k:03d}", f"NOM{k}", f"Prénom{k}", "", "enseignant", frozenset({"E4"}))
        for k in range(2 * len(commissions))
    ]
    ids = {c: (examiners[2 * k].id, examiners[2 * k + 1].id) for k, c in enumerate(commissions)}
    orals = [
        replace(o, examiners=ids[o.commission]) if o.commission in ids and o.day == day else o
        for o in small.plan.orals
    ]
    ctx = PlanContext(replace(small.plan, orals=orals), small.session, small.candidates, examiners)
    text = svg_text(gantt_svg(ctx, site, day))
    for e in examiners:
        assert f"{e.surname} {e.given_name}" in text


def test_extra_time_candidates_are_marked(small: PlanContext) -> None:
    """An extra-time candidate's name carries an asterisk, explained in the legend."""
    site, day = "castres", date(2021, 6, 7)
    rows = small.by_site_day()[(site, day)]
    if not any(r.candidate.extra_time for r in rows):
        assert "tiers-temps" not in svg_text(gantt_svg(small, site, day))
    plain = [r.candidate.number for r in rows if not r.candidate.extra_time]
    third, quarter = plain[0], plain[1]
    shares = {third: Fraction(1, 3), quarter: Fraction(1, 4)}
    candidates = [replace(c, extra_time=shares.get(c.number, Fraction(0))) for c in small.candidates]
    marked = svg_text(gantt_svg(PlanContext(small.plan, small.session, candidates), site, day))
    # The legend says what each aménagement is: a +25 % is not a tiers-temps.
    assert "* temps majoré de 25 %, tiers-temps" in marked
    assert any(line.endswith(" *") for line in marked.splitlines())


def test_a_day_without_orals_still_draws(small: PlanContext) -> None:
    """A site's day without orals is an empty chart of a page's width."""
    assert png_size(gantt_png(small, "castres", date(2021, 6, 11)))[0] == PAGE_PIXELS[0]


@pytest.mark.slow
def test_bundled_plan_castres_gantt(bundled_context: PlanContext) -> None:
    """Twelve commissions with their examiners fill a whole landscape page."""
    ctx = bundled_context
    day = date(2021, 6, 7)
    rows = ctx.by_site_day()[("castres", day)]
    text = svg_text(gantt_svg(ctx, "castres", day))
    assert len({r.oral.commission for r in rows}) == 12
    for r in rows:
        assert f"{r.oral.commission} — {r.oral.room}" in text
        for ident in r.oral.examiners:
            e = ctx.examiner_by_id[ident]
            assert f"{e.surname} {e.given_name}" in text
    # Twelve commissions: the rows take the whole landscape page.
    assert png_size(gantt_png(ctx, "castres", day)) == PAGE_PIXELS


def test_another_specialty_s_epreuves_get_colours_of_their_own() -> None:
    """Codes NDRC does not have are not all drawn grey: each gets a hue of
    its own, a unit taken after another a darker shade of it."""
    base = make_epreuve("E4", sites=("lycee",))
    session = make_session([base], [make_site()])
    others = {
        "U41": replace(base, code="U41"),
        "U42": replace(base, code="U42"),
        "U43": replace(base, code="U43", follows="U42"),
    }
    session = replace(session, epreuves={**session.epreuves, **others})
    colours = epreuve_colours(session)
    assert colours["E4"] == COLOURS["E4"]
    new = [colours[c] for c in ("U41", "U42", "U43")]
    assert len(set(new)) == 3 and OTHER_COLOUR not in new and COLOURS["E4"] not in new
    dark, light = to_rgb(colours["U43"]), to_rgb(colours["U42"])
    assert all(d < lt for d, lt in zip(dark, light, strict=True) if lt > 0)
