"""``bordereaux.xlsx``: the grading sheets the commissions fill in.

One worksheet per épreuve family (E2 with E2F, E4, E5, E6 with ENG: the
commissions that examine them); in it, one block per commission and day, each
starting on a new printed page: title, épreuves, place, examiners, then the
candidates in time order with empty mark columns.  ENG orals are lines of their
own, right after their E6 line, with their own mark.  The sheet ends with the
NV dossiers, ``NV`` standing in the mark column, then the candidates whose
absence was signalled (re-runs), ``absent`` standing in the mark column (and,
in a plan that could not place everything, the orals left out).  Withdrawn
(désisté) orals are not graded and appear nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.plan import ABSENT, NV, WITHDRAWN
from scheduler.domain.session import ORAL_CODES
from scheduler.export.common import (
    BOLD_FONT,
    TITLE_STYLE,
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
from scheduler.text import french_date

COLUMNS: tuple[str, ...] = (
    "Heure de passage",
    "N° candidat",
    "Nom",
    "Prénom",
    "Établissement",
    "Épreuve",
    "Note /20",
    "Observations",
    "Signature du candidat",
)
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
#: Candidates per printed page.  At the row height below, with the block's
#: title lines, the column titles and the examiners' signature line, one-line
#: rows fill about 480 of the 509 points an A4 landscape page holds between its
#: margins, even unscaled; a longer day goes on over pages « 1/2 », « 2/2 »,
#: each with its titles.
PAGE_ROWS = 15
#: Points (about 8 mm): room to write a mark and a remark by hand.
ROW_HEIGHT = 22
SIGNATURE_HEIGHT = 45
#: Columns written by hand must stay wide enough to write in.
MINIMUMS = {NOTE_COLUMN: 10, OBSERVATIONS_COLUMN: 34, len(COLUMNS): 20}
CAPS = {COLUMNS.index("Établissement") + 1: 30}
MARK_STYLE = CellStyle(font=BOLD_FONT, alignment=Alignment(horizontal="center", vertical="top"))
SIGNATURE_STYLE = CellStyle(font=BOLD_FONT, alignment=Alignment(vertical="top"))


@dataclass(frozen=True)
class _Page:
    """One printed page: a title, lines under it, candidate lines."""

    title: str
    lines: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    signature: bool


def grading_workbook(ctx: PlanContext) -> bytes:
    """The grading sheets of a plan, as deterministic ``.xlsx`` bytes."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    taken: set[str] = set()

    blocks: dict[str, list[tuple[tuple[str, date], list[Row]]]] = {}
    for key, rows in ctx.by_commission_day().items():
        blocks.setdefault(family_of(key[0]), []).append((key, rows))
    left_out: dict[str, list[Row]] = {}
    for r in ctx.not_placed():
        if r.oral.status != WITHDRAWN:  # cancelled: nothing to grade
            left_out.setdefault(_family(ctx, r.oral.epreuve), []).append(r)

    families = sorted({*blocks, *left_out}, key=_rank)
    for n, family in enumerate(families):
        label = " et ".join(_members(ctx, family))
        ws = first if n == 0 else wb.create_sheet()
        ws.title = sheet_title(label, taken)
        pages: list[_Page] = []
        for (commission, day), rows in blocks.get(family, []):
            pages += _commission_pages(ctx, family, commission, day, rows)
        nv = [r for r in left_out.get(family, []) if r.oral.status == NV]
        absent = [r for r in left_out.get(family, []) if r.oral.status == ABSENT]
        unplaced = [r for r in left_out.get(family, []) if r.oral.status not in (NV, ABSENT)]
        if nv:
            pages += _left_out_pages(
                f"{NV_TITLE} — {label}",
                "Pas d'oral : la mention NV tient lieu de note.",
                nv,
                mark=NV_MARK,
                remark="",
            )
        if absent:
            pages += _left_out_pages(
                f"{ABSENT_TITLE} — {label}",
                "Absence signalée avant l'oral : la mention « absent » tient lieu de note.",
                absent,
                mark=ABSENT_MARK,
                remark="",
            )
        if unplaced:
            pages += _left_out_pages(
                f"{UNPLACED_TITLE} — {label}",
                "Le planning n'a pas pu placer ces oraux : ils ne figurent dans aucun bordereau ci-dessus.",
                unplaced,
                mark="",
                remark="non placé",
            )
        _write(ws, pages)
        prepare_for_print(
            ws, title=f"Bordereaux de notation — {label}", session=ctx.session, header_rows=0, landscape=True
        )

    if not families:
        first.title = "Bordereaux"
        set_text(first.cell(row=1, column=1), "Aucun oral à noter dans ce planning.")
        prepare_for_print(first, title="Bordereaux de notation", session=ctx.session, header_rows=0)
    return workbook_bytes(wb)


def _rank(code: str) -> tuple[int, str]:
    return (ORAL_CODES.index(code) if code in ORAL_CODES else len(ORAL_CODES), code)


def _family(ctx: PlanContext, code: str) -> str:
    ep = ctx.session.epreuves.get(code)
    return ep.family if ep else code


