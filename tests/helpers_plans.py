"""A tiny session and a hand-made valid plan, shared by the tests.

The tiny session mirrors the real Toulouse 2021 one in miniature: E2/E2F at
Tarbes on language commissions, E4 at Castres with a loge, E5 at Toulouse and
Muret on computers with two subjects, E6 at Toulouse followed by ENG.  Its
capacities are small (one loge seat at Castres, one computer at Muret) so that
moving a single oral is enough to break a capacity rule.

The plan is written out by hand, time by time, rather than computed: it is the
reference the validator (and later the solver) is checked against, so it must
not share their arithmetic.

Three candidates:

* ``C1`` takes everything (E2 anglais, E2F espagnol, E4, E5, E6 + ENG);
* ``C2`` has tiers-temps (E2 anglais, E4, E5, E6);
* ``C3`` has non-conforming E4 and E6 dossiers (E4, E6 and ENG are NV).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import Any

from scheduler.domain.plan import NV, Oral, Plan, SolverInfo
from scheduler.domain.session import (
    Candidate,
    Centre,
    DailyHours,
    Epreuve,
    Etablissement,
    Origin,
    Session,
    Site,
)
from tests.tiny_sessions import ndrc

C1 = "0210000001"
C2 = "0210000002"
C3 = "0210000003"

#: Days used by the valid plan.
E2_DAY = date(2021, 5, 31)  # Monday
E5_DAY = date(2021, 5, 25)  # Tuesday, the day after the Whit Monday holiday
E4_DAY = date(2021, 6, 7)  # Monday
E6_DAY = date(2021, 6, 21)  # Monday

HOLIDAY = date(2021, 5, 24)  # lundi de Pentecôte, inside E5's window


def at(clock: str) -> int:
    """Minutes since midnight of ``"HH:MM"``."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def tiny_session() -> Session:
    """A small session built in code, shaped like Toulouse 2021."""
    sites = {
        "tarbes": Site("tarbes", "Tarbes", "Lycée Pradeau La Sède", "14 rue Mesclin", "65000", 2, 2, 0),
        "castres": Site(
            "castres", "Castres", "Lycée de la Borde Basse", "Rue de Las Cases", "81100", 2, 1, 0
        ),
        "toulouse": Site(
            "toulouse", "Toulouse", "Lycée ISSEC Pigier", "8 rue F. d'Eaubonne", "31200", 3, 0, 2
        ),
        "muret": Site("muret", "Muret", "Lycée Pierre d'Aragon", "14 av. H. Peyrusse", "31605", 1, 0, 1),
    }
    e6 = Epreuve(
        "E6",
        "Relation client et animation de réseaux",
        ("toulouse",),
        date(2021, 6, 21),
        date(2021, 6, 22),
        preparation_minutes=0,
        oral_minutes=40,
        commission_size=2,
        apart_from=("E4",),
        dossier=True,
    )
    epreuves = {
        "E2": Epreuve(
            "E2",
            "Communication en langue vivante étrangère",
            ("tarbes",),
            date(2021, 5, 31),
            date(2021, 6, 1),
            preparation_minutes=30,
            oral_minutes=30,
            commission_size=1,
            by_language=True,
            column="lv_obligatoire",
        ),
        "E2F": Epreuve(
            "E2F",
            "Langue vivante facultative",
            ("tarbes",),
            date(2021, 5, 31),
            date(2021, 6, 1),
            preparation_minutes=20,
            oral_minutes=20,
            commission_size=1,
            by_language=True,
            examined_with="E2",
            column="lv_facultative",
            optional=True,
        ),
        "E4": Epreuve(
            "E4",
            "Relation client et négociation-vente",
            ("castres",),
            date(2021, 6, 7),
            date(2021, 6, 8),
            preparation_minutes=40,
            oral_minutes=60,
            commission_size=2,
            dossier=True,
        ),
        "E5": Epreuve(
            "E5",
            "Relation client à distance et digitalisation",
            ("toulouse", "muret"),
            # Through a holiday and a weekend, and overlapping E2's window.
            date(2021, 5, 24),
            date(2021, 5, 31),
            preparation_minutes=0,
            oral_minutes=40,
            commission_size=1,
            subjects=("WordPress", "PrestaShop"),
            uses_computer=True,
        ),
        "E6": e6,
        "ENG": Epreuve(
            "ENG",
            "Engagement étudiant",
            e6.sites,
            e6.first_day,
            e6.last_day,
            preparation_minutes=0,
            oral_minutes=20,
            commission_size=2,
            follows="E6",
            column="engagement",
            optional=True,
        ),
    }
    return Session(
        code="mini-2021",
        label="BTS NDRC — session miniature de test",
        languages=("anglais", "espagnol"),
        holidays=frozenset({HOLIDAY}),
        hours=DailyHours(at("08:00"), at("12:30"), at("13:30"), at("18:00")),
        grid_minutes=10,
        rest_minutes=20,
        far_minutes=75,
        welcome_minutes=20,
        sites=sites,
        epreuves=epreuves,
        travel_minutes={"Toulouse": {"castres": 75, "tarbes": 110, "toulouse": 15, "muret": 30}},
        centres=(Centre("Lycée Ozenne", "Toulouse", 3, (Origin("Lycée Ozenne", 3),)),),
        etablissements=(Etablissement("Lycée Ozenne", "Toulouse", "lycée public", {}),),
    )


