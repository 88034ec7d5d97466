"""convocations.xlsx read back: every oral once, the right times and address,
one sheet per établissement, print settings, text that stays text."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.plan import ABSENT, WITHDRAWN, Oral, Plan, Status
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.convocations import (
    ABSENT_MESSAGE,
    ALL_SHEET,
    COLUMNS,
    DATE_COLUMN,
    HEADER_ROW,
    NO_PREPARATION,
    NV_MESSAGE,
    TIME_COLUMNS,
    UNPLACED_MESSAGE,
    WITHDRAWN_MESSAGE,
    convocations_workbook,
    name_key,
)
from scheduler.text import french_date

HOSTILE_SURNAME = '=HYPERLINK("http://exemple.invalid","clic")'
HOSTILE_SCHOOL = "+33 Lycée @Test -1"


@pytest.fixture(scope="module")
def data(export_context: PlanContext) -> bytes:
    return convocations_workbook(export_context)


@pytest.fixture(scope="module")
def wb(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def table(ws: Worksheet) -> list[dict[str, Cell]]:
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == list(COLUMNS)
    return [
        dict(zip(COLUMNS, row, strict=True))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(COLUMNS))
        if row[0].value is not None
    ]


def values(row: dict[str, Cell]) -> tuple[object, ...]:
    return tuple(c.value for c in row.values())


def test_every_oral_once_with_its_date_times_and_address(export_context: PlanContext, wb: Workbook) -> None:
    ctx = export_context
    rows = table(wb[ALL_SHEET])
    code_of = {ctx.epreuve_label(code): code for code in ctx.session.epreuves}
    seen = Counter((r["N° candidat"].value, code_of[str(r["Épreuve"].value)]) for r in rows)
    assert seen == Counter((o.candidate, o.epreuve) for o in ctx.plan.orals)
    assert max(seen.values()) == 1

    orals = {(o.candidate, o.epreuve): o for o in ctx.plan.orals}
    for r in rows:
        o = orals[(r["N° candidat"].value, code_of[str(r["Épreuve"].value)])]
        c = ctx.by_number[o.candidate]
        assert (r["Nom"].value, r["Prénom"].value, r["Établissement"].value) == (
            c.surname,
            c.given_name,
            c.etablissement,
        )
        times = [r[name].value for name in COLUMNS[DATE_COLUMN - 1 : DATE_COLUMN + TIME_COLUMNS]]
        if o.is_placed:
            assert o.day is not None and o.site is not None
            site = ctx.session.sites[o.site]
            prep = clock(o.preparation_start) if o.preparation_start is not None else NO_PREPARATION
            assert times == [french_date(o.day), clock(o.convocation), prep, clock(o.start), clock(o.end)]
            assert r["Adresse"].value == site.full_address
            assert (r["Ville"].value, r["Salle"].value) == (site.town, o.room)
            assert r["Langue / sujet"].value == (o.language or o.subject)
        else:
            assert o.status == "NV"
            assert times == [NV_MESSAGE, None, None, None, None]
            assert r["Adresse"].value is None and r["Salle"].value is None
    # The fixture has an NV dossier: the case above did run.
    assert any(not o.is_placed for o in ctx.plan.orals)


def test_sorted_by_candidate_name_then_date(wb: Workbook) -> None:
    rows = table(wb[ALL_SHEET])
    names = [(name_key(str(r["Nom"].value)), name_key(str(r["Prénom"].value))) for r in rows]
    assert names == sorted(names)
    by_number: dict[object, list[dict[str, Cell]]] = {}
    for r in rows:
        by_number.setdefault(r["N° candidat"].value, []).append(r)
    month = {"mai": 5, "juin": 6}
    for own in by_number.values():
        # Dated orals in date order, then those without a date (NV).
        days = [
            date(int(p[3]), month[p[2]], int(p[1]))
            if len(p := str(r["Date"].value).split()) == 4
            else date.max
            for r in own
        ]
        assert days == sorted(days)


def test_one_sheet_per_school_with_exactly_its_rows(export_context: PlanContext, wb: Workbook) -> None:
    all_rows = table(wb[ALL_SHEET])
    schools = {c.etablissement for c in export_context.candidates}
    assert wb.sheetnames[0] == ALL_SHEET
    assert len(wb.sheetnames) == 1 + len(schools)
    found: list[str] = []
    for ws in wb.worksheets[1:]:
        rows = table(ws)
        school = {r["Établissement"].value for r in rows}
        assert len(school) == 1, ws.title
        name = str(school.pop())
        found.append(name)
        assert ws["A1"].value == f"Convocations aux épreuves orales — {name}"
        # The same lines, in the same order, as in « Toutes ».
        assert [values(r) for r in rows] == [values(r) for r in all_rows if r["Établissement"].value == name]
    assert sorted(found) == sorted(schools)
    assert found == sorted(found, key=name_key)


def test_print_ready(wb: Workbook) -> None:
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.fitToWidth) == 1
        assert int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"$1:${HEADER_ROW}"
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        last = get_column_letter(len(COLUMNS))
        assert ws.auto_filter.ref == f"A{HEADER_ROW}:{last}{ws.max_row}"
        assert "Convocations" in ws.oddHeader.left.text
        assert "&P" in ws.oddFooter.center.text


def test_nothing_cut(wb: Workbook) -> None:
    """No word is wider than its column; dates and times fit on one line; the
    message of an NV oral fits over the date and time columns."""
    for ws in wb.worksheets:
        width = {
            col: ws.column_dimensions[get_column_letter(col)].width for col in range(1, len(COLUMNS) + 1)
        }
        rows = table(ws)
        for r in rows:
            for cell in r.values():
                if cell.value is None or cell.value in (NV_MESSAGE, UNPLACED_MESSAGE):
                    continue
                longest = max(len(w) for w in str(cell.value).split())
                assert longest < width[cell.column], (ws.title, cell.coordinate, cell.value)
                if cell.column in range(DATE_COLUMN, DATE_COLUMN + TIME_COLUMNS + 1):
                    assert len(str(cell.value)) < width[cell.column]
        over = sum(width[c] for c in range(DATE_COLUMN, DATE_COLUMN + TIME_COLUMNS + 1))
        assert len(NV_MESSAGE) + 1 < over
        # Rows with wrapped text are given their height (never below one line).
        for r in rows:
            assert (ws.row_dimensions[r["Nom"].row].height or 0) >= 15


def test_input_text_stays_text(data: bytes, wb: Workbook) -> None:
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    surnames = [c for c in cells if c.value == HOSTILE_SURNAME]
    schools = [c for c in cells if c.value == HOSTILE_SCHOOL]
    assert surnames and schools
    assert all(c.data_type == "s" for c in surnames + schools)
    assert HOSTILE_SCHOOL in wb.sheetnames
    # Not a single formula anywhere in the file.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_sheet_names_valid_and_unique(wb: Workbook) -> None:
    names = wb.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    for n in names:
        assert 0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") and not n.startswith("'")


def test_deterministic(export_context: PlanContext, data: bytes) -> None:
    assert convocations_workbook(export_context) == data


def test_unplaced_orals_and_long_school_names(export_context: PlanContext) -> None:
    """A plan that could not place an oral still tells the candidate; two
    schools whose names share their first 31 characters get two sheets."""
    ctx = export_context
    long = "Lycée professionnel d'enseignement commercial privé"
    a = replace(ctx.candidates[0], etablissement=long + " A")
    b = replace(ctx.candidates[1], etablissement=long + " B")
    orals = [Oral(a.number, "E4", status="non placé"), Oral(b.number, "E6", status="NV")]
    small = PlanContext(Plan(ctx.session.code, orals), ctx.session, [a, b])
    book = load_workbook(io.BytesIO(convocations_workbook(small)))
    assert len(book.sheetnames) == 3
    assert len({n.casefold() for n in book.sheetnames}) == 3
    messages = {r["N° candidat"].value: r["Date"].value for r in table(book[ALL_SHEET])}
    assert messages == {a.number: UNPLACED_MESSAGE, b.number: NV_MESSAGE}


def test_absent_and_withdrawn_orals_say_why(export_context: PlanContext) -> None:
    """After a re-run, an absent or withdrawn oral keeps its line, without a
    convocation, with the reason where the date would be."""
    ctx = export_context
    orals_of = ctx.plan.by_candidate()
    placed = [o for o in ctx.plan.placed() if o.epreuve in ("E4", "E5") and len(orals_of[o.candidate]) > 1]
    absent, withdrawn = placed[0], placed[-1]
    status: dict[tuple[str, str], Status] = {
        (absent.candidate, absent.epreuve): ABSENT,
        (withdrawn.candidate, withdrawn.epreuve): WITHDRAWN,
    }
    orals = [
        Oral(o.candidate, o.epreuve, status[(o.candidate, o.epreuve)], language=o.language)
        if (o.candidate, o.epreuve) in status
        else o
        for o in ctx.plan.orals
    ]
    rerun = PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates)
    book = load_workbook(io.BytesIO(convocations_workbook(rerun)))
    code_of = {ctx.epreuve_label(code): code for code in ctx.session.epreuves}
    rows = {(r["N° candidat"].value, code_of[str(r["Épreuve"].value)]): r for r in table(book[ALL_SHEET])}
    assert len(rows) == len(ctx.plan.orals)
    for oral, message in ((absent, ABSENT_MESSAGE), (withdrawn, WITHDRAWN_MESSAGE)):
        r = rows[(oral.candidate, oral.epreuve)]
        times = [r[name].value for name in COLUMNS[DATE_COLUMN - 1 : DATE_COLUMN + TIME_COLUMNS]]
        assert times == [message, None, None, None, None]
        assert r["Adresse"].value is None and r["Salle"].value is None and r["Ville"].value is None
        # The candidate's other orals still have their convocation.
        others = [o for o in orals_of[oral.candidate] if o.is_placed and o.epreuve != oral.epreuve]
        assert others
        assert all(
            rows[(o.candidate, o.epreuve)]["Heure de convocation"].value == clock(o.convocation)
            for o in others
        )
        # Dated orals first: the line without a date ends the candidate's list.
        own = [v["N° candidat"].row for (number, _), v in rows.items() if number == oral.candidate]
        assert r["N° candidat"].row == max(own)
    # The message runs over the empty time columns: it fits there.
    ws = book[ALL_SHEET]
    over = sum(
        ws.column_dimensions[get_column_letter(c)].width
        for c in range(DATE_COLUMN, DATE_COLUMN + TIME_COLUMNS + 1)
    )
    assert len(ABSENT_MESSAGE) + 1 < over and len(WITHDRAWN_MESSAGE) + 1 < over


def test_empty_plan(export_context: PlanContext) -> None:
    empty = PlanContext(Plan(export_context.session.code, []), export_context.session, [])
    book = load_workbook(io.BytesIO(convocations_workbook(empty)))
    assert book.sheetnames == [ALL_SHEET]
    assert table(book[ALL_SHEET]) == []
