"""``convocations.xlsx``: one row per candidate and oral, with the date, the
convocation time, the site, the room and the preparation and oral times; a
sheet « Toutes » for the office and one sheet per établissement so that each
school can tell its own students.  An oral without a passage (NV, absent,
désisté, not placed) says why in place of its date.

Each sheet opens with what a candidate needs besides the table: whom to
contact, what to bring, when to arrive, and two small legends side by side —
the full address (and telephone) of each site of the sheet, the title of
each of its épreuves.  The rows then name a site by its town and an épreuve
by its code, and an établissement's table prints on A4 landscape at about
9 points, « Toutes » (one more column) a little smaller, never below 8.
On paper, only the column titles repeat on each page; a candidate's rows are
never cut by a page, and the pages of a sheet are filled evenly, so that no
page carries a few orphan rows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.plan import ABSENT, NV, UNPLACED, WITHDRAWN
from scheduler.domain.session import Session, Site, code_rank, extra_time_label
from scheduler.export.common import (
    BOLD_FONT,
    BORDER,
    FONT_NAME,
    ITALIC_FONT,
    LINE_HEIGHT,
    TABLE_STYLE,
    TITLE_FONT,
    WRAP,
    CellStyle,
    clock,
    fit_row_heights,
    fit_table,
    header_row,
    prepare_for_print,
    set_text,
    sheet_title,
    workbook_bytes,
    write_row,
)
from scheduler.export.context import PlanContext, Row
from scheduler.export.paging import SAFETY, column_points, print_scale, printable, row_height
from scheduler.export.recipients import SCHOOL as SCHOOL_ROLE
from scheduler.export.recipients import Owner
from scheduler.io.plan_files import office_csv
from scheduler.text import french_date, name_key, unique_slugs

NUMBER = "N° candidat"
CANDIDATE = "Candidat"
SCHOOL = "Établissement"
EXTRA_TIME = "Aménagement"
EPREUVE = "Épreuve"
TOPIC = "Langue / sujet"
DATE = "Date"
CONVOCATION = "Convocation"
PREPARATION = "Préparation"
START = "Passage"
END = "Fin"
SITE = "Site"
ROOM = "Salle"
#: The columns of the « Toutes » sheet.
COLUMNS: tuple[str, ...] = (
    NUMBER,
    CANDIDATE,
    SCHOOL,
    EXTRA_TIME,
    EPREUVE,
    TOPIC,
    DATE,
    CONVOCATION,
    PREPARATION,
    START,
    END,
    SITE,
    ROOM,
)
#: The columns of an établissement's sheet: its name is the sheet's title.
SCHOOL_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c != SCHOOL)
#: The date and the times after it: an oral without convocation says why in
#: the date's cell, and the text runs over the empty time columns.
TIME_COLUMNS = (CONVOCATION, PREPARATION, START, END)
ALL_SHEET = "Toutes"
TITLE_PREFIX = "Convocations aux épreuves orales — "
CONTACT_PREFIX = "Contact : "
TO_BRING = "À apporter : une pièce d'identité officielle avec photographie et la convocation."
SITES_HEADING = "Lieux des oraux"
EPREUVES_HEADING = "Épreuves"
PHONE_PREFIX = " — tél. "
NV_MESSAGE = "Dossier non valide (NV) : pas de convocation"
UNPLACED_MESSAGE = "Oral non placé : pas encore de convocation"
ABSENT_MESSAGE = "Absence signalée : pas de passage"
WITHDRAWN_MESSAGE = "Désistement : oral annulé"
#: What an oral without convocation says in place of its date, by status.
MESSAGES: dict[str, str] = {
    NV: NV_MESSAGE,
    ABSENT: ABSENT_MESSAGE,
    WITHDRAWN: WITHDRAWN_MESSAGE,
    UNPLACED: UNPLACED_MESSAGE,
}
#: Shown instead of a preparation time for orals without preparation, so that
#: an empty cell always means "no convocation".
NO_PREPARATION = "—"
#: Widest a column may get (characters): beyond, its text wraps.
CAPS: dict[str, int] = {
    NUMBER: 14,
    CANDIDATE: 26,
    SCHOOL: 24,
    EXTRA_TIME: 13,
    EPREUVE: 8,
    TOPIC: 14,
    SITE: 14,
    ROOM: 10,
}
#: Columns narrowed, in turn, if a sheet would still print below
#: :data:`MIN_SCALE` (only with unusually long names), and how far.
SHRINKABLE: dict[str, int] = {SCHOOL: 14, CANDIDATE: 16, TOPIC: 10, SITE: 10, NUMBER: 11}
#: The smallest scale a sheet prints at, for text of 8 points or more:
#: LibreOffice prints the text about 2 % smaller than the scale it applies to
#: the columns (:func:`~scheduler.export.paging.print_scale`).
MIN_SCALE = 0.75
#: The scale a sheet with room to spare is brought down to, by widening its
#: columns: text of about 9 points, readable, and more rows on each page.
TARGET_SCALE = 0.83
#: Height (points) of one line of text in a table row.  Excel's 15 points
#: leave more room around 11-point text than the eye needs; LibreOffice's own
#: default for the font is 12.8.
ROW_LINE = 13.5
TITLE_HEIGHT = 19.5
#: Top and bottom margins, and the page header's and footer's (inches).
MARGIN = 0.6
HEADER_MARGIN = 0.25
#: A little air between the legends and the table.
SPACER_HEIGHT = 6.0
#: Every other candidate is shaded, so that the eye follows a candidate's rows.
SHADE = PatternFill("solid", fgColor="DDEBF7")
SHADED_STYLE = CellStyle(border=BORDER, alignment=WRAP, fill=SHADE)
NO_WRAP = Alignment(vertical="top", wrap_text=False)
#: The message of an oral without convocation runs over the cells on its right.
MESSAGE_STYLE = CellStyle(alignment=NO_WRAP, font=ITALIC_FONT)
TITLE_STYLE = CellStyle(font=TITLE_FONT, alignment=Alignment(vertical="top"))
#: The lines above the table, by kind: a line that fits runs over the empty
#: cells on its right; a longer one wraps in cells merged over the width.
LINE_STYLES: dict[str, tuple[CellStyle, CellStyle]] = {
    "plain": (CellStyle(alignment=NO_WRAP), CellStyle(alignment=WRAP)),
    "bold": (CellStyle(alignment=NO_WRAP, font=BOLD_FONT), CellStyle(alignment=WRAP, font=BOLD_FONT)),
    "italic": (CellStyle(alignment=NO_WRAP, font=ITALIC_FONT), CellStyle(alignment=WRAP, font=ITALIC_FONT)),
}
#: The name a legend's entry is looked up by (town, épreuve code).
KEY_FONT = InlineFont(rFont=FONT_NAME, b=True)
#: Bold text is wider than the unit of column widths.
BOLD_FACTOR = 1.15


def convocations_workbook(ctx: PlanContext) -> bytes:
    """The convocations of every candidate, as deterministic ``.xlsx`` bytes."""
    wb = Workbook()
    taken: set[str] = set()
    rows = sorted(ctx.rows(), key=_candidate_order)

    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(ALL_SHEET, taken)
    _sheet(ws, ctx, TITLE_PREFIX + "tous les candidats", rows, COLUMNS)

    by_school: dict[str, list[Row]] = {}
    for r in rows:
        by_school.setdefault(r.candidate.etablissement, []).append(r)
    for school in sorted(by_school, key=lambda name: (name_key(name), name)):
        ws = wb.create_sheet(sheet_title(school, taken))
        _sheet(ws, ctx, TITLE_PREFIX + school, by_school[school], SCHOOL_COLUMNS)
    return workbook_bytes(wb)


#: The folder of the établissements' lists, and the column that says why an
#: oral has no convocation.
LISTS = "listes"
NOTE = "Observation"


def school_lists(ctx: PlanContext) -> dict[str, bytes]:
    """Each établissement's list of its candidates' orals, as its staff opens
    it in a spreadsheet: ``listes/etablissement-<slug>.csv`` (the slug of its
    letters), the columns of its sheet of ``convocations.xlsx`` and why an
    oral has no convocation."""
    names = site_names(ctx.session)
    out = {}
    for path, (_, rows) in _school_rows(ctx).items():
        lines = []
        for r in rows:
            values = _values(r, SCHOOL_COLUMNS, names)
            line = {k: "" if v is None else str(v) for k, v in zip(SCHOOL_COLUMNS, values, strict=True)}
            line[NOTE] = "" if r.oral.is_placed else MESSAGES.get(r.oral.status, UNPLACED_MESSAGE)
            lines.append(line)
        out[path] = office_csv((*SCHOOL_COLUMNS, NOTE), lines)
    return out


def school_list_owners(ctx: PlanContext) -> dict[str, Owner]:
    """The établissement of each list of :func:`school_lists`."""
    return {path: (SCHOOL_ROLE, school) for path, (school, _) in _school_rows(ctx).items()}


def _school_rows(ctx: PlanContext) -> dict[str, tuple[str, list[Row]]]:
    by_school: dict[str, list[Row]] = {}
    for r in sorted(ctx.rows(), key=_candidate_order):
        by_school.setdefault(r.candidate.etablissement, []).append(r)
    schools = sorted(by_school, key=lambda name: (name_key(name), name))
    return {
        f"{LISTS}/etablissement-{slug}.csv": (school, by_school[school])
        for school, slug in unique_slugs(schools, "etablissement").items()
    }


def header_row_of(ws: Worksheet) -> int:
    """The row of a sheet's column titles (the legends above vary in length)."""
    for cell in ws["A"]:
        if cell.value == NUMBER:
            return cell.row
    raise ValueError(f"pas de ligne de titres dans la feuille « {ws.title} »")


