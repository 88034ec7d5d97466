"""Named examiners: who sits in which commission, day by day (CP-SAT).

The plan fixes the commission-days and their candidates; here each
commission-day receives as many examiners as its épreuve asks, qualified for
the épreuve (and the language), available that day, never above their daily
maximum, never with a candidate from their own établissement, in one
commission a day, and never twice before the same candidate (E4 then E6).
Where an examiner is missing, a slack variable keeps the model feasible and
the diagnosis names the commission-day and the smallest addition.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from ortools.sat.python import cp_model

from scheduler.domain.commission import commission_days
from scheduler.domain.plan import Plan
from scheduler.domain.schools import same_school
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.solver.interrupt import new_solver, searching
from scheduler.solver.options import SolveOptions

#: More commission-days than this are staffed a few days at a time.
SPLIT_ABOVE = 600
#: Days of one such run.
PART_DAYS = 5

#: Weights of the staffing objective, most important first.
WEIGHT_MISSING = 100_000
#: In a re-run: a published examiner taken off their commission-day.
WEIGHT_CHANGE = 2_000
WEIGHT_FALLBACK = 1_000
WEIGHT_BLOCKS = 10
WEIGHT_PEAK = 1


@dataclass(frozen=True)
class StaffingNeed:
    """One commission-day to staff: the seats its épreuve asks for, who may
    take them, and the candidates its examiners will meet."""

    commission: str
    day: date
    site: str
    family: str
    language: str | None
    size: int
    mixed: bool
    candidates: tuple[Candidate, ...]
    #: The épreuves where its candidates meet an examiner at most once
    #: (:meth:`Session.examiner_groups`, « E4+E6 »), or ``None``.
    met_group: str | None = None


@dataclass
class Staffing:
    """Examiners of each commission-day, and what could not be staffed."""

    members: dict[tuple[str, date], tuple[str, ...]]
    missing: dict[tuple[str, date], int] = field(default_factory=dict)
    fallbacks: list[tuple[str, date]] = field(default_factory=list)
    status: str = "inconnu"
    #: The number of empty seats is proven the fewest possible: what is
    #: ``missing`` then truly lacks, it is not for want of time.
    seats_proven: bool = False


class _Search:
    """One CP-SAT search of the staffing model within what is left of the time."""

    def __init__(self, options: SolveOptions, time_limit: float, clock: float) -> None:
        self.solver = new_solver()
        self.solver.parameters.num_workers = options.workers
        self.solver.parameters.random_seed = options.seed
        self.solver.parameters.max_time_in_seconds = options.within(
            max(0.5, time_limit - (time.monotonic() - clock))
        )
        if options.deterministic_limit is not None:
            self.solver.parameters.max_deterministic_time = options.deterministic_limit

    def solve_with_values(
        self,
        m: cp_model.CpModel,
        y: dict[tuple[int, int], cp_model.IntVar],
        missing: list[cp_model.IntVar],
    ) -> tuple[str, dict[tuple[int, int], bool], list[int]] | None:
        """Status (« optimal » or « réalisable »), seats taken and seats left
        empty per commission-day; ``None`` when no staffing was found."""
        with searching(self.solver):
            status = self.solver.solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        chosen = {pair: self.solver.boolean_value(v) for pair, v in y.items()}
        lack = [int(self.solver.value(v)) for v in missing]
        return ("optimal" if status == cp_model.OPTIMAL else "réalisable"), chosen, lack


def staffing_needs(session: Session, candidates: list[Candidate], plan: Plan) -> list[StaffingNeed]:
    """The plan's commission-days to staff, by day then commission id."""
    by_number = {c.number: c for c in candidates}
    groups = session.examiner_groups()
    position: dict[tuple[str, str], int] = {}
    for i, o in enumerate(plan.orals):
        position.setdefault((o.candidate, o.epreuve), i)
    out = []
    for cd in sorted(commission_days(plan).values(), key=lambda cd: (cd.day, cd.commission)):
        # In the plan's order rather than in time order: the model is built in
        # this order, and the search it makes depends on it.
        orals = sorted(cd.orals, key=lambda o: position[(o.candidate, o.epreuve)])
        first = orals[0]
        assert first.site is not None
        ep = session.epreuves[first.epreuve]
        family = session.epreuves[ep.family]
        out.append(
            StaffingNeed(
                commission=cd.commission,
                day=cd.day,
                site=first.site,
                family=ep.family,
                language=first.language if ep.by_language else None,
                size=family.commission_size,
                mixed=family.mixed_commission,
                candidates=tuple({o.candidate: by_number[o.candidate] for o in orals}.values()),
                met_group=groups.get(ep.family),
            )
        )
    return out


