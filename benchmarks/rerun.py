"""Benchmark of re-planning after events (``oraux replanifier``): ``python -m benchmarks.rerun``.

Publishes a plan of the bundled session ``toulouse-2021`` (examiners named,
and once more with anonymous commissions for scenario D), then re-plans it
with :func:`~scheduler.replanning.replan_and_publish` as of the evening
before the E4 week, under four scenarios (see :func:`scenarios`), each from
its own copy of the published plan.  For each it measures the wall time, the
changes and the solver's stage records, checks the new plan again, and
computes *without the solver* the fewest candidates that must move
(:func:`fewest_moves`), to compare with the moves made.

Writes ``benchmarks/results/<date>-replanification-toulouse-2021.json`` and
regenerates ``BENCHMARKS.md``.  ``--rapide`` is a smoke run: short time
limits, results in a temporary folder, ``BENCHMARKS.md`` untouched.
``--garder DOSSIER`` keeps the working folder (published plans, events
files, each scenario's new plan and ``changements.xlsx``) for inspection.

Exit code 0, or 3 when a scenario fails or a new plan is rejected.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as « python benchmarks/rerun.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR, INSTANCE_NAMES, ROOT  # noqa: E402
from benchmarks.report import latest_results, render  # noqa: E402
from benchmarks.run import REPORT, RESULTS_DIR, SEED, WORKERS, _load, machine_info  # noqa: E402
from scheduler.domain.commission import family_of  # noqa: E402
from scheduler.domain.plan import Oral, Plan  # noqa: E402
from scheduler.domain.session import Examiner, Session  # noqa: E402
from scheduler.errors import InputError  # noqa: E402
from scheduler.io.inputs import load_inputs  # noqa: E402
from scheduler.publish import replanning  # noqa: E402
from scheduler.publish.planning import STAFFING_SHARE, InvalidPlan, PlanningFailed, plan_and_publish  # noqa: E402
from scheduler.publish.replanning import ReplanResult, replan_and_publish  # noqa: E402
from scheduler.rerun.changes import DATE_WEIGHT, ROOM_WEIGHT, TIME_WEIGHT, URGENCY_DAYS, PlanChanges  # noqa: E402
from scheduler.solver.options import SolveOptions  # noqa: E402
from scheduler.validate.examiners import validate_examiners  # noqa: E402
from scheduler.validate.hard_rules import validate  # noqa: E402
from scheduler.validate.rerun import validate_rerun  # noqa: E402

SESSION = "toulouse-2021"
NAME = f"replanification-{SESSION}"
#: The evening before the E4 week.
NOW = datetime(2021, 6, 4, 18, 0)
#: The E4 day of scenarios B, C and D.
DAY = date(2021, 6, 8)
FAMILY = "E4"
#: Scenario D: an anonymous commission closed on DAY.
CLOSED = "E4-C01"
EXAMPLE = DATA_DIR / "evenements-exemple.csv"
PUBLISH_LIMIT = 60.0
REPLAN_LIMIT = 10.0
QUICK_PUBLISH_LIMIT = 15.0
QUICK_REPLAN_LIMIT = 4.0
#: Target of the issue: the re-run of one day's events, on 2 cores.
TARGET_S = 10.0
EXIT_FAILED = 3
EVENT_COLUMNS = ("type", "cible", "epreuve", "du", "au", "commentaire")

Row = dict[str, str]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------
# Events files and examiner lists
# --------------------------------------------------------------------------


def read_rows(path: Path) -> list[Row]:
    """The rows of a ``;``-separated CSV file (events or examiners)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [dict(r) for r in csv.DictReader(f, delimiter=";")]


