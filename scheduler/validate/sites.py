"""Hard rules on what the sites offer: the épreuve's sites, the interrogation
rooms open each day, closures from a re-run, loge seats and computer
stations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session, Site, room_name
from scheduler.validate.placed import Placed, placed_orals
from scheduler.validate.violation import Violation, clock, count_of, heading, iso_day, site_town


def check_site(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral takes place at one of its épreuve's sites (ENG at E6's)."""
    rule = check_site.__name__
    out: list[Violation] = []
    for p in placed_orals(session, plan):
        if p.site in p.ep.sites:
            continue
        allowed = ", ".join(site_town(session, s) for s in p.ep.sites) or "aucun"
        why = "inconnu" if p.site not in session.sites else "non prévu pour cette épreuve"
        out.append(
            Violation(
                rule,
                f"{heading(p.candidate, p.code, p.day)} : site « {site_town(session, p.site)} » {why} "
                f"(sites de l'épreuve : {allowed})",
                p.candidate,
                p.code,
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
    for p in placed_orals(session, plan):
        working[(p.site, p.day)].add(p.commission)
    for (key, day), commissions in sorted(working.items()):
        site = session.sites.get(key)
        if site is None:
            continue  # unknown site: reported by check_site
        open_rooms = len(session.rooms(key, day))
        if len(commissions) > open_rooms:
            closed = site.interrogation_rooms - open_rooms
            shut = f" ({count_of(closed, 'salle fermée', 'salles fermées')} ce jour)" if closed else ""
            out.append(
                Violation(
                    rule,
                    f"{site.town}, {iso_day(day)} : {len(commissions)} commissions "
                    f"({', '.join(sorted(commissions))}) pour "
                    f"{count_of(open_rooms, 'salle', 'salles')} d'interrogation{shut}",
                )
            )
    return out


def _site_rooms(site: Site) -> list[str]:
    """Names of every interrogation room of ``site``, open or not."""
    return [room_name(i) for i in range(1, site.interrogation_rooms + 1)]


def _group_violation(rule: str, message: str, orals: list[Placed]) -> Violation:
    """A violation about ``orals``, listed at the end of ``message``; it names
    the candidate and épreuve when there is only one."""
    shown = ", ".join(f"{p.candidate} {p.code}" for p in sorted(orals, key=lambda x: x.sort_key))
    text = f"{message} ; {count_of(len(orals), 'oral', 'oraux')} : {shown}"
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
    unknown: dict[tuple[str, date, str], list[Placed]] = defaultdict(list)
    closed: dict[tuple[str, date, str], list[Placed]] = defaultdict(list)
    off: dict[tuple[str, date], list[Placed]] = defaultdict(list)
    for p in placed_orals(session, plan):
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
        message = f"{site.town}, {iso_day(day)} : salle « {room} » inconnue du site (salles d'interrogation : {names})"
        out.append(_group_violation(rule, message, orals))
    for (key, day, room), orals in sorted(closed.items()):
        held = sorted({p.commission for p in orals})
        who = (
            f"la commission {held[0]} ne peut pas"
            if len(held) == 1
            else f"les commissions {', '.join(held)} ne peuvent pas"
        )
        message = f"{site_town(session, key)}, {iso_day(day)} : {room} fermée ce jour, {who} y interroger"
        out.append(_group_violation(rule, message, orals))
    for (commission, day), orals in sorted(off.items()):
        message = f"Commission {commission}, {iso_day(day)} : commission indisponible ce jour, elle ne peut pas interroger"
        out.append(_group_violation(rule, message, orals))
    return out


def overloads(intervals: Iterable[tuple[int, int]], capacity: int) -> list[tuple[int, int, int]]:
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


def _capacity_check(
    session: Session,
    plan: Plan,
    rule: str,
    interval: Callable[[Placed], tuple[int, int] | None],
    capacity: Callable[[str, date], int],
    what: Callable[[int, int], str],
    held: Callable[[str, date], list[tuple[int, int]]] = lambda site, day: [],
) -> list[Violation]:
    """Shared sweep of the per-site, per-minute capacity rules.

    ``held(site, day)`` are the spans other sessions hold there;
    ``what(peak, capacity)`` words the overload in French.
    """
    out: list[Violation] = []
    groups: dict[tuple[str, date], list[tuple[int, int]]] = defaultdict(list)
    for p in placed_orals(session, plan):
        span = interval(p)
        if span is not None and p.site in session.sites:
            groups[(p.site, p.day)].append(span)
    for (key, day), spans in sorted(groups.items()):
        spans = spans + held(key, day)
        cap = capacity(key, day)
        for since, until, peak in overloads(spans, cap):
            out.append(
                Violation(
                    rule,
                    f"{site_town(session, key)}, {iso_day(day)} à {clock(since)} : "
                    f"{what(peak, cap)} (jusqu'à {clock(until)})",
                )
            )
    return out


def check_loge_capacity(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """At every minute, a site has no more candidates preparing than seats in
    its loge, counting those of the sessions planned before this one
    (:attr:`Session.held_loge`)."""

    def preparation(p: Placed) -> tuple[int, int] | None:
        return (p.preparation_start, p.start) if p.preparation_start is not None else None

    return _capacity_check(
        session,
        plan,
        check_loge_capacity.__name__,
        preparation,
        lambda key, _day: session.sites[key].loge_seats,
        lambda peak, cap: f"{peak} candidats en loge pour {count_of(cap, 'place', 'places')}",
        session.held_preparations,
    )


def check_computer_stations(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """At every minute, a site has no more orals on computer running than
    computer stations, less those the sessions planned before this one hold
    that day (:attr:`Session.held_stations`)."""

    def on_computer(p: Placed) -> tuple[int, int] | None:
        return (p.start, p.end) if p.ep.uses_computer else None

    return _capacity_check(
        session,
        plan,
        check_computer_stations.__name__,
        on_computer,
        session.stations,
        lambda peak, cap: f"{peak} oraux sur poste informatique pour {count_of(cap, 'poste', 'postes')}",
    )
