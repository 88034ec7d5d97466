"""``convocations.xlsx``: one row per candidate and oral, with the date, the
convocation time, the full address of the site and the preparation and oral
times; a sheet « Toutes » for the office and one sheet per établissement so
that each school can tell its own students.  An oral without a passage (NV,
absent, désisté, not placed) says why in place of its date."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.plan import ABSENT, NV, UNPLACED, WITHDRAWN
from scheduler.domain.session import ORAL_CODES
from scheduler.export.common import (
    ITALIC_FONT,
    ITALIC_STYLE,
    LINE_HEIGHT,
    CellStyle,
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
from scheduler.text import french_date, name_key

COLUMNS: tuple[str, ...] = (
    "N° candidat",
    "Nom",
    "Prénom",
    "Établissement",
    "Épreuve",
    "Langue / sujet",
    "Date",
    "Heure de convocation",
    "Début de préparation",
    "Heure de passage",
    "Heure de fin",
    "Ville",
    "Adresse",
    "Salle",
)
#: 1-based column of the date: an oral without convocation says why there,
#: and the text runs over the empty time columns on its right.
DATE_COLUMN = COLUMNS.index("Date") + 1
TIME_COLUMNS = 4
ALL_SHEET = "Toutes"
HEADER_ROW = 3
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
#: The address and the épreuve label are long: they wrap rather than make the
#: printed page too small to read.
CAPS = {COLUMNS.index("Épreuve") + 1: 38, COLUMNS.index("Adresse") + 1: 38}
#: The message of an oral without convocation runs over the cells on its right.
MESSAGE_STYLE = CellStyle(alignment=Alignment(vertical="top", wrap_text=False), font=ITALIC_FONT)


def convocations_workbook(ctx: PlanContext) -> bytes:
    """The convocations of every candidate, as deterministic ``.xlsx`` bytes."""
    wb = Workbook()
    taken: set[str] = set()
    rows = sorted(ctx.rows(), key=_candidate_order)

    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(ALL_SHEET, taken)
    _table(ws, ctx, "Convocations aux épreuves orales — tous les candidats", rows)

    by_school: dict[str, list[Row]] = {}
    for r in rows:
        by_school.setdefault(r.candidate.etablissement, []).append(r)
    for school in sorted(by_school, key=lambda name: (name_key(name), name)):
        ws = wb.create_sheet(sheet_title(school, taken))
        _table(ws, ctx, f"Convocations aux épreuves orales — {school}", by_school[school])
    return workbook_bytes(wb)


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
        ORAL_CODES.index(o.epreuve) if o.epreuve in ORAL_CODES else len(ORAL_CODES),
    )


def _table(ws: Worksheet, ctx: PlanContext, title: str, rows: list[Row]) -> None:
    title_row(ws, title)
    note = ws.cell(row=2, column=1)
    set_text(
        note,
        f"Heure de convocation : accueil {ctx.session.welcome_minutes} minutes avant le début "
        "de la préparation ou, sans préparation, de l'oral.",
    )
    ITALIC_STYLE.apply(note)
    header_row(ws, COLUMNS, row=HEADER_ROW)

    messages: dict[int, str] = {}
    for line, r in enumerate(rows, start=HEADER_ROW + 1):
        write_row(ws, line, _values(ctx, r))
        if not r.oral.is_placed:
            messages[line] = MESSAGES.get(r.oral.status, UNPLACED_MESSAGE)

    fit_table(ws, [HEADER_ROW], skip_rows=range(1, HEADER_ROW), caps=CAPS)
    # Written after the widths are computed: the message is meant to run over
    # the empty time columns, not to widen the date column.
    for line, message in messages.items():
        cell = ws.cell(row=line, column=DATE_COLUMN)
        set_text(cell, message)
        MESSAGE_STYLE.apply(cell)
    _room_for_message(ws, max((len(m) for m in messages.values()), default=0))
    fit_row_heights(ws, range(HEADER_ROW, HEADER_ROW + len(rows) + 1), minimum=LINE_HEIGHT)
    prepare_for_print(
        ws, title=title, session=ctx.session, header_rows=HEADER_ROW, landscape=True, filter_from=HEADER_ROW
    )


def _values(ctx: PlanContext, r: Row) -> list[object]:
    o, c = r.oral, r.candidate
    values: list[object] = [
        c.number,
        c.surname,
        c.given_name,
        c.etablissement,
        ctx.epreuve_label(o.epreuve),
        o.language or o.subject or "",
    ]
    if o.is_placed and o.day is not None:
        preparation = clock(o.preparation_start) if o.preparation_start is not None else NO_PREPARATION
        values += [french_date(o.day), clock(o.convocation), preparation, clock(o.start), clock(o.end)]
    else:
        values += [None] * (1 + TIME_COLUMNS)
    site = ctx.session.sites.get(o.site) if o.site else None
    if site is not None:
        values += [site.town, site.full_address, o.room or ""]
    else:
        values += [None, None, None]
    return values


def _room_for_message(ws: Worksheet, length: int) -> None:
    """Widen the date column if the message would not fit over the time columns."""
    letters = [get_column_letter(DATE_COLUMN + i) for i in range(1 + TIME_COLUMNS)]
    available = sum(ws.column_dimensions[letter].width or 0 for letter in letters)
    if length + 2 > available:
        ws.column_dimensions[letters[0]].width += length + 2 - available
