"""What the planner places: tasks, their pools and their possible start times.

A *task* is what one candidate does in one go before one commission: an oral,
with its preparation before it, and its follow-on units right after it (E6
then ENG is one task).  A *pool* is a set of interchangeable commissions: an
épreuve family, and for language épreuves one language (E2 and E2F in
anglais share the anglais commissions).

Solver-free: the CP-SAT stages, the first-fit baseline and the diagnostics all
start from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from scheduler.domain.commission import CommissionId
from scheduler.domain.session import Candidate, Epreuve, Session

DAY = 24 * 60

#: Three-letter codes used in commission ids (``E2-ANG-C01``).
LANGUAGE_CODES = {
    "anglais": "ANG",
    "espagnol": "ESP",
    "allemand": "ALL",
    "italien": "ITA",
    "portugais": "POR",
    "arabe": "ARA",
    "chinois": "CHI",
    "russe": "RUS",
    "neerlandais": "NEE",
    "occitan": "OCC",
}


def language_code(language: str) -> str:
    return LANGUAGE_CODES.get(language, language[:3].upper())


@dataclass(frozen=True)
class Pool:
    """Interchangeable commissions: an épreuve family, per language if any."""

    family: str
    language: str | None = None

    @property
    def key(self) -> str:
        return f"{self.family}-{language_code(self.language)}" if self.language else self.family

    def commission_id(self, number: int) -> str:
        """The id of this pool's commission ``number`` (``E2-ANG-C01``)."""
        return str(CommissionId(self.key, number))


@dataclass(frozen=True)
class Part:
    """One épreuve within a task, with its oral minutes."""

    code: str
    minutes: int


@dataclass(frozen=True)
class Task:
    """One candidate's passage before one commission (follow-on units included)."""

    candidate: Candidate
    parts: tuple[Part, ...]
    pool: Pool
    sites: tuple[str, ...]
    preparation: int
    days: tuple[date, ...]

    @property
    def code(self) -> str:
        return self.parts[0].code

    @cached_property
    def duration(self) -> int:
        return sum(p.minutes for p in self.parts)

    @property
    def key(self) -> tuple[str, str]:
        return (self.candidate.number, self.code)


def build_tasks(session: Session, candidates: list[Candidate]) -> list[Task]:
    """Tasks of every oral to place (follow-on units and orals the candidate
    does not sit — NV, absent, withdrawn — excluded)."""
    tasks = []
    for cand in candidates:
        requested = cand.requested_orals()
        for code in requested:
            ep = session.epreuves[code]
            if ep.follows or not cand.sits(code):
                continue
            prep, oral = session.durations(ep, cand.extra_time)
            parts = [Part(code, oral)]
            for unit in session.epreuves.values():
                if unit.follows == code and unit.code in requested and cand.sits(unit.code):
                    parts.append(Part(unit.code, session.durations(unit, cand.extra_time)[1]))
            tasks.append(
                Task(
                    candidate=cand,
                    parts=tuple(parts),
                    pool=pool_of(ep, cand),
                    sites=ep.sites,
                    preparation=prep,
                    days=tuple(session.working_days(ep)),
                )
            )
    return tasks


def pool_of(ep: Epreuve, cand: Candidate) -> Pool:
    return Pool(ep.family, cand.oral_language(ep.code) if ep.by_language else None)


def starts_in_day(session: Session, task: Task) -> list[int]:
    """Minutes of the day at which the task's oral may start.

    Preparation and oral (with follow-on units) must fit inside one half-day.
    """
    g = session.grid_minutes
    out: list[int] = []
    for begin, end in session.hours.half_days():
        first = begin + task.preparation
        first += (-first) % g
        out.extend(range(first, end - task.duration + 1, g))
    return out


def placeable(session: Session, tasks: list[Task]) -> list[Task]:
    """Tasks with at least one working day and one start time that fits."""
    return [t for t in tasks if t.days and starts_in_day(session, t)]


def is_far(session: Session, task: Task, site: str) -> bool:
    """True when the candidate's écrit centre is far from ``site``."""
    return session.is_far(task.candidate.centre, site)
