"""Validated, immutable domain data of an oral-exam session.

Everything here is built by the loaders in :mod:`scheduler.io` after the raw
files have been checked; the solver, the validator and the exports only ever
see these objects.  Times of day are minutes since midnight, dates are
:class:`datetime.date`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

Mode = Literal["ponctuel", "CCF"]

_DIGITS = re.compile(r"(\d+)")
#: What :func:`code_rank` returns: compare, do not read.
CodeRank = tuple[tuple[int, int | str], ...]


def code_rank(code: str) -> CodeRank:
    """Where an épreuve code comes in the orals' display order: numbers in
    codes compare as numbers (E2, E2F, E4, E41, E42, E5, E6, ENG; U51 before U6)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(code.upper()) if part)


def room_name(number: int) -> str:
    """Name of a site's interrogation room number ``number`` (1-based)."""
    return f"Salle {number}"


@dataclass(frozen=True)
class DailyHours:
    """Opening hours of every site: a morning and an afternoon half-day."""

    start: int
    lunch_start: int
    lunch_end: int
    end: int

    def half_days(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The two working periods ``(start, end)`` of a day."""
        return ((self.start, self.lunch_start), (self.lunch_end, self.end))


@dataclass(frozen=True)
class Site:
    """A place where orals are held (an établissement with rooms)."""

    key: str
    town: str
    etablissement: str
    address: str
    postcode: str
    interrogation_rooms: int
    loge_seats: int
    computer_stations: int
    #: The centre's telephone for candidates and examiners (may be empty).
    phone: str = ""
    #: The head of the centre's e-mail address, for the mail merge of the
    #: portal's links (may be empty).
    email: str = ""

    @property
    def full_address(self) -> str:
        return f"{self.etablissement}, {self.address}, {self.postcode} {self.town}"


@dataclass(frozen=True)
class Epreuve:
    """One oral épreuve (or follow-on unit) as published in the circular.

    ``follows`` names the épreuve this unit is taken right after, with the same
    commission (ENG after E6); such a unit has no window or site of its own.
    """

    code: str
    label: str
    sites: tuple[str, ...]
    first_day: date
    last_day: date
    preparation_minutes: int
    oral_minutes: int
    commission_size: int
    by_language: bool = False
    follows: str | None = None
    subjects: tuple[str, ...] = ()
    uses_computer: bool = False
    #: Épreuve whose commissions also examine this one (E2F by the E2 language
    #: commissions); ``None`` when it has commissions of its own.
    examined_with: str | None = None
    #: One teacher and one professional per commission where possible.
    mixed_commission: bool = False
    #: What a candidate brings to this épreuve, as the convocation letters
    #: list it (French sentences; identity papers and the letter go without saying).
    to_bring: tuple[str, ...] = ()
    #: Épreuves whose examiners a candidate must not meet again here (E6
    #: apart from E4 in NDRC): ``examinateurs_differents_de`` in session.toml.
    apart_from: tuple[str, ...] = ()
    #: The candidate list's column that registers a candidate for this
    #: épreuve (``colonne``; the lower-case code by default): oui/non, or the
    #: language for an épreuve ``by_language``.
    column: str = ""
    #: Candidates hand in a dossier that can be declared non valide (NV),
    #: barring them from this épreuve and the units that follow it: the
    #: candidate list's ``dossier_<code>`` column.
    dossier: bool = False
    #: An optional épreuve (« facultative »): the candidate list may lack its
    #: column, and an export that lacks it registers nobody.
    optional: bool = False

    def __post_init__(self) -> None:
        if not self.column:
            object.__setattr__(self, "column", self.code.lower())

    @property
    def dossier_column(self) -> str:
        """The candidate list's column of the dossier's conformity (``dossier_e4``)."""
        return f"dossier_{self.code.lower()}"

    @property
    def family(self) -> str:
        """Code of the épreuve whose commissions examine this unit."""
        return self.follows or self.examined_with or self.code

    def calendar_days(self) -> list[date]:
        n = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=i) for i in range(n + 1)]


@dataclass(frozen=True)
class Origin:
    """One origin (établissement or organisme) listed under an écrit centre."""

    name: str
    announced: int


@dataclass(frozen=True)
class Centre:
    """An écrit centre as published: name, town, announced count, origins."""

    name: str
    town: str
    announced: int
    origins: tuple[Origin, ...]

    @property
    def origins_total(self) -> int:
        return sum(o.announced for o in self.origins)


@dataclass(frozen=True)
class Etablissement:
    """Where candidates come from, and how each épreuve is taken there."""

    name: str
    town: str
    kind: str
    modes: dict[str, Mode] = field(hash=False)
    #: Where its documents are mailed (may be empty).
    email: str = ""
    #: Its UAI code (« 0311234A »), the national identifier (may be empty).
    uai: str = ""

    def mode(self, epreuve: str) -> Mode:
        return self.modes.get(epreuve, "ponctuel")


def extra_time_label(extra: Fraction, *, short: bool = False) -> str:
    """The aménagement as printed on every document: ``tiers-temps`` for a
    third, ``temps majoré de 25 %`` for other shares (``+25 %`` when
    ``short``, for narrow columns), empty for none."""
    if extra == 0:
        return ""
    if extra == Fraction(1, 3):
        return "tiers-temps"
    percent = float(extra) * 100
    shown = f"{percent:.0f}" if percent.is_integer() else f"{percent:.1f}".replace(".", ",")
    return f"+{shown} %" if short else f"temps majoré de {shown} %"


@dataclass(frozen=True)
class Candidate:
    """One row of the candidate list, validated.

    ``extra_time`` is the share added to preparation and oral (``Fraction(1, 3)``
    for tiers-temps); ``source`` is ``(file name, line)`` for messages.
    """

    number: str
    surname: str
    given_name: str
    etablissement: str
    centre: str
    #: Codes of the orals the candidate is registered for, in the session's
    #: order (a unit that follows another right after it: E6 then ENG).
    orals: tuple[str, ...] = ()
    #: The language of each oral taken in a language: ``(code, language)``.
    languages: tuple[tuple[str, str], ...] = ()
    #: Orals barred by a non-valid dossier (NV), the units that follow them included.
    nv: frozenset[str] = frozenset()
    extra_time: Fraction = Fraction(0)
    source: tuple[str, int] = ("", 0)
    #: Orals the candidate will not sit, set by a re-run's events
    #: (``oraux replanifier``): absent, or withdrawn from the session.
    absent: frozenset[str] = frozenset()
    withdrawn: frozenset[str] = frozenset()

    def requested_orals(self) -> list[str]:
        """Codes of the orals this candidate is registered for (NV included)."""
        return list(self.orals)

    def is_nv(self, code: str) -> bool:
        """True when a non-conforming dossier bars the candidate from ``code``."""
        return code in self.nv

    def seen_by(self, codes: frozenset[str]) -> Candidate:
        """The candidate as the orals of ``codes`` see them: absences,
        withdrawals and non-conforming dossiers of other épreuves left out."""
        return replace(self, absent=self.absent & codes, withdrawn=self.withdrawn & codes, nv=self.nv & codes)

    def excused(self, code: str) -> str | None:
        """Why the candidate does not sit ``code``: ``"NV"``, ``"désisté"``,
        ``"absent"``, or ``None`` when they sit it."""
        if self.is_nv(code):
            return "NV"
        if code in self.withdrawn:
            return "désisté"
        if code in self.absent:
            return "absent"
        return None

    def sits(self, code: str) -> bool:
        """True when the candidate is to be examined at ``code``."""
        return self.excused(code) is None

    def oral_language(self, code: str) -> str | None:
        """The language of the candidate's oral ``code`` (``None`` for an oral without one)."""
        return dict(self.languages).get(code)


#: A candidate's ``(orals, languages, nv)``, as the readers build them.
Registrations = tuple[tuple[str, ...], tuple[tuple[str, str], ...], frozenset[str]]

Quality = Literal["enseignant", "professionnel"]


@dataclass(frozen=True)
class Examiner:
    """One examiner of the examiner list, validated.

    ``available`` is ``None`` when the examiner can come on every day of the
    windows of their épreuves; ``etablissement`` is empty for a professional
    with no link to a school.  ``source`` is ``(file name, line)``.
    """

    id: str
    surname: str
    given_name: str
    etablissement: str
    quality: Quality
    epreuves: frozenset[str]
    languages: frozenset[str] = frozenset()
    available: frozenset[date] | None = None
    max_per_day: int | None = None
    #: Where their documents are mailed (may be empty).
    email: str = ""
    source: tuple[str, int] = ("", 0)

    def can_come(self, day: date) -> bool:
        return self.available is None or day in self.available


@dataclass(frozen=True)
class Preferences:
    """Soft-rule settings of a session (``[objectif]`` in ``session.toml``).

    The weights price the candidates' comfort (priority 3) against each
    other; ``group_schools`` puts the candidates of one établissement before
    the same commission instead of spreading them (priority 4).
    """

    group_schools: bool = False
    far_first: int = 30
    other_day: int = 100
    half_hour_wait: int = 5
    ten_minutes_travel: int = 3


@dataclass(frozen=True)
class ExaminerGroup:
    """Sample examiners of one quality who share the épreuves without a
    language (``[[exemple.examinateurs]]``): ``size`` people, of whom
    ``count`` take each épreuve ``(code, count)``."""

    quality: str
    size: int
    epreuves: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class SampleSettings:
    """How ``oraux exemple`` fills a session folder (``[exemple]``): no
    effect on planning."""

    #: First digits of the exam numbers (the académie's code).
    number_prefix: str = "000"
    #: The language most candidates take (the first of the session's by default).
    dominant_language: str = ""
    #: Non-valid dossiers drawn per épreuve with a dossier: ``(code, count)``;
    #: two for each such épreuve when empty.
    nv_counts: tuple[tuple[str, int], ...] = ()
    #: Examiners of the épreuves without a language; derived from the
    #: candidates announced when empty.
    examiner_groups: tuple[ExaminerGroup, ...] = ()


@dataclass(frozen=True)
class Session:
    """Every fact the planner needs about one session."""

    code: str
    label: str
    languages: tuple[str, ...]
    holidays: frozenset[date]
    hours: DailyHours
    grid_minutes: int
    rest_minutes: int
    far_minutes: int
    #: Candidates are convoked this many minutes before their first activity.
    welcome_minutes: int
    sites: dict[str, Site] = field(hash=False)
    epreuves: dict[str, Epreuve] = field(hash=False)
    travel_minutes: dict[str, dict[str, int]] = field(hash=False)
    centres: tuple[Centre, ...] = ()
    etablissements: tuple[Etablissement, ...] = ()
    preferences: Preferences = field(default_factory=Preferences)
    #: Who organises the session, as letters are headed (may be empty).
    authority: str = ""
    #: Who to contact about a convocation: service, telephone, e-mail (may be empty).
    contact: str = ""
    #: Rooms lost for a day, set by a re-run's events: ``(site, day, "Salle N")``.
    closed_rooms: frozenset[tuple[str, date, str]] = frozenset()
    #: Anonymous commissions that cannot sit on a day, set by a re-run's
    #: events: ``(commission id, day)``.
    closed_commissions: frozenset[tuple[str, date]] = frozenset()
    #: The headers of the office's candidate exports that give a column of
    #: the candidate list (``[colonnes.candidats]``): ``(column, headers)``.
    candidate_headers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: How ``oraux exemple`` fills the folder (``[exemple]``).
    sample: SampleSettings = field(default_factory=SampleSettings)
    #: Loge seats that sessions planned before this one hold at a site they
    #: share with it: ``(site, day, begin, end)`` per preparation (minutes).
    held_loge: tuple[tuple[str, date, int, int], ...] = ()
    #: Computer stations that sessions planned before this one hold at a
    #: shared site: ``(site, day, stations)``, their most at once that day.
    held_stations: tuple[tuple[str, date, int], ...] = ()

    def follow_ons(self, code: str) -> list[str]:
        """The units taken right after ``code`` before the same commission (ENG after E6)."""
        return [e.code for e in self.epreuves.values() if e.follows == code]

    def barred_by_dossier(self, code: str) -> frozenset[str]:
        """The orals a non-valid dossier of épreuve ``code`` bars: it and its follow-on units."""
        return frozenset([code, *self.follow_ons(code)])

    def examiner_groups(self) -> dict[str, str]:
        """The épreuves (with commissions of their own) where a candidate
        meets an examiner at most once, each with the name of its group:
        those linked by ``apart_from``, and those linked to them."""
        links: dict[str, set[str]] = {}
        for ep in self.epreuves.values():
            for other in ep.apart_from:
                links.setdefault(ep.code, set()).add(other)
                links.setdefault(other, set()).add(ep.code)
        out: dict[str, str] = {}
        for start in sorted(links):
            if start in out:
                continue
            group, todo = set(), [start]
            while todo:
                code = todo.pop()
                if code not in group:
                    group.add(code)
                    todo += links[code]
            name = "+".join(sorted(group, key=code_rank))
            out.update(dict.fromkeys(group, name))
        return out

    def without_days(self, examiner: Examiner, days: set[date]) -> Examiner:
        """``examiner`` no longer available on ``days`` (of the windows of their épreuves)."""
        if not days:
            return examiner
        if examiner.available is None:
            windows = [e for e in self.epreuves.values() if e.family in examiner.epreuves and not e.follows]
            every = {d for e in windows for d in self.working_days(e)}
        else:
            every = set(examiner.available)
        return replace(examiner, available=frozenset(every - days))

    def working_days(self, epreuve: Epreuve) -> list[date]:
        """Days of the épreuve's window that are neither weekend nor holiday."""
        window = self.epreuves[epreuve.follows] if epreuve.follows else epreuve
        return [d for d in window.calendar_days() if d.weekday() < 5 and d not in self.holidays]

    def round_up(self, minutes: float | Fraction) -> int:
        """Round a duration up to the session's time grid."""
        g = self.grid_minutes
        return int(math.ceil(minutes / g)) * g

    def durations(self, epreuve: Epreuve, extra_time: Fraction) -> tuple[int, int]:
        """``(preparation, oral)`` minutes for a candidate, extra time included."""
        factor = 1 + extra_time
        prep = self.round_up(epreuve.preparation_minutes * factor)
        oral = self.round_up(epreuve.oral_minutes * factor)
        return prep, oral

    def travel(self, centre: str, site: str) -> int | None:
        """Road minutes from the town of écrit centre ``centre`` to ``site``."""
        found = self.centre_of(centre)
        return self.travel_minutes.get(found.town, {}).get(site) if found else None

    def is_far(self, centre: str, site: str) -> bool:
        """A candidate of this écrit centre would travel far to ``site``."""
        minutes = self.travel(centre, site)
        return minutes is not None and minutes >= self.far_minutes

    def nearest_site(self, centre: str, sites: tuple[str, ...]) -> str | None:
        """The site of ``sites`` nearest to écrit centre ``centre`` (the first
        of equals); ``None`` when a travel time is missing: nothing to compare."""
        times = [(minutes, s) for s in sites if (minutes := self.travel(centre, s)) is not None]
        if len(times) < len(sites) or not times:
            return None
        return min(times, key=lambda t: t[0])[1]

    def extra_minutes(self, centre: str, sites: tuple[str, ...], site: str) -> int:
        """Minutes of travel to ``site`` beyond the nearest of ``sites`` (none
        when a travel time is missing: ``oraux verifier`` warns about it)."""
        nearest = self.nearest_site(centre, sites)
        if nearest is None or site == nearest:
            return 0
        return max(0, (self.travel(centre, site) or 0) - (self.travel(centre, nearest) or 0))

    def extra_travel(self, centre: str, sites: tuple[str, ...], site: str) -> int:
        """Tens of minutes of travel to ``site`` beyond the nearest of ``sites``."""
        return self.extra_minutes(centre, sites, site) // 10

    def rooms(self, site: str, day: date) -> list[str]:
        """Interrogation rooms of ``site`` open on ``day`` (« Salle 1 »…), in order."""
        n = self.sites[site].interrogation_rooms
        return [r for i in range(1, n + 1) if (site, day, r := room_name(i)) not in self.closed_rooms]

    def stations(self, site: str, day: date) -> int:
        """Computer stations of ``site`` free on ``day`` (other sessions' taken off)."""
        held = sum(n for s, d, n in self.held_stations if s == site and d == day)
        return max(0, self.sites[site].computer_stations - held)

    def held_preparations(self, site: str, day: date) -> list[tuple[int, int]]:
        """``(begin, end)`` of the preparations other sessions hold in ``site``'s loge on ``day``."""
        return [(b, e) for s, d, b, e in self.held_loge if s == site and d == day]

    def centre_of(self, name: str) -> Centre | None:
        for c in self.centres:
            if c.name == name:
                return c
        return None
