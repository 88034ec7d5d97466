"""convocations.xlsx read back: every oral once, the right times and site,
the legends and lines above the table, one sheet per établissement, print
settings and page breaks, text that stays text."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections import Counter
from dataclasses import replace
from datetime import date
from fractions import Fraction

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
    CANDIDATE,
    COLUMNS,
    CONTACT_PREFIX,
    CONVOCATION,
    DATE,
    END,
    EPREUVE,
    EPREUVES_HEADING,
    EXTRA_TIME,
    MIN_SCALE,
    NO_PREPARATION,
    NOTE,
    NUMBER,
    NV_MESSAGE,
    PHONE_PREFIX,
    PREPARATION,
    ROOM,
    SCHOOL,
    SCHOOL_COLUMNS,
    SITE,
    SITES_HEADING,
    START,
    TARGET_SCALE,
    TIME_COLUMNS,
    TITLE_PREFIX,
    TO_BRING,
    TOPIC,
    UNPLACED_MESSAGE,
    WITHDRAWN_MESSAGE,
    convocations_workbook,
    header_row_of,
    name_key,
    school_list_owners,
    school_lists,
    site_names,
)
from scheduler.export.paging import SAFETY, print_scale, printable, row_height
from scheduler.io.plan_files import read_office_csv
from scheduler.text import french_date

HOSTILE_SURNAME = '=HYPERLINK("http://exemple.invalid","clic")'
HOSTILE_SCHOOL = "+33 Lycée @Test -1"
#: The date and the time columns, which an oral without convocation leaves
#: empty but for its message.
WHEN = (DATE, *TIME_COLUMNS)


@pytest.fixture(scope="module")
def data(export_context: PlanContext) -> bytes:
    return convocations_workbook(export_context)


@pytest.fixture(scope="module")
def wb(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def book_of(ctx: PlanContext) -> Workbook:
    return load_workbook(io.BytesIO(convocations_workbook(ctx)))


def columns_of(ws: Worksheet) -> tuple[str, ...]:
    return COLUMNS if ws.title == ALL_SHEET else SCHOOL_COLUMNS


def table(ws: Worksheet) -> list[dict[str, Cell]]:
    header = header_row_of(ws)
    columns = columns_of(ws)
    assert [c.value for c in ws[header]] == list(columns)
    return [
        dict(zip(columns, row, strict=True))
        for row in ws.iter_rows(min_row=header + 1, max_col=len(columns))
        if row[0].value is not None
    ]


def values(row: dict[str, Cell], skip: tuple[str, ...] = ()) -> tuple[object, ...]:
    return tuple(c.value for name, c in row.items() if name not in skip)


def top_lines(ws: Worksheet) -> list[str]:
    """The text of every cell above the column titles, row by row."""
    return [
        str(c.value)
        for row in ws.iter_rows(min_row=1, max_row=header_row_of(ws) - 1)
        for c in row
        if c.value is not None
    ]


def legend(ws: Worksheet) -> dict[str, str]:
    """The legends' entries, « key : text », by key (the rows under the
    legends' headings)."""
    lines = top_lines(ws)
    headings = [i for i, line in enumerate(lines) if line in (SITES_HEADING, EPREUVES_HEADING)]
    if not headings:
        return {}
    entries = [line.split(" : ", 1) for line in lines[max(headings) + 1 :]]
    return {key: text for key, text in entries}


def code_of(row: dict[str, Cell]) -> tuple[str, str]:
    return str(row[NUMBER].value), str(row[EPREUVE].value)


