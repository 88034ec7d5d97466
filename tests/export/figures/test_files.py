"""The picture files: PNG at the width of an A4 landscape page, SVG of the
same proportions, text kept as text and nothing dating them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from scheduler.export.figures.style import DPI, MIN_HEIGHT_PIXELS, PAGE_PIXELS
from tests.export.figures.helpers import png_size


def test_pngs_open_at_a4_width(files: dict[str, bytes]) -> None:
    """Every PNG is a page wide and between half a page and a page high."""
    for name, data in files.items():
        if not name.endswith(".png"):
            continue
        width, height = png_size(data)
        assert width == PAGE_PIXELS[0], name
        assert MIN_HEIGHT_PIXELS <= height <= PAGE_PIXELS[1], name
        if "/commissions-" in name or "/charge-" in name:
            assert (width, height) == PAGE_PIXELS, name


def test_svgs_are_svg_with_the_png_proportions(files: dict[str, bytes]) -> None:
    """Every SVG is an SVG of its PNG's size, with text and without a date."""
    for name, data in files.items():
        if not name.endswith(".svg"):
            continue
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        assert b"<svg" in data
        _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
        png = png_size(files[name.removesuffix(".svg") + ".png"])
        assert png == (int(width / 72 * DPI), int(height / 72 * DPI)), name
        # Text stays text (searchable, smaller), and nothing dates the file.
        assert "<text" in data.decode()
        assert b"<dc:date>" not in data