def site_names(session: Session) -> dict[str, str]:
    """How rows name each site: its town, or town and établissement when
    two sites share a town."""
    towns = [s.town for s in session.sites.values()]
    return {
        key: s.town if towns.count(s.town) == 1 else f"{s.town} ({s.etablissement})"
        for key, s in session.sites.items()
    }


def site_legend(site: Site) -> str:
    """A site's line in the legend: full address, and telephone if known."""
    return site.full_address + (PHONE_PREFIX + site.phone if site.phone else "")


def _candidate_order(r: Row) -> tuple[object, ...]:
    c, o = r.candidate, r.oral
    # Orals without a date (NV, absent, désisté, not placed) come after the
    # candidate's dated ones.
    return (
        name_key(c.surname),
        name_key(c.given_name),
        c.number,
        o.day is None,
        o.day or "",
        o.busy_from or 0,
        code_rank(o.epreuve),
    )


@dataclass
class _Top:
    """What a sheet says above its table, row by row."""

    #: Text and kind (a key of :data:`LINE_STYLES`) of each line.
    lines: list[tuple[str, str]]
    sites: list[tuple[str, str]]
    epreuves: list[tuple[str, str]]

    @property
    def legend_rows(self) -> int:
        count = max(len(self.sites), len(self.epreuves))
        return count + 1 if count else 0  # the legends' headings

    @property
    def header_row(self) -> int:
        # Title, lines, legends, a spacer, then the column titles.
        return 1 + len(self.lines) + self.legend_rows + 1 + 1


