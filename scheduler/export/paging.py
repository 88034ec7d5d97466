"""Where a printed sheet's pages break, decided when it is written.

Spreadsheet programs fit a sheet to the page width by shrinking it and then
cut it into pages wherever the height runs out: a commission's block may
start at the foot of one page and end on the next.  These functions compute
the same scale and page height LibreOffice and Excel use for an A4 sheet set
up by :func:`~scheduler.export.common.prepare_for_print`, and put manual
page breaks before the blocks that would be cut.

Column widths are in Excel's units (characters of the default 11-point
font, 7 pixels each, plus 5 pixels of padding); row heights in points.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

#: A4 in points.
A4 = (595.0, 842.0)
#: Row height (points) of a row with no height of its own, 11-point font.
DEFAULT_ROW_HEIGHT = 15.0
#: Column width (characters) of a column with no width of its own.
DEFAULT_COLUMN_WIDTH = 8.43
#: The default font's size (points): text prints at ``scale`` times this.
BODY_POINTS = 11.0
#: Share of the computed page height used: row heights round differently
#: in each program, a page must never overflow.
SAFETY = 0.93


def column_points(width: float) -> float:
    """Printed width (points, unscaled) of a column ``width`` characters wide."""
    return (int(width * 7 + 0.5) + 5) * 0.75


def sheet_width(ws: Worksheet, last_column: int | None = None) -> float:
    """Printed width (points, unscaled) of the sheet's columns."""
    last = last_column or ws.max_column
    total = 0.0
    for col in range(1, last + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        width = dim.width if dim is not None and dim.width else DEFAULT_COLUMN_WIDTH
        hidden = dim is not None and dim.hidden
        total += 0 if hidden else column_points(width)
    return total


def printable(ws: Worksheet) -> tuple[float, float]:
    """Width and height (points) inside the margins of the sheet's paper."""
    w, h = A4 if ws.page_setup.orientation != "landscape" else (A4[1], A4[0])
    m = ws.page_margins
    return w - (m.left + m.right) * 72, h - (m.top + m.bottom) * 72


def print_scale(ws: Worksheet, last_column: int | None = None) -> float:
    """The scale a fit-to-width print applies (1 when the sheet fits),
    rounded down to a whole percent as the programs do."""
    width, _ = printable(ws)
    return min(1.0, int(100 * width / sheet_width(ws, last_column)) / 100)


def row_height(ws: Worksheet, row: int) -> float:
    dim = ws.row_dimensions.get(row)
    return dim.height if dim is not None and dim.height else DEFAULT_ROW_HEIGHT


def page_height(ws: Worksheet, repeated_rows: int = 0) -> float:
    """Height (sheet points) one printed page holds below the repeated title rows."""
    _, height = printable(ws)
    repeated = sum(row_height(ws, r) for r in range(1, repeated_rows + 1))
    return height * SAFETY / print_scale(ws) - repeated


def keep_together(
    ws: Worksheet,
    blocks: Sequence[tuple[int, int]],
    *,
    repeated_rows: int = 0,
    first_row: int | None = None,
    new_page: Iterable[int] = (),
) -> list[int]:
    """Put a page break before each block (``(first, last)`` rows, in order)
    that would otherwise be cut by the foot of a page, and before each row
    of ``new_page``; the rows the breaks come before.

    The rows from ``first_row`` (the one after the repeated rows by default)
    to the first block (titles, notes) fill the first page with it; a block taller than a page starts on a new page and
    is cut where it must."""
    forced = set(new_page)
    if first_row is None:
        first_row = repeated_rows + 1
    room = page_height(ws, repeated_rows)
    used = 0.0
    after = first_row  # the row after the last one counted
    breaks: list[int] = []
    for first, last in blocks:
        # The rows since the previous block (spacing, notes) go with this one.
        height = sum(row_height(ws, r) for r in range(after, last + 1))
        if used > 0 and (first in forced or used + height > room):
            breaks.append(first)
            used = 0.0
            height = sum(row_height(ws, r) for r in range(first, last + 1))
        used += height
        while used > room:  # a block taller than a page
            used -= room
        after = last + 1
    ws.row_breaks = RowBreak()
    for row in breaks:
        # A break ``id`` is the last row of a page.
        ws.row_breaks.append(Break(id=row - 1))
    return breaks
