"""Deterministic sample data: the candidate list and the examiner pool.

``oraux exemple`` writes ``candidats.csv`` and ``examinateurs.csv`` into a
session folder so that the whole chain (loading, planning, exports) can be
tried before the real lists arrive.  Everything is drawn from a
:class:`random.Random` seeded by the caller: the same session and seed give
byte-identical files.

Counts follow the circular's "CENTRES D'ECRITS" table (``centres.csv``):

* every centre gets exactly its announced count (``effectif_annonce``), split
  by its published origins (``effectif_origine``);
* balancing rule: when a centre's origins do not add up to its announced
  count, the largest origin of that centre (the first listed on a tie) is
  trimmed or padded by the whole difference.  The announced
  count wins because it is what the centre was asked to seat.  The 2021
  circular needs the rule once: "CFA Commerce & Services" (Blagnac) announces
  107 candidates but its origins add up to 108 (its last three origins look
  copied from the Saliège line), so ESARC Evolution goes from 24 to 23 and
  the session totals 536.

A candidate takes an oral ponctuel only where the mode of their établissement
(``etablissements.csv``) is ponctuel; the langue vivante facultative is taken
ponctuel by everyone who asks for it.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from scheduler.domain.session import Centre, Etablissement, ExaminerGroup, Session
from scheduler.errors import InputError, Problem
from scheduler.io.atomic import atomic_write_text
from scheduler.io.candidates import candidate_columns
from scheduler.sample import names
from scheduler.text import name_key

DEFAULT_SEED = 2021
CANDIDATES_FILE = "candidats.csv"
EXAMINERS_FILE = "examinateurs.csv"

EXAMINER_COLUMNS: tuple[str, ...] = (
    "id", "nom", "prenom", "etablissement", "qualite", "epreuves", "langues", "disponibilites",
    "max_par_jour",
)  # fmt: skip

# Exam numbers: académie prefix (``[exemple] prefixe_numeros``), centre
# rank, rank in centre — ten digits in all (2 + 5 digits after a three-digit
# prefix; 3 + 4 beyond 99 centres).
NUMBER_DIGITS = 10

REDOUBLANT_SHARE = 0.03
OPTIONAL_LANGUAGE_SHARE = 0.08
#: Share of a unit's takers who ask for an optional follow-on unit (ENG).
ENGAGEMENT_SHARE = 0.05
#: Non-valid dossiers per épreuve with a dossier, unless ``[exemple] dossiers_nv`` says.
DEFAULT_NV_COUNT = 2
AMENAGEMENTS: tuple[str, ...] = ("tiers-temps",) * 5 + ("25 %",)

#: Shares of the compulsory languages other than the dominant one.
LANGUAGE_SHARES: tuple[tuple[str, float], ...] = (("espagnol", 0.10), ("allemand", 0.025), ("italien", 0.015))
#: Rare compulsory languages, as exact counts: they are what tests the planner.
RARE_LANGUAGE_COUNTS: tuple[tuple[str, int], ...] = (("russe", 2), ("portugais", 1))
OPTIONAL_LANGUAGE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("espagnol", 50),
    ("allemand", 20),
    ("italien", 15),
    ("anglais", 15),
)

TEACHER = "enseignant"
PROFESSIONAL = "professionnel"
TEACHING_KINDS: tuple[str, ...] = ("lycée public", "lycée privé sous contrat")
#: Examiners of the compulsory language épreuve (E2): languages they examine
#: and the origin of their surname (``None``: the usual mix).
LANGUAGE_TEACHERS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    *((("anglais",), None),) * 8,
    *((("espagnol",), None),) * 2,
    (("espagnol", "portugais"), names.PORTUGUESE),
    # Three German teachers: the German candidates come from many schools, and
    # an examiner never examines their own school's candidates.
    *((("allemand",), None),) * 2,
    (("allemand", "russe"), None),
    (("italien",), names.ITALIAN),
)
PROFESSIONAL_COMPANY_SHARE = 2 / 3
AVAILABILITY_SHARE = 0.2
MAX_PER_DAY_SHARE = 0.15
MAX_PER_DAY_VALUES: tuple[int, ...] = (6, 8)
#: A daily maximum is only given to examiners whose orals all last this long
#: (E4's hour: a commission-day stays under the maximum).
MAX_PER_DAY_MIN_ORAL = 60
#: Derived examiner groups: examiners per commission-day needed, times this.
EXAMINER_MARGIN = 1.5
#: A language keeps enough examiners when one of them gives restricted dates.
MIN_EXAMINERS_TO_RESTRICT = 3


# --- candidates -------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """What each épreuve of the session is to the sample, read from session.toml."""

    #: The compulsory épreuve taken in a language (E2), if any.
    language: str | None
    #: The optional épreuve taken in a language (E2F), if any.
    optional_language: str | None
    #: Épreuves whose mode (ponctuel or CCF) depends on the établissement.
    modal: tuple[str, ...]
    #: Oral ponctuel épreuves a candidate row says yes or no to (E4, E5, E6).
    flagged: tuple[str, ...]
    #: Units taken after another before the same commission: ``(code, parent)``.
    follow_ons: tuple[tuple[str, str], ...]
    #: Optional follow-on units, asked for by a share of their parent's takers (ENG).
    optional_follow_ons: frozenset[str]
    #: Épreuves with a dossier that can be declared non valide (E4, E6).
    dossiers: tuple[str, ...]

    @classmethod
    def of(cls, session: Session) -> _Shape:
        eps = list(session.epreuves.values())
        modal = tuple(e.code for e in eps if not e.follows and not e.optional)
        return cls(
            language=next((e.code for e in eps if e.code in modal and e.by_language), None),
            optional_language=next((e.code for e in eps if e.optional and e.by_language), None),
            modal=modal,
            flagged=tuple(e.code for e in eps if e.code in modal and not e.by_language),
            follow_ons=tuple((e.code, e.follows) for e in eps if e.follows),
            optional_follow_ons=frozenset(e.code for e in eps if e.follows and e.optional),
            dossiers=tuple(e.code for e in eps if e.dossier),
        )


@dataclass
class _CandidateDraft:
    """A candidate row being built; becomes a CSV row once numbered."""

    centre: str
    etablissement: str
    ponctuel: dict[str, bool]
    takes: dict[str, bool]
    surname: str = ""
    given_name: str = ""
    language: str = ""
    optional_language: str = ""
    #: Optional follow-on units asked for (ENG).
    follow_ons: set[str] = field(default_factory=set)
    #: Épreuves whose dossier is non valide.
    nv: set[str] = field(default_factory=set)
    amenagement: str = ""

    def has_ponctuel_oral(self) -> bool:
        return bool(self.language or self.optional_language or any(self.takes.values()))


def candidate_columns_of(session: Session) -> list[str]:
    """The sample candidate list's header: the session's candidate columns,
    without the UAI (the établissement's name identifies it)."""
    return [c.name for c in candidate_columns(session.epreuves.values()) if c.name != "uai"]


def origin_counts(centre: Centre) -> list[tuple[str, int]]:
    """Candidates per origin of ``centre``, balanced to its announced count.

    See the module docstring for the rule: the largest origin (first listed on
    a tie) absorbs the whole difference.
    """
    if not centre.origins and centre.announced:
        raise ValueError(
            f"centre « {centre.name} » : {centre.announced} candidats annoncés mais aucune origine"
        )
    counts = [o.announced for o in centre.origins]
    gap = centre.announced - sum(counts)
    if gap:
        # index(max) is the first of equal counts, so ties go to the first listed.
        largest = counts.index(max(counts))
        if counts[largest] + gap < 0:
            raise ValueError(
                f"centre « {centre.name} » : les origines dépassent l'effectif annoncé de {-gap}, "
                "plus que la plus grande origine"
            )
        counts[largest] += gap
    return [(o.name, n) for o, n in zip(centre.origins, counts, strict=True)]


def generate_candidates(
    session: Session, seed: int = DEFAULT_SEED, extra_time_share: float | None = None
) -> list[dict[str, str]]:
    """The sample candidate list: one dict per row, keys in :func:`candidate_columns_of` order.

    ``extra_time_share`` is the share of the candidates sitting an oral who
    have extra time (five tiers-temps for one 25 %); by default the six of
    :data:`AMENAGEMENTS`, whatever the size of the session."""
    # A string seed is hashed with SHA-512 by random, never with hash().
    rng = random.Random(f"{seed}/candidats")
    shape = _Shape.of(session)
    drafts = _candidate_drafts(session, shape)
    taken: set[tuple[str, str]] = set()
    for draft in drafts:
        draft.surname, draft.given_name = _unique_person(rng, _student_name, taken)
    _mark_redoublants(drafts, shape, rng)
    dominant = _dominant_language(session) if shape.language or shape.optional_language else ""
    if shape.language:
        _assign_languages(drafts, shape.language, session.languages, dominant, rng)
    if shape.optional_language:
        _assign_optional_languages(drafts, shape, session.languages, dominant, rng)
    _assign_follow_ons(drafts, shape, rng)
    _assign_nv(drafts, session, shape, rng)
    _assign_amenagements(drafts, rng, extra_time_share)
    return _numbered_rows(drafts, session, shape)


def _dominant_language(session: Session) -> str:
    if not session.languages:
        raise ValueError("la session ne déclare aucune langue vivante (session.toml, langues)")
    return session.sample.dominant_language or session.languages[0]


def _candidate_drafts(session: Session, shape: _Shape) -> list[_CandidateDraft]:
    etablissements = {e.name: e for e in session.etablissements}
    drafts: list[_CandidateDraft] = []
    for centre in session.centres:
        for origin, count in origin_counts(centre):
            etab = etablissements.get(origin)
            if etab is None:
                raise ValueError(
                    f"origine « {origin} » du centre « {centre.name} » absente de etablissements.csv"
                )
            drafts += [_new_draft(centre.name, etab, shape) for _ in range(count)]
    return drafts


def _new_draft(centre: str, etab: Etablissement, shape: _Shape) -> _CandidateDraft:
    ponctuel = {code: etab.mode(code) == "ponctuel" for code in shape.modal}
    takes = {code: ponctuel[code] for code in shape.flagged}
    return _CandidateDraft(centre, etab.name, ponctuel, takes)


def _mark_redoublants(drafts: list[_CandidateDraft], shape: _Shape, rng: random.Random) -> None:
    """A few ponctuel candidates keep a mark from last year and skip that oral."""
    pool = [d for d in drafts if any(d.takes.values())]
    for draft in rng.sample(pool, round(REDOUBLANT_SHARE * len(pool))):
        kept = rng.choice([code for code in shape.flagged if draft.takes[code]])
        draft.takes[kept] = False


def _language_quota(count: int, languages: Sequence[str], dominant: str) -> list[str]:
    """``count`` compulsory languages in the target mix, dominant one last."""
    quota: list[str] = []
    for language, share in LANGUAGE_SHARES:
        if language in languages and language != dominant:
            quota += [language] * max(1, round(share * count))
    for language, exact in RARE_LANGUAGE_COUNTS:
        if language in languages and language != dominant:
            quota += [language] * exact
    quota = quota[:count]
    return quota + [dominant] * (count - len(quota))


def _assign_languages(
    drafts: list[_CandidateDraft], code: str, languages: Sequence[str], dominant: str, rng: random.Random
) -> None:
    takers = [d for d in drafts if d.ponctuel[code]]
    quota = _language_quota(len(takers), languages, dominant)
    rng.shuffle(quota)
    for draft, language in zip(takers, quota, strict=True):
        draft.language = language


def _assign_optional_languages(
    drafts: list[_CandidateDraft], shape: _Shape, languages: Sequence[str], dominant: str, rng: random.Random
) -> None:
    for draft in rng.sample(drafts, round(OPTIONAL_LANGUAGE_SHARE * len(drafts))):
        ponctuel = bool(shape.language and draft.ponctuel[shape.language])
        options = [
            (language, weight)
            for language, weight in OPTIONAL_LANGUAGE_WEIGHTS
            if language in languages
            and language != draft.language
            # A CCF candidate's compulsory language is the dominant one in
            # practice, and the optional one must differ from it.
            and (ponctuel or language != dominant)
        ]
        if options:
            draft.optional_language = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]


