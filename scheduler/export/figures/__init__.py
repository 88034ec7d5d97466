"""Pictures of a plan: Gantt charts, loge and station occupancy, commissions and
load per épreuve, as PNG (e-mail, print) and SVG (zoom).

Matplotlib is used without pyplot: every chart is its own :class:`Figure`,
drawn with the Agg renderer, with every style setting fixed here (the user's
``matplotlibrc`` changes nothing) and no date or software stamp in the files,
so that the same plan always gives the same bytes.  Layouts are computed in
inches from measured text widths, not by ``tight_layout``: it is faster and
keeps labels from overlapping whatever the number of rows.

Text in the pictures is French; the SVG files keep it as text (searchable,
smaller).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, cast

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from scheduler.domain.session import ORAL_CODES, Session, hhmm
from scheduler.export.common import DAYS, french_date
from scheduler.export.context import PlanContext, Row

#: Folder of the pictures among the output files.
FOLDER = "figures"
#: Resolution of the PNG files.
DPI = 150
#: A4 landscape at :data:`DPI`, in pixels: every picture is this wide, and at
#: most this high.
PAGE_PIXELS = (1754, 1240)
#: The shortest picture (pixels): half an A4 landscape page, so that two fit on a printed page.
MIN_HEIGHT_PIXELS = PAGE_PIXELS[1] // 2


def _inches(pixels: int) -> float:
    """Figure size giving exactly ``pixels`` at :data:`DPI` (matplotlib truncates)."""
    return (pixels + 0.5) / DPI


PAGE_WIDTH = _inches(PAGE_PIXELS[0])
PAGE_HEIGHT = _inches(PAGE_PIXELS[1])
MIN_HEIGHT = _inches(MIN_HEIGHT_PIXELS)

FONT = "DejaVu Sans"  # shipped with matplotlib: the same glyphs on every machine
#: Every setting the pictures depend on, applied over matplotlib's defaults.
STYLE: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "hatch.linewidth": 0.8,
    "svg.fonttype": "none",
    "svg.hashsalt": "oraux",
    "svg.image_inline": True,
    "path.simplify": True,
}

#: Colour of each épreuve (colour-blind-safe Okabe–Ito hues); ENG is a
#: darker shade of E6, drawn hatched.
COLOURS = {
    "E2": "#0072B2",
    "E2F": "#56B4E9",
    "E4": "#E69F00",
    "E5": "#009E73",
    "E6": "#CC79A7",
    "ENG": "#8E3F6E",
}
OTHER_COLOUR = "#999999"
#: Colours of the groups (languages, sites) of the per-épreuve charts.
GROUP_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
)
#: The follow-on unit's bars are hatched so as to read apart from the oral before it.
FOLLOW_HATCH = "////"
#: Extra-time candidates: a thick red outline and an asterisk after the name.
EXTRA_TIME_EDGE = "#D00000"
EXTRA_TIME_MARK = "*"
LUNCH_COLOUR = "#E4E4E4"
CAPACITY_COLOUR = "#D00000"
#: How much lighter the preparation is drawn than the oral (share of white).
PREPARATION_LIGHTEN = 0.6

#: Safety margin on measured text widths.
TEXT_WIDTH_FACTOR = 1.06

_LOCK = threading.RLock()
_TEXT_PATH = TextToPath()


# --------------------------------------------------------------------------- API


def plan_figures(
    ctx: PlanContext,
    site_days: Collection[tuple[str, date]] | None = None,
    families: Collection[str] | None = None,
) -> dict[str, bytes]:
    """Every figure of the plan, by relative path: 'figures/<name>.png' and 'figures/<name>.svg'.

    Per site and day with orals, ``gantt-<site>-<AAAA-MM-JJ>`` and
    ``occupation-<site>-<AAAA-MM-JJ>``; per épreuve with commissions (E2F
    counts with E2, ENG with E6), ``commissions-<épreuve>`` and
    ``charge-<épreuve>``.  Given ``site_days`` and ``families`` (épreuve
    codes), only those are drawn: a re-run redraws what changed.  Site and épreuve are lower-case ASCII
    (``gantt-castres-2021-06-07``, ``charge-e4``)."""
    with FigureWorkers() as workers:
        return workers.draw(ctx, site_days, families)()


def _drawn_here(
    ctx: PlanContext, keys: Sequence[tuple[str, date]], families: Collection[str] | None
) -> dict[str, bytes]:
    """The figures of these site-days and families, drawn by this process."""
    out = _site_day_figures(ctx, keys)
    out.update(_family_figures(ctx, families))
    return dict(sorted(out.items()))


def _family_figures(ctx: PlanContext, families: Collection[str] | None) -> dict[str, bytes]:
    """The per-épreuve charts (of ``families`` only, when given)."""
    out: dict[str, bytes] = {}
    with _style():
        for code, groups in _family_commission_days(ctx).items():
            if families is not None and code not in families:
                continue
            name = _ascii_slug(code)
            _save(out, f"commissions-{name}", _commissions_figure(ctx, code, groups))
            _save(out, f"charge-{name}", _load_figure(ctx, code, groups))
    return out


class FigureWorkers:
    """Processes that draw the site-day figures while the caller goes on
    (writing the workbooks); started early (:meth:`start`) when a large plan
    is coming, their start-up (about a second: Python, matplotlib) overlaps
    the caller's own work too.

    ``draw`` returns at once; the function it returns waits for the files.
    Without a usable second core, or should the processes fail, the figures
    are drawn by the caller instead, with the same bytes.  Use as a context
    manager (the processes end with it)."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes or _usable_cores()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start the processes now (each imports this module), so that they
        are ready when :meth:`draw` is called; :meth:`draw` starts them
        itself when there is enough to draw."""
        if self._pool is not None or self.processes < 2 or not _can_spawn():
            return
        try:
            self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"))
            for _ in range(self.processes):
                self._pool.submit(_ready)
        except OSError:
            self._pool = None

    def __enter__(self) -> FigureWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def draw(
        self,
        ctx: PlanContext,
        site_days: Collection[tuple[str, date]] | None = None,
        families: Collection[str] | None = None,
    ) -> Callable[[], dict[str, bytes]]:
        """Start drawing what :func:`plan_figures` draws; call the result to get it."""
        keys = [k for k in ctx.by_site_day() if site_days is None or k in site_days]
        if len(keys) >= 2 * PARALLEL_FROM:
            self.start()
        pool = self._pool
        if pool is None or not keys:
            return lambda: _drawn_here(ctx, keys, families)
        chunks = [keys[i :: self.processes] for i in range(self.processes)]
        chosen = None if families is None else sorted(families)
        try:
            futures = [pool.submit(_site_day_figures, ctx, chunk) for chunk in chunks if chunk]
            futures.append(pool.submit(_family_figures, ctx, chosen))
        except (OSError, BrokenProcessPool, RuntimeError):
            return lambda: _drawn_here(ctx, keys, families)

        def result() -> dict[str, bytes]:
            out: dict[str, bytes] = {}
            try:
                for future in futures:
                    out.update(future.result())
            except (OSError, BrokenProcessPool):
                return _drawn_here(ctx, keys, families)
            return dict(sorted(out.items()))

        return result


def _ready() -> None:
    """Nothing: importing this module in a worker is the point."""


#: Site-days per drawing process: below twice this, :meth:`FigureWorkers.draw`
#: draws them here unless the processes were started already (starting
#: one costs about a second).
PARALLEL_FROM = 6


def _can_spawn() -> bool:
    """A spawned process re-imports the main script: it must be a file
    (not a script read from standard input)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or os.path.isfile(path)


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _site_day_figures(ctx: PlanContext, keys: Sequence[tuple[str, date]]) -> dict[str, bytes]:
    """The Gantt and occupancy figures of these site-days."""
    out: dict[str, bytes] = {}
    slugs = site_slugs(ctx.session)
    days = ctx.by_site_day()
    with _style():
        for site, day in keys:
            stem = f"{slugs[site]}-{day.isoformat()}"
            rows = days[(site, day)]
            _save(out, f"gantt-{stem}", _gantt_figure(ctx, site, day, rows))
            _save(out, f"occupation-{stem}", _occupation_figure(ctx, site, day, rows))
    return out