def eligible(examiner: Examiner, cd: StaffingNeed) -> bool:
    """Whether the examiner may sit in this commission-day at all."""
    if cd.family not in examiner.epreuves or not examiner.can_come(cd.day):
        return False
    if cd.language is not None and cd.language not in examiner.languages:
        return False
    if examiner.max_per_day is not None and len(cd.candidates) > examiner.max_per_day:
        return False
    return not any(same_school(examiner.etablissement, c.etablissement) for c in cd.candidates)


def staff(
    session: Session,
    candidates: list[Candidate],
    plan: Plan,
    examiners: list[Examiner],
    options: SolveOptions,
    time_limit: float,
    *,
    previous: dict[tuple[str, date], tuple[str, ...]] | None = None,
    keep: set[tuple[str, date]] | None = None,
    split_above: int = SPLIT_ABOVE,
) -> Staffing:
    """Choose the examiners of every commission-day of ``plan`` within
    ``time_limit`` seconds (building the model included).

    In a re-run, ``previous`` holds the published teams: keeping them comes
    right after staffing every seat; the commission-days in ``keep`` (those
    already under way) keep theirs exactly.

    More than ``split_above`` commission-days are staffed :data:`PART_DAYS`
    days at a time, in date order, each run knowing whom the candidates
    already met: one model of them all is too large to solve (1,668
    commission-days: no staffing at all in 85 s, 1 GB a search thread).  The
    empty seats of a split staffing are then never proven the fewest."""
    clock = time.monotonic()
    cds = staffing_needs(session, candidates, plan)
    if len(cds) <= split_above:
        return _staff(cds, examiners, options, time_limit, clock, previous, keep, {})
    days = sorted({cd.day for cd in cds})
    runs = [set(days[i : i + PART_DAYS]) for i in range(0, len(days), PART_DAYS)]
    out = Staffing({}, {}, [], "réalisable")
    met: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n, run in enumerate(runs):
        part = [cd for cd in cds if cd.day in run]
        share = max(0.5, time_limit - (time.monotonic() - clock)) / (len(runs) - n)
        done = _staff(part, examiners, options, share, time.monotonic(), previous, keep, met)
        out.members.update(done.members)
        out.missing.update(done.missing)
        out.fallbacks += done.fallbacks
        for cd in part:
            if cd.met_group:
                for c in cd.candidates:
                    met[(c.number, cd.met_group)].update(done.members.get((cd.commission, cd.day), ()))
    return out