def test_every_oral_once_with_its_date_times_and_site(export_context: PlanContext, wb: Workbook) -> None:
    ctx = export_context
    ws = wb[ALL_SHEET]
    rows = table(ws)
    seen = Counter(code_of(r) for r in rows)
    assert seen == Counter((o.candidate, o.epreuve) for o in ctx.plan.orals)
    assert max(seen.values()) == 1

    towns = site_names(ctx.session)
    orals = {(o.candidate, o.epreuve): o for o in ctx.plan.orals}
    for r in rows:
        o = orals[code_of(r)]
        c = ctx.by_number[o.candidate]
        assert (r[CANDIDATE].value, r[SCHOOL].value) == (f"{c.surname} {c.given_name}", c.etablissement)
        times = [r[name].value for name in WHEN]
        if o.is_placed:
            assert o.day is not None and o.site is not None
            prep = clock(o.preparation_start) if o.preparation_start is not None else NO_PREPARATION
            assert times == [french_date(o.day), clock(o.convocation), prep, clock(o.start), clock(o.end)]
            assert (r[SITE].value, r[ROOM].value) == (towns[o.site], o.room)
            assert r[TOPIC].value == (o.language or o.subject)
        else:
            assert o.status == "NV"
            assert times == [NV_MESSAGE, None, None, None, None]
            assert r[SITE].value is None and r[ROOM].value is None
    # The fixture has an NV dossier: the case above did run.
    assert any(not o.is_placed for o in ctx.plan.orals)


def test_each_sheet_gives_the_full_address_of_its_sites_and_the_title_of_its_epreuves(
    export_context: PlanContext, wb: Workbook
) -> None:
    ctx = export_context
    towns = site_names(ctx.session)
    for ws in wb.worksheets:
        rows = table(ws)
        lines = top_lines(ws)
        entries = legend(ws)
        used_sites = {str(r[SITE].value) for r in rows if r[SITE].value is not None}
        used_codes = {str(r[EPREUVE].value) for r in rows}
        assert (SITES_HEADING in lines) == bool(used_sites) and EPREUVES_HEADING in lines
        assert set(entries) == used_sites | used_codes, ws.title
        for key, site in ctx.session.sites.items():
            if towns[key] in used_sites:
                assert entries[towns[key]] == site.full_address
        for code in used_codes:
            assert entries[code] == ctx.session.epreuves[code].label
        # The legends stay above the table, in its width: a legend's entry is
        # written in its block's first column.
        assert all(c.column <= len(columns_of(ws)) for row in ws.iter_rows() for c in row if c.value)


def test_a_site_telephone_is_in_its_legend(export_context: PlanContext) -> None:
    ctx = export_context
    session = ctx.session
    key = next(o.site for o in ctx.plan.placed() if o.site is not None)
    site = replace(session.sites[key], phone="05 61 00 00 00")
    phoned = replace(session, sites={**session.sites, key: site})
    book = book_of(PlanContext(ctx.plan, phoned, ctx.candidates))
    town = site_names(phoned)[key]
    for ws in book.worksheets:
        entries = legend(ws)
        if town in entries:
            assert entries[town] == f"{site.full_address}{PHONE_PREFIX}05 61 00 00 00"


def test_each_school_sheet_says_whom_to_contact_and_what_to_bring(
    export_context: PlanContext, wb: Workbook
) -> None:
    contact = export_context.session.contact
    assert contact  # the bundled session gives the DEC 5's
    for ws in wb.worksheets:
        lines = top_lines(ws)
        assert lines[0].startswith(TITLE_PREFIX)
        assert lines[1:3] == [CONTACT_PREFIX + contact, TO_BRING], ws.title
        assert "pièce d'identité officielle avec photographie" in TO_BRING and "convocation" in TO_BRING
        assert any(line.startswith("Heure de convocation : accueil") for line in lines)


def test_no_contact_line_without_a_contact(export_context: PlanContext) -> None:
    ctx = export_context
    book = book_of(PlanContext(ctx.plan, replace(ctx.session, contact=""), ctx.candidates))
    for ws in book.worksheets:
        lines = top_lines(ws)
        assert lines[1] == TO_BRING
        assert not any(line.startswith(CONTACT_PREFIX) for line in lines)