def site_day_figures(ctx: PlanContext) -> dict[tuple[str, date], list[str]]:
    """File names (``figures/…png|svg``) drawn for each site and day."""
    slugs = site_slugs(ctx.session)
    return {
        (site, day): [
            f"{FOLDER}/{kind}-{slugs[site]}-{day.isoformat()}.{ext}"
            for kind in ("gantt", "occupation")
            for ext in ("png", "svg")
        ]
        for site, day in ctx.by_site_day()
    }


def family_figures(ctx: PlanContext) -> dict[str, list[str]]:
    """File names (``figures/…png|svg``) drawn for each épreuve family."""
    return {
        code: [
            f"{FOLDER}/{kind}-{_ascii_slug(code)}.{ext}"
            for kind in ("commissions", "charge")
            for ext in ("png", "svg")
        ]
        for code in _family_commission_days(ctx)
    }


def gantt_pngs(ctx: PlanContext, figures: dict[str, bytes]) -> dict[tuple[str, date], bytes]:
    """The Gantt PNG of each site and day, taken from :func:`plan_figures`'s output."""
    slugs = site_slugs(ctx.session)
    out = {}
    for site, day in ctx.by_site_day():
        data = figures.get(f"{FOLDER}/gantt-{slugs[site]}-{day.isoformat()}.png")
        if data is not None:
            out[(site, day)] = data
    return out


