"""Builders of small sessions and synthetic candidates for the planner tests.

Unlike :mod:`helpers_plans` (one fixed miniature of Toulouse 2021), these
build a session to measure: the rooms, loge seats and computer stations of each
site, the window of each épreuve, the opening hours, and N candidates with
chosen orals, languages and extra time.  Durations are those of the BTS NDRC
circular (E4: 40 min in loge then 60 min), so that a test can derive its
expected optimum by hand.

:func:`assert_valid` is the one way a test accepts a plan: the solver-free
validator must find nothing to say about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from scheduler.domain.commission import commission_days
from scheduler.domain.plan import Oral, Plan
from scheduler.domain.session import Candidate, DailyHours, Epreuve, Session, Site
from scheduler.solver.options import SolveOptions
from scheduler.validate.hard_rules import validate

#: A Monday; ``MONDAY + timedelta(days=5)`` is a Saturday.
MONDAY = date(2021, 6, 7)

#: 08:00–12:30 and 13:30–18:00, as in Toulouse 2021: 270 minutes per half-day.
HOURS = DailyHours(8 * 60, 12 * 60 + 30, 13 * 60 + 30, 18 * 60)

#: The largest solve a test may ask for: single worker, fixed seed and a
#: deterministic limit, so that a run repeats exactly whatever the machine.
FAST = SolveOptions(time_limit=30, workers=1, seed=1, deterministic_limit=2.0)

SITE = "lycee"

#: (preparation, oral) minutes of each épreuve, without extra time.
DURATIONS: dict[str, tuple[int, int]] = {
    "E2": (30, 30),
    "E2F": (20, 20),
    "E4": (40, 60),
    "E5": (0, 40),
    "E6": (0, 40),
    "ENG": (0, 20),
}

_LABELS = {
    "E2": "Communication en langue vivante étrangère",
    "E2F": "Langue vivante facultative",
    "E4": "Relation client et négociation-vente",
    "E5": "Relation client à distance et digitalisation",
    "E6": "Relation client et animation de réseaux",
    "ENG": "Engagement étudiant",
}


def at(clock: str) -> int:
    """Minutes since midnight of ``"HH:MM"``."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def day(n: int) -> date:
    """The ``n``-th calendar day after :data:`MONDAY` (0 is that Monday)."""
    return MONDAY + timedelta(days=n)


#: The candidate-list columns the NDRC session names (``colonne`` in session.toml).
NDRC_COLUMNS = {"E2": "lv_obligatoire", "E2F": "lv_facultative", "ENG": "engagement"}


def make_site(key: str = SITE, *, rooms: int = 1, loge: int = 1, stations: int = 0) -> Site:
    """A site with ``rooms`` interrogation rooms, ``loge`` seats and ``stations`` computers."""
    return Site(key, key.capitalize(), f"Lycée de {key}", "1 rue de l'École", "31000", rooms, loge, stations)


def make_epreuve(
    code: str,
    *,
    sites: tuple[str, ...] = (SITE,),
    first_day: date = MONDAY,
    last_day: date | None = None,
) -> Epreuve:
    """Épreuve ``code`` with the circular's durations, held at ``sites`` from
    ``first_day`` to ``last_day`` (the same day by default)."""
    prep, oral = DURATIONS[code]
    return Epreuve(
        code,
        _LABELS[code],
        sites,
        first_day,
        last_day or first_day,
        preparation_minutes=prep,
        oral_minutes=oral,
        commission_size=1 if code in ("E2", "E2F", "E5") else 2,
        by_language=code in ("E2", "E2F"),
        follows="E6" if code == "ENG" else None,
        subjects=("WordPress", "PrestaShop") if code == "E5" else (),
        uses_computer=code == "E5",
        examined_with="E2" if code == "E2F" else None,
        apart_from=("E4",) if code == "E6" else (),
        column=NDRC_COLUMNS.get(code, ""),
        dossier=code in ("E4", "E6"),
        optional=code in ("E2F", "ENG"),
    )


def make_session(
    epreuves: Iterable[Epreuve],
    sites: Iterable[Site],
    *,
    holidays: Iterable[date] = (),
    hours: DailyHours = HOURS,
    grid_minutes: int = 10,
    rest_minutes: int = 20,
    languages: tuple[str, ...] = ("anglais", "espagnol"),
) -> Session:
    """A session of these épreuves and sites.

    ENG is added after E6 and E2F beside E2 (same window and sites) when
    missing, since a candidate's engagement or optional language asks for them.
    """
    by_code = {e.code: e for e in epreuves}
    if "E6" in by_code and "ENG" not in by_code:
        e6 = by_code["E6"]
        by_code["ENG"] = make_epreuve("ENG", sites=e6.sites, first_day=e6.first_day, last_day=e6.last_day)
    if "E2" in by_code and "E2F" not in by_code:
        e2 = by_code["E2"]
        by_code["E2F"] = make_epreuve("E2F", sites=e2.sites, first_day=e2.first_day, last_day=e2.last_day)
    return Session(
        code="test",
        label="Session de test",
        languages=languages,
        holidays=frozenset(holidays),
        hours=hours,
        grid_minutes=grid_minutes,
        rest_minutes=rest_minutes,
        far_minutes=75,
        welcome_minutes=20,
        sites={s.key: s for s in sites},
        epreuves=by_code,
        travel_minutes={},
    )


