"""``commissions.xlsx`` read back and checked against the plan it was written from."""

from __future__ import annotations

import io
import itertools
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import commission_days, family_of
from scheduler.domain.plan import ABSENT, NV, UNPLACED, WITHDRAWN, Oral, Status
from scheduler.domain.travel import farther_sentence, farther_trips, travel_proven
from scheduler.export.commissions import (
    CONVENING_HEADERS,
    MENTIONS,
    NV_HEADERS,
    TIMETABLE_HEADERS,
    commissions_workbook,
)
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.paging import page_height, row_height
from scheduler.text import french_date, short_day

TABLE_SHEETS = ("Examinateurs", "E2", "E4", "E5", "E6", "NV")
FAMILY_SHEETS = ("E2", "E4", "E5", "E6")


@pytest.fixture(scope="module")
def data(export_context: PlanContext) -> bytes:
    return commissions_workbook(export_context)


@pytest.fixture(scope="module")
def book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _table(ws: Worksheet, header_row: int) -> list[dict[str, object]]:
    headers = [c.value for c in ws[header_row]]
    return [
        dict(zip(headers, row, strict=True))
        for row in ws.iter_rows(min_row=header_row + 1, values_only=True)
        if any(v is not None for v in row)
    ]


def test_sheets_in_reading_order(book: Workbook) -> None:
    # E2F is examined by the E2 commissions and ENG by the E6 ones: no sheet of their own.
    assert book.sheetnames == ["Synthèse", *TABLE_SHEETS]


def test_every_placed_oral_appears_once_with_its_place_and_time(
    export_context: PlanContext, book: Workbook
) -> None:
    written: Counter[tuple[object, ...]] = Counter()
    for name in FAMILY_SHEETS:
        ws = book[name]
        assert tuple(c.value for c in ws[2]) == TIMETABLE_HEADERS
        for row in _table(ws, 2):
            written[
                (
                    row["N° candidat"],
                    row["Épreuve"],
                    row["Date"],
                    row["Début"],
                    row["Fin"],
                    row["Salle"],
                    row["Commission"],
                )
            ] += 1
            assert family_of(str(row["Commission"])) == name
    expected = Counter(
        (o.candidate, o.epreuve, short_day(o.day), clock(o.start), clock(o.end), o.room, o.commission)
        for o in export_context.plan.placed()
        if o.day is not None
    )
    assert written == expected


def test_timetable_sorted_by_day_commission_and_time(export_context: PlanContext, book: Workbook) -> None:
    days = {short_day(o.day): o.day for o in export_context.plan.placed() if o.day is not None}
    for name in FAMILY_SHEETS:
        rows = _table(book[name], 2)
        keys = [(days[str(r["Date"])], str(r["Commission"]), str(r["Début"])) for r in rows]
        assert keys == sorted(keys), name


def test_languages_subjects_and_preparation(export_context: PlanContext, book: Workbook) -> None:
    plan = {(o.candidate, o.epreuve): o for o in export_context.plan.placed()}
    for name in FAMILY_SHEETS:
        for row in _table(book[name], 2):
            o = plan[(str(row["N° candidat"]), str(row["Épreuve"]))]
            assert (row["Langue ou sujet"] or None) == (o.language or o.subject)
            assert (row["Début loge"] or None) == (clock(o.preparation_start) or None)


def test_nv_dossiers_listed_with_their_mention(export_context: PlanContext, book: Workbook) -> None:
    ws = book["NV"]
    assert tuple(c.value for c in ws[2]) == NV_HEADERS
    rows = {(r["N° candidat"], r["Épreuve"]): r for r in _table(ws, 2)}
    nv = [o for o in export_context.plan.orals if o.status == NV]
    assert nv, "the fixture plan has a NV dossier"
    for o in nv:
        row = rows[(o.candidate, o.epreuve)]
        assert row["Statut"] == "NV"
        assert "NV" in str(row["Mention"])
        assert row["Nom"] == export_context.by_number[o.candidate].surname
    assert len(rows) == sum(1 for o in export_context.plan.orals if not o.is_placed)