def _assign_follow_ons(drafts: list[_CandidateDraft], shape: _Shape, rng: random.Random) -> None:
    """Optional follow-on units (ENG) for a share of their parent's takers."""
    for code, parent in shape.follow_ons:
        if code in shape.optional_follow_ons:
            takers = [d for d in drafts if d.takes.get(parent)]
            for draft in rng.sample(takers, round(ENGAGEMENT_SHARE * len(takers))):
                draft.follow_ons.add(code)


def _assign_nv(drafts: list[_CandidateDraft], session: Session, shape: _Shape, rng: random.Random) -> None:
    """Non-conforming dossiers, only on an épreuve the candidate takes.

    One irregularity per candidate keeps the sample readable, so an NV never
    falls on a candidate already NV elsewhere or asking for a follow-on unit
    of that épreuve (ENG after E6).
    """
    counts = dict(session.sample.nv_counts)
    for code in shape.dossiers:
        after = set(session.follow_ons(code))
        pool = [d for d in drafts if d.takes.get(code) and not d.nv and not (d.follow_ons & after)]
        for draft in rng.sample(pool, min(counts.get(code, DEFAULT_NV_COUNT), len(pool))):
            draft.nv.add(code)


def _assign_amenagements(drafts: list[_CandidateDraft], rng: random.Random, share: float | None) -> None:
    # Only candidates who sit an oral, and not barred by an NV, make the
    # extra time matter to the planner.
    pool = [d for d in drafts if d.has_ponctuel_oral() and not d.nv]
    wanted = len(AMENAGEMENTS) if share is None else round(share * len(pool))
    kinds = [AMENAGEMENTS[i % len(AMENAGEMENTS)] for i in range(min(wanted, len(pool)))]
    chosen = rng.sample(pool, len(kinds))
    for draft, amenagement in zip(chosen, kinds, strict=True):
        draft.amenagement = amenagement


