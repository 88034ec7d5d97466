"""What changed between a published plan and its re-run (``oraux replanifier``).

Solver-free: :func:`diff_plans` compares two :class:`~scheduler.plan.Plan`
objects oral by oral (matched on candidate and épreuve), commission-day by
commission-day and examiner-day by examiner-day, so that the office knows whom
to warn; :func:`summary_lines` says it in a few French lines for the terminal
and :mod:`scheduler.export.changes` writes ``changements.xlsx``.

The weights below price a change for a candidate; the CP-SAT repair model
imports them, so that the plan it chooses and :meth:`PlanChanges.cost` agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from scheduler.domain.commission import CommissionDay, commission_days
from scheduler.domain.plan import Oral, Plan
from scheduler.domain.session import code_rank
from scheduler.text import numeric_date

#: The oral's day or site changes.
DATE_WEIGHT = 10
#: Same day and site, the start changes.
TIME_WEIGHT = 4
#: Same day, site and time; only the room or the commission changes.
ROOM_WEIGHT = 1
#: A change within this many days of today weighs more (one more point a day).
URGENCY_DAYS = 7

#: Every kind of oral change, in the order :attr:`OralChange.kinds` lists them.
ORAL_KINDS: tuple[str, ...] = (
    "nouveau",
    "statut",
    "date",
    "site",
    "horaire",
    "salle",
    "commission",
    "examinateurs",
)
#: Kinds that change what the candidate was told (their convocation).
CONVOCATION_KINDS: frozenset[str] = frozenset({"nouveau", "statut", "date", "site", "horaire", "salle"})
#: Kinds that make a planned oral a moved one.
MOVE_KINDS: frozenset[str] = frozenset({"date", "site", "horaire"})


def urgency(old_day: date, today: date) -> int:
    """Extra weight of a change to an oral held soon: ``URGENCY_DAYS`` minus
    the days left before ``old_day``, never negative (and above
    ``URGENCY_DAYS`` for a day already past)."""
    return max(0, URGENCY_DAYS - (old_day - today).days)


def change_weight(kind: str, old_day: date, today: date) -> int:
    """Weight of one change of ``kind`` (« date », « horaire » or « salle »)
    to an oral that was planned on ``old_day``."""
    if kind == "date":
        return DATE_WEIGHT + urgency(old_day, today)
    if kind == "horaire":
        return TIME_WEIGHT + urgency(old_day, today)
    if kind == "salle":
        return ROOM_WEIGHT
    raise ValueError(f"unknown change kind {kind!r} (expected date, horaire or salle)")


@dataclass(frozen=True)
class OralChange:
    """One oral that differs between the two plans.

    ``old`` is ``None`` for a new oral (late registration), ``new`` is
    ``None`` for an oral missing from the new plan (reported as « statut »).
    Places and times are compared only when the oral is planned in both plans;
    otherwise a status change says it all.
    """

    candidate: str
    epreuve: str
    old: Oral | None
    new: Oral | None
    kinds: tuple[str, ...]

    @property
    def convocation_changed(self) -> bool:
        """The candidate must receive a new convocation (or be told there is none)."""
        return any(k in CONVOCATION_KINDS for k in self.kinds)

    @property
    def moved(self) -> bool:
        """Planned in both plans, on another day, at another site or time."""
        return (
            self.old is not None
            and self.new is not None
            and self.old.is_placed
            and self.new.is_placed
            and any(k in MOVE_KINDS for k in self.kinds)
        )

    @property
    def weight_kind(self) -> str | None:
        """« date », « horaire » or « salle »: how :meth:`PlanChanges.cost`
        prices this change; ``None`` when it is free (a status change or a new
        oral, which come from the events, or a change of examiners only)."""
        kinds = set(self.kinds)
        if kinds & {"date", "site"}:
            return "date"
        if "horaire" in kinds:
            return "horaire"
        if kinds & {"salle", "commission"}:
            return "salle"
        return None

    def weight(self, today: date) -> int:
        kind = self.weight_kind
        if kind is None or self.old is None or self.old.day is None:
            return 0
        return change_weight(kind, self.old.day, today)


@dataclass(frozen=True)
class ExaminerChange:
    """An examiner's commission on a day differs: ``old`` / ``new`` is the
    commission they sit in that day in each plan, ``None`` for none (several
    commissions the same day, which a valid plan never has, are joined by
    « + »)."""

    examiner: str
    day: date
    old: str | None
    new: str | None


@dataclass(frozen=True)
class CommissionDayChange:
    """A commission-day of both plans whose place or hours changed.

    ``kinds`` among « site », « salle » and « horaire » (first start or last
    end), in that order; its examiners should be told even when they sit in
    the same commission."""

    old: CommissionDay
    new: CommissionDay
    kinds: tuple[str, ...]


@dataclass
class PlanChanges:
    """Everything that differs between a published plan and its re-run."""

    #: Changed orals only, by candidate then épreuve display order.
    orals: list[OralChange]
    #: ``(commission, day)`` working in the new plan and not in the old one.
    commissions_added: list[tuple[str, date]]
    commissions_removed: list[tuple[str, date]]
    examiners: list[ExaminerChange]
    #: Commission-days of both plans moved to another room or site, or whose
    #: hours changed.
    commission_days_changed: list[CommissionDayChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.orals
            or self.commissions_added
            or self.commissions_removed
            or self.examiners
            or self.commission_days_changed
        )

    def moved_candidates(self) -> list[str]:
        """Candidates with at least one moved oral (see :attr:`OralChange.moved`)."""
        return sorted({c.candidate for c in self.orals if c.moved})

    def notified_candidates(self) -> list[str]:
        """Candidates who must be sent a new convocation (or told they have none)."""
        return sorted({c.candidate for c in self.orals if c.convocation_changed})

    def notified_examiners(self) -> list[str]:
        """Examiners whose commission changed on a day, or whose commission-day
        moved or changed hours."""
        ids = {e.examiner for e in self.examiners}
        for change in self.commission_days_changed:
            ids.update(change.old.examiners)
            ids.update(change.new.examiners)
        return sorted(ids)

    def cost(self, today: date) -> int:
        """Sum over candidates of the heaviest of their changes (see
        :func:`change_weight`); status changes and new orals are free."""
        worst: dict[str, int] = {}
        for change in self.orals:
            worst[change.candidate] = max(worst.get(change.candidate, 0), change.weight(today))
        return sum(worst.values())


def _oral_kinds(old: Oral | None, new: Oral | None) -> tuple[str, ...]:
    if old is None:
        return ("nouveau",) if new is not None else ()
    if new is None or old.status != new.status:
        return ("statut",)
    if not old.is_placed:
        return ()
    found: set[str] = set()
    if old.day != new.day:
        found.add("date")
    if old.site != new.site:
        found.add("site")
    times = ("convocation", "preparation_start", "start", "end")
    if any(getattr(old, t) != getattr(new, t) for t in times):
        found.add("horaire")
    if old.room != new.room:
        found.add("salle")
    if old.commission != new.commission:
        found.add("commission")
    if sorted(old.examiners) != sorted(new.examiners):
        found.add("examinateurs")
    return tuple(k for k in ORAL_KINDS if k in found)


def _by_key(plan: Plan) -> dict[tuple[str, str], Oral]:
    out: dict[tuple[str, str], Oral] = {}
    for o in plan.orals:
        key = (o.candidate, o.epreuve)
        if key in out:
            raise ValueError(
                f"Le plan {plan.session} contient deux oraux {o.epreuve} pour le candidat {o.candidate}."
            )
        out[key] = o
    return out


def _examiner_commissions(plan: Plan) -> dict[tuple[str, date], str]:
    found: dict[tuple[str, date], set[str]] = {}
    for o in plan.placed():
        if o.commission is None or o.day is None:
            continue
        for examiner in o.examiners:
            found.setdefault((examiner, o.day), set()).add(o.commission)
    return {key: " + ".join(sorted(commissions)) for key, commissions in found.items()}


def diff_plans(old: Plan, new: Plan) -> PlanChanges:
    """What changed from ``old`` (the published plan) to ``new`` (its re-run)."""
    old_orals, new_orals = _by_key(old), _by_key(new)
    orals: list[OralChange] = []
    for key in sorted(old_orals.keys() | new_orals.keys(), key=lambda k: (k[0], code_rank(k[1]), k[1])):
        before, after = old_orals.get(key), new_orals.get(key)
        kinds = _oral_kinds(before, after)
        if kinds:
            orals.append(OralChange(key[0], key[1], before, after, kinds))

    old_days, new_days = commission_days(old), commission_days(new)
    added = [k for k in new_days if k not in old_days]
    removed = [k for k in old_days if k not in new_days]
    changed: list[CommissionDayChange] = []
    for day_key, after_day in new_days.items():
        before_day = old_days.get(day_key)
        if before_day is None:
            continue
        day_kinds = []
        if before_day.site != after_day.site:
            day_kinds.append("site")
        if before_day.room != after_day.room:
            day_kinds.append("salle")
        if (before_day.start, before_day.end) != (after_day.start, after_day.end):
            day_kinds.append("horaire")
        if day_kinds:
            changed.append(CommissionDayChange(before_day, after_day, tuple(day_kinds)))

    old_sits, new_sits = _examiner_commissions(old), _examiner_commissions(new)
    examiners = [
        ExaminerChange(examiner, day, old_sits.get((examiner, day)), new_sits.get((examiner, day)))
        for examiner, day in sorted(old_sits.keys() | new_sits.keys())
        if old_sits.get((examiner, day)) != new_sits.get((examiner, day))
    ]
    return PlanChanges(orals, added, removed, examiners, changed)


def _listed(items: Iterable[str], limit: int = 8) -> str:
    names = list(items)
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def summary_lines(changes: PlanChanges, today: date) -> list[str]:
    """A short French summary of ``changes`` for the terminal."""
    if not changes:
        return ["Aucun changement par rapport au plan publié."]
    moved = changes.moved_candidates()
    by_date = sorted({c.candidate for c in changes.orals if c.moved and c.weight_kind == "date"})
    by_time = [c for c in moved if c not in set(by_date)]
    rooms = sorted(
        {c.candidate for c in changes.orals if c.weight_kind == "salle" and "salle" in c.kinds} - set(moved)
    )
    statuses: dict[str, int] = {}
    for c in changes.orals:
        if "statut" in c.kinds:
            label: str = c.new.status if c.new is not None else "supprimé"
            statuses[label] = statuses.get(label, 0) + 1
    lines = ["Changements par rapport au plan publié :"]
    lines.append(
        f"  candidats déplacés : {len(moved)} (date ou site : {len(by_date)}, horaire seul : {len(by_time)})"
    )
    if rooms:
        lines.append(f"  candidats changeant seulement de salle : {len(rooms)}")
    if statuses:
        detail = ", ".join(f"{label} : {n}" for label, n in sorted(statuses.items()))
        lines.append(f"  oraux dont le statut change : {sum(statuses.values())} ({detail})")
    added = [c for c in changes.orals if "nouveau" in c.kinds]
    if added:
        lines.append(f"  nouveaux oraux (inscriptions tardives) : {len(added)}")
    notified = changes.notified_candidates()
    lines.append(f"  convocations à renvoyer : {len(notified)} candidat(s)")
    examiners = changes.notified_examiners()
    lines.append(
        f"  examinateurs à prévenir : {len(examiners)}" + (f" ({_listed(examiners)})" if examiners else "")
    )
    for label, days in (("ajoutées", changes.commissions_added), ("retirées", changes.commissions_removed)):
        named = [f"{commission} le {numeric_date(day)}" for commission, day in days]
        lines.append(
            f"  journées-commission {label} : {len(days)}" + (f" ({_listed(named)})" if named else "")
        )
    if changes.commission_days_changed:
        named = [f"{c.new.commission} le {numeric_date(c.new.day)}" for c in changes.commission_days_changed]
        lines.append(
            f"  journées-commission déplacées ou aux horaires modifiés : {len(named)} ({_listed(named)})"
        )
    lines.append(f"  poids des changements pour les candidats : {changes.cost(today)}")
    return lines
