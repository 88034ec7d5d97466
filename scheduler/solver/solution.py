"""What stage 1 returns: where and when each task happens (no solver here).

The CP-SAT model, the constructed starts (first fit, templates), the local
search and the re-runs all produce or read these, so they live apart from
any of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from scheduler.solver.tasks import Task


@dataclass(frozen=True)
class Placement:
    """Where and when stage 1 put a task."""

    day: date
    site: str
    start: int  # minutes since midnight


#: Placement of each task, by task key (candidate number, épreuve code).
Placements = dict[tuple[str, str], Placement]


@dataclass
class TimeSolution:
    """A placement of a block's tasks, with the commissions each (pool, site,
    day) needs, the tasks left out and how the stages went."""

    placements: dict[tuple[str, str], Placement]
    commissions: dict[tuple[str, str, date], int]
    unplaced: list[Task]
    stages: list[dict[str, str | int | float | None]] = field(default_factory=list)
    status: str = "inconnu"
    objective: float | None = None
    bound: float | None = None
    #: The first stage ended optimal: so many orals left out is proven
    #: unavoidable, not for want of time.
    proven: bool = False


def depths(
    tasks: list[Task], placements: dict[tuple[str, str], Placement]
) -> dict[tuple[str, str, date], int]:
    """Commissions needed per (pool, site, day): the most tasks running at once."""
    events: dict[tuple[str, str, date], list[tuple[int, int]]] = defaultdict(list)
    for t in tasks:
        p = placements.get(t.key)
        if p is not None:
            key = (t.pool.key, p.site, p.day)
            events[key] += [(p.start, 1), (p.start + t.duration, -1)]
    out = {}
    for key, evs in events.items():
        running = best = 0
        for _, delta in sorted(evs):  # an end (-1) sorts before a start at the same minute
            running += delta
            best = max(best, running)
        out[key] = best
    return out