def _numbered_rows(drafts: list[_CandidateDraft], session: Session, shape: _Shape) -> list[dict[str, str]]:
    rank = {c.name: i for i, c in enumerate(session.centres, start=1)}
    ordered = sorted(drafts, key=lambda d: (rank[d.centre], *_name_key(d.surname, d.given_name)))
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    prefix = session.sample.number_prefix
    centre_digits = max(2, len(str(len(rank))))
    rank_digits = NUMBER_DIGITS - len(prefix) - centre_digits
    largest = max(Counter(d.centre for d in drafts).values(), default=0)
    if largest >= 10**rank_digits:
        raise InputError(
            [
                Problem(
                    "centres.csv",
                    f"{largest} candidats dans un même centre : trop pour des numéros à {NUMBER_DIGITS} chiffres "
                    f"({len(rank)} centres, {rank_digits} chiffres pour le rang dans le centre)",
                )
            ]
        )
    for draft in ordered:
        seen[draft.centre] = seen.get(draft.centre, 0) + 1
        number = f"{prefix}{rank[draft.centre]:0{centre_digits}d}{seen[draft.centre]:0{rank_digits}d}"
        rows.append(_candidate_row(number, draft, session, shape))
    return rows


def _candidate_row(number: str, d: _CandidateDraft, session: Session, shape: _Shape) -> dict[str, str]:
    row = {
        "numero": number,
        "nom": d.surname,
        "prenom": d.given_name,
        "etablissement": d.etablissement,
        "centre_ecrit": d.centre,
    }
    parents = dict(shape.follow_ons)
    for ep in session.epreuves.values():
        if ep.code == shape.language:
            row[ep.column] = d.language
        elif ep.code == shape.optional_language:
            row[ep.column] = d.optional_language
        elif ep.by_language:
            row[ep.column] = ""
        elif ep.code in shape.optional_follow_ons:
            row[ep.column] = _yes_no(ep.code in d.follow_ons)
        elif ep.code in parents:
            row[ep.column] = _yes_no(d.takes.get(parents[ep.code], False))
        else:
            row[ep.column] = _yes_no(d.takes.get(ep.code, False))
    for code in shape.dossiers:
        row[session.epreuves[code].dossier_column] = "NV" if code in d.nv else ""
    row["amenagement"] = d.amenagement
    return {column: row[column] for column in candidate_columns_of(session)}


