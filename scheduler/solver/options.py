"""Solver options shared by every stage."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.solver.pipeline import BlockRunner


@dataclass(frozen=True)
class SolveOptions:
    """How long and how to search.

    ``time_limit`` bounds the whole plan (seconds, wall clock).  Tests set
    ``workers=1`` and a ``deterministic_limit`` so that runs repeat exactly.
    ``progress`` receives French progress lines while the solver runs.
    ``deadline`` (a :func:`time.monotonic` instant) is set by the workflows
    when they start: every search of the computation — bounds, starting
    plans, CP-SAT stages, commissions, examiners — ends by then, so that
    ``--temps-max`` holds for the whole command, on a loaded machine too.
    ``blocks`` solves a session's independent blocks of épreuves (one after
    the other by default; at once on a cluster, see :mod:`scheduler.batch`).
    """

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 2021
    deterministic_limit: float | None = None
    progress: Callable[[str], None] | None = None
    log: bool = False
    deadline: float | None = None
    blocks: BlockRunner | None = None

    def seconds_left(self) -> float:
        """Seconds until the deadline (infinite without one, 0 once passed)."""
        return math.inf if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def within(self, seconds: float) -> float:
        """``seconds``, cut to what is left before the deadline."""
        return min(seconds, self.seconds_left())

    def as_dict(self) -> dict[str, str | int | float]:
        out: dict[str, str | int | float] = {
            "temps_max_s": self.time_limit,
            "workers": self.workers,
            "graine": self.seed,
        }
        if self.deterministic_limit is not None:
            out["temps_deterministe_max"] = self.deterministic_limit
        return out