def write_rows(path: Path, columns: Iterable[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), delimiter=";", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _french_day(text: str) -> date:
    day, month, year = (int(x) for x in text.strip().split("/"))
    return date(year, month, day)


def event_days(row: Row, today: date) -> list[date]:
    """Calendar days of a dated event from ``today`` on."""
    first, last = _french_day(row["du"]), _french_day(row["au"] or row["du"])
    first = max(first, today)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def gone_orals(rows: list[Row]) -> dict[str, set[str] | None]:
    """Orals the events take away, per candidate (``None``: all of them).

    Withdrawals and absences without an épreuve take every oral (all the
    orals concerned here are still to come); a non-conforming dossier takes
    its épreuve (E6 with the engagement unit)."""
    out: dict[str, set[str] | None] = {}
    for row in rows:
        kind, who, code = row["type"], row["cible"], (row.get("epreuve") or "").strip()
        if kind in ("candidat_desiste", "candidat_absent"):
            if not code:
                out[who] = None
                continue
            codes = {code}
        elif kind == "dossier_non_conforme":
            codes = {code, "ENG"} if code == "E6" else {code}
        else:
            continue
        before = out.get(who, set())
        if before is not None:
            out[who] = before | codes
    return out


def _sits(o: Oral, gone: dict[str, set[str] | None]) -> bool:
    if o.candidate not in gone:
        return True
    codes = gone[o.candidate]
    return codes is not None and o.epreuve not in codes


def _commission_rank(commission: str) -> tuple[str, int]:
    pool, _, number = commission.rpartition("-C")
    return pool, int(number) if number.isdigit() else 0


def first_examiner(plan: Plan, day: date, family: str) -> tuple[str, str]:
    """The first examiner of the first commission of ``family`` on ``day``
    (commissions in number order): ``(examiner, commission)``."""
    teams: dict[str, tuple[str, ...]] = {}
    for o in plan.placed():
        if o.day == day and o.commission and o.commission.startswith(f"{family}-") and o.examiners:
            teams.setdefault(o.commission, o.examiners)
    if not teams:
        raise RuntimeError(
            f"aucune commission {family} avec examinateurs le {day:%d/%m/%Y} dans le plan publié"
        )
    commission = min(teams, key=_commission_rank)
    return teams[commission][0], commission


def without_stand_in(
    source: Path,
    target: Path,
    session: Session,
    examiners: list[Examiner],
    plan: Plan,
    day: date,
    family: str,
) -> dict[str, Any]:
    """Write a copy of the examiner list where every examiner qualified for
    ``family`` who sits on no commission on ``day`` in ``plan`` cannot come
    that day (their ``disponibilites`` cell lists every other day of their
    épreuves); the one whose only day it was is left out of the list."""
    sitting = {e for o in plan.placed() if o.day == day for e in o.examiners}
    by_id = {e.id: e for e in examiners}
    rows = read_rows(source)
    columns = list(rows[0].keys()) if rows else []
    kept: list[Row] = []
    changed: list[str] = []
    dropped: list[str] = []
    for row in rows:
        e = by_id.get(row["id"].strip())
        if e is None or family not in e.epreuves or e.id in sitting or not e.can_come(day):
            kept.append(row)
            continue
        if e.available is None:
            windows = [x for x in session.epreuves.values() if x.family in e.epreuves and not x.follows]
            days = {d for x in windows for d in session.working_days(x)}
        else:
            days = set(e.available)
        days.discard(day)
        if not days:
            dropped.append(e.id)
            continue
        row = dict(row)
        row["disponibilites"] = " ".join(d.isoformat() for d in sorted(days))
        kept.append(row)
        changed.append(e.id)
    write_rows(target, columns, kept)
    return {"made_unavailable": changed, "removed": dropped, "sitting_that_day": len(sitting)}


# --------------------------------------------------------------------------
# The fewest candidates that must move, without the solver
# --------------------------------------------------------------------------


def _depth(intervals: list[tuple[int, int]]) -> int:
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    running = best = 0
    for _, delta in events:  # an end (-1) sorts before a start at the same minute
        running += delta
        best = max(best, running)
    return best


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _most_staying_by_depth(
    touched: list[tuple[int, int]], others: list[tuple[int, int]], cap: int
) -> set[int]:
    """Indices of the largest set of touched passages that can keep their
    time: the most passages at once (untouched ones included) stays within
    ``cap``.  Exact (every subset, largest first) up to 16 passages, else
    greedy by start time."""
    n = len(touched)
    if n <= 16:
        for size in range(n, -1, -1):
            for mask in range(1 << n):
                if bin(mask).count("1") != size:
                    continue
                chosen = [touched[i] for i in range(n) if mask >> i & 1]
                if _depth(others + chosen) <= cap:
                    return {i for i in range(n) if mask >> i & 1}
        return set()
    kept: set[int] = set()
    for i in sorted(range(n), key=lambda i: touched[i]):
        if _depth(others + [touched[j] for j in kept] + [touched[i]]) <= cap:
            kept.add(i)
    return kept


def _free_commissions(
    touched: list[tuple[int, int]], busy: dict[str, list[tuple[int, int]]]
) -> dict[int, str | None]:
    """Greedy, by start time: each touched passage into the first commission
    (number order) with no passage overlapping it, touched ones placed before
    included; ``None`` when none is free."""
    taken = {c: list(spans) for c, spans in busy.items()}
    out: dict[int, str | None] = {}
    for i in sorted(range(len(touched)), key=lambda i: touched[i]):
        span = touched[i]
        choice = next(
            (c for c in sorted(taken, key=_commission_rank) if not any(_overlaps(span, s) for s in taken[c])),
            None,
        )
        out[i] = choice
        if choice is not None:
            taken[choice].append(span)
    return out


def fewest_moves(
    session: Session,
    parent: Plan,
    rows: list[Row],
    examiners: list[Examiner],
    *,
    staffed: bool,
    now: datetime,
) -> dict[str, Any]:
    """For the commission-days an ``examinateur_indisponible`` event hits
    (the ill examiner's, or the closed anonymous commission's), the fewest
    touched passages that must leave their day and time, every untouched
    passage being fixed (the re-run's first phase), computed from the
    published plan and the events only.

    Per (pool, site, day): ``cap`` is the most commissions that can sit —
    open rooms, E4-qualified examiners who can come (the ill one excluded)
    divided by the commission size, published commissions less the closed
    ones; a touched passage keeps its time only if the passages running at
    once stay within ``cap`` (exact, over every subset of the touched
    passages; by interval colouring, that many commissions can then take
    them all, possibly re-dealing untouched passages between commissions at
    unchanged times).  The greedy « free commission » count keeps every
    untouched passage in its own commission: a plan that feasible, so its
    moves bound the minimum from above.
    """
    today = now.date()
    gone = gone_orals(rows)
    hits: list[tuple[str, list[date]]] = [
        (r["cible"], event_days(r, today)) for r in rows if r["type"] == "examinateur_indisponible"
    ]
    closed = {(target, d) for target, days in hits if "-C" in target for d in days}
    ill = {(target, d) for target, days in hits if "-C" not in target for d in days}
    placed = [o for o in parent.placed() if o.commission and o.day and o.site and o.start is not None]

    def is_touched(o: Oral) -> bool:
        return (o.commission, o.day) in closed or any((e, o.day) in ill for e in o.examiners)

    slots: dict[tuple[str, str, date], list[Oral]] = defaultdict(list)
    for o in placed:
        assert o.commission is not None and o.site is not None and o.day is not None
        slots[(o.commission.rpartition("-C")[0], o.site, o.day)].append(o)
    out_slots: list[dict[str, Any]] = []
    for (pool, site, day), orals in sorted(slots.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])):
        touched = sorted(
            (o for o in orals if is_touched(o) and _sits(o, gone)), key=lambda o: (o.start or 0, o.candidate)
        )
        if not touched:
            continue
        hit_commissions = sorted({o.commission for o in touched if o.commission}, key=_commission_rank)
        others = [o for o in orals if not is_touched(o) and _sits(o, gone)]
        published = sorted({o.commission for o in orals if o.commission}, key=_commission_rank)
        family = family_of(pool)
        caps: dict[str, int] = {"salles": len(session.rooms(site, day))}
        if staffed:
            absent = {e for e, d in ill if d == day}
            heads = [e for e in examiners if family in e.epreuves and e.can_come(day) and e.id not in absent]
            caps["examinateurs"] = len(heads) // session.epreuves[family].commission_size
            caps["examinateurs_presents"] = len(heads)
        shut = [c for c in published if (c, day) in closed]
        if shut:
            caps["commissions_ouvertes"] = len(published) - len(shut)
        cap = min(v for k, v in caps.items() if k != "examinateurs_presents")
        spans = [(o.start or 0, o.end or 0) for o in touched]
        other_spans = [(o.start or 0, o.end or 0) for o in others]
        feasible = _depth(other_spans) <= cap
        stay_depth = _most_staying_by_depth(spans, other_spans, cap) if feasible else set()
        if cap >= len(published) and not shut:
            # A stand-in can sit: the commission itself carries on.
            label: dict[int, str | None] = {i: o.commission for i, o in enumerate(touched)}
            trivial = True
        else:
            busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for c in published:
                if c not in hit_commissions and (c, day) not in closed:
                    busy[c] = []
            for o in others:
                if o.commission in busy:
                    busy[o.commission].append((o.start or 0, o.end or 0))
            label = _free_commissions(spans, busy) if len(busy) <= cap else {}
            trivial = False
        staying_label = sum(1 for c in label.values() if c is not None)
        out_slots.append(
            {
                "pool": pool,
                "site": site,
                "day": day.isoformat(),
                "touched_commissions": hit_commissions,
                "published_commissions": len(published),
                "cap": cap,
                "caps": caps,
                "untouched_fixed_feasible": feasible,
                "untouched_peak": _depth(other_spans),
                "stand_in": trivial,
                "touched": [
                    {
                        "candidate": o.candidate,
                        "epreuve": o.epreuve,
                        "commission": o.commission,
                        "start": o.start,
                        "end": o.end,
                        "peak_others": _depth([s for s in other_spans if _overlaps(s, spans[i])]),
                        "can_stay": i in stay_depth,
                        "free_commission": label.get(i),
                    }
                    for i, o in enumerate(touched)
                ],
                "min_moves": len(touched) - len(stay_depth) if feasible else None,
                "greedy_moves": len(touched) - staying_label if label else None,
            }
        )
    total = sum(len(s["touched"]) for s in out_slots)
    mins = [s["min_moves"] for s in out_slots]
    greedy = [s["greedy_moves"] for s in out_slots]
    return {
        "slots": out_slots,
        "touched": total,
        "min_moves": sum(mins) if None not in mins else None,
        "greedy_moves": sum(greedy) if None not in greedy else None,
        "trivial": all(s["stand_in"] for s in out_slots),
    }


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------


