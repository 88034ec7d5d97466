"""Pictures of a plan: Gantt charts, loge and station occupancy, commissions and
load per épreuve, as PNG (e-mail, print) and SVG (zoom).

Matplotlib is used without pyplot: every chart is its own :class:`Figure`,
drawn with the Agg renderer, with every style setting fixed
(:mod:`~scheduler.export.figures.style`) and no date or software stamp in the
files (:mod:`~scheduler.export.figures.files`), so that the same plan always
gives the same bytes.  Layouts are computed in inches from measured text
widths (:mod:`~scheduler.export.figures.page`).

Text in the pictures is French; the SVG files keep it as text (searchable,
smaller).

Layers, each importing only those before it: ``style``, ``names``, ``rows``
← ``files``, ``page`` ← ``gantt``, ``occupancy``, ``families`` ← ``drawing``
← ``api``; this package re-exports what the rest of the planner uses
(what needs matplotlib on first use).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scheduler.export.figures.api import (
    family_figures,
    figure_names,
    gantt_pngs,
    plan_figures,
    site_day_figures,
)
from scheduler.export.figures.names import FOLDER, site_slugs

if TYPE_CHECKING:
    from scheduler.export.figures.gantt import gantt_png, gantt_svg
    from scheduler.export.figures.style import DPI, MIN_HEIGHT_PIXELS, PAGE_PIXELS

#: Names that need matplotlib, imported on first use: a process that only
#: names the figures (the one that hands them to others to draw) never loads it.
_DRAWING = {
    "gantt_png": "scheduler.export.figures.gantt",
    "gantt_svg": "scheduler.export.figures.gantt",
    "DPI": "scheduler.export.figures.style",
    "MIN_HEIGHT_PIXELS": "scheduler.export.figures.style",
    "PAGE_PIXELS": "scheduler.export.figures.style",
}


def __getattr__(name: str) -> Any:
    if name in _DRAWING:
        return getattr(importlib.import_module(_DRAWING[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DPI",
    "FOLDER",
    "MIN_HEIGHT_PIXELS",
    "PAGE_PIXELS",
    "family_figures",
    "figure_names",
    "gantt_png",
    "gantt_pngs",
    "gantt_svg",
    "plan_figures",
    "site_day_figures",
    "site_slugs",
]