def _top(ctx: PlanContext, rows: list[Row]) -> _Top:
    session = ctx.session
    lines: list[tuple[str, str]] = []
    if session.contact:
        lines.append((CONTACT_PREFIX + session.contact, "plain"))
    lines.append((TO_BRING, "bold"))
    lines.append(
        (
            f"Heure de convocation : accueil {session.welcome_minutes} minutes avant le début "
            "de la préparation ou, sans préparation, de l'oral.",
            "italic",
        )
    )
    used_sites = {r.oral.site for r in rows if r.oral.is_placed}
    names = site_names(session)
    sites = [(names[k], site_legend(s)) for k, s in session.sites.items() if k in used_sites]
    used_codes = {r.oral.epreuve for r in rows}
    epreuves = [(code, ep.label) for code, ep in session.epreuves.items() if code in used_codes]
    return _Top(lines, sites, epreuves)


def _sheet(ws: Worksheet, ctx: PlanContext, title: str, rows: list[Row], columns: Sequence[str]) -> None:
    top = _top(ctx, rows)
    header = top.header_row
    header_row(ws, columns, row=header)
    col = {name: i for i, name in enumerate(columns, start=1)}
    names = site_names(ctx.session)

    messages: dict[int, str] = {}
    blocks: list[tuple[int, int]] = []
    line = header + 1
    previous: str | None = None
    for r in rows:
        if r.candidate.number != previous:
            blocks.append((line, line))
            previous = r.candidate.number
        else:
            blocks[-1] = (blocks[-1][0], line)
        style = SHADED_STYLE if len(blocks) % 2 == 0 else TABLE_STYLE
        write_row(ws, line, _values(r, columns, names), style=style)
        if not r.oral.is_placed:
            messages[line] = MESSAGES.get(r.oral.status, UNPLACED_MESSAGE)
        line += 1

    prepare_for_print(
        ws, title=title, session=ctx.session, header_rows=header, landscape=True, filter_from=header
    )
    # Only the column titles repeat on each page: the page's header already
    # names the sheet, and the legends are read once.
    ws.print_title_rows = f"{header}:{header}"
    # Narrower top and bottom margins than the other workbooks: the page's
    # header and footer are one short line each, and rows are what pages hold.
    ws.page_margins.top = ws.page_margins.bottom = MARGIN
    ws.page_margins.header = ws.page_margins.footer = HEADER_MARGIN
    fit_table(
        ws,
        [header],
        skip_rows=range(1, header),
        caps={col[name]: cap for name, cap in CAPS.items() if name in col},
    )
    date_col = col[DATE]
    _room_for_message(ws, date_col, max((len(m) for m in messages.values()), default=0))
    _narrow_to_scale(ws, col)
    _widen_to_scale(ws)
    # Written after the widths are computed: the message is meant to run over
    # the empty time columns, not to widen the date column.
    for row, message in messages.items():
        cell = ws.cell(row=row, column=date_col)
        set_text(cell, message)
        MESSAGE_STYLE.apply(cell)
    table_rows = range(header + 1, line)
    fit_row_heights(ws, table_rows, minimum=LINE_HEIGHT)
    for row in table_rows:
        lines = round((ws.row_dimensions[row].height or LINE_HEIGHT) / LINE_HEIGHT)
        ws.row_dimensions[row].height = lines * ROW_LINE
    ws.row_dimensions[header].height = _header_height(ws, columns)
    _write_top(ws, title, top, len(columns))
    _page_breaks(ws, blocks, header)


