"""Convocation letters (PDF), read back as printed with pdfplumber.

Most checks run on a small plan written here by hand (eight candidates, six
examiners: extra time, NV, absence, two orals a day, hostile and overlong
names), where every page can be read; the solved plan of ``export_context``
(300 pages, too many to read them all quickly) checks the bundles by the
content of their pages and a sample of pages by their text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from scheduler.domain.plan import ABSENT, NV, Oral, Plan
from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.export.common import clock
from scheduler.export.context import PlanContext, Published
from scheduler.export.letters import (
    ALL_CANDIDATES,
    ALL_EXAMINERS,
    candidate_days,
    candidate_letters,
    examiner_letters,
    extra_time_text,
)
from scheduler.text import MONTHS, SLUG_LENGTH, WEEKDAYS, french_date, name_key, unique_slugs
from tests.tiny_sessions import ndrc

PHONE = "05 61 00 00 00"
LONG_SURNAME = " ".join(["Abcdefghijklmnopq"] * 27)
LONG_SCHOOL = "Établissement" + "x" * 480
FILE_NAME = re.compile(r"lettres/(etablissement|site|examinateur)-[a-z0-9-]+\.pdf")


def _norm(text: str) -> str:
    """Text as compared: every run of white space (non-breaking too) as one space."""
    return " ".join(text.split())


def _oral(
    number: str,
    code: str,
    day: date,
    start: int,
    minutes: int,
    site: str,
    commission: str,
    examiners: tuple[str, ...],
    *,
    preparation: int = 0,
    room: str = "Salle 1",
    **kw: str,
) -> Oral:
    prep_start = start - preparation if preparation else None
    return Oral(
        number,
        code,
        site=site,
        room=room,
        commission=commission,
        examiners=examiners,
        day=day,
        convocation=(prep_start or start) - 20,
        preparation_start=prep_start,
        start=start,
        end=start + minutes,
        **kw,
    )


def _candidate(
    number: str,
    surname: str,
    given: str,
    school: str,
    *,
    extra_time: Fraction = Fraction(0),
    absent: frozenset[str] = frozenset(),
    **registrations: Any,
) -> Candidate:
    """A candidate of the Toulouse ISSEC centre; ``registrations`` as :func:`ndrc` takes them."""
    return Candidate(
        number,
        surname,
        given,
        school,
        "Lycée ISSEC Pigier– Toulouse",
        **ndrc(**registrations),
        extra_time=extra_time,
        absent=absent,
    )


H = 60
D_E2, D_E4, D_E5, D_E5B, D_E6 = (
    date(2021, 6, 1),
    date(2021, 6, 7),
    date(2021, 5, 25),
    date(2021, 5, 26),
    date(2021, 6, 21),
)


@pytest.fixture(scope="module")
def small(session: Session) -> PlanContext:
    """Eight candidates and seven examiners, every case a letter must tell."""
    toulouse = replace(session.sites["toulouse"], phone=PHONE)
    s = replace(session, sites={**session.sites, "toulouse": toulouse})
    candidates = [
        _candidate(
            "0219900001",
            "DUPONT",
            "Jeanne",
            "Lycée Saliège",
            language="anglais",
            optional_language="espagnol",
            e4=True,
        ),
        _candidate("0219900002", "MARTIN", "Paul", "Lycée Saliège", e4=True, extra_time=Fraction(1, 3)),
        _candidate(
            "0219900003",
            "<b>Ødegård & fils</b>",
            "=1+1 (a\\b)",
            "Lycée d'Ödegård <script>",
            e5=True,
            extra_time=Fraction(1, 4),
        ),
        _candidate("0219900004", "NOVAL", "Nina", "Lycée Saliège", e4=True, e4_nv=True),
        _candidate("0219900005", "BERNARD", "Luc", "EAD-31", e4=True, e4_nv=True, e6=True, engagement=True),
        _candidate("0219900006", LONG_SURNAME, "Jean", LONG_SCHOOL, e5=True),
        _candidate(
            "0219900007", "ARNAUD", "Léa", "EAD 31", language="allemand", e5=True, absent=frozenset({"E5"})
        ),
    ]
    orals = [
        _oral(
            "0219900001",
            "E2",
            D_E2,
            9 * H,
            30,
            "tarbes",
            "E2-ANG-C01",
            ("EX01",),
            preparation=30,
            language="anglais",
        ),
        _oral(
            "0219900001",
            "E2F",
            D_E2,
            10 * H,
            20,
            "tarbes",
            "E2-ESP-C01",
            ("EX02",),
            preparation=20,
            language="espagnol",
        ),
        _oral(
            "0219900001",
            "E4",
            D_E4,
            9 * H,
            60,
            "castres",
            "E4-C01",
            ("EX03", "EX04"),
            preparation=40,
            room="Salle 4",
        ),
        _oral(
            "0219900002",
            "E4",
            D_E4,
            11 * H,
            80,
            "castres",
            "E4-C01",
            ("EX03", "EX04"),
            preparation=60,
            room="Salle 4",
        ),
        _oral("0219900003", "E5", D_E5, 14 * H, 50, "toulouse", "E5-C01", ("EX05",), subject="WordPress"),
        Oral("0219900004", "E4", status=NV),
        Oral("0219900005", "E4", status=NV),
        _oral("0219900005", "E6", D_E6, 9 * H, 40, "toulouse", "E6-C01", ("EX03", "EX06")),
        _oral("0219900005", "ENG", D_E6, 9 * H + 40, 20, "toulouse", "E6-C01", ("EX03", "EX06")),
        _oral("0219900006", "E5", D_E5B, 10 * H, 40, "muret", "E5-C02", ("EX05",), subject="PrestaShop"),
        _oral(
            "0219900007",
            "E2",
            D_E2,
            14 * H,
            30,
            "tarbes",
            "E2-ALL-C01",
            ("EX02",),
            preparation=30,
            language="allemand",
        ),
        Oral("0219900007", "E5", status=ABSENT),
    ]
    examiners = [
        Examiner(
            "EX01",
            "DURAND",
            "Marie",
            "Lycée Saliège",
            "enseignant",
            frozenset({"E2"}),
            frozenset({"anglais"}),
        ),
        Examiner(
            "EX02", "LOPEZ", "Ana", "", "enseignant", frozenset({"E2"}), frozenset({"espagnol", "allemand"})
        ),
        Examiner(
            "EX03", "<i>O'Brien & Co</i>", "=cmd", "Lycée Berthelot", "enseignant", frozenset({"E4", "E6"})
        ),
        Examiner("EX04", "PETIT", "Hugo", "", "professionnel", frozenset({"E4"})),
        Examiner("EX05", "ROUX", "Zoé", "ISSEC Pigier", "enseignant", frozenset({"E5"})),
        Examiner("EX06", "FABRE", "Marc", "", "professionnel", frozenset({"E6"})),
        Examiner("EX07", "BLANC", "Eva", "", "enseignant", frozenset({"E5"})),
    ]
    return PlanContext(Plan(s.code, orals), s, candidates, examiners)


@pytest.fixture(scope="module")
def letters(small: PlanContext) -> dict[str, bytes]:
    return candidate_letters(small)


def _read(data: bytes) -> list[pdfplumber.page.Page]:
    return list(pdfplumber.open(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def texts(letters: dict[str, bytes]) -> dict[str, list[str]]:
    """Each file's pages as text."""
    return {
        name: [_norm(p.extract_text(use_text_flow=True)) for p in _read(data)]
        for name, data in letters.items()
    }


