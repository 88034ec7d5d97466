"""``bordereaux.xlsx``: the grading sheets the commissions fill in.

One worksheet per épreuve family (E2 with E2F, E4, E5, E6 with ENG: the
commissions that examine them); in it, one printed page per commission and
day: title (épreuves, commission, date, room), the épreuves' labels and the
place, then the candidates in time order with their aménagement (tiers-temps…),
a « Présent / Absent » column and empty mark columns, then the counts to fill
in (« Convoqués : 12 — Présents : ___ … ») and one signature box per member of
the commission, named when the plan names its examiners.  ENG orals are lines
of their own, right after their E6 line, with their own mark.

The sheet ends with the orals that take place nowhere: the NV dossiers, ``NV``
standing in the mark column, then the candidates whose absence was signalled
(re-runs), ``absent`` standing in the mark column (and, in a plan that could
not place everything, the orals left out); each line says which épreuve and
that no passage takes place (a plan gives such orals neither commission nor
date).  Withdrawn (désisté) orals are not graded and appear nowhere.

The counts leave « NV » to fill in like the presences: a plan convenes no NV
dossier, a commission may still find one on the day (a dossier missing).

Every commission-day fits on one A4 landscape page, its text printed at 9 pt
or more: the empty column « Observations » takes the width the sheet may have
at that size, and the candidates' rows share the height the page leaves (more
room to write on a short day).  Only a day too long for a page even at
:data:`MIN_ROW_HEIGHT` (some 22 candidates) goes on over pages « 1/2 »,
« 2/2 », each with its titles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.plan import ABSENT, NV, WITHDRAWN, Oral
from scheduler.domain.session import code_rank, extra_time_label
from scheduler.export.common import (
    BOLD_FONT,
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
from scheduler.export.paging import (
    column_points,
    keep_together,
    page_height,
    print_scale,
    printable,
    row_height,
)
from scheduler.text import french_date

COLUMNS: tuple[str, ...] = (
    "Heure de passage",
    "N° candidat",
    "Nom",
    "Prénom",
    "Établissement",
    "Épreuve",
    "Aménagement",
    "Présent / Absent",
    "Note /20",
    "Observations",
    "Signature du candidat",
)
TIME_COLUMN = COLUMNS.index("Heure de passage") + 1
ARRANGEMENT_COLUMN = COLUMNS.index("Aménagement") + 1
PRESENCE_COLUMN = COLUMNS.index("Présent / Absent") + 1
NOTE_COLUMN = COLUMNS.index("Note /20") + 1
OBSERVATIONS_COLUMN = COLUMNS.index("Observations") + 1
NV_MARK = "NV"
ABSENT_MARK = "absent"
#: Marks written by the planner, not by the commission: shown bold and centred.
PRINTED_MARKS = (NV_MARK, ABSENT_MARK)
TITLE_PREFIX = "Bordereau de notation"
NV_TITLE = "Dossiers non valides"
ABSENT_TITLE = "Candidats absents"
UNPLACED_TITLE = "Oraux non placés"
COUNTS_PREFIX = "Convoqués :"
#: Filled in by hand on the day.
BLANK = "______"
#: In the cells of a line with no passage: nothing to fill in.
NOTHING = "—"
#: The scale the sheet is printed at (fit to the width of A4 landscape): body
#: text of 11 points prints at 9.35 points.  The column « Observations » is
#: widened until the sheet is exactly this wide.
TARGET_SCALE = 0.85
#: Below this scale, 11-point text prints under 9 points.
MIN_SCALE = 0.82
#: Top and bottom margins (inches), page header and footer inside them: a
#: little less than the other workbooks, for one more candidate per page.
TOP_MARGIN = 0.6
HEADER_MARGIN = 0.25
#: Candidate row heights (points, before scaling): as tall as the page allows
#: up to the first, never less than the second (about 5.4 mm printed).  At
#: the target scale and margins, a page holds about 557 sheet points (safety
#: margin included); a block's title, two lines, column titles, counts and
#: signature boxes take about 160, leaving room for 22 one-line rows of 18
#: points.  The longest commission-day of the bundled session has 19 lines.
ROW_HEIGHT = 26.0
MIN_ROW_HEIGHT = 18.0
TITLE_HEIGHT = 20.0
#: Later blocks of the NV / absent / unplaced pages may share a page: their
#: title row is taller, the space above it parts them.
SPACED_TITLE_HEIGHT = 34.0
COUNTS_HEIGHT = 24.0
#: Points (about 1.7 cm printed): room to sign.
BOX_HEIGHT = 56.0
#: Columns written by hand must stay wide enough to write in; the others are
#: wide enough for their titles to wrap on two lines at most.
MINIMUMS = {
    TIME_COLUMN: 11,
    ARRANGEMENT_COLUMN: 18,
    PRESENCE_COLUMN: 11,
    NOTE_COLUMN: 10,
    OBSERVATIONS_COLUMN: 15,
    len(COLUMNS): 20,
}
CAPS = {COLUMNS.index("Nom") + 1: 20, COLUMNS.index("Prénom") + 1: 16, COLUMNS.index("Établissement") + 1: 26}
#: When the sheet is too wide for the target scale, these columns give way
#: first (their text wraps), down to these widths.
NARROWEST = {
    COLUMNS.index("Établissement") + 1: 16,
    COLUMNS.index("Nom") + 1: 14,
    COLUMNS.index("Prénom") + 1: 12,
}
CENTERED = ("Heure de passage", "Aménagement", "Présent / Absent", "Note /20")
TITLE_STYLE = CellStyle(font=Font(bold=True, size=13), alignment=Alignment(vertical="bottom"))
MARK_STYLE = CellStyle(font=BOLD_FONT, alignment=Alignment(horizontal="center", vertical="top"))
BOLD_CELL_STYLE = CellStyle(font=BOLD_FONT)
NOTHING_STYLE = CellStyle(alignment=Alignment(horizontal="center", vertical="top"))
COUNTS_STYLE = CellStyle(font=BOLD_FONT, alignment=Alignment(vertical="center"))
BOX_SIDE = Side(style="medium", color="404040")
#: A signature box spans several cells, not merged (merging is slow and
#: gains nothing): its outer edges are drawn cell by cell, the name at its
#: top left runs over the empty cells to its right.
BOX_ALIGNMENT = Alignment(vertical="top", horizontal="left", indent=1)
BOX_STYLES = {
    (left, right): CellStyle(
        font=BOLD_FONT,
        border=Border(
            left=BOX_SIDE if left else None,
            right=BOX_SIDE if right else None,
            top=BOX_SIDE,
            bottom=BOX_SIDE,
        ),
        alignment=BOX_ALIGNMENT,
    )
    for left in (False, True)
    for right in (False, True)
}


@dataclass(frozen=True)
class _Page:
    """One printed page: a title, lines under it, candidate lines and, on
    the last page of a commission-day, the counts and signature boxes."""

    title: str
    lines: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    counts: str | None = None
    signers: tuple[str, ...] = ()
    #: A commission-day's page starts a printed page; the other pages may
    #: follow each other on one.
    own_page: bool = True
    #: Marks and signatures are written on the lines (not on NV lines…).
    graded: bool = True


def grading_workbook(ctx: PlanContext) -> bytes:
    """The grading sheets of a plan, as deterministic ``.xlsx`` bytes."""
    wb = Workbook()
    taken: set[str] = set()

    blocks: dict[str, list[tuple[tuple[str, date], list[Row]]]] = {}
    for key, rows in ctx.by_commission_day().items():
        blocks.setdefault(family_of(key[0]), []).append((key, rows))
    left_out: dict[str, list[Row]] = {}
    for r in ctx.not_placed():
        if r.oral.status != WITHDRAWN:  # cancelled: nothing to grade
            left_out.setdefault(_family(ctx, r.oral.epreuve), []).append(r)

    families = sorted({*blocks, *left_out}, key=code_rank)
    for n, family in enumerate(families):
        label = " et ".join(_members(ctx, family))
        pages = [
            _commission_page(ctx, family, commission, day, rows)
            for (commission, day), rows in blocks.get(family, [])
        ]
        nv = [r for r in left_out.get(family, []) if r.oral.status == NV]
        absent = [r for r in left_out.get(family, []) if r.oral.status == ABSENT]
        unplaced = [r for r in left_out.get(family, []) if r.oral.status not in (NV, ABSENT)]
        if nv:
            pages.append(
                _left_out_page(
                    ctx,
                    f"{NV_TITLE} — {label}",
                    "Dossier non valide : aucun passage, donc ni commission ni date ; la mention NV tient lieu de note.",
                    f"Nombre de dossiers non valides : {len(nv)}",
                    nv,
                    mark=NV_MARK,
                    remark="{epreuve} : dossier non valide, pas de passage",
                )
            )
        if absent:
            pages.append(
                _left_out_page(
                    ctx,
                    f"{ABSENT_TITLE} — {label}",
                    "Absence signalée avant l'oral : aucun passage ; la mention « absent » tient lieu de note.",
                    f"Nombre de candidats absents : {len(absent)}",
                    absent,
                    mark=ABSENT_MARK,
                    remark="{epreuve} : absence signalée, pas de passage",
                )
            )
        if unplaced:
            pages.append(
                _left_out_page(
                    ctx,
                    f"{UNPLACED_TITLE} — {label}",
                    "Le planning n'a pas pu placer ces oraux : ils ne figurent dans aucun bordereau ci-dessus.",
                    f"Nombre d'oraux non placés : {len(unplaced)}",
                    unplaced,
                    mark="",
                    remark="non placé",
                )
            )
        _fill_sheet(wb, n, sheet_title(label, taken), f"Bordereaux de notation — {label}", ctx, pages)

    if not families:
        first = wb.active
        assert first is not None
        first.title = "Bordereaux"
        set_text(first.cell(row=1, column=1), "Aucun oral à noter dans ce planning.")
        prepare_for_print(first, title="Bordereaux de notation", session=ctx.session, header_rows=0)
    return workbook_bytes(wb)


def _family(ctx: PlanContext, code: str) -> str:
    ep = ctx.session.epreuves.get(code)
    return ep.family if ep else code


def _members(ctx: PlanContext, family: str) -> list[str]:
    """Épreuves examined by the family's commissions (``E6``, ``ENG``)."""
    codes = [code for code in ctx.session.epreuves if _family(ctx, code) == family]
    return sorted(codes or [family], key=code_rank)


