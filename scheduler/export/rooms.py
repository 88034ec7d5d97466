"""``salles-<site>.xlsx``, for each centre head: per day, who arrives at the
entrance desk and when, which examiners sign in, who is in which room over
time (one printed page per half-day), and how many candidates sit in the
preparation room (seats, invigilators) or at the computer stations.

One workbook per site that hosts at least one oral of the plan: a site left
unused has nothing to organise."""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Collection, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.session import Examiner, Session, Site, code_rank, extra_time_label
from scheduler.export.common import (
    BORDER,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    LINE_HEIGHT,
    THIN,
    CellStyle,
    append_row,
    clock,
    fit_row_heights,
    fit_table,
    header_row,
    prepare_for_print,
    set_text,
    sheet_title,
    title_row,
    workbook_bytes,
    write_row,
)
from scheduler.export.context import PlanContext, Row
from scheduler.export.paging import page_height
from scheduler.export.sites import file_names
from scheduler.text import WEEKDAYS, french_date

#: HYPOTHÈSE du bureau : un surveillant de loge pour ce nombre de candidats présents.
LOGE_CANDIDATES_PER_INVIGILATOR = 15

#: Room rows per printed half-day grid: a half-day of up to this many rooms
#: prints on one A4 landscape page at 8 pt or more (rooms with two named
#: examiners take three lines); a larger site's rooms are spread evenly over
#: as few sheets as this allows.
ROOMS_PER_SHEET = 12

#: Width (characters) of a grid step's column: « 08:40 » in bold, and a
#: candidate number across the two steps of a 20-minute oral.
STEP_WIDTH = 5.3
#: Widest room column of the grid (room, commission, examiner names wrap).
ROOM_WIDTH = 26

#: The two half-days: orals starting before the lunch break's end are the morning's.
MORNING = "matin"
AFTERNOON = "après-midi"

SUMMARY_HEADERS = (
    "Date",
    "Épreuves",
    "Salles occupées",
    "Candidats attendus",
    "Ouverture de l'accueil (première convocation)",
    "Fin du dernier oral",
    "Loge : pic de candidats",
    "Surveillants loge (pic)",
    "Postes informatiques (pic)",
)
LOGE_SUMMARY_HEADERS = SUMMARY_HEADERS[6:8]
STATIONS_SUMMARY_HEADER = SUMMARY_HEADERS[8]
ARRIVAL_HEADERS = (
    "Convocation",
    "N° candidat",
    "Nom",
    "Prénom",
    "Épreuve",
    "Langue ou sujet",
    "Aménagement",
    "Loge (début de préparation)",
    "Salle",
    "Début de l'oral",
    "Fin prévue",
    "Présent",
)
SIGN_IN_HEADERS = (
    "Examinateur",
    "Commission",
    "Salle",
    "Épreuve",
    "Arrivée (premier oral)",
    "Fin (dernier oral)",
    "Signature",
)
ROOM_HEADER = "Salle — commission"
EXAMINERS_SUFFIX = ", examinateurs"
LOGE_HEADER = "Loge : candidats présents"
INVIGILATORS_HEADER = "Surveillants loge"
STATIONS_HEADER = "Postes informatiques occupés"
OPENING = "Ouverture de l'accueil"

#: The workbook's font, named on every styled cell: a bold or italic font
#: without a name prints in LibreOffice's default (DejaVu Serif), far wider
#: than Calibri, and « 08:40 » no longer fits a step's column.
FONT = "Calibri"
NAMED_TITLE_STYLE = CellStyle(font=Font(name=FONT, bold=True, size=13))
NAMED_NOTE_STYLE = CellStyle(font=Font(name=FONT, italic=True))
NAMED_HEADER_STYLE = CellStyle(
    font=Font(name=FONT, bold=True, color="FFFFFF"),
    fill=HEADER_FILL,
    border=BORDER,
    alignment=HEADER_ALIGNMENT,
)