@dataclass
class Scenario:
    key: str
    name: str
    description: str
    staffed: bool
    rows: list[Row]
    #: The events file as given (scenario A), else written in the scenario folder.
    events_file: Path | None = None
    examiner_file: Path | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _with_target(rows: list[Row], target: str, day: date, comment: str) -> list[Row]:
    out = []
    for row in rows:
        if row["type"] == "examinateur_indisponible":
            row = {
                **row,
                "cible": target,
                "du": f"{day:%d/%m/%Y}",
                "au": f"{day:%d/%m/%Y}",
                "commentaire": comment,
            }
        out.append(row)
    return out


def scenarios(
    session: Session, examiners: list[Examiner], staffed_plan: Plan, work: Path, data_dir: Path
) -> list[Scenario]:
    """The four scenarios (see the module doc and the report)."""
    example = read_rows(EXAMPLE)
    ill, commission = first_examiner(staffed_plan, DAY, FAMILY)
    b_rows = _with_target(
        example,
        ill,
        DAY,
        f"benchmark : 1er examinateur de {commission} le {DAY:%d/%m/%Y} dans le plan publié",
    )
    c_list = work / "examinateurs-sans-remplacant.csv"
    unavailable = without_stand_in(
        data_dir / "examinateurs.csv", c_list, session, examiners, staffed_plan, DAY, FAMILY
    )
    d_rows = _with_target(example, CLOSED, DAY, "benchmark : commission anonyme fermée")
    first = next(r for r in example if r["type"] == "examinateur_indisponible")
    sits = sorted(
        {o.commission or "" for o in staffed_plan.placed() if first["cible"] in o.examiners and o.day == DAY}
    )
    return [
        Scenario(
            "A",
            "exemple",
            f"le fichier `{_relative(EXAMPLE)}` tel quel",
            True,
            example,
            events_file=EXAMPLE,
            details={"ill": first["cible"], "sits_that_day": sits},
        ),
        Scenario(
            "B",
            "examinateur du plan malade",
            f"les mêmes désistements et le même NV, l'examinateur malade étant {ill}, premier examinateur "
            f"de {commission} (première commission E4 du {DAY:%d/%m/%Y} dans le plan publié), ce jour-là",
            True,
            b_rows,
            details={"ill": ill, "commission": commission},
        ),
        Scenario(
            "C",
            "sans remplaçant",
            f"comme B, avec une copie de la liste d'examinateurs où chaque examinateur habilité en E4 qui ne "
            f"siège pas le {DAY:%d/%m/%Y} dans le plan publié est indisponible ce jour-là (colonne "
            f"`disponibilites`) : {len(unavailable['made_unavailable']) + len(unavailable['removed'])} "
            "examinateurs concernés",
            True,
            b_rows,
            examiner_file=c_list,
            details={"ill": ill, "commission": commission, **unavailable},
        ),
        Scenario(
            "D",
            "commission anonyme fermée",
            f"plan publié sans examinateurs (commissions anonymes) ; `examinateur_indisponible` sur la "
            f"commission {CLOSED} le {DAY:%d/%m/%Y}, plus les mêmes désistements et le même NV",
            False,
            d_rows,
            details={"closed": CLOSED},
        ),
    ]


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