def _commission_page(ctx: PlanContext, family: str, commission: str, day: date, rows: list[Row]) -> _Page:
    codes = sorted({r.oral.epreuve for r in rows}, key=code_rank)
    first = rows[0].oral
    title = f"{TITLE_PREFIX} — {' et '.join(codes)} — Commission {commission} — {french_date(day)}"
    if first.room:
        title += f" — {first.room}"
    lines = ["Épreuve : " + " ; ".join(_epreuve_line(ctx, code) for code in codes)]
    site = ctx.session.sites.get(first.site) if first.site else None
    where = [f"Lieu : {site.full_address}"] if site else []
    languages = sorted({r.oral.language for r in rows if r.oral.language})
    if languages:
        where.append("langue : " + ", ".join(languages))
    if where:
        lines.append(" — ".join(where))
    values = [
        (
            clock(r.oral.start),
            r.candidate.number,
            r.candidate.surname,
            r.candidate.given_name,
            r.candidate.etablissement,
            _epreuve_cell(r.oral),
            extra_time_label(r.candidate.extra_time, short=True),
            "",
            "",
            "",
            "",
        )
        for r in rows
    ]
    convened = len({r.candidate.number for r in rows})
    counts = (
        f"{COUNTS_PREFIX} {convened} — Présents : {BLANK} — Absents : {BLANK} — NV : {BLANK}"
        "     (colonne « Présent / Absent » : inscrire P ou A)"
    )
    return _Page(title, tuple(lines), tuple(values), counts=counts, signers=_signers(ctx, family, rows))


