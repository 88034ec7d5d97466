"""Hard rules across sessions planned together: a site they share is never
double-booked — a room holds one commission a day, the loge and the
computer stations are never over their seats at any minute, whichever
session the orals belong to.

Each session's own plan is checked by :mod:`scheduler.validate.hard_rules`
against its own session; these rules read the sessions as declared (no
held resources) with every plan at once.  No ortools here either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Session, Site
from scheduler.domain.shared_sites import shared_sites
from scheduler.validate.placed import Placed, placed_orals
from scheduler.validate.sites import overloads
from scheduler.validate.violation import Violation, clock, count_of, iso_day

#: Sessions planned together, each with its plan.
Planned = Sequence[tuple[Session, Plan]]


def _at_shared_sites(planned: Planned) -> dict[str, tuple[Site, list[tuple[str, Placed]]]]:
    """Each shared site by its place's name: the site (as its first session
    declares it; the others declare the same rooms) and the orals placed
    there, with their session's code."""
    by_code = {session.code: session for session, _ in planned}
    shared = shared_sites(list(by_code.values()))
    out: dict[str, tuple[Site, list[tuple[str, Placed]]]] = {}
    for site in shared:
        first_code, first_key = site.keys[0]
        out[site.place] = (by_code[first_code].sites[first_key], [])
    for session, plan in planned:
        places = {key: site.place for site in shared if (key := site.key_in(session.code)) is not None}
        for p in placed_orals(session, plan):
            if p.site in places:
                out[places[p.site]][1].append((session.code, p))
    return out


def check_shared_rooms(planned: Planned) -> list[Violation]:
    """A room of a shared site holds the commissions of one session a day."""
    rule = check_shared_rooms.__name__
    out: list[Violation] = []
    for place, (_, orals) in sorted(_at_shared_sites(planned).items()):
        users: dict[tuple[date, str], set[str]] = defaultdict(set)
        for code, p in orals:
            users[(p.day, p.room)].add(code)
        for (day, room), codes in sorted(users.items()):
            if len(codes) > 1:
                out.append(
                    Violation(
                        rule,
                        f"{place}, {iso_day(day)}, {room} : occupée par les sessions {', '.join(sorted(codes))}",
                    )
                )
    return out


def _shared_capacity(
    planned: Planned,
    rule: str,
    span: Callable[[Placed], tuple[int, int] | None],
    capacity: Callable[[Site], int],
    what: Callable[[int, int], str],
) -> list[Violation]:
    out: list[Violation] = []
    for place, (site, orals) in sorted(_at_shared_sites(planned).items()):
        by_day: dict[date, list[tuple[int, int]]] = defaultdict(list)
        codes: dict[date, set[str]] = defaultdict(set)
        for code, p in orals:
            if (interval := span(p)) is not None:
                by_day[p.day].append(interval)
                codes[p.day].add(code)
        cap = capacity(site)
        for day, spans in sorted(by_day.items()):
            for since, until, peak in overloads(spans, cap):
                out.append(
                    Violation(
                        rule,
                        f"{place}, {iso_day(day)} à {clock(since)} : {what(peak, cap)} "
                        f"(sessions {', '.join(sorted(codes[day]))}, jusqu'à {clock(until)})",
                    )
                )
    return out


def check_shared_loge(planned: Planned) -> list[Violation]:
    """At every minute, a shared site has no more candidates of all sessions
    preparing than seats in its loge."""
    return _shared_capacity(
        planned,
        check_shared_loge.__name__,
        lambda p: (p.preparation_start, p.start) if p.preparation_start is not None else None,
        lambda site: site.loge_seats,
        lambda peak, cap: f"{peak} candidats en loge pour {count_of(cap, 'place', 'places')}",
    )


def check_shared_stations(planned: Planned) -> list[Violation]:
    """At every minute, a shared site has no more orals on computer of all
    sessions running than computer stations."""
    return _shared_capacity(
        planned,
        check_shared_stations.__name__,
        lambda p: (p.start, p.end) if p.ep.uses_computer else None,
        lambda site: site.computer_stations,
        lambda peak, cap: f"{peak} oraux sur poste informatique pour {count_of(cap, 'poste', 'postes')}",
    )


#: Every rule across sessions, in the order they are reported.
SHARED_RULES: tuple[Callable[[Planned], list[Violation]], ...] = (
    check_shared_rooms,
    check_shared_loge,
    check_shared_stations,
)


def validate_shared_sites(planned: Planned) -> list[Violation]:
    """Every violation of the rules across sessions planned together."""
    return [v for rule in SHARED_RULES for v in rule(planned)]