def _yes_no(flag: bool) -> str:
    return "oui" if flag else "non"


# --- names ------------------------------------------------------------------


def _name_key(surname: str, given_name: str) -> tuple[str, str, str, str]:
    # The raw names break ties between keys, so the order is total.
    return (name_key(surname), name_key(given_name), surname, given_name)


def _surname_origin(rng: random.Random) -> str:
    origins = [o for o, _ in names.SURNAME_ORIGIN_WEIGHTS]
    weights = [w for _, w in names.SURNAME_ORIGIN_WEIGHTS]
    return rng.choices(origins, weights=weights)[0]


def _student_name(rng: random.Random) -> tuple[str, str]:
    origin = _surname_origin(rng)
    surname = rng.choice(names.SURNAMES[origin])
    pool = names.STUDENT_GIVEN_NAMES
    if rng.random() < names.ORIGIN_GIVEN_NAME_SHARE.get(origin, 0.0):
        pool = names.MAGHREBI_GIVEN_NAMES if origin == names.MAGHREBI else names.LATIN_GIVEN_NAMES
    return surname, rng.choice(pool)


def _adult_name(rng: random.Random, origin: str | None = None) -> tuple[str, str]:
    origin = origin or _surname_origin(rng)
    surname = rng.choice(names.SURNAMES[origin])
    own = names.ADULT_ORIGIN_GIVEN_NAMES.get(origin, ())
    pool = own if own and rng.random() < 0.5 else names.ADULT_GIVEN_NAMES
    return surname, rng.choice(pool)


