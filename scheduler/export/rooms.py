"""``salles-<site>.xlsx``, for each centre head: per day, who arrives at the
entrance desk and when, who is in which room over time, and how many
candidates sit in the preparation room (seats, invigilators) or at the
computer stations.

One workbook per site that hosts at least one oral of the plan: a site left
unused has nothing to organise."""

from __future__ import annotations

import io
import math
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.session import Session, Site, code_rank
from scheduler.export.common import (
    ITALIC_STYLE,
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
from scheduler.export.sites import file_names
from scheduler.text import WEEKDAYS, french_date

#: HYPOTHÈSE du bureau : un surveillant de loge pour ce nombre de candidats présents.
LOGE_CANDIDATES_PER_INVIGILATOR = 15

#: Room columns per printed grid: beyond this, A4 landscape becomes unreadable,
#: so a large site's rooms are spread over several sheets.
ROOMS_PER_SHEET = 8

#: Every per-day sheet: title (row 1), a note (row 2), column titles (row 3).
HEADER_ROW = 3

SUMMARY_HEADERS = (
    "Date",
    "Épreuves",
    "Salles occupées",
    "Candidats attendus",
    "Première convocation",
    "Fin du dernier oral",
    "Loge : pic de candidats",
    "Surveillants loge (pic)",
    "Postes informatiques (pic)",
)
ARRIVAL_HEADERS = (
    "Convocation",
    "N° candidat",
    "Nom",
    "Prénom",
    "Épreuve",
    "Langue ou sujet",
    "Loge (début de préparation)",
    "Salle",
    "Début de l'oral",
    "Fin prévue",
    "Présent",
)
TIME_HEADER = "Heure"
LOGE_HEADER = "Loge : candidats présents"
INVIGILATORS_HEADER = "Surveillants loge"
STATIONS_HEADER = "Postes informatiques occupés"

BUSY_FILL = PatternFill("solid", fgColor="DDEBF7")
BUSY_STYLE = CellStyle(fill=BUSY_FILL)


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
    """A site's day on the session's time grid: rooms, loge and stations at each step."""

    steps: list[int]
    #: room → (commission, oral rows by step)
    rooms: dict[str, tuple[str, dict[int, Row]]]
    loge: list[int]
    stations: list[int]
    has_preparation: bool
    has_computers: bool


def day_load(session: Session, rows: Sequence[Row]) -> DayLoad:
    """Who is where at each step, from the first convocation to the last end."""
    g = session.grid_minutes
    first = min(r.oral.convocation for r in rows if r.oral.convocation is not None)
    last = max(r.oral.end for r in rows if r.oral.end is not None)
    steps = list(range(first // g * g, last, g))
    rooms: dict[str, tuple[str, dict[int, Row]]] = {}
    for r in rows:
        o = r.oral
        assert o.room is not None and o.start is not None and o.end is not None
        _, occupants = rooms.setdefault(o.room, (o.commission or "", {}))
        for t in steps:
            if o.start <= t < o.end:
                occupants[t] = r
    rooms = dict(sorted(rooms.items(), key=lambda kv: _room_key(kv[0])))
    loge = [
        sum(
            1
            for r in rows
            if r.oral.preparation_start is not None
            and r.oral.start is not None
            and r.oral.preparation_start <= t < r.oral.start
        )
        for t in steps
    ]
    computer = [r for r in rows if session.epreuves[r.oral.epreuve].uses_computer]
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
        rooms=rooms,
        loge=loge,
        stations=stations,
        has_preparation=any(r.oral.preparation_start is not None for r in rows),
        has_computers=bool(computer),
    )


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
        load = loads[day]
        rooms = list(load.rooms.items())
        chunks = [rooms[i : i + ROOMS_PER_SHEET] for i in range(0, len(rooms), ROOMS_PER_SHEET)]
        for n, chunk in enumerate(chunks, start=1):
            suffix = f" {n}" if len(chunks) > 1 else ""
            ws = wb.create_sheet(sheet_title(f"{_day_prefix(day)} salles{suffix}", taken))
            part = f" ({n}/{len(chunks)})" if len(chunks) > 1 else ""
            _grid_sheet(ws, ctx, site, day, load, dict(chunk), part)
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


def _summary_sheet(
    ws: Worksheet, ctx: PlanContext, site: Site, days: dict[date, list[Row]], loads: dict[date, DayLoad]
) -> None:
    title = f"Salles — {_site_name(site)} — synthèse"
    title_row(ws, title)
    _note(ws, 2, site.full_address)
    _note(
        ws,
        3,
        f"{_plural(site.interrogation_rooms, 'salle')} d'interrogation, "
        f"{_plural(site.loge_seats, 'place')} en loge, "
        f"{_plural(site.computer_stations, 'poste')} informatique{'s' if site.computer_stations > 1 else ''} ; "
        f"un surveillant de loge pour {LOGE_CANDIDATES_PER_INVIGILATOR} candidats présents",
    )
    header = header_row(ws, SUMMARY_HEADERS, row=4)
    for day, rows in days.items():
        load = loads[day]
        codes = sorted({r.oral.epreuve for r in rows}, key=code_rank)
        peak = max(load.loge, default=0)
        append_row(
            ws,
            (
                french_date(day),
                ", ".join(codes),
                len(load.rooms),
                len({r.candidate.number for r in rows}),
                clock(min(r.oral.convocation for r in rows if r.oral.convocation is not None)),
                clock(max(r.oral.end for r in rows if r.oral.end is not None)),
                peak if load.has_preparation else "",
                invigilators(peak) if load.has_preparation else "",
                max(load.stations, default=0) if load.has_computers else "",
            ),
        )
    fit_table(ws, [header], skip_rows=range(1, header), maximum=30, centered=SUMMARY_HEADERS[2:])
    fit_row_heights(ws, range(header, ws.max_row + 1))
    _span_headings(ws, header)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _note(ws: Worksheet, row: int, text: str) -> None:
    cell = ws.cell(row=row, column=1)
    set_text(cell, text)
    ITALIC_STYLE.apply(cell)


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
    title_row(ws, title)
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
    header = header_row(ws, ARRIVAL_HEADERS, row=HEADER_ROW)
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
        centered=("Convocation", "Épreuve", "Loge (début de préparation)", "Début de l'oral", "Fin prévue"),
    )
    fit_row_heights(ws, range(header, header + len(ordered) + 1))
    _span_headings(ws, header)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)