def gantt_png(ctx: PlanContext, site: str, day: date) -> bytes:
    """The Gantt chart of one site's day as PNG (also embedded in ``salles-<site>.xlsx``)."""
    rows = ctx.by_site_day().get((site, day), [])
    with _style():
        return _png(_gantt_figure(ctx, site, day, rows))


def gantt_svg(ctx: PlanContext, site: str, day: date) -> bytes:
    """The same Gantt chart as SVG."""
    rows = ctx.by_site_day().get((site, day), [])
    with _style():
        return _svg(_gantt_figure(ctx, site, day, rows))


def figure_names(ctx: PlanContext) -> list[str]:
    """Names (without extension) of the figures :func:`plan_figures` makes, in order."""
    slugs = site_slugs(ctx.session)
    names: list[str] = []
    for site, day in ctx.by_site_day():
        stem = f"{slugs[site]}-{day.isoformat()}"
        names += [f"gantt-{stem}", f"occupation-{stem}"]
    for code in _family_commission_days(ctx):
        names += [f"commissions-{_ascii_slug(code)}", f"charge-{_ascii_slug(code)}"]
    return names


def site_slugs(session: Session) -> dict[str, str]:
    """Name of every site in file names: its town in lower-case ASCII
    (``castres``), with the site key when two sites share a town — as in
    ``salles-<site>.xlsx``."""
    towns = {key: _ascii_slug(site.town) for key, site in session.sites.items()}
    out: dict[str, str] = {}
    for key, town in towns.items():
        shared = sum(1 for t in towns.values() if t == town) > 1
        out[key] = (f"{town}-{_ascii_slug(key)}" if shared else town) or _ascii_slug(key)
    return out


# ----------------------------------------------------------------- file output


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`STYLE`, one caller at a time.

    rcParams are global: the lock keeps two threads from drawing with each
    other's settings (matplotlib itself is not thread-safe either)."""
    with _LOCK, matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(cast(Any, STYLE))
        yield


#: zlib level of the PNG files: 1 writes them a quarter faster than the
#: default (6) for about 12 % more bytes (≈ 270 kB for a full Gantt page).
PNG_COMPRESSION = 1


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": PNG_COMPRESSION},
    )
    return buf.getvalue()


def _svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _save(out: dict[str, bytes], name: str, fig: Figure) -> None:
    out[f"{FOLDER}/{name}.png"] = _png(fig)
    out[f"{FOLDER}/{name}.svg"] = _svg(fig)


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


# ------------------------------------------------------------------ text, layout


@lru_cache(maxsize=8192)
def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points, as the pictures draw it (a little more:
    hinting widens small type by a few per cent on screen and in the PNG)."""
    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return float(width) * TEXT_WIDTH_FACTOR


def _fit(text: str, size: float, room: float) -> str:
    """``text`` cut (with a final « . ») to fit ``room`` points; empty if nothing fits."""
    if _text_width(text, size) <= room:
        return text
    for n in range(len(text) - 1, 2, -1):
        short = text[:n].rstrip(" -'") + "."
        if _text_width(short, size) <= room:
            return short
    return ""


def _axes_at(fig: Figure, left: float, bottom: float, width: float, height: float) -> Axes:
    """Axes placed in inches from the figure's lower-left corner."""
    w, h = fig.get_size_inches()
    return fig.add_axes((left / w, bottom / h, width / w, height / h))


#: Left margin of the title, and the width text may take across the page (inches).
MARGIN = 0.25
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TITLE_SIZE = 13.0
SUBTITLE_SIZE = 9.0


@dataclass(frozen=True)
class _Heading:
    """A picture's title and the lines of its subtitle, fitted to the page width."""

    title: str
    subtitle: tuple[str, ...]

    @property
    def height(self) -> float:
        """Inches taken at the top of the picture, space below included."""
        return 0.5 + 0.2 * len(self.subtitle) + 0.2