BUSY_FILL = PatternFill("solid", fgColor="DDEBF7")
#: An oral on the grid: the candidate, centred on the steps the oral takes.
BUSY_STYLE = CellStyle(
    fill=BUSY_FILL,
    border=BORDER,
    alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
)
#: A step's cell with no oral, and the per-step counts: the full hours stand out.
STEP_STYLE = CellStyle(border=BORDER, alignment=Alignment(vertical="center", horizontal="center"))
HOUR = Side(style="medium", color="1F4E78")
HOUR_STYLE = CellStyle(
    border=Border(left=HOUR, right=THIN, top=THIN, bottom=THIN),
    alignment=Alignment(vertical="center", horizontal="center"),
)
ROOM_STYLE = CellStyle(border=BORDER, alignment=Alignment(wrap_text=True, vertical="center"))
#: Room to sign: the émargement's rows are at least this tall (points).
SIGNING_HEIGHT = 24.0


def table_width(ws: Worksheet) -> float:
    """Sum of the column widths of a sheet."""
    return sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, ws.max_column + 1))


def invigilators(candidates: int) -> int:
    """Invigilators needed for ``candidates`` in the preparation room."""
    return math.ceil(candidates / LOGE_CANDIDATES_PER_INVIGILATOR)


def room_workbooks(
    ctx: PlanContext, gantts: dict[tuple[str, date], bytes] | None = None, *, skip: Collection[str] = ()
) -> dict[str, bytes]:
    """``salles-<ville>.xlsx`` → bytes, for every site hosting at least one oral
    (but those whose file name is in ``skip``); with ``gantts`` (PNG of each
    site and day), a « Gantt » sheet shows them."""
    names = file_names(ctx.session)
    return {
        names[key]: site_workbook(ctx, key, {d: g for (s, d), g in (gantts or {}).items() if s == key})
        for key in dict.fromkeys(site for site, _ in ctx.by_site_day())
        if names[key] not in skip
    }


def site_workbook(ctx: PlanContext, site: str, gantts: dict[date, bytes] | None = None) -> bytes:
    """The room workbook of one site hosting orals, with the Gantt picture
    of each day in ``gantts`` on its « Gantt » sheet."""
    days = {day: rows for (key, day), rows in ctx.by_site_day().items() if key == site}
    return _site_workbook(ctx, ctx.session.sites[site], days, gantts or {})


def _room_key(room: str) -> tuple[str, int, str]:
    # « Salle 10 » after « Salle 9 ».
    match = re.match(r"^(.*?)(\d+)$", room)
    return (match.group(1), int(match.group(2)), room) if match else (room, -1, room)


def _day_prefix(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()][:3]}. {day:%d-%m}"


@dataclass(frozen=True)
class DayLoad:
    """Part of a site's day on the session's time grid: its rooms' orals,
    and the loge and stations at each step."""

    steps: list[int]
    #: room → its orals, rooms in order (« Salle 2 » before « Salle 10 »)
    rooms: dict[str, list[Row]]
    loge: list[int]
    stations: list[int]
    has_preparation: bool
    has_computers: bool


