"""The hard rules of a plan, checked without any solver.

This module is the executable specification of what a valid plan is: the
CP-SAT model must produce plans that pass it, and a plan edited by hand (or
re-read from disk) is checked by it too.  It only reads :mod:`scheduler.domain.session`
and :mod:`scheduler.domain.plan`, never the solver, so that it stays an independent
referee (and cheap to import).

Each hard rule is one ``check_*`` function whose docstring states the rule;
:data:`RULES` lists them and :func:`validate` runs them all.  Messages are
French, for the exam office: candidate number, épreuve, day, times, site.

A rule reports only what it is about: an oral with a missing or inconsistent
field is reported once by :func:`check_orals_requested` and skipped by the
other rules, so that one mistake does not cascade into a dozen messages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from scheduler.domain.plan import ABSENT, NV, PLANNED, UNPLACED, WITHDRAWN, Oral, Plan
from scheduler.domain.session import Candidate, Epreuve, Session, Site, hhmm, room_name

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MINUTES_PER_DAY = 24 * 60

#: Fields that locate an oral in place and time, with their French names.
_PLACE_TIME_FIELDS: tuple[tuple[str, str], ...] = (
    ("site", "site"),
    ("room", "salle"),
    ("commission", "commission"),
    ("day", "jour"),
    ("convocation", "convocation"),
    ("preparation_start", "début de préparation"),
    ("start", "début d'oral"),
    ("end", "fin d'oral"),
)
#: Fields a planned oral cannot do without (the preparation is optional).
_REQUIRED_WHEN_PLANNED = frozenset(f for f, _ in _PLACE_TIME_FIELDS) - {"preparation_start"}
#: Every status an oral may have, in the order they are listed to the office.
_STATUSES: tuple[str, ...] = (PLANNED, NV, ABSENT, WITHDRAWN, UNPLACED)
#: Why the candidate does not sit an oral, by :meth:`Candidate.excused` value,
#: for the message "the oral must be « … »".
_EXCUSE_REASON: dict[str, str] = {
    NV: "dossier non conforme",
    WITHDRAWN: "candidat désisté",
    ABSENT: "absence signalée",
}
#: The status says the oral is not sat but the candidate sits it: why it is wrong.
_NOT_EXCUSED: dict[str, str] = {
    NV: "alors que le dossier est conforme",
    WITHDRAWN: "alors qu'aucun désistement n'est enregistré pour cet oral",
    ABSENT: "alors qu'aucune absence n'est signalée pour cet oral",
}


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, with a French message for the exam office."""

    rule: str
    message: str
    candidate: str | None = None
    epreuve: str | None = None

    def __str__(self) -> str:
        return self.message


Rule = Callable[[Session, list[Candidate], Plan], list[Violation]]


# --------------------------------------------------------------------------
# Formatting and shared views of the plan
# --------------------------------------------------------------------------


def _clock(minutes: int) -> str:
    # A shifted or hand-edited plan may hold times outside the day; printing
    # them as "-1:50" would mislead, so say what they are.
    if 0 <= minutes < _MINUTES_PER_DAY:
        return hhmm(minutes)
    return f"{minutes} min (hors de la journée)"


def _span(start: int, end: int) -> str:
    return f"{_clock(start)}–{_clock(end)}"


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _day(d: date) -> str:
    return d.isoformat()


def _site_name(session: Session, key: str) -> str:
    site = session.sites.get(key)
    return site.town if site else key


def _who(candidate: str, epreuve: str | None = None, day: date | None = None) -> str:
    parts = [f"Candidat {candidate}"]
    if epreuve is not None:
        parts.append(epreuve)
    if day is not None:
        parts.append(_day(day))
    return ", ".join(parts)


@dataclass(frozen=True)
class _Placed:
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
        return self.oral.candidate

    @property
    def code(self) -> str:
        return self.ep.code

    @property
    def busy_from(self) -> int:
        return self.preparation_start if self.preparation_start is not None else self.start

    @property
    def sort_key(self) -> tuple[date, int, int, str, str]:
        # Total order on orals, so messages never depend on the plan's list order.
        return (self.day, self.start, self.end, self.candidate, self.code)