def _heading(titles: Sequence[str], parts: Sequence[str]) -> _Heading:
    """The first of ``titles`` that fits the page (else the last one), and the
    subtitle ``parts`` joined with « · », broken between parts when too long."""
    room = TEXT_WIDTH * 72
    title = next((t for t in titles if _text_width(t, TITLE_SIZE, bold=True) <= room), titles[-1])
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and _text_width(joined, SUBTITLE_SIZE) <= room:
            lines[-1] = joined
        else:
            lines.append(part)
    return _Heading(title, tuple(lines))


def _draw_heading(fig: Figure, heading: _Heading) -> None:
    _, h = fig.get_size_inches()
    x = MARGIN / PAGE_WIDTH
    fig.text(x, 1 - 0.2 / h, heading.title, fontsize=TITLE_SIZE, weight="bold", va="top")
    for k, line in enumerate(heading.subtitle):
        fig.text(x, 1 - (0.5 + 0.2 * k) / h, line, fontsize=SUBTITLE_SIZE, color="#404040", va="top")


def _page_height(inches: float) -> float:
    """``inches`` kept between half and a whole A4 landscape page, on a whole pixel."""
    pixels = round(inches * DPI)
    return _inches(min(PAGE_PIXELS[1], max(MIN_HEIGHT_PIXELS, pixels)))


def _legend_rows(labels: Sequence[str], ncols: int) -> int:
    return max(1, -(-len(labels) // ncols))


def _legend_columns(labels: Sequence[str], width: float, size: float = 8) -> int:
    """As many legend columns as fit ``width`` inches."""
    widest = max((_text_width(label, size) for label in labels), default=0) / 72 + 0.75
    return max(1, min(len(labels), int(width // widest)))


def _bottom_legend(
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


def _time_axis(ax: Axes, first: int, last: int, *, labels: bool = True) -> None:
    """French times on the x axis, a tick and a grid line every 30 minutes."""
    ax.set_xlim(first, last)
    ticks = list(range(first, last + 1, 30))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: hhmm(int(round(x)))))
    ax.tick_params(axis="x", labelbottom=labels, labelsize=7.5 if len(ticks) > 18 else 8)
    ax.grid(axis="x", color="#D0D0D0", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)


def _time_span(session: Session, rows: Sequence[Row]) -> tuple[int, int]:
    """The day's opening hours, widened to every activity, on half hours."""
    starts = [r.oral.busy_from for r in rows if r.oral.busy_from is not None]
    ends = [r.oral.end for r in rows if r.oral.end is not None]
    first = min([session.hours.start, *starts])
    last = max([session.hours.end, *ends])
    return first // 30 * 30, -(-last // 30) * 30


def _lunch(ax: Axes, session: Session) -> None:
    h = session.hours
    if h.lunch_end > h.lunch_start:
        ax.axvspan(h.lunch_start, h.lunch_end, color=LUNCH_COLOUR, zorder=0.5, linewidth=0)


def _lighter(colour: str, share: float) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * share, g + (1 - g) * share, b + (1 - b) * share)


def _text_colour(colour: str | tuple[float, float, float]) -> str:
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _short_day(day: date) -> str:
    """``lun. 07/06``."""
    return f"{DAYS[day.weekday()][:3]}. {day:%d/%m}"


def _room_key(room: str) -> tuple[str, int, str]:
    # « Salle 10 » after « Salle 9 ».
    match = re.match(r"^(.*?)(\d+)$", room)
    return (match.group(1), int(match.group(2)), room) if match else (room, -1, room)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


# ------------------------------------------------------------------------ Gantt


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


def _code_order(code: str) -> tuple[int, str]:
    return (ORAL_CODES.index(code) if code in ORAL_CODES else len(ORAL_CODES), code)


def _preparation(r: Row) -> tuple[int, int] | None:
    o = r.oral
    if o.preparation_start is None or o.start is None or o.preparation_start >= o.start:
        return None
    return (o.preparation_start, o.start)


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
    ctx: PlanContext, lines: Sequence[_Line], heading: _Heading, legend: Sequence[str]
) -> _GanttLayout:
    n = max(len(lines), 1)
    legend_columns = _legend_columns(legend, TEXT_WIDTH)
    below = 0.5 + 0.22 * _legend_rows(legend, legend_columns) + 0.15
    free = PAGE_HEIGHT - heading.height - below
    row_height = min(0.8, free / n)
    height = _page_height(heading.height + below + n * row_height)
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
                [_text_width(head, label_size, bold=True), *(_text_width(x, label_size - 0.5) for x in names)]
            )
            for head, names in labels
        ),
        default=0.0,
    )
    left = MARGIN + label_width / 72 + 0.12
    return _GanttLayout(height, left, below, row_height, label_size, labels, legend_columns)


