"""What every Excel planning shares: French dates and times, text that never
becomes a formula, print settings, readable columns and deterministic bytes."""

from __future__ import annotations

import io
import re
import textwrap
import weakref
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.session import Session
from scheduler.text import hhmm

#: Every workbook carries this date, so that the same plan gives the same bytes.
FIXED_TIMESTAMP = datetime(2000, 1, 1)

#: The workbooks' font, named on every styled cell: a font without a name
#: prints in LibreOffice's default serif, much wider than the columns allow.
FONT_NAME = "Calibri"
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13)
BOLD_FONT = Font(name=FONT_NAME, bold=True)
ITALIC_FONT = Font(name=FONT_NAME, italic=True)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTERED_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="center")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")


class CellStyle:
    """A font, fill, border and alignment set together on many cells.

    Assigning ``cell.font = ...`` makes openpyxl hash the whole style object to
    find its index in the workbook, which dominated the time to write a big
    sheet.  The first cell of a workbook to get a :class:`CellStyle` gets it
    the ordinary way; the next cells only copy the indexes it was given.  The
    workbook's style tables come out exactly as with plain assignments.  Parts
    left to ``None`` keep the cell's own.
    """

    #: Position of each part in openpyxl's ``StyleArray`` (``fontId``, ``fillId``…).
    _SLOTS = {"font": 0, "fill": 1, "border": 2, "alignment": 5}

    def __init__(
        self,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
    ) -> None:
        parts = {"font": font, "fill": fill, "border": border, "alignment": alignment}
        self._parts = [(name, value) for name, value in parts.items() if value is not None]
        #: The workbook last styled, and the indexes of the parts in it.
        self._known: tuple[weakref.ref[Workbook], list[tuple[int, int]]] | None = None

    def apply(self, cell: Cell) -> None:
        """Set the style's parts on ``cell``, as ``cell.font = ...`` and so on would."""
        wb = cell.parent.parent
        known = self._known
        if known is not None and known[0]() is wb:
            style = cell._style
            if style is None:
                style = cell._style = StyleArray()
            for slot, index in known[1]:
                style[slot] = index
            return
        for name, value in self._parts:
            setattr(cell, name, value)
        slots = [self._SLOTS[name] for name, _ in self._parts]
        self._known = (weakref.ref(wb), [(slot, cell._style[slot]) for slot in slots])


HEADER_STYLE = CellStyle(font=HEADER_FONT, fill=HEADER_FILL, border=BORDER, alignment=HEADER_ALIGNMENT)
#: Table cells: bordered, wrapping text aligned at the top.
TABLE_STYLE = CellStyle(border=BORDER, alignment=WRAP)
BOLD_TABLE_STYLE = CellStyle(border=BORDER, alignment=WRAP, font=BOLD_FONT)
TITLE_STYLE = CellStyle(font=TITLE_FONT)
BOLD_STYLE = CellStyle(font=BOLD_FONT)
ITALIC_STYLE = CellStyle(font=ITALIC_FONT)
CENTERED_STYLE = CellStyle(alignment=CENTERED_WRAP)


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
    write_row(ws, row, values, style=BOLD_TABLE_STYLE if bold else TABLE_STYLE)
    return row


def header_row(ws: Worksheet, labels: Sequence[str], row: int | None = None) -> int:
    """Write the column titles (white on blue) at ``row`` (default: next row)."""
    row = row or (ws.max_row + 1 if ws.cell(1, 1).value is not None else 1)
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, label)
        HEADER_STYLE.apply(cell)
    return row


def title_row(ws: Worksheet, text: str) -> None:
    """A bold title in A1 (the sheet's own heading, above the column titles)."""
    cell = ws.cell(row=1, column=1)
    set_text(cell, text)
    TITLE_STYLE.apply(cell)


