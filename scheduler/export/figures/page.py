"""The layout of a picture, computed in inches from measured text widths:
heading, axes, legend across the foot, time axis and lunch break.

Not ``tight_layout``: this is faster and keeps labels from overlapping
whatever the number of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from scheduler.domain.session import Session
from scheduler.export.figures.style import (
    DPI,
    LUNCH_COLOUR,
    MIN_HEIGHT_PIXELS,
    PAGE_PIXELS,
    PAGE_WIDTH,
    inches,
    text_width,
)
from scheduler.text import hhmm

#: Left margin of the title, and the width text may take across the page (inches).
MARGIN = 0.25
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TITLE_SIZE = 13.0
SUBTITLE_SIZE = 9.0


def axes_at(fig: Figure, left: float, bottom: float, width: float, height: float) -> Axes:
    """Axes placed in inches from the figure's lower-left corner."""
    w, h = fig.get_size_inches()
    return fig.add_axes((left / w, bottom / h, width / w, height / h))


@dataclass(frozen=True)
class Heading:
    """A picture's title and the lines of its subtitle, fitted to the page width."""

    title: str
    subtitle: tuple[str, ...]

    @property
    def height(self) -> float:
        """Inches taken at the top of the picture, space below included."""
        return 0.5 + 0.2 * len(self.subtitle) + 0.2


def fit_heading(titles: Sequence[str], parts: Sequence[str]) -> Heading:
    """The first of ``titles`` that fits the page (else the last one), and the
    subtitle ``parts`` joined with « · », broken between parts when too long."""
    room = TEXT_WIDTH * 72
    title = next((t for t in titles if text_width(t, TITLE_SIZE, bold=True) <= room), titles[-1])
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and text_width(joined, SUBTITLE_SIZE) <= room:
            lines[-1] = joined
        else:
            lines.append(part)
    return Heading(title, tuple(lines))


def draw_heading(fig: Figure, heading: Heading) -> None:
    """The title and subtitle at the top left of the picture."""
    _, h = fig.get_size_inches()
    x = MARGIN / PAGE_WIDTH
    fig.text(x, 1 - 0.2 / h, heading.title, fontsize=TITLE_SIZE, weight="bold", va="top")
    for k, line in enumerate(heading.subtitle):
        fig.text(x, 1 - (0.5 + 0.2 * k) / h, line, fontsize=SUBTITLE_SIZE, color="#404040", va="top")


def page_height(height: float) -> float:
    """``height`` inches kept between half and a whole A4 landscape page, on a whole pixel."""
    pixels = round(height * DPI)
    return inches(min(PAGE_PIXELS[1], max(MIN_HEIGHT_PIXELS, pixels)))


def legend_rows(labels: Sequence[str], ncols: int) -> int:
    """Rows taken by a legend of ``labels`` in ``ncols`` columns."""
    return max(1, -(-len(labels) // ncols))


def legend_columns(labels: Sequence[str], width: float, size: float = 8) -> int:
    """As many legend columns as fit ``width`` inches."""
    widest = max((text_width(label, size) for label in labels), default=0) / 72 + 0.75
    return max(1, min(len(labels), int(width // widest)))


def bottom_legend(
    fig: Figure, handles: Sequence[Patch | Line2D], ncols: int, *, title: str | None = None
) -> None:
    """The legend across the foot of the picture."""
    fig.legend(
        handles=list(handles),
        title=title,
        title_fontsize=8,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.12 / fig.get_size_inches()[1]),
        ncols=ncols,
        handlelength=2.2,
        handleheight=1.1,
        columnspacing=1.6,
    )


#: The time axis as matplotlib draws its own ticks (points).
TICK_LENGTH = 3.5
TICK_WIDTH = 0.8
TICK_PAD = 3.5
GRID_COLOUR = "#D0D0D0"


def time_axis(ax: Axes, first: int, last: int, *, labels: bool = True) -> None:
    """French times under the x axis, a tick and a grid line every 30 minutes.

    Drawn as three artists (grid lines, tick marks, one text per label)
    rather than by matplotlib's tick machinery, which lays out and measures
    every tick again on each save: a third of the time of a Gantt chart."""
    ax.set_xlim(first, last)
    ax.set_xticks([])
    ticks = list(range(first, last + 1, 30))
    along = ax.get_xaxis_transform()
    # Over the lunch shading (0.5), under everything drawn on the chart.
    ax.vlines(ticks, 0, 1, transform=along, colors=GRID_COLOUR, linewidth=0.5, zorder=0.6)
    ax.plot(
        ticks,
        [0] * len(ticks),
        transform=along,
        linestyle="none",
        marker=TICKDOWN,
        markersize=TICK_LENGTH,
        markeredgewidth=TICK_WIDTH,
        color="black",
        clip_on=False,
        zorder=2.5,
    )
    if not labels:
        return
    size = 7.5 if len(ticks) > 18 else 8
    below = along + ScaledTranslation(0, -(TICK_LENGTH + TICK_PAD) / 72, ax.figure.dpi_scale_trans)
    for t in ticks:
        ax.text(t, 0, hhmm(t), transform=below, ha="center", va="top", fontsize=size, clip_on=False)


def lunch(ax: Axes, session: Session) -> None:
    """The lunch break, shaded across a time axis."""
    h = session.hours
    if h.lunch_end > h.lunch_start:
        ax.axvspan(h.lunch_start, h.lunch_end, color=LUNCH_COLOUR, zorder=0.5, linewidth=0)


def plural(n: int, word: str) -> str:
    """``1 place``, ``24 places``."""
    return f"{n} {word}{'s' if n > 1 else ''}"