def _expected(small: PlanContext) -> list[tuple[str, date]]:
    """(candidate, day) of every letter, by name then day."""
    keys = {(o.candidate, o.day) for o in small.plan.orals if o.is_placed and o.day is not None}
    c = small.by_number
    return sorted(keys, key=lambda k: (name_key(c[k[0]].surname), name_key(c[k[0]].given_name), k[0], k[1]))


def _row(text: str, label: str, following: str) -> str:
    """The values of a row of the orals' table (one per oral of the day)."""
    return text.split(f" {label} ", 1)[1].split(f" {following} ", 1)[0]


def _page_of(texts: list[str], number: str, day: date) -> str:
    (found,) = [t for t in texts if number in t and f"Journée du {french_date(day)}" in t]
    return found


def test_one_page_per_candidate_and_day_by_name(small: PlanContext, texts: dict[str, list[str]]) -> None:
    pages = texts[ALL_CANDIDATES]
    expected = _expected(small)
    assert len(pages) == len(expected) == 7
    for text, (number, day) in zip(pages, expected, strict=True):
        assert "Convocation aux épreuves orales" in text
        assert number in text and f"Journée du {french_date(day)}" in text
    assert [(cd.candidate.number, cd.day) for cd in candidate_days(small)] == expected


def test_each_oral_has_its_times_place_and_room(small: PlanContext, texts: dict[str, list[str]]) -> None:
    pages = texts[ALL_CANDIDATES]
    for o in small.plan.placed():
        assert o.day is not None and o.site is not None
        text = _page_of(pages, o.candidate, o.day)
        site = small.session.sites[o.site]
        assert _norm(site.full_address) in text
        assert f"{o.epreuve} — {small.session.epreuves[o.epreuve].label}" in text
        for minute in (o.convocation, o.start, o.end, o.preparation_start):
            if minute is not None:
                assert clock(minute) in text
        assert clock(o.convocation) in _row(text, "Heure de convocation", "Début de la préparation")
        assert clock(o.start) in _row(text, "Heure de passage", "Fin de l'épreuve")
        assert o.room is not None and o.room in text
    dupont = _page_of(pages, "0219900001", D_E2)
    assert (
        "les épreuves E2 et E2F" in dupont and "Langue : anglais" in dupont and "Langue : espagnol" in dupont
    )
    assert (
        f"Vous êtes convoqué(e) le {french_date(D_E2)} à 08:10" in dupont
    )  # 30 min of preparation, 20 of welcome
    assert "E4 : le lundi 7 juin 2021, convocation séparée" in dupont