@dataclass
class Published:
    plan_file: Path
    plan: Plan
    record: dict[str, Any]


def publish(
    data_dir: Path, folder: Path, *, staffed: bool, limit: float, workers: int, seed: int
) -> Published:
    clock = time.monotonic()
    result = plan_and_publish(
        data_dir,
        with_examiners=staffed,
        output_root=folder / "sorties",
        models_dir=folder / "models",
        options=SolveOptions(time_limit=limit, workers=workers, seed=seed),
    )
    wall = time.monotonic() - clock
    plan = result.plan
    e4_days = defaultdict(set)
    for o in plan.placed():
        if o.epreuve == FAMILY and o.day and o.commission:
            e4_days[o.day.isoformat()].add(o.commission)
    record = {
        "with_examiners": staffed,
        "time_limit_s": limit,
        "wall_time_s": round(wall, 3),
        "solver_wall_time_s": plan.solver.wall_time,
        "status": plan.solver.status,
        "commission_days": int(plan.solver.objective or 0),
        "e4_commissions_per_day": {d: len(c) for d, c in sorted(e4_days.items())},
        "examiners_convened": len({e for o in plan.placed() for e in o.examiners}),
    }
    return Published(result.plan_file, plan, record)


#: Steps of ``replan_and_publish`` timed by wrapping the names its module
#: calls (nothing in ``scheduler/`` is changed): a name that no longer exists
#: is simply not timed.
PHASES = {
    "repair_plan": "réparation du placement",
    "_restaff": "choix des examinateurs",
    "outputs": "classeurs et figures (jours changés redessinés, en parallèle des classeurs)",
    "changes_workbook": "changements.xlsx",
}