def _staff(
    cds: list[StaffingNeed],
    examiners: list[Examiner],
    options: SolveOptions,
    time_limit: float,
    clock: float,
    previous: dict[tuple[str, date], tuple[str, ...]] | None,
    keep: set[tuple[str, date]] | None,
    met: dict[tuple[str, str], set[str]],
) -> Staffing:
    """The staffing model of ``cds``; ``met`` holds, per candidate and group
    of épreuves met once (E4+E6), the examiners who already examined them
    there (in earlier days).

    Once the deadline has passed, no model is built: the quick staffing
    (:func:`_greedy`, the published teams first) is returned when it fills
    every seat within the rules, else every seat is left empty, unproven."""
    pairs: list[tuple[int, int]] = []
    for i, cd in enumerate(cds):
        seen = (
            set().union(*(met.get((c.number, cd.met_group), set()) for c in cd.candidates))
            if cd.met_group
            else set()
        )
        pairs += [(i, j) for j, e in enumerate(examiners) if eligible(e, cd) and e.id not in seen]
    hints = _greedy(cds, examiners, set(pairs))
    index = {e.id: j for j, e in enumerate(examiners)}
    kept_pairs: list[tuple[int, int]] = []
    forced: set[tuple[int, int]] = set()
    for i, cd in enumerate(cds):
        team = (previous or {}).get((cd.commission, cd.day), ())
        if not team:
            continue
        for j in range(len(examiners)):
            if (i, j) in hints:
                hints[(i, j)] = examiners[j].id in team
        for ident in team:
            pair = (i, index.get(ident, -1))
            if pair not in hints:
                continue  # no longer eligible (unavailable): replaced
            kept_pairs.append(pair)
            if keep and (cd.commission, cd.day) in keep:
                forced.add(pair)
    complete = _staffs_every_seat(cds, examiners, hints, forced)
    if not options.seconds_left():
        if complete:
            return _as_staffing(cds, examiners, hints, proven=True)
        # The quick staffing may break a rule where it leaves a seat: nothing
        # is named, and nothing is proven missing.
        return Staffing({}, {(cd.commission, cd.day): cd.size for cd in cds}, status="inconnu")
    m = cp_model.CpModel()
    y: dict[tuple[int, int], cp_model.IntVar] = {
        (i, j): m.new_bool_var(f"y_{examiners[j].id}_{cds[i].commission}_{cds[i].day:%m%d}") for i, j in pairs
    }
    # Seats of each commission-day: indexed once, the model is built in linear time.
    seats_of: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (i, j), v in y.items():
        seats_of[i].append((j, v))
    missing = []
    fallback = []
    for i, cd in enumerate(cds):
        seats = [v for _, v in seats_of[i]]
        lack = m.new_int_var(0, cd.size, f"missing_{i}")
        m.add(sum(seats) + lack == cd.size)
        missing.append(lack)
        if cd.mixed and cd.size >= 2:
            teachers = [v for j, v in seats_of[i] if examiners[j].quality == "enseignant"]
            pros = [v for j, v in seats_of[i] if examiners[j].quality == "professionnel"]
            # At least one teacher whenever the commission is staffed at all;
            # a professional where possible (else two teachers, reported).
            m.add(sum(teachers) + lack >= 1)
            no_pro = m.new_bool_var(f"fallback_{i}")
            m.add(sum(pros) + no_pro >= 1)
            fallback.append(no_pro)
    # One commission a day per examiner.
    by_examiner_day: dict[tuple[int, date], list[cp_model.IntVar]] = defaultdict(list)
    for (i, j), v in y.items():
        by_examiner_day[(j, cds[i].day)].append(v)
    for vs in by_examiner_day.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    # A candidate never meets the same examiner twice within a group of
    # épreuves the session keeps apart (E4 then E6).
    seen_in: dict[str, list[int]] = defaultdict(list)
    for i, cd in enumerate(cds):
        for c in cd.candidates:
            seen_in[c.number].append(i)
    for idx in seen_in.values():
        if len(idx) < 2:
            continue
        by_group: dict[str, list[int]] = defaultdict(list)
        for i in idx:
            group = cds[i].met_group
            if group:
                by_group[group].append(i)
        for group in sorted(by_group):
            if len({cds[i].family for i in by_group[group]}) < 2:
                continue
            meets: dict[int, list[cp_model.IntVar]] = defaultdict(list)
            for i in by_group[group]:
                for j, v in seats_of[i]:
                    meets[j].append(v)
            for j in sorted(meets):
                if len(meets[j]) > 1:
                    m.add_at_most_one(meets[j])
    dropped: list[cp_model.LinearExprT] = []
    for pair in kept_pairs:
        if pair in forced:
            m.add(y[pair] == 1)
        dropped.append(1 - y[pair])
    for (i, j), value in hints.items():
        m.add_hint(y[(i, j)], value)
    blocks, peak = _balance_terms(m, cds, examiners, y)
    # First the empty seats alone: their fewest number, proven when the search
    # ends optimal, is what « il manque un examinateur » may rest on; the
    # search for the rest of the objective must not be what runs out of time.
    m.minimize(sum(missing))
    if complete:
        # No seat left empty: the fewest possible, proven without a search.
        first: tuple[str, dict[tuple[int, int], bool], list[int]] | None = ("optimal", hints, [0] * len(cds))
    else:
        first = _Search(options, time_limit, clock).solve_with_values(m, y, missing)
    if first is None:
        return Staffing({}, {(cd.commission, cd.day): cd.size for cd in cds}, status="irréalisable")
    seats_status, chosen, lack_of = first
    m.add(sum(missing) <= sum(lack_of))
    m.clear_hints()
    for pair, value in chosen.items():
        m.add_hint(y[pair], value)
    m.minimize(
        WEIGHT_MISSING * sum(missing)
        + WEIGHT_CHANGE * cp_model.LinearExpr.sum(dropped)
        + WEIGHT_FALLBACK * sum(fallback)
        + WEIGHT_BLOCKS * blocks
        + WEIGHT_PEAK * peak
    )
    final_status = "réalisable"
    if (result := _Search(options, time_limit, clock).solve_with_values(m, y, missing)) is not None:
        final_status, chosen, lack_of = result
    return _as_staffing(cds, examiners, chosen, proven=seats_status == "optimal", status=final_status)