def test_extra_time_is_said_as_it_is(small: PlanContext, texts: dict[str, list[str]]) -> None:
    pages = texts[ALL_CANDIDATES]
    tiers = _page_of(pages, "0219900002", D_E4)
    assert "Aménagement d'épreuve : +1/3 du temps (tiers-temps)." in tiers
    assert "E4 : préparation 60 min au lieu de 40, oral 80 min au lieu de 60" in tiers
    quarter = _page_of(pages, "0219900003", D_E5)
    assert "+1/4 du temps (temps majoré de 25 %)" in quarter and "oral 50 min au lieu de 40" in quarter
    assert "Aménagement" not in _page_of(pages, "0219900001", D_E4)
    assert extra_time_text(Fraction(1, 3)) == "+1/3 du temps (tiers-temps)"
    assert extra_time_text(Fraction(1, 2)) == "+1/2 du temps (temps majoré de 50 %)"


def test_orals_without_passage_get_no_page_but_a_line(
    small: PlanContext, texts: dict[str, list[str]]
) -> None:
    everything = " ".join(p for pages in texts.values() for p in pages)
    assert "0219900004" not in everything  # NV only: nothing to convoke to
    bernard = _page_of(texts[ALL_CANDIDATES], "0219900005", D_E6)
    assert (
        "E4 — Relation client et négociation-vente : Dossier non valide (NV) : pas de convocation" in bernard
    )
    assert "les épreuves E6 et ENG" in bernard
    arnaud = _page_of(texts[ALL_CANDIDATES], "0219900007", D_E2)
    assert "Absence signalée : pas de passage" in arnaud


def test_what_to_bring_rules_and_contact(small: PlanContext, texts: dict[str, list[str]]) -> None:
    pages = texts[ALL_CANDIDATES]
    e4 = small.session.epreuves["E4"].to_bring
    assert e4, "the bundled session says what to bring to the E4"
    for text in pages:
        assert "pièce d'identité officielle avec photographie" in text and "la présente convocation" in text
        assert "à l'heure de convocation" in text and "retard" in text
        assert f"Contact : {_norm(small.session.contact)}" in text
    for item in e4:
        assert f"E4 : {_norm(item)}" in _page_of(pages, "0219900002", D_E4)
    assert "E4 :" not in _page_of(pages, "0219900003", D_E5).split("À apporter")[1]
    # The centre's telephone where the centre has one (Toulouse here).
    assert PHONE in _page_of(pages, "0219900003", D_E5) and PHONE in _page_of(pages, "0219900005", D_E6)
    assert PHONE not in _page_of(pages, "0219900001", D_E2)


def test_hostile_text_prints_literally(texts: dict[str, list[str]]) -> None:
    page = _page_of(texts[ALL_CANDIDATES], "0219900003", D_E5)
    assert "<b>Ødegård & fils</b>" in page and "=1+1 (a\\b)" in page and "Lycée d'Ödegård <script>" in page