@contextmanager
def timed_phases() -> Iterator[dict[str, dict[str, float]]]:
    """Time each call of the :data:`PHASES` inside ``replan_and_publish``:
    ``{name: {"calls": n, "s": seconds}}``."""
    found: dict[str, dict[str, float]] = {}
    saved: dict[str, Callable[..., Any]] = {}

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            clock = time.monotonic()
            try:
                return fn(*args, **kwargs)
            finally:
                entry = found.setdefault(name, {"calls": 0, "s": 0.0})
                entry["calls"] += 1
                entry["s"] += time.monotonic() - clock

        return timed

    for name in PHASES:
        fn = getattr(replanning, name, None)
        if callable(fn):
            saved[name] = fn
            setattr(replanning, name, wrap(name, fn))
    try:
        yield found
    finally:
        for name, fn in saved.items():
            setattr(replanning, name, fn)


def _stage_records(plan: Plan) -> list[dict[str, Any]]:
    return [dict(s) for s in plan.solver.stages]


def _moves(changes: PlanChanges, touched: set[str]) -> dict[str, Any]:
    moved = changes.moved_candidates()
    by_date = sorted({c.candidate for c in changes.orals if c.moved and c.weight_kind == "date"})
    by_time = sorted(set(moved) - set(by_date))
    statuses: dict[str, int] = defaultdict(int)
    for c in changes.orals:
        if "statut" in c.kinds:
            statuses[c.new.status if c.new is not None else "supprimé"] += 1
    return {
        "moved": moved,
        "moved_date_or_site": by_date,
        "moved_time_only": by_time,
        "moved_touched": sorted(set(moved) & touched),
        "moved_untouched": sorted(set(moved) - touched),
        "room_or_commission_only": sorted(
            {c.candidate for c in changes.orals if c.weight_kind == "salle"} - set(moved)
        ),
        "status_changes": dict(statuses),
        "notified_candidates": len(changes.notified_candidates()),
        "notified_examiners": changes.notified_examiners(),
        "commissions_added": [[c, d.isoformat()] for c, d in changes.commissions_added],
        "commissions_removed": [[c, d.isoformat()] for c, d in changes.commissions_removed],
        "commission_days_changed": len(changes.commission_days_changed),
        "cost": changes.cost(NOW.date()),
    }


