"""A plan: one entry per candidate and oral, plus how it was obtained.

Solver-free: the validator, the exports and the re-runs read this, never the
CP-SAT model.  Times are minutes since midnight, as in :mod:`scheduler.domain.session`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Status = Literal["planifié", "NV", "non placé", "absent", "désisté"]

PLANNED: Status = "planifié"
NV: Status = "NV"
UNPLACED: Status = "non placé"
#: Set by a re-run: the candidate told the office they will not come
#: (kept on the grading sheets as absent).
ABSENT: Status = "absent"
#: Set by a re-run: the candidate withdrew; their later orals are cancelled.
WITHDRAWN: Status = "désisté"


@dataclass(frozen=True)
class Oral:
    """One oral of one candidate.

    For every status but ``planifié`` — NV (non-conforming dossier), ``non
    placé`` (the plan could not place it), ``absent`` and ``désisté`` (set by a
    re-run) — every place and time field is ``None``.
    ``commission`` is the anonymous id (``E4-C01``, ``E2-ANG-C01``); a commission
    works at one site and in one ``room`` per day.
    """

    candidate: str
    epreuve: str
    status: Status = PLANNED
    language: str | None = None
    subject: str | None = None
    site: str | None = None
    room: str | None = None
    commission: str | None = None
    examiners: tuple[str, ...] = ()
    day: date | None = None
    convocation: int | None = None
    preparation_start: int | None = None
    start: int | None = None
    end: int | None = None

    @property
    def is_placed(self) -> bool:
        return self.status == PLANNED

    @property
    def busy_from(self) -> int | None:
        """When the candidate's activity starts (preparation if any)."""
        return self.preparation_start if self.preparation_start is not None else self.start


@dataclass(frozen=True)
class SolverInfo:
    """How the plan was computed: status, objective, bound, time, parameters."""

    status: str
    objective: float | None = None
    bound: float | None = None
    wall_time: float = 0.0
    parameters: dict[str, str | int | float] = field(default_factory=dict)
    stages: list[dict[str, str | int | float | None]] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return abs(self.objective - self.bound) / abs(self.objective)


@dataclass
class Plan:
    """Every oral of every candidate of a session, with solver information."""

    session: str
    orals: list[Oral]
    solver: SolverInfo = field(default_factory=lambda: SolverInfo("inconnu"))
    #: Why some orals could not be placed (French sentences), if any.
    diagnostics: list[str] = field(default_factory=list)
    #: What the office should know about a complete plan (French sentences),
    #: e.g. commissions that fall back to two teachers.
    notes: list[str] = field(default_factory=list)

    def placed(self) -> list[Oral]:
        return [o for o in self.orals if o.is_placed]

    def by_candidate(self) -> dict[str, list[Oral]]:
        out: dict[str, list[Oral]] = {}
        for o in self.orals:
            out.setdefault(o.candidate, []).append(o)
        return out


def started(oral: Oral | None, now: datetime) -> bool:
    """The candidate's activity for this oral (if any) began before ``now``."""
    if oral is None or not oral.is_placed or oral.day is None or oral.busy_from is None:
        return False
    today = now.date()
    return oral.day < today or (oral.day == today and oral.busy_from < now.hour * 60 + now.minute)