def _left_out_page(
    ctx: PlanContext, title: str, line: str, count: str, rows: list[Row], *, mark: str, remark: str
) -> _Page:
    codes = sorted({r.oral.epreuve for r in rows}, key=code_rank)
    lines = ("Épreuve : " + " ; ".join(_epreuve_line(ctx, code) for code in codes), line, count)
    # Dashes where nothing is to be filled in: there is no passage.
    values = [
        (
            NOTHING,
            r.candidate.number,
            r.candidate.surname,
            r.candidate.given_name,
            r.candidate.etablissement,
            _epreuve_cell(r.oral),
            extra_time_label(r.candidate.extra_time, short=True),
            NOTHING,
            mark,
            remark.format(epreuve=r.oral.epreuve),
            NOTHING,
        )
        for r in rows
    ]
    return _Page(title, lines, tuple(values), own_page=False, graded=False)


def _paginate(page: _Page, n: int) -> list[_Page]:
    """``page`` cut into ``n`` pages of even length (12 + 11 rather than 22 +
    1: no page holds a lone candidate), each with its titles."""
    if n == 1:
        return [page]
    size = -(-len(page.rows) // n)
    chunks = [page.rows[i : i + size] for i in range(0, len(page.rows), size)]
    n = len(chunks)
    return [
        replace(
            page,
            title=f"{page.title} — page {i}/{n}",
            rows=chunk,
            # Counted and signed once, under the last candidate of the day.
            counts=page.counts if i == n else None,
            signers=page.signers if i == n else (),
            own_page=page.own_page or i > 1,
        )
        for i, chunk in enumerate(chunks, start=1)
    ]


def _epreuve_line(ctx: PlanContext, code: str) -> str:
    ep = ctx.session.epreuves.get(code)
    return f"{code} — {ep.label}" if ep else code


def _epreuve_cell(oral: Oral) -> str:
    detail = oral.language or oral.subject
    return f"{oral.epreuve} — {detail}" if detail else oral.epreuve


def _signers(ctx: PlanContext, family: str, rows: list[Row]) -> tuple[str, ...]:
    """One name per member of the commission: its examiners as the plan names
    them, « Examinateur 1 », « Examinateur 2 »… for the members it does not."""
    names: list[str] = []
    for r in rows:
        for i in r.oral.examiners:
            e = ctx.examiner_by_id.get(i)
            name = f"{e.surname} {e.given_name} ({i})" if e else i
            if name not in names:
                names.append(name)
    ep = ctx.session.epreuves.get(family)
    size = max(ep.commission_size if ep else 1, 1)
    if size == 1 and not names:
        return ("Examinateur",)
    return (*names, *(f"Examinateur {k}" for k in range(len(names) + 1, size + 1)))


@dataclass
class _Written:
    """Where a page went in the sheet."""

    page: _Page
    first: int
    data: list[int]
    last: int
    box_row: int | None = None


def _fill_sheet(
    wb: Workbook, index: int, name: str, title: str, ctx: PlanContext, pages: list[_Page]
) -> None:
    """The worksheet ``name`` at ``index``: the pages written, each on one
    printed page; a page too long for one is cut into even pages, and the
    sheet written again (the same cells: the same widths and heights)."""
    ws = _new_sheet(wb, index, name, title, ctx)
    written = _write(ws, pages)
    room = page_height(ws)
    fitted = [part for w in written for part in _paginate(w.page, _parts(ws, w, room))]
    if len(fitted) > len(pages):
        wb.remove(ws)
        ws = _new_sheet(wb, index, name, title, ctx)
        written = _write(ws, fitted)
    for w in written:
        _fit_rows(ws, w, room)
    keep_together(
        ws,
        [(w.first, w.last) for w in written],
        new_page=[w.first for i, w in enumerate(written) if w.page.own_page or written[i - 1].page.own_page],
    )


def _new_sheet(wb: Workbook, index: int, name: str, title: str, ctx: PlanContext) -> Worksheet:
    if index == 0 and wb.active is not None and wb.active.max_row == 1 and wb.active.cell(1, 1).value is None:
        ws = wb.active  # the workbook's first, empty sheet
        ws.title = name
    else:
        ws = wb.create_sheet(name, index)
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=0, landscape=True)
    ws.page_margins.top = ws.page_margins.bottom = TOP_MARGIN
    ws.page_margins.header = ws.page_margins.footer = HEADER_MARGIN
    return ws