def _gantt_figure(ctx: PlanContext, site_key: str, day: date, rows: Sequence[Row]) -> Figure:
    session = ctx.session
    site = session.sites[site_key]
    lines = _gantt_lines(rows)
    codes = sorted({r.oral.epreuve for r in rows}, key=_code_order)
    heading = _heading(
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
    _draw_heading(fig, heading)
    ax = _axes_at(fig, layout.left, layout.below, plot_width, n * layout.row_height)
    first, last = _time_span(session, rows)
    _time_axis(ax, first, last)
    ax.set_ylim(n, 0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    _lunch(ax, session)
    for i in range(1, n):
        ax.axhline(i, color="#B0B0B0", linewidth=0.6, zorder=1)

    prepared = any(_preparation(r) for r in rows)
    oral_band = ORAL_BAND if prepared else ORAL_ONLY_BAND
    bar_points = (oral_band[1] - oral_band[0]) * layout.row_height * 72
    points_per_minute = plot_width * 72 / (last - first)
    name_size = min(NAME_SIZE, max(MIN_NAME_SIZE, bar_points * 0.4))
    for i, (line, (head, names)) in enumerate(zip(lines, layout.labels, strict=True)):
        _draw_row_label(ax, i, head, names, layout.label_size)
        _draw_preparations(ax, i, line)
        _draw_orals(ctx, ax, i, line, oral_band, points_per_minute, name_size)

    _bottom_legend(fig, legend, layout.legend_columns)
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


def _draw_preparations(ax: Axes, i: int, line: _Line) -> None:
    """The preparations in the loge, lighter, in as many lanes as they overlap."""
    prepared = [(r, span) for r in line.rows if (span := _preparation(r)) is not None]
    lanes = _lanes([span for _, span in prepared])
    top, bottom = PREPARATION_BAND
    lane_height = (bottom - top) / (max(lanes, default=0) + 1)
    for (r, (start, end)), lane in zip(prepared, lanes, strict=True):
        colour = COLOURS.get(r.oral.epreuve, OTHER_COLOUR)
        extra = r.candidate.extra_time > 0
        ax.add_patch(
            Rectangle(
                (start, i + top + lane * lane_height),
                end - start,
                lane_height * 0.88,
                facecolor=_lighter(colour, PREPARATION_LIGHTEN),
                edgecolor=EXTRA_TIME_EDGE if extra else _lighter(colour, 0.15),
                linewidth=1.2 if extra else 0.6,
                zorder=2,
            )
        )


def _draw_orals(
    ctx: PlanContext,
    ax: Axes,
    i: int,
    line: _Line,
    band: tuple[float, float],
    points_per_minute: float,
    name_size: float,
) -> None:
    """The orals, coloured by épreuve, the candidate's surname inside when it fits."""
    top, bottom = band
    for r in line.rows:
        o = r.oral
        assert o.start is not None and o.end is not None
        colour = COLOURS.get(o.epreuve, OTHER_COLOUR)
        ep = ctx.session.epreuves.get(o.epreuve)
        follows = ep is not None and ep.follows is not None
        extra = r.candidate.extra_time > 0
        ax.add_patch(
            Rectangle(
                (o.start, i + top),
                o.end - o.start,
                bottom - top,
                facecolor=colour,
                edgecolor=EXTRA_TIME_EDGE if extra else "white",
                linewidth=1.6 if extra else 0.8,
                hatch=FOLLOW_HATCH if follows else None,
                hatchcolor="white" if follows else None,
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
                color=_text_colour(colour),
                zorder=4,
            )


#: Type of the names in the bars, and the smallest it may shrink to for a
#: long name; below that a name is shortened instead.
NAME_SIZE = 7.5
MIN_NAME_SIZE = 6.0


def _bar_text(surname: str, extra: bool, room: float, size: float) -> tuple[float, str]:
    """Font size and text for a bar ``room`` points wide: the surname, in a
    smaller type or shortened if need be, with the extra-time mark kept."""
    mark = f" {EXTRA_TIME_MARK}" if extra else ""
    smaller = size
    while smaller > MIN_NAME_SIZE and _text_width(surname + mark, smaller) > room:
        smaller = max(MIN_NAME_SIZE, smaller - 0.5)
    if _text_width(surname + mark, smaller) <= room:
        return smaller, surname + mark
    short = _fit(surname, smaller, room - _text_width(mark, smaller))
    if short:
        return smaller, short + mark
    return smaller, EXTRA_TIME_MARK if extra and _text_width(EXTRA_TIME_MARK, smaller) <= room else ""


def _gantt_legend(ctx: PlanContext, rows: Sequence[Row], codes: Sequence[str]) -> list[Patch]:
    session = ctx.session
    handles: list[Patch] = []
    prepared = {r.oral.epreuve for r in rows if _preparation(r)}
    for code in codes:
        colour = COLOURS.get(code, OTHER_COLOUR)
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
                    facecolor=_lighter(colour, PREPARATION_LIGHTEN),
                    edgecolor=_lighter(colour, 0.15),
                    label=f"{code} : préparation en loge",
                )
            )
    handles.append(Patch(facecolor=LUNCH_COLOUR, label="pause méridienne"))
    if any(r.candidate.extra_time > 0 for r in rows):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=EXTRA_TIME_EDGE,
                linewidth=1.6,
                label=f"{EXTRA_TIME_MARK} tiers-temps (temps majoré)",
            )
        )
    return handles


