"""``salles-<site>.xlsx`` read back and checked against the plan it was written from."""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.plan import Oral
from scheduler.domain.session import Session
from scheduler.export import rooms
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.rooms import (
    ARRIVAL_HEADERS,
    HEADER_ROW,
    INVIGILATORS_HEADER,
    LOGE_CANDIDATES_PER_INVIGILATOR,
    LOGE_HEADER,
    STATIONS_HEADER,
    TIME_HEADER,
    room_workbooks,
)
from scheduler.export.sites import file_names
from scheduler.text import french_date


@pytest.fixture(scope="module")
def files(export_context: PlanContext) -> dict[str, bytes]:
    return room_workbooks(export_context)


@pytest.fixture(scope="module")
def books(files: dict[str, bytes]) -> dict[str, Workbook]:
    return {name: load_workbook(io.BytesIO(data)) for name, data in files.items()}


def _site_of(ctx: PlanContext, name: str) -> str:
    return next(key for key, file in file_names(ctx.session).items() if file == name)


def _orals(ctx: PlanContext, site: str, day: date) -> list[Oral]:
    return [o for o in ctx.plan.placed() if o.site == site and o.day == day]


def _day_of(ctx: PlanContext, ws: Worksheet) -> date:
    """The day a sheet is about, from its title (which gives it in French)."""
    title = str(ws["A1"].value)
    days = {o.day for o in ctx.plan.placed() if o.day is not None}
    (day,) = [d for d in days if title.endswith(french_date(d)) or f"{french_date(d)} (" in title]
    return day


def _minutes(text: object) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def _sheets(book: Workbook, kind: str) -> list[Worksheet]:
    return [ws for ws in book.worksheets if f" {kind}" in ws.title]


def test_one_file_per_site_with_orals(export_context: PlanContext, files: dict[str, bytes]) -> None:
    used = {o.site for o in export_context.plan.placed() if o.site}
    assert set(files) == {file_names(export_context.session)[s] for s in used}
    assert set(files) == {
        "salles-castres.xlsx",
        "salles-tarbes.xlsx",
        "salles-toulouse.xlsx",
        "salles-muret.xlsx",
    }


def test_file_names_stay_distinct_when_two_sites_share_a_town(session: Session) -> None:
    sites = dict(session.sites)
    sites["toulouse-2"] = replace(sites["toulouse"], key="toulouse-2", etablissement="Lycée Bellevue")
    names = file_names(replace(session, sites=sites))
    assert names["castres"] == "salles-castres.xlsx"
    assert names["toulouse"] != names["toulouse-2"]
    assert all(n.startswith("salles-toulouse-") for k, n in names.items() if k.startswith("toulouse"))