def _unique_person(
    rng: random.Random, draw: Callable[[random.Random], tuple[str, str]], taken: set[tuple[str, str]]
) -> tuple[str, str]:
    """A (surname, given name) pair not in ``taken``, then added to it: homonyms only confuse a sample."""
    for _attempt in range(1000):
        person = draw(rng)
        if person not in taken:
            taken.add(person)
            return person
    raise ValueError("listes de noms trop courtes pour tirer des noms tous différents")


# --- examiners --------------------------------------------------------------


@dataclass
class _ExaminerDraft:
    """An examiner row being built; gets its id once the pool is sorted."""

    quality: str
    epreuves: tuple[str, ...]
    languages: tuple[str, ...] = ()
    surname_origin: str | None = None
    surname: str = ""
    given_name: str = ""
    etablissement: str = ""
    availability: str = ""
    max_per_day: str = ""


def generate_examiners(session: Session, seed: int = DEFAULT_SEED) -> list[dict[str, str]]:
    """The sample examiner pool: one dict per row, keys in ``EXAMINER_COLUMNS`` order."""
    rng = random.Random(f"{seed}/examinateurs")
    drafts = _examiner_drafts(session, rng)
    taken: set[tuple[str, str]] = set()
    for draft in drafts:
        draw = partial(_adult_name, origin=draft.surname_origin)
        draft.surname, draft.given_name = _unique_person(rng, draw, taken)
    # Where each language is spoken by candidates (E2 or optional language):
    # a language examiner is recruited from a school with none of them, as an
    # office does, since nobody examines their own school's candidates.
    columns = [e.column for e in session.epreuves.values() if e.by_language]
    speaking: dict[str, set[str]] = {}
    for row in generate_candidates(session, seed):
        for language in (row[column] for column in columns):
            if language:
                speaking.setdefault(language, set()).add(row["etablissement"])
    _assign_workplaces(drafts, _teaching_etablissements(session), rng, speaking)
    _assign_availability(drafts, session, rng)
    ordered = sorted(drafts, key=lambda d: _name_key(d.surname, d.given_name))
    return [_examiner_row(f"EX{i:03d}", d) for i, d in enumerate(ordered, start=1)]


