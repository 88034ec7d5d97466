"""The Gantt chart of a site's day: one row per commission in its room, the
orals coloured by épreuve with the candidate's name inside, the preparations
in the loge beneath them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from scheduler.domain.session import extra_time_label
from scheduler.export.context import PlanContext, Row
from scheduler.export.figures.files import png, svg
from scheduler.export.figures.page import (
    MARGIN,
    TEXT_WIDTH,
    Heading,
    axes_at,
    bottom_legend,
    draw_heading,
    fit_heading,
    legend_columns,
    legend_rows,
    lunch,
    page_height,
    time_axis,
)
from scheduler.export.figures.rows import code_order, preparation, time_span
from scheduler.export.figures.style import (
    EXTRA_TIME_EDGE,
    EXTRA_TIME_MARK,
    FOLLOW_HATCH,
    LUNCH_COLOUR,
    OTHER_COLOUR,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PREPARATION_LIGHTEN,
    drawing_style,
    epreuve_colours,
    fit,
    lighter,
    text_colour,
    text_width,
)
from scheduler.text import french_date


def gantt_png(ctx: PlanContext, site: str, day: date) -> bytes:
    """The Gantt chart of one site's day as PNG (also embedded in ``salles-<site>.xlsx``)."""
    rows = ctx.by_site_day().get((site, day), [])
    with drawing_style():
        return png(gantt_figure(ctx, site, day, rows))


def gantt_svg(ctx: PlanContext, site: str, day: date) -> bytes:
    """The same Gantt chart as SVG."""
    rows = ctx.by_site_day().get((site, day), [])
    with drawing_style():
        return svg(gantt_figure(ctx, site, day, rows))


def _room_key(room: str) -> tuple[str, int, str]:
    # « Salle 10 » after « Salle 9 ».
    match = re.match(r"^(.*?)(\d+)$", room)
    return (match.group(1), int(match.group(2)), room) if match else (room, -1, room)


@dataclass(frozen=True)
class _Line:
    """One row of a Gantt chart: a commission in its room."""

    commission: str
    room: str
    examiners: tuple[str, ...]
    rows: tuple[Row, ...]


def _examiner_label(ctx: PlanContext, ident: str, *, short: bool) -> str:
    """« SURNAME Given name », « SURNAME G.-N. » when ``short``, the id when unnamed."""
    e = ctx.examiner_by_id.get(ident)
    if e is None:
        return ident
    if not short:
        return f"{e.surname} {e.given_name}"
    initials = "-".join(f"{part[0]}." for part in re.split(r"[- ]+", e.given_name) if part)
    return f"{e.surname} {initials}".strip()


def _gantt_lines(rows: Sequence[Row]) -> list[_Line]:
    """The commissions of a site's day, by room then commission."""
    by_commission: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_commission[r.oral.commission or "?"].append(r)
    lines = []
    for commission, group in by_commission.items():
        rooms = Counter(r.oral.room or "" for r in group)
        examiners = next((r.oral.examiners for r in group if r.oral.examiners), ())
        lines.append(_Line(commission, rooms.most_common(1)[0][0], examiners, tuple(group)))
    return sorted(lines, key=lambda line: (_room_key(line.room), line.commission))


