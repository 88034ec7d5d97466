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

from scheduler.domain.commission import family_of
from scheduler.domain.plan import Oral
from scheduler.domain.session import Examiner, Session, extra_time_label
from scheduler.export import rooms
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.rooms import (
    AFTERNOON,
    ARRIVAL_HEADERS,
    INVIGILATORS_HEADER,
    LOGE_CANDIDATES_PER_INVIGILATOR,
    LOGE_HEADER,
    MORNING,
    ROOM_HEADER,
    SIGN_IN_HEADERS,
    SIGNING_HEIGHT,
    STATIONS_HEADER,
    SUMMARY_HEADERS,
    room_workbooks,
)
from scheduler.export.sites import file_names
from scheduler.text import french_date


def with_examiners(ctx: PlanContext) -> PlanContext:
    """The plan with named examiners: each commission gets its own (as many
    as its épreuve asks), the same every day."""
    examiners: dict[str, tuple[Examiner, ...]] = {}
    made: list[Examiner] = []
    for o in ctx.plan.placed():
        commission = o.commission or ""
        if commission in examiners:
            continue
        size = ctx.session.epreuves[family_of(commission)].commission_size
        mine = tuple(
            Examiner(
                id=f"EX{len(made) + i + 1:03d}",
                surname=f"JURÉ{len(made) + i + 1}",
                given_name="Camille",
                etablissement="",
                quality="enseignant",
                epreuves=frozenset({family_of(commission)}),
            )
            for i in range(size)
        )
        made.extend(mine)
        examiners[commission] = mine
    orals = [
        replace(o, examiners=tuple(e.id for e in examiners[o.commission or ""])) if o.is_placed else o
        for o in ctx.plan.orals
    ]
    return PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates, made)


@pytest.fixture(scope="module")
def files(export_context: PlanContext) -> dict[str, bytes]:
    return room_workbooks(export_context)


@pytest.fixture(scope="module")
def books(files: dict[str, bytes]) -> dict[str, Workbook]:
    return {name: load_workbook(io.BytesIO(data)) for name, data in files.items()}


@pytest.fixture(scope="module")
def named(export_context: PlanContext) -> PlanContext:
    return with_examiners(export_context)


@pytest.fixture(scope="module")
def named_books(named: PlanContext) -> dict[str, Workbook]:
    return {name: load_workbook(io.BytesIO(data)) for name, data in room_workbooks(named).items()}


def _site_of(ctx: PlanContext, name: str) -> str:
    return next(key for key, file in file_names(ctx.session).items() if file == name)


def _orals(ctx: PlanContext, site: str, day: date) -> list[Oral]:
    return [o for o in ctx.plan.placed() if o.site == site and o.day == day]


def _day_of(ctx: PlanContext, ws: Worksheet) -> date:
    """The day a sheet is about, from its title (which gives it in French)."""
    title = str(ws["A1"].value)
    days = {o.day for o in ctx.plan.placed() if o.day is not None}
    (day,) = [d for d in days if f"— {french_date(d)}" in title]
    return day


def _half_of(ws: Worksheet) -> str:
    """« matin » or « après-midi », from a grid sheet's title."""
    title = str(ws["A1"].value)
    return MORNING if f", {MORNING}" in title else AFTERNOON


def _in_half(ctx: PlanContext, o: Oral, half: str) -> bool:
    return ((o.start or 0) < ctx.session.hours.lunch_end) == (half == MORNING)


def _minutes(text: object) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def _sheets(book: Workbook, kind: str) -> list[Worksheet]:
    return [ws for ws in book.worksheets if f" {kind}" in ws.title]


def _grids(book: Workbook) -> list[Worksheet]:
    return [ws for ws in book.worksheets if f" {MORNING}" in ws.title or f" {AFTERNOON}" in ws.title]


def _header_row(ws: Worksheet) -> int:
    return int(str(ws.print_title_rows).split(":")[-1].lstrip("$"))


def _steps(ws: Worksheet) -> list[int]:
    """The grid's steps, from its column titles."""
    return [_minutes(c.value) for c in ws[_header_row(ws)][1:]]