# -------------------------------------------------------------------- occupancy


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
    preparing = [span for r in rows if (span := _preparation(r)) is not None]
    if preparing or site.loge_seats > 0:
        panels.append(
            _Panel(
                "Loge de préparation : candidats en préparation",
                _occupancy(preparing, first, last),
                site.loge_seats,
                f"capacité de la loge : {_plural(site.loge_seats, 'place')}",
                "candidats",
            )
        )
    examined = [
        (r, (r.oral.start, r.oral.end)) for r in rows if r.oral.start is not None and r.oral.end is not None
    ]
    computer = [(r, span) for r, span in examined if session.epreuves[r.oral.epreuve].uses_computer]
    if computer:
        codes = sorted({r.oral.epreuve for r, _ in computer}, key=_code_order)
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


def _occupation_figure(ctx: PlanContext, site_key: str, day: date, rows: Sequence[Row]) -> Figure:
    session = ctx.session
    site = session.sites[site_key]
    first, last = _time_span(session, rows)
    panels = _occupancy_panels(ctx, site_key, day, rows, first, last)
    heading = _heading(
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
    height = _page_height(heading.height + below + len(panels) * panel_height + gap * (len(panels) - 1))
    plot_height = (height - heading.height - below - 0.1 - gap * (len(panels) - 1)) / len(panels)

    fig = Figure(figsize=(PAGE_WIDTH, height))
    _draw_heading(fig, heading)
    minutes = np.arange(first, last + 1)
    for k, panel in enumerate(panels):
        bottom = below + (len(panels) - 1 - k) * (plot_height + gap)
        ax = _axes_at(fig, 0.9, bottom, PAGE_WIDTH - 1.3, plot_height - 0.25)
        _draw_panel(ax, session, panel, minutes, first, last)
    _bottom_legend(fig, legend, len(legend))
    return fig


OCCUPANCY_FILL = "#4C72B0"
OCCUPANCY_LINE = "#1F4E78"


def _draw_panel(
    ax: Axes, session: Session, panel: _Panel, minutes: np.ndarray, first: int, last: int
) -> None:
    counts, capacity = panel.counts, panel.capacity
    _time_axis(ax, first, last)
    _lunch(ax, session)
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


# ------------------------------------------------------------- per épreuve


@dataclass(frozen=True)
class _CommissionDay:
    commission: str
    site: str
    day: date
    #: Language (épreuves by language) or site key: the colour in the charts.
    group: str
    candidates: int


def _family_commission_days(ctx: PlanContext) -> dict[str, list[_CommissionDay]]:
    """Commission-days by épreuve family (E2F with E2, ENG with E6), in order."""
    session = ctx.session
    out: dict[str, list[_CommissionDay]] = {}
    for (commission, day), rows in ctx.by_commission_day().items():
        codes = [r.oral.epreuve for r in rows]
        family = next(
            (session.epreuves[c].family for c in codes if c in session.epreuves), commission.split("-")[0]
        )
        ep = session.epreuves.get(family)
        site = Counter(r.oral.site or "" for r in rows).most_common(1)[0][0]
        group = site
        if ep is not None and ep.by_language:
            own = [r.oral.language or "?" for r in rows if r.oral.epreuve == family]
            group = Counter(own or [r.oral.language or "?" for r in rows]).most_common(1)[0][0]
        out.setdefault(family, []).append(
            _CommissionDay(commission, site, day, group, len({r.oral.candidate for r in rows}))
        )
    return dict(sorted(out.items(), key=lambda kv: _code_order(kv[0])))


def _family_days(ctx: PlanContext, code: str, items: Sequence[_CommissionDay]) -> list[date]:
    ep = ctx.session.epreuves.get(code)
    days = set(ctx.session.working_days(ep)) if ep is not None else set()
    return sorted(days | {i.day for i in items})


def _groups(ctx: PlanContext, code: str, items: Sequence[_CommissionDay]) -> list[str]:
    """Languages in the session's order, or sites in the session's order."""
    ep = ctx.session.epreuves.get(code)
    present = {i.group for i in items}
    order = list(ctx.session.languages if ep is not None and ep.by_language else ctx.session.sites)
    return sorted(present, key=lambda g: (order.index(g) if g in order else len(order), g))


def _group_label(ctx: PlanContext, group: str) -> str:
    site = ctx.session.sites.get(group)
    return site.town if site else group


def _family_heading(ctx: PlanContext, code: str, what: str, parts: Sequence[str]) -> _Heading:
    joined = [c for c, e in ctx.session.epreuves.items() if e.family == code and c != code]
    with_ = f" (avec {', '.join(joined)})" if joined else ""
    long = _heading([f"{ctx.epreuve_label(code)}{with_} : {what}"], [ctx.session.label, *parts])
    if _text_width(long.title, TITLE_SIZE, bold=True) <= TEXT_WIDTH * 72:
        return long
    # The épreuve's name goes under a title too long to hold it.
    return _heading([f"{code}{with_} : {what}"], [ctx.epreuve_label(code) + with_, ctx.session.label, *parts])


def _per_epreuve_axes(
    fig: Figure, heading: _Heading, legend: Sequence[Patch | Line2D], *, legend_title: bool = False
) -> tuple[Axes, int]:
    labels = [str(h.get_label()) for h in legend]
    ncols = _legend_columns(labels, TEXT_WIDTH)
    below = 0.85 + 0.22 * (_legend_rows(labels, ncols) + legend_title) + 0.15
    ax = _axes_at(fig, 0.9, below, PAGE_WIDTH - 1.3, PAGE_HEIGHT - heading.height - below - 0.1)
    return ax, ncols


ROOM_MARKERS = ("D", "o", "s", "^", "v", "P")


def _commissions_figure(ctx: PlanContext, code: str, items: Sequence[_CommissionDay]) -> Figure:
    """Commissions per day (stacked by language, side by side by site) and the
    rooms open at each site."""
    session = ctx.session
    days = _family_days(ctx, code, items)
    groups = _groups(ctx, code, items)
    ep = session.epreuves.get(code)
    by_language = ep is not None and ep.by_language
    sites = [s for s in (ep.sites if ep is not None else ()) if s in session.sites]
    sites += sorted({i.site for i in items} - set(sites), key=list(session.sites).index)
    colours = {g: GROUP_COLOURS[k % len(GROUP_COLOURS)] for k, g in enumerate(groups)}
    counts = Counter((i.site, i.group, i.day) for i in items)

    heading = _family_heading(
        ctx, code, "commissions par jour", [f"sites : {', '.join(session.sites[s].town for s in sites)}"]
    )
    legend: list[Patch | Line2D] = [
        Patch(facecolor=colours[g], edgecolor="white", label=f"commissions — {_group_label(ctx, g)}")
        for g in groups
    ]
    legend += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=ROOM_MARKERS[k % len(ROOM_MARKERS)],
            markersize=7,
            markerfacecolor="white",
            markeredgecolor="black",
            label=f"salles ouvertes — {session.sites[s].town}",
        )
        for k, s in enumerate(sites)
    ]
    fig = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
    _draw_heading(fig, heading)
    ax, ncols = _per_epreuve_axes(fig, heading, legend)
    x = np.arange(len(days))
    width = 0.8 / len(sites)
    top = 1
    for k, site in enumerate(sites):
        offset = (k - (len(sites) - 1) / 2) * width
        base = np.zeros(len(days))
        for g in groups if by_language else [site]:
            values = np.array([counts.get((site, g, d), 0) for d in days], dtype=float)
            if values.any():
                ax.bar(
                    x + offset,
                    values,
                    width * 0.9,
                    bottom=base,
                    color=colours.get(g, OTHER_COLOUR),
                    edgecolor="white",
                    linewidth=0.6,
                    zorder=2,
                )
                base += values
        for xi, total in zip(x + offset, base, strict=True):
            ax.text(xi, total, f"{int(total)}", ha="center", va="bottom", fontsize=8, weight="bold", zorder=3)
        rooms = [len(session.rooms(site, d)) for d in days]
        top = max(top, int(base.max(initial=0)), *rooms)
        ax.plot(
            x + offset,
            rooms,
            linestyle="none",
            marker=ROOM_MARKERS[k % len(ROOM_MARKERS)],
            markersize=7,
            markerfacecolor="white",
            markeredgecolor="black",
            markeredgewidth=1.2,
            zorder=4,
        )
    if len(sites) > 1:
        sides = ", ".join(session.sites[s].town for s in sites)
        ax.set_xlabel(f"chaque jour, de gauche à droite : {sides}")
    ax.set_xticks(x, [_short_day(d) for d in days])
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_ylim(0, top * 1.15 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("commissions (barres) et salles ouvertes (symboles)")
    ax.grid(axis="y", color="#D8D8D8", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    _bottom_legend(fig, legend, ncols)
    return fig


def _spread(values: Sequence[int], width: float) -> list[float]:
    """Horizontal offsets that set equal values side by side (a dot plot)."""
    seen = Counter(values)
    rank: Counter[int] = Counter()
    step = min(0.09, width / max(seen.values(), default=1))
    out = []
    for v in values:
        out.append((rank[v] - (seen[v] - 1) / 2) * step)
        rank[v] += 1
    return out


def _load_figure(ctx: PlanContext, code: str, items: Sequence[_CommissionDay]) -> Figure:
    """Candidates of each commission-day, one dot each, by day, with the means."""
    days = _family_days(ctx, code, items)
    groups = _groups(ctx, code, items)
    colours = {g: GROUP_COLOURS[k % len(GROUP_COLOURS)] for k, g in enumerate(groups)}
    values = [i.candidates for i in items]
    mean = sum(values) / len(values) if values else 0.0
    french_mean = f"{mean:.1f}".replace(".", ",")
    heading = _family_heading(
        ctx,
        code,
        "candidats par commission et par jour",
        [
            f"{_plural(len(items), 'journée')} de commission, "
            f"de {min(values, default=0)} à {max(values, default=0)} candidats (moyenne {french_mean})"
        ],
    )
    legend: list[Patch | Line2D] = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor=colours[g],
            markeredgecolor="black",
            markeredgewidth=0.5,
            label=_group_label(ctx, g),
        )
        for g in groups
    ]
    legend += [
        Line2D([], [], color="black", linewidth=1.5, label="moyenne du jour"),
        Line2D([], [], color="#808080", linestyle=":", linewidth=1.2, label="moyenne de l'épreuve"),
    ]
    fig = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
    _draw_heading(fig, heading)
    ax, ncols = _per_epreuve_axes(fig, heading, legend, legend_title=True)
    by_day: dict[date, list[_CommissionDay]] = defaultdict(list)
    for i in items:
        by_day[i.day].append(i)
    for x, day in enumerate(days):
        group = sorted(by_day.get(day, []), key=lambda i: (i.candidates, groups.index(i.group), i.commission))
        if not group:
            continue
        offsets = _spread([i.candidates for i in group], 0.7)
        ax.scatter(
            [x + off for off in offsets],
            [i.candidates for i in group],
            s=42,
            c=[colours[i.group] for i in group],
            edgecolors="black",
            linewidths=0.5,
            zorder=3,
        )
        day_mean = sum(i.candidates for i in group) / len(group)
        ax.plot([x - 0.38, x + 0.38], [day_mean, day_mean], color="black", linewidth=1.5, zorder=2)
    if values:
        ax.axhline(mean, color="#808080", linestyle=":", linewidth=1.2, zorder=1)
    ax.set_xticks(
        range(len(days)),
        [
            f"{_short_day(d)}\n{_plural(len(by_day[d]), 'commission') if by_day.get(d) else 'aucune commission'}"
            for d in days
        ],
    )
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_ylim(0, max(values, default=1) * 1.15 + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("candidats examinés par la commission dans la journée")
    ax.grid(axis="y", color="#D8D8D8", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    ep = ctx.session.epreuves.get(code)
    colour_by = "la langue" if ep is not None and ep.by_language else "le site"
    _bottom_legend(fig, legend, ncols, title=f"Un point : une commission un jour ; couleur selon {colour_by}")
    return fig
