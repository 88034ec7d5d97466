"""``salles-<site>.xlsx`` as a centre head prints it: through LibreOffice,
each half-day's room grid on one page at 8 pt or more, the sign-in sheet of
a day on one page, no arrival cut by a page break."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.export.context import PlanContext
from scheduler.export.rooms import AFTERNOON, MORNING, room_workbooks
from tests.export.test_rooms import with_examiners
from tests.printing import have_tools, render

pytestmark = [
    pytest.mark.skipif(not have_tools(), reason="LibreOffice (soffice) absent : rendu non vérifié"),
    # About 25 s of LibreOffice: left out of « make test-rapide ».
    pytest.mark.slow,
]

#: The smallest printed size (points) of any text of a grid, page header and footer left aside.
SMALLEST_POINTS = 8.0


@dataclass(frozen=True)
class PrintedPage:
    """A printed page: its header line, its body's text and font sizes."""

    header: str
    footer: str
    body: str
    sizes: Counter[float]


def _printed(pdf: Path) -> list[PrintedPage]:
    """The pages of ``pdf``, each with the page header and footer LibreOffice
    adds (its first and last line of text) set apart from the sheet's cells."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
            # The header is the text on the first baseline, the footer on the last one.
            header = [c for c in chars if c["top"] < top + 2]
            footer = [c for c in chars if c["bottom"] > bottom - 2]
            body = [c for c in chars if c not in header and c not in footer]
            words = page.extract_words(keep_blank_chars=True)
            out.append(
                PrintedPage(
                    header=" ".join(w["text"] for w in words if w["top"] < top + 2),
                    footer=" ".join(w["text"] for w in words if w["bottom"] > bottom - 2),
                    body=" ".join(
                        w["text"] for w in words if top + 2 <= w["top"] and w["bottom"] <= bottom - 2
                    ),
                    sizes=Counter(round(float(c["size"]), 1) for c in body),
                )
            )
    return out


@pytest.fixture(scope="module")
def printed(
    export_context: PlanContext, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Workbook, list[PrintedPage]]]:
    """Each site's workbook (examiners named) and its printed pages, and
    Tarbes's with every oral on its first day (« salles-un-jour.xlsx »): an
    arrival list of several pages."""
    folder = tmp_path_factory.mktemp("salles")
    files = room_workbooks(with_examiners(export_context))
    files[CROWDED] = room_workbooks(_one_day(export_context, "tarbes"))["salles-tarbes.xlsx"]
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    pdfs = render(paths, folder)
    return {name: (load_workbook(io.BytesIO(data)), _printed(pdfs[name])) for name, data in files.items()}


#: The workbook of a site whose orals are all on one day.
CROWDED = "salles-un-jour.xlsx"


def _one_day(ctx: PlanContext, site: str) -> PlanContext:
    """The site's orals all on its first day, each day's rooms numbered apart."""
    days = sorted({o.day for o in ctx.plan.placed() if o.site == site and o.day})
    orals = [
        replace(o, day=days[0], room=f"Salle {int((o.room or '0').split()[-1]) + 20 * days.index(o.day)}")
        for o in ctx.plan.placed()
        if o.site == site and o.day
    ]
    return PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates)


def _pages_of(ws: Worksheet, pages: list[PrintedPage]) -> list[PrintedPage]:
    """The pages printed from ``ws``, known by the page header (the sheet's title)."""
    return [p for p in pages if p.header.startswith(ws.oddHeader.left.text + " ")]


def test_every_page_has_its_header_and_footer(printed: dict[str, tuple[Workbook, list[PrintedPage]]]) -> None:
    for book, pages in printed.values():
        assert all("BTS NDRC" in p.header and p.footer.startswith("Page ") for p in pages)
        assert sum(len(_pages_of(ws, pages)) for ws in book.worksheets) == len(pages)


def test_each_half_day_grid_prints_on_one_page_at_8_points(
    printed: dict[str, tuple[Workbook, list[PrintedPage]]],
) -> None:
    grids = 0
    for name, (book, pages) in printed.items():
        for ws in book.worksheets:
            if f" {MORNING}" not in ws.title and f" {AFTERNOON}" not in ws.title:
                continue
            mine = _pages_of(ws, pages)
            assert len(mine) == 1, (name, ws.title, len(mine))
            (page,) = mine
            assert min(page.sizes) >= SMALLEST_POINTS, (name, ws.title, sorted(page.sizes))
            # The whole grid is there: every time step and room.
            assert ws.cell(row=3, column=ws.max_column).value in page.body
            assert "Salle" in page.body
            grids += 1
    assert grids


def test_each_sign_in_sheet_prints_on_one_page(
    printed: dict[str, tuple[Workbook, list[PrintedPage]]],
) -> None:
    for name, (book, pages) in printed.items():
        sheets = [ws for ws in book.worksheets if ws.title.endswith("émargement")]
        assert sheets or name == CROWDED
        for ws in sheets:
            mine = _pages_of(ws, pages)
            assert len(mine) == 1, (name, ws.title)
            assert min(mine[0].sizes) >= SMALLEST_POINTS, (name, ws.title)


def test_no_arrival_is_cut_by_a_page(printed: dict[str, tuple[Workbook, list[PrintedPage]]]) -> None:
    several = 0
    for name, (book, pages) in printed.items():
        for ws in book.worksheets:
            if not ws.title.endswith("accueil"):
                continue
            mine = _pages_of(ws, pages)
            several += len(mine) > 1
            header = int(str(ws.print_title_rows).split(":")[-1].lstrip("$"))
            rows = list(ws.iter_rows(min_row=header + 1, values_only=True))
            arrivals = Counter(str(row[1]) for row in rows)
            for row in rows:
                number, given_name, end = str(row[1]), str(row[3]), str(row[10])
                # Each arrival printed once, its first and last cells on the same page.
                assert sum(p.body.count(number) for p in mine) == arrivals[number], (name, ws.title, number)
                assert any(number in p.body and given_name in p.body and end in p.body for p in mine), (
                    name,
                    ws.title,
                    number,
                )
            assert all(min(p.sizes) >= SMALLEST_POINTS for p in mine), (name, ws.title)
    assert several  # the crowded day's list takes several pages