def fit_columns(
    ws: Worksheet, *, minimum: int = 6, maximum: int = 45, skip_rows: Iterable[int] = (1,)
) -> None:
    """Width of each column from its longest line, so that nothing is cut;
    text longer than ``maximum`` wraps (cells are set to wrap)."""
    skip = set(skip_rows)
    widths: dict[int, int] = {}
    # iter_rows creates the missing cells of the table's rectangle, skipped
    # rows included: the written sheet depends on it.
    for number, row in enumerate(ws.iter_rows(), start=1):
        if number in skip:
            continue
        for cell in row:
            if cell.value is None:
                continue
            longest = max(map(len, str(cell.value).split("\n")))
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(maximum, max(minimum, width + 2))


#: Points per text line at the default 11-point font.
LINE_HEIGHT = 15.0
#: Bold text is wider than the unit of column widths.
BOLD_FACTOR = 1.15


def write_row(ws: Worksheet, row: int, values: Sequence[object], *, style: CellStyle = TABLE_STYLE) -> None:
    """A table row of safe cells at a known row, bordered and wrapping unless
    ``style`` says otherwise.

    Like :func:`append_row` without ``ws.max_row``, which walks every cell and
    makes filling a big sheet row by row quadratic."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        set_text(cell, value)
        style.apply(cell)


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
    text_rows = {1, *headers, *skip_rows}
    fit_columns(ws, maximum=maximum, skip_rows=text_rows)
    wanted = set(centered)
    # Read once: nothing below adds a row or a column.
    last_column, last_row = ws.max_column, ws.max_row
    for h in headers:
        for col in range(1, last_column + 1):
            cell = ws.cell(row=h, column=col)
            if cell.value is None:
                continue
            dim = ws.column_dimensions[get_column_letter(col)]
            word = max((len(w) for w in str(cell.value).split()), default=0) * BOLD_FACTOR + 2
            width = max(dim.width or 0, min(word, maximum), (minimums or {}).get(col, 0))
            if caps and col in caps:
                width = min(width, max(caps[col], word))
            dim.width = width
            if cell.value in wanted:
                # Text lines between tables (a day's heading) keep their own
                # style: centred and wrapped in a narrow column, they would
                # print their lines over each other.
                for row in range(h + 1, last_row + 1):
                    if row not in text_rows:
                        CENTERED_STYLE.apply(ws.cell(row=row, column=col))


def fit_row_heights(ws: Worksheet, rows: Iterable[int], *, minimum: float | None = None) -> None:
    """Give rows whose text wraps the height of their lines (at least ``minimum``).

    Excel sizes such rows when it opens the file, LibreOffice does not and
    prints one line of a wrapped cell: the height is written explicitly."""
    last_column = ws.max_column
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8 for c in range(1, last_column + 1)}
    # Characters per line in each column, for regular and for bold text.
    usable = {
        c: tuple(max(int((width - 1) / factor), 1) for factor in (1.0, BOLD_FACTOR))
        for c, width in widths.items()
    }
    # Whether text wraps, and is bold, by index of the cell's alignment and
    # font in the workbook: most cells share a handful of styles.
    wrapping: dict[int, bool] = {}
    bold: dict[int, bool] = {}
    for row in rows:
        lines = 1
        for col in range(1, last_column + 1):
            cell = ws.cell(row=row, column=col)
            if cell.value is None:
                continue
            style = cell._style
            if style is None:
                continue  # openpyxl's default style: no wrapping
            wraps = wrapping.get(style.alignmentId)
            if wraps is None:
                wraps = wrapping[style.alignmentId] = bool(cell.alignment.wrap_text)
            if not wraps:
                continue
            is_bold = bold.get(style.fontId)
            if is_bold is None:
                is_bold = bold[style.fontId] = bool(cell.font.b)
            lines = max(lines, _line_count(str(cell.value), usable[col][is_bold]))
        if lines > 1 or minimum is not None:
            ws.row_dimensions[row].height = max(minimum or 0.0, lines * LINE_HEIGHT)


def _line_count(text: str, width: int) -> int:
    """Lines of ``text`` wrapped at ``width`` characters, as :mod:`textwrap` wraps it."""
    count = 0
    for part in text.split("\n"):
        # A part that fits is one line (textwrap widens tabs, nothing else).
        if len(part) <= width and "\t" not in part:
            count += 1
        else:
            count += max(1, len(textwrap.wrap(part, width)))
    return count


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