def _examiner_drafts(session: Session, rng: random.Random) -> list[_ExaminerDraft]:
    shape = _Shape.of(session)
    drafts: list[_ExaminerDraft] = []
    if shape.language:
        for languages, origin in LANGUAGE_TEACHERS:
            kept = tuple(lang for lang in languages if lang in session.languages)
            if kept:
                drafts.append(_ExaminerDraft(TEACHER, (shape.language,), kept, origin))
    for group in session.sample.examiner_groups or _derived_groups(session, shape):
        drafts += [_ExaminerDraft(group.quality, codes) for codes in _role_sets(group, session, rng)]
    return [d for d in drafts if d.epreuves]


def _role_sets(group: ExaminerGroup, session: Session, rng: random.Random) -> list[tuple[str, ...]]:
    """Who in ``group`` takes which épreuve, in the session's order of épreuves.

    The first épreuve listed goes to the first members and the last one to
    the last members, so that both are shared by as few people as the counts
    allow; each épreuve in between goes to members drawn at random.
    """
    size, listed = group.size, group.epreuves
    members: dict[str, set[int]] = {}
    for code, count in listed[1:-1]:
        members[code] = set(rng.sample(range(size), count))
    if listed:
        members[listed[0][0]] = set(range(listed[0][1]))
    if len(listed) > 1:
        members[listed[-1][0]] = set(range(size - listed[-1][1], size))
    return [tuple(code for code in session.epreuves if i in members.get(code, ())) for i in range(size)]


