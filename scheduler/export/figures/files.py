"""A figure as PNG and SVG bytes, with no date or software stamp: the same
plan always gives the same files."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from scheduler.export.figures.names import path
from scheduler.export.figures.style import DPI

#: zlib level of the PNG files: 1 writes them a quarter faster than the
#: default (6) for about 12 % more bytes (≈ 270 kB for a full Gantt page).
PNG_COMPRESSION = 1


def png(fig: Figure) -> bytes:
    """The figure as PNG at :data:`~scheduler.export.figures.style.DPI`."""
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": PNG_COMPRESSION},
    )
    return buf.getvalue()


def svg(fig: Figure) -> bytes:
    """The figure as SVG, its text kept as text."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def save(out: dict[str, bytes], name: str, fig: Figure) -> None:
    """Put the figure in ``out`` as ``figures/<name>.png`` and ``figures/<name>.svg``."""
    out[path(name, "png")] = png(fig)
    out[path(name, "svg")] = svg(fig)
