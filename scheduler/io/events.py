"""Loading the events file(s) of a re-run: absences, withdrawals, unavailabilities.

Read by the list skeleton (:mod:`scheduler.io.lists`), like the candidate
and examiner lists: either all the events, or one :class:`InputError`
carrying every problem of every file.

Columns: ``type;cible;epreuve;du;au;commentaire`` (only ``type`` and
``cible`` are required headers; a row that needs a missing column says so).
See :mod:`scheduler.domain.events` for what each kind means.  A ``candidat_ajoute``
line only checks that its number is new: the candidate's row is read from
the separate candidate file given to the command.

Warnings: ignored columns, a header-only file, an event repeated identically
(kept once), dates on which no oral concerned by the event takes place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from scheduler.domain.commission import CommissionId
from scheduler.domain.events import CANDIDATE_KINDS, DATED_KINDS, EVENT_KINDS, Event, EventKind
from scheduler.domain.session import Candidate, Examiner, Session, Site
from scheduler.errors import Problem
from scheduler.io.cells import unmangled_number
from scheduler.io.lists import ListReader, matching_files
from scheduler.io.rows import FirstSeen, Invalid, RowCheck, id_key
from scheduler.io.tables import Column
from scheduler.text import loose_key, numeric_date

EVENT_COLUMNS: list[Column] = [
    Column("type", ("type d'événement", "événement", "nature", "nature de l'événement")),
    Column("cible", ("concerne", "concerné", "qui", "objet", "candidat / examinateur / salle")),
    Column("epreuve", ("épreuve",), required=False),
    Column("du", ("date", "date de début", "début", "le", "à partir du"), required=False),
    Column("au", ("date de fin", "fin", "jusqu'au"), required=False),
    Column("commentaire", ("commentaires", "remarque", "remarques", "observations", "motif"), required=False),
]

# Accented spelling too: offices name files as they say them;
# macOS may store that name decomposed (e + combining accent): both forms count.
_EVENT_GLOBS = tuple(
    unicodedata.normalize(form, f"{stem}*.{ext}")
    for stem in ("evenements", "événements")
    for ext in ("csv", "xlsx")
    for form in ("NFC", "NFD")
)

_KINDS = {loose_key(k): k for k in EVENT_KINDS}
_KIND_HINT = "types possibles : " + ", ".join(EVENT_KINDS)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_HINT = "attendu AAAA-MM-JJ ou JJ/MM/AAAA"
#: E4-C03, E2-ANG-C01 (spaces removed, upper case).
_COMMISSION = re.compile(r"([A-Z][A-Z0-9]*)(?:-([A-Z]+))?-C(\d+)")
_COMMISSION_HINT = "attendu par exemple E4-C03 ou E2-ANG-C01"
_ROOM_HINT = "attendu « site / Salle N », par exemple « castres / Salle 3 »"


@dataclass(frozen=True)
class EventList:
    """The events of every file, in file then line order, and the warnings.

    Iterating over it (or taking its ``len``) works on the events.
    """

    events: list[Event]
    warnings: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)


def default_event_files(folder: Path) -> list[Path]:
    """The folder's ``evenements*.csv|xlsx`` (or ``événements*``), sorted by name.

    Matching ignores case; spreadsheet lock files are left out.
    """
    return matching_files(folder, _EVENT_GLOBS)


def load_events(
    paths: list[Path], session: Session, candidates: list[Candidate], examiners: list[Examiner]
) -> EventList:
    """Read and check every events file; raise :class:`InputError` with all problems.

    ``candidates`` and ``examiners`` are the lists the published plan was
    made from: event targets are checked against them.  An event repeated
    identically (comment aside) is kept once, with a warning.
    """
    reader = _EventReader(session, candidates, examiners)
    return EventList(reader.read(paths), reader.warnings)


class _EventReader(ListReader[Event]):
    """Row checks against one session and its lists, with state shared across files."""

    columns = EVENT_COLUMNS
    name = "liste des événements"
    no_file = "aucun fichier d'événements fourni"
    header_only = "aucun événement : le fichier ne contient que la ligne d'en-tête"
    # Unlike a candidate list, an events file may well be empty for now.
    header_only_is_problem = False

    def __init__(self, session: Session, candidates: list[Candidate], examiners: list[Examiner]) -> None:
        super().__init__()
        self.session = session
        self.candidates = {id_key(c.number): c for c in candidates}
        # Excel drops the leading zeros of a number stored as a number.
        self.unpadded = {id_key(c.number).lstrip("0"): c for c in candidates}
        self.examiners = {id_key(e.id): e for e in examiners}
        self.seen = FirstSeen()
        #: The épreuves whose dossier can be declared non conforme, as messages list them.
        self.dossiers = " ou ".join(c for c, e in session.epreuves.items() if e.dossier) or "aucune"

    def parse_row(self, row: RowCheck) -> Event | None:
        event = self._event(row)
        if event is None:
            return None
        first = row.repeat(self.seen, replace(event, comment="", source=("", 0)))
        if first is not None:
            where = ("de la " if first.file == row.file else "du ") + row.where(first)
            row.note(
                Problem(
                    row.file,
                    f"événement en double : identique à celui {where} ; il n'est retenu qu'une fois",
                    line=row.line,
                )
            )
            return None
        return event

    def _event(self, row: RowCheck) -> Event | None:
        v = row.values
        kind = row.cell("type", _parse_kind)
        first_day = row.cell("du", _parse_date)
        last_day = row.cell("au", _parse_date)
        comment = v["commentaire"]
        if kind is None:
            # Without a kind, the target cannot be read: one problem is enough.
            return None

        # Columns that mean nothing for this kind: a value there is a
        # misplaced line, not something to drop silently.
        unused = ["du", "au"] if kind not in DATED_KINDS else []
        if kind not in CANDIDATE_KINDS and kind != "examinateur_indisponible":
            unused.append("epreuve")
        for column in unused:
            if v[column]:
                row.fail(column, f"sans objet pour un événement « {kind} » : laissez la case vide")

        target: str | None = None
        epreuve: str | None = None
        room: str | None = None
        # For the dated kinds: the épreuves concerned and how to name the
        # target in the « no oral in this period » warning.
        codes: frozenset[str] = frozenset()
        what = ""
        if kind in CANDIDATE_KINDS:
            candidate = row.cell("cible", self._find_candidate)
            epreuve = row.cell("epreuve", self._parse_epreuve)
            if kind == "dossier_non_conforme" and not v["epreuve"]:
                row.missing("epreuve", f"épreuve obligatoire pour un dossier non conforme : {self.dossiers}")
            elif (
                kind == "dossier_non_conforme"
                and epreuve is not None
                and not self.session.epreuves[epreuve].dossier
            ):
                row.fail(
                    "epreuve",
                    f"l'{epreuve} n'a pas de dossier qui puisse être non conforme (épreuves à dossier : {self.dossiers})",
                )
            elif candidate is not None and epreuve is not None and epreuve not in candidate.requested_orals():
                registered = ", ".join(candidate.requested_orals()) or "aucune"
                row.fail(
                    "epreuve",
                    f"le candidat {candidate.number} ({candidate.surname} {candidate.given_name}) n'est pas "
                    f"inscrit à cette épreuve ; ses épreuves : {registered}",
                )
            target = candidate.number if candidate is not None else None
        elif kind == "candidat_ajoute":
            target = row.cell("cible", self._new_number)
        elif kind == "examinateur_indisponible":
            found = row.cell("cible", self._find_examiner_or_commission)
            # An office writes « EX016, E4, 8 juin »: an épreuve the examiner
            # (or commission) examines says the same thing; another is a slip.
            stated = row.cell("epreuve", self._parse_epreuve)
            if found is not None:
                target, codes, what = found
                if stated is not None and stated not in codes:
                    row.fail(
                        "epreuve",
                        f"{what.removeprefix('de ')} n'interroge pas à l'épreuve {stated} ; "
                        f"ses épreuves : {', '.join(sorted(codes)) or 'aucune'}",
                    )
        else:
            place = row.cell("cible", self._find_room)
            if place is not None:
                site, room = place
                target = site.key
                codes = frozenset(e.code for e in self.session.epreuves.values() if site.key in e.sites)
                what = f"sur le site {site.key}"

        if kind in DATED_KINDS:
            if not v["du"]:
                row.missing("du", f"date de début obligatoire pour un événement « {kind} » ({_DATE_HINT})")
            elif first_day is not None and last_day is None and not v["au"]:
                last_day = first_day
            if first_day is not None and last_day is not None and last_day < first_day:
                row.fail(
                    "au",
                    f"date de fin antérieure à la date de début ({numeric_date(first_day)}) : "
                    "corrigez l'une ou l'autre",
                )

        if row.failed:
            return None
        assert target is not None
        if kind in DATED_KINDS:
            assert first_day is not None and last_day is not None
            unused_days = self._no_oral(codes, first_day, last_day, what)
            if unused_days:
                row.note(row.at("du", unused_days))
        else:
            first_day = last_day = None
        return Event(
            kind=kind,
            target=target,
            epreuve=epreuve,
            first_day=first_day,
            last_day=last_day,
            room=room,
            comment=comment,
            source=row.source,
        )

    def _parse_epreuve(self, raw: str) -> str | None:
        if not raw.strip():
            return None
        code = id_key(raw)
        if code not in self.session.epreuves:
            raise Invalid(f"épreuve inconnue ; épreuves possibles : {', '.join(self.session.epreuves)}")
        return code

    def _find_candidate(self, raw: str) -> Candidate:
        key = id_key(raw)
        if not key:
            raise Invalid("valeur obligatoire manquante : le numéro du candidat")
        found = self.candidates.get(key)
        if found is not None:
            return found
        padded = self.unpadded.get(key.lstrip("0"))
        if padded is not None:
            raise Invalid(
                f"numéro inconnu de la liste des candidats ; zéros initiaux perdus par Excel ? "
                f"« {padded.number} » ({padded.surname} {padded.given_name}) existe : "
                "formatez la colonne en texte"
            )
        raise Invalid(
            "numéro inconnu de la liste des candidats (pour un nouvel inscrit : type « candidat_ajoute »)"
        )

    def _new_number(self, raw: str) -> str:
        number = " ".join(raw.split())
        if not number:
            raise Invalid("valeur obligatoire manquante : le numéro du nouveau candidat")
        unmangled_number(number)
        known = self.candidates.get(id_key(number))
        if known is not None:
            file, line = known.source
            raise Invalid(
                f"numéro déjà dans la liste des candidats ({known.surname} {known.given_name}, {file} "
                f"ligne {line}) : un candidat ajouté doit avoir un nouveau numéro"
            )
        return number

    def _find_examiner_or_commission(self, raw: str) -> tuple[str, frozenset[str], str]:
        """``(target, épreuve codes concerned, French « de … » for warnings)``."""
        key = id_key(raw)
        if not key:
            raise Invalid(
                f"valeur obligatoire manquante : un identifiant d'examinateur ou de commission ({_COMMISSION_HINT})"
            )
        examiner = self.examiners.get(key)
        if examiner is not None:
            codes = frozenset(e.code for e in self.session.epreuves.values() if e.family in examiner.epreuves)
            return examiner.id, codes, f"de l'examinateur {examiner.id}"
        m = _COMMISSION.fullmatch(key)
        if m is not None:
            family, language, number = m[1], m[2], int(m[3])
            epreuve = self.session.epreuves.get(family)
            if epreuve is None or epreuve.family != family:
                own = ", ".join(c for c, e in self.session.epreuves.items() if e.family == c)
                raise Invalid(
                    f"commission d'une épreuve sans commissions propres ; épreuves à commissions : {own}"
                )
            if epreuve.by_language and not language:
                raise Invalid(
                    f"langue manquante : les commissions de l'{family} sont par langue, par exemple {family}-ANG-C01"
                )
            if language and not epreuve.by_language:
                raise Invalid(
                    f"les commissions de l'{family} ne sont pas par langue : écrivez {CommissionId(family, number)}"
                )
            if number < 1:
                raise Invalid(f"numéro de commission à partir de 1 ({_COMMISSION_HINT})")
            commission = str(CommissionId(f"{family}-{language}" if language else family, number))
            codes = frozenset(e.code for e in self.session.epreuves.values() if e.family == family)
            return commission, codes, f"de la commission {commission}"
        if re.match(r"E\d", key) and "-" in key:
            raise Invalid(f"identifiant de commission mal formé : {_COMMISSION_HINT}")
        if not self.examiners:
            # Without an examiner list the plan only knows anonymous commissions.
            raise Invalid(
                f"pas de liste d'examinateurs : seul un identifiant de commission est possible ({_COMMISSION_HINT})"
            )
        raise Invalid(
            f"examinateur inconnu de la liste des examinateurs (ou commission : {_COMMISSION_HINT})"
        )

    def _find_room(self, raw: str) -> tuple[Site, str]:
        if not loose_key(raw):
            raise Invalid(f"valeur obligatoire manquante : {_ROOM_HINT}")
        # « castres / Salle 3 », « castres / 3 » or « Castres Salle 3 ».
        site_text, slash, room_text = raw.rpartition("/")
        if slash:
            site_key = loose_key(site_text)
            m = re.fullmatch(r"(?:salle ?)?(\d+)", loose_key(room_text))
            number_text = m[1] if m else ""
        else:
            m = re.fullmatch(r"(.+?) ?salle ?(\d+)", loose_key(raw))
            site_key, number_text = (m[1], m[2]) if m else ("", "")
        if not site_key or not number_text:
            raise Invalid(f"site ou salle illisible : {_ROOM_HINT}")
        sites = [s for s in self.session.sites.values() if site_key in (loose_key(s.key), loose_key(s.town))]
        listed = ", ".join(f"{s.key} ({s.town})" for s in self.session.sites.values()) or "aucun"
        if not sites:
            raise Invalid(f"site inconnu ; sites de la session : {listed}")
        if len(sites) > 1:
            raise Invalid(f"site ambigu : plusieurs sites dans cette ville ; écrivez sa clé ({listed})")
        site, number = sites[0], int(number_text)
        if not 1 <= number <= site.interrogation_rooms:
            raise Invalid(
                f"salle inexistante : le site {site.key} ({site.town}) a {site.interrogation_rooms} salle(s) "
                f"d'interrogation, de Salle 1 à Salle {site.interrogation_rooms}"
            )
        return site, f"Salle {number}"

    def _no_oral(self, codes: frozenset[str], first: date, last: date, what: str) -> str:
        """A French warning when no oral of ``codes`` falls from ``first`` to ``last``, or ""."""
        windows = [e for c, e in self.session.epreuves.items() if c in codes and e.follows is None]
        if any(first <= d <= last for e in windows for d in self.session.working_days(e)):
            return ""
        dates = ", ".join(
            f"{e.code} du {numeric_date(e.first_day)} au {numeric_date(e.last_day)}" for e in windows
        )
        return f"aucun jour d'oral {what} dans cette période : l'événement ne changera rien" + (
            f" (dates des oraux : {dates})" if dates else ""
        )


def _parse_kind(raw: str) -> EventKind:
    if not raw.strip():
        raise Invalid(f"valeur obligatoire manquante ; {_KIND_HINT}")
    kind = _KINDS.get(loose_key(raw))
    if kind is None:
        raise Invalid(f"type d'événement inconnu ; {_KIND_HINT}")
    return kind


def _parse_date(raw: str) -> date | None:
    text = raw.strip()
    if not text:
        return None
    iso = _ISO_DATE.fullmatch(text)
    french = _FRENCH_DATE.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        raise Invalid(f"date impossible ; {_DATE_HINT}") from None
    raise Invalid(f"date illisible ; {_DATE_HINT}")