def _outcome(result: ReplanResult, bound: dict[str, Any]) -> None:
    """Where each touched passage went in the new plan (in place, in ``bound``)."""
    new = {(o.candidate, o.epreuve): o for o in result.plan.orals}
    for slot in bound["slots"]:
        for t in slot["touched"]:
            o = new.get((t["candidate"], t["epreuve"]))
            if o is None or not o.is_placed or o.day is None:
                t["outcome"] = {"kind": "non placé"}
                continue
            same_place = o.day.isoformat() == slot["day"] and o.site == slot["site"]
            kind = "gardé" if same_place and o.start == t["start"] else ("horaire" if same_place else "date")
            t["outcome"] = {
                "kind": kind,
                "day": o.day.isoformat(),
                "site": o.site,
                "start": o.start,
                "commission": o.commission,
                "examiners": list(o.examiners),
            }


def _recheck(result: ReplanResult, staffed: bool) -> list[str]:
    """Every validator again on the new plan: the pipeline already refuses an
    invalid plan, this says so in the results."""
    a = result.amended
    found = validate(a.session, a.candidates, result.plan)
    if staffed:
        found += validate_examiners(a.session, a.candidates, result.plan, a.examiners)
    found += validate_rerun(result.parent, result.plan, a.now)
    return [v.message for v in found]