def test_print_is_readable_and_inside_the_page(letters: dict[str, bytes]) -> None:
    """10 pt or more in DejaVu Sans, nothing outside the page; the overlong
    letter stays on one page (scaled down, the only one allowed below 10 pt)."""
    for page in _read(letters[ALL_CANDIDATES]):
        chars = page.chars
        assert chars
        assert all(
            c["x0"] >= 0 and c["x1"] <= page.width and c["top"] >= 0 and c["bottom"] <= page.height
            for c in chars
        )
        assert all("DejaVuSans" in c["fontname"] for c in chars)
        if "0219900006" not in page.extract_text(use_text_flow=True):
            assert min(c["size"] for c in chars) >= 9.99
            assert max(c["x1"] for c in chars) <= page.width - 18 * 72 / 25.4 + 0.5  # right margin kept


def test_overlong_names_wrap_on_one_page(letters: dict[str, bytes]) -> None:
    (page,) = [
        p for p in _read(letters[ALL_CANDIDATES]) if "0219900006" in p.extract_text(use_text_flow=True)
    ]
    text = "".join(c["text"] for c in page.chars)
    assert text.count("Abcdefghijklmnopq") == 27 and "x" * 100 in "".join(text.split())


def test_each_school_and_centre_file_holds_exactly_its_letters(
    small: PlanContext, texts: dict[str, list[str]]
) -> None:
    expected = _expected(small)
    numbers = [n for n, _ in expected]
    schools = {name for name in texts if "/etablissement-" in name}
    assert schools == {
        "lettres/etablissement-ead-31.pdf",  # « EAD 31 » and « EAD-31 » share a slug: the second is numbered
        "lettres/etablissement-ead-31-2.pdf",
        "lettres/etablissement-lycee-d-odegard-script.pdf",
        "lettres/etablissement-lycee-saliege.pdf",
        # A name of 493 characters: cut, so that the file can be written.
        f"lettres/etablissement-etablissement{'x' * (SLUG_LENGTH - 13)}.pdf",
    }
    assert all(FILE_NAME.fullmatch(name) for name in texts if name != ALL_CANDIDATES)

    def numbers_in(name: str) -> list[str]:
        return [next(n for n in set(numbers) if n in text) for text in texts[name]]

    saliege = [n for n in numbers if small.by_number[n].etablissement == "Lycée Saliège"]
    assert numbers_in("lettres/etablissement-lycee-saliege.pdf") == saliege
    assert numbers_in("lettres/etablissement-ead-31.pdf") == ["0219900007"]
    assert numbers_in("lettres/etablissement-ead-31-2.pdf") == ["0219900005"]
    assert sum(len(texts[name]) for name in schools) == len(expected)

    sites = {name for name in texts if "/site-" in name}
    assert sites == {f"lettres/site-{town}.pdf" for town in ("castres", "tarbes", "toulouse", "muret")}
    for name in sites:
        key = name.removeprefix("lettres/site-").removesuffix(".pdf")
        mine = sorted(
            ((o.day, o.convocation, o.candidate) for o in small.plan.placed() if o.site == key and o.day),
            key=lambda k: (k[0], k[1]),
        )
        wanted = list(dict.fromkeys((day, number) for day, _, number in mine))
        got = [(day, number) for text in texts[name] for day, number in wanted if number in text]
        assert got == wanted, name
        assert all(name_key(small.session.sites[key].town) in name_key(t) for t in texts[name])


def test_same_plan_same_bytes(small: PlanContext, letters: dict[str, bytes]) -> None:
    again = PlanContext(small.plan, small.session, list(small.candidates), list(small.examiners))
    assert candidate_letters(again) == letters
    assert examiner_letters(again) == examiner_letters(small)


def _moved_to_room(ctx: PlanContext, number: str, room: str) -> PlanContext:
    """The plan with candidate ``number``'s orals in ``room``."""
    orals = [replace(o, room=room) if o.candidate == number and o.is_placed else o for o in ctx.plan.orals]
    return PlanContext(Plan(ctx.plan.session, orals), ctx.session, list(ctx.candidates), list(ctx.examiners))