def test_extra_time_is_named_as_it_is(export_context: PlanContext) -> None:
    ctx = export_context
    numbers = sorted({o.candidate for o in ctx.plan.placed()})
    shares = {numbers[0]: Fraction(1, 3), numbers[1]: Fraction(1, 4), numbers[2]: Fraction(0)}
    candidates = [replace(c, extra_time=shares.get(c.number, c.extra_time)) for c in ctx.candidates]
    book = book_of(PlanContext(ctx.plan, ctx.session, candidates))
    want = {"tiers-temps": numbers[0], "temps majoré de 25 %": numbers[1]}
    found: dict[object, set[object]] = {}
    for ws in book.worksheets:
        for r in table(ws):
            found.setdefault(r[NUMBER].value, set()).add(r[EXTRA_TIME].value)
    for label, number in want.items():
        assert found[number] == {label}
    assert found[numbers[2]] == {None}
    # The fixture's own tiers-temps candidate, on every row of theirs.
    third = {c.number for c in ctx.candidates if c.extra_time == Fraction(1, 3)} - set(shares)
    assert third and all(found[n] == {"tiers-temps"} for n in third)


def test_sorted_by_candidate_name_then_date(wb: Workbook) -> None:
    rows = table(wb[ALL_SHEET])
    names = [name_key(str(r[CANDIDATE].value)) for r in rows]
    assert names == sorted(names)
    by_number: dict[object, list[dict[str, Cell]]] = {}
    for r in rows:
        by_number.setdefault(r[NUMBER].value, []).append(r)
    month = {"mai": 5, "juin": 6}
    for own in by_number.values():
        # A candidate's rows follow each other; dated orals in date order,
        # then those without a date (NV).
        lines = [r[NUMBER].row for r in own]
        assert lines == list(range(lines[0], lines[0] + len(lines)))
        days = [
            date(int(p[3]), month[p[2]], int(p[1])) if len(p := str(r[DATE].value).split()) == 4 else date.max
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
        name = str(ws["A1"].value).removeprefix(TITLE_PREFIX)
        assert name in schools, ws.title
        found.append(name)
        # The same lines, in the same order, as in « Toutes », less the
        # établissement (the sheet's title).
        assert [values(r) for r in table(ws)] == [
            values(r, skip=(SCHOOL,)) for r in all_rows if r[SCHOOL].value == name
        ]
    assert sorted(found) == sorted(schools)
    assert found == sorted(found, key=name_key)


def test_print_ready(wb: Workbook) -> None:
    for ws in wb.worksheets:
        header = header_row_of(ws)
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.fitToWidth) == 1
        assert int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # Only the column titles repeat: the legends are read once.
        assert ws.print_title_rows == f"${header}:${header}"
        assert ws.freeze_panes == f"A{header + 1}"
        last = get_column_letter(len(columns_of(ws)))
        assert ws.auto_filter.ref == f"A{header}:{last}{ws.max_row}"
        assert ws.oddHeader.left.text.startswith("Convocations")
        assert "&P" in ws.oddFooter.center.text


def test_prints_at_about_nine_points(wb: Workbook) -> None:
    """Fit to the width of A4 landscape, every sheet prints at 8 points or
    more; an établissement's sheet at about 9."""
    for ws in wb.worksheets:
        scale = print_scale(ws)
        assert MIN_SCALE <= scale <= TARGET_SCALE, (ws.title, scale)
        if ws.title != ALL_SHEET:
            assert scale >= TARGET_SCALE - 0.02, (ws.title, scale)


def test_long_names_still_print_at_eight_points(export_context: PlanContext) -> None:
    ctx = export_context
    long = "Établissement privé d'enseignement supérieur commercial et de gestion"
    candidates = [
        replace(c, surname="DE LA " + c.surname + "-MONTMORENCY", etablissement=long) for c in ctx.candidates
    ]
    book = book_of(PlanContext(ctx.plan, ctx.session, candidates))
    for ws in book.worksheets:
        assert print_scale(ws) >= MIN_SCALE, ws.title
        for r in table(ws):
            width = ws.column_dimensions[r[CANDIDATE].column_letter].width
            if len(str(r[CANDIDATE].value)) + 1 > width:
                assert (ws.row_dimensions[r[NUMBER].row].height or 0) > 20


def page_starts(ws: Worksheet) -> list[int]:
    """The first table row of each printed page."""
    header = header_row_of(ws)
    return [header + 1, *sorted(b.id + 1 for b in ws.row_breaks.brk)]