def run_scenario(
    scenario: Scenario,
    published: Published,
    data_dir: Path,
    folder: Path,
    *,
    limit: float,
    workers: int,
    seed: int,
) -> dict[str, Any]:
    folder.mkdir(parents=True)
    models = folder / "models"
    shutil.copytree(published.plan_file.parent.parent, models)
    # As in the office: the published plan's folder is there, so the re-run
    # keeps the pictures of the days it does not change.
    shutil.copytree(published.plan_file.parent.parent.parent / "sorties", folder / "sorties")
    plan_path = models / published.plan_file.parent.name / published.plan_file.name
    events_file = scenario.events_file
    if events_file is None:
        events_file = folder / "evenements.csv"
        write_rows(events_file, EVENT_COLUMNS, scenario.rows)
    examiner_files = [scenario.examiner_file] if scenario.examiner_file else None
    inputs = load_inputs(data_dir, examiner_files=examiner_files, with_examiners=scenario.staffed)
    bound = fewest_moves(
        inputs.session, published.plan, scenario.rows, inputs.examiners, staffed=scenario.staffed, now=NOW
    )
    record: dict[str, Any] = {
        "key": scenario.key,
        "name": scenario.name,
        "description": scenario.description,
        "details": scenario.details,
        "events": scenario.rows,
        "with_examiners": scenario.staffed,
        "examiner_file": _relative(scenario.examiner_file) if scenario.examiner_file else None,
        "bound": bound,
    }
    clock = time.monotonic()
    try:
        with timed_phases() as phases:
            result = replan_and_publish(
                data_dir,
                [events_file],
                now=NOW,
                plan_path=plan_path,
                examiner_files=examiner_files,
                output_root=folder / "sorties",
                models_dir=models,
                options=SolveOptions(time_limit=limit, workers=workers, seed=seed),
            )
    except (InputError, PlanningFailed, InvalidPlan) as exc:
        wall = time.monotonic() - clock
        if isinstance(exc, InvalidPlan):
            reasons = [v.message for v in exc.violations]
        elif isinstance(exc, PlanningFailed):
            reasons = exc.reasons
        else:
            reasons = [str(p) for p in exc.problems]
        record.update(
            {
                "ok": False,
                "valid": False,
                "failure": type(exc).__name__,
                "reasons": reasons[:20],
                "wall_time_s": round(wall, 3),
                "phases": _rounded(phases),
            }
        )
        return record
    wall = time.monotonic() - clock
    touched = {t["candidate"] for s in bound["slots"] for t in s["touched"]}
    _outcome(result, bound)
    violations = _recheck(result, scenario.staffed)
    record.update(
        {
            "ok": True,
            "valid": not violations,
            "violations": violations[:20],
            "wall_time_s": round(wall, 3),
            "pipeline_wall_time_s": round(result.wall_time, 3),
            "repair_wall_time_s": result.plan.solver.wall_time,
            "phases": _rounded(phases),
            "repair_status": result.plan.solver.status,
            "commission_days": int(result.plan.solver.objective or 0),
            "stages": _stage_records(result.plan),
            "applied": result.amended.applied,
            "warnings": result.warnings,
            "disrupted": len(result.amended.disrupted),
            "changes": _moves(result.changes, touched),
            "plan_file": result.plan_file.name,
        }
    )
    return record


