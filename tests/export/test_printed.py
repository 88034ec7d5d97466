"""Every workbook as a person prints it (LibreOffice, A4, page by page):
readable text, no near-empty page, no block cut by a page.

A staffed plan of 80 candidates (the exporters' fixture with synthetic
examiners), rendered once for the module."""

from __future__ import annotations

import re

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