def day_load(session: Session, rows: Sequence[Row], counted: Sequence[Row] | None = None) -> DayLoad:
    """Who is where at each step, from the first convocation of ``rows`` to
    their last end; the loge and stations count ``counted`` (the whole
    day's orals, by default ``rows``)."""
    g = session.grid_minutes
    counted = rows if counted is None else counted
    first = min(r.oral.convocation for r in rows if r.oral.convocation is not None)
    last = max(r.oral.end for r in rows if r.oral.end is not None)
    steps = list(range(first // g * g, last, g))
    rooms: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        assert r.oral.room is not None and r.oral.start is not None and r.oral.end is not None
        rooms[r.oral.room].append(r)
    loge = [
        sum(
            1
            for r in counted
            if r.oral.preparation_start is not None
            and r.oral.start is not None
            and r.oral.preparation_start <= t < r.oral.start
        )
        for t in steps
    ]
    computer = [r for r in counted if session.epreuves[r.oral.epreuve].uses_computer]
    stations = [
        sum(
            1
            for r in computer
            if r.oral.start is not None and r.oral.end is not None and r.oral.start <= t < r.oral.end
        )
        for t in steps
    ]
    return DayLoad(
        steps=steps,
        rooms={room: rooms[room] for room in sorted(rooms, key=_room_key)},
        loge=loge,
        stations=stations,
        has_preparation=any(r.oral.preparation_start is not None for r in counted),
        has_computers=bool(computer),
    )


def half_days(session: Session, rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """The day's orals by half-day: those starting before the end of the
    session's lunch break, then the others (a half-day with none is left out)."""
    lunch_end = session.hours.lunch_end
    morning = [r for r in rows if (r.oral.start or 0) < lunch_end]
    afternoon = [r for r in rows if (r.oral.start or 0) >= lunch_end]
    return [(name, part) for name, part in ((MORNING, morning), (AFTERNOON, afternoon)) if part]


def _shares(n: int, size: int) -> list[int]:
    """``n`` items over as few groups of at most ``size`` as possible, evenly."""
    groups = max(1, -(-n // size))
    return [n // groups + (1 if i < n % groups else 0) for i in range(groups)]


def _site_workbook(
    ctx: PlanContext, site: Site, days: dict[date, list[Row]], gantts: dict[date, bytes]
) -> bytes:
    wb = Workbook()
    taken: set[str] = set()
    summary = wb.active
    assert summary is not None
    summary.title = sheet_title("Synthèse", taken)
    loads = {day: day_load(ctx.session, rows) for day, rows in days.items()}
    _summary_sheet(summary, ctx, site, days, loads)
    for day, rows in days.items():
        _arrival_sheet(
            wb.create_sheet(sheet_title(f"{_day_prefix(day)} accueil", taken)), ctx, site, day, rows
        )
        if any(r.oral.examiners for r in rows):
            _sign_in_sheet(
                wb.create_sheet(sheet_title(f"{_day_prefix(day)} émargement", taken)), ctx, site, day, rows
            )
        for name, part in half_days(ctx.session, rows):
            load = day_load(ctx.session, part, rows)
            rooms = list(load.rooms.items())
            shares = _shares(len(rooms), ROOMS_PER_SHEET)
            begin = 0
            for n, share in enumerate(shares, start=1):
                chunk = dict(rooms[begin : begin + share])
                begin += share
                suffix = f" {n}" if len(shares) > 1 else ""
                ws = wb.create_sheet(sheet_title(f"{_day_prefix(day)} {name}{suffix}", taken))
                piece = f" ({n}/{len(shares)})" if len(shares) > 1 else ""
                _grid_sheet(ws, ctx, site, f"{french_date(day)}, {name}{piece}", load, chunk)
    if gantts:
        _gantt_sheet(wb.create_sheet(sheet_title("Gantt", taken)), ctx, site, gantts)
    return workbook_bytes(wb)


#: Largest Gantt picture on the sheet, in screen pixels (96 per inch): what
#: an A4 landscape page holds within the margins set below.
GANTT_BOX = (1000, 640)
#: Height of a default row, in screen pixels (15 points).
ROW_PIXELS = 20


def _gantt_sheet(ws: Worksheet, ctx: PlanContext, site: Site, gantts: dict[date, bytes]) -> None:
    """The site's Gantt charts, one per day and per printed page (each chart
    carries its own title; the page header names the site)."""
    title = f"Salles — {_site_name(site)} — diagrammes de Gantt"
    row = 1
    for day in sorted(gantts):
        picture = Image(io.BytesIO(gantts[day]))
        scale = min(GANTT_BOX[0] / picture.width, GANTT_BOX[1] / picture.height)
        picture.width = round(picture.width * scale)
        picture.height = round(picture.height * scale)
        ws.add_image(picture, f"A{row}")
        rows = -(-picture.height // ROW_PIXELS) + 1
        ws.row_breaks.append(Break(id=row + rows - 1))
        row += rows
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=0)
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.2


def _site_name(site: Site) -> str:
    return f"{site.town} — {site.etablissement}"


def _contact(ctx: PlanContext, site: Site) -> str:
    """« Contact : … ; téléphone du centre : … », empty when neither is known."""
    parts = []
    if ctx.session.contact:
        parts.append(f"Contact : {ctx.session.contact}")
    if site.phone:
        parts.append(f"téléphone du centre : {site.phone}")
    text = " ; ".join(parts)
    return text[:1].upper() + text[1:]


def _before_opening(session: Session, first: int) -> str:
    """« , avant l'ouverture habituelle de 08:00 » when the first convocation
    ``first`` is before the session's usual opening, else nothing."""
    start = session.hours.start
    return f", avant l'ouverture habituelle de {clock(start)}" if first < start else ""


def _first_convocation(rows: Sequence[Row]) -> int:
    return min(r.oral.convocation for r in rows if r.oral.convocation is not None)


def _summary_sheet(
    ws: Worksheet, ctx: PlanContext, site: Site, days: dict[date, list[Row]], loads: dict[date, DayLoad]
) -> None:
    title = f"Salles — {_site_name(site)} — synthèse"
    _title(ws, title)
    _note(ws, 2, site.full_address)
    loge = any(load.has_preparation for load in loads.values()) and site.loge_seats > 0
    computers = any(load.has_computers for load in loads.values())
    capacities = [f"{_plural(site.interrogation_rooms, 'salle')} d'interrogation"]
    capacities.append(f"{_plural(site.loge_seats, 'place')} en loge" if site.loge_seats else "pas de loge")
    stations = site.computer_stations
    capacities.append(f"{_plural(stations, 'poste')} informatique{'s' if stations > 1 else ''}")
    text = ", ".join(capacities)
    if loge:
        text += f" ; un surveillant de loge pour {LOGE_CANDIDATES_PER_INVIGILATOR} candidats présents"
    _note(ws, 3, text)
    _note(
        ws,
        4,
        f"{OPENING} : à la première convocation du jour, "
        f"{ctx.session.welcome_minutes} minutes avant la première activité du candidat ; "
        f"« avant {clock(ctx.session.hours.start)} » : plus tôt que l'ouverture habituelle du centre.",
    )
    row = 5
    if contact := _contact(ctx, site):
        _note(ws, row, contact)
        row += 1
    headers = [
        h
        for h in SUMMARY_HEADERS
        if (loge or h not in LOGE_SUMMARY_HEADERS) and (computers or h != STATIONS_SUMMARY_HEADER)
    ]
    header = _header(ws, headers, row)
    for day, rows in days.items():
        load = loads[day]
        codes = sorted({r.oral.epreuve for r in rows}, key=code_rank)
        peak = max(load.loge, default=0)
        has_loge = load.has_preparation and site.loge_seats > 0
        first, start = _first_convocation(rows), ctx.session.hours.start
        values: dict[str, object] = {
            SUMMARY_HEADERS[0]: french_date(day),
            SUMMARY_HEADERS[1]: ", ".join(codes),
            SUMMARY_HEADERS[2]: len(load.rooms),
            SUMMARY_HEADERS[3]: len({r.candidate.number for r in rows}),
            SUMMARY_HEADERS[4]: clock(first) + (f" (avant {clock(start)})" if first < start else ""),
            SUMMARY_HEADERS[5]: clock(max(r.oral.end for r in rows if r.oral.end is not None)),
            SUMMARY_HEADERS[6]: peak if has_loge else "",
            SUMMARY_HEADERS[7]: invigilators(peak) if has_loge else "",
            SUMMARY_HEADERS[8]: max(load.stations, default=0) if load.has_computers else "",
        }
        append_row(ws, [values[h] for h in headers])
    fit_table(
        ws,
        [header],
        skip_rows=range(1, header),
        maximum=30,
        caps={headers.index(SUMMARY_HEADERS[4]) + 1: 22},
        centered=SUMMARY_HEADERS[2:],
    )
    fit_row_heights(ws, range(header, ws.max_row + 1))
    _span_headings(ws, header)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _note(ws: Worksheet, row: int, text: str) -> None:
    cell = ws.cell(row=row, column=1)
    set_text(cell, text)
    NAMED_NOTE_STYLE.apply(cell)


def _title(ws: Worksheet, text: str) -> None:
    title_row(ws, text)
    NAMED_TITLE_STYLE.apply(ws.cell(row=1, column=1))


def _header(ws: Worksheet, labels: Sequence[str], row: int) -> int:
    header_row(ws, labels, row=row)
    for col in range(1, len(labels) + 1):
        NAMED_HEADER_STYLE.apply(ws.cell(row=row, column=col))
    return row


def _span_headings(ws: Worksheet, header: int) -> None:
    """Spread the title and notes above the column titles over the whole table.

    Text running over empty cells is cut at the table's right edge when
    printed: merged across the table and wrapped, with a row tall enough for
    its lines, it is printed whole however narrow the table.
    """
    last = ws.max_column
    total = table_width(ws)
    for row in range(1, header):
        cell = ws.cell(row=row, column=1)
        if cell.value is None:
            continue
        size = float(cell.font.sz or 11)
        # Bold and larger fonts take more room than the width unit (a digit at 11 pt).
        scale = size / 11 * (1.15 if cell.font.b else 1.05)
        lines = max(1, math.ceil(len(str(cell.value)) * scale / max(total - 2, 1)))
        if last > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = round(lines * size * 1.35 + 2, 1)


def _arrival_sheet(ws: Worksheet, ctx: PlanContext, site: Site, day: date, rows: list[Row]) -> None:
    title = f"Accueil — {_site_name(site)} — {french_date(day)}"
    _title(ws, title)
    # One line per expected arrival: orals sharing a convocation (E6 then
    # ENG) are one arrival; a later convocation the same day is another.
    arrivals: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for r in rows:
        assert r.oral.convocation is not None
        arrivals[(r.candidate.number, r.oral.convocation)].append(r)
    ordered = sorted(arrivals.items(), key=lambda kv: (kv[0][1], kv[1][0].candidate.surname, kv[0][0]))
    _note(
        ws,
        2,
        f"{site.full_address} — {_plural(len(ordered), 'arrivée')} attendue{'s' if len(ordered) > 1 else ''}, "
        f"{_plural(len({r.candidate.number for r in rows}), 'candidat')}",
    )
    first = _first_convocation(rows)
    _note(ws, 3, f"{OPENING} : {clock(first)} (première convocation){_before_opening(ctx.session, first)}")
    notes = 3
    if contact := _contact(ctx, site):
        notes += 1
        _note(ws, notes, contact)
    header = _header(ws, ARRIVAL_HEADERS, notes + 1)
    for row, ((_, convocation), group) in enumerate(ordered, start=header + 1):
        group = sorted(group, key=lambda r: r.oral.start or 0)
        c = group[0].candidate
        preparations = [r.oral.preparation_start for r in group if r.oral.preparation_start is not None]
        write_row(
            ws,
            row,
            (
                clock(convocation),
                c.number,
                c.surname,
                c.given_name,
                " + ".join(r.oral.epreuve for r in group),
                ", ".join(dict.fromkeys(x for r in group if (x := r.oral.language or r.oral.subject))),
                extra_time_label(c.extra_time),
                clock(min(preparations)) if preparations else "",
                " / ".join(dict.fromkeys(r.oral.room or "" for r in group)),
                clock(group[0].oral.start),
                clock(max(r.oral.end or 0 for r in group)),
                "",
            ),
        )
    fit_table(
        ws,
        [header],
        skip_rows=range(1, header),
        caps={ARRIVAL_HEADERS.index("Aménagement") + 1: 14},
        centered=("Convocation", "Épreuve", "Loge (début de préparation)", "Début de l'oral", "Fin prévue"),
    )
    fit_row_heights(ws, range(header, header + len(ordered) + 1))
    _span_headings(ws, header)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)


def _examiner_name(ctx: PlanContext, examiner: str) -> str:
    """« NOM Prénom (EX001) », as :meth:`PlanContext.examiner_names` writes each."""
    e: Examiner | None = ctx.examiner_by_id.get(examiner)
    return f"{e.surname} {e.given_name} ({examiner})" if e else examiner


def _sign_in_sheet(ws: Worksheet, ctx: PlanContext, site: Site, day: date, rows: list[Row]) -> None:
    """The examiners expected that day, by arrival (the start of their first
    oral), with room to sign: one printed page."""
    title = f"Émargement des examinateurs — {_site_name(site)} — {french_date(day)}"
    _title(ws, title)
    orals: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        for examiner in r.oral.examiners:
            orals[examiner].append(r)

    def arrival(examiner: str) -> tuple[int, str]:
        return (min(r.oral.start or 0 for r in orals[examiner]), _examiner_name(ctx, examiner))

    ordered = sorted(orals, key=arrival)
    _note(
        ws,
        2,
        f"{site.full_address} — {_plural(len(ordered), 'examinateur')} attendu{'s' if len(ordered) > 1 else ''}",
    )
    notes = 2
    if contact := _contact(ctx, site):
        notes += 1
        _note(ws, notes, contact)
    header = _header(ws, SIGN_IN_HEADERS, notes + 1)
    for row, examiner in enumerate(ordered, start=header + 1):
        mine = sorted(orals[examiner], key=lambda r: r.oral.start or 0)
        write_row(
            ws,
            row,
            (
                _examiner_name(ctx, examiner),
                ", ".join(dict.fromkeys(r.oral.commission or "" for r in mine)),
                " / ".join(dict.fromkeys(r.oral.room or "" for r in mine)),
                ", ".join(sorted({r.oral.epreuve for r in mine}, key=code_rank)),
                clock(mine[0].oral.start),
                clock(max(r.oral.end or 0 for r in mine)),
                "",
            ),
        )
    signature = len(SIGN_IN_HEADERS)
    fit_table(
        ws,
        [header],
        skip_rows=range(1, header),
        maximum=30,
        minimums={signature: 30},
        centered=SIGN_IN_HEADERS[1:6],
    )
    last = header + len(ordered)
    fit_row_heights(ws, range(header, last + 1))
    _span_headings(ws, header)
    prepare_for_print(
        ws, title=title, session=ctx.session, header_rows=header, landscape=False, filter_from=header
    )
    # Rows as tall as one page allows, to sign in comfortably (never below SIGNING_HEIGHT).
    above = sum(ws.row_dimensions[r].height or LINE_HEIGHT for r in range(1, header + 1))
    room = (page_height(ws) - above) / max(len(ordered), 1)
    for row in range(header + 1, last + 1):
        own = ws.row_dimensions[row].height or LINE_HEIGHT
        ws.row_dimensions[row].height = max(own, SIGNING_HEIGHT, min(room, 2.5 * SIGNING_HEIGHT))
    ws.page_setup.fitToHeight = 1
    # Portrait: the page header's left part must leave room for the session's label.
    ws.oddHeader.left.text = f"Émargement — {site.town} — {french_date(day)}"


def _extra_mark(extra: Fraction) -> str:
    """Extra time in a grid cell: « ⅓ » for tiers-temps, « +25 % » otherwise."""
    return "⅓" if extra == Fraction(1, 3) else extra_time_label(extra, short=True)


def _occupant(r: Row, width: float) -> str:
    """The candidate of an oral in a grid cell ``width`` characters wide: name,
    then number, the épreuve when it is not the room's (E2F in an E2 room,
    ENG after E6) and the extra time; on more lines when the oral is short,
    a candidate number never cut."""
    c = r.candidate
    marks = []
    if r.oral.epreuve != family_of(r.oral.commission or ""):
        marks.append(f"({r.oral.epreuve})")
    if c.extra_time:
        marks.append(_extra_mark(c.extra_time))
    name = f"{c.surname} {c.given_name}"
    tail = " ".join([c.number, *marks])
    if len(f"{name} {tail}") + 1 <= width:
        return f"{name} {tail}"
    if len(tail) <= width:
        return f"{name}\n{tail}"
    return "\n".join([name, c.number, *([" ".join(marks)] if marks else [])])


def _characters(columns: int) -> float:
    """Characters of the default font that fit across ``columns`` grid steps
    (a merged cell): their printed width less a cell's padding."""
    pixels = int(STEP_WIDTH * 7 + 0.5) + 5  # a column's width on screen
    return (columns * pixels - 5) / 7


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapping cell ``width`` characters wide."""
    usable = max(int(width), 1)
    return sum(max(1, len(textwrap.wrap(part, usable))) for part in text.split("\n"))


def _merge(ws: Worksheet, row: int, first: int, last: int) -> None:
    """Merge a row's cells from column ``first`` to ``last`` (not written
    yet), each taking the first one's style (borders, fill).

    As :meth:`Worksheet.merge_cells` does, but that one sets each edge cell's
    border through openpyxl's style lookup, which took most of the time to
    write a workbook of grids."""
    ws.merged_cells.add(
        MergedCellRange(ws, f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")
    )
    style = ws.cell(row=row, column=first)._style
    for col in range(first + 1, last + 1):
        cell = MergedCell(ws, row=row, column=col)
        cell._style = copy(style)
        ws._cells[(row, col)] = cell


def _room_label(ctx: PlanContext, room: str, orals: list[Row]) -> str:
    """« Salle 5 — E4-C05 », then the examiners' names, one a line."""
    commissions = ", ".join(dict.fromkeys(r.oral.commission or "" for r in orals))
    names = dict.fromkeys(_examiner_name(ctx, e) for r in orals for e in r.oral.examiners)
    return "\n".join([f"{room} — {commissions}", *names])


def _grid_sheet(
    ws: Worksheet,
    ctx: PlanContext,
    site: Site,
    when: str,
    load: DayLoad,
    rooms: dict[str, list[Row]],
) -> None:
    """A half-day's rooms, one row each, across the grid's steps: each oral
    a block over its steps, then the loge and stations counts; one page."""
    g = ctx.session.grid_minutes
    title = f"Salles — {_site_name(site)} — {when}"
    _title(ws, title)
    has_loge = load.has_preparation and site.loge_seats > 0
    named = any(r.oral.examiners for orals in rooms.values() for r in orals)
    note = (
        f"Une colonne pour {g} minutes à partir de l'heure indiquée ; chaque case grisée donne le candidat "
        "interrogé (nom, numéro ; ⅓ : tiers-temps, +N % : temps majoré)."
    )
    if has_loge:
        note += (
            f" Surveillants loge : un pour {LOGE_CANDIDATES_PER_INVIGILATOR} candidats présents, "
            "arrondi au-dessus (hypothèse du bureau)."
        )
    _note(ws, 2, note)
    header = 3
    labels = [ROOM_HEADER + (EXAMINERS_SUFFIX if named else ""), *(clock(t) for t in load.steps)]
    _header(ws, labels, header)
    column = {t: i for i, t in enumerate(load.steps, start=2)}
    hours = {column[t] for t in load.steps if t % 60 == 0}
    room_labels = {room: _room_label(ctx, room, orals) for room, orals in rooms.items()}
    room_width = min(
        ROOM_WIDTH,
        max(len(line) for text in [*room_labels.values(), labels[0]] for line in text.split("\n")) + 2,
    )
    counts: list[tuple[str, list[int]]] = []
    if has_loge:
        counts.append((f"{LOGE_HEADER} ({_plural(site.loge_seats, 'place')})", load.loge))
        counts.append((INVIGILATORS_HEADER, [invigilators(n) for n in load.loge]))
    if load.has_computers:
        stations = site.computer_stations
        counts.append((f"{STATIONS_HEADER} ({_plural(stations, 'poste')})", load.stations))
    row = header
    heights: dict[int, int] = {header: _lines(labels[0], room_width - 1)}
    for room, orals in rooms.items():
        row += 1
        label = ws.cell(row=row, column=1)
        set_text(label, room_labels[room])
        ROOM_STYLE.apply(label)
        lines = _lines(room_labels[room], room_width - 1)
        busy: set[int] = set()
        for r in sorted(orals, key=lambda r: r.oral.start or 0):
            taken = [column[t] for t in load.steps if (r.oral.start or 0) <= t < (r.oral.end or 0)]
            busy.update(taken)
            width = _characters(len(taken))
            text = _occupant(r, width)
            cell = ws.cell(row=row, column=taken[0])
            set_text(cell, text)
            BUSY_STYLE.apply(cell)
            if len(taken) > 1:
                _merge(ws, row, taken[0], taken[-1])
            lines = max(lines, _lines(text, width))
        for col in range(2, len(load.steps) + 2):
            if col not in busy:
                (HOUR_STYLE if col in hours else STEP_STYLE).apply(ws.cell(row=row, column=col))
        heights[row] = lines
    for text, values in counts:
        row += 1
        label = ws.cell(row=row, column=1)
        set_text(label, text)
        ROOM_STYLE.apply(label)
        heights[row] = _lines(text, room_width - 1)
        for col, value in enumerate(values, start=2):
            cell = ws.cell(row=row, column=col)
            set_text(cell, value)
            (HOUR_STYLE if col in hours else STEP_STYLE).apply(cell)
    ws.column_dimensions["A"].width = room_width
    for col in range(2, len(load.steps) + 2):
        ws.column_dimensions[get_column_letter(col)].width = STEP_WIDTH
    for number, lines in heights.items():
        if lines > 1:
            ws.row_dimensions[number].height = lines * LINE_HEIGHT
    _span_headings(ws, header)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header)
    # One page: narrow margins, the whole grid shrunk to fit.
    ws.page_setup.fitToHeight = 1
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.2
    # The rooms stay in view while scrolling through the day.
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
