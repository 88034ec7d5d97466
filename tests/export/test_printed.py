"""Every workbook as a person prints it (LibreOffice, A4, page by page):
readable text, no near-empty page, no block cut by a page, nothing hidden.

A staffed plan of 80 candidates (the exporters' fixture with synthetic
examiners), rendered once for the module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scheduler.export import plan_workbooks
from scheduler.export.context import PlanContext
from scheduler.export.examiners import COMMISSION_SEPARATOR, examiner_days
from tests.export.test_examiners import staffed_context
from tests.printing import Page, have_tools, pages, render

pytestmark = [
    pytest.mark.skipif(not have_tools(), reason="LibreOffice absent (make outils-pdf) : rendu non vérifié"),
    pytest.mark.slow,
]

#: Smallest size (points) of a sheet's text once fitted to the page.
READABLE = 8.0
#: A page with this many lines of text or fewer is near empty.
NEAR_EMPTY = 3


@pytest.fixture(scope="module")
def staffed(export_context: PlanContext) -> PlanContext:
    return staffed_context(export_context)


@pytest.fixture(scope="module")
def printed(staffed: PlanContext, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("imprime")
    files = []
    for name, data in plan_workbooks(staffed).items():
        if name.endswith(".xlsx"):
            (folder / name).write_bytes(data)
            files.append(folder / name)
    return {name: pages(pdf) for name, pdf in render(files, folder / "pdf").items()}


def _check_readable(name: str, book: list[Page]) -> None:
    for n, page in enumerate(book, start=1):
        assert page.smallest_body >= READABLE, (name, n, page.smallest_body)


def test_every_workbook_is_printed(printed: dict[str, list[Page]]) -> None:
    assert {"examinateurs.xlsx", "commissions.xlsx", "convocations.xlsx", "bordereaux.xlsx"} <= set(printed)
    assert any(name.startswith("salles-") for name in printed)


def test_every_page_is_readable(printed: dict[str, list[Page]]) -> None:
    for name, book in printed.items():
        _check_readable(name, book)


def test_no_page_is_near_empty(printed: dict[str, list[Page]]) -> None:
    for name, book in printed.items():
        for n, page in enumerate(book, start=1):
            assert len(page.lines) > NEAR_EMPTY, (name, n, page.lines)


def test_an_examiners_day_is_on_one_page(staffed: PlanContext, printed: dict[str, list[Page]]) -> None:
    book = printed["examinateurs.xlsx"]
    days = examiner_days(staffed)
    for examiner, mine in days.items():
        for d in mine:
            heading = f"{COMMISSION_SEPARATOR.strip()} {d.commission}"
            numbers = {r.candidate.number for r in d.rows}
            # The page that opens the day holds all its candidates.
            holding = [
                p
                for p in book
                if f"{examiner} " in p.text and heading in p.text and numbers <= set(_numbers(p))
            ]
            assert holding, (examiner, d.day, d.commission)
    # Fewer pages than commission-days: an examiner's days share pages.
    assert len(book) < sum(len(mine) for mine in days.values())


def test_a_commission_is_on_one_page(staffed: PlanContext, printed: dict[str, list[Page]]) -> None:
    book = printed["commissions.xlsx"]
    for (commission, _day), rows in staffed.by_commission_day().items():
        numbers = {r.candidate.number for r in rows}
        assert any(numbers <= set(_numbers(p)) for p in book if commission in p.text), commission


def _numbers(page: Page) -> list[str]:
    return re.findall(r"\b\d{10}\b", page.text)


def test_printed_on_a4(printed: dict[str, list[Page]]) -> None:
    for name, book in printed.items():
        for page in book:
            assert {round(page.width), round(page.height)} == {595, 842}, name


def test_nothing_is_cut_or_hidden(printed: dict[str, list[Page]]) -> None:
    for name, book in printed.items():
        # A value too wide for its column prints as ### in LibreOffice.
        assert not any("###" in page.text for page in book), name


def test_printed_commission_planning_names_every_candidate(
    staffed: PlanContext, printed: dict[str, list[Page]]
) -> None:
    text = "\n".join(page.text for page in printed["commissions.xlsx"])
    for oral in staffed.plan.placed():
        assert oral.candidate in text
    assert "Page 1 /" in text
    assert staffed.session.label in text


def test_printed_convocations_show_french_dates_and_addresses(printed: dict[str, list[Page]]) -> None:
    text = "\n".join(page.text for page in printed["convocations.xlsx"])
    assert "juin 2021" in text
    assert "65000 Tarbes" in text or "81100 Castres" in text


def test_the_gantt_sheet_prints_one_day_a_page(bundled_context: PlanContext, tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    from scheduler.export.figures import gantt_png
    from scheduler.export.rooms import room_workbooks

    days = sorted(d for s, d in bundled_context.by_site_day() if s == "castres")
    gantts = {("castres", d): gantt_png(bundled_context, "castres", d) for d in days}
    book = load_workbook(io.BytesIO(room_workbooks(bundled_context, gantts)["salles-castres.xlsx"]))
    for name in book.sheetnames:
        if name != "Gantt":
            del book[name]
    book.save(tmp_path / "gantt.xlsx")
    printed = pages(render([tmp_path / "gantt.xlsx"], tmp_path / "pdf")["gantt.xlsx"])
    assert len(printed) == len(days) == 4
    # The pictures are images; every page carries the sheet's header.
    for page in printed:
        assert "Castres — Lycée de la Borde Basse — diagrammes de Gantt" in page.text
