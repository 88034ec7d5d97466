"""bordereaux.xlsx read back: one block per commission and day on its own
printed page, candidates in time order, empty marks, NV dossiers marked NV."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.plan import ABSENT, WITHDRAWN, Oral, Plan, Status
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.grading import (
    ABSENT_MARK,
    ABSENT_TITLE,
    COLUMNS,
    NV_MARK,
    NV_TITLE,
    PAGE_ROWS,
    TITLE_PREFIX,
    UNPLACED_TITLE,
    grading_workbook,
)
from scheduler.text import french_date

HOSTILE_SURNAME = '=HYPERLINK("http://exemple.invalid","clic")'
HOSTILE_SCHOOL = "+33 Lycée @Test -1"
TITLES = (TITLE_PREFIX, NV_TITLE, ABSENT_TITLE, UNPLACED_TITLE)
PAGE_SUFFIX = re.compile(r" — page (\d+)/(\d+)$")


@dataclass
class Page:
    """One printed page as read back: its title row, the lines under the
    title, the column-title row and the candidate rows."""

    title: str
    title_row: int
    lines: list[str] = field(default_factory=list)
    header_row: int = 0
    rows: list[dict[str, Cell]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    @property
    def block(self) -> str:
        return PAGE_SUFFIX.sub("", self.title)


def pages(ws: Worksheet) -> list[Page]:
    out: list[Page] = []
    for row in ws.iter_rows(max_col=len(COLUMNS)):
        first = row[0].value
        if isinstance(first, str) and first.startswith(TITLES):
            out.append(Page(first, row[0].row))
        elif first == COLUMNS[0]:
            assert [c.value for c in row] == list(COLUMNS)
            out[-1].header_row = row[0].row
        elif not out[-1].header_row:
            out[-1].lines.append(str(first))
        elif row[1].value is not None and not out[-1].after:
            out[-1].rows.append(dict(zip(COLUMNS, row, strict=True)))
        elif first is not None:
            out[-1].after.append(str(first))
    return out


def blocks(ws: Worksheet) -> dict[str, list[Page]]:
    out: dict[str, list[Page]] = {}
    for page in pages(ws):
        out.setdefault(page.block, []).append(page)
    return out


@pytest.fixture(scope="module")
def data(export_context: PlanContext) -> bytes:
    return grading_workbook(export_context)


@pytest.fixture(scope="module")
def wb(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def test_one_sheet_per_family(wb: Workbook) -> None:
    assert wb.sheetnames == ["E2 et E2F", "E4", "E5", "E6 et ENG"]


def test_each_commission_day_in_time_order_with_empty_marks(
    export_context: PlanContext, wb: Workbook
) -> None:
    ctx = export_context
    sheet_of = {"E2": "E2 et E2F", "E4": "E4", "E5": "E5", "E6": "E6 et ENG"}
    for (commission, day), rows in ctx.by_commission_day().items():
        ws = wb[sheet_of[family_of(commission)]]
        key = f" — Commission {commission} — {french_date(day)} — {rows[0].oral.room}"
        found = [b for name, b in blocks(ws).items() if name.endswith(key)]
        assert len(found) == 1, (commission, day)
        block = found[0]
        lines = [r for page in block for r in page.rows]
        expected = [
            (clock(r.oral.start), r.candidate.number, r.candidate.surname, r.oral.epreuve) for r in rows
        ]
        assert [
            (
                r["Heure de passage"].value,
                r["N° candidat"].value,
                r["Nom"].value,
                str(r["Épreuve"].value).split()[0],
            )
            for r in lines
        ] == expected
        starts = [str(r["Heure de passage"].value) for r in lines]
        assert starts == sorted(starts)
        for r in lines:
            assert r["Note /20"].value is None
            assert r["Observations"].value is None
            assert r["Signature du candidat"].value is None
        for page in block:
            assert page.title.startswith(f"{TITLE_PREFIX} — ")
            assert 0 < len(page.rows) <= PAGE_ROWS
            assert any(line.startswith("Lieu : ") for line in page.lines)
        # Examiners are unknown here: one line to fill in per member.
        size = ctx.session.epreuves[family_of(commission)].commission_size
        examiners = [line for line in block[0].lines if line.startswith("Examinat")]
        assert len(examiners) == 1 and len(re.findall("_{10,}", examiners[0])) == size
        assert block[-1].after == ["Signature des examinateurs :"]


def test_every_placed_oral_once(export_context: PlanContext, wb: Workbook) -> None:
    seen: Counter[tuple[object, str]] = Counter()
    for ws in wb.worksheets:
        for page in pages(ws):
            if page.title.startswith(TITLE_PREFIX):
                seen.update((r["N° candidat"].value, str(r["Épreuve"].value).split()[0]) for r in page.rows)
    assert seen == Counter((o.candidate, o.epreuve) for o in export_context.plan.placed())


def test_nv_dossiers_marked_nv(export_context: PlanContext, wb: Workbook) -> None:
    nv = [r for r in export_context.not_placed() if r.oral.status == "NV"]
    assert nv, "the fixture has an NV dossier"
    listed: list[tuple[object, str]] = []
    for ws in wb.worksheets:
        for page in pages(ws):
            if page.title.startswith(NV_TITLE):
                for r in page.rows:
                    assert r["Note /20"].value == NV_MARK and r["Note /20"].data_type == "s"
                    assert r["Heure de passage"].value is None
                    code = str(r["Épreuve"].value).split()[0]
                    listed.append((r["N° candidat"].value, code))
                    # On the sheet of the épreuve's commissions.
                    assert ws.title.split()[0] == export_context.session.epreuves[code].family
            else:
                assert all(r["Note /20"].value is None for r in page.rows)
    assert sorted(listed) == sorted((r.oral.candidate, r.oral.epreuve) for r in nv)
    # The NV block is the last one of its sheet.
    assert pages(wb["E4"])[-1].title == f"{NV_TITLE} — E4"


def test_each_page_starts_after_a_row_break(wb: Workbook) -> None:
    for ws in wb.worksheets:
        found = pages(ws)
        assert found[0].title_row == 1
        assert sorted(b.id for b in ws.row_breaks.brk) == [p.title_row - 1 for p in found[1:]]
        for p in found:
            assert p.header_row > p.title_row


def test_print_ready(wb: Workbook) -> None:
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.fitToWidth) == 1
        assert int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Bordereaux de notation" in ws.oddHeader.left.text
        assert "&P" in ws.oddFooter.center.text
        # Each block carries its own titles: nothing to repeat or freeze.
        assert ws.print_title_rows is None and ws.freeze_panes is None
        # Room to write a mark by hand.
        for p in pages(ws):
            for r in p.rows:
                assert (ws.row_dimensions[r["Nom"].row].height or 0) >= 22


def test_input_text_stays_text(data: bytes, wb: Workbook) -> None:
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    surnames = [c for c in cells if c.value == HOSTILE_SURNAME]
    schools = [c for c in cells if c.value == HOSTILE_SCHOOL]
    assert surnames and schools
    assert all(c.data_type == "s" for c in surnames + schools)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_deterministic(export_context: PlanContext, data: bytes) -> None:
    assert grading_workbook(export_context) == data


def test_long_day_unplaced_and_nv(export_context: PlanContext) -> None:
    """A day longer than a page goes on over even pages, each with its titles
    and a row break; orals left out by the plan get a block of their own."""
    ctx = export_context
    people = ctx.candidates[:20]
    day = date(2021, 6, 7)
    orals = [
        Oral(c.number, "E4", site="castres", room="Salle 4", commission="E4-C09", day=day, start=480 + 20 * i)
        for i, c in enumerate(people[:18])
    ]
    orals += [Oral(people[18].number, "E4", status="non placé"), Oral(people[19].number, "E4", status="NV")]
    small = PlanContext(Plan(ctx.session.code, orals), ctx.session, people)
    ws = load_workbook(io.BytesIO(grading_workbook(small)))["E4"]
    found = pages(ws)
    title = f"{TITLE_PREFIX} — E4 — Commission E4-C09 — {french_date(day)} — Salle 4"
    assert [p.title for p in found] == [
        f"{title} — page 1/2",
        f"{title} — page 2/2",
        f"{NV_TITLE} — E4",
        f"{UNPLACED_TITLE} — E4",
    ]
    assert [len(p.rows) for p in found] == [9, 9, 1, 1]
    assert [p.after for p in found] == [[], ["Signature des examinateurs :"], [], []]
    assert found[1].lines == found[0].lines
    assert len(ws.row_breaks.brk) == 3
    assert found[3].rows[0]["Observations"].value == "non placé"
    assert found[3].rows[0]["Note /20"].value is None


def _rerun(ctx: PlanContext, status: dict[tuple[str, str], Status]) -> PlanContext:
    """``ctx`` where the orals of ``status`` are not sat (absent or withdrawn)."""
    orals = [
        Oral(o.candidate, o.epreuve, status[(o.candidate, o.epreuve)], language=o.language)
        if (o.candidate, o.epreuve) in status
        else o
        for o in ctx.plan.orals
    ]
    return PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates)


def _listed(book: Workbook) -> dict[tuple[object, str], tuple[str, str, object]]:
    """Every candidate line of the workbook: (sheet, block title, mark) by (candidate, épreuve)."""
    out: dict[tuple[object, str], tuple[str, str, object]] = {}
    for ws in book.worksheets:
        for page in pages(ws):
            for r in page.rows:
                key = (r["N° candidat"].value, str(r["Épreuve"].value).split()[0])
                assert key not in out, key  # every oral on one line at most
                out[key] = (ws.title, page.block, r["Note /20"].value)
    return out


def test_absent_candidates_marked_absent_withdrawn_ones_left_out(export_context: PlanContext) -> None:
    ctx = export_context
    placed = ctx.plan.placed()
    with_eng = {o.candidate for o in placed if o.epreuve == "ENG"}
    e4 = next(o for o in placed if o.epreuve == "E4")
    e6_eng = next(o for o in placed if o.epreuve == "E6" and o.candidate in with_eng)
    e6_alone = next(o for o in placed if o.epreuve == "E6" and o.candidate not in with_eng)
    e5 = next(o for o in placed if o.epreuve == "E5")
    status: dict[tuple[str, str], Status] = {
        (e4.candidate, "E4"): ABSENT,
        (e6_alone.candidate, "E6"): ABSENT,
        (e6_eng.candidate, "E6"): WITHDRAWN,
        (e6_eng.candidate, "ENG"): WITHDRAWN,
        (e5.candidate, "E5"): WITHDRAWN,
    }
    book = load_workbook(io.BytesIO(grading_workbook(_rerun(ctx, status))))
    assert book.sheetnames == ["E2 et E2F", "E4", "E5", "E6 et ENG"]
    listed = _listed(book)
    assert listed[(e4.candidate, "E4")] == ("E4", f"{ABSENT_TITLE} — E4", ABSENT_MARK)
    assert listed[(e6_alone.candidate, "E6")] == ("E6 et ENG", f"{ABSENT_TITLE} — E6 et ENG", ABSENT_MARK)
    # Withdrawn: on no grading sheet at all.
    for number, code in [(e6_eng.candidate, "E6"), (e6_eng.candidate, "ENG"), (e5.candidate, "E5")]:
        assert (number, code) not in listed
    # Everything else as before: placed orals in their commission's block, NV marked NV.
    assert len(listed) == len(ctx.plan.orals) - 3
    nv = {(r.oral.candidate, r.oral.epreuve) for r in ctx.not_placed() if r.oral.status == "NV"}
    assert {k for k, v in listed.items() if v[2] == NV_MARK} == nv
    assert {k for k, v in listed.items() if v[2] == ABSENT_MARK} == {
        (e4.candidate, "E4"),
        (e6_alone.candidate, "E6"),
    }
    # The absent block comes after the NV one, printed on a page of its own, mark in bold.
    e4_pages = pages(book["E4"])
    assert [p.title for p in e4_pages[-2:]] == [f"{NV_TITLE} — E4", f"{ABSENT_TITLE} — E4"]
    (row,) = e4_pages[-1].rows
    assert row["Note /20"].font.bold and row["Note /20"].data_type == "s"
    assert row["Heure de passage"].value is None
    assert e4_pages[-1].lines == ["Absence signalée avant l'oral : la mention « absent » tient lieu de note."]
    assert not any(p.title.startswith(ABSENT_TITLE) for p in pages(book["E5"]))


def test_only_withdrawn_orals_give_no_grading_sheet(export_context: PlanContext) -> None:
    ctx = export_context
    people = ctx.candidates[:2]
    orals = [Oral(people[0].number, "E4", status=WITHDRAWN), Oral(people[1].number, "E6", status=WITHDRAWN)]
    book = load_workbook(
        io.BytesIO(grading_workbook(PlanContext(Plan(ctx.session.code, orals), ctx.session, people)))
    )
    assert book.sheetnames == ["Bordereaux"]
    assert book["Bordereaux"]["A1"].value == "Aucun oral à noter dans ce planning."


def test_empty_plan(export_context: PlanContext) -> None:
    empty = PlanContext(Plan(export_context.session.code, []), export_context.session, [])
    book = load_workbook(io.BytesIO(grading_workbook(empty)))
    assert book.sheetnames == ["Bordereaux"]
