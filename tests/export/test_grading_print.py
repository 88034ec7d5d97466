"""bordereaux.xlsx as printed through LibreOffice: one A4 page per
commission-day (plus the NV pages), never cut, body text at 9 points or more.

Needs LibreOffice (``make outils-pdf``); skipped, saying so, without it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scheduler.domain.commission import family_of
from scheduler.domain.plan import NV, Oral, Plan
from scheduler.export.context import PlanContext
from scheduler.export.grading import NV_TITLE, UNPLACED_TITLE, grading_workbook
from scheduler.text import french_date
from tests.printing import Page, have_tools, pages, render

pytestmark = [
    pytest.mark.skipif(
        not have_tools(), reason="LibreOffice absent (make outils-pdf l'installe) : impression non vérifiée"
    ),
    # LibreOffice takes seconds to start: left out of « make test-rapide ».
    pytest.mark.slow,
]

A4_LANDSCAPE = (842, 595)
#: Body text printed at 9 points or more.
SMALLEST = 9.0
#: Candidates of the synthetic long day: two pages.
LONG_DAY = 40


def _long_day(ctx: PlanContext) -> PlanContext:
    """One E4 commission-day too long for a page, an NV dossier and an
    oral the plan could not place."""
    people = ctx.candidates[: LONG_DAY + 2]
    day = date(2021, 6, 7)
    orals = [
        Oral(c.number, "E4", site="castres", room="Salle 4", commission="E4-C09", day=day, start=480 + 20 * i)
        for i, c in enumerate(people[:LONG_DAY])
    ]
    orals += [Oral(people[-2].number, "E4", status="non placé"), Oral(people[-1].number, "E4", status=NV)]
    return PlanContext(Plan(ctx.session.code, orals), ctx.session, people)


@pytest.fixture(scope="module")
def printed(export_context: PlanContext, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("bordereaux")
    files = {
        "bordereaux.xlsx": grading_workbook(export_context),
        "jour-long.xlsx": grading_workbook(_long_day(export_context)),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    pdfs = render([folder / name for name in files], folder)
    return {name: pages(pdf) for name, pdf in pdfs.items()}


def _left_out_families(ctx: PlanContext) -> int:
    """Sheets ending with an NV / absent / unplaced page (one page each here)."""
    return len({ctx.session.epreuves[r.oral.epreuve].family for r in ctx.not_placed()})


def check_one_commission_day_a_page(ctx: PlanContext, printed: list[Page]) -> None:
    days = ctx.by_commission_day()
    assert len(printed) == len(days) + _left_out_families(ctx)
    for p in printed:
        assert (round(p.width), round(p.height)) == A4_LANDSCAPE
        # The sheet's smallest text, not only its most common size; the page
        # header and footer print at the sheet's scale too.
        assert p.smallest_body >= SMALLEST, p.lines[:2]
        assert p.smallest >= SMALLEST
    texts = [p.text for p in printed]
    for (commission, day), rows in days.items():
        heading = f"Commission {commission} — {french_date(day)}"
        (page,) = [t for t in texts if heading in t]
        # Every candidate, the counts and the signature boxes on that page.
        for r in rows:
            assert r.candidate.number in page, (heading, r.candidate.number)
        assert f"Convoqués : {len({r.candidate.number for r in rows})} — Présents" in page
        assert page.count("signature :") == ctx.session.epreuves[family_of(commission)].commission_size
    # Pages that hold no commission-day: the NV dossiers, every one listed.
    others = [t for t in texts if "Commission " not in t]
    assert len(others) == _left_out_families(ctx)
    for r in ctx.not_placed():
        (page,) = [t for t in others if r.candidate.number in t]
        if r.oral.status == NV:
            # The remark wraps in its cell, among the other cells' text.
            assert NV_TITLE in page and f"{r.oral.epreuve} : dossier non valide" in page


def test_one_page_per_commission_day_at_9_points(
    export_context: PlanContext, printed: dict[str, list[Page]]
) -> None:
    assert {r.oral.status for r in export_context.not_placed()} == {NV}
    check_one_commission_day_a_page(export_context, printed["bordereaux.xlsx"])


def test_a_long_day_on_two_even_pages(export_context: PlanContext, printed: dict[str, list[Page]]) -> None:
    ctx = _long_day(export_context)
    first, second, left_out = printed["jour-long.xlsx"]
    heading = f"Commission E4-C09 — {french_date(date(2021, 6, 7))} — Salle 4"
    assert f"{heading} — page 1/2" in first.text and f"{heading} — page 2/2" in second.text
    numbers = [c.number for c in ctx.candidates[:LONG_DAY]]
    assert [n for n in numbers if n in first.text] == numbers[: LONG_DAY // 2]
    assert [n for n in numbers if n in second.text] == numbers[LONG_DAY // 2 :]
    # Counted and signed once, on the last page.
    assert "Convoqués" not in first.text and f"Convoqués : {LONG_DAY} — " in second.text
    assert second.text.count("signature :") == 2
    # The NV and unplaced blocks share the last page.
    assert NV_TITLE in left_out.text and UNPLACED_TITLE in left_out.text
    assert all(p.smallest_body >= SMALLEST for p in (first, second, left_out))


@pytest.mark.slow
@pytest.mark.whole_session_print
def test_the_bundled_session_prints_a_page_per_commission_day(
    bundled_context: PlanContext, tmp_path: Path
) -> None:
    (tmp_path / "bordereaux.xlsx").write_bytes(grading_workbook(bundled_context))
    pdf = render([tmp_path / "bordereaux.xlsx"], tmp_path)["bordereaux.xlsx"]
    check_one_commission_day_a_page(bundled_context, pages(pdf))