def _lanes(intervals: Sequence[tuple[int, int]]) -> list[int]:
    """Lane of each interval so that the intervals of a lane never overlap."""
    ends: list[int] = []
    out = [0] * len(intervals)
    for i in sorted(range(len(intervals)), key=lambda i: intervals[i]):
        start, end = intervals[i]
        lane = next((k for k, e in enumerate(ends) if e <= start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        out[i] = lane
    return out


#: Where the bars sit in a row (fractions of its height, from the top): the
#: orals above, the preparations in the loge below them — a candidate prepares
#: while the one before is examined.
ORAL_BAND = (0.08, 0.64)
PREPARATION_BAND = (0.68, 0.94)
#: The orals alone, on a day without preparation.
ORAL_ONLY_BAND = (0.14, 0.86)


@dataclass(frozen=True)
class _GanttLayout:
    """Sizes of a Gantt chart, in inches and points."""

    height: float
    left: float
    below: float
    row_height: float
    label_size: float
    labels: list[tuple[str, list[str]]]
    legend_columns: int


def _gantt_layout(
    ctx: PlanContext, lines: Sequence[_Line], heading: Heading, legend: Sequence[str]
) -> _GanttLayout:
    n = max(len(lines), 1)
    columns = legend_columns(legend, TEXT_WIDTH)
    below = 0.5 + 0.22 * legend_rows(legend, columns) + 0.15
    free = PAGE_HEIGHT - heading.height - below
    row_height = min(0.8, free / n)
    height = page_height(heading.height + below + n * row_height)
    row_height = (height - heading.height - below) / n
    row_points = row_height * 72

    # Row labels: commission and room, then the examiners one a line when the
    # row is tall enough, else on one line with initials.
    label_size = min(8.5, max(5.5, row_points / 3.3))
    labels: list[tuple[str, list[str]]] = []
    for line in lines:
        names = [_examiner_label(ctx, i, short=False) for i in line.examiners]
        if len(names) > 1 and (1 + len(names)) * label_size * 1.3 > row_points:
            names = [" / ".join(_examiner_label(ctx, i, short=True) for i in line.examiners)]
        labels.append((f"{line.commission} — {line.room}", names))
    label_width = max(
        (
            max(
                [text_width(head, label_size, bold=True), *(text_width(x, label_size - 0.5) for x in names)]
            )
            for head, names in labels
        ),
        default=0.0,
    )
    left = MARGIN + label_width / 72 + 0.12
    return _GanttLayout(height, left, below, row_height, label_size, labels, columns)


def gantt_figure(ctx: PlanContext, site_key: str, day: date, rows: Sequence[Row]) -> Figure:
    """The Gantt chart of a site's day, ``rows`` being its orals."""
    session = ctx.session
    site = session.sites[site_key]
    lines = _gantt_lines(rows)
    codes = sorted({r.oral.epreuve for r in rows}, key=code_order)
    heading = fit_heading(
        [
            f"{site.town} — {french_date(day)} : passages devant les commissions",
            f"{site.town} — {french_date(day)}",
        ],
        [session.label, site.etablissement, *(ctx.epreuve_label(c) for c in codes)],
    )
    legend = _gantt_legend(ctx, rows, codes)
    layout = _gantt_layout(ctx, lines, heading, [str(h.get_label()) for h in legend])
    n = max(len(lines), 1)
    plot_width = PAGE_WIDTH - layout.left - 0.3

    fig = Figure(figsize=(PAGE_WIDTH, layout.height))
    draw_heading(fig, heading)
    ax = axes_at(fig, layout.left, layout.below, plot_width, n * layout.row_height)
    first, last = time_span(session, rows)
    time_axis(ax, first, last)
    ax.set_ylim(n, 0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    lunch(ax, session)
    for i in range(1, n):
        ax.axhline(i, color="#B0B0B0", linewidth=0.6, zorder=1)

    prepared = any(preparation(r) for r in rows)
    oral_band = ORAL_BAND if prepared else ORAL_ONLY_BAND
    bar_points = (oral_band[1] - oral_band[0]) * layout.row_height * 72
    points_per_minute = plot_width * 72 / (last - first)
    name_size = min(NAME_SIZE, max(MIN_NAME_SIZE, bar_points * 0.4))
    bars: list[Rectangle] = []
    colours = epreuve_colours(session)
    for i, (line, (head, names)) in enumerate(zip(lines, layout.labels, strict=True)):
        _draw_row_label(ax, i, head, names, layout.label_size)
        bars += _preparations(i, line, colours)
        bars += _draw_orals(ctx, ax, i, line, oral_band, points_per_minute, name_size, colours)
    _add_bars(ax, bars)

    bottom_legend(fig, legend, layout.legend_columns)
    return fig


def _draw_row_label(ax: Axes, i: int, head: str, names: list[str], size: float) -> None:
    transform = ax.get_yaxis_transform()
    count = 1 + len(names)
    step = 1 / (count + 0.6)
    y = i + 0.5 - step * (count - 1) / 2
    ax.text(-0.01, y, head, transform=transform, ha="right", va="center", fontsize=size, weight="bold")
    for k, name in enumerate(names, start=1):
        ax.text(
            -0.01,
            y + k * step,
            name,
            transform=transform,
            ha="right",
            va="center",
            fontsize=size - 0.5,
            color="#303030",
        )


def _preparations(i: int, line: _Line, colours: dict[str, str]) -> list[Rectangle]:
    """The preparations in the loge, lighter, in as many lanes as they overlap."""
    prepared = [(r, span) for r in line.rows if (span := preparation(r)) is not None]
    lanes = _lanes([span for _, span in prepared])
    top, bottom = PREPARATION_BAND
    lane_height = (bottom - top) / (max(lanes, default=0) + 1)
    out = []
    for (r, (start, end)), lane in zip(prepared, lanes, strict=True):
        colour = colours.get(r.oral.epreuve, OTHER_COLOUR)
        extra = r.candidate.extra_time > 0
        out.append(
            Rectangle(
                (start, i + top + lane * lane_height),
                end - start,
                lane_height * 0.88,
                facecolor=lighter(colour, PREPARATION_LIGHTEN),
                edgecolor=EXTRA_TIME_EDGE if extra else lighter(colour, 0.15),
                linewidth=1.2 if extra else 0.6,
                zorder=2,
            )
        )
    return out


def _add_bars(ax: Axes, bars: Sequence[Rectangle]) -> None:
    """The bars as a few collections (by layer and hatching), each drawn in
    one call: the same picture as one artist per bar, in half the time."""
    groups: dict[tuple[float, str], list[Rectangle]] = {}
    for bar in bars:
        groups.setdefault((bar.get_zorder(), bar.get_hatch() or ""), []).append(bar)
    for (zorder, hatch), group in sorted(groups.items()):
        collection = PatchCollection(group, match_original=True, zorder=zorder)
        if hatch:
            collection.set_hatch(hatch)
            collection.set_hatchcolor("white")
        ax.add_collection(collection, autolim=False)


def _draw_orals(
    ctx: PlanContext,
    ax: Axes,
    i: int,
    line: _Line,
    band: tuple[float, float],
    points_per_minute: float,
    name_size: float,
    colours: dict[str, str],
) -> list[Rectangle]:
    """The orals, coloured by épreuve, the candidate's surname inside when it
    fits: the bars are returned, the names drawn."""
    top, bottom = band
    out = []
    for r in line.rows:
        o = r.oral
        assert o.start is not None and o.end is not None
        colour = colours.get(o.epreuve, OTHER_COLOUR)
        ep = ctx.session.epreuves.get(o.epreuve)
        follows = ep is not None and ep.follows is not None
        extra = r.candidate.extra_time > 0
        out.append(
            Rectangle(
                (o.start, i + top),
                o.end - o.start,
                bottom - top,
                facecolor=colour,
                edgecolor=EXTRA_TIME_EDGE if extra else "white",
                linewidth=1.6 if extra else 0.8,
                hatch=FOLLOW_HATCH if follows else None,
                zorder=3,
            )
        )
        if follows:
            continue  # the candidate is named on their oral just before
        size, text = _bar_text(
            r.candidate.surname, extra, (o.end - o.start) * points_per_minute - 4, name_size
        )
        if text:
            ax.text(
                (o.start + o.end) / 2,
                i + (top + bottom) / 2,
                text,
                ha="center",
                va="center",
                fontsize=size,
                color=text_colour(colour),
                zorder=4,
            )
    return out


#: Type of the names in the bars, and the smallest it may shrink to for a
#: long name; below that a name is shortened instead.
NAME_SIZE = 7.5
MIN_NAME_SIZE = 6.0


def _bar_text(surname: str, extra: bool, room: float, size: float) -> tuple[float, str]:
    """Font size and text for a bar ``room`` points wide: the surname, in a
    smaller type or shortened if need be, with the extra-time mark kept."""
    mark = f" {EXTRA_TIME_MARK}" if extra else ""
    smaller = size
    while smaller > MIN_NAME_SIZE and text_width(surname + mark, smaller) > room:
        smaller = max(MIN_NAME_SIZE, smaller - 0.5)
    if text_width(surname + mark, smaller) <= room:
        return smaller, surname + mark
    short = fit(surname, smaller, room - text_width(mark, smaller))
    if short:
        return smaller, short + mark
    return smaller, EXTRA_TIME_MARK if extra and text_width(EXTRA_TIME_MARK, smaller) <= room else ""


def _gantt_legend(ctx: PlanContext, rows: Sequence[Row], codes: Sequence[str]) -> list[Patch]:
    session = ctx.session
    colours = epreuve_colours(session)
    handles: list[Patch] = []
    prepared = {r.oral.epreuve for r in rows if preparation(r)}
    for code in codes:
        colour = colours.get(code, OTHER_COLOUR)
        ep = session.epreuves.get(code)
        if ep is not None and ep.follows:
            handles.append(
                Patch(
                    facecolor=colour,
                    hatch=FOLLOW_HATCH,
                    edgecolor="white",
                    label=f"{code} : à la suite de l'{ep.follows}, même commission",
                )
            )
            continue
        handles.append(Patch(facecolor=colour, edgecolor="white", label=f"{code} : interrogation"))
        if code in prepared:
            handles.append(
                Patch(
                    facecolor=lighter(colour, PREPARATION_LIGHTEN),
                    edgecolor=lighter(colour, 0.15),
                    label=f"{code} : préparation en loge",
                )
            )
    handles.append(Patch(facecolor=LUNCH_COLOUR, label="pause méridienne"))
    # The aménagements as they are: a +25 % candidate is not a tiers-temps.
    shares = sorted({r.candidate.extra_time for r in rows if r.candidate.extra_time > 0})
    if shares:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=EXTRA_TIME_EDGE,
                linewidth=1.6,
                label=f"{EXTRA_TIME_MARK} " + ", ".join(extra_time_label(x) for x in shares),
            )
        )
    return handles


# -------------------------------------------------------------------- occupancy