def _labelled(ws: Worksheet) -> dict[str, int]:
    """Row of each label of a grid's first column (its first line), below the column titles."""
    return {
        str(ws.cell(row=r, column=1).value).split("\n")[0]: r
        for r in range(_header_row(ws) + 1, ws.max_row + 1)
        if ws.cell(row=r, column=1).value is not None
    }


def _count_row(ws: Worksheet, label: str) -> int | None:
    return next((r for text, r in _labelled(ws).items() if text.startswith(label)), None)


def _table(ws: Worksheet) -> list[dict[str, object]]:
    """The rows of a sheet's table, by column title."""
    header = _header_row(ws)
    titles = [str(c.value) for c in ws[header]]
    return [
        dict(zip(titles, r, strict=True))
        for r in ws.iter_rows(min_row=header + 1, values_only=True)
        if r[0] is not None
    ]


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
        # One grid per half-day with orals, the morning's first.
        expected = [
            (d, half)
            for d in days
            for half in (MORNING, AFTERNOON)
            if any(_in_half(export_context, o, half) for o in _orals(export_context, site, d))
        ]
        assert [(_day_of(export_context, ws), _half_of(ws)) for ws in _grids(book)] == expected
        # No examiner named in this plan: nobody to sign in.
        assert not _sheets(book, "émargement")