def _as_staffing(
    cds: list[StaffingNeed],
    examiners: list[Examiner],
    chosen: dict[tuple[int, int], bool],
    *,
    proven: bool,
    status: str = "réalisable",
) -> Staffing:
    """The teams of ``chosen``, what they leave empty, and the mixed
    commissions left with two teachers."""
    teams: dict[int, list[str]] = defaultdict(list)
    for (i, j), value in chosen.items():
        if value:
            teams[i].append(examiners[j].id)
    members = {(cd.commission, cd.day): tuple(sorted(teams.get(i, []))) for i, cd in enumerate(cds)}
    lacking = {
        (cd.commission, cd.day): cd.size - len(members[(cd.commission, cd.day)])
        for cd in cds
        if len(members[(cd.commission, cd.day)]) < cd.size
    }
    # Read from the examiners chosen, not from the solver's flag, which is
    # only bounded from below before the search is proven optimal.
    quality = {e.id: e.quality for e in examiners}
    falls = [
        (cd.commission, cd.day)
        for cd in cds
        if cd.mixed
        and cd.size >= 2
        and len(members[(cd.commission, cd.day)]) == cd.size
        and all(quality[i] == "enseignant" for i in members[(cd.commission, cd.day)])
    ]
    return Staffing(members, lacking, falls, status, seats_proven=proven)


def _staffs_every_seat(
    cds: list[StaffingNeed],
    examiners: list[Examiner],
    chosen: dict[tuple[int, int], bool],
    forced: set[tuple[int, int]],
) -> bool:
    """Whether ``chosen`` (eligible pairs only) fills every seat within every
    rule of the model: full teams, a teacher in each mixed commission, one
    commission a day per examiner, nobody met twice at E4 and E6, the kept
    teams kept."""
    if any(not chosen.get(pair, False) for pair in forced):
        return False
    teams: dict[int, list[int]] = defaultdict(list)
    for (i, j), value in chosen.items():
        if value:
            teams[i].append(j)
    busy: set[tuple[int, date]] = set()
    meets: set[tuple[str, str, int]] = set()
    for i, cd in enumerate(cds):
        team = teams.get(i, [])
        if len(team) != cd.size:
            return False
        if cd.mixed and cd.size >= 2 and all(examiners[j].quality != "enseignant" for j in team):
            return False
        for j in team:
            if (j, cd.day) in busy:
                return False
            busy.add((j, cd.day))
            if cd.met_group:
                for c in cd.candidates:
                    if (c.number, cd.met_group, j) in meets:
                        return False
                    meets.add((c.number, cd.met_group, j))
    return True


