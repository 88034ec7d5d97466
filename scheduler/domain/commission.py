"""Commissions and commission-days: what an id says, and a plan's orals
grouped by the commission that examines them on a day.

A commission id names a *pool* of interchangeable commissions — an épreuve
family, per language for language épreuves (``E4``, ``E2-ANG``) — and a
number within it: ``E4-C01``, ``E2-ANG-C01``.  Every module reads ids through
here rather than splitting them by hand.

Solver-free: the re-runs, the exports, the staffing and the reports read the
same :class:`CommissionDay` view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scheduler.domain.plan import Oral, Plan
from scheduler.domain.session import CodeRank, code_rank

#: Between the pool key and the number of a commission id.
_NUMBER_MARK = "-C"


def family_of(pool_or_commission: str) -> str:
    """The épreuve family of a pool key or a commission id: ``E2`` for
    ``E2-ANG`` and ``E2-ANG-C01`` (E2F is examined by E2 commissions, ENG by
    E6 ones)."""
    return pool_or_commission.split("-")[0]


def pool_of(commission: str) -> str:
    """``E2-ANG`` for ``E2-ANG-C01``: the commissions that can stand for each
    other (the whole text when it carries no number)."""
    pool, mark, _ = commission.rpartition(_NUMBER_MARK)
    return pool if mark else commission


@dataclass(frozen=True, order=True)
class CommissionId:
    """A commission's id: its pool key and its number (from 1) in the pool."""

    pool: str
    number: int

    @classmethod
    def parse(cls, text: str) -> CommissionId:
        """The id written ``text`` (``E2-ANG-C01``); :class:`ValueError` if it
        is not one."""
        pool, mark, number = text.rpartition(_NUMBER_MARK)
        if not mark or not pool or not (number.isascii() and number.isdigit()):
            raise ValueError(f"not a commission id: {text!r}")
        return cls(pool, int(number))

    def __str__(self) -> str:
        return f"{self.pool}{_NUMBER_MARK}{self.number:02d}"

    @property
    def family(self) -> str:
        """The épreuve family whose orals the commission examines (``E2``)."""
        return family_of(self.pool)


@dataclass(frozen=True)
class CommissionDay:
    """One commission working one day: where, when, who, and its orals."""

    commission: str
    day: date
    #: Site and room of its first oral.
    site: str
    room: str
    #: Start of its first oral and end of its last one.
    start: int
    end: int
    #: Everyone who sits in it that day, sorted.
    examiners: tuple[str, ...]
    #: Its orals in time order (ENG right after its E6).
    orals: tuple[Oral, ...]

    @property
    def family(self) -> str:
        """The épreuve family of the commission (``E2`` for ``E2-ANG-C01``)."""
        return family_of(self.commission)


def commission_days(plan: Plan) -> dict[tuple[str, date], CommissionDay]:
    """Every ``(commission, day)`` of the plan's placed orals, by day, then
    épreuve display order, then commission id.

    A placed oral without a commission or a day (which a valid plan never
    has) belongs to none."""
    grouped: dict[tuple[str, date], list[Oral]] = {}
    for o in plan.placed():
        if o.commission is None or o.day is None:
            continue
        grouped.setdefault((o.commission, o.day), []).append(o)
    out: dict[tuple[str, date], CommissionDay] = {}
    for (commission, day), orals in sorted(grouped.items(), key=lambda kv: _display_key(*kv[0])):
        # Stable: orals starting together keep the plan's order.
        orals.sort(key=lambda o: (o.start or 0, code_rank(o.epreuve), o.candidate))
        first = orals[0]
        out[(commission, day)] = CommissionDay(
            commission=commission,
            day=day,
            site=first.site or "",
            room=first.room or "",
            start=min((o.start for o in orals if o.start is not None), default=0),
            end=max((o.end for o in orals if o.end is not None), default=0),
            examiners=tuple(sorted({e for o in orals for e in o.examiners})),
            orals=tuple(orals),
        )
    return out


def by_family(days: dict[tuple[str, date], CommissionDay]) -> dict[str, list[CommissionDay]]:
    """The commission-days of each épreuve family (E2F counts with E2, ENG
    with E6), in the order of ``days``."""
    out: dict[str, list[CommissionDay]] = {}
    for cd in days.values():
        out.setdefault(cd.family, []).append(cd)
    return out


def _display_key(commission: str, day: date) -> tuple[date, CodeRank, str]:
    return (day, code_rank(family_of(commission)), commission)