def _rounded(phases: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {k: {"calls": int(v["calls"]), "s": round(v["s"], 3)} for k, v in phases.items()}


def _summary(r: dict[str, Any]) -> str:
    head = f"  {r['key']} « {r['name']} »"
    b = r["bound"]
    if not r["ok"]:
        return f"{head} : ÉCHEC ({r['failure']}) en {r['wall_time_s']:.1f} s — " + " ; ".join(
            r["reasons"][:3]
        )
    c = r["changes"]
    return (
        f"{head} : {r['wall_time_s']:.1f} s (réparation {r['repair_wall_time_s']:.1f} s, {r['repair_status']}), "
        f"{len(c['moved'])} déplacé(s) (date {len(c['moved_date_or_site'])}, horaire {len(c['moved_time_only'])}), "
        f"minimum {b['min_moves']} sur {b['touched']} passage(s) touché(s), "
        f"{c['notified_candidates']} convocation(s), {len(c['notified_examiners'])} examinateur(s) à prévenir, "
        f"coût {c['cost']}, {'valide' if r['valid'] else 'REJETÉ'}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.rerun",
        description=(
            "Mesure « oraux replanifier » sur la session toulouse-2021 (examinateur malade, désistements, "
            "NV tardif) et régénère BENCHMARKS.md."
        ),
    )
    parser.add_argument(
        "--rapide",
        "--quick",
        action="store_true",
        help="essai rapide : temps courts, résultats dans un dossier temporaire, BENCHMARKS.md inchangé",
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"threads CP-SAT (défaut : {WORKERS})")
    parser.add_argument("--graine", type=int, default=SEED, help=f"graine CP-SAT (défaut : {SEED})")
    parser.add_argument(
        "--garder",
        type=Path,
        metavar="DOSSIER",
        help="dossier de travail à garder (plans publiés, fichiers d'événements, sorties de chaque scénario) ; "
        "défaut : un dossier temporaire effacé à la fin",
    )
    parser.add_argument(
        "--donnees", type=Path, default=DATA_DIR, help="dossier de la session (défaut : data/toulouse-2021)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    quick: bool = args.rapide
    publish_limit = QUICK_PUBLISH_LIMIT if quick else PUBLISH_LIMIT
    replan_limit = QUICK_REPLAN_LIMIT if quick else REPLAN_LIMIT
    machine = machine_info()
    load_start = _load()
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    data_dir: Path = args.donnees
    out_folder = Path(tempfile.mkdtemp(prefix="oraux-bench-replan-")) if quick else RESULTS_DIR
    with tempfile.TemporaryDirectory(prefix="oraux-replan-") as tmp:
        work = Path(tmp)
        if args.garder is not None:
            work = args.garder
            work.mkdir(parents=True, exist_ok=False)
        plans: dict[bool, Published] = {}
        for staffed in (True, False):
            plans[staffed] = publish(
                data_dir,
                work / ("publie-avec-examinateurs" if staffed else "publie-anonyme"),
                staffed=staffed,
                limit=publish_limit,
                workers=args.workers,
                seed=args.graine,
            )
            rec = plans[staffed].record
            _say(
                f"Plan publié {'avec examinateurs' if staffed else 'sans examinateurs'} : {rec['status']}, "
                f"{rec['wall_time_s']:.1f} s, {rec['commission_days']} journées-commission"
            )
        inputs = load_inputs(data_dir, with_examiners=True)
        records = []
        for scenario in scenarios(inputs.session, inputs.examiners, plans[True].plan, work, data_dir):
            rec = run_scenario(
                scenario,
                plans[scenario.staffed],
                data_dir,
                work / f"scenario-{scenario.key}",
                limit=replan_limit,
                workers=args.workers,
                seed=args.graine,
            )
            if scenario.examiner_file is not None and args.garder is None:
                rec["examiner_file"] = f"(copie temporaire) {scenario.examiner_file.name}"
            records.append(rec)
            _say(_summary(rec))
    data = {
        "kind": "replanification",
        "instance": NAME,
        "session": SESSION,
        "source": _relative(data_dir),
        "date": started,
        "quick": quick,
        "machine": machine,
        "load_average": {"start": load_start, "end": _load()},
        "protocol": {
            "now": NOW.isoformat(timespec="minutes"),
            "day": DAY.isoformat(),
            "publish_time_limit_s": publish_limit,
            "replan_time_limit_s": replan_limit,
            "workers": args.workers,
            "seed": args.graine,
            "staffing_share": STAFFING_SHARE,
            "target_s": TARGET_S,
            "weights": {
                "date": DATE_WEIGHT,
                "horaire": TIME_WEIGHT,
                "salle": ROOM_WEIGHT,
                "urgence_jours": URGENCY_DAYS,
            },
        },
        "published": {("with_examiners" if k else "anonymous"): p.record for k, p in plans.items()},
        "scenarios": records,
    }
    out_folder.mkdir(parents=True, exist_ok=True)
    path = out_folder / f"{date.today().isoformat()}-{NAME}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _say(f"  → {path}")
    if quick:
        report = out_folder / "BENCHMARKS.md"
        data["_file"] = path.name
        report.write_text(
            render(latest_results(out_folder, INSTANCE_NAMES, quick=True), replan=data) + "\n",
            encoding="utf-8",
        )
        _say(f"Essai rapide : rapport dans {report} (BENCHMARKS.md inchangé)")
    else:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
        _say(f"Rapport régénéré : {REPORT}")
    failed = [
        f"{r['key']} ({r.get('failure') or 'plan rejeté'})" for r in records if not (r["ok"] and r["valid"])
    ]
    if failed:
        _say("ÉCHEC : " + " ; ".join(failed))
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