def test_room_grid_matches_the_plan(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    g = export_context.session.grid_minutes
    for name, book in books.items():
        site = _site_of(export_context, name)
        seen: Counter[tuple[str, str]] = Counter()
        for ws in _grids(book):
            day, half = _day_of(export_context, ws), _half_of(ws)
            orals = [o for o in _orals(export_context, site, day) if _in_half(export_context, o, half)]
            header = _header_row(ws)
            assert str(ws.cell(row=header, column=1).value) == ROOM_HEADER
            steps = _steps(ws)
            assert steps == list(range(steps[0], steps[-1] + 1, g))
            assert steps[0] <= min(o.convocation or 0 for o in orals)
            assert steps[-1] < max(o.end or 0 for o in orals)
            merged = {(r.min_row, r.min_col): (r.min_col, r.max_col) for r in ws.merged_cells.ranges}
            rooms_here = {text: row for text, row in _labelled(ws).items() if text.startswith("Salle")}
            assert list(rooms_here) == sorted(rooms_here, key=lambda t: int(t.split()[1]))
            for label, row in rooms_here.items():
                room, commission = label.split(" — ")
                mine = [o for o in orals if o.room == room]
                assert mine and {o.commission for o in mine} == {commission}, (ws.title, label)
                covered: set[int] = set()
                for col in range(2, len(steps) + 2):
                    value = ws.cell(row=row, column=col).value
                    if value is None:
                        continue
                    first, last = merged.get((row, col), (col, col))
                    words = str(value).split()
                    (o,) = [o for o in mine if o.candidate in words and o.start == steps[first - 2]]
                    assert [steps[c - 2] for c in range(first, last + 1)] == list(
                        range(o.start or 0, o.end or 0, g)
                    ), (ws.title, label, clock(o.start))
                    assert ws.cell(row=row, column=col).fill.fgColor.rgb.endswith("DDEBF7")
                    covered.update(range(first, last + 1))
                    seen[(o.candidate, o.epreuve)] += last - first + 1
                # Every other step of the room is free.
                for col in set(range(2, len(steps) + 2)) - covered:
                    t = steps[col - 2]
                    assert not any((o.start or 0) <= t < (o.end or 0) for o in mine), (
                        ws.title,
                        label,
                        clock(t),
                    )
            assert {o.room for o in orals} == {label.split(" — ")[0] for label in rooms_here}
        expected = Counter(
            {
                (o.candidate, o.epreuve): ((o.end or 0) - (o.start or 0)) // g
                for o in export_context.plan.placed()
                if o.site == site
            }
        )
        assert seen == expected, name


def test_grid_cells_name_the_candidate(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    marked = extra = 0
    for name, book in books.items():
        site = _site_of(export_context, name)
        for ws in _grids(book):
            day = _day_of(export_context, ws)
            steps = _steps(ws)
            by_start = {(o.candidate, o.start): o for o in _orals(export_context, site, day)}
            for row in ws.iter_rows(min_row=_header_row(ws) + 1, min_col=2):
                for cell in row:
                    if not isinstance(cell.value, str) or cell.column is None:
                        continue
                    words = cell.value.split()
                    start = steps[cell.column - 2]
                    (o,) = [by_start[(w, start)] for w in words if (w, start) in by_start]
                    c = export_context.by_number[o.candidate]
                    assert cell.value.startswith(f"{c.surname} {c.given_name}")
                    # E2F in an E2 room, ENG after E6: the oral running is said.
                    if o.epreuve != family_of(o.commission or ""):
                        assert f"({o.epreuve})" in words
                        marked += 1
                    if c.extra_time:
                        assert words[-1] == ("⅓" if extra_time_label(c.extra_time) == "tiers-temps" else "%")
                        extra += 1
                    else:
                        assert "⅓" not in words and "%" not in words
    assert marked and extra


def test_large_sites_spread_their_rooms_over_several_sheets(
    export_context: PlanContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Castres holds 23 E4 commissions a day in the full session: too many rooms for one page.
    monkeypatch.setattr(rooms, "ROOMS_PER_SHEET", 2)
    tarbes = replace(export_context.plan, orals=[o for o in export_context.plan.orals if o.site == "tarbes"])
    ctx = PlanContext(tarbes, export_context.session, export_context.candidates)
    book = load_workbook(io.BytesIO(room_workbooks(ctx)["salles-tarbes.xlsx"]))
    monday = date(2021, 5, 31)
    used = {o.room or "" for o in _orals(export_context, "tarbes", monday) if _in_half(ctx, o, MORNING)}
    morning = [ws for ws in book.worksheets if ws.title.startswith("lun. 31-05 matin")]
    n = math.ceil(len(used) / 2)
    assert len(used) > 2
    assert [ws.title for ws in morning] == [f"lun. 31-05 matin {i}" for i in range(1, n + 1)]
    labels = [[t for t in _labelled(ws) if t.startswith("Salle")] for ws in morning]
    assert [t.split(" — ")[0] for part in labels for t in part] == sorted(
        used, key=lambda r: int(r.split()[1])
    )
    # As few sheets as needed, shared evenly.
    assert max(map(len, labels)) - min(map(len, labels)) <= 1
    for i, ws in enumerate(morning, start=1):
        assert len(labels[i - 1]) <= 2
        assert str(ws["A1"].value).endswith(f", matin ({i}/{n})")
        # Each page carries the loge figures.
        assert _count_row(ws, LOGE_HEADER) is not None


def test_loge_and_stations_counts(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    counted_loge = counted_stations = 0
    epreuves = export_context.session.epreuves
    for name, book in books.items():
        site = export_context.session.sites[_site_of(export_context, name)]
        for ws in _grids(book):
            # The counts are the whole day's: an afternoon candidate preparing before lunch ends counts.
            orals = _orals(export_context, site.key, _day_of(export_context, ws))
            loge, watch = _count_row(ws, LOGE_HEADER), _count_row(ws, INVIGILATORS_HEADER)
            stations = _count_row(ws, STATIONS_HEADER)
            prepared = any(o.preparation_start is not None for o in orals)
            assert (loge is not None) == (watch is not None) == (prepared and site.loge_seats > 0)
            assert (stations is not None) == any(epreuves[o.epreuve].uses_computer for o in orals)
            for col, t in enumerate(_steps(ws), start=2):
                if loge is not None and watch is not None:
                    n = sum(
                        1
                        for o in orals
                        if o.preparation_start is not None and o.preparation_start <= t < (o.start or 0)
                    )
                    assert ws.cell(row=loge, column=col).value == n
                    assert n <= site.loge_seats
                    assert ws.cell(row=watch, column=col).value == math.ceil(
                        n / LOGE_CANDIDATES_PER_INVIGILATOR
                    )
                    counted_loge += n
                if stations is not None:
                    n = sum(
                        1
                        for o in orals
                        if epreuves[o.epreuve].uses_computer and (o.start or 0) <= t < (o.end or 0)
                    )
                    assert ws.cell(row=stations, column=col).value == n
                    assert n <= site.computer_stations
                    counted_stations += n
    assert counted_loge and counted_stations


def test_arrivals_at_the_desk(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    arranged = 0
    for name, book in books.items():
        site = _site_of(export_context, name)
        for ws in _sheets(book, "accueil"):
            day = _day_of(export_context, ws)
            assert tuple(c.value for c in ws[_header_row(ws)]) == ARRIVAL_HEADERS
            rows = _table(ws)
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
            for r in rows:
                label = extra_time_label(export_context.by_number[str(r["N° candidat"])].extra_time)
                assert (r["Aménagement"] or "") == label
                arranged += bool(label)
    assert arranged


def test_the_desk_opens_at_the_first_convocation(
    export_context: PlanContext, books: dict[str, Workbook]
) -> None:
    session = export_context.session
    early = 0
    for name, book in books.items():
        site = _site_of(export_context, name)
        for ws in _sheets(book, "accueil"):
            first = min(o.convocation or 0 for o in _orals(export_context, site, _day_of(export_context, ws)))
            opening = f"Ouverture de l'accueil : {clock(first)} (première convocation)"
            if first < session.hours.start:  # 07:40, the session opens at 08:00
                opening += f", avant l'ouverture habituelle de {clock(session.hours.start)}"
                early += 1
            assert ws["A3"].value == opening
            assert ws["A4"].value == f"Contact : {session.contact}"
    assert early
    # A session opening at 07:00 has nothing to warn about; a site's telephone is given.
    early = replace(session, hours=replace(session.hours, start=7 * 60), contact="")
    sites = dict(early.sites)
    sites["muret"] = replace(sites["muret"], phone="05 61 00 00 00")
    ctx = PlanContext(export_context.plan, replace(early, sites=sites), export_context.candidates)
    muret = load_workbook(io.BytesIO(room_workbooks(ctx)["salles-muret.xlsx"]))
    ws = _sheets(muret, "accueil")[0]
    assert str(ws["A3"].value).endswith("(première convocation)")
    assert ws["A4"].value == "Téléphone du centre : 05 61 00 00 00"
    assert "avant" not in str(_table(muret["Synthèse"])[0][SUMMARY_HEADERS[4]])


def test_sign_in_sheets(named: PlanContext, named_books: dict[str, Workbook]) -> None:
    for name, book in named_books.items():
        site = _site_of(named, name)
        days = sorted({o.day for o in named.plan.placed() if o.site == site and o.day})
        sheets = _sheets(book, "émargement")
        assert [_day_of(named, ws) for ws in sheets] == days
        for ws in sheets:
            orals = _orals(named, site, _day_of(named, ws))
            assert tuple(c.value for c in ws[_header_row(ws)]) == SIGN_IN_HEADERS
            rows = _table(ws)
            expected = {e for o in orals for e in o.examiners}
            assert len(rows) == len(expected)
            arrivals = [_minutes(r["Arrivée (premier oral)"]) for r in rows]
            assert arrivals == sorted(arrivals)
            for r in rows:
                (examiner,) = [e for e in named.examiners if f"({e.id})" in str(r["Examinateur"])]
                assert str(r["Examinateur"]) == f"{examiner.surname} {examiner.given_name} ({examiner.id})"
                mine = [o for o in orals if examiner.id in o.examiners]
                assert r["Commission"] == ", ".join(dict.fromkeys(o.commission for o in mine))
                assert set(str(r["Salle"]).split(" / ")) == {o.room for o in mine}
                assert r["Arrivée (premier oral)"] == clock(min(o.start or 0 for o in mine))
                assert r["Fin (dernier oral)"] == clock(max(o.end or 0 for o in mine))
                assert r["Signature"] is None
            for row in range(_header_row(ws) + 1, ws.max_row + 1):
                assert (ws.row_dimensions[row].height or 0) >= SIGNING_HEIGHT
            assert ws.page_setup.orientation == "portrait"
            assert ws.page_setup.fitToHeight == 1


def test_grid_rows_name_the_examiners(named: PlanContext, named_books: dict[str, Workbook]) -> None:
    for name, book in named_books.items():
        site = _site_of(named, name)
        for ws in _grids(book):
            day, half = _day_of(named, ws), _half_of(ws)
            assert str(ws.cell(row=_header_row(ws), column=1).value).startswith(ROOM_HEADER)
            for text, row in _labelled(ws).items():
                if not text.startswith("Salle"):
                    continue
                room = text.split(" — ")[0]
                ids = {
                    e
                    for o in _orals(named, site, day)
                    if o.room == room and _in_half(named, o, half)
                    for e in o.examiners
                }
                lines = str(ws.cell(row=row, column=1).value).split("\n")[1:]
                assert lines == [
                    f"{e.surname} {e.given_name} ({e.id})" for e in named.examiners if e.id in ids
                ] or sorted(lines) == sorted(
                    f"{e.surname} {e.given_name} ({e.id})" for e in named.examiners if e.id in ids
                )


def test_summary_per_day(export_context: PlanContext, books: dict[str, Workbook]) -> None:
    session = export_context.session
    for name, book in books.items():
        site = session.sites[_site_of(export_context, name)]
        ws = book["Synthèse"]
        rows = _table(ws)
        days = sorted({o.day for o in export_context.plan.placed() if o.site == site.key and o.day})
        assert [r["Date"] for r in rows] == [french_date(d) for d in days]
        for r, day in zip(rows, days, strict=True):
            orals = _orals(export_context, site.key, day)
            assert r["Salles occupées"] == len({o.room for o in orals})
            assert r["Candidats attendus"] == len({o.candidate for o in orals})
            first = min(o.convocation or 0 for o in orals)
            before = f" (avant {clock(session.hours.start)})"
            assert r[SUMMARY_HEADERS[4]] == clock(first) + (before if first < session.hours.start else "")
        notes = " ".join(str(ws.cell(row=i, column=1).value) for i in range(2, _header_row(ws)))
        assert f"Contact : {session.contact}" in notes
        # No loge invigilator where there is no loge (Toulouse, Muret: E5, E6 without preparation).
        prepared = any(
            o.preparation_start is not None for o in export_context.plan.placed() if o.site == site.key
        )
        assert ("surveillant" in notes) == ("Surveillants loge (pic)" in rows[0]) == prepared
        if not site.loge_seats:
            assert "pas de loge" in notes
    castres = _table(books["salles-castres.xlsx"]["Synthèse"])
    assert castres[0]["Date"] == "lundi 7 juin 2021"


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
            assert export_context.session.label in ws.oddHeader.right.text, where
            assert "&P" in ws.oddFooter.center.text, where
        for ws in _sheets(book, "accueil") + [book["Synthèse"]]:
            assert ws.auto_filter.ref.startswith(f"A{_header_row(ws)}:"), (name, ws.title)
        for ws in _grids(book):
            # One page a half-day; the rooms stay in view.
            assert ws.page_setup.fitToHeight == 1, (name, ws.title)
            assert ws.freeze_panes == f"B{_header_row(ws) + 1}", (name, ws.title)


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


def _width(ws: Worksheet, first: int, last: int) -> float:
    """Characters that fit across columns ``first`` to ``last`` (merged):
    each column is ``width`` characters of 7 pixels and 5 pixels of padding."""
    pixels = sum(
        int((ws.column_dimensions[get_column_letter(c)].width or 0) * 7 + 0.5) + 5
        for c in range(first, last + 1)
    )
    return (pixels - 5) / 7


def test_nothing_is_cut(books: dict[str, Workbook], named_books: dict[str, Workbook]) -> None:
    for book in [*books.values(), *named_books.values()]:
        for ws in book.worksheets:
            merged = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges}
            for row in ws.iter_rows(min_row=_header_row(ws)):
                for cell in row:
                    if cell.value is None or cell.column is None or cell.row is None:
                        continue
                    if ws in _grids(book) and cell.row == _header_row(ws) and cell.column > 1:
                        continue  # « 08:40 » fits a step's column, printed (see test_rooms_print.py)
                    width = _width(ws, cell.column, merged.get((cell.row, cell.column), cell.column))
                    lines = str(cell.value).split("\n")
                    # A cell wider than its column wraps (cells are set to wrap), never spills or hides.
                    if len(lines) > 1 or max(map(len, lines)) + 1 > width:
                        assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value)
                        # LibreOffice prints one line of a wrapped cell unless the row says how tall it is.
                        need = max(len(lines), 2) * 15
                        assert (ws.row_dimensions[cell.row].height or 0) >= need, (ws.title, cell.coordinate)


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