def _published(tmp_path: Path, ctx: PlanContext, files: dict[str, bytes], *, marked: bool) -> Published:
    """``files`` written under ``tmp_path`` as a published plan's folder;
    ``marked``: each replaced by its own name, to see which are read back."""
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(f"publié : {name}".encode() if marked else data)
    return Published(ctx, tmp_path)


@pytest.mark.parametrize("writer", [candidate_letters, examiner_letters])
def test_a_rerun_reads_back_exactly_the_unchanged_files(
    small: PlanContext, writer: Callable[..., dict[str, bytes]], tmp_path: Path
) -> None:
    """A re-run that moves one candidate to another room: the files with
    that candidate's page (or their examiners' days) are written again, every
    other one is the published file, and the whole is what a first run writes."""
    before = writer(small)
    new = _moved_to_room(small, "0219900005", "Salle 2")
    fresh = writer(new)
    changed = {name for name, data in fresh.items() if before.get(name) != data}
    assert ALL_CANDIDATES in changed or ALL_EXAMINERS in changed
    assert set(fresh) - changed  # something to read back

    assert writer(new, _published(tmp_path / "vrai", small, before, marked=False)) == fresh
    got = writer(new, _published(tmp_path / "marqué", small, before, marked=True))
    read_back = {name for name, data in got.items() if data == f"publié : {name}".encode()}
    assert read_back == set(fresh) - changed
    assert all(got[name] == fresh[name] for name in changed)


def test_a_rerun_writes_everything_when_the_pages_encode_otherwise(small: PlanContext, tmp_path: Path) -> None:
    """A new character (a renamed candidate) changes every page's encoding,
    another session every heading: no published file is read back."""
    before = candidate_letters(small)
    renamed = [replace(c, surname="ŒRSTED") if c.number == "0219900005" else c for c in small.candidates]
    other_name = PlanContext(small.plan, small.session, renamed, list(small.examiners))
    other_label = PlanContext(
        small.plan, replace(small.session, label="Autre session"), list(small.candidates), list(small.examiners)
    )
    for new in (other_name, other_label):
        published = _published(tmp_path, small, before, marked=True)
        assert candidate_letters(new, published) == candidate_letters(new)


def test_a_page_renders_as_a_picture(letters: dict[str, bytes]) -> None:
    """pdfium (another reader than pdfplumber's) draws the shared page contents."""
    page = _read(letters[ALL_CANDIDATES])[0]
    picture = page.to_image(resolution=40).original.convert("L")
    assert picture.size == (331, 468)
    assert picture.getextrema()[0] < 80  # text and rules drawn, not a blank page


def test_examiner_letters_list_every_day(small: PlanContext) -> None:
    files = examiner_letters(small)
    ids = ["EX01", "EX02", "EX03", "EX04", "EX05", "EX06"]  # EX07 has no day: no letter
    assert list(files) == [ALL_EXAMINERS] + [f"lettres/examinateur-{i.lower()}.pdf" for i in ids]
    pages = [_norm(p.extract_text(use_text_flow=True)) for p in _read(files[ALL_EXAMINERS])]
    assert len(pages) == len(ids)
    for examiner, text in zip(ids, pages, strict=True):
        assert [
            _norm(p.extract_text(use_text_flow=True))
            for p in _read(files[f"lettres/examinateur-{examiner.lower()}.pdf"])
        ] == [text]
        assert "Convocation des examinateurs" in text and examiner in text
        assert f"Contact : {_norm(small.session.contact)}" in text
        mine = [o for o in small.plan.placed() if examiner in o.examiners]
        for commission, day in {(o.commission, o.day) for o in mine}:
            assert day is not None
            that_day = [o for o in mine if (o.commission, o.day) == (commission, day)]
            first = min(o.start for o in that_day if o.start is not None)
            last = max(o.end for o in that_day if o.end is not None)
            assert (
                f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {clock(first)} – {clock(last)}"
                in text
            )
            site = small.session.sites[that_day[0].site or ""]
            assert site.etablissement in text and _norm(site.full_address) in text
    obrien = pages[ids.index("EX03")]
    assert "<i>O'Brien & Co</i> =cmd" in obrien and "2 journées (3 candidats en tout)" in obrien
    assert "PETIT Hugo (EX04)" in obrien and "FABRE Marc (EX06)" in obrien and "E6 + ENG" in obrien
    for page in _read(files[ALL_EXAMINERS]):
        assert min(c["size"] for c in page.chars) >= 9.99


