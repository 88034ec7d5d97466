"""The charts of an épreuve family (E2F counts with E2, ENG with E6) over its
days: commissions per day with the rooms open, and candidates per commission."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from scheduler.export.context import PlanContext
from scheduler.export.figures.files import save
from scheduler.export.figures.names import family_name
from scheduler.export.figures.page import (
    TEXT_WIDTH,
    TITLE_SIZE,
    Heading,
    axes_at,
    bottom_legend,
    draw_heading,
    fit_heading,
    legend_columns,
    legend_rows,
    plural,
)
from scheduler.export.figures.rows import Bar, family_commission_days
from scheduler.export.figures.style import (
    GROUP_COLOURS,
    OTHER_COLOUR,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    drawing_style,
    text_width,
)
from scheduler.text import short_day


def draw_families(ctx: PlanContext, families: Collection[str] | None) -> dict[str, bytes]:
    """The per-épreuve charts (of ``families`` only, when given), by file path."""
    out: dict[str, bytes] = {}
    with drawing_style():
        for code, groups in family_commission_days(ctx).items():
            if families is not None and code not in families:
                continue
            name = family_name(code)
            save(out, f"commissions-{name}", _commissions_figure(ctx, code, groups))
            save(out, f"charge-{name}", _load_figure(ctx, code, groups))
    return out


def _family_days(ctx: PlanContext, code: str, items: Sequence[Bar]) -> list[date]:
    ep = ctx.session.epreuves.get(code)
    days = set(ctx.session.working_days(ep)) if ep is not None else set()
    return sorted(days | {i.day for i in items})


def _groups(ctx: PlanContext, code: str, items: Sequence[Bar]) -> list[str]:
    """Languages in the session's order, or sites in the session's order."""
    ep = ctx.session.epreuves.get(code)
    present = {i.group for i in items}
    order = list(ctx.session.languages if ep is not None and ep.by_language else ctx.session.sites)
    return sorted(present, key=lambda g: (order.index(g) if g in order else len(order), g))


def _group_label(ctx: PlanContext, group: str) -> str:
    site = ctx.session.sites.get(group)
    return site.town if site else group


def _family_heading(ctx: PlanContext, code: str, what: str, parts: Sequence[str]) -> Heading:
    joined = [c for c, e in ctx.session.epreuves.items() if e.family == code and c != code]
    with_ = f" (avec {', '.join(joined)})" if joined else ""
    long = fit_heading([f"{ctx.epreuve_label(code)}{with_} : {what}"], [ctx.session.label, *parts])
    if text_width(long.title, TITLE_SIZE, bold=True) <= TEXT_WIDTH * 72:
        return long
    # The épreuve's name goes under a title too long to hold it.
    return fit_heading([f"{code}{with_} : {what}"], [ctx.epreuve_label(code) + with_, ctx.session.label, *parts])


def _per_epreuve_axes(
    fig: Figure, heading: Heading, legend: Sequence[Patch | Line2D], *, legend_title: bool = False
) -> tuple[Axes, int]:
    labels = [str(h.get_label()) for h in legend]
    ncols = legend_columns(labels, TEXT_WIDTH)
    below = 0.85 + 0.22 * (legend_rows(labels, ncols) + legend_title) + 0.15
    ax = axes_at(fig, 0.9, below, PAGE_WIDTH - 1.3, PAGE_HEIGHT - heading.height - below - 0.1)
    return ax, ncols


ROOM_MARKERS = ("D", "o", "s", "^", "v", "P")


def _commissions_figure(ctx: PlanContext, code: str, items: Sequence[Bar]) -> Figure:
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
    draw_heading(fig, heading)
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
    ax.set_xticks(x, [short_day(d) for d in days])
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_ylim(0, top * 1.15 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("commissions (barres) et salles ouvertes (symboles)")
    ax.grid(axis="y", color="#D8D8D8", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    bottom_legend(fig, legend, ncols)
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


def _load_figure(ctx: PlanContext, code: str, items: Sequence[Bar]) -> Figure:
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
            f"{plural(len(items), 'journée')} de commission, "
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
    draw_heading(fig, heading)
    ax, ncols = _per_epreuve_axes(fig, heading, legend, legend_title=True)
    by_day: dict[date, list[Bar]] = defaultdict(list)
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
            f"{short_day(d)}\n{plural(len(by_day[d]), 'commission') if by_day.get(d) else 'aucune commission'}"
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
    bottom_legend(fig, legend, ncols, title=f"Un point : une commission un jour ; couleur selon {colour_by}")
    return fig