def _members(ctx: PlanContext, family: str) -> list[str]:
    """Épreuves examined by the family's commissions (``E6``, ``ENG``)."""
    codes = [code for code in ctx.session.epreuves if _family(ctx, code) == family]
    return sorted(codes or [family], key=_rank)


def _commission_pages(
    ctx: PlanContext, family: str, commission: str, day: date, rows: list[Row]
) -> list[_Page]:
    codes = sorted({r.oral.epreuve for r in rows}, key=_rank)
    first = rows[0].oral
    title = f"{TITLE_PREFIX} — {' et '.join(codes)} — Commission {commission} — {french_date(day)}"
    if first.room:
        title += f" — {first.room}"
    lines = ["Épreuve : " + " ; ".join(_epreuve_line(ctx, code) for code in codes)]
    place = ctx.session.sites[first.site].full_address if first.site in ctx.session.sites else ""
    languages = sorted({r.oral.language for r in rows if r.oral.language})
    where = f"Lieu : {place}" if place else ""
    if languages:
        where += (" — " if where else "") + "Langue : " + ", ".join(languages)
    if where:
        lines.append(where)
    lines.append(_examiners_line(ctx, family, rows))
    values = [
        (
            clock(r.oral.start),
            r.candidate.number,
            r.candidate.surname,
            r.candidate.given_name,
            r.candidate.etablissement,
            _epreuve_cell(r),
            "",
            "",
            "",
        )
        for r in rows
    ]
    return _paginate(title, tuple(lines), values, signature=True)


def _left_out_pages(title: str, line: str, rows: list[Row], *, mark: str, remark: str) -> list[_Page]:
    values = [
        (
            "",
            r.candidate.number,
            r.candidate.surname,
            r.candidate.given_name,
            r.candidate.etablissement,
            _epreuve_cell(r),
            mark,
            remark,
            "",
        )
        for r in rows
    ]
    return _paginate(title, (line,), values, signature=False)


def _paginate(
    title: str, lines: tuple[str, ...], values: Sequence[tuple[object, ...]], *, signature: bool
) -> list[_Page]:
    pages = max(1, -(-len(values) // PAGE_ROWS))
    # Even pages (8 + 8 rather than 15 + 1): no page holds a lone candidate.
    size = max(1, -(-len(values) // pages))
    chunks = [values[i : i + size] for i in range(0, len(values), size)] or [[]]
    n = len(chunks)
    return [
        _Page(
            title=title if n == 1 else f"{title} — page {i}/{n}",
            lines=lines,
            rows=tuple(chunk),
            # Examiners sign once, under the last candidate of the day.
            signature=signature and i == n,
        )
        for i, chunk in enumerate(chunks, start=1)
    ]


def _epreuve_line(ctx: PlanContext, code: str) -> str:
    ep = ctx.session.epreuves.get(code)
    return f"{code} — {ep.label}" if ep else code


def _epreuve_cell(r: Row) -> str:
    detail = r.oral.language or r.oral.subject
    return f"{r.oral.epreuve} — {detail}" if detail else r.oral.epreuve


def _examiners_line(ctx: PlanContext, family: str, rows: list[Row]) -> str:
    names: list[str] = []
    for r in rows:
        for i in r.oral.examiners:
            e = ctx.examiner_by_id.get(i)
            name = f"{e.surname} {e.given_name} ({i})" if e else i
            if name not in names:
                names.append(name)
    ep = ctx.session.epreuves.get(family)
    size = max(len(names), ep.commission_size if ep else 1, 1)
    label = "Examinateurs :" if size > 1 else "Examinateur :"
    # Unknown examiners leave a line to fill in by hand, one per member.
    blanks = ["_" * 30] * (size - len(names))
    return f"{label} " + "   ".join([*names, *blanks])


def _write(ws: Worksheet, pages: list[_Page]) -> None:
    """Write the pages one under the other, each starting a printed page."""
    row = 1
    text_rows: set[int] = set()
    header_rows: list[int] = []
    data_rows: list[int] = []
    for index, page in enumerate(pages):
        if index:
            ws.row_breaks.append(Break(id=row - 1))
        title = ws.cell(row=row, column=1)
        set_text(title, page.title)
        TITLE_STYLE.apply(title)
        text_rows.add(row)
        row += 1
        for line in page.lines:
            set_text(ws.cell(row=row, column=1), line)
            text_rows.add(row)
            row += 1
        header_row(ws, COLUMNS, row=row)
        header_rows.append(row)
        row += 1
        for values in page.rows:
            write_row(ws, row, [value if value != "" else None for value in values])
            if values[NOTE_COLUMN - 1] in PRINTED_MARKS:
                MARK_STYLE.apply(ws.cell(row=row, column=NOTE_COLUMN))
            data_rows.append(row)
            row += 1
        if page.signature:
            row += 1
            set_text(ws.cell(row=row, column=1), "Signature des examinateurs :")
            SIGNATURE_STYLE.apply(ws.cell(row=row, column=1))
            ws.row_dimensions[row].height = SIGNATURE_HEIGHT
            text_rows.add(row)
            row += 1

    fit_table(ws, header_rows, skip_rows=text_rows, caps=CAPS, minimums=MINIMUMS)
    fit_row_heights(ws, header_rows)
    fit_row_heights(ws, data_rows, minimum=ROW_HEIGHT)