def test_convening_figures_equal_the_plan(export_context: PlanContext, book: Workbook) -> None:
    ws = book["Examinateurs"]
    assert tuple(c.value for c in ws[2]) == CONVENING_HEADERS
    session = export_context.session
    per_day: Counter[tuple[str, str]] = Counter()
    totals: dict[str, tuple[object, object]] = {}
    for row in _table(ws, 2):
        family, day = str(row["Épreuve"]), str(row["Date"])
        if day.startswith("Total"):
            totals[family] = (row["Commissions"], row["Examinateurs à convoquer"])
            continue
        assert isinstance(row["Commissions"], int)
        assert (
            row["Examinateurs à convoquer"] == row["Commissions"] * session.epreuves[family].commission_size
        )
        per_day[(family, day)] += row["Commissions"]
    expected: Counter[tuple[str, str]] = Counter()
    days = commission_days(export_context.plan).values()
    for cd in days:
        expected[(cd.family, french_date(cd.day))] += 1
    assert per_day == expected
    for family, n in Counter(cd.family for cd in days).items():
        size = session.epreuves[family].commission_size
        assert totals[family] == (n, n * size)


def test_convening_lines_split_e2_by_language(book: Workbook) -> None:
    rows = [r for r in _table(book["Examinateurs"], 2) if r["Épreuve"] == "E2" and r["Langue"]]
    # One English examiner cannot stand for a Spanish one.
    assert {"anglais", "espagnol"} <= {r["Langue"] for r in rows}


def test_summary_shows_solver_status_bound_and_gap(export_context: PlanContext, book: Workbook) -> None:
    ws = book["Synthèse"]
    facts = {row[0]: row[1] for row in ws.iter_rows(min_row=2, max_col=2, values_only=True) if row[0]}
    solver = export_context.plan.solver
    assert facts["Session"] == export_context.session.label
    assert facts["Statut du solveur"] == solver.status
    assert facts["Journées-commission du planning"] == solver.objective
    assert facts["Borne inférieure prouvée"] == solver.bound
    assert solver.gap is not None
    assert facts["Écart à la borne"] == f"{solver.gap * 100:.1f} %".replace(".", ",")
    assert facts["Oraux planifiés"] == len(export_context.plan.placed())
    assert facts["journées-commission"] == len(commission_days(export_context.plan))
    # Who is sent to a farther site, why, and the minutes it costs them.
    ctx = export_context
    trips = farther_trips(ctx.session, ctx.candidates, ctx.plan)
    assert facts["Trajets vers un site plus éloigné"] == farther_sentence(trips, travel_proven(ctx.plan))