def _values(r: Row, columns: Sequence[str], names: dict[str, str]) -> list[object]:
    o, c = r.oral, r.candidate
    placed = o.is_placed and o.day is not None
    site = names.get(o.site) if o.site else None
    values: dict[str, object] = {
        NUMBER: c.number,
        CANDIDATE: f"{c.surname} {c.given_name}",
        SCHOOL: c.etablissement,
        EXTRA_TIME: extra_time_label(c.extra_time),
        EPREUVE: o.epreuve,
        TOPIC: o.language or o.subject or "",
    }
    if placed:
        assert o.day is not None
        values[DATE] = french_date(o.day)
        values[CONVOCATION] = clock(o.convocation)
        values[PREPARATION] = (
            clock(o.preparation_start) if o.preparation_start is not None else NO_PREPARATION
        )
        values[START] = clock(o.start)
        values[END] = clock(o.end)
    if site is not None:
        values[SITE] = site
        values[ROOM] = o.room or ""
    return [values.get(name) for name in columns]


def _room_for_message(ws: Worksheet, date_col: int, length: int) -> None:
    """Widen the date column if the message would not fit over the time columns."""
    letters = [get_column_letter(date_col + i) for i in range(1 + len(TIME_COLUMNS))]
    available = sum(ws.column_dimensions[letter].width or 0 for letter in letters)
    if length + 2 > available:
        ws.column_dimensions[letters[0]].width += length + 2 - available


def _narrow_to_scale(ws: Worksheet, col: dict[str, int]) -> None:
    """Narrow the wrapping columns, widest first, until the sheet prints at
    :data:`MIN_SCALE` or more (a no-op with names of ordinary length)."""
    while print_scale(ws) < MIN_SCALE:
        dims = [
            (ws.column_dimensions[get_column_letter(col[name])], floor)
            for name, floor in SHRINKABLE.items()
            if name in col
        ]
        room = [(dim.width - floor, i) for i, (dim, floor) in enumerate(dims) if (dim.width or 0) > floor]
        if not room:
            return
        _, i = max(room)
        dims[i][0].width = max(dims[i][1], dims[i][0].width - 1)


def _widen_to_scale(ws: Worksheet) -> None:
    """Widen every column a little until the sheet prints at
    :data:`TARGET_SCALE` (a sheet without the établissement column would
    otherwise print at 10 points, on more pages, with no more on them)."""
    dims = [ws.column_dimensions[get_column_letter(c)] for c in range(1, ws.max_column + 1)]
    while print_scale(ws) > TARGET_SCALE:
        for dim in dims:
            dim.width = round((dim.width or 8.43) * 1.01, 2)


def _header_height(ws: Worksheet, columns: Sequence[str]) -> float:
    lines = 1
    for i, label in enumerate(columns, start=1):
        usable = max(int(((ws.column_dimensions[get_column_letter(i)].width or 8) - 1) / BOLD_FACTOR), 1)
        lines = max(lines, len(textwrap.wrap(label, usable)) or 1)
    return lines * ROW_LINE + 3


def _chars(ws: Worksheet, first: int, last: int, *, bold: bool = False) -> int:
    """Characters of text a cell merged over columns ``first`` to ``last`` holds on a line."""
    points = sum(
        column_points(ws.column_dimensions[get_column_letter(c)].width or 8.43)
        for c in range(first, last + 1)
    )
    # Back from points to characters of the default font (7 pixels each).
    return max(int((points / 0.75 - 5) / 7 / (BOLD_FACTOR if bold else 1.0)) - 1, 1)