def _placed(session: Session, plan: Plan) -> list[_Placed]:
    """Planned orals of known épreuves with every required field set."""
    out: list[_Placed] = []
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
            _Placed(
                o, ep, o.site, o.room, o.commission, o.day, o.convocation, o.preparation_start, o.start, o.end
            )
        )
    return out


def _by_number(candidates: list[Candidate]) -> dict[str, Candidate]:
    return {c.number: c for c in candidates}


def _overloads(intervals: Iterable[tuple[int, int]], capacity: int) -> list[tuple[int, int, int]]:
    """Maximal periods ``(from, to, peak)`` where more than ``capacity`` intervals overlap.

    Intervals are half-open ``[a, b)``; a sweep over their ends, so the cost does
    not depend on the length of the day.
    """
    events: list[tuple[int, int]] = []
    for a, b in intervals:
        if a < b:
            events += [(a, 1), (b, -1)]
    # Ends sort before starts at the same minute: [a, b) and [b, c) do not overlap.
    events.sort()
    out: list[tuple[int, int, int]] = []
    count = 0
    since: int | None = None
    peak = 0
    i = 0
    while i < len(events):
        t = events[i][0]
        while i < len(events) and events[i][0] == t:
            count += events[i][1]
            i += 1
        if count > capacity:
            if since is None:
                since, peak = t, count
            peak = max(peak, count)
        elif since is not None:
            out.append((since, t, peak))
            since = None
    return out


# --------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------