def test_no_candidate_is_cut_by_a_page_and_no_page_is_nearly_empty(wb: Workbook) -> None:
    for ws in wb.worksheets:
        header = header_row_of(ws)
        rows = table(ws)
        firsts = {
            r[NUMBER].row
            for i, r in enumerate(rows)
            if i == 0 or rows[i - 1][NUMBER].value != r[NUMBER].value
        }
        starts = page_starts(ws)
        # Pages break only between two candidates.
        assert set(starts[1:]) <= firsts, ws.title
        _, height = printable(ws)
        room = height * SAFETY / print_scale(ws) - row_height(ws, header)
        ends = [*starts[1:], rows[-1][NUMBER].row + 1]
        for n, (first, after) in enumerate(zip(starts, ends, strict=True)):
            used = sum(row_height(ws, r) for r in range(first, after))
            above = sum(row_height(ws, r) for r in range(1, header)) if n == 0 else 0
            assert used + above <= room, (ws.title, first)
            if len(starts) > 1:
                # Pages are filled evenly: none ends a sheet with a few rows.
                assert used >= room / 4, (ws.title, first)


def test_nothing_cut(wb: Workbook) -> None:
    """No word is wider than its column; dates and times fit on one line; the
    message of an NV oral fits over the date and time columns."""
    for ws in wb.worksheets:
        columns = columns_of(ws)
        width = {
            col: ws.column_dimensions[get_column_letter(col)].width for col in range(1, len(columns) + 1)
        }
        rows = table(ws)
        when = [columns.index(name) + 1 for name in WHEN]
        for r in rows:
            for cell in r.values():
                if cell.value is None or cell.value in (NV_MESSAGE, UNPLACED_MESSAGE):
                    continue
                longest = max(len(w) for w in str(cell.value).split())
                if longest >= width[cell.column]:
                    # Only a name longer than any column is broken, over
                    # the lines its row was given.
                    assert cell.column_letter == "B" and cell.alignment.wrap_text, (ws.title, cell.coordinate)
                    assert (ws.row_dimensions[cell.row].height or 0) > 2 * 13, (ws.title, cell.coordinate)
                if cell.column in when:
                    assert len(str(cell.value)) < width[cell.column]
        assert len(NV_MESSAGE) + 1 < sum(width[c] for c in when)
        # Rows are given their height: never below one line, more when they wrap.
        for r in rows:
            assert (ws.row_dimensions[r[NUMBER].row].height or 0) >= 13


def test_input_text_stays_text(data: bytes, wb: Workbook) -> None:
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    surnames = [c for c in cells if str(c.value).startswith(HOSTILE_SURNAME)]
    schools = [c for c in cells if c.value == HOSTILE_SCHOOL or str(c.value).endswith(HOSTILE_SCHOOL)]
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


def test_two_sites_in_one_town_are_told_apart(export_context: PlanContext) -> None:
    session = export_context.session
    first, second, *_ = session.sites
    same = replace(session.sites[second], town=session.sites[first].town)
    names = site_names(replace(session, sites={**session.sites, second: same}))
    assert names[first] != names[second]
    assert names[first].startswith(same.town) and names[second].startswith(same.town)


