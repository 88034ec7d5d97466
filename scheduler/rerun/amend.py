"""Re-runs after events (``oraux replanifier``): the amended inputs and what may move.

Solver-free.  Events never edit the published plan directly: they amend the
inputs — a candidate becomes absent or withdrawn at some orals, a dossier
non-conforming, an examiner unavailable on some days, a room or an anonymous
commission closed, a late candidate added — and the re-run plans the amended
inputs starting from the published plan.  The usual validator then checks
the new plan against the amended inputs, so every event is checked too.

Time splits the published orals in three:

* *past*: the candidate's activity started before ``now`` — it happened and
  never changes;
* *frozen*: the rest of today's orals, unless an event touches them;
* *movable*: everything later, which the re-run changes only when it must
  (the count of changes is what it minimises first).

The events of a chain of re-runs accumulate: each saved plan records every
event applied since the first plan (a late candidate with their row), so the
next re-run applies them again with its own events and needs no earlier file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, cast

from scheduler.domain.events import EVENT_KINDS, Event, EventKind
from scheduler.domain.plan import ABSENT, NV, WITHDRAWN, Plan, started
from scheduler.domain.session import Candidate, Examiner, Registrations, Session
from scheduler.errors import InputError, Problem
from scheduler.text import numeric_date

OralKey = tuple[str, str]


@dataclass(frozen=True)
class Amended:
    """The inputs after the events, and how each published oral may change."""

    session: Session
    candidates: list[Candidate]
    examiners: list[Examiner]
    now: datetime
    #: Every event applied since the first plan, earliest first.
    events: list[Event]
    #: Rows of the late registrations, by number (recorded with their event).
    added: dict[str, Candidate]
    #: Published planned orals that started before ``now``.
    past: frozenset[OralKey]
    #: Published planned orals that keep their place and time: the past ones
    #: and today's not touched by an event.
    frozen: frozenset[OralKey]
    #: Published planned orals an event takes away from their commission,
    #: room or examiner.
    disrupted: frozenset[OralKey]
    #: Commission-days under way today that lose their examiner or close:
    #: the orals already started keep them, the rest of the day cannot.
    split: frozenset[tuple[str, date]]
    #: What each new event did (not those of earlier re-runs), in French,
    #: for the terminal summary.
    applied: list[str]

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def minute(self) -> int:
        """``now`` in minutes since midnight."""
        return self.now.hour * 60 + self.now.minute


def amend(
    session: Session,
    candidates: list[Candidate],
    examiners: list[Examiner],
    parent: Plan,
    events: list[Event],
    now: datetime,
    added: dict[str, Candidate] | None = None,
    *,
    recorded: int = 0,
) -> Amended:
    """Apply ``events`` (the parent's recorded ones first, then the new ones)
    to the inputs the parent plan was made from.

    ``added`` holds the rows of late registrations (``candidat_ajoute``);
    raise :class:`InputError` when an added number has no row.  The first
    ``recorded`` events are those of earlier re-runs: applied again, they
    are not told again in :attr:`Amended.applied`.
    """
    added = dict(added or {})
    today = now.date()
    by_number = {c.number: c for c in candidates}
    # What each event did, with the event's index.
    applied: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for index, ev in enumerate(events):
        if ev.kind != "candidat_ajoute":
            continue
        row = added.get(ev.target)
        if row is None:
            file, line = ev.source
            problems.append(
                Problem(
                    file,
                    f"candidat ajouté {ev.target} : sa ligne manque ; donnez le fichier des nouveaux inscrits "
                    "avec --ajouts",
                    line=line or None,
                )
            )
            continue
        by_number[row.number] = row
        applied.append((index, f"Nouvel inscrit {_who(row)} : ses oraux sont à placer"))
    if problems:
        raise InputError(problems)

    orals = {(o.candidate, o.epreuve): o for o in parent.orals}
    absent: dict[str, set[str]] = {}
    withdrawn: dict[str, set[str]] = {}
    nv: dict[str, set[str]] = {}
    # What earlier re-runs decided stays decided.
    for o in parent.orals:
        if o.status == ABSENT:
            absent.setdefault(o.candidate, set()).add(o.epreuve)
        elif o.status == WITHDRAWN:
            withdrawn.setdefault(o.candidate, set()).add(o.epreuve)
        elif o.status == NV and o.candidate in by_number and not by_number[o.candidate].is_nv(o.epreuve):
            nv.setdefault(o.candidate, set()).add(o.epreuve)

    underway = [o for o in parent.orals if started(o, now)]
    split: set[tuple[str, date]] = set()
    closed_rooms: set[tuple[str, date, str]] = set(session.closed_rooms)
    closed_commissions: set[tuple[str, date]] = set(session.closed_commissions)
    unavailable: dict[str, set[date]] = {}
    examiner_ids = {e.id for e in examiners}
    for index, ev in enumerate(events):
        cand = by_number.get(ev.target)
        if ev.kind in ("candidat_absent", "candidat_desiste") and cand is not None:
            codes = _codes(session, cand, ev.epreuve)
            if ev.kind == "candidat_desiste" or ev.epreuve is None:
                # A withdrawal, or an absence from « all orals », concerns what is still to come.
                codes = [c for c in codes if not started(orals.get((cand.number, c)), now)]
            target = withdrawn if ev.kind == "candidat_desiste" else absent
            target.setdefault(cand.number, set()).update(codes)
            verb = "désisté" if ev.kind == "candidat_desiste" else "absent"
            applied.append(
                (
                    index,
                    f"Candidat {_who(cand)} : {verb} à {_list(codes)}"
                    if codes
                    else f"Candidat {_who(cand)} : aucun oral à venir, rien à changer",
                )
            )
        elif ev.kind == "dossier_non_conforme" and cand is not None and ev.epreuve is not None:
            codes = _codes(session, cand, ev.epreuve)
            nv.setdefault(cand.number, set()).update(codes)
            applied.append((index, f"Candidat {_who(cand)} : dossier non conforme à l'{ev.epreuve}, NV"))
        elif ev.kind in ("examinateur_indisponible", "salle_indisponible"):
            days = _days(ev, today)
            if not days:
                applied.append((index, f"{_event_label(ev)} : période passée, rien à changer"))
                continue
            # Today, what already started is history: a room, examiner or
            # commission at work keeps this morning's orals.
            already_told = False
            if days[0] == today:
                if ev.kind == "salle_indisponible":
                    busy = any(o.site == ev.target and o.room == ev.room and o.day == today for o in underway)
                else:
                    mine = {
                        o.commission
                        for o in underway
                        if o.day == today and ev.target in (o.commission, *o.examiners)
                    }
                    busy = bool(mine)
                    split.update((c, today) for c in mine if c is not None)
                if busy and ev.kind == "salle_indisponible":
                    later = f", fermée {_period(days[1:])}" if days[1:] else ""
                    applied.append(
                        (
                            index,
                            f"{_event_label(ev)} : des oraux y ont commencé aujourd'hui, la salle reste attribuée "
                            f"aujourd'hui à sa commission{later}",
                        )
                    )
                    already_told = True
                elif busy:
                    applied.append(
                        (
                            index,
                            f"{_event_label(ev)} : {_period(days)} ; les oraux déjà commencés aujourd'hui restent, "
                            "la suite de sa journée change",
                        )
                    )
                    already_told = True
                if busy:
                    days = days[1:]
            if ev.kind == "salle_indisponible":
                assert ev.room is not None
                closed_rooms.update((ev.target, d, ev.room) for d in days)
            elif ev.target in examiner_ids:
                unavailable.setdefault(ev.target, set()).update(days)
            else:
                closed_commissions.update((ev.target, d) for d in days)
            if not already_told:
                applied.append((index, f"{_event_label(ev)} : {_period(days)}"))

    amended_candidates = [
        _amend_candidate(
            c, absent.get(c.number, set()), withdrawn.get(c.number, set()), nv.get(c.number, set())
        )
        for c in by_number.values()
    ]
    amended_examiners = [session.without_days(e, unavailable.get(e.id, set())) for e in examiners]
    amended_session = replace(
        session, closed_rooms=frozenset(closed_rooms), closed_commissions=frozenset(closed_commissions)
    )
    present = {e.id: e for e in amended_examiners}
    sits = {c.number: c for c in amended_candidates}
    past: set[OralKey] = set()
    frozen: set[OralKey] = set()
    disrupted: set[OralKey] = set()
    for o in parent.orals:
        key = (o.candidate, o.epreuve)
        if not o.is_placed or o.candidate not in sits or not sits[o.candidate].sits(o.epreuve):
            continue
        assert o.day is not None
        if started(o, now):
            past.add(key)
            frozen.add(key)
            continue
        hit = (
            (o.commission, o.day) in closed_commissions
            or (o.commission, o.day) in split
            or (o.site, o.day, o.room) in closed_rooms
            or (
                bool(present) and any(i not in present or not present[i].can_come(o.day) for i in o.examiners)
            )
        )
        if hit:
            disrupted.add(key)
        elif o.day <= today:
            frozen.add(key)
    return Amended(
        session=amended_session,
        candidates=amended_candidates,
        examiners=amended_examiners,
        now=now,
        events=list(events),
        added={n: r for n, r in added.items() if n in by_number},
        past=frozenset(past),
        frozen=frozenset(frozen),
        disrupted=frozenset(disrupted),
        split=frozenset(split),
        applied=[line for i, line in applied if i >= recorded],
    )


def _codes(session: Session, cand: Candidate, epreuve: str | None) -> list[str]:
    """The registered orals an event on ``epreuve`` (``None``: all) concerns;
    the units that follow an épreuve (ENG after E6) go with it."""
    requested = cand.requested_orals()
    if epreuve is None:
        return requested
    codes = [epreuve, *session.follow_ons(epreuve)]
    return [c for c in codes if c in requested]


def _amend_candidate(cand: Candidate, absent: set[str], withdrawn: set[str], nv: set[str]) -> Candidate:
    if not (absent or withdrawn or nv):
        return cand
    return replace(
        cand,
        absent=cand.absent | frozenset(absent),
        withdrawn=cand.withdrawn | frozenset(withdrawn),
        nv=cand.nv | frozenset(nv),
    )


def _days(ev: Event, today: date) -> list[date]:
    """Calendar days of a dated event from today on."""
    assert ev.first_day is not None and ev.last_day is not None
    first = max(ev.first_day, today)
    return [first + timedelta(days=i) for i in range((ev.last_day - first).days + 1)]


def _who(cand: Candidate) -> str:
    return f"{cand.number} ({cand.surname} {cand.given_name})"


def _list(codes: list[str]) -> str:
    return ", ".join(codes)


def _period(days: list[date]) -> str:
    if len(days) == 1:
        return f"le {numeric_date(days[0])}"
    return f"du {numeric_date(days[0])} au {numeric_date(days[-1])}"


def _event_label(ev: Event) -> str:
    if ev.kind == "salle_indisponible":
        return f"Salle indisponible {ev.target} / {ev.room}"
    if "-C" in ev.target:
        return f"Commission {ev.target} indisponible"
    return f"Examinateur {ev.target} indisponible"


# --------------------------------------------------------------------------
# Recording events in plan files


def event_to_dict(ev: Event, row: Candidate | None = None) -> dict[str, Any]:
    """An event as recorded in a plan file (a late candidate's row included)."""
    out: dict[str, Any] = {
        "type": ev.kind,
        "cible": ev.target,
        "epreuve": ev.epreuve,
        "du": ev.first_day.isoformat() if ev.first_day else None,
        "au": ev.last_day.isoformat() if ev.last_day else None,
        "salle": ev.room,
        "commentaire": ev.comment,
        "fichier": ev.source[0],
        "ligne": ev.source[1],
    }
    if row is not None:
        out["candidat"] = {
            "numero": row.number,
            "nom": row.surname,
            "prenom": row.given_name,
            "etablissement": row.etablissement,
            "centre": row.centre,
            "oraux": list(row.orals),
            "langues": dict(row.languages),
            "nv": sorted(row.nv),
            "tiers_temps": str(row.extra_time),
        }
    return out


def event_from_dict(raw: dict[str, Any], where: str) -> tuple[Event, Candidate | None]:
    """The event (and late candidate row) recorded by :func:`event_to_dict`;
    raise :class:`InputError` naming ``where`` when the record is damaged."""
    try:
        kind = raw["type"]
        if kind not in EVENT_KINDS:
            raise ValueError(kind)
        ev = Event(
            kind=cast(EventKind, kind),
            target=str(raw["cible"]),
            epreuve=raw.get("epreuve"),
            first_day=date.fromisoformat(raw["du"]) if raw.get("du") else None,
            last_day=date.fromisoformat(raw["au"]) if raw.get("au") else None,
            room=raw.get("salle"),
            comment=str(raw.get("commentaire") or ""),
            source=(str(raw.get("fichier") or ""), int(raw.get("ligne") or 0)),
        )
        row = None
        c = raw.get("candidat")
        if c is not None:
            orals, languages, nv = _registrations(c) if "oraux" in c else _ndrc_registrations(c)
            row = Candidate(
                number=str(c["numero"]),
                surname=str(c["nom"]),
                given_name=str(c["prenom"]),
                etablissement=str(c["etablissement"]),
                centre=str(c["centre"]),
                orals=orals,
                languages=languages,
                nv=nv,
                extra_time=Fraction(c.get("tiers_temps") or "0"),
                source=(where, 0),
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            [Problem(where, f"événement enregistré illisible ({exc})", value=str(raw))]
        ) from None
    return ev, row



def _registrations(c: dict[str, Any]) -> Registrations:
    """A late candidate's orals, languages and NV orals as :func:`event_to_dict` records them."""
    languages = c.get("langues") or {}
    if not isinstance(languages, dict):
        raise TypeError("langues")
    return (
        tuple(str(x) for x in c["oraux"]),
        tuple((str(k), str(v)) for k, v in languages.items()),
        frozenset(str(x) for x in c.get("nv") or ()),
    )


def _ndrc_registrations(c: dict[str, Any]) -> Registrations:
    """The same, from a plan file written before épreuves were data: those
    recorded the NDRC épreuves in fields of their own."""
    pairs = (("E2", c.get("langue")), ("E2F", c.get("langue_facultative")))
    languages = tuple((code, str(lang)) for code, lang in pairs if lang)
    flags = (("E4", c["e4"]), ("E5", c["e5"]), ("E6", c["e6"]), ("ENG", c["e6"] and c["engagement"]))
    orals = tuple(code for code, _ in languages) + tuple(code for code, on in flags if on)
    nv = ({"E4"} if c["e4_nv"] else set()) | ({"E6", "ENG"} if c["e6_nv"] else set())
    return orals, languages, frozenset(nv)
