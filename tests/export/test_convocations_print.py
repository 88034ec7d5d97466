"""convocations.xlsx as printed: converted to PDF by LibreOffice and read page
by page.  Every sheet at 8 points or more, every candidate on a single page
of each sheet, the pages the workbook's breaks announce and no more.

Needs LibreOffice and pdfplumber (see :mod:`tests.printing`); skipped where
they are missing.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.export.context import PlanContext
from scheduler.export.convocations import HEADER_MARGIN, TITLE_PREFIX, convocations_workbook, header_row_of
from tests.printing import have_tools, render

pytestmark = [
    pytest.mark.skipif(
        not have_tools(), reason="LibreOffice absent (make outils-pdf l'installe) : impression non vérifiée"
    ),
    # LibreOffice takes seconds to start: left out of « make test-rapide ».
    pytest.mark.slow,
]

#: LibreOffice prints the page's header and footer (sheet title, session,
#: page number) in the margins, this far (points) from the paper's edges at
#: most; the sheet's own text starts below and ends above.
MARGIN_TEXT = HEADER_MARGIN * 72 + 12


@dataclass(frozen=True)
class Printed:
    """One printed page: the sheet it belongs to (from its page header),
    its body text and the font sizes of its body, header and footer."""

    sheet: str
    body: str
    body_sizes: Counter[float]
    margin_sizes: Counter[float]


def read(pdf: Path) -> list[Printed]:
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            top, bottom = MARGIN_TEXT, page.height - MARGIN_TEXT
            chars = [c for c in page.chars if c["text"].strip()]
            body = [c for c in chars if c["top"] >= top and c["bottom"] <= bottom]
            margins = [c for c in chars if c["bottom"] < top or c["top"] > bottom]
            # Nothing straddles the limits: header and footer are told apart
            # by position alone.
            assert len(body) + len(margins) == len(chars)
            header = page.crop((0, 0, page.width / 2, top)).extract_text() or ""
            out.append(
                Printed(
                    sheet=header.strip().removeprefix(TITLE_PREFIX),
                    body=page.crop((0, top, page.width, bottom)).extract_text() or "",
                    body_sizes=Counter(round(float(c["size"]), 1) for c in body),
                    margin_sizes=Counter(round(float(c["size"]), 1) for c in margins),
                )
            )
    return out


def check_printed(ctx: PlanContext, folder: Path) -> list[Printed]:
    data = convocations_workbook(ctx)
    path = folder / "convocations.xlsx"
    path.write_bytes(data)
    printed = read(render([path], folder)[path.name])
    book = load_workbook(io.BytesIO(data))

    # Pages of each sheet, in order: the sheet's title is in each page's header.
    titles = {str(ws["A1"].value).removeprefix(TITLE_PREFIX): ws for ws in book.worksheets}
    by_sheet: dict[str, list[Printed]] = defaultdict(list)
    for page in printed:
        assert page.sheet in titles, page.sheet
        by_sheet[page.sheet].append(page)
    assert list(by_sheet) == list(titles)

    for title, ws in titles.items():
        pages = by_sheet[title]
        # LibreOffice breaks the pages where the workbook says, nowhere else:
        # no page overflowed.
        assert len(pages) == len(ws.row_breaks.brk) + 1, title
        header = header_row_of(ws)
        numbers = {str(c.value) for c in ws["A"][header:] if c.value is not None}
        for number in numbers:
            on = [i for i, page in enumerate(pages) if number in page.body]
            assert len(on) == 1, (title, number, on)
        for page in pages:
            # The sheet's text is 8 points or more; the page's header and
            # footer too (LibreOffice scales them with the sheet).
            assert min(page.body_sizes) >= 8.0, (title, page.body_sizes)
            assert min(page.margin_sizes) >= 8.0, (title, page.margin_sizes)
    return printed


def test_printed_convocations_are_readable_and_keep_each_candidate_on_one_page(
    export_context: PlanContext, tmp_path: Path
) -> None:
    printed = check_printed(export_context, tmp_path)
    # An établissement's sheet prints at about 9 points, « Toutes » a little smaller.
    for page in printed:
        body = page.body_sizes.most_common(1)[0][0]
        assert 8.0 <= body <= 9.5, (page.sheet, body)
    schools = {c.etablissement for c in export_context.candidates}
    orals = len(export_context.plan.orals)
    # One page per établissement and a few more for the biggest, and about
    # 40 rows a page of « Toutes ».
    assert len(printed) <= len(schools) + 4 + -(-orals // 35)


@pytest.mark.slow
@pytest.mark.whole_session_print
def test_the_bundled_session_prints_in_few_pages(bundled_context: PlanContext, tmp_path: Path) -> None:
    printed = check_printed(bundled_context, tmp_path)
    rows = len(bundled_context.plan.orals)
    schools = {bundled_context.by_number[o.candidate].etablissement for o in bundled_context.plan.orals}
    # Twice the rows (« Toutes », then the établissements), about 40 a page,
    # and each établissement's last page.
    assert len(printed) <= 2 * rows // 38 + len(schools), len(printed)
