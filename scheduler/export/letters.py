"""Convocation letters as PDF, in ``lettres/``: what the exam office sends to
the candidates, their schools, the exam centres and the examiners.

Candidates: one A4 page per candidate and oral day — the session's heading,
the candidate, the convocation time and place, each oral of the day (times,
centre, room, durations with the aménagement), what to bring, the rules of
arrival and whom to contact.  An oral without a passage (NV, absent,
désisté, not placed) gets no page; the candidate's other pages say why.  The
same pages come in three bundles: every letter (by name), one file per
établissement (to send to the school) and one per exam centre (for the
reception desk, by day and convocation time).

Examiners: one page each, their commission-days (date, centre, épreuve,
partners, first and last hour, number of candidates), as
:func:`scheduler.export.examiners.examiner_days` tells them.

Speed: a thousand pages laid out with reportlab's platypus, three times
over, took most of a minute.  The letters have a fixed shape, so they are
laid out here (wrapped lines, boxes of tables) and each page's PDF content is
written once: every file is started with the same font encoding (every
character of every page declared in the same order), so the content of a
page is valid in each file it belongs to and is copied there as is.

A letter never runs over two pages (were it too long, it would be scaled
down to fit); the fonts are DejaVu Sans, bundled with matplotlib, so that
every name prints; text is drawn as it is written (``=``, ``<``, ``&``…);
the same plan gives the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from scheduler.domain.plan import Oral
from scheduler.domain.session import Candidate, CodeRank, code_rank, extra_time_label
from scheduler.export.common import clock
from scheduler.export.context import PlanContext, Published
from scheduler.export.convocations import MESSAGES, UNPLACED_MESSAGE
from scheduler.export.examiners import ExaminerDay, examiner_days, examiner_name
from scheduler.export.recipients import EXAMINER, SCHOOL, SITE_HEAD, Owner
from scheduler.text import MONTHS, WEEKDAYS, ascii_slug, french_date, name_key, unique_slugs

FOLDER = "lettres"
ALL_CANDIDATES = f"{FOLDER}/convocations-toutes.pdf"
ALL_EXAMINERS = f"{FOLDER}/examinateurs.pdf"

FONT = "OrauxSans"
BOLD = "OrauxSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 18 * mm
TOP = 14 * mm
BOTTOM = 14 * mm
WIDTH = PAGE_WIDTH - 2 * LEFT
HEIGHT = PAGE_HEIGHT - TOP - BOTTOM

Color = tuple[float, float, float]


def _rgb(hex_color: str) -> Color:
    return (int(hex_color[0:2], 16) / 255, int(hex_color[2:4], 16) / 255, int(hex_color[4:6], 16) / 255)


BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)
BLUE = _rgb("1F4E78")
PALE = _rgb("EAF0F7")
GREY = _rgb("595959")
RULE = _rgb("A6A6A6")

#: What every candidate brings, whatever the épreuve.
ALWAYS_BRING = ("une pièce d'identité officielle avec photographie", "la présente convocation")
TITLE = "Convocation aux épreuves orales"
EXAMINER_TITLE = "Convocation des examinateurs"
NO_PREPARATION = "sans préparation"


@cache
def _fonts() -> None:
    """Register DejaVu Sans (matplotlib's copy) once per process."""
    # Only for the path of its bundled fonts (never pyplot), and only when
    # letters are written: importing this module stays light.
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))


# -- text --------------------------------------------------------------------------------

#: French spacing: no line break before « : », « ; », « % », « » » nor after « « ».
_NBSP = [(" :", "\u00a0:"), (" ;", "\u00a0;"), (" %", "\u00a0%"), (" »", "\u00a0»"), ("« ", "«\u00a0")]


def french(text: str) -> str:
    for plain, fixed in _NBSP:
        text = text.replace(plain, fixed)
    return text


@dataclass(frozen=True)
class Style:
    size: float = 10.5
    leading: float = 13.5
    font: str = FONT
    color: Color = BLACK
    align: str = "left"


BODY = Style()
CELL = Style(leading=12.5)
LABEL = Style(size=10, leading=12.5, color=GREY)
HEAD = Style(leading=12.5, font=BOLD, color=WHITE)
AUTHORITY = Style(size=10, leading=12.5)
SESSION = Style(size=10, leading=12.5, font=BOLD, color=BLUE, align="right")
TITLE_STYLE = Style(size=17, leading=21, font=BOLD, color=BLUE, align="center")
SUBTITLE = Style(size=12.5, leading=16, align="center")
HEADING = Style(size=11.5, leading=14, font=BOLD, color=BLUE)
NOTICE = Style(size=11, leading=14.5)

#: ``(text, bold)``: a piece of a paragraph; ``\n`` breaks the line.
Run = tuple[str, bool]
#: A line of a paragraph: its width and its pieces ``(offset, text, font)``.
Line = tuple[float, list[tuple[float, str, str]]]

_widths: dict[tuple[str, str], float] = {}


