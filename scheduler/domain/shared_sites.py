"""Sites that several sessions share: the same school in the same town.

Two specialties may hold orals in one lycée the same week (the language
orals of BTS NDRC and BTS MCO at Tarbes).  Sessions planned together are
planned one after another: what an earlier session's plan takes at a shared
site — its rooms for the day, the seats of its loge at each minute, its
computer stations — is held for the later ones (:func:`holding`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from scheduler.domain.plan import Plan
from scheduler.domain.session import Session, Site
from scheduler.text import name_key


@dataclass(frozen=True)
class SharedSite:
    """One place used by several sessions, and its key in each of them."""

    #: « Lycée Pradeau La Sède (Tarbes) ».
    place: str
    #: ``(session code, site key)`` of every session that declares it.
    keys: tuple[tuple[str, str], ...]

    def key_in(self, code: str) -> str | None:
        return dict(self.keys).get(code)


def place_of(site: Site) -> tuple[str, str]:
    """What identifies a site across sessions: its school and its town, as
    names compare (accents, case and punctuation aside)."""
    return (name_key(site.etablissement).strip(), name_key(site.town).strip())


def shared_sites(sessions: Sequence[Session]) -> list[SharedSite]:
    """The sites declared by more than one of ``sessions``."""
    by_place: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for session in sessions:
        for key, site in session.sites.items():
            by_place[place_of(site)].append((session.code, key))
            names.setdefault(place_of(site), f"{site.etablissement} ({site.town})")
    return [
        SharedSite(names[place], tuple(keys))
        for place, keys in by_place.items()
        if len({code for code, _ in keys}) > 1
    ]


#: The capacities two declarations of one shared site must agree on.
_CAPACITIES = (
    ("salles_interrogation", "interrogation_rooms"),
    ("places_loge", "loge_seats"),
    ("postes_informatiques", "computer_stations"),
)


def capacity_mismatches(sessions: Sequence[Session], shared: Sequence[SharedSite]) -> list[tuple[str, str]]:
    """``(session code, message)`` for each shared site whose rooms, loge
    seats or computer stations differ from one session to another (French):
    one place has one set of rooms."""
    by_code = {s.code: s for s in sessions}
    out: list[tuple[str, str]] = []
    for site in shared:
        (first_code, first_key), *others = site.keys
        first = by_code[first_code].sites[first_key]
        for code, key in others:
            other = by_code[code].sites[key]
            for toml_key, attribute in _CAPACITIES:
                a, b = getattr(first, attribute), getattr(other, attribute)
                if a != b:
                    out.append(
                        (
                            code,
                            f"[sites.{key}] {toml_key} = {b}, mais {a} pour le même lieu, {site.place}, "
                            f"dans la session {first_code} ([sites.{first_key}]) : un lieu partagé a les mêmes "
                            "salles dans toutes les sessions",
                        )
                    )
    return out


def holding(later: Session, earlier: Sequence[tuple[Session, Plan]], shared: Sequence[SharedSite]) -> Session:
    """``later`` with what the plans of ``earlier`` take at the sites it
    shares with them held: each room a commission sits in, for its day
    (closed rooms); each preparation in the loge (held loge seats); the
    most computer stations in use at once, per day (held stations)."""
    closed = set(later.closed_rooms)
    loge = list(later.held_loge)
    stations = list(later.held_stations)
    for session, plan in earlier:
        keys = {
            mine: theirs
            for site in shared
            if (mine := site.key_in(session.code)) is not None
            and (theirs := site.key_in(later.code)) is not None
        }
        on_computer: dict[tuple[str, date], list[tuple[int, int]]] = defaultdict(list)
        for o in plan.placed():
            if o.site not in keys or o.day is None or o.start is None or o.end is None:
                continue
            site = keys[o.site]
            if o.room is not None:
                closed.add((site, o.day, o.room))
            if o.preparation_start is not None:
                loge.append((site, o.day, o.preparation_start, o.start))
            ep = session.epreuves.get(o.epreuve)
            if ep is not None and ep.uses_computer:
                on_computer[(site, o.day)].append((o.start, o.end))
        stations += [(site, day, _most_at_once(spans)) for (site, day), spans in sorted(on_computer.items())]
    return replace(
        later, closed_rooms=frozenset(closed), held_loge=tuple(sorted(loge)), held_stations=tuple(stations)
    )


def _most_at_once(spans: list[tuple[int, int]]) -> int:
    """The most half-open spans ``[a, b)`` running at one minute."""
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    running = most = 0
    for _, change in events:
        running += change
        most = max(most, running)
    return most