def _lines(text: str, width: int) -> int:
    return max(len(textwrap.wrap(text, width)), 1)


def _write_top(ws: Worksheet, title: str, top: _Top, last: int) -> None:
    """The title, the lines and the two legends above the table."""
    cell = ws.cell(row=1, column=1)
    set_text(cell, title)
    TITLE_STYLE.apply(cell)
    ws.row_dimensions[1].height = TITLE_HEIGHT
    row = 2
    for text, kind in top.lines:
        ws.row_dimensions[row].height = _line(ws, row, 1, last, text, kind) * ROW_LINE
        row += 1
    if top.legend_rows:
        split = _legend_split(ws, top, last)
        blocks = ((1, split, SITES_HEADING, top.sites), (split + 1, last, EPREUVES_HEADING, top.epreuves))
        for first, end, heading, entries in blocks:
            if entries:
                _line(ws, row, first, end, heading, "bold")
        ws.row_dimensions[row].height = ROW_LINE
        row += 1
        for i in range(top.legend_rows - 1):
            lines = 1
            for first, end, _, entries in blocks:
                if i < len(entries):
                    lines = max(lines, _line(ws, row, first, end, entries[i], "plain"))
            ws.row_dimensions[row].height = lines * ROW_LINE
            row += 1
    ws.row_dimensions[row].height = SPACER_HEIGHT


def _legend_text(key: str, text: str) -> str:
    # The key is bold: counted a little wider.
    return "x" * round(len(key) * BOLD_FACTOR) + f" : {text}"


def _line(ws: Worksheet, row: int, first: int, last: int, text: str | tuple[str, str], kind: str) -> int:
    """Write a line of text (or a legend's ``(key, text)``, the key in bold)
    over columns ``first`` to ``last``; the number of lines it takes."""
    cell = ws.cell(row=row, column=first)
    if isinstance(text, tuple):
        measured = _legend_text(*text)
        cell.value = CellRichText([TextBlock(KEY_FONT, text[0]), f" : {text[1]}"])
    else:
        measured = text if kind != "bold" else "x" * round(len(text) * BOLD_FACTOR)
        set_text(cell, text)
    lines = _lines(measured, _chars(ws, first, last))
    one_line, wrapping = LINE_STYLES[kind]
    if lines == 1:
        one_line.apply(cell)
    else:
        wrapping.apply(cell)
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    return lines


def _legend_split(ws: Worksheet, top: _Top, last: int) -> int:
    """The last column of the sites' legend, the épreuves' taking the rest
    of the width: the split that needs the fewest lines, then the most even."""
    best: tuple[int, float, int] | None = None
    for split in range(1, last):
        left, right = _chars(ws, 1, split), _chars(ws, split + 1, last)
        total = 0
        for i in range(top.legend_rows - 1):
            site = _legend_text(*top.sites[i]) if i < len(top.sites) else ""
            epreuve = _legend_text(*top.epreuves[i]) if i < len(top.epreuves) else ""
            total += max(_lines(site, left), _lines(epreuve, right))
        key = (total, abs(left - right), split)
        if best is None or key < best:
            best = key
    return best[2] if best else last


def _page_breaks(ws: Worksheet, blocks: list[tuple[int, int]], header: int) -> None:
    """Page breaks between candidates only, as few pages as the sheet needs,
    and the candidates spread evenly over them: no page ends up with a few
    orphan rows."""
    _, height = printable(ws)
    room = height * SAFETY / print_scale(ws) - row_height(ws, header)
    first_room = room - sum(row_height(ws, r) for r in range(1, header))
    heights = [sum(row_height(ws, r) for r in range(first, last + 1)) for first, last in blocks]
    if not heights:
        return
    starts = _starts(heights, first_room, room, room)
    # The smallest page height that needs no more pages: pages as even as can be.
    low, high = max(heights), room
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_starts(heights, first_room, room, middle)) <= len(starts):
            high = middle
        else:
            low = middle
    if high < room:
        starts = _starts(heights, first_room, room, high)
    ws.row_breaks = RowBreak()
    for i in starts:
        # A break ``id`` is the last row of a page.
        ws.row_breaks.append(Break(id=blocks[i][0] - 1))


def _starts(heights: list[float], first_room: float, room: float, cap: float) -> list[int]:
    """The blocks that start a new page when each page holds at most ``cap``
    of them (and at most ``first_room`` on the first page, below the legends)."""
    starts: list[int] = []
    limit, used = min(first_room, cap), 0.0
    for i, h in enumerate(heights):
        if used > 0 and used + h > limit:
            starts.append(i)
            limit, used = min(room, cap), 0.0
        used += h
    return starts
