"""Re-runs: the published plan repaired after events, with the fewest changes.

The amended inputs (:mod:`scheduler.rerun.amend`) may leave the published plan
short: a late candidate to place, fewer commissions or rooms on a day than
it uses.  Blocks of épreuves where nothing is short keep every published
place and time.  The others are solved again by the stage-1 model with, in
lexicographic order:

1. unplaced orals, then the change count — per candidate, the heaviest of
   their changes: a new day or site weighs :data:`~scheduler.changes.DATE_WEIGHT`,
   a new time :data:`~scheduler.changes.TIME_WEIGHT`, both more within
   :data:`~scheduler.changes.URGENCY_DAYS` of today;
2. commission-days;
3. the candidates' comfort.

Orals already under way (and today's, unless an event touches them) are
fixed; nothing new starts before ``now``.  The published plan is the hint.
Commission ids then follow the published ones (each passage keeps its
commission where it can, a closed commission-day is never reused), rooms
and E5 subjects too.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

from ortools.sat.python import cp_model

from scheduler.domain.commission import CommissionId, pool_of
from scheduler.domain.plan import Oral, Plan, SolverInfo
from scheduler.rerun.amend import Amended
from scheduler.rerun.changes import DATE_WEIGHT, ROOM_WEIGHT, TIME_WEIGHT, URGENCY_DAYS, urgency
from scheduler.solver.assemble import balance_subjects, make_orals
from scheduler.solver.bounds import pool_lower_bounds
from scheduler.solver.commissions import Timed, greedy_partition
from scheduler.solver.diagnose import explain_unplaced
from scheduler.solver.examiner_caps import ExaminerCaps, examiner_caps
from scheduler.solver.options import SolveOptions
from scheduler.solver.pipeline import blocks
from scheduler.solver.solution import Placement, TimeSolution, depths
from scheduler.solver.tasks import Task, build_tasks, placeable
from scheduler.solver.time_model import COMFORT, Reserved, Stage, build_model, comfort, run_stages
from scheduler.text import moment, numeric_date

Key = tuple[str, str]
Slot = tuple[str, str, date]  # (pool, site, day)

#: Room of a commission left without one (see :func:`_rooms`).
NO_ROOM = "sans salle"
#: Shares of the time limit: changes, commission-days, comfort.
SHARES = (0.6, 0.2, 0.2)


def repair_plan(
    amended: Amended,
    parent: Plan,
    options: SolveOptions | None = None,
    *,
    limits: dict[Slot, int] | None = None,
) -> Plan:
    """The plan of the amended inputs closest to ``parent`` (see the module doc).

    ``limits`` caps the commissions of a (pool, site, day) further, e.g.
    where the examiner list could not staff one of them."""
    options = options or SolveOptions()
    clock = time.monotonic()
    session, candidates = amended.session, amended.candidates
    tasks = build_tasks(session, candidates)
    solvable = placeable(session, tasks)
    published = {(o.candidate, o.epreuve): o for o in parent.orals if o.is_placed}
    old: dict[Key, Placement] = {}
    for t in tasks:
        o = published.get(t.key)
        if o is not None and o.day is not None and o.site is not None and o.start is not None:
            old[t.key] = Placement(o.day, o.site, o.start)
    caps = None
    if amended.examiners:
        pools = list({t.pool.key: t.pool for t in solvable}.values())
        days = sorted({d for t in solvable for d in t.days})
        caps = examiner_caps(session, amended.examiners, pools, days)
    merged = _closed_limits(amended, parent, tasks)
    for slot, n in (limits or {}).items():
        merged[slot] = min(merged.get(slot, n), n)
    limits = merged
    placements: dict[Key, Placement] = {}
    records: list[dict[str, str | int | float | None]] = []
    proven = True
    groups = blocks(session, solvable)
    short = [b for b in groups if _is_short(amended, b, old, published, caps, limits)]
    size = max(1, sum(len(b) for b in short))
    for block in groups:
        if not any(block is b for b in short):
            placements.update({t.key: old[t.key] for t in block})
            continue
        left = options.time_limit * 0.9 - (time.monotonic() - clock)
        share = max(0.5, left * len(block) / size)
        # Only the passages an event touched (and new ones) move, if that
        # places everyone; else anyone may, untouched ones at a far higher price.
        sol = _repair_block(
            amended, block, old, published, caps, limits, options, share * 0.4, touched_only=True
        )
        if sol.unplaced:
            left = options.time_limit * 0.9 - (time.monotonic() - clock)
            share = max(0.5, left * len(block) / size)
            sol = _repair_block(
                amended, block, old, published, caps, limits, options, share, touched_only=False
            )
        size -= len(block)
        placements.update(sol.placements)
        records.extend(sol.stages)
        proven = proven and sol.status == "optimal"
    commission_of = _relabel(amended, tasks, placements, published)
    rooms = _rooms(amended, placements, tasks, commission_of, published)
    subjects = _subjects(amended, tasks, placements, published)
    orals = make_orals(session, candidates, tasks, placements, commission_of, rooms, subjects)
    unplaced = [t for t in tasks if t.key not in placements]
    used = len({(o.commission, o.day) for o in orals if o.is_placed})
    info = SolverInfo(
        status="incomplet" if unplaced else ("optimal" if proven else "réalisable"),
        objective=float(used),
        wall_time=round(time.monotonic() - clock, 3),
        parameters=options.as_dict(),
        stages=records,
    )
    late = [t for t in unplaced if not _time_left(amended, t)]
    diagnostics = [
        f"{t.code} : candidat {t.candidate.number} ({t.candidate.surname} {t.candidate.given_name}) — "
        f"plus aucune date possible après le {moment(amended.now)} (dernier jour de l'épreuve : "
        f"{numeric_date(max(t.days))})"
        for t in late
    ]
    rest = [t for t in unplaced if t not in late]
    bounds = (
        pool_lower_bounds(session, [t for t in tasks if t.pool.key in {u.pool.key for u in rest}])
        if rest
        else {}
    )
    diagnostics += explain_unplaced(session, tasks, rest, bounds, caps)
    return Plan(session.code, orals, info, diagnostics)


def _time_left(amended: Amended, task: Task) -> bool:
    """Whether the task could still start after ``now`` in its window."""
    today = amended.today
    if any(d > today for d in task.days):
        return True
    if today not in task.days:
        return False
    latest = amended.session.hours.end - task.duration
    return latest - task.preparation - amended.session.welcome_minutes >= amended.minute


def _closed_limits(amended: Amended, parent: Plan, tasks: list[Task]) -> dict[Slot, int]:
    """Most commissions per (pool, site, day) where anonymous commissions are
    closed: those the published plan used that day, less the closed ones."""
    if not amended.session.closed_commissions:
        return {}
    task_pool = {(t.candidate.number, p.code): t.pool.key for t in tasks for p in t.parts}
    used: dict[Slot, set[str]] = defaultdict(set)
    for o in parent.orals:
        if o.is_placed and o.commission and o.site and o.day:
            pool = task_pool.get((o.candidate, o.epreuve), pool_of(o.commission))
            used[(pool, o.site, o.day)].add(o.commission)
    out: dict[Slot, int] = {}
    for slot, commissions in used.items():
        closed = sum(1 for c in commissions if (c, slot[2]) in amended.session.closed_commissions)
        if closed:
            out[slot] = len(commissions) - closed
    return out


def _reserved(amended: Amended, block: list[Task], published: dict[Key, Oral]) -> Reserved:
    """From now to the end of today, one commission less for each commission
    under way that lost its examiner or closed (see :attr:`Amended.split`)."""
    out: Reserved = defaultdict(list)
    hours = amended.session.hours
    commissions = {
        (o.commission, o.day): (t.pool.key, o.site)
        for t in block
        for p in t.parts
        if (o := published.get((t.candidate.number, p.code))) is not None and o.site is not None
    }
    for key in sorted(amended.split):
        found = commissions.get(key)
        if found is None:
            continue
        begin = max(amended.minute, hours.start)
        end = hours.end
        if end > begin:
            out[found].append((key[1], begin, end))
    return dict(out)


def _is_short(
    amended: Amended,
    block: list[Task],
    old: dict[Key, Placement],
    published: dict[Key, Oral],
    caps: ExaminerCaps | None,
    limits: dict[Slot, int],
) -> bool:
    """Whether the published places of ``block`` no longer hold: a task
    without one, or more commissions on a day than rooms, examiners or
    open commissions allow."""
    if any(t.key not in old for t in block):
        return True
    # A commission that stops during the day: its remaining passages must go.
    if amended.split and any(
        t.key in amended.disrupted and (published[t.key].commission, published[t.key].day) in amended.split
        for t in block
    ):
        return True
    session, today = amended.session, amended.today
    need = depths(block, old)
    for slot, n in need.items():
        if slot[2] >= today and n > limits.get(slot, n):
            return True
    by_site: Counter[tuple[str, date]] = Counter()
    by_day: dict[date, Counter[str]] = defaultdict(Counter)
    for (pool, site, day), n in need.items():
        by_site[(site, day)] += n
        by_day[day][pool] += n
    if any(n > len(session.rooms(site, day)) for (site, day), n in by_site.items() if day >= today):
        return True
    if caps is None:
        return False
    return any(day >= today and not caps.allows(day, pools) for day, pools in by_day.items())


def _repair_block(
    amended: Amended,
    block: list[Task],
    old: dict[Key, Placement],
    published: dict[Key, Oral],
    caps: ExaminerCaps | None,
    limits: dict[Slot, int],
    options: SolveOptions,
    time_limit: float,
    *,
    touched_only: bool,
) -> TimeSolution:
    """Solve one block again; with ``touched_only`` every passage no event
    touched keeps its published place and time."""
    session, today = amended.session, amended.today
    mdl = build_model(session, block, caps, reserved=_reserved(amended, block, published), caps_from=today)
    # What only a re-run asks: the commissions a slot may still open, the
    # past fixed, nothing new before now.
    m = mdl.model
    for slot, n in limits.items():
        k = mdl.capacity.get(slot)
        if k is not None:
            m.add(k <= n)
    touched = set(amended.disrupted)
    fixed = set(amended.frozen)
    if touched_only:
        fixed |= {t.key for t in block if t.key not in touched}
    # An untouched candidate moves only when nobody could be placed otherwise.
    untouched_factor = 1 + (DATE_WEIGHT + URGENCY_DAYS + ROOM_WEIGHT) * len(
        {k[0] for k in touched} | {t.candidate.number for t in block if t.key not in old}
    )
    now = mdl.offset(today) + amended.minute
    costs: dict[str, list[cp_model.LinearExprT]] = defaultdict(list)
    heaviest = 0
    for tv in mdl.vars:
        task, p = tv.task, old.get(tv.task.key)
        if p is not None and task.key in fixed:
            m.add(tv.placed == 1)
            m.add(tv.start == mdl.offset(p.day) + p.start)
            m.add(tv.site[p.site] == 1)
            continue
        # Nothing new is convoked before now.
        earliest = now + session.welcome_minutes + task.preparation
        m.add(tv.start >= earliest).only_enforce_if(tv.placed)
        if p is None:
            continue
        factor = 1 if task.key in touched else untouched_factor
        w_time = (TIME_WEIGHT + urgency(p.day, today)) * factor
        w_date = (DATE_WEIGHT + urgency(p.day, today)) * factor
        heaviest = max(heaviest, w_date)
        kept = m.new_bool_var(f"kept_{task.key}")
        same_day = m.new_bool_var(f"same_day_{task.key}")
        m.add_implication(kept, same_day)
        m.add(tv.start == mdl.offset(p.day) + p.start).only_enforce_if(kept)
        if p.day in tv.day and p.site in tv.site:
            m.add_bool_and([tv.day[p.day], tv.site[p.site]]).only_enforce_if(same_day)
        else:
            m.add(same_day == 0)
        cost = w_time * (1 - kept) + (w_date - w_time) * (1 - same_day)
        if task.key in touched:
            # Staying put, a touched passage still changes commission or room.
            cost += ROOM_WEIGHT * kept
        costs[task.candidate.number].append(cost)
    per_candidate: list[cp_model.LinearExprT] = []
    for number, terms in costs.items():
        if len(terms) == 1:
            per_candidate.append(terms[0])
            continue
        worst = m.new_int_var(0, heaviest, f"moved_{number}")
        for term in terms:
            m.add(worst >= term)
        per_candidate.append(worst)
    big = heaviest * len(per_candidate) + 1
    changes = big * mdl.term_unplaced() + cp_model.LinearExpr.sum(per_candidate)
    stages = [
        Stage("changements", changes, SHARES[0], 0),
        Stage("journées-commission", mdl.term_commission_days(), SHARES[1]),
        Stage(COMFORT, comfort(mdl), SHARES[2], 0),
    ]
    hint_places = {t.key: old[t.key] for t in block if t.key in old}
    hint = TimeSolution(hint_places, depths(block, hint_places), [])
    label = "+".join(sorted({t.code for t in block}))
    return run_stages(
        mdl,
        stages,
        options,
        label=label,
        time_limit=time_limit,
        hint=hint,
        clock=time.monotonic(),
        swaps=False,
    )


def _relabel(
    amended: Amended, tasks: list[Task], placements: dict[Key, Placement], published: dict[Key, Oral]
) -> dict[Key, str]:
    """Commission id of each placed task: passages under way and frozen keep
    theirs; the others keep theirs where they still sit at that day and site
    and the commission still works, then take a free one; a new commission
    gets a fresh number.  Never more commissions per (pool, site, day) than
    passages at once, but for commissions stopped during the day."""
    gone = amended.session.closed_commissions | amended.split
    groups: dict[Slot, list[Timed]] = defaultdict(list)
    for t in tasks:
        p = placements.get(t.key)
        if p is not None:
            groups[(t.pool.key, p.site, p.day)].append(Timed(t, p.start))
    # Labels each pool had on each (site, day), and every number it used.
    had: dict[Slot, set[str]] = defaultdict(set)
    top: Counter[str] = Counter()
    task_pools = {t.key: t.pool for t in tasks}
    for o in published.values():
        if o.commission and o.site and o.day:
            ident = CommissionId.parse(o.commission)
            had[(ident.pool, o.site, o.day)].add(o.commission)
            top[ident.pool] = max(top[ident.pool], ident.number)
    fresh: dict[tuple[str, str], list[str]] = defaultdict(list)
    out: dict[Key, str] = {}
    for slot in sorted(groups):
        items = sorted(groups[slot], key=lambda it: (it.start, it.task.key))
        pool, site, day = slot
        allowed = sorted(c for c in had.get(slot, set()) if (c, day) not in gone)
        k = depths([it.task for it in items], {it.task.key: placements[it.task.key] for it in items})[slot]

        def fixed(it: Timed) -> str | None:
            o = published.get(it.task.key)
            return o.commission if it.task.key in amended.frozen and o is not None else None

        def wish(it: Timed, day: date = day, site: str = site, allowed: list[str] = allowed) -> str | None:
            o = published.get(it.task.key)
            if o is not None and o.day == day and o.site == site and o.commission in allowed:
                return o.commission
            return None

        labels = _keep_labels(items, fixed, wish, allowed)
        if len(set(labels)) > k and not any(fixed(it) for it in items):
            # Keeping labels would need more commissions than passages at
            # once: partition afresh, then name each class after its majority.
            classes = greedy_partition(items, k)
            votes: Counter[tuple[int, str]] = Counter(
                (c, w) for it, c in zip(items, classes, strict=True) if (w := wish(it)) is not None
            )
            names: dict[int, str] = {}
            for (c, w), _ in votes.most_common():
                if c not in names and w not in names.values():
                    names[c] = w
            spare = [c for c in allowed if c not in names.values()]
            for c in sorted(set(classes)):
                if c not in names:
                    names[c] = spare.pop(0) if spare else f"+{c + 1}"
            labels = [names[c] for c in classes]
        # Fresh numbers where the published ones ran out (a commission more).
        placeholders = sorted({lab for lab in labels if lab.startswith("+")})
        if placeholders:
            pool_obj = task_pools[items[0].task.key]
            for tag in placeholders:
                taken = set(labels)
                name = next((f for f in fresh[(pool, site)] if f not in taken), None)
                if name is None:
                    top[pool] += 1
                    name = pool_obj.commission_id(top[pool])
                    fresh[(pool, site)].append(name)
                labels = [name if lab == tag else lab for lab in labels]
        for it, lab in zip(items, labels, strict=True):
            out[it.task.key] = lab
    return out


def _keep_labels(
    items: list[Timed],
    fixed: Callable[[Timed], str | None],
    wish: Callable[[Timed], str | None],
    allowed: list[str],
) -> list[str]:
    """Labels: the fixed ones, then every wish that fits, then a free label
    among those working or still allowed, then placeholders ``"+1"``,
    ``"+2"``… for new commissions."""
    labels: list[str] = [""] * len(items)
    order = sorted(
        range(len(items)), key=lambda i: (fixed(items[i]) is None, wish(items[i]) is None, items[i].start)
    )
    intervals: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def free(label: str, it: Timed) -> bool:
        return all(it.end <= s or e <= it.start for s, e in intervals[label])

    extra = 0
    for i in order:
        it = items[i]
        choice = fixed(it)
        if choice is None:
            w = wish(it)
            choice = w if w is not None and free(w, it) else None
        if choice is None:
            working = [lab for lab in intervals if lab in allowed or lab.startswith("+")]
            choice = next((lab for lab in working + allowed if free(lab, it)), None)
        if choice is None:
            extra += 1
            choice = f"+{extra}"
        labels[i] = choice
        intervals[choice].append((it.start, it.end))
    return labels


def _rooms(
    amended: Amended,
    placements: dict[Key, Placement],
    tasks: list[Task],
    commission_of: dict[Key, str],
    published: dict[Key, Oral],
) -> dict[tuple[str, date, str], str]:
    """Each commission keeps its published room that day when still open;
    the others take the first free open rooms."""
    session = amended.session
    before: dict[tuple[str, date, str], str] = {}
    for o in published.values():
        if o.site and o.day and o.commission and o.room:
            before[(o.site, o.day, o.commission)] = o.room
    present: dict[tuple[str, date], set[str]] = defaultdict(set)
    for t in tasks:
        p = placements.get(t.key)
        if p is not None:
            present[(p.site, p.day)].add(commission_of[t.key])
    out: dict[tuple[str, date, str], str] = {}
    for (site, day), commissions in sorted(present.items()):
        open_rooms = session.rooms(site, day)
        taken: set[str] = set()
        waiting = []
        for c in sorted(commissions):
            room = before.get((site, day, c))
            if room in open_rooms and room not in taken:
                out[(site, day, c)] = room
                taken.add(room)
            else:
                waiting.append(c)
        spare = [r for r in open_rooms if r not in taken]
        for c in waiting:
            # More commissions than open rooms is a bug the validator names
            # (a room unknown to the site), never a crash here.
            out[(site, day, c)] = spare.pop(0) if spare else NO_ROOM
    return out


def _subjects(
    amended: Amended, tasks: list[Task], placements: dict[Key, Placement], published: dict[Key, Oral]
) -> dict[Key, str]:
    """E5 subjects: kept where the passage keeps its day and site; a moved or
    new passage takes the subject least given that day at that site; then,
    if a day and site still lean to one subject (withdrawals), the latest
    passages not yet started change subject until the counts differ by one."""
    session = amended.session
    out: dict[Key, str] = {}
    count: dict[tuple[str, date], Counter[str]] = defaultdict(Counter)
    later: list[tuple[int, Task, Placement]] = []
    for t in tasks:
        subjects = session.epreuves[t.code].subjects
        p = placements.get(t.key)
        if not subjects or p is None:
            continue
        o = published.get(t.key)
        if o is not None and o.subject in subjects and o.day == p.day and o.site == p.site:
            out[t.key] = o.subject
            count[(p.site, p.day)][o.subject] += 1
        else:
            later.append((p.start, t, p))
    for _, t, p in sorted(later, key=lambda x: (x[0], x[1].key)):
        subjects = session.epreuves[t.code].subjects
        choice = min(subjects, key=lambda s: (count[(p.site, p.day)][s], subjects.index(s)))
        out[t.key] = choice
        count[(p.site, p.day)][choice] += 1
    # Withdrawals and absences leave kept subjects unbalanced: even them out.
    groups: dict[tuple[str, date], list[tuple[int, Key]]] = defaultdict(list)
    for t in tasks:
        if t.key in out:
            where = placements[t.key]
            groups[(where.site, where.day)].append((where.start, t.key))
    options = {t.key: session.epreuves[t.code].subjects for t in tasks if t.key in out}
    return balance_subjects(out, groups, options, set(amended.past))