def _derived_groups(session: Session, shape: _Shape) -> list[ExaminerGroup]:
    """Examiner groups for a session whose ``[exemple]`` names none: for each
    épreuve without a language that has commissions of its own, enough
    examiners for the announced candidates with a margin (half of them
    professionals where commissions are mixed), every member of a group
    taking every épreuve of the group."""
    announced = sum(c.announced for c in session.centres)
    hours = session.hours
    day_minutes = hours.lunch_start - hours.start + hours.end - hours.lunch_end
    needs: dict[str, dict[str, int]] = {TEACHER: {}, PROFESSIONAL: {}}
    for code in shape.flagged:
        ep = session.epreuves[code]
        if ep.examined_with:
            continue
        days = max(1, len(session.working_days(ep)) * max(1, len(ep.sites)))
        per_commission_day = max(1, day_minutes // ep.oral_minutes)
        commissions = -(-announced // (days * per_commission_day))
        need = math.ceil(EXAMINER_MARGIN * commissions * ep.commission_size) + 1
        professionals = need // 2 if ep.mixed_commission else 0
        needs[TEACHER][code] = need - professionals
        if professionals:
            needs[PROFESSIONAL][code] = professionals
    groups = []
    for quality, by_code in needs.items():
        if by_code:
            size = max(by_code.values())
            groups.append(ExaminerGroup(quality, size, tuple((code, size) for code in by_code)))
    return groups


def _school_key(name: str) -> str:
    key = name_key(name).strip()
    return re.sub(r"^lycee\s+", "", key)


def _teaching_etablissements(session: Session) -> list[str]:
    """Établissements where examiners teach: lycées, plus any school hosting an oral site.

    The hosts count because a site's school is a lycée even when, like ISSEC
    Pigier, its kind in etablissements.csv is "privé hors contrat".
    """
    hosts = {_school_key(site.etablissement) for site in session.sites.values()}
    return [
        e.name for e in session.etablissements if e.kind in TEACHING_KINDS or _school_key(e.name) in hosts
    ]


def _assign_workplaces(
    drafts: list[_ExaminerDraft],
    schools: Sequence[str],
    rng: random.Random,
    speaking: dict[str, set[str]],
) -> None:
    for draft in drafts:
        if draft.quality == TEACHER:
            busy = set().union(*(speaking.get(lang, set()) for lang in draft.languages))
            free = [s for s in schools if s not in busy] or list(schools)
            draft.etablissement = rng.choice(free) if free else ""
        elif rng.random() < PROFESSIONAL_COMPANY_SHARE:
            draft.etablissement = rng.choice(names.COMPANIES)


def _assign_availability(drafts: list[_ExaminerDraft], session: Session, rng: random.Random) -> None:
    speakers: dict[str, int] = {}
    for draft in drafts:
        for language in draft.languages:
            speakers[language] = speakers.get(language, 0) + 1
    for draft in drafts:
        # Restricted dates only make sense for one window, and never for the
        # last examiners of a language.
        restrictable = len(draft.epreuves) == 1 and all(
            speakers[lang] >= MIN_EXAMINERS_TO_RESTRICT for lang in draft.languages
        )
        if restrictable and rng.random() < AVAILABILITY_SHARE:
            days = session.working_days(session.epreuves[draft.epreuves[0]])
            draft.availability = _restricted_days(days, rng)
        # A daily maximum only where a commission-day stays under it: E4
        # (an hour each) examines six candidates a day, E2 and E6 commissions
        # many more.
        if rng.random() < MAX_PER_DAY_SHARE and all(
            session.epreuves[code].oral_minutes >= MAX_PER_DAY_MIN_ORAL for code in draft.epreuves
        ):
            draft.max_per_day = str(rng.choice(MAX_PER_DAY_VALUES))


def _restricted_days(days: Sequence[date], rng: random.Random) -> str:
    """Two or more working days of the window, as a list or as a range."""
    if len(days) < 3:
        return ""
    size = rng.randint(2, len(days) - 1)
    if rng.random() < 0.5:
        return " ".join(d.isoformat() for d in sorted(rng.sample(list(days), size)))
    start = rng.randrange(len(days) - size + 1)
    return f"{days[start].isoformat()}..{days[start + size - 1].isoformat()}"


def _examiner_row(ident: str, d: _ExaminerDraft) -> dict[str, str]:
    values = (
        ident, d.surname, d.given_name, d.etablissement, d.quality, " ".join(d.epreuves),
        " ".join(d.languages), d.availability, d.max_per_day,
    )  # fmt: skip
    return dict(zip(EXAMINER_COLUMNS, values, strict=True))


# --- files ------------------------------------------------------------------


def write_sample(
    folder: Path,
    session: Session,
    seed: int = DEFAULT_SEED,
    *,
    extra_time_share: float | None = None,
    replace: bool = False,
) -> list[Path]:
    """Write ``candidats.csv`` and ``examinateurs.csv`` into ``folder``; return their paths.

    Both tables are generated before anything is written, and each file is
    replaced atomically (temporary file in ``folder``, then ``os.replace``), so
    a failure never leaves a half-written list.  An existing list is a real
    office's file until told otherwise: without ``replace``, nothing is
    written if either exists (:class:`InputError`).
    """
    existing = [folder / name for name in (CANDIDATES_FILE, EXAMINERS_FILE) if (folder / name).exists()]
    if existing and not replace:
        raise InputError(
            [
                Problem(str(path), "la liste existe déjà : elle n'est pas remplacée (--remplacer pour la régénérer)")
                for path in existing
            ]
        )
    tables = (
        (CANDIDATES_FILE, candidate_columns_of(session), generate_candidates(session, seed, extra_time_share)),
        (EXAMINERS_FILE, EXAMINER_COLUMNS, generate_examiners(session, seed)),
    )
    return [_write_csv_atomically(folder / name, columns, rows) for name, columns, rows in tables]


def _write_csv_atomically(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    # "\n" so the bytes do not depend on the platform.
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL
    )
    writer.writeheader()
    writer.writerows(rows)
    # BOM so that Excel opens the accents right.
    atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")
    return path
