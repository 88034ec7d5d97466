"""The planned orals of a plan with a complete place and time: what most rules read.

An oral with a missing or inconsistent field is reported once, by
:func:`scheduler.validate.orals.check_orals_requested`, and left out here so
that one mistake does not cascade into a dozen messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scheduler.domain.plan import PLANNED, Oral, Plan
from scheduler.domain.session import Candidate, Epreuve, Session


@dataclass(frozen=True)
class Placed:
    """A planned oral whose place and time are complete, with its épreuve.

    Typed without ``None`` so that the rules can compute on it directly.
    """

    oral: Oral
    ep: Epreuve
    site: str
    room: str
    commission: str
    day: date
    convocation: int
    preparation_start: int | None
    start: int
    end: int

    @property
    def candidate(self) -> str:
        """The candidate's number."""
        return self.oral.candidate

    @property
    def code(self) -> str:
        """The épreuve's code."""
        return self.ep.code

    @property
    def busy_from(self) -> int:
        """When the candidate's activity starts: the preparation, else the oral."""
        return self.preparation_start if self.preparation_start is not None else self.start

    @property
    def sort_key(self) -> tuple[date, int, int, str, str]:
        """A total order on orals, so messages never depend on the plan's list order."""
        return (self.day, self.start, self.end, self.candidate, self.code)


def placed_orals(session: Session, plan: Plan) -> list[Placed]:
    """Planned orals of known épreuves with every required field set."""
    out: list[Placed] = []
    for o in plan.orals:
        ep = session.epreuves.get(o.epreuve)
        if o.status != PLANNED or ep is None:
            continue
        if (
            o.site is None
            or o.room is None
            or o.commission is None
            or o.day is None
            or o.convocation is None
            or o.start is None
            or o.end is None
        ):
            continue
        out.append(
            Placed(
                o, ep, o.site, o.room, o.commission, o.day, o.convocation, o.preparation_start, o.start, o.end
            )
        )
    return out


def by_number(candidates: list[Candidate]) -> dict[str, Candidate]:
    """The candidates by their number."""
    return {c.number: c for c in candidates}