def one_site_session(
    codes: Iterable[str] = ("E4",),
    *,
    days: int = 1,
    rooms: int = 1,
    loge: int = 1,
    stations: int = 0,
    first_day: date = MONDAY,
    holidays: Iterable[date] = (),
    hours: DailyHours = HOURS,
) -> Session:
    """Every épreuve of ``codes`` at one site over the same ``days`` calendar days."""
    last = first_day + timedelta(days=days - 1)
    return make_session(
        [make_epreuve(c, first_day=first_day, last_day=last) for c in codes],
        [make_site(rooms=rooms, loge=loge, stations=stations)],
        holidays=holidays,
        hours=hours,
    )


def ndrc(
    *,
    language: str | None = None,
    optional_language: str | None = None,
    e4: bool = False,
    e5: bool = False,
    e6: bool = False,
    engagement: bool = False,
    e4_nv: bool = False,
    e6_nv: bool = False,
) -> dict[str, Any]:
    """A :class:`Candidate`'s registrations for the NDRC épreuves, as keyword
    arguments: ``Candidate(..., **ndrc(language="anglais", e4=True))``.
    ENG comes with E6 only; an NV dossier bars only orals taken, an NV E6 dossier ENG too."""
    languages = tuple((code, lang) for code, lang in (("E2", language), ("E2F", optional_language)) if lang)
    flags = (("E4", e4), ("E5", e5), ("E6", e6), ("ENG", e6 and engagement))
    orals = tuple(code for code, _ in languages) + tuple(code for code, on in flags if on)
    nv = ({"E4"} if e4_nv else set()) | ({"E6", "ENG"} if e6_nv else set())
    return {"orals": orals, "languages": languages, "nv": frozenset(nv) & set(orals)}


def make_candidates(
    n: int,
    *,
    first: int = 1,
    orals: Iterable[str] = ("E4",),
    language: str = "anglais",
    optional_language: str | None = None,
    engagement: bool = False,
    extra_time: Fraction = Fraction(0),
    e4_nv: bool = False,
    e6_nv: bool = False,
    etablissement: str = "Lycée Test",
) -> list[Candidate]:
    """``n`` candidates numbered from ``first`` (``0219000001``…), all alike.

    ``orals`` among E2, E4, E5, E6; ``language`` is used when E2 is asked,
    ``optional_language`` adds E2F and ``engagement`` adds ENG to E6.
    """
    codes = set(orals)
    return [
        Candidate(
            number=f"0219{first + i:06d}",
            surname=f"NOM{first + i}",
            given_name="Prénom",
            etablissement=etablissement,
            centre="Centre Test",
            **ndrc(
                language=language if "E2" in codes else None,
                optional_language=optional_language,
                e4="E4" in codes,
                e5="E5" in codes,
                e6="E6" in codes,
                engagement=engagement,
                e4_nv=e4_nv,
                e6_nv=e6_nv,
            ),
            extra_time=extra_time,
        )
        for i in range(n)
    ]


def numbers(candidates: Iterable[Candidate]) -> list[str]:
    return [c.number for c in candidates]


def assert_valid(session: Session, candidates: list[Candidate], plan: Plan) -> None:
    """The validator finds no violation in ``plan`` (the list is shown otherwise)."""
    violations = validate(session, candidates, plan)
    assert violations == [], "\n".join(f"[{v.rule}] {v.message}" for v in violations)


def orals_of(plan: Plan, code: str) -> list[Oral]:
    """The placed orals of épreuve ``code``, by day and start."""
    found = [o for o in plan.placed() if o.epreuve == code]
    return sorted(found, key=lambda o: (o.day or MONDAY, o.start or 0, o.candidate))


def commission_day_count(plan: Plan) -> int:
    """Commission-days used by the plan, every family together."""
    return len(commission_days(plan))


def max_overlap(intervals: Iterable[tuple[int, int]]) -> int:
    """Most half-open intervals ``[a, b)`` running at one minute."""
    events = sorted(e for a, b in intervals for e in ((a, 1), (b, -1)))
    running = best = 0
    for _, delta in events:  # an end sorts before a start at the same minute
        running += delta
        best = max(best, running)
    return best


def oral_spans(orals: Iterable[Oral]) -> list[tuple[int, int]]:
    """``(start, end)`` of each placed oral."""
    out = []
    for o in orals:
        assert o.start is not None and o.end is not None, o
        out.append((o.start, o.end))
    return out


def preparation_spans(orals: Iterable[Oral]) -> list[tuple[int, int]]:
    """``(preparation start, oral start)`` of each placed oral with a preparation."""
    return [
        (o.preparation_start, o.start)
        for o in orals
        if o.preparation_start is not None and o.start is not None
    ]


def with_fast(
    *, time_limit: float = FAST.time_limit, deterministic_limit: float | None = None
) -> SolveOptions:
    """:data:`FAST` with a shorter time or deterministic limit."""
    return replace(
        FAST, time_limit=time_limit, deterministic_limit=deterministic_limit or FAST.deterministic_limit
    )


def rooms_by_place_day(session: Session, plan: Plan) -> dict[tuple[str, date], set[str]]:
    """The rooms ``plan`` uses, by (school of the site, day): how two
    sessions sharing a school are compared."""
    out: dict[tuple[str, date], set[str]] = {}
    for o in plan.placed():
        assert o.site and o.day and o.room, o
        out.setdefault((session.sites[o.site].etablissement, o.day), set()).add(o.room)
    return out