def _occupant(r: Row) -> str:
    text = f"{r.candidate.number} {r.candidate.surname}"
    family = family_of(r.oral.commission or "")
    # E2F in an E2 room, ENG after E6: say which oral is running.
    return text if r.oral.epreuve == family else f"{text} ({r.oral.epreuve})"


def _grid_sheet(
    ws: Worksheet,
    ctx: PlanContext,
    site: Site,
    day: date,
    load: DayLoad,
    rooms: dict[str, tuple[str, dict[int, Row]]],
    part: str,
) -> None:
    g = ctx.session.grid_minutes
    title = f"Salles — {_site_name(site)} — {french_date(day)}{part}"
    title_row(ws, title)
    note = f"Chaque ligne vaut pour {g} minutes à partir de l'heure indiquée ; une salle affiche le candidat interrogé."
    if load.has_preparation:
        note += (
            f" Surveillants loge : un pour {LOGE_CANDIDATES_PER_INVIGILATOR} candidats présents, "
            "arrondi au-dessus (hypothèse du bureau)."
        )
    _note(ws, 2, note)
    labels = [TIME_HEADER]
    if load.has_preparation:
        labels += [f"{LOGE_HEADER} ({_plural(site.loge_seats, 'place')})", INVIGILATORS_HEADER]
    if load.has_computers:
        labels.append(f"{STATIONS_HEADER} ({_plural(site.computer_stations, 'poste')})")
    counts = len(labels) - 1
    labels += [f"{room} ({commission})" for room, (commission, _) in rooms.items()]
    header = header_row(ws, labels, row=HEADER_ROW)
    for i, t in enumerate(load.steps):
        row = header + 1 + i
        values: list[object] = [clock(t)]
        if load.has_preparation:
            values += [load.loge[i], invigilators(load.loge[i])]
        if load.has_computers:
            values.append(load.stations[i])
        values += [_occupant(occ[t]) if t in occ else None for _, occ in rooms.values()]
        write_row(ws, row, values)
        for col in range(counts + 2, len(values) + 1):
            cell = ws.cell(row=row, column=col)
            if cell.value:
                BUSY_STYLE.apply(cell)
    fit_table(ws, [header], skip_rows=range(1, header), maximum=24, centered=labels[: counts + 1])
    fit_row_heights(ws, range(header, header + len(load.steps) + 1))
    _span_headings(ws, header)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)
    # The time and the counts stay in view while scrolling through the rooms.
    ws.freeze_panes = ws.cell(row=header + 1, column=counts + 2)