def _width(text: str, font: str) -> float:
    """Width of ``text`` at 1 pt (cached: most words come back on every page)."""
    w = _widths.get((text, font))
    if w is None:
        if len(_widths) > 200_000:  # a long-lived process meets many names
            _widths.clear()
        w = _widths[(text, font)] = pdfmetrics.stringWidth(text, font, 1)
    return w


_PIECES = re.compile(r"\n| +|[^ \n]+")


def _wrap(runs: Sequence[Run], style: Style, width: float) -> list[Line]:
    """Lines of at most ``width`` points, broken at spaces (a word longer than
    a line is cut between characters)."""
    size = style.size
    lines: list[Line] = []
    pieces: list[tuple[float, str, str]] = []
    x = 0.0
    space: tuple[str, str] | None = None

    def flush() -> None:
        nonlocal pieces, x, space
        lines.append((x, _merge(pieces)))
        pieces, x, space = [], 0.0, None

    for text, bold in runs:
        font = BOLD if bold or style.font == BOLD else FONT
        for part in _PIECES.findall(text):
            if part == "\n":
                flush()
            elif part[0] == " ":
                space = (part, font) if pieces else None
            else:
                w = _width(part, font) * size
                gap = _width(space[0], space[1]) * size if space else 0.0
                if pieces and x + gap + w > width:
                    flush()
                    gap = 0.0
                if space and pieces:
                    pieces.append((x, space[0], space[1]))
                    x += gap
                space = None
                if w <= width:
                    pieces.append((x, part, font))
                    x += w
                    continue
                if pieces:
                    flush()
                chunks = _cut(part, font, size, width)
                for chunk in chunks[:-1]:
                    pieces.append((0.0, chunk, font))
                    x = _width(chunk, font) * size
                    flush()
                pieces.append((0.0, chunks[-1], font))
                x = _width(chunks[-1], font) * size
    if pieces or not lines:
        flush()
    return lines


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    """``word`` in pieces of at most ``width`` points (at least one character each)."""
    out, current, w = [], "", 0.0
    for ch in word:
        cw = _width(ch, font) * size
        if current and w + cw > width:
            out.append(current)
            current, w = "", 0.0
        current += ch
        w += cw
    if current:
        out.append(current)
    return out


