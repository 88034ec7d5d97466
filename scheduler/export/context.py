"""The plan as the exports read it: orals with their candidate, grouped the way
each workbook needs them, in a stable order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from scheduler.domain.commission import commission_days
from scheduler.domain.plan import Oral, Plan
from scheduler.domain.session import Candidate, CodeRank, Examiner, Session, code_rank


@dataclass(frozen=True)
class Row:
    """One oral with its candidate (exports never look candidates up twice)."""

    oral: Oral
    candidate: Candidate

    @property
    def sort_key(self) -> tuple[date, int, CodeRank, str, str]:
        o = self.oral
        return (o.day or date.max, o.start or 0, code_rank(o.epreuve), o.commission or "", o.candidate)


@dataclass
class PlanContext:
    """A plan, its session and its candidates, indexed for the exports."""

    plan: Plan
    session: Session
    candidates: list[Candidate]
    #: The named examiners, when the plan has them.
    examiners: list[Examiner] = field(default_factory=list)
    #: When the plan was computed (time zone aware), stamped on the
    #: calendars; ``None`` renders with a fixed stamp (same bytes every time).
    stamp: datetime | None = None
    by_number: dict[str, Candidate] = field(init=False)
    examiner_by_id: dict[str, Examiner] = field(init=False)

    def __post_init__(self) -> None:
        self.by_number = {c.number: c for c in self.candidates}
        self.examiner_by_id = {e.id: e for e in self.examiners}

    def examiner_names(self, oral: Oral) -> str:
        """« NOM Prénom (EX001) + … » for the oral's examiners, empty when unnamed."""
        names = []
        for i in oral.examiners:
            e = self.examiner_by_id.get(i)
            names.append(f"{e.surname} {e.given_name} ({i})" if e else i)
        return " + ".join(names)

    def rows(self, *, placed_only: bool = False) -> list[Row]:
        """Every oral (or every placed one) with its candidate, in time order."""
        out = [
            Row(o, self.by_number[o.candidate])
            for o in self.plan.orals
            if (o.is_placed or not placed_only) and o.candidate in self.by_number
        ]
        return sorted(out, key=lambda r: r.sort_key)

    def by_commission_day(self) -> dict[tuple[str, date], list[Row]]:
        """Placed orals per (commission, day), in the order of
        :func:`~scheduler.domain.commission.commission_days` (ENG after its E6)."""
        out: dict[tuple[str, date], list[Row]] = {}
        for key, cd in commission_days(self.plan).items():
            rows = [Row(o, self.by_number[o.candidate]) for o in cd.orals if o.candidate in self.by_number]
            if rows:
                out[key] = rows
        return out

    def by_site_day(self) -> dict[tuple[str, date], list[Row]]:
        """Placed orals per (site key, day), in time order."""
        groups: dict[tuple[str, date], list[Row]] = defaultdict(list)
        for r in self.rows(placed_only=True):
            assert r.oral.site is not None and r.oral.day is not None
            groups[(r.oral.site, r.oral.day)].append(r)
        return dict(
            sorted(groups.items(), key=lambda kv: (list(self.session.sites).index(kv[0][0]), kv[0][1]))
        )

    def not_placed(self) -> list[Row]:
        """Orals without a passage — NV, absent, désisté and, in a plan that
        could not place everything, non placé — by épreuve then candidate."""
        rows = [r for r in self.rows() if not r.oral.is_placed]
        return sorted(
            rows, key=lambda r: (code_rank(r.oral.epreuve), r.candidate.surname, r.candidate.number)
        )

    def epreuve_label(self, code: str) -> str:
        ep = self.session.epreuves.get(code)
        return f"{code} — {ep.label}" if ep else code


@dataclass(frozen=True)
class Published:
    """The published plan a re-run replaces, and the folder of its
    documents: a document of the new plan that the same inputs would write
    again is read back from there (see :mod:`scheduler.export.letters`)."""

    ctx: PlanContext
    folder: Path