def test_no_named_examiner_no_examiner_letter(export_context: PlanContext) -> None:
    assert examiner_letters(export_context) == {}


def test_slugs_are_ascii_and_unique() -> None:
    assert unique_slugs(["Lycée Saliège", "lycee saliege", "Ødegård", "???"], "x") == {
        "Lycée Saliège": "lycee-saliege",
        "lycee saliege": "lycee-saliege-2",
        "Ødegård": "degard",
        "???": "x",
    }


def test_a_solved_plan_bundles_the_same_pages(export_context: PlanContext) -> None:
    """Every (candidate, day) of a solved plan has its page; each school and
    centre file holds exactly the pages of its candidates (the very same
    page contents), in its order; a sample of pages read as text."""
    ctx = export_context
    files = candidate_letters(ctx)
    days = candidate_days(ctx)
    assert len(days) == len({(o.candidate, o.day) for o in ctx.plan.placed()})
    everything = _read(files[ALL_CANDIDATES])
    assert len(everything) == len(days)
    contents = [b"".join(s.get_data() for s in p.page_obj.contents) for p in everything]
    index = {content: i for i, content in enumerate(contents)}
    assert len(index) == len(days)

    by_school: dict[str, list[int]] = {}
    by_site: dict[str, list[tuple[object, int]]] = {}
    for i, cd in enumerate(days):
        by_school.setdefault(cd.candidate.etablissement, []).append(i)
        for site in cd.sites:
            convocation = min(o.convocation or 0 for o in cd.orals if o.site == site)
            by_site.setdefault(site, []).append(((cd.day, convocation, i), i))
    got_schools, got_sites = [], []
    for name, data in files.items():
        if name == ALL_CANDIDATES:
            continue
        assert FILE_NAME.fullmatch(name), name
        pages = [index[b"".join(s.get_data() for s in p.page_obj.contents)] for p in _read(data)]
        (got_schools if "/etablissement-" in name else got_sites).append(pages)
    assert sorted(got_schools) == sorted(by_school.values())
    assert sorted(got_sites) == sorted([i for _, i in sorted(pairs)] for pairs in by_site.values())

    hostile = {c.number for c in ctx.candidates[:2]} | {c.number for c in ctx.candidates if c.extra_time}
    sample = sorted(
        {*range(0, len(days), 40), *(i for i, cd in enumerate(days) if cd.candidate.number in hostile)}
    )
    for i in sample:
        cd, page = days[i], everything[i]
        text = _norm(page.extract_text(use_text_flow=True))
        # A name longer than its box is cut between characters: compared without spaces.
        assert cd.candidate.number in text and "".join(cd.candidate.surname.split()) in "".join(text.split())
        for o in cd.orals:
            assert clock(o.start) in text and clock(o.convocation) in text
        if cd.candidate.extra_time:
            assert extra_time_text(cd.candidate.extra_time) in text
        assert min(c["size"] for c in page.chars) >= 9.99


def test_two_centres_in_a_day_and_no_heading_or_contact(small: PlanContext) -> None:
    """A day at two centres: both said, the page in both centres' files; a
    session without service nor contact still writes its letters."""
    moved = [
        replace(o, site="muret", room="Salle 2") if (o.candidate, o.epreuve) == ("0219900001", "E2F") else o
        for o in small.plan.orals
    ]
    session = replace(small.session, authority="", contact="")
    ctx = PlanContext(Plan(session.code, moved), session, small.candidates, small.examiners)
    files = candidate_letters(ctx)
    page = _page_of(
        [_norm(p.extract_text(use_text_flow=True)) for p in _read(files[ALL_CANDIDATES])], "0219900001", D_E2
    )
    assert f"Vous êtes convoqué(e) le {french_date(D_E2)} à 08:10 pour l'épreuve E2" in page
    assert f"Vous êtes également convoqué(e) le {french_date(D_E2)} à 09:20 pour l'épreuve E2F" in page
    assert _norm(session.sites["muret"].full_address) in page
    assert "Contact" not in page and "Rectorat" not in page
    for site in ("tarbes", "muret"):
        texts = [p.extract_text(use_text_flow=True) for p in _read(files[f"lettres/site-{site}.pdf"])]
        assert sum("0219900001" in t and french_date(D_E2) in _norm(t) for t in texts) == 1