def check_orals_requested(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """Each candidate has exactly one oral per épreuve they registered for, and no other.

    No oral belongs to an unknown candidate or épreuve.  When the candidate does
    not sit the épreuve (:meth:`Candidate.excused`), the status says why: NV
    exactly when the dossier is non-conforming, otherwise ``désisté`` or
    ``absent`` exactly when a re-run recorded the withdrawal or the absence;
    any other oral is ``planifié`` or ``non placé``.  An oral that is not
    planned has no place or time; a planned oral has its site, room,
    commission, day, convocation, start and end.
    """
    rule = check_orals_requested.__name__
    out: list[Violation] = []
    known = _by_number(candidates)
    seen: Counter[tuple[str, str]] = Counter()
    for o in plan.orals:
        who = _who(o.candidate, o.epreuve)
        cand = known.get(o.candidate)
        if cand is None:
            out.append(
                Violation(rule, f"{who} : candidat absent de la liste des candidats", o.candidate, o.epreuve)
            )
            continue
        if o.epreuve not in session.epreuves:
            out.append(Violation(rule, f"{who} : épreuve inconnue de la session", o.candidate, o.epreuve))
            continue
        seen[(o.candidate, o.epreuve)] += 1
        if o.epreuve not in cand.requested_orals():
            out.append(
                Violation(
                    rule,
                    f"{who} : oral au planning alors que le candidat n'y est pas inscrit",
                    o.candidate,
                    o.epreuve,
                )
            )
            continue
        if o.status not in _STATUSES:
            expected = ", ".join(f"« {x} »" for x in _STATUSES[:-1]) + f" ou « {_STATUSES[-1]} »"
            out.append(
                Violation(
                    rule,
                    f"{who} : statut « {o.status} » inconnu (attendu {expected})",
                    o.candidate,
                    o.epreuve,
                )
            )
            continue
        excused = cand.excused(o.epreuve)
        if excused is not None and o.status != excused:
            out.append(
                Violation(
                    rule,
                    f"{who} : {_EXCUSE_REASON[excused]}, l'oral doit être « {excused} » et non « {o.status} »",
                    o.candidate,
                    o.epreuve,
                )
            )
        elif excused is None and o.status in _NOT_EXCUSED:
            out.append(
                Violation(
                    rule,
                    f"{who} : statut « {o.status} » {_NOT_EXCUSED[o.status]}",
                    o.candidate,
                    o.epreuve,
                )
            )
        if o.status == PLANNED:
            missing = [
                fr for f, fr in _PLACE_TIME_FIELDS if f in _REQUIRED_WHEN_PLANNED and getattr(o, f) is None
            ]
            if missing:
                out.append(
                    Violation(
                        rule,
                        f"{who} : oral planifié incomplet, manque : {', '.join(missing)}",
                        o.candidate,
                        o.epreuve,
                    )
                )
        else:
            filled = [fr for f, fr in _PLACE_TIME_FIELDS if getattr(o, f) is not None]
            if filled:
                out.append(
                    Violation(
                        rule,
                        f"{who} : oral « {o.status} » avec un lieu ou un horaire renseigné ({', '.join(filled)})",
                        o.candidate,
                        o.epreuve,
                    )
                )
    for cand in candidates:
        for code in cand.requested_orals():
            n = seen[(cand.number, code)]
            who = _who(cand.number, code)
            if n == 0:
                out.append(
                    Violation(
                        rule,
                        f"{who} : aucun oral au planning alors que le candidat y est inscrit",
                        cand.number,
                        code,
                    )
                )
            elif n > 1:
                out.append(
                    Violation(rule, f"{who} : {n} oraux au planning au lieu d'un seul", cand.number, code)
                )
    return out


def check_unplaced(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """Every oral is placed: a « non placé » oral breaks the plan."""
    rule = check_unplaced.__name__
    return [
        Violation(rule, f"{_who(o.candidate, o.epreuve)} : oral non placé", o.candidate, o.epreuve)
        for o in plan.orals
        if o.status == UNPLACED
    ]


def check_site(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral takes place at one of its épreuve's sites (ENG at E6's)."""
    rule = check_site.__name__
    out: list[Violation] = []
    for p in _placed(session, plan):
        if p.site in p.ep.sites:
            continue
        allowed = ", ".join(_site_name(session, s) for s in p.ep.sites) or "aucun"
        why = "inconnu" if p.site not in session.sites else "non prévu pour cette épreuve"
        out.append(
            Violation(
                rule,
                f"{_who(p.candidate, p.code, p.day)} : site « {_site_name(session, p.site)} » {why} "
                f"(sites de l'épreuve : {allowed})",
                p.candidate,
                p.code,
            )
        )
    return out


def check_day(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral takes place on a working day of its épreuve's window: no weekend, no holiday."""
    rule = check_day.__name__
    out: list[Violation] = []
    for p in _placed(session, plan):
        if p.day in session.working_days(p.ep):
            continue
        window = session.epreuves[p.ep.follows] if p.ep.follows else p.ep
        if p.day.weekday() >= 5:
            why = f"{_WEEKDAYS[p.day.weekday()]}, jour non ouvré"
        elif p.day in session.holidays:
            why = "jour férié"
        else:
            why = f"hors de la période de l'épreuve (du {_day(window.first_day)} au {_day(window.last_day)})"
        out.append(Violation(rule, f"{_who(p.candidate, p.code, p.day)} : {why}", p.candidate, p.code))
    return out


def check_daily_hours(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """From the start of its preparation to its end, an oral lies inside one half-day.

    Never before opening, after closing, or across the lunch break.
    """
    rule = check_daily_hours.__name__
    out: list[Violation] = []
    half_days = session.hours.half_days()
    for p in _placed(session, plan):
        # min() so that a preparation wrongly placed after the start (reported by
        # check_durations) does not hide the oral itself leaving the hours.
        lo, hi = min(p.busy_from, p.start), p.end
        if any(a <= lo and hi <= b for a, b in half_days):
            continue
        (m0, m1), (a0, a1) = half_days
        out.append(
            Violation(
                rule,
                f"{_who(p.candidate, p.code, p.day)} : {_span(lo, hi)} déborde des horaires "
                f"(matin {_span(m0, m1)}, après-midi {_span(a0, a1)})",
                p.candidate,
                p.code,
            )
        )
    return out


def check_durations(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral lasts its épreuve's duration, extra time included, rounded up to the grid.

    With a preparation, the preparation immediately precedes the oral (no wait
    in between); without one, no preparation start is given.
    """
    rule = check_durations.__name__
    out: list[Violation] = []
    known = _by_number(candidates)
    for p in _placed(session, plan):
        cand = known.get(p.candidate)
        if cand is None:
            continue
        prep, oral = session.durations(p.ep, cand.extra_time)
        who = _who(p.candidate, p.code, p.day)
        if p.end - p.start != oral:
            out.append(
                Violation(
                    rule,
                    f"{who} : l'oral ({_span(p.start, p.end)}) dure {p.end - p.start} min au lieu de {oral} min",
                    p.candidate,
                    p.code,
                )
            )
        if prep > 0 and p.preparation_start is None:
            out.append(Violation(rule, f"{who} : préparation de {prep} min absente", p.candidate, p.code))
        elif prep > 0 and p.preparation_start is not None and p.preparation_start != p.start - prep:
            ps = p.preparation_start
            out.append(
                Violation(
                    rule,
                    f"{who} : la préparation ({_span(ps, ps + prep)}) et l'oral ({_span(p.start, p.end)}) ne se suivent pas, "
                    f"la préparation doit commencer à {_clock(p.start - prep)}",
                    p.candidate,
                    p.code,
                )
            )
        elif prep == 0 and p.preparation_start is not None:
            out.append(
                Violation(
                    rule,
                    f"{who} : préparation à {_clock(p.preparation_start)} alors que l'épreuve n'en a pas",
                    p.candidate,
                    p.code,
                )
            )
    return out


def check_follow_on(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """A follow-on unit (ENG) starts exactly when the candidate's oral it follows (E6) ends.

    Same day, site, room and commission.  A follow-on unit is never planned
    when the oral it follows is not (NV, absent, désisté or non placé).
    """
    rule = check_follow_on.__name__
    out: list[Violation] = []
    placed = _placed(session, plan)
    complete: dict[tuple[str, str], list[_Placed]] = defaultdict(list)
    for p in placed:
        complete[(p.candidate, p.code)].append(p)
    planned = Counter((o.candidate, o.epreuve) for o in plan.orals if o.status == PLANNED)
    for p in placed:
        if p.ep.follows is None:
            continue
        who = _who(p.candidate, p.code, p.day)
        key = (p.candidate, p.ep.follows)
        if planned[key] == 0:
            out.append(
                Violation(
                    rule,
                    f"{who} : planifié alors que l'oral {p.ep.follows} qu'il suit ne l'est pas",
                    p.candidate,
                    p.code,
                )
            )
            continue
        found = complete[key]
        if planned[key] > 1 or len(found) != 1:
            continue  # duplicate or incomplete followed oral: reported by check_orals_requested
        parent = found[0]
        e, f = parent.code, p.code
        gaps: list[str] = []
        if parent.day != p.day:
            gaps.append(f"{e} le {_day(parent.day)}")
        if parent.site != p.site:
            gaps.append(f"{e} à {_site_name(session, parent.site)}, {f} à {_site_name(session, p.site)}")
        if parent.room != p.room:
            gaps.append(f"{e} en {parent.room}, {f} en {p.room}")
        if parent.commission != p.commission:
            gaps.append(f"{e} avec la commission {parent.commission}, {f} avec {p.commission}")
        if parent.day == p.day and parent.end != p.start:
            gaps.append(f"{e} finit à {_clock(parent.end)}, {f} commence à {_clock(p.start)}")
        if gaps:
            out.append(
                Violation(
                    rule,
                    f"{who} : doit suivre directement l'oral {e} ({' ; '.join(gaps)})",
                    p.candidate,
                    p.code,
                )
            )
    return out


def check_language(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """A by-language oral (E2, E2F) carries the candidate's language for it; others carry none.

    This holds whatever the status: a non placé E2 oral still says which
    language commission it is waiting for.  All the orals of one commission of a by-language épreuve are in one language.
    """
    rule = check_language.__name__
    out: list[Violation] = []
    known = _by_number(candidates)
    for o in plan.orals:
        cand = known.get(o.candidate)
        ep = session.epreuves.get(o.epreuve)
        if cand is None or ep is None:
            continue
        expected = cand.oral_language(ep.code) if ep.by_language else None
        if o.language == expected:
            continue
        who = _who(o.candidate, o.epreuve, o.day)
        if expected is None:
            msg = f"{who} : langue « {o.language} » indiquée pour une épreuve sans langue"
        else:
            msg = f"{who} : langue « {o.language or 'aucune'} » au lieu de « {expected} »"
        out.append(Violation(rule, msg, o.candidate, o.epreuve))
    languages: dict[str, set[str | None]] = defaultdict(set)
    for p in _placed(session, plan):
        if p.ep.by_language:
            languages[p.commission].add(p.oral.language)
    for commission in sorted(languages):
        langs = languages[commission]
        if len(langs) > 1:
            shown = ", ".join(sorted(str(x or "aucune") for x in langs))
            out.append(Violation(rule, f"Commission {commission} : interroge en plusieurs langues ({shown})"))
    return out


def check_commission_family(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """A commission's id begins with the family of the épreuves it examines.

    ``E2-ANG-C01`` examines E2 and E2F, ``E6-C03`` examines E6 and ENG: the
    first dash-separated part is the family.  Hence a commission examines one
    family only.
    """
    rule = check_commission_family.__name__
    out: list[Violation] = []
    for p in _placed(session, plan):
        # The whole first part, not a string prefix: "E2F-…" is not an E2 commission.
        head = p.commission.split("-")[0]
        if head != p.ep.family:
            out.append(
                Violation(
                    rule,
                    f"{_who(p.candidate, p.code, p.day)} : commission {p.commission} hors de la famille "
                    f"{p.ep.family} (identifiant attendu « {p.ep.family}-… »)",
                    p.candidate,
                    p.code,
                )
            )
    return out


def check_commission_one_at_a_time(
    session: Session, candidates: list[Candidate], plan: Plan
) -> list[Violation]:
    """A commission examines one candidate at a time: its orals of a day never overlap."""
    rule = check_commission_one_at_a_time.__name__
    out: list[Violation] = []
    groups: dict[tuple[str, date], list[_Placed]] = defaultdict(list)
    for p in _placed(session, plan):
        groups[(p.commission, p.day)].append(p)
    for (commission, day), orals in sorted(groups.items()):
        orals.sort(key=lambda x: x.sort_key)
        # Compare each oral with the one that ends last so far: catches an oral
        # nested inside a long one, not only neighbours.
        last = orals[0]
        for p in orals[1:]:
            if p.start < last.end:
                out.append(
                    Violation(
                        rule,
                        f"Commission {commission}, {_day(day)} : les oraux de {last.candidate} ({last.code}, "
                        f"{_span(last.start, last.end)}) et de {p.candidate} ({p.code}, {_span(p.start, p.end)}) "
                        "se chevauchent",
                        p.candidate,
                        p.code,
                    )
                )
            if p.end > last.end:
                last = p
    return out


def check_commission_site_and_room(
    session: Session, candidates: list[Candidate], plan: Plan
) -> list[Violation]:
    """On a day, a commission stays at one site in one room, and a room holds one commission."""
    rule = check_commission_site_and_room.__name__
    out: list[Violation] = []
    places: dict[tuple[str, date], set[tuple[str, str]]] = defaultdict(set)
    holders: dict[tuple[str, date, str], set[str]] = defaultdict(set)
    for p in _placed(session, plan):
        places[(p.commission, p.day)].add((p.site, p.room))
        holders[(p.site, p.day, p.room)].add(p.commission)
    for (commission, day), where in sorted(places.items()):
        if len(where) > 1:
            shown = ", ".join(f"{_site_name(session, s)} {r}" for s, r in sorted(where))
            out.append(
                Violation(rule, f"Commission {commission}, {_day(day)} : dans plusieurs salles ({shown})")
            )
    for (site, day, room), commissions in sorted(holders.items()):
        if len(commissions) > 1:
            out.append(
                Violation(
                    rule,
                    f"{_site_name(session, site)}, {_day(day)} : {room} accueille plusieurs commissions "
                    f"({', '.join(sorted(commissions))})",
                )
            )
    return out


def check_rooms(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """On a day, a site hosts no more commissions than it has interrogation rooms open that day.

    Rooms closed that day (:attr:`Session.closed_rooms`, set by a re-run) do not count.
    """
    rule = check_rooms.__name__
    out: list[Violation] = []
    working: dict[tuple[str, date], set[str]] = defaultdict(set)
    for p in _placed(session, plan):
        working[(p.site, p.day)].add(p.commission)
    for (key, day), commissions in sorted(working.items()):
        site = session.sites.get(key)
        if site is None:
            continue  # unknown site: reported by check_site
        open_rooms = len(session.rooms(key, day))
        if len(commissions) > open_rooms:
            closed = site.interrogation_rooms - open_rooms
            shut = f" ({_count(closed, 'salle fermée', 'salles fermées')} ce jour)" if closed else ""
            out.append(
                Violation(
                    rule,
                    f"{site.town}, {_day(day)} : {len(commissions)} commissions "
                    f"({', '.join(sorted(commissions))}) pour "
                    f"{_count(open_rooms, 'salle', 'salles')} d'interrogation{shut}",
                )
            )
    return out


def _site_rooms(site: Site) -> list[str]:
    """Names of every interrogation room of ``site``, open or not."""
    return [room_name(i) for i in range(1, site.interrogation_rooms + 1)]


def _group_violation(rule: str, message: str, orals: list[_Placed]) -> Violation:
    """A violation about ``orals``, listed at the end of ``message``; it names
    the candidate and épreuve when there is only one."""
    shown = ", ".join(f"{p.candidate} {p.code}" for p in sorted(orals, key=lambda x: x.sort_key))
    text = f"{message} ; {_count(len(orals), 'oral', 'oraux')} : {shown}"
    if len(orals) == 1:
        return Violation(rule, text, orals[0].candidate, orals[0].code)
    return Violation(rule, text)


def check_closures(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral takes place in one of its site's interrogation rooms (« Salle 1 »…),
    open that day, before a commission that can sit that day.

    Rooms and commissions are closed for a day by a re-run's events
    (:attr:`Session.closed_rooms`, :attr:`Session.closed_commissions`).
    """
    rule = check_closures.__name__
    out: list[Violation] = []
    unknown: dict[tuple[str, date, str], list[_Placed]] = defaultdict(list)
    closed: dict[tuple[str, date, str], list[_Placed]] = defaultdict(list)
    off: dict[tuple[str, date], list[_Placed]] = defaultdict(list)
    for p in _placed(session, plan):
        if (p.commission, p.day) in session.closed_commissions:
            off[(p.commission, p.day)].append(p)
        site = session.sites.get(p.site)
        if site is None:
            continue  # unknown site: reported by check_site
        if p.room not in _site_rooms(site):
            unknown[(p.site, p.day, p.room)].append(p)
        elif (p.site, p.day, p.room) in session.closed_rooms:
            closed[(p.site, p.day, p.room)].append(p)
    for (key, day, room), orals in sorted(unknown.items()):
        site = session.sites[key]
        names = ", ".join(_site_rooms(site)) or "aucune"
        message = (
            f"{site.town}, {_day(day)} : salle « {room} » inconnue du site (salles d'interrogation : {names})"
        )
        out.append(_group_violation(rule, message, orals))
    for (key, day, room), orals in sorted(closed.items()):
        held = sorted({p.commission for p in orals})
        who = (
            f"la commission {held[0]} ne peut pas"
            if len(held) == 1
            else f"les commissions {', '.join(held)} ne peuvent pas"
        )
        message = f"{_site_name(session, key)}, {_day(day)} : {room} fermée ce jour, {who} y interroger"
        out.append(_group_violation(rule, message, orals))
    for (commission, day), orals in sorted(off.items()):
        message = f"Commission {commission}, {_day(day)} : commission indisponible ce jour, elle ne peut pas interroger"
        out.append(_group_violation(rule, message, orals))
    return out


def _capacity_check(
    session: Session,
    plan: Plan,
    rule: str,
    interval: Callable[[_Placed], tuple[int, int] | None],
    capacity: Callable[[str], int],
    what: Callable[[int, int], str],
) -> list[Violation]:
    """Shared sweep of the per-site, per-minute capacity rules.

    ``what(peak, capacity)`` words the overload in French.
    """
    out: list[Violation] = []
    groups: dict[tuple[str, date], list[tuple[int, int]]] = defaultdict(list)
    for p in _placed(session, plan):
        span = interval(p)
        if span is not None and p.site in session.sites:
            groups[(p.site, p.day)].append(span)
    for (key, day), spans in sorted(groups.items()):
        cap = capacity(key)
        for since, until, peak in _overloads(spans, cap):
            out.append(
                Violation(
                    rule,
                    f"{_site_name(session, key)}, {_day(day)} à {_clock(since)} : "
                    f"{what(peak, cap)} (jusqu'à {_clock(until)})",
                )
            )
    return out


def check_loge_capacity(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """At every minute, a site has no more candidates preparing than seats in its loge."""

    def preparation(p: _Placed) -> tuple[int, int] | None:
        return (p.preparation_start, p.start) if p.preparation_start is not None else None

    return _capacity_check(
        session,
        plan,
        check_loge_capacity.__name__,
        preparation,
        lambda key: session.sites[key].loge_seats,
        lambda peak, cap: f"{peak} candidats en loge pour {_count(cap, 'place', 'places')}",
    )


def check_computer_stations(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """At every minute, a site has no more orals on computer running than computer stations."""

    def on_computer(p: _Placed) -> tuple[int, int] | None:
        return (p.start, p.end) if p.ep.uses_computer else None

    return _capacity_check(
        session,
        plan,
        check_computer_stations.__name__,
        on_computer,
        lambda key: session.sites[key].computer_stations,
        lambda peak, cap: f"{peak} oraux sur poste informatique pour {_count(cap, 'poste', 'postes')}",
    )


def check_candidate_no_overlap_and_rest(
    session: Session, candidates: list[Candidate], plan: Plan
) -> list[Violation]:
    """A candidate's activities of one day (preparation to end of oral) are apart by the rest time.

    Except a follow-on unit taken right after the oral it follows (ENG at the
    end of E6), which is one sitting for the candidate.
    """
    rule = check_candidate_no_overlap_and_rest.__name__
    out: list[Violation] = []
    rest = session.rest_minutes
    groups: dict[tuple[str, date], list[_Placed]] = defaultdict(list)
    for p in _placed(session, plan):
        groups[(p.candidate, p.day)].append(p)
    for (number, day), orals in sorted(groups.items()):
        orals.sort(key=lambda x: (x.busy_from, x.sort_key))
        # Every pair, not only neighbours: a long activity may contain two short ones.
        for i, a in enumerate(orals):
            for b in orals[i + 1 :]:
                if b.ep.follows == a.code and b.busy_from == a.end:
                    continue
                # b starts no earlier than a, so a negative gap means they overlap.
                gap = b.busy_from - a.end
                if gap >= rest:
                    continue
                who = _who(number, day=day)
                first = f"{a.code} ({_span(a.busy_from, a.end)})"
                second = f"{b.code} ({_span(b.busy_from, b.end)})"
                if gap < 0:
                    msg = f"{who} : {first} et {second} se chevauchent"
                else:
                    msg = (
                        f"{who} : {gap} min seulement entre {first} et {second}, il faut {rest} min de repos"
                    )
                out.append(Violation(rule, msg, number, b.code))
    return out


def check_one_site_per_day(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """On one day, all of a candidate's orals are at the same site."""
    rule = check_one_site_per_day.__name__
    out: list[Violation] = []
    groups: dict[tuple[str, date], list[_Placed]] = defaultdict(list)
    for p in _placed(session, plan):
        groups[(p.candidate, p.day)].append(p)
    for (number, day), orals in sorted(groups.items()):
        if len({p.site for p in orals}) > 1:
            shown = ", ".join(
                f"{p.code} à {_site_name(session, p.site)}" for p in sorted(orals, key=lambda x: x.sort_key)
            )
            out.append(
                Violation(
                    rule,
                    f"{_who(number, day=day)} : oraux sur plusieurs sites le même jour ({shown})",
                    number,
                )
            )
    return out


def check_subjects(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral of an épreuve with subjects has one of them; any other oral has none.

    For each épreuve, day and site, the numbers of orals on each subject differ
    by at most one.  An oral that is not planned (NV, absent, désisté, non
    placé) has no subject.
    """
    rule = check_subjects.__name__
    out: list[Violation] = []
    counts: dict[tuple[str, date, str], Counter[str]] = defaultdict(Counter)
    for o in plan.orals:
        ep = session.epreuves.get(o.epreuve)
        if ep is None or o.status == PLANNED or o.subject is None:
            continue
        out.append(
            Violation(
                rule,
                f"{_who(o.candidate, o.epreuve)} : sujet « {o.subject} » pour un oral « {o.status} »",
                o.candidate,
                o.epreuve,
            )
        )
    for p in _placed(session, plan):
        subject, subjects = p.oral.subject, p.ep.subjects
        who = _who(p.candidate, p.code, p.day)
        if subjects and subject not in subjects:
            out.append(
                Violation(
                    rule,
                    f"{who} : sujet « {subject or 'aucun'} » hors de la liste ({', '.join(subjects)})",
                    p.candidate,
                    p.code,
                )
            )
        elif not subjects and subject is not None:
            out.append(
                Violation(
                    rule, f"{who} : sujet « {subject} » pour une épreuve sans sujets", p.candidate, p.code
                )
            )
        if subjects and subject in subjects:
            counts[(p.code, p.day, p.site)][subject] += 1
    for (code, day, site), counter in sorted(counts.items()):
        subjects = session.epreuves[code].subjects
        per_subject = [counter[s] for s in subjects]
        if max(per_subject) - min(per_subject) > 1:
            shown = ", ".join(f"{s} {counter[s]}" for s in subjects)
            out.append(
                Violation(
                    rule,
                    f"{code}, {_site_name(session, site)}, {_day(day)} : sujets déséquilibrés ({shown}), "
                    "écart d'un oral au plus",
                    epreuve=code,
                )
            )
    return out


def check_convocation(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """The convocation time is the welcome time before the oral's first activity
    (preparation or oral); a follow-on unit (ENG) shares the convocation of the
    oral it follows, since the candidate stays in the room."""
    rule = check_convocation.__name__
    out: list[Violation] = []
    placed = _placed(session, plan)
    first_activity = {(p.candidate, p.code): p.busy_from for p in placed}
    for p in placed:
        busy = p.busy_from
        if p.ep.follows:
            if (p.candidate, p.ep.follows) not in first_activity:
                continue  # check_follow_on reports a unit whose oral is not placed
            busy = first_activity[(p.candidate, p.ep.follows)]
        expected = busy - session.welcome_minutes
        if p.convocation != expected:
            out.append(
                Violation(
                    rule,
                    f"{_who(p.candidate, p.code, p.day)} : convocation à {_clock(p.convocation)} au lieu de "
                    f"{_clock(expected)} ({session.welcome_minutes} min avant le début à {_clock(busy)})",
                    p.candidate,
                    p.code,
                )
            )
    return out


#: Every hard rule, in the order their violations are reported.
RULES: list[Rule] = [
    check_orals_requested,
    check_unplaced,
    check_site,
    check_day,
    check_daily_hours,
    check_durations,
    check_follow_on,
    check_language,
    check_commission_family,
    check_commission_one_at_a_time,
    check_commission_site_and_room,
    check_rooms,
    check_closures,
    check_loge_capacity,
    check_computer_stations,
    check_candidate_no_overlap_and_rest,
    check_one_site_per_day,
    check_subjects,
    check_convocation,
]


def validate(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """Every hard-rule violation of ``plan``; empty when the plan is valid."""
    out: list[Violation] = []
    for rule in RULES:
        out += rule(session, candidates, plan)
    return out
