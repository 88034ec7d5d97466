"""The shortcuts that make the exports fast give what the plain openpyxl calls
gave: same style tables, same cells, same row heights, same bytes."""

from __future__ import annotations

import textwrap

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.export.common import (
    BOLD_FACTOR,
    BORDER,
    LINE_HEIGHT,
    WRAP,
    CellStyle,
    _line_count,
    fit_row_heights,
    fit_table,
    set_text,
    workbook_bytes,
)

FILL = PatternFill("solid", fgColor="DDEBF7")
ITALIC_TOP = Alignment(vertical="top", wrap_text=False)


def _plain(ws: Worksheet, row: int, col: int, value: object, **parts: object) -> None:
    cell = ws.cell(row=row, column=col)
    set_text(cell, value)
    for name, part in parts.items():
        setattr(cell, name, part)


def _fill(ws: Worksheet, style_of: dict[str, CellStyle] | None) -> None:
    """The same sheet, styled by plain assignments (``style_of`` is None) or
    by :class:`CellStyle`; styles are mixed and overwritten as the exports do."""
    kinds = {
        "table": {"border": BORDER, "alignment": WRAP},
        "bold": {"border": BORDER, "alignment": WRAP, "font": Font(bold=True)},
        "fill": {"fill": FILL},
        "note": {"alignment": ITALIC_TOP, "font": Font(italic=True)},
    }
    order = ["table", "bold", "table", "fill", "note", "table"]
    for row in range(1, 13):
        for col in range(1, 5):
            kind = order[(row + col) % len(order)]
            if style_of is None:
                _plain(ws, row, col, f"{row}-{col} " * col, **kinds[kind])
            else:
                cell = ws.cell(row=row, column=col)
                set_text(cell, f"{row}-{col} " * col)
                style_of[kind].apply(cell)
        if row % 3 == 0:
            # A second style on cells that already have one keeps their other parts.
            if style_of is None:
                ws.cell(row=row, column=2).fill = FILL
            else:
                style_of["fill"].apply(ws.cell(row=row, column=2))


def test_cell_style_gives_the_bytes_of_plain_assignments() -> None:
    plain = Workbook()
    for ws in (plain.active, plain.create_sheet("b")):
        assert ws is not None
        _fill(ws, None)

    styles = {
        "table": CellStyle(border=BORDER, alignment=WRAP),
        "bold": CellStyle(border=BORDER, alignment=WRAP, font=Font(bold=True)),
        "fill": CellStyle(fill=FILL),
        "note": CellStyle(alignment=ITALIC_TOP, font=Font(italic=True)),
    }
    fast, other = Workbook(), Workbook()
    # Two workbooks filled in turn: a style remembers one workbook at a time.
    for ws in (fast.active, other.active, fast.create_sheet("b"), other.create_sheet("b")):
        assert ws is not None
        _fill(ws, styles)

    for wb in (fast, other):
        for a, b in zip(plain.worksheets, wb.worksheets, strict=True):
            assert sorted(a._cells) == sorted(b._cells)
            for key, cell in a._cells.items():
                assert tuple(cell._style) == tuple(b._cells[key]._style)
        assert workbook_bytes(wb) == workbook_bytes(plain)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "court",
        "exactement dix",
        "un texte bien plus long que la colonne, qui se replie",
        "mot-trop-long-pour-la-colonne-entière",
        "avec\ttabulation",
        "\t",
        "a\tb\tc\td",
        "deux\nlignes",
        "a\n\nb\n",
        "  espaces   en trop  ",
        "Établissement — Lycée Pierre-Paul Riquet, Saint-Orens-de-Gameville",
    ],
)
@pytest.mark.parametrize("width", [1, 3, 8, 14, 30])
def test_line_count_is_textwrap(text: str, width: int) -> None:
    expected = sum(max(1, len(textwrap.wrap(p, width))) for p in text.split("\n"))
    assert _line_count(text, width) == expected


def _reference_heights(ws: Worksheet, rows: range, minimum: float | None) -> dict[int, float | None]:
    """Row heights as fit_row_heights set them by reading each cell's style."""
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8 for c in range(1, ws.max_column + 1)}
    out: dict[int, float | None] = {}
    for row in rows:
        lines = 1
        for cell in ws[row]:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
                continue
            factor = BOLD_FACTOR if cell.font and cell.font.b else 1.0
            usable = max(int((widths.get(cell.column, 8) - 1) / factor), 1)
            count = sum(max(1, len(textwrap.wrap(p, usable))) for p in str(cell.value).split("\n"))
            lines = max(lines, count)
        out[row] = max(minimum or 0.0, lines * LINE_HEIGHT) if lines > 1 or minimum is not None else None
    return out


@pytest.mark.parametrize("minimum", [None, 22.0])
def test_row_heights_read_from_style_indexes(minimum: float | None) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    styles = {
        "table": CellStyle(border=BORDER, alignment=WRAP),
        "bold": CellStyle(border=BORDER, alignment=WRAP, font=Font(bold=True)),
        "fill": CellStyle(fill=FILL),
        "note": CellStyle(alignment=ITALIC_TOP, font=Font(italic=True)),
    }
    _fill(ws, styles)
    fit_table(ws, [2], caps={4: 9}, centered=("2-3 2-3 2-3 ",))
    fit_row_heights(ws, range(1, ws.max_row + 1), minimum=minimum)
    expected = _reference_heights(ws, range(1, ws.max_row + 1), minimum)
    assert any(height for height in expected.values())
    for row, height in expected.items():
        got = ws.row_dimensions[row].height if row in ws.row_dimensions else None
        assert got == height, row