def _write(ws: Worksheet, pages: list[_Page]) -> list[_Written]:
    """Write the pages one under the other; size the columns to the target
    scale and the rows to their text; draw the signature boxes."""
    row = 1
    text_rows: set[int] = set()
    header_rows: list[int] = []
    data_rows: list[int] = []
    written: list[_Written] = []
    for index, page in enumerate(pages):
        first = row
        title = ws.cell(row=row, column=1)
        set_text(title, page.title)
        TITLE_STYLE.apply(title)
        spaced = index > 0 and not page.own_page and not pages[index - 1].own_page
        ws.row_dimensions[row].height = SPACED_TITLE_HEIGHT if spaced else TITLE_HEIGHT
        text_rows.add(row)
        row += 1
        for line in page.lines:
            set_text(ws.cell(row=row, column=1), line)
            text_rows.add(row)
            row += 1
        header_row(ws, COLUMNS, row=row)
        header_rows.append(row)
        row += 1
        mine: list[int] = []
        for values in page.rows:
            write_row(ws, row, [value if value != "" else None for value in values])
            mine.append(row)
            row += 1
        data_rows += mine
        box_row = None
        if page.counts is not None:
            cell = ws.cell(row=row, column=1)
            set_text(cell, page.counts)
            COUNTS_STYLE.apply(cell)
            ws.row_dimensions[row].height = COUNTS_HEIGHT
            text_rows.add(row)
            row += 1
        if page.signers:
            box_row = row
            ws.row_dimensions[row].height = BOX_HEIGHT
            text_rows.add(row)
            row += 1
        written.append(_Written(page, first, mine, row - 1, box_row))

    # Columns with no value keep the width set here (openpyxl's default is 13).
    for col, width in MINIMUMS.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_table(ws, header_rows, skip_rows=text_rows, caps=CAPS, minimums=MINIMUMS, centered=CENTERED)
    _fill_width(ws)
    fit_row_heights(ws, header_rows)
    fit_row_heights(ws, data_rows)
    for w in written:
        for r, values in zip(w.data, w.page.rows, strict=True):
            if values[NOTE_COLUMN - 1] in PRINTED_MARKS:
                MARK_STYLE.apply(ws.cell(row=r, column=NOTE_COLUMN))
            if values[ARRANGEMENT_COLUMN - 1]:
                BOLD_CELL_STYLE.apply(ws.cell(row=r, column=ARRANGEMENT_COLUMN))
            if values[-1] == NOTHING:
                NOTHING_STYLE.apply(ws.cell(row=r, column=len(COLUMNS)))
        if w.box_row is not None:
            _signature_boxes(ws, w.box_row, w.page.signers)
    return written