def _greedy(
    cds: list[StaffingNeed], examiners: list[Examiner], pairs: set[tuple[int, int]]
) -> dict[tuple[int, int], bool]:
    """A quick staffing to start the search from: each commission-day in turn
    takes the eligible examiners free that day who have worked least, a
    professional and a teacher first for mixed commissions, never one who
    already examined one of its candidates in its group of épreuves (E4+E6)."""
    busy: set[tuple[int, date]] = set()
    load = [0] * len(examiners)
    met: dict[tuple[str, str], set[int]] = defaultdict(set)
    chosen: dict[tuple[int, int], bool] = {pair: False for pair in pairs}
    for i, cd in enumerate(cds):
        numbers = [c.number for c in cd.candidates]
        seen = set().union(*(met[(n, cd.met_group)] for n in numbers)) if cd.met_group else set()
        free = [
            j for j in range(len(examiners)) if (i, j) in pairs and (j, cd.day) not in busy and j not in seen
        ]
        free.sort(key=lambda j: (load[j], examiners[j].id))
        team: list[int] = []
        if cd.mixed and cd.size >= 2:
            for quality in ("enseignant", "professionnel"):
                pick = next((j for j in free if examiners[j].quality == quality and j not in team), None)
                if pick is not None:
                    team.append(pick)
        for j in free:
            if len(team) >= cd.size:
                break
            if j not in team:
                team.append(j)
        for j in team[: cd.size]:
            chosen[(i, j)] = True
            busy.add((j, cd.day))
            load[j] += 1
            if cd.met_group:
                for n in numbers:
                    met[(n, cd.met_group)].add(j)
    return chosen


def _balance_terms(
    m: cp_model.CpModel,
    cds: list[StaffingNeed],
    examiners: list[Examiner],
    y: dict[tuple[int, int], cp_model.IntVar],
) -> tuple[cp_model.LinearExpr, cp_model.IntVar]:
    """Runs of consecutive working days per examiner (fewer is better: an
    examiner's days together), and the most days any examiner works."""
    days = sorted({cd.day for cd in cds})
    on_day: dict[tuple[int, date], list[cp_model.IntVar]] = defaultdict(list)
    for (i, j), v in y.items():
        on_day[(j, cds[i].day)].append(v)
    works: dict[tuple[int, date], cp_model.IntVar] = {}
    for j in range(len(examiners)):
        for d in days:
            vs = on_day.get((j, d))
            if vs:
                w = m.new_bool_var(f"works_{j}_{d:%m%d}")
                m.add(sum(vs) == w)
                works[(j, d)] = w
    starts = []
    peak = m.new_int_var(0, len(days), "peak_days")
    for j in range(len(examiners)):
        mine = [(d, works[(j, d)]) for d in days if (j, d) in works]
        if not mine:
            continue
        m.add(sum(w for _, w in mine) <= peak)
        previous: cp_model.IntVar | None = None
        previous_day: date | None = None
        for d, w in mine:
            start = m.new_bool_var(f"start_{j}_{d:%m%d}")
            consecutive = previous is not None and previous_day is not None and (d - previous_day).days <= 3
            if consecutive and previous is not None:
                m.add(start >= w - previous)
            else:
                m.add(start >= w)
            starts.append(start)
            previous, previous_day = w, d
    return cp_model.LinearExpr.sum(starts), peak


def with_examiners(plan: Plan, staffing: Staffing) -> Plan:
    """The plan with the examiners of each oral's commission-day filled in."""
    orals = [
        replace(o, examiners=staffing.members.get((o.commission, o.day), ()))
        if o.is_placed and o.commission is not None and o.day is not None
        else o
        for o in plan.orals
    ]
    notes = list(plan.notes) + [
        f"Commission {commission} du {day.isoformat()} : pas de professionnel disponible, deux enseignants"
        for commission, day in staffing.fallbacks
    ]
    return Plan(plan.session, orals, plan.solver, list(plan.diagnostics), notes)
