"""What every Excel planning shares: French dates and times, text that never
becomes a formula, print settings, readable columns and deterministic bytes."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Session, hhmm

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

#: Every workbook carries this date, so that the same plan gives the same bytes.
FIXED_TIMESTAMP = datetime(2000, 1, 1)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TITLE_FONT = Font(bold=True, size=13)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def french_date(day: date) -> str:
    """``lundi 7 juin 2021``."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def clock(minutes: int | None) -> str:
    """``08:40`` (empty for ``None``): one format in every workbook."""
    return "" if minutes is None else hhmm(minutes)


def set_text(cell: Cell, value: object) -> None:
    """Write ``value`` as plain text or number; text is never read as a formula.

    openpyxl turns any string starting with ``=`` into a formula, and a
    spreadsheet may evaluate ``+``, ``-`` or ``@`` too: input text (names,
    établissements) is forced to the string type.
    """
    if value is None:
        cell.value = None
        return
    if isinstance(value, bool):
        cell.value = "oui" if value else "non"
        cell.data_type = "s"
        return
    if isinstance(value, int | float):
        cell.value = value
        return
    cell.value = str(value)
    cell.data_type = "s"


def append_row(ws: Worksheet, values: Sequence[object], *, bold: bool = False) -> int:
    """Append a row of safe cells with borders; return its row number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, value)
        cell.border = BORDER
        cell.alignment = WRAP
        if bold:
            cell.font = Font(bold=True)
    return row


def header_row(ws: Worksheet, labels: Sequence[str], row: int | None = None) -> int:
    """Write the column titles (white on blue) at ``row`` (default: next row)."""
    row = row or (ws.max_row + 1 if ws.cell(1, 1).value is not None else 1)
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    return row


def title_row(ws: Worksheet, text: str) -> None:
    """A bold title in A1 (the sheet's own heading, above the column titles)."""
    cell = ws.cell(row=1, column=1)
    set_text(cell, text)
    cell.font = TITLE_FONT


def fit_columns(
    ws: Worksheet, *, minimum: int = 6, maximum: int = 45, skip_rows: Iterable[int] = (1,)
) -> None:
    """Width of each column from its longest line, so that nothing is cut;
    text longer than ``maximum`` wraps (cells are set to wrap)."""
    skip = set(skip_rows)
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.row in skip or cell.value is None:
                continue
            longest = max(len(line) for line in str(cell.value).split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(maximum, max(minimum, width + 2))


#: Points per text line at the default 11-point font.
LINE_HEIGHT = 15.0
#: Bold text is wider than the unit of column widths.
BOLD_FACTOR = 1.15


def write_row(ws: Worksheet, row: int, values: Sequence[object]) -> None:
    """A table row of safe, bordered, wrapping cells at a known row.

    Like :func:`append_row` without ``ws.max_row``, which walks every cell and
    makes filling a big sheet row by row quadratic."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, value)
        cell.border = BORDER
        cell.alignment = WRAP


def fit_table(
    ws: Worksheet,
    header_rows: Iterable[int],
    *,
    skip_rows: Iterable[int] = (),
    maximum: int = 45,
    caps: Mapping[int, int] | None = None,
    minimums: Mapping[int, int] | None = None,
    centered: Iterable[str] = (),
) -> None:
    """Column widths from the table cells, never narrower than the longest word
    of a column title (titles wrap between words instead of widening a column
    of times); ``caps`` make long columns wrap, ``minimums`` leave room to
    write by hand; columns titled in ``centered`` get their values centred."""
    headers = sorted(set(header_rows))
    fit_columns(ws, maximum=maximum, skip_rows={1, *headers, *skip_rows})
    wanted = set(centered)
    for h in headers:
        for cell in ws[h]:
            if cell.value is None:
                continue
            col = cell.column
            dim = ws.column_dimensions[get_column_letter(col)]
            word = max((len(w) for w in str(cell.value).split()), default=0) * BOLD_FACTOR + 2
            width = max(dim.width or 0, min(word, maximum), (minimums or {}).get(col, 0))
            if caps and col in caps:
                width = min(width, max(caps[col], word))
            dim.width = width
            if cell.value in wanted:
                for (data,) in ws.iter_rows(min_row=h + 1, min_col=col, max_col=col):
                    data.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")


def fit_row_heights(ws: Worksheet, rows: Iterable[int], *, minimum: float | None = None) -> None:
    """Give rows whose text wraps the height of their lines (at least ``minimum``).

    Excel sizes such rows when it opens the file, LibreOffice does not and
    prints one line of a wrapped cell: the height is written explicitly."""
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8 for c in range(1, ws.max_column + 1)}
    for row in rows:
        lines = 1
        for cell in ws[row]:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
                continue
            factor = BOLD_FACTOR if cell.font and cell.font.b else 1.0
            usable = max(int((widths.get(cell.column, 8) - 1) / factor), 1)
            count = sum(max(1, len(textwrap.wrap(p, usable))) for p in str(cell.value).split("\n"))
            lines = max(lines, count)
        if lines > 1 or minimum is not None:
            ws.row_dimensions[row].height = max(minimum or 0.0, lines * LINE_HEIGHT)


def prepare_for_print(
    ws: Worksheet,
    *,
    title: str,
    session: Session,
    header_rows: int,
    landscape: bool = True,
    filter_from: int | None = None,
) -> None:
    """A4, fit to width, title and session in the page header, page numbers in
    the footer, column titles repeated on every page and frozen on screen,
    filters on the table."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    # The page header sits in the top margin, clear of the sheet's own title.
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = title.replace("&", "&&")
    ws.oddHeader.right.text = session.label.replace("&", "&&")
    ws.oddFooter.center.text = "Page &P / &N"
    ws.oddFooter.right.text = "oraux"
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
        ws.freeze_panes = ws.cell(row=header_rows + 1, column=1)
    if filter_from is not None and ws.max_row > filter_from:
        last = get_column_letter(ws.max_column)
        ws.auto_filter.ref = f"A{filter_from}:{last}{ws.max_row}"


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, no ``[]:*?/\\``)."""
    clean = "".join("-" if c in "[]:*?/\\" else c for c in text).strip("'") or "Feuille"
    base = clean[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as bytes that depend only on its content: fixed document
    dates and fixed dates inside the zip."""
    wb.properties.creator = "oraux"
    wb.properties.lastModifiedBy = "oraux"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


def _fixed_core(data: bytes) -> bytes:
    # openpyxl stamps ``modified`` with the time of saving, whatever we set.
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data
    )
