"""The occupancy of a site's day, minute by minute: candidates in the loge,
computer stations, interrogation rooms, each against its capacity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from scheduler.domain.session import Session
from scheduler.export.context import PlanContext, Row
from scheduler.export.figures.page import (
    axes_at,
    bottom_legend,
    draw_heading,
    fit_heading,
    lunch,
    page_height,
    plural,
    time_axis,
)
from scheduler.export.figures.rows import code_order, preparation, time_span
from scheduler.export.figures.style import CAPACITY_COLOUR, LUNCH_COLOUR, PAGE_WIDTH
from scheduler.text import french_date, hhmm


def _occupancy(intervals: Iterable[tuple[int, int]], first: int, last: int) -> np.ndarray:
    """How many intervals cover each minute from ``first`` to ``last``."""
    delta = np.zeros(last - first + 1, dtype=int)
    for a, b in intervals:
        delta[max(a, first) - first] += 1
        delta[min(b, last) - first] -= 1
    return np.cumsum(delta)


@dataclass(frozen=True)
class _Panel:
    title: str
    counts: np.ndarray
    capacity: int
    capacity_label: str
    unit: str


def _occupancy_panels(
    ctx: PlanContext, site_key: str, day: date, rows: Sequence[Row], first: int, last: int
) -> list[_Panel]:
    """The loge when candidates prepare there (or it has seats), the computer
    stations when an épreuve uses them, and the interrogation rooms unless
    they tell the same as the stations."""
    session = ctx.session
    site = session.sites[site_key]
    panels: list[_Panel] = []
    preparing = [span for r in rows if (span := preparation(r)) is not None]
    if preparing or site.loge_seats > 0:
        panels.append(
            _Panel(
                "Loge de préparation : candidats en préparation",
                _occupancy(preparing, first, last),
                site.loge_seats,
                f"capacité de la loge : {plural(site.loge_seats, 'place')}",
                "candidats",
            )
        )
    examined = [
        (r, (r.oral.start, r.oral.end)) for r in rows if r.oral.start is not None and r.oral.end is not None
    ]
    computer = [(r, span) for r, span in examined if session.epreuves[r.oral.epreuve].uses_computer]
    if computer:
        codes = sorted({r.oral.epreuve for r, _ in computer}, key=code_order)
        panels.append(
            _Panel(
                f"Postes informatiques occupés ({', '.join(codes)})",
                _occupancy([span for _, span in computer], first, last),
                site.computer_stations,
                f"postes informatiques : {site.computer_stations}",
                "postes",
            )
        )
    rooms = _occupancy([span for _, span in examined], first, last)
    if not (computer and len(computer) == len(examined)):
        rooms_open = len(session.rooms(site_key, day))
        panels.append(
            _Panel(
                "Salles d'interrogation occupées",
                rooms,
                rooms_open,
                f"salles ouvertes ce jour : {rooms_open}",
                "salles",
            )
        )
    return panels


def occupation_figure(ctx: PlanContext, site_key: str, day: date, rows: Sequence[Row]) -> Figure:
    """The occupancy of a site's day, minute by minute, one panel per kind of place."""
    session = ctx.session
    site = session.sites[site_key]
    first, last = time_span(session, rows)
    panels = _occupancy_panels(ctx, site_key, day, rows, first, last)
    heading = fit_heading(
        [f"{site.town} — {french_date(day)} : occupation des locaux", f"{site.town} — {french_date(day)}"],
        [session.label, site.etablissement],
    )
    over = any((p.counts > p.capacity).any() for p in panels)
    legend: list[Patch | Line2D] = [
        Patch(
            facecolor=OCCUPANCY_FILL,
            alpha=0.35,
            edgecolor=OCCUPANCY_LINE,
            label="occupation, minute par minute",
        ),
        Line2D([], [], color=CAPACITY_COLOUR, linestyle="--", linewidth=1.3, label="capacité"),
    ]
    if over:
        legend.append(Patch(facecolor=CAPACITY_COLOUR, alpha=0.5, label="dépassement de capacité"))
    legend += [
        Patch(facecolor=LUNCH_COLOUR, label="pause méridienne"),
        Line2D([], [], color="#404040", marker="v", linestyle="none", markersize=5, label="pic"),
    ]
    below = 0.5 + 0.22 + 0.15
    gap = 0.6
    panel_height = 2.6 if len(panels) == 1 else 2.4
    height = page_height(heading.height + below + len(panels) * panel_height + gap * (len(panels) - 1))
    plot_height = (height - heading.height - below - 0.1 - gap * (len(panels) - 1)) / len(panels)

    fig = Figure(figsize=(PAGE_WIDTH, height))
    draw_heading(fig, heading)
    minutes = np.arange(first, last + 1)
    for k, panel in enumerate(panels):
        bottom = below + (len(panels) - 1 - k) * (plot_height + gap)
        ax = axes_at(fig, 0.9, bottom, PAGE_WIDTH - 1.3, plot_height - 0.25)
        _draw_panel(ax, session, panel, minutes, first, last)
    bottom_legend(fig, legend, len(legend))
    return fig


OCCUPANCY_FILL = "#4C72B0"
OCCUPANCY_LINE = "#1F4E78"


def _draw_panel(
    ax: Axes, session: Session, panel: _Panel, minutes: np.ndarray, first: int, last: int
) -> None:
    counts, capacity = panel.counts, panel.capacity
    time_axis(ax, first, last)
    lunch(ax, session)
    # Only the minutes where the count changes: the same steps, smaller files.
    keep = np.flatnonzero(np.diff(counts, prepend=-1, append=-1)[:-1] != 0)
    keep = np.union1d(keep, [len(counts) - 1])
    times, values = minutes[keep], counts[keep]
    ax.fill_between(times, values, step="post", color=OCCUPANCY_FILL, alpha=0.35, linewidth=0, zorder=2)
    ax.step(times, values, where="post", color=OCCUPANCY_LINE, linewidth=1.2, zorder=3)
    for start, end, value in zip(times[:-1], times[1:], values[:-1], strict=True):
        if value > capacity:
            ax.add_patch(
                Rectangle(
                    (start, capacity),
                    end - start,
                    value - capacity,
                    facecolor=CAPACITY_COLOUR,
                    alpha=0.5,
                    linewidth=0,
                    zorder=2.5,
                )
            )
    ax.axhline(capacity, color=CAPACITY_COLOUR, linestyle="--", linewidth=1.3, zorder=4)
    ax.annotate(
        panel.capacity_label,
        (last, capacity),
        xytext=(0, 3),
        textcoords="offset points",
        color=CAPACITY_COLOUR,
        fontsize=7.5,
        ha="right",
        va="bottom",
        zorder=5,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )
    peak = int(counts.max())
    at = first + int(np.argmax(counts))
    ax.set_ylim(0, max(capacity, peak, 1) * 1.25 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.set_ylabel(panel.unit)
    ax.set_title(panel.title, fontsize=9.5)
    if peak:
        ax.plot([at], [peak], marker="v", color="#404040", markersize=5, zorder=5, clip_on=False)
        near_start, near_end = at <= first + 40, at >= last - 40
        ax.annotate(
            f"pic : {peak} à {hhmm(at)}",
            (at, peak),
            xytext=(4 if near_start else -4 if near_end else 0, 6),
            textcoords="offset points",
            ha="left" if near_start else "right" if near_end else "center",
            fontsize=7.5,
            zorder=5,
        )