def _parts(ws: Worksheet, w: _Written, room: float) -> int:
    """Into how many even pages ``w`` must be cut for each to fit ``room``
    with rows of :data:`MIN_ROW_HEIGHT` (1 when it fits as it is)."""
    heights = [max(row_height(ws, r), MIN_ROW_HEIGHT) for r in w.data]
    data = set(w.data)
    fixed = sum(row_height(ws, r) for r in range(w.first, w.last + 1) if r not in data)
    # Pages before the last carry no counts and no boxes.
    footer = sum(row_height(ws, r) for r in range((w.data or [w.first])[-1] + 1, w.last + 1))
    for n in range(1, len(heights) + 1):
        size = -(-len(heights) // n)
        chunks = [heights[i : i + size] for i in range(0, len(heights), size)]
        last = len(chunks) - 1
        if all(fixed - (footer if i < last else 0) + sum(c) <= room for i, c in enumerate(chunks)):
            return n
    return max(1, len(heights))  # a single row taller than a page: printed cut


def _fill_width(ws: Worksheet) -> None:
    """Give « Observations » the width left for the sheet to print at
    :data:`TARGET_SCALE` (its remarks wrap if longer); narrow the columns of
    :data:`NARROWEST` first if the sheet is too wide even so."""
    width, _ = printable(ws)
    budget = width / TARGET_SCALE
    letter = get_column_letter(OBSERVATIONS_COLUMN)
    dim = ws.column_dimensions[letter]

    def others() -> float:
        return sum(
            column_points(_width(ws, c)) for c in range(1, len(COLUMNS) + 1) if c != OBSERVATIONS_COLUMN
        )

    for col, narrowest in NARROWEST.items():
        excess = others() + column_points(MINIMUMS[OBSERVATIONS_COLUMN]) - budget
        if excess <= 0:
            break
        narrow = ws.column_dimensions[get_column_letter(col)]
        narrow.width = max(narrowest, int(_width(ws, col) - excess / 5.25))
    # Points to characters (see column_points), rounded down to a pixel.
    chars = int((budget - others()) / 0.75 - 5) / 7
    dim.width = max(MINIMUMS[OBSERVATIONS_COLUMN], chars)
    # Floating-point rounding only: a pixel or two at most.
    while print_scale(ws, len(COLUMNS)) < TARGET_SCALE and dim.width > MINIMUMS[OBSERVATIONS_COLUMN]:
        dim.width -= 1 / 7


def _width(ws: Worksheet, col: int) -> float:
    return ws.column_dimensions[get_column_letter(col)].width or 8.43


def _signature_boxes(ws: Worksheet, row: int, signers: tuple[str, ...]) -> None:
    """One bordered box per member, side by side across the page's width
    (the left half for a lone examiner), the name at its top left."""
    slots = max(len(signers), 2)
    widths = [column_points(_width(ws, c)) for c in range(1, len(COLUMNS) + 1)]
    total = sum(widths)
    # The column each box starts at: where the running width passes a slot.
    starts = [1]
    running = 0.0
    for col, w in enumerate(widths, start=1):
        running += w
        if len(starts) < slots and running >= total * len(starts) / slots - w / 2 and col < len(COLUMNS):
            starts.append(col + 1)
    starts.append(len(COLUMNS) + 1)
    for k, name in enumerate(signers):
        if k + 1 >= len(starts):
            break  # more examiners than columns: never with real commissions
        left, right = starts[k], starts[k + 1] - 1
        label = f"{name} — nom et signature :" if name.startswith("Examinateur") else f"{name} — signature :"
        for col in range(left, right + 1):
            BOX_STYLES[(col == left, col == right)].apply(ws.cell(row=row, column=col))
        set_text(ws.cell(row=row, column=left), label)


def _fit_rows(ws: Worksheet, w: _Written, room: float) -> None:
    """The candidate rows of a page as tall as the page allows, from
    :data:`ROW_HEIGHT` down to :data:`MIN_ROW_HEIGHT` (rows whose text wraps
    keep their lines); lines with nothing to write on, the least."""
    if not w.data:
        return
    natural = [row_height(ws, r) for r in w.data]
    data = set(w.data)
    fixed = sum(row_height(ws, r) for r in range(w.first, w.last + 1) if r not in data)
    height = ROW_HEIGHT if w.page.graded else MIN_ROW_HEIGHT
    while height > MIN_ROW_HEIGHT and fixed + sum(max(h, height) for h in natural) > room:
        height -= 0.5
    for r, h in zip(w.data, natural, strict=True):
        ws.row_dimensions[r].height = max(h, height)