def test_unplaced_orals_and_long_school_names(export_context: PlanContext) -> None:
    """A plan that could not place an oral still tells the candidate; two
    schools whose names share their first 31 characters get two sheets."""
    ctx = export_context
    long = "Lycée professionnel d'enseignement commercial privé"
    a = replace(ctx.candidates[0], etablissement=long + " A")
    b = replace(ctx.candidates[1], etablissement=long + " B")
    orals = [Oral(a.number, "E4", status="non placé"), Oral(b.number, "E6", status="NV")]
    book = book_of(PlanContext(Plan(ctx.session.code, orals), ctx.session, [a, b]))
    assert len(book.sheetnames) == 3
    assert len({n.casefold() for n in book.sheetnames}) == 3
    messages = {r[NUMBER].value: r[DATE].value for r in table(book[ALL_SHEET])}
    assert messages == {a.number: UNPLACED_MESSAGE, b.number: NV_MESSAGE}
    # No site to describe: only the épreuves' legend.
    assert legend(book[ALL_SHEET]) == {code: ctx.session.epreuves[code].label for code in ("E4", "E6")}
    assert SITES_HEADING not in top_lines(book[ALL_SHEET])


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
    book = book_of(PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates))
    rows = {code_of(r): r for r in table(book[ALL_SHEET])}
    assert len(rows) == len(ctx.plan.orals)
    for oral, message in ((absent, ABSENT_MESSAGE), (withdrawn, WITHDRAWN_MESSAGE)):
        r = rows[(oral.candidate, oral.epreuve)]
        assert [r[name].value for name in WHEN] == [message, None, None, None, None]
        assert r[SITE].value is None and r[ROOM].value is None
        # The candidate's other orals still have their convocation.
        others = [o for o in orals_of[oral.candidate] if o.is_placed and o.epreuve != oral.epreuve]
        assert others
        assert all(rows[(o.candidate, o.epreuve)][CONVOCATION].value == clock(o.convocation) for o in others)
        # Dated orals first: the line without a date ends the candidate's list.
        own = [v[NUMBER].row for (number, _), v in rows.items() if number == oral.candidate]
        assert r[NUMBER].row == max(own)
    # The message runs over the empty time columns: it fits there.
    ws = book[ALL_SHEET]
    over = sum(ws.column_dimensions[get_column_letter(COLUMNS.index(name) + 1)].width for name in WHEN)
    assert len(ABSENT_MESSAGE) + 1 < over and len(WITHDRAWN_MESSAGE) + 1 < over


def test_each_school_list_has_the_lines_of_its_sheet_and_says_why(export_context: PlanContext, wb: Workbook) -> None:
    """``listes/etablissement-<slug>.csv``: what the établissement's sheet
    shows, as text a spreadsheet opens, with the reason of an oral without
    convocation in its own column; the same slug as the établissement's letters."""
    ctx = export_context
    nv = next(o for o in ctx.plan.orals if not o.is_placed)
    lists = school_lists(ctx)
    owners = school_list_owners(ctx)
    assert set(lists) == set(owners)
    sheets = {str(ws["A1"].value).removeprefix(TITLE_PREFIX): ws for ws in wb.worksheets[1:]}
    assert {school for _, school in owners.values()} == set(sheets)
    for path, (_, school) in owners.items():
        assert path.startswith("listes/etablissement-") and path.endswith(".csv")
        rows = read_office_csv(lists[path])
        shown = [values(r) for r in table(sheets[school])]
        assert len(rows) == len(shown)
        for row, cells in zip(rows, shown, strict=True):
            assert list(row) == [*SCHOOL_COLUMNS, NOTE]
            expected = ["" if v is None else str(v) for v in cells]
            if row[NOTE]:
                # The sheet writes the reason where the date would be.
                assert expected[SCHOOL_COLUMNS.index(DATE)] == row[NOTE]
                expected[SCHOOL_COLUMNS.index(DATE)] = ""
            assert [row[c] for c in SCHOOL_COLUMNS] == expected
    school = ctx.by_number[nv.candidate].etablissement
    path = next(p for p, (_, s) in owners.items() if s == school)
    line = next(r for r in read_office_csv(lists[path]) if r[NUMBER] == nv.candidate and r[EPREUVE] == nv.epreuve)
    assert line[NOTE] == NV_MESSAGE and line[DATE] == ""


def test_time_columns_in_order() -> None:
    assert TIME_COLUMNS == (CONVOCATION, PREPARATION, START, END)
    for columns in (COLUMNS, SCHOOL_COLUMNS):
        at = [columns.index(name) for name in WHEN]
        assert at == list(range(at[0], at[0] + len(WHEN)))
    assert list(itertools.compress(COLUMNS, [c != SCHOOL for c in COLUMNS])) == list(SCHOOL_COLUMNS)


def test_empty_plan(export_context: PlanContext) -> None:
    empty = PlanContext(Plan(export_context.session.code, []), export_context.session, [])
    book = book_of(empty)
    assert book.sheetnames == [ALL_SHEET]
    assert table(book[ALL_SHEET]) == []
