"""Solver options shared by every stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SolveOptions:
    """How long and how to search.

    ``time_limit`` bounds the whole plan (seconds, wall clock).  Tests set
    ``workers=1`` and a ``deterministic_limit`` so that runs repeat exactly.
    ``progress`` receives French progress lines while the solver runs.
    """

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 2021
    deterministic_limit: float | None = None
    progress: Callable[[str], None] | None = None
    log: bool = False

    def as_dict(self) -> dict[str, str | int | float]:
        out: dict[str, str | int | float] = {
            "temps_max_s": self.time_limit,
            "workers": self.workers,
            "graine": self.seed,
        }
        if self.deterministic_limit is not None:
            out["temps_deterministe_max"] = self.deterministic_limit
        return out