def test_sheets_per_day(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        site = _site_of(export_context, name)
        days = sorted({o.day for o in export_context.plan.placed() if o.site == site and o.day})
        assert book.sheetnames[0] == "Synthèse"
        assert [_day_of(export_context, ws) for ws in _sheets(book, "accueil")] == days
        assert sorted({_day_of(export_context, ws) for ws in _sheets(book, "salles")}) == days


def test_room_grid_matches_the_plan(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        site = _site_of(export_context, name)
        seen: Counter[tuple[str, str]] = Counter()
        for ws in _sheets(book, "salles"):
            day = _day_of(export_context, ws)
            orals = _orals(export_context, site, day)
            headers = [str(c.value) for c in ws[HEADER_ROW]]
            assert headers[0] == TIME_HEADER
            steps = [_minutes(r[0]) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
            assert steps == list(range(steps[0], steps[-1] + 1, export_context.session.grid_minutes))
            assert steps[0] <= min(o.convocation or 0 for o in orals)
            assert steps[-1] < max(o.end or 0 for o in orals)
            for col, header in enumerate(headers, start=1):
                if not header.startswith("Salle"):
                    continue
                room, commission = header.removesuffix(")").split(" (")
                mine = [o for o in orals if o.room == room]
                assert mine and {o.commission for o in mine} == {commission}
                for i, t in enumerate(steps):
                    value = ws.cell(row=HEADER_ROW + 1 + i, column=col).value
                    running = [o for o in mine if (o.start or 0) <= t < (o.end or 0)]
                    assert len(running) <= 1
                    if running:
                        o = running[0]
                        assert str(value).startswith(f"{o.candidate} "), (ws.title, header, clock(t))
                        seen[(o.candidate, o.epreuve)] += 1
                    else:
                        assert value is None, (ws.title, header, clock(t))
        expected = Counter(
            {
                (o.candidate, o.epreuve): ((o.end or 0) - (o.start or 0))
                // export_context.session.grid_minutes
                for o in export_context.plan.placed()
                if o.site == site
            }
        )
        assert seen == expected, name


def test_large_sites_spread_their_rooms_over_several_sheets(
    export_context: PlanContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Castres holds 23 E4 commissions a day in the full session: too many rooms for one A4 width.
    monkeypatch.setattr(rooms, "ROOMS_PER_SHEET", 2)
    tarbes = replace(export_context.plan, orals=[o for o in export_context.plan.orals if o.site == "tarbes"])
    ctx = PlanContext(tarbes, export_context.session, export_context.candidates)
    book = load_workbook(io.BytesIO(room_workbooks(ctx)["salles-tarbes.xlsx"]))
    monday = [ws for ws in book.worksheets if ws.title.startswith("lun. 31-05 salles")]
    assert [ws.title for ws in monday] == ["lun. 31-05 salles 1", "lun. 31-05 salles 2"]
    columns = [str(c.value) for ws in monday for c in ws[HEADER_ROW] if str(c.value).startswith("Salle")]
    used = {o.room or "" for o in _orals(export_context, "tarbes", date(2021, 5, 31))}
    assert [h.split(" (")[0] for h in columns] == sorted(used, key=lambda r: int(r.split()[1]))
    for ws in monday:
        assert sum(1 for c in ws[HEADER_ROW] if str(c.value).startswith("Salle")) <= 2
        assert str(ws["A1"].value).endswith(f"/{len(monday)})")
        # Each page carries the loge figures.
        assert any(str(c.value).startswith(LOGE_HEADER) for c in ws[HEADER_ROW])


def test_loge_and_stations_counts(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    counted_loge = counted_stations = 0
    for name, book in books.items():
        site = export_context.session.sites[_site_of(export_context, name)]
        for ws in _sheets(book, "salles"):
            orals = _orals(export_context, site.key, _day_of(export_context, ws))
            headers = [str(c.value) for c in ws[HEADER_ROW]]
            loge = next((i for i, h in enumerate(headers) if h.startswith(LOGE_HEADER)), None)
            stations = next((i for i, h in enumerate(headers) if h.startswith(STATIONS_HEADER)), None)
            assert (loge is not None) == any(o.preparation_start is not None for o in orals)
            epreuves = export_context.session.epreuves
            assert (stations is not None) == any(epreuves[o.epreuve].uses_computer for o in orals)
            for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
                t = _minutes(row[0])
                if loge is not None:
                    n = sum(
                        1
                        for o in orals
                        if o.preparation_start is not None and o.preparation_start <= t < (o.start or 0)
                    )
                    assert row[loge] == n
                    assert n <= site.loge_seats
                    assert headers[loge + 1] == INVIGILATORS_HEADER
                    assert row[loge + 1] == math.ceil(n / LOGE_CANDIDATES_PER_INVIGILATOR)
                    counted_loge += n
                if stations is not None:
                    n = sum(
                        1
                        for o in orals
                        if epreuves[o.epreuve].uses_computer and (o.start or 0) <= t < (o.end or 0)
                    )
                    assert row[stations] == n
                    assert n <= site.computer_stations
                    counted_stations += n
    assert counted_loge and counted_stations


def test_arrivals_at_the_desk(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        site = _site_of(export_context, name)
        for ws in _sheets(book, "accueil"):
            day = _day_of(export_context, ws)
            assert tuple(c.value for c in ws[HEADER_ROW]) == ARRIVAL_HEADERS
            headers = list(ARRIVAL_HEADERS)
            rows = [
                dict(zip(headers, r, strict=True))
                for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
                if r[0] is not None
            ]
            times = [_minutes(r["Convocation"]) for r in rows]
            assert times == sorted(times)
            written = Counter(
                (r["N° candidat"], code, r["Convocation"])
                for r in rows
                for code in str(r["Épreuve"]).split(" + ")
            )
            expected = Counter(
                (o.candidate, o.epreuve, clock(o.convocation)) for o in _orals(export_context, site, day)
            )
            assert written == expected, ws.title


def test_summary_per_day(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        site = _site_of(export_context, name)
        ws = book["Synthèse"]
        rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
        days = sorted({o.day for o in export_context.plan.placed() if o.site == site and o.day})
        assert [r[0] for r in rows] == [french_date(d) for d in days]
        for r, day in zip(rows, days, strict=True):
            orals = _orals(export_context, site, day)
            assert r[2] == len({o.room for o in orals})
            assert r[3] == len({o.candidate for o in orals})
    castres = books["salles-castres.xlsx"]["Synthèse"]
    assert castres["A5"].value == "lundi 7 juin 2021"


def test_print_settings(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        for ws in book.worksheets:
            where = (name, ws.title)
            assert ws.page_setup.paperSize == 9, where  # A4
            assert ws.page_setup.orientation == "landscape", where
            assert ws.page_setup.fitToWidth == 1, where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert ws.print_title_rows, where
            assert ws.freeze_panes, where
            assert ws.auto_filter.ref, where
            assert export_context.session.label in ws.oddHeader.right.text, where
            assert "&P" in ws.oddFooter.center.text, where
        for ws in _sheets(book, "accueil") + _sheets(book, "salles"):
            assert ws.print_title_rows == f"$1:${HEADER_ROW}", (name, ws.title)
            assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:"), (name, ws.title)


def test_input_text_is_never_a_formula(books: dict[str, Workbook]) -> None:
    hostile = 0
    for book in books.values():
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate)
                    if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK"):
                        assert cell.data_type == "s"
                        hostile += 1
    assert hostile  # the hostile surname is in the arrival lists


def _header_row(ws: Worksheet) -> int:
    return int(str(ws.print_title_rows).split(":")[-1].lstrip("$"))


def test_nothing_is_cut(books: dict[str, Workbook]) -> None:
    for book in books.values():
        for ws in book.worksheets:
            for row in ws.iter_rows(min_row=_header_row(ws)):
                for cell in row:
                    if cell.value is None:
                        continue
                    width = ws.column_dimensions[cell.column_letter].width
                    # A cell wider than its column wraps (cells are set to wrap), never spills or hides.
                    if len(str(cell.value)) + 1 > width:
                        assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value)
                        # LibreOffice prints one line of a wrapped cell unless the row says how tall it is.
                        assert (ws.row_dimensions[cell.row].height or 0) >= 30, (ws.title, cell.coordinate)


def test_titles_and_notes_span_the_printed_table(books: dict[str, Workbook]) -> None:
    # Text running over empty cells would be cut at the table's edge on paper.
    for book in books.values():
        for ws in book.worksheets:
            merged = {str(r) for r in ws.merged_cells.ranges}
            last = get_column_letter(ws.max_column)
            for row in range(1, _header_row(ws)):
                cell = ws.cell(row=row, column=1)
                if cell.value is None:
                    continue
                assert f"A{row}:{last}{row}" in merged or last == "A", (ws.title, row)
                assert cell.alignment.wrap_text, (ws.title, row)
                total = sum(
                    ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)
                )
                lines = math.ceil(len(str(cell.value)) / total)
                assert (ws.row_dimensions[row].height or 0) >= 14 * lines, (ws.title, row)


def test_same_plan_same_bytes(export_context: PlanContext, files: dict[str, bytes]) -> None:
    assert room_workbooks(export_context) == files


def test_no_file_when_nothing_is_placed(export_context: PlanContext) -> None:
    plan = replace(export_context.plan, orals=[o for o in export_context.plan.orals if not o.is_placed])
    assert room_workbooks(PlanContext(plan, export_context.session, export_context.candidates)) == {}
