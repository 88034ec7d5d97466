"""Processes that draw the figures of a plan beside the caller, and what they
run: the pictures of some site-days, the per-épreuve charts.

The processes are spawned: they receive the functions they run by module
path, so every one of them is defined at module level."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date

from scheduler.export.context import PlanContext
from scheduler.export.figures.families import draw_families
from scheduler.export.figures.files import save
from scheduler.export.figures.gantt import gantt_figure
from scheduler.export.figures.names import site_day_stem, site_slugs
from scheduler.export.figures.occupancy import occupation_figure
from scheduler.export.figures.style import drawing_style

#: Site-days per drawing process: below twice this, :meth:`FigureWorkers.draw`
#: draws them here unless the processes were started already (starting
#: one costs about a second).
PARALLEL_FROM = 6


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
        """Start the processes now (each imports the figures), so that they
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
        """Start drawing what :func:`~scheduler.export.figures.plan_figures`
        draws; call the result to get it."""
        keys = [k for k in ctx.by_site_day() if site_days is None or k in site_days]
        if len(keys) >= 2 * PARALLEL_FROM:
            self.start()
        pool = self._pool
        if pool is None or not keys:
            return lambda: drawn_here(ctx, keys, families)
        chunks = [keys[i :: self.processes] for i in range(self.processes)]
        chosen = None if families is None else sorted(families)
        try:
            futures = [pool.submit(draw_site_days, ctx, chunk) for chunk in chunks if chunk]
            futures.append(pool.submit(draw_families, ctx, chosen))
        except (OSError, BrokenProcessPool, RuntimeError):
            return lambda: drawn_here(ctx, keys, families)

        def result() -> dict[str, bytes]:
            out: dict[str, bytes] = {}
            try:
                for future in futures:
                    out.update(future.result())
            except (OSError, BrokenProcessPool):
                return drawn_here(ctx, keys, families)
            return dict(sorted(out.items()))

        return result


def drawn_here(
    ctx: PlanContext, keys: Sequence[tuple[str, date]], families: Collection[str] | None
) -> dict[str, bytes]:
    """The figures of these site-days and families, drawn by this process."""
    out = draw_site_days(ctx, keys)
    out.update(draw_families(ctx, families))
    return dict(sorted(out.items()))


def draw_site_days(ctx: PlanContext, keys: Sequence[tuple[str, date]]) -> dict[str, bytes]:
    """The Gantt and occupancy figures of these site-days, by file path."""
    out: dict[str, bytes] = {}
    slugs = site_slugs(ctx.session)
    days = ctx.by_site_day()
    with drawing_style():
        for site, day in keys:
            stem = site_day_stem(slugs[site], day)
            rows = days[(site, day)]
            save(out, f"gantt-{stem}", gantt_figure(ctx, site, day, rows))
            save(out, f"occupation-{stem}", occupation_figure(ctx, site, day, rows))
    return out


def _ready() -> None:
    """Nothing: importing the figures in a worker is the point."""


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