def test_print_settings(export_context: PlanContext, book: Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.page_setup.fitToWidth == 1, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
        assert ws.freeze_panes, ws.title
        assert export_context.session.label in ws.oddHeader.right.text, ws.title
        assert "&P" in ws.oddFooter.center.text, ws.title
    for name in TABLE_SHEETS:
        ws = book[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.print_title_rows == "$1:$2", name
        assert ws.freeze_panes == "A3", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), name


def test_no_commission_is_cut_by_a_page(book: Workbook) -> None:
    for name in FAMILY_SHEETS:
        ws = book[name]
        breaks = [b.id + 1 for b in ws.row_breaks.brk]
        keys = [
            (ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(3, ws.max_row + 1)
        ]
        block_starts = [r + 3 for r in range(1, len(keys)) if keys[r] != keys[r - 1]]
        assert set(breaks) <= set(block_starts), name
        # Between two breaks, the rows fit on one printed page.
        room = page_height(ws, repeated_rows=2)
        for first, after in itertools.pairwise([3, *breaks, ws.max_row + 1]):
            assert sum(row_height(ws, r) for r in range(first, after)) <= room, (name, first)


def test_input_text_is_never_a_formula(book: Workbook) -> None:
    hostile = seen_name = seen_school = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s"
                    hostile += 1
                seen_name += cell.value == '=HYPERLINK("http://exemple.invalid","clic")'
                seen_school += cell.value == "+33 Lycée @Test -1"
    assert seen_name and seen_school and hostile >= seen_name + seen_school


def test_nothing_is_cut(book: Workbook) -> None:
    # A cell wider than its column wraps (cells are set to wrap), never spills or hides.
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value is None:
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                if len(str(cell.value)) + 1 > width:
                    assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value)
                    # LibreOffice prints one line of a wrapped cell unless the row says how tall it is.
                    assert (ws.row_dimensions[cell.row].height or 0) >= 30, (ws.title, cell.coordinate)


def test_titles_fit_the_printed_width(book: Workbook) -> None:
    # A title runs over the empty cells to its right, and is cut at the table's edge on paper.
    for ws in book.worksheets:
        total = sum(
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width
            for c in range(1, ws.max_column + 1)
        )
        assert len(str(ws["A1"].value)) * 1.3 <= total, ws.title


def test_french_dates(export_context: PlanContext, book: Workbook) -> None:
    dates = {str(r["Date"]) for r in _table(book["E4"], 2)}
    assert "lun. 07/06" in dates
    assert dates <= {short_day(d) for d in _plan_days(export_context)}
    per_day = [r for r in book["Synthèse"].iter_rows(values_only=True) if r[0] == "lundi 7 juin 2021"]
    assert per_day and "examinateurs" in str(per_day[0][1])


def _plan_days(ctx: PlanContext) -> set[date]:
    return {o.day for o in ctx.plan.placed() if o.day is not None}


def test_same_plan_same_bytes(export_context: PlanContext, data: bytes) -> None:
    assert commissions_workbook(export_context) == data


def test_absent_and_withdrawn_orals_counted_and_explained(export_context: PlanContext) -> None:
    ctx = export_context
    placed = ctx.plan.placed()
    e4 = [o for o in placed if o.epreuve == "E4"]
    e5 = next(o for o in placed if o.epreuve == "E5")
    status: dict[tuple[str, str], Status] = {
        (e4[0].candidate, "E4"): ABSENT,
        (e4[1].candidate, "E4"): ABSENT,
        (e5.candidate, "E5"): WITHDRAWN,
        (e4[2].candidate, "E4"): UNPLACED,
    }
    orals = [
        Oral(o.candidate, o.epreuve, status[(o.candidate, o.epreuve)], language=o.language)
        if (o.candidate, o.epreuve) in status
        else o
        for o in ctx.plan.orals
    ]
    rerun = PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates)
    book = load_workbook(io.BytesIO(commissions_workbook(rerun)))
    facts = {
        row[0]: row[1] for row in book["Synthèse"].iter_rows(min_row=2, max_col=2, values_only=True) if row[0]
    }
    nv = sum(1 for o in ctx.plan.orals if o.status == NV)
    assert facts["Oraux planifiés"] == len(placed) - 4
    assert facts["Oraux NV (dossier non conforme)"] == nv
    assert facts["Oraux absents (absence signalée)"] == 2
    assert facts["Oraux annulés (candidat désisté)"] == 1
    assert facts["Oraux non placés"] == 1
    # Every oral without a passage is on the sheet « NV », with why.
    rows = {(r["N° candidat"], r["Épreuve"]): r for r in _table(book["NV"], 2)}
    assert len(rows) == nv + 4
    for key, expected in status.items():
        assert (rows[key]["Statut"], rows[key]["Mention"]) == (expected, MENTIONS[expected])
    assert "absence signalée" in MENTIONS[ABSENT] and "désisté" in MENTIONS[WITHDRAWN]
    # Not in the timetables any more.
    timetabled = {(r["N° candidat"], r["Épreuve"]) for name in FAMILY_SHEETS for r in _table(book[name], 2)}
    assert not timetabled & set(status)


def test_a_plan_with_nothing_placed_still_gives_a_workbook(export_context: PlanContext) -> None:
    # A failed plan is still reported: its orals are listed as not placed.
    plan = export_context.plan
    empty = replace(plan, orals=[Oral(o.candidate, o.epreuve, UNPLACED) for o in plan.orals])
    book = load_workbook(
        io.BytesIO(
            commissions_workbook(PlanContext(empty, export_context.session, export_context.candidates))
        )
    )
    assert book.sheetnames == ["Synthèse", "Examinateurs", "NV"]
    assert len(_table(book["NV"], 2)) == len(plan.orals)
