"""The pictures of a plan: every file, of the right size, the same bytes each
time, and the Gantt charts naming what a reader looks for."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from scheduler.domain.session import Examiner
from scheduler.export import figures
from scheduler.export.common import french_date
from scheduler.export.context import PlanContext
from scheduler.export.figures import (
    MIN_HEIGHT_PIXELS,
    PAGE_PIXELS,
    figure_names,
    gantt_png,
    gantt_svg,
    plan_figures,
    site_slugs,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def small(export_context: PlanContext) -> PlanContext:
    """The export plan cut to the first day of each site and the first day
    with an ENG oral: every kind of day, in a few seconds."""
    kept: set[tuple[str, date]] = set()
    for site, day in export_context.by_site_day():
        if site not in {s for s, _ in kept}:
            kept.add((site, day))
    eng = next(
        (o.site, o.day) for o in export_context.plan.placed() if o.epreuve == "ENG" and o.site and o.day
    )
    kept.add(eng)
    orals = [o for o in export_context.plan.placed() if (o.site, o.day) in kept]
    return PlanContext(
        replace(export_context.plan, orals=orals), export_context.session, export_context.candidates
    )


@pytest.fixture(scope="module")
def files(small: PlanContext) -> dict[str, bytes]:
    return plan_figures(small)


def _svg_text(data: bytes) -> str:
    """Every text of an SVG picture, one a line."""
    root = ET.fromstring(data)
    return "\n".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()
        return image.size


def _day_stem(ctx: PlanContext, site: str, day: date) -> str:
    return f"{site_slugs(ctx.session)[site]}-{day.isoformat()}"


def test_every_figure_in_png_and_svg(small: PlanContext, files: dict[str, bytes]) -> None:
    site_days = {(o.site, o.day) for o in small.plan.placed() if o.site and o.day}
    families = {o.commission.split("-")[0].lower() for o in small.plan.placed() if o.commission}
    stems = {f"{kind}-{_day_stem(small, s, d)}" for s, d in site_days for kind in ("gantt", "occupation")}
    stems |= {f"{kind}-{f}" for f in families for kind in ("commissions", "charge")}
    assert families == {"e2", "e4", "e5", "e6"}
    assert len(site_days) == 5
    assert set(files) == {f"figures/{stem}.{ext}" for stem in stems for ext in ("png", "svg")}
    assert set(figure_names(small)) == stems
    assert "figures/gantt-castres-2021-06-07.png" in files


def test_pngs_open_at_a4_width(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        if not name.endswith(".png"):
            continue
        width, height = _png_size(data)
        assert width == PAGE_PIXELS[0], name
        assert MIN_HEIGHT_PIXELS <= height <= PAGE_PIXELS[1], name
        if "/commissions-" in name or "/charge-" in name:
            assert (width, height) == PAGE_PIXELS, name


def test_svgs_are_svg_with_the_png_proportions(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        if not name.endswith(".svg"):
            continue
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        assert b"<svg" in data
        _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
        png = _png_size(files[name.removesuffix(".svg") + ".png"])
        assert png == (int(width / 72 * figures.DPI), int(height / 72 * figures.DPI)), name
        # Text stays text (searchable, smaller), and nothing dates the file.
        assert "<text" in data.decode()
        assert b"<dc:date>" not in data


def _one_day(ctx: PlanContext, site: str, day: date) -> PlanContext:
    orals = [o for o in ctx.plan.placed() if (o.site, o.day) == (site, day)]
    return PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates, ctx.examiners)


def test_same_plan_same_bytes_even_from_two_threads(small: PlanContext, files: dict[str, bytes]) -> None:
    # Castres holds every E4 oral of the cut plan: its E4 charts are the same too.
    day = _one_day(small, "castres", date(2021, 6, 7))
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


def test_gantt_png_is_the_file_of_the_plan(small: PlanContext, files: dict[str, bytes]) -> None:
    site, day = next(iter(small.by_site_day()))
    stem = _day_stem(small, site, day)
    assert gantt_png(small, site, day) == files[f"figures/gantt-{stem}.png"]
    assert gantt_svg(small, site, day) == files[f"figures/gantt-{stem}.svg"]


def test_a_gantt_names_every_commission_room_and_the_day(small: PlanContext, files: dict[str, bytes]) -> None:
    session = small.session
    for (site, day), rows in small.by_site_day().items():
        text = _svg_text(files[f"figures/gantt-{_day_stem(small, site, day)}.svg"])
        assert session.label in text
        assert session.sites[site].town in text
        assert french_date(day) in text
        for r in rows:
            assert f"{r.oral.commission} — {r.oral.room}" in text
        for label in ("pause méridienne", "08:00", "08:30", "12:30", "18:00"):
            assert label in text


def test_a_gantt_shows_preparation_and_eng_in_its_legend(small: PlanContext, files: dict[str, bytes]) -> None:
    castres = _svg_text(files["figures/gantt-castres-2021-06-07.svg"])
    assert "E4 : interrogation" in castres
    assert "E4 : préparation en loge" in castres
    (eng_day,) = {o.day for o in small.plan.placed() if o.epreuve == "ENG" and o.day}
    toulouse = _svg_text(files[f"figures/gantt-{_day_stem(small, 'toulouse', eng_day)}.svg"])
    assert "ENG : à la suite de l'E6, même commission" in toulouse
    assert "préparation en loge" not in toulouse  # E6 has no preparation


def test_a_gantt_names_the_examiners(small: PlanContext) -> None:
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
    text = _svg_text(gantt_svg(ctx, site, day))
    for e in examiners:
        assert f"{e.surname} {e.given_name}" in text


def test_extra_time_candidates_are_marked(small: PlanContext) -> None:
    site, day = "castres", date(2021, 6, 7)
    rows = small.by_site_day()[(site, day)]
    if not any(r.candidate.extra_time for r in rows):
        assert "tiers-temps" not in _svg_text(gantt_svg(small, site, day))
    number = next(r.candidate.number for r in rows if not r.candidate.extra_time)
    candidates = [
        replace(c, extra_time=Fraction(1, 3)) if c.number == number else c for c in small.candidates
    ]
    marked = _svg_text(gantt_svg(PlanContext(small.plan, small.session, candidates), site, day))
    assert "* tiers-temps (temps majoré)" in marked
    assert any(line.endswith(" *") for line in marked.splitlines())


def test_occupancy_shows_capacity_and_overflow(small: PlanContext, files: dict[str, bytes]) -> None:
    castres = _svg_text(files["figures/occupation-castres-2021-06-07.svg"])
    assert "Loge de préparation : candidats en préparation" in castres
    assert "capacité de la loge : 24 places" in castres
    assert "dépassement de capacité" not in castres
    muret_day = next(d for s, d in small.by_site_day() if s == "muret")
    muret = _svg_text(files[f"figures/occupation-{_day_stem(small, 'muret', muret_day)}.svg"])
    assert "Postes informatiques occupés (E5)" in muret
    assert "postes informatiques : 6" in muret
    assert "Loge" not in muret  # no preparation, no seat

    sites = dict(small.session.sites)
    sites["castres"] = replace(sites["castres"], loge_seats=1)
    crowded = _one_day(
        replace(small, session=replace(small.session, sites=sites)), "castres", date(2021, 6, 7)
    )
    text = _svg_text(plan_figures(crowded)["figures/occupation-castres-2021-06-07.svg"])
    assert "capacité de la loge : 1 place" in text
    assert "dépassement de capacité" in text


def test_per_epreuve_charts_name_days_and_groups(small: PlanContext, files: dict[str, bytes]) -> None:
    e2 = _svg_text(files["figures/commissions-e2.svg"])
    assert "E2 — Communication en langue vivante étrangère (obligatoire) (avec E2F)" in e2
    assert "lun. 31/05" in e2 and "ven. 04/06" in e2  # every day of the window, even without orals
    assert "commissions — anglais" in e2 and "salles ouvertes — Tarbes" in e2
    e5 = _svg_text(files["figures/commissions-e5.svg"])
    assert "commissions — Toulouse" in e5 and "commissions — Muret" in e5
    load = _svg_text(files["figures/charge-e4.svg"])
    assert "candidats par commission et par jour" in load
    assert "moyenne du jour" in load
    assert "lun. 07/06\n3 commissions" in load
    assert "mar. 08/06\naucune commission" in load


def test_a_day_without_orals_still_draws(small: PlanContext) -> None:
    assert _png_size(gantt_png(small, "castres", date(2021, 6, 11)))[0] == PAGE_PIXELS[0]


def test_site_slugs_follow_the_room_workbooks(small: PlanContext) -> None:
    sites = dict(small.session.sites)
    assert site_slugs(small.session)["castres"] == "castres"
    sites["muret"] = replace(sites["muret"], town="Castres")
    slugs = site_slugs(replace(small.session, sites=sites))
    assert slugs["castres"] == "castres-castres" and slugs["muret"] == "castres-muret"


@pytest.fixture(scope="module")
def bundled_figures(bundled_context: PlanContext) -> dict[str, bytes]:
    return plan_figures(bundled_context)


def test_every_figure_of_the_bundled_session(
    bundled_context: PlanContext, bundled_figures: dict[str, bytes]
) -> None:
    expected = {f"figures/{name}.{ext}" for name in figure_names(bundled_context) for ext in ("png", "svg")}
    assert set(bundled_figures) == expected
    site_days = bundled_context.by_site_day()
    assert len([n for n in expected if "/gantt-" in n]) == 2 * len(site_days)
    for name, data in bundled_figures.items():
        if name.endswith(".png"):
            width, height = _png_size(data)
            assert width == PAGE_PIXELS[0] and MIN_HEIGHT_PIXELS <= height <= PAGE_PIXELS[1], name
        else:
            assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg", name


def test_the_room_workbooks_carry_the_gantt_charts(
    bundled_context: PlanContext, bundled_figures: dict[str, bytes]
) -> None:
    from openpyxl import load_workbook

    from scheduler.export.figures import gantt_pngs
    from scheduler.export.rooms import room_workbooks

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


def test_bundled_plan_castres_gantt(bundled_context: PlanContext) -> None:
    ctx = bundled_context
    day = date(2021, 6, 7)
    rows = ctx.by_site_day()[("castres", day)]
    text = _svg_text(gantt_svg(ctx, "castres", day))
    assert len({r.oral.commission for r in rows}) == 12
    for r in rows:
        assert f"{r.oral.commission} — {r.oral.room}" in text
        for ident in r.oral.examiners:
            e = ctx.examiner_by_id[ident]
            assert f"{e.surname} {e.given_name}" in text
    # Twelve commissions: the rows take the whole landscape page.
    assert _png_size(gantt_png(ctx, "castres", day)) == PAGE_PIXELS


def test_drawing_processes_give_the_same_files(small: PlanContext, files: dict[str, bytes]) -> None:
    """Drawn beside the caller by two processes, or by the caller alone."""
    with figures.FigureWorkers(2) as workers:
        workers.start()
        assert workers._pool is not None  # drawn by the processes indeed
        pending = workers.draw(small)
        assert pending() == files
        some = sorted(small.by_site_day())[:1]
        stems = {_day_stem(small, site, d) for site, d in some}
        expected = {n for n in files if any(f"-{stem}." in n for stem in stems) or "-e4." in n}
        assert set(workers.draw(small, some, ["E4"])()) == expected
    with figures.FigureWorkers(1) as alone:
        assert alone.draw(small)() == files