def _merge(pieces: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """Neighbouring pieces in one font as one string (one text operator)."""
    out: list[tuple[float, str, str]] = []
    for x, text, font in pieces:
        if out and out[-1][2] == font:
            out[-1] = (out[-1][0], out[-1][1] + text, font)
        else:
            out.append((x, text, font))
    return out


@dataclass(frozen=True)
class Para:
    """A paragraph: runs of text in one style, an optional bullet."""

    runs: tuple[Run, ...]
    style: Style = BODY
    bullet: str | None = None
    space_before: float = 0.0

    def lay(self, width: float) -> tuple[list[Line], float]:
        lines = _wrapped(self.runs, self.style, width - (12.0 if self.bullet else 0.0))
        return lines, self.space_before + len(lines) * self.style.leading


@lru_cache(maxsize=8192)
def _wrapped(runs: tuple[Run, ...], style: Style, width: float) -> list[Line]:
    """:func:`_wrap`, once for each text that comes back on many pages (not to be modified)."""
    return _wrap(runs, style, width)


def para(*runs: str | Run, style: Style = BODY, bullet: str | None = None, space_before: float = 0.0) -> Para:
    """A paragraph of French text; a plain string is a regular run."""
    out = tuple((french(r), False) if isinstance(r, str) else (french(r[0]), r[1]) for r in runs)
    return Para(out, style, bullet, space_before)


def bold(text: str) -> Run:
    return (text, True)


# -- pages -------------------------------------------------------------------------------


@dataclass
class Page:
    """What one page draws, in page coordinates: filled boxes, lines and text."""

    fills: list[tuple[float, float, float, float, Color]] = field(default_factory=list)
    strokes: list[tuple[float, float, float, float, float, Color]] = field(default_factory=list)
    texts: list[tuple[float, float, str, float, Color, str]] = field(default_factory=list)
    #: Where the next block starts (top of the remaining frame).
    y: float = PAGE_HEIGHT - TOP

    def space(self, points: float) -> None:
        self.y -= points

    def para(self, p: Para, x: float = LEFT, width: float = WIDTH) -> None:
        lines, height = p.lay(width)
        self._draw_lines(p, lines, x, self.y - p.space_before, width)
        self.y -= height

    def paras(self, ps: Iterable[Para]) -> None:
        for p in ps:
            self.para(p)

    def _draw_lines(self, p: Para, lines: list[Line], x: float, top: float, width: float) -> None:
        s = p.style
        indent = 12.0 if p.bullet else 0.0
        for i, (line_width, pieces) in enumerate(lines):
            baseline = top - i * s.leading - (s.leading - s.size) / 2 - 0.8 * s.size
            if p.bullet and i == 0:
                self.texts.append((x + 2, baseline, s.font, s.size, s.color, p.bullet))
            if s.align == "center":
                left = x + (width - line_width) / 2
            elif s.align == "right":
                left = x + width - line_width
            else:
                left = x + indent
            for dx, text, font in pieces:
                self.texts.append((left + dx, baseline, font, s.size, s.color, text))

    def rule(self, color: Color = BLUE, width: float = 0.8) -> None:
        self.strokes.append((LEFT, self.y, LEFT + WIDTH, self.y, width, color))

    def table(self, table: Table) -> None:
        self.y = table.draw(self, LEFT, self.y)

    def code(self, encode: Callable[[str, str], list[tuple[str, str]]]) -> str:
        """The page's PDF content; ``encode`` gives the font subsets and
        escaped bytes of a text (see :class:`_Batch`)."""
        out = ["q"]
        for x, y, w, h, (r, g, b) in self.fills:
            out.append(f"{r:.3f} {g:.3f} {b:.3f} rg {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
        for x1, y1, x2, y2, lw, (r, g, b) in self.strokes:
            out.append(f"{r:.3f} {g:.3f} {b:.3f} RG {lw:.2f} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")
        out.append("BT")
        current: tuple[str, float] | None = None
        color: Color | None = None
        for x, y, font, size, c, s in self.texts:
            if c != color:
                out.append(f"{c[0]:.3f} {c[1]:.3f} {c[2]:.3f} rg")
                color = c
            out.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            for subset, escaped in encode(s, font):
                if (subset, size) != current:
                    out.append(f"{subset} {size:g} Tf")
                    current = (subset, size)
                out.append(f"({escaped}) Tj")
        out.append("ET")
        out.append("Q")
        body = "\n".join(out)
        used = PAGE_HEIGHT - TOP - self.y
        if used > HEIGHT:
            # Hostile lengths only: the whole letter scaled down, never split.
            # Scaled about the top of the frame, centred across the page.
            scale = HEIGHT / used
            dx = PAGE_WIDTH / 2 * (1 - scale)
            dy = (PAGE_HEIGHT - TOP) * (1 - scale)
            body = f"q {scale:.5f} 0 0 {scale:.5f} {dx:.3f} {dy:.3f} cm\n{body}\nQ"
        return body

    def characters(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {FONT: set(), BOLD: set()}
        for _, _, font, _, _, s in self.texts:
            out[font].update(s)
        return out


@dataclass
class Table:
    """A table of paragraphs with fixed column widths, a header row on blue."""

    widths: Sequence[float]
    rows: list[list[list[Para]]]
    #: Background of cell ``(row, column)``, or ``None``.
    fill: dict[tuple[int, int], Color] = field(default_factory=dict)
    header: bool = True
    grid: bool = True
    padding: tuple[float, float, float, float] = (3.5, 4.5, 6.0, 6.0)  # top, bottom, left, right

    def draw(self, page: Page, x: float, top: float) -> float:
        pt, pb, pl, pr = self.padding
        laid = []
        heights = []
        for row in self.rows:
            cells = []
            height = 0.0
            for cell, w in zip(row, self.widths, strict=True):
                parts = [(p, *p.lay(w - pl - pr)) for p in cell]
                cells.append(parts)
                height = max(height, sum(h for _, _, h in parts))
            laid.append(cells)
            heights.append(height + pt + pb)
        xs = [x]
        for w in self.widths:
            xs.append(xs[-1] + w)
        y = top
        for r, (cells, height) in enumerate(zip(laid, heights, strict=True)):
            for c, parts in enumerate(cells):
                color = BLUE if self.header and r == 0 else self.fill.get((r, c))
                if color is not None:
                    page.fills.append((xs[c], y - height, self.widths[c], height, color))
                cell_top = y - pt
                for p, lines, h in parts:
                    page._draw_lines(
                        p, lines, xs[c] + pl, cell_top - p.space_before, self.widths[c] - pl - pr
                    )
                    cell_top -= h
            y -= height
            if self.grid and r < len(laid) - 1:
                page.strokes.append((x, y, xs[-1], y, 0.5, RULE))
        if self.grid:
            for c in range(1, len(self.widths)):
                page.strokes.append((xs[c], top, xs[c], y, 0.5, RULE))
        for x1, y1, x2, y2 in (
            (x, top, xs[-1], top),
            (x, y, xs[-1], y),
            (x, top, x, y),
            (xs[-1], top, xs[-1], y),
        ):
            page.strokes.append((x1, y1, x2, y2, 0.8, BLUE))
        return y


# -- files -------------------------------------------------------------------------------


def _canvas(buffer: io.BytesIO, characters: dict[str, str], title: str, ctx: PlanContext) -> Canvas:
    """A PDF started with every font and character of the batch, in a fixed
    order: each file encodes text the same way, so pages can be shared."""
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(ctx.session.authority or ctx.session.label)
    canvas.setSubject(ctx.session.label)
    canvas.setCreator("oraux")
    declare = canvas.beginText()  # never drawn: it only assigns the codes
    for font, chars in characters.items():
        declare.setFont(font, 10)
        declare.textOut(chars)
    return canvas


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams without the ASCII85 layer (pure Python, slow, and
    25 % bigger): a reportlab setting, restored after."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


class _Batch:
    """Pages written once, shared by several files.

    Every file of the batch is started by :func:`_canvas` with the same
    characters in the same order, so that reportlab gives each character the
    same code in the same font subset in all of them: a page's content,
    written once with those codes, is valid in each file.
    """

    def __init__(self, ctx: PlanContext, pages: Sequence[Page]) -> None:
        self.ctx = ctx
        chars: dict[str, set[str]] = {FONT: set(), BOLD: set()}
        for page in pages:
            for font, used in page.characters().items():
                chars[font] |= used
        self.characters = {font: "".join(sorted(used)) for font, used in chars.items()}
        self._doc = _canvas(io.BytesIO(), self.characters, "", ctx)._doc
        self._encoded: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.pages = pages
        # Written when a file needs them: a re-run may need few.
        self._codes: dict[int, str] = {}

    def code(self, index: int) -> str:
        """The PDF content of page ``index``."""
        hit = self._codes.get(index)
        if hit is None:
            hit = self._codes[index] = self.pages[index].code(self._encode)
        return hit

    def _encode(self, text: str, font: str) -> list[tuple[str, str]]:
        """``[("/F1+0", escaped bytes)]``: the subsets and codes of ``text``."""
        key = (text, font)
        hit = self._encoded.get(key)
        if hit is None:
            f = pdfmetrics.getFont(font)
            hit = [
                (f.getSubsetInternalName(n, self._doc), escapePDF(t))
                for n, t in f.splitString(text, self._doc)
            ]
            self._encoded[key] = hit
        return hit

    def pdf(self, indexes: Iterable[int], title: str) -> bytes:
        buffer = io.BytesIO()
        canvas = _canvas(buffer, self.characters, title, self.ctx)
        for i in indexes:
            canvas.addLiteral(self.code(i))
            canvas.showPage()
        with _binary_streams():
            canvas.save()
        return buffer.getvalue()


def _heading(page: Page, ctx: PlanContext) -> None:
    """The session's authority (one line per « — » part) and label, over a rule."""
    parts = [p.strip() for p in ctx.session.authority.split(" — ") if p.strip()]
    label = [p.strip() for p in ctx.session.label.split(" — ") if p.strip()]
    left = Para(
        tuple((p + ("\n" if i < len(parts) - 1 else ""), i == 0) for i, p in enumerate(parts)), AUTHORITY
    )
    right = Para(
        tuple((p + ("\n" if i < len(label) - 1 else ""), True) for i, p in enumerate(label)), SESSION
    )
    top = page.y
    page.para(left, LEFT, WIDTH * 0.58)
    bottom = page.y
    page.y = top
    page.para(right, LEFT + WIDTH * 0.58, WIDTH * 0.42)
    page.y = min(bottom, page.y) - 5
    page.rule()
    page.space(14)


def _fields(cells: Sequence[tuple[str, str]], columns: int) -> Table:
    """Label-and-value boxes (« Nom » over the name, in bold), ``columns`` a row."""
    rows: list[list[list[Para]]] = []
    for i in range(0, len(cells), columns):
        chunk = cells[i : i + columns]
        row = [[para(label, style=LABEL), para(bold(value), style=CELL)] for label, value in chunk]
        row += [[] for _ in range(columns - len(chunk))]
        rows.append(row)
    fill = {(r, c): PALE for r in range(len(rows)) for c in range(columns)}
    return Table([WIDTH / columns] * columns, rows, fill=fill, header=False, grid=False, padding=(4, 5, 7, 7))


def _contact(page: Page, ctx: PlanContext, sites: Iterable[str]) -> None:
    lines: list[Para] = []
    if ctx.session.contact:
        lines.append(para(bold("Contact : "), ctx.session.contact))
    for key in sites:
        site = ctx.session.sites.get(key)
        if site is not None and site.phone:
            lines.append(para(bold(f"Centre d'examen ({site.etablissement}) : "), site.phone))
    if lines:
        page.space(10)
        page.paras(lines)


# -- files of a plan, and of a re-run ---------------------------------------------------


@dataclass(frozen=True)
class _Letters:
    """The letters of a plan before they are written: one page per
    recipient (and day), and the files by relative path (title, pages)."""

    #: Who each page is for (a candidate and a day, an examiner).
    ids: Sequence[Hashable]
    #: Everything the page prints, besides the session: two pages with equal
    #: keys (and sessions) are the same page.
    keys: Sequence[object]
    page: Callable[[int], Page]
    files: dict[str, tuple[str, list[int]]]
    #: Who each file is for (the bundles of all letters are the office's).
    owners: dict[str, Owner]


def _write(
    ctx: PlanContext,
    letters: _Letters,
    published: Published | None,
    of: Callable[[PlanContext], _Letters],
) -> dict[str, bytes]:
    """The files of ``letters`` (made by ``of`` from ``ctx``), those of
    ``published`` that are the same taken as they are."""
    if not letters.files:
        return {}
    _fonts()
    batch = _Batch(ctx, [letters.page(i) for i in range(len(letters.ids))])
    reused: dict[str, bytes] = {}
    if published is not None and published.ctx.session == ctx.session:
        reused = _reused(letters, batch, published, of(published.ctx))
    return {
        path: reused.get(path) or batch.pdf(pages, title) for path, (title, pages) in letters.files.items()
    }


def _reused(new: _Letters, batch: _Batch, published: Published, old: _Letters) -> dict[str, bytes]:
    """The published files that the new plan would write again byte for byte."""
    index = {ident: i for i, ident in enumerate(new.ids)}
    # Published page → the same page of the new plan.
    same: dict[int, int] = {}
    chars: dict[str, set[str]] = {FONT: set(), BOLD: set()}
    for j, ident in enumerate(old.ids):
        i = index.get(ident)
        if i is not None and new.keys[i] == old.keys[j]:
            same[j] = i
            used = batch.pages[i].characters()
        else:
            used = old.page(j).characters()
        for font, found in used.items():
            chars[font] |= found
    # Other characters, other codes: every page's content differs.
    if {font: "".join(sorted(found)) for font, found in chars.items()} != batch.characters:
        return {}
    out: dict[str, bytes] = {}
    for path, (title, pages) in new.files.items():
        before = old.files.get(path)
        if before is None or before[0] != title or len(before[1]) != len(pages):
            continue
        if all(same.get(j) == i for j, i in zip(before[1], pages, strict=True)):
            with suppress(OSError):
                out[path] = (published.folder / path).read_bytes()
    return out


# -- candidates --------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateDay:
    """The placed orals of one candidate on one day, in time order: one letter."""

    candidate: Candidate
    day: date
    orals: tuple[Oral, ...]

    @property
    def sites(self) -> list[str]:
        """Sites of the day, in the order the candidate goes there."""
        return list(dict.fromkeys(o.site for o in self.orals if o.site))

    def convocation(self, site: str) -> int:
        """The first convocation time of the day at ``site``."""
        return min(o.convocation or 0 for o in self.orals if o.site == site)


def _oral_order(o: Oral) -> tuple[int, CodeRank]:
    return (o.busy_from or 0, code_rank(o.epreuve))


def candidate_days(ctx: PlanContext) -> list[CandidateDay]:
    """One entry per candidate and day with a placed oral, by name then day."""
    groups: dict[tuple[str, date], list[Oral]] = {}
    for o in ctx.plan.orals:
        if o.is_placed and o.day is not None and o.candidate in ctx.by_number:
            groups.setdefault((o.candidate, o.day), []).append(o)
    out = [
        CandidateDay(ctx.by_number[number], day, tuple(sorted(orals, key=_oral_order)))
        for (number, day), orals in groups.items()
    ]
    return sorted(out, key=_name_order)


def _name_order(cd: CandidateDay) -> tuple[str, str, str, date]:
    c = cd.candidate
    return (name_key(c.surname), name_key(c.given_name), c.number, cd.day)


def extra_time_text(extra: Fraction) -> str:
    """``+1/3 du temps (tiers-temps)``, ``+1/4 du temps (temps majoré de 25 %)``."""
    share = (
        f"+{extra.numerator}/{extra.denominator}" if extra.denominator != 1 else f"+{extra.numerator * 100} %"
    )
    return f"{share} du temps ({extra_time_label(extra)})"


def candidate_letters(ctx: PlanContext, published: Published | None = None) -> dict[str, bytes]:
    """The candidates' letters by relative path: ``lettres/convocations-toutes.pdf``
    (every letter, by name then day), ``lettres/etablissement-<slug>.pdf`` per
    établissement and ``lettres/site-<slug>.pdf`` per exam centre (by day, then
    convocation time).  Empty when no oral is placed.  After a re-run, the
    ``published`` files whose pages are all the same are taken as they are."""
    return _write(ctx, _candidate_files(ctx), published, _candidate_files)


def _candidate_files(ctx: PlanContext) -> _Letters:
    days = candidate_days(ctx)
    orals = ctx.plan.by_candidate()
    others = [tuple(orals.get(cd.candidate.number, ())) for cd in days]
    files = {
        ALL_CANDIDATES: ("Convocations aux épreuves orales — tous les candidats", list(range(len(days))))
    }
    owners: dict[str, Owner] = {}

    by_school: dict[str, list[int]] = {}
    for i, cd in enumerate(days):
        by_school.setdefault(cd.candidate.etablissement, []).append(i)
    schools = sorted(by_school, key=lambda name: (name_key(name), name))
    for school, slug in unique_slugs(schools, "etablissement").items():
        files[f"{FOLDER}/etablissement-{slug}.pdf"] = (
            f"Convocations aux épreuves orales — {school}",
            by_school[school],
        )
        owners[f"{FOLDER}/etablissement-{slug}.pdf"] = (SCHOOL, school)

    by_site: dict[str, list[tuple[tuple[object, ...], int]]] = {}
    for i, cd in enumerate(days):
        for key in cd.sites:
            by_site.setdefault(key, []).append(((cd.day, cd.convocation(key), *_name_order(cd)), i))
    order = {key: n for n, key in enumerate(ctx.session.sites)}
    present = sorted(by_site, key=lambda key: (order.get(key, len(order)), key))
    for key, slug in site_slugs(ctx, present).items():
        site = ctx.session.sites.get(key)
        files[f"{FOLDER}/site-{slug}.pdf"] = (
            f"Convocations aux épreuves orales — {site.full_address if site else key}",
            [i for _, i in sorted(by_site[key])],
        )
        owners[f"{FOLDER}/site-{slug}.pdf"] = (SITE_HEAD, key)
    return _Letters(
        ids=[(cd.candidate.number, cd.day) for cd in days],
        keys=list(zip(days, others, strict=True)),
        page=lambda i: candidate_page(ctx, days[i], others[i]),
        files=files if days else {},
        owners=owners,
    )


def candidate_page(ctx: PlanContext, cd: CandidateDay, all_orals: Sequence[Oral]) -> Page:
    """The letter of one candidate for one day."""
    c = cd.candidate
    page = Page()
    _heading(page, ctx)
    page.para(para(TITLE, style=TITLE_STYLE))
    page.para(para(f"Journée du {french_date(cd.day)}", style=SUBTITLE, space_before=2))
    page.space(12)
    page.table(
        _fields(
            [
                ("Nom", c.surname),
                ("Prénom", c.given_name),
                ("N° de candidat", c.number),
                ("Établissement de formation", c.etablissement),
            ],
            2,
        )
    )
    page.space(10)
    page.paras(_where_and_when(ctx, cd))
    page.space(8)
    page.table(_orals_table(ctx, cd))
    if c.extra_time:
        page.space(8)
        page.para(_aménagement(ctx, cd))
    others = _other_orals(ctx, cd, all_orals)
    if others:
        page.para(para("Vos autres épreuves orales", style=HEADING, space_before=9))
        page.paras(others)
    page.para(para("À apporter", style=HEADING, space_before=9))
    page.paras(para(item, bullet="•") for item in _to_bring(ctx, cd))
    page.para(para("Consignes", style=HEADING, space_before=9))
    page.para(
        para(
            "Présentez-vous à l'accueil du centre d'examen ",
            bold("à l'heure de convocation"),
            f" : elle précède de {ctx.session.welcome_minutes} minutes le début de votre épreuve "
            "(préparation comprise). Ces horaires doivent être impérativement respectés. Un candidat en "
            "retard n'est pas assuré de pouvoir subir l'épreuve : en cas de retard ou d'empêchement, "
            "prévenez sans délai le service des examens. Une absence non justifiée à une épreuve "
            "entraîne l'élimination de l'examen.",
        )
    )
    _contact(page, ctx, cd.sites)
    return page


def _where_and_when(ctx: PlanContext, cd: CandidateDay) -> list[Para]:
    """« Vous êtes convoqué(e) le … à … pour l'épreuve … au centre d'examen suivant : … »."""
    out = []
    for n, key in enumerate(cd.sites):
        site = ctx.session.sites.get(key)
        codes = list(dict.fromkeys(o.epreuve for o in cd.orals if o.site == key))
        what = (
            f"l'épreuve {codes[0]}"
            if len(codes) == 1
            else f"les épreuves {', '.join(codes[:-1])} et {codes[-1]}"
        )
        start = "Vous êtes convoqué(e) le " if n == 0 else "Vous êtes également convoqué(e) le "
        out.append(
            para(
                start,
                bold(f"{french_date(cd.day)} à {clock(cd.convocation(key))}"),
                f" pour {what} au centre d'examen suivant : ",
                bold(site.full_address if site else key),
                ".",
                style=NOTICE,
            )
        )
    return out


ORAL_FIELDS = (
    "Date",
    "Heure de convocation",
    "Début de la préparation",
    "Heure de passage",
    "Fin de l'épreuve",
    "Centre d'examen",
    "Salle",
)


def _orals_table(ctx: PlanContext, cd: CandidateDay) -> Table:
    """A column per oral: épreuve, date, times, centre and room."""
    label_width = 47 * mm
    column = (WIDTH - label_width) / len(cd.orals)
    rows: list[list[list[Para]]] = [[[para("Épreuve", style=HEAD)]]]
    rows += [[[para(label, style=LABEL)]] for label in ORAL_FIELDS]
    for o in cd.orals:
        ep = ctx.session.epreuves.get(o.epreuve)
        title = [para(f"{o.epreuve} — {ep.label}" if ep else o.epreuve, style=HEAD)]
        if o.language:
            title.append(para(f"Langue : {o.language}", style=HEAD))
        elif o.subject:
            title.append(para(f"Sujet : {o.subject}", style=HEAD))
        rows[0].append(title)
        assert o.start is not None and o.end is not None
        if o.preparation_start is not None:
            minutes = o.start - o.preparation_start
            preparation = para(f"{clock(o.preparation_start)} (préparation de {minutes} min)", style=CELL)
        else:
            preparation = para(NO_PREPARATION, style=CELL)
        site = ctx.session.sites.get(o.site or "")
        values = (
            para(french_date(cd.day), style=CELL),
            para(bold(clock(o.convocation)), style=CELL),
            preparation,
            para(bold(clock(o.start)), style=CELL),
            para(f"{clock(o.end)} (oral de {o.end - o.start} min)", style=CELL),
            para(site.full_address if site else o.site or "", style=CELL),
            para(o.room or "", style=CELL),
        )
        for row, value in zip(rows[1:], values, strict=True):
            row.append([value])
    fill = {(r, 0): PALE for r in range(1, len(rows))}
    return Table([label_width] + [column] * len(cd.orals), rows, fill=fill)


def _aménagement(ctx: PlanContext, cd: CandidateDay) -> Para:
    """The extra time as it is, and the lengthened durations of the day's orals."""
    parts = []
    for o in cd.orals:
        ep = ctx.session.epreuves.get(o.epreuve)
        assert o.start is not None and o.end is not None
        durations = []
        if o.preparation_start is not None:
            base = f" au lieu de {ep.preparation_minutes}" if ep else ""
            durations.append(f"préparation {o.start - o.preparation_start} min{base}")
        base = f" au lieu de {ep.oral_minutes}" if ep else ""
        durations.append(f"oral {o.end - o.start} min{base}")
        parts.append(f"{o.epreuve} : {', '.join(durations)}")
    return para(
        bold(f"Aménagement d'épreuve : {extra_time_text(cd.candidate.extra_time)}."),
        f" Les horaires ci-dessus en tiennent compte ({' ; '.join(parts)}).",
    )


def _other_orals(ctx: PlanContext, cd: CandidateDay, all_orals: Sequence[Oral]) -> list[Para]:
    """The candidate's other orals: other days (another letter) and orals
    without a passage (NV, absent, désisté, not placed), with the reason."""
    lines = []
    other_days: dict[date, list[str]] = {}
    for o in all_orals:
        if o.is_placed and o.day is not None and o.day != cd.day:
            other_days.setdefault(o.day, []).append(o.epreuve)
    for day in sorted(other_days):
        codes = ", ".join(sorted(dict.fromkeys(other_days[day]), key=code_rank))
        lines.append(para(f"{codes} : le {french_date(day)}, convocation séparée", bullet="•"))
    for o in sorted((o for o in all_orals if not o.is_placed), key=lambda o: code_rank(o.epreuve)):
        reason = MESSAGES.get(o.status, UNPLACED_MESSAGE)
        lines.append(para(f"{ctx.epreuve_label(o.epreuve)} : ", bold(reason), bullet="•"))
    return lines


def _to_bring(ctx: PlanContext, cd: CandidateDay) -> list[str]:
    items = list(ALWAYS_BRING)
    for code in dict.fromkeys(o.epreuve for o in cd.orals):
        ep = ctx.session.epreuves.get(code)
        items += [f"{code} : {item}" for item in (ep.to_bring if ep else ())]
    return items


# -- examiners ---------------------------------------------------------------------------


def examiner_letters(ctx: PlanContext, published: Published | None = None) -> dict[str, bytes]:
    """The examiners' letters by relative path: ``lettres/examinateurs.pdf``
    (all, in the list's order) and ``lettres/examinateur-<id>.pdf`` each, for
    every examiner with a commission-day.  Empty when the plan names no
    examiner.  After a re-run, the ``published`` files whose pages are all
    the same are taken as they are."""
    return _write(ctx, _examiner_files(ctx), published, _examiner_files)


def _examiner_files(ctx: PlanContext) -> _Letters:
    days = {i: d for i, d in examiner_days(ctx).items() if d}
    ids = list(days)
    files = {ALL_EXAMINERS: ("Convocations des examinateurs", list(range(len(ids))))}
    owners: dict[str, Owner] = {}
    for n, (examiner, slug) in enumerate(unique_slugs(ids, "examinateur").items()):
        files[f"{FOLDER}/examinateur-{slug}.pdf"] = (f"Convocation — {examiner_name(ctx, examiner)}", [n])
        owners[f"{FOLDER}/examinateur-{slug}.pdf"] = (EXAMINER, examiner)
    people = ctx.examiner_by_id
    return _Letters(
        ids=ids,
        # What the page prints: the examiner, their days, their partners' names.
        keys=[
            (people.get(i), tuple(days[i]), tuple(people.get(p) for d in days[i] for p in d.partners))
            for i in ids
        ],
        page=lambda n: examiner_page(ctx, ids[n], days[ids[n]]),
        files=files if ids else {},
        owners=owners,
    )


def letter_owners(ctx: PlanContext) -> dict[str, Owner]:
    """The recipient of each letter file but the bundles of all (see
    :mod:`scheduler.export.recipients`)."""
    return _candidate_files(ctx).owners | _examiner_files(ctx).owners


def examiner_page(ctx: PlanContext, examiner: str, days: Sequence[ExaminerDay]) -> Page:
    """The letter of one examiner: every commission-day of theirs, then the
    centres' addresses and the épreuves' titles (once each)."""
    e = ctx.examiner_by_id.get(examiner)
    page = Page()
    _heading(page, ctx)
    page.para(para(EXAMINER_TITLE, style=TITLE_STYLE))
    page.para(para("Épreuves orales", style=SUBTITLE, space_before=2))
    page.space(12)
    if e is not None:
        cells = [
            ("Nom et prénom", f"{e.surname} {e.given_name}"),
            ("Identifiant", e.id),
            ("Qualité", e.quality),
            ("Établissement", e.etablissement or "—"),
        ]
    else:
        cells = [("Identifiant", examiner)]
    page.table(_fields(cells, 2))
    page.space(10)
    candidates = sum(d.candidates for d in days)
    page.para(
        para(
            "Vous êtes convoqué(e) pour interroger les candidats ",
            bold(_count(len(days), "journée")),
            f" ({_count(candidates, 'candidat')} en tout), aux dates, lieux et heures suivants :",
            style=NOTICE,
        )
    )
    page.space(8)
    page.table(_days_table(ctx, days))
    page.para(para("Centres d'examen", style=HEADING, space_before=9))
    for key in dict.fromkeys(d.site for d in days):
        site = ctx.session.sites.get(key)
        page.para(para(site.full_address if site else key, bullet="•"))
    page.para(para("Épreuves", style=HEADING, space_before=9))
    for code in sorted({c for d in days for c in d.codes}, key=code_rank):
        page.para(para(ctx.epreuve_label(code), bullet="•"))
    page.para(para("Consignes", style=HEADING, space_before=9))
    page.para(
        para(
            "Les heures indiquées vont du début du premier oral à la fin du dernier. Merci de vous "
            "présenter à l'accueil du centre d'examen avant le premier oral et de prévenir sans délai "
            "le service des examens de tout empêchement."
        )
    )
    _contact(page, ctx, dict.fromkeys(d.site for d in days))
    return page


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _day(day: date) -> str:
    """``mercredi 23 juin``: the year is in the heading."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


#: The examiners' table is the page's longest part: 10 pt, two lines a day.
SMALL = Style(size=10, leading=12.5)
SMALL_GREY = Style(size=10, leading=12.5, color=GREY)
SMALL_HEAD = Style(size=10, leading=12.5, font=BOLD, color=WHITE)


def _days_table(ctx: PlanContext, days: Sequence[ExaminerDay]) -> Table:
    """One row per commission-day: date and hours, centre and room, épreuves
    and commission, partners, candidates."""
    widths = [38 * mm, 50 * mm, 24 * mm, 0.0, 24 * mm]
    widths[3] = WIDTH - sum(widths)
    header = ["Journée", "Centre d'examen", "Épreuve", "Avec", "Candidats"]
    rows: list[list[list[Para]]] = [[[para(h, style=SMALL_HEAD)] for h in header]]
    for d in days:
        site = ctx.session.sites.get(d.site)
        place = site.etablissement if site else d.site
        town = f"{site.town} — {d.room}" if site else d.room
        partners = [para(examiner_name(ctx, i), style=SMALL) for i in d.partners] or [
            para("seul(e)", style=SMALL)
        ]
        rows.append(
            [
                [
                    para(bold(_day(d.day)), style=SMALL),
                    para(f"{clock(d.start)} – {clock(d.end)}", style=SMALL),
                ],
                [para(place, style=SMALL), para(town, style=SMALL)],
                [para(bold(" + ".join(d.codes)), style=SMALL), para(d.commission, style=SMALL_GREY)],
                partners,
                [para(str(d.candidates), style=SMALL)],
            ]
        )
    fill = {(r, c): PALE for r in range(2, len(rows), 2) for c in range(len(widths))}
    return Table(widths, rows, fill=fill, padding=(3.5, 4.5, 5.0, 5.0))


# -- file names --------------------------------------------------------------------------


def site_slugs(ctx: PlanContext, keys: Sequence[str]) -> dict[str, str]:
    """``castres``: the town of each site, with the site key where two sites share a town."""
    towns = {key: ascii_slug(site.town) for key, site in ctx.session.sites.items()}
    names = {}
    for key in keys:
        town = towns.get(key, "")
        shared = sum(1 for t in towns.values() if t == town) > 1
        names[key] = f"{town}-{key}" if shared or not town else town
    slugs = unique_slugs([names[k] for k in keys], "site")
    return {key: slugs[names[key]] for key in keys}
