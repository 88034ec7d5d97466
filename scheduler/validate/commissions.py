"""Hard rules on a commission: it examines its family of épreuves, one
candidate at a time, at one site and in one room a day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from scheduler.domain.commission import family_of
from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.placed import Placed, placed_orals
from scheduler.validate.violation import Violation, heading, iso_day, site_town, time_span


def check_commission_family(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """A commission's id begins with the family of the épreuves it examines.

    ``E2-ANG-C01`` examines E2 and E2F, ``E6-C03`` examines E6 and ENG: the
    first dash-separated part is the family.  Hence a commission examines one
    family only.
    """
    rule = check_commission_family.__name__
    out: list[Violation] = []
    for p in placed_orals(session, plan):
        # The whole first part, not a string prefix: "E2F-…" is not an E2 commission.
        head = family_of(p.commission)
        if head != p.ep.family:
            out.append(
                Violation(
                    rule,
                    f"{heading(p.candidate, p.code, p.day)} : commission {p.commission} hors de la famille "
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
    groups: dict[tuple[str, date], list[Placed]] = defaultdict(list)
    for p in placed_orals(session, plan):
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
                        f"Commission {commission}, {iso_day(day)} : les oraux de {last.candidate} ({last.code}, "
                        f"{time_span(last.start, last.end)}) et de {p.candidate} ({p.code}, {time_span(p.start, p.end)}) "
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
    for p in placed_orals(session, plan):
        places[(p.commission, p.day)].add((p.site, p.room))
        holders[(p.site, p.day, p.room)].add(p.commission)
    for (commission, day), where in sorted(places.items()):
        if len(where) > 1:
            shown = ", ".join(f"{site_town(session, s)} {r}" for s, r in sorted(where))
            out.append(
                Violation(rule, f"Commission {commission}, {iso_day(day)} : dans plusieurs salles ({shown})")
            )
    for (site, day, room), commissions in sorted(holders.items()):
        if len(commissions) > 1:
            out.append(
                Violation(
                    rule,
                    f"{site_town(session, site)}, {iso_day(day)} : {room} accueille plusieurs commissions "
                    f"({', '.join(sorted(commissions))})",
                )
            )
    return out