def tiny_candidates() -> list[Candidate]:
    """The three candidates of the tiny session (see the module docstring)."""
    common: dict[str, Any] = {"etablissement": "Lycée Ozenne", "centre": "Lycée Ozenne"}
    return [
        Candidate(
            C1,
            "ALVES",
            "Marco",
            **ndrc(language="anglais", optional_language="espagnol", e4=True, e5=True, e6=True, engagement=True),
            **common,
        ),
        Candidate(
            C2,
            "BENSAÏD",
            "Nour",
            **ndrc(language="anglais", e4=True, e5=True, e6=True),
            extra_time=Fraction(1, 3),
            **common,
        ),
        Candidate(
            C3,
            "DA SILVA",
            "Alba",
            **ndrc(language="espagnol", e4=True, e5=True, e6=True, engagement=True, e4_nv=True, e6_nv=True),
            **common,
        ),
    ]


def _oral(
    candidate: str,
    epreuve: str,
    site: str,
    room: str,
    commission: str,
    day: date,
    times: str,
    *,
    language: str | None = None,
    subject: str | None = None,
) -> Oral:
    # times: "convocation [preparation] start end", written out in full.
    clocks = [at(t) for t in times.split()]
    convocation, start, end = clocks[0], clocks[-2], clocks[-1]
    preparation = clocks[1] if len(clocks) == 4 else None
    return Oral(
        candidate,
        epreuve,
        language=language,
        subject=subject,
        site=site,
        room=room,
        commission=commission,
        day=day,
        convocation=convocation,
        preparation_start=preparation,
        start=start,
        end=end,
    )


def valid_plan() -> Plan:
    """A hand-made plan of :func:`tiny_candidates` breaking no hard rule.

    Several rules are met exactly at their limit (20 min rest between C1's E2
    and E2F, two candidates in the Tarbes loge, E4 preparations back to back in
    the one-seat Castres loge, ENG right after E6), so that small moves break them.
    """
    tarbes, castres, toulouse, muret = "tarbes", "castres", "toulouse", "muret"
    orals = [
        # E2 / E2F, Tarbes — conv, preparation, oral start, oral end.
        _oral(
            C1, "E2", tarbes, "Salle 1", "E2-ANG-C01", E2_DAY, "08:00 08:20 08:50 09:20", language="anglais"
        ),
        _oral(
            C1, "E2F", tarbes, "Salle 2", "E2-ESP-C01", E2_DAY, "09:20 09:40 10:00 10:20", language="espagnol"
        ),
        # Tiers-temps: 40 min of preparation and 40 min of oral.
        _oral(
            C2, "E2", tarbes, "Salle 1", "E2-ANG-C01", E2_DAY, "08:20 08:40 09:20 10:00", language="anglais"
        ),
        _oral(
            C3, "E2", tarbes, "Salle 2", "E2-ESP-C01", E2_DAY, "13:10 13:30 14:00 14:30", language="espagnol"
        ),
        # E5, Toulouse and Muret, on computers.
        _oral(C1, "E5", toulouse, "Salle 1", "E5-C01", E5_DAY, "07:40 08:00 08:40", subject="WordPress"),
        _oral(C2, "E5", toulouse, "Salle 2", "E5-C02", E5_DAY, "07:40 08:00 09:00", subject="PrestaShop"),
        _oral(C3, "E5", muret, "Salle 1", "E5-C03", E5_DAY, "07:40 08:00 08:40", subject="WordPress"),
        # E4, Castres: one loge seat, so the preparations follow each other.
        _oral(C1, "E4", castres, "Salle 1", "E4-C01", E4_DAY, "07:40 08:00 08:40 09:40"),
        _oral(C2, "E4", castres, "Salle 2", "E4-C02", E4_DAY, "08:20 08:40 09:40 11:00"),
        Oral(C3, "E4", status=NV),
        # E6 then ENG with the same commission, Toulouse.
        _oral(C1, "E6", toulouse, "Salle 1", "E6-C01", E6_DAY, "07:40 08:00 08:40"),
        _oral(C1, "ENG", toulouse, "Salle 1", "E6-C01", E6_DAY, "07:40 08:40 09:00"),  # convoked with E6
        _oral(C2, "E6", toulouse, "Salle 1", "E6-C01", E6_DAY, "09:40 10:00 11:00"),
        Oral(C3, "E6", status=NV),
        Oral(C3, "ENG", status=NV),
    ]
    return Plan("mini-2021", orals, SolverInfo("fait main"))


def find_oral(plan: Plan, candidate: str, epreuve: str) -> Oral:
    """The one oral of ``candidate`` for ``epreuve`` in ``plan``."""
    (found,) = [o for o in plan.orals if o.candidate == candidate and o.epreuve == epreuve]
    return found


def with_oral(plan: Plan, candidate: str, epreuve: str, **changes: Any) -> Plan:
    """A copy of ``plan`` where that one oral has ``changes`` (``dataclasses.replace``)."""
    target = find_oral(plan, candidate, epreuve)
    orals = [replace(o, **changes) if o is target else o for o in plan.orals]
    return replace(plan, orals=orals)


def shift(oral: Oral, minutes: int) -> Oral:
    """``oral`` moved by ``minutes``: convocation, preparation, start and end together."""

    def moved(t: int | None) -> int | None:
        return None if t is None else t + minutes

    return replace(
        oral,
        convocation=moved(oral.convocation),
        preparation_start=moved(oral.preparation_start),
        start=moved(oral.start),
        end=moved(oral.end),
    )


def with_shifted(plan: Plan, candidate: str, epreuve: str, minutes: int) -> Plan:
    """A copy of ``plan`` where that one oral is moved by ``minutes``."""
    target = find_oral(plan, candidate, epreuve)
    return replace(plan, orals=[shift(o, minutes) if o is target else o for o in plan.orals])
