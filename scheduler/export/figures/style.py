"""Page size, fonts, colours and the matplotlib settings every picture is
drawn with, and text measured as it is drawn.

Every style setting is fixed here (the user's ``matplotlibrc`` changes
nothing), so that the same plan always gives the same bytes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

import matplotlib
from matplotlib.colors import to_hex, to_rgb
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from scheduler.domain.session import Session

#: Resolution of the PNG files.
DPI = 150
#: A4 landscape at :data:`DPI`, in pixels: every picture is this wide, and at
#: most this high.
PAGE_PIXELS = (1754, 1240)
#: The shortest picture (pixels): half an A4 landscape page, so that two fit on a printed page.
MIN_HEIGHT_PIXELS = PAGE_PIXELS[1] // 2


def inches(pixels: int) -> float:
    """Figure size giving exactly ``pixels`` at :data:`DPI` (matplotlib truncates)."""
    return (pixels + 0.5) / DPI


PAGE_WIDTH = inches(PAGE_PIXELS[0])
PAGE_HEIGHT = inches(PAGE_PIXELS[1])
MIN_HEIGHT = inches(MIN_HEIGHT_PIXELS)

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
    # Beyond nine groups (a session with many languages), the lighter tones of
    # matplotlib's tab20: every group keeps a colour of its own.
    "#AEC7E8",
    "#FFBB78",
    "#98DF8A",
    "#FF9896",
    "#C5B0D5",
    "#C49C94",
    "#F7B6D2",
    "#DBDB8D",
    "#9EDAE5",
    "#8C564B",
    "#BCBD22",
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


@contextmanager
def drawing_style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`STYLE`, one caller at a time.

    rcParams are global: the lock keeps two threads from drawing with each
    other's settings (matplotlib itself is not thread-safe either)."""
    with _LOCK, matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(cast(Any, STYLE))
        yield


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points, as the pictures draw it (a little more:
    hinting widens small type by a few per cent on screen and in the PNG)."""
    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return float(width) * TEXT_WIDTH_FACTOR


def fit(text: str, size: float, room: float) -> str:
    """``text`` cut (with a final « . ») to fit ``room`` points; empty if nothing fits."""
    if text_width(text, size) <= room:
        return text
    for n in range(len(text) - 1, 2, -1):
        short = text[:n].rstrip(" -'") + "."
        if text_width(short, size) <= room:
            return short
    return ""


def lighter(colour: str, share: float) -> tuple[float, float, float]:
    """``colour`` mixed with a ``share`` of white."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * share, g + (1 - g) * share, b + (1 - b) * share)


def epreuve_colours(session: Session) -> dict[str, str]:
    """The colour of each épreuve of ``session``: NDRC's own (:data:`COLOURS`),
    then, for another specialty's codes, the unused hues of
    :data:`GROUP_COLOURS` in the order the épreuves are declared; a unit
    taken after another (ENG after E6) gets a darker shade of it."""
    out = {code: COLOURS[code] for code in session.epreuves if code in COLOURS}
    spare = [c for c in GROUP_COLOURS if c not in out.values() and c not in ("#000000", "#999999")]
    for code, ep in session.epreuves.items():
        if code in out:
            continue
        parent = out.get(ep.follows or "")
        if parent is not None:
            r, g, b = to_rgb(parent)
            out[code] = to_hex((r * 0.7, g * 0.7, b * 0.7))
        else:
            out[code] = spare.pop(0) if spare else OTHER_COLOUR
    return out


def text_colour(colour: str | tuple[float, float, float]) -> str:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"
