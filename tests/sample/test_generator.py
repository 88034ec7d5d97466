"""Tests of the deterministic sample-data generator (``oraux exemple``)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain.session import Centre, Origin, Session
from scheduler.errors import InputError
from scheduler.sample.generator import (
    CANDIDATES_FILE,
    EXAMINER_COLUMNS,
    EXAMINERS_FILE,
    candidate_columns_of,
    generate_candidates,
    generate_examiners,
    origin_counts,
    write_sample,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "toulouse-2021"
BLAGNAC = "CFA Commerce & Services"

Row = dict[str, str]


@pytest.fixture(scope="module")
def session() -> Session:
    loader = pytest.importorskip("scheduler.io.session_file")
    loaded: Session = loader.load_session(DATA)
    return loaded


@pytest.fixture(scope="module")
def candidates(session: Session) -> list[Row]:
    return generate_candidates(session)


@pytest.fixture(scope="module")
def examiners(session: Session) -> list[Row]:
    return generate_examiners(session)


def _read(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _ponctuel(session: Session, row: Row, code: str) -> bool:
    etab = next(e for e in session.etablissements if e.name == row["etablissement"])
    return etab.mode(code) == "ponctuel"


def _expected_origin_counts(session: Session) -> Counter[tuple[str, str]]:
    """Published counts, with the Blagnac rule applied by hand: ESARC 24 → 23."""
    expected: Counter[tuple[str, str]] = Counter()
    for centre in session.centres:
        for origin in centre.origins:
            expected[(centre.name, origin.name)] += origin.announced
    expected[(BLAGNAC, "ESARC Evolution")] -= 1
    return expected


def _available_days(text: str) -> list[date]:
    """Dates named by a ``disponibilites`` cell: a list of days or one ``a..b`` range."""
    if ".." in text:
        first, last = (date.fromisoformat(x) for x in text.split(".."))
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [date.fromisoformat(x) for x in text.split()]


# --- files and determinism ---------------------------------------------------


def test_write_sample_is_byte_identical_on_rerun(session: Session, tmp_path: Path) -> None:
    """Two runs with the same seed write the same bytes: BOM, ';', '\\n' line ends."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    paths_a = write_sample(first, session, seed=7)
    paths_b = write_sample(second, session, seed=7)
    assert [p.name for p in paths_a] == [CANDIDATES_FILE, EXAMINERS_FILE]
    for a, b in zip(paths_a, paths_b, strict=True):
        data = a.read_bytes()
        assert data == b.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in data
    header = paths_a[0].read_bytes()[3:].split(b"\n", 1)[0].decode()
    assert header == ";".join(candidate_columns_of(session))
    assert sorted(p.name for p in first.iterdir()) == [CANDIDATES_FILE, EXAMINERS_FILE]


def test_bytes_do_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    """Separate interpreters with different PYTHONHASHSEED write the same files."""
    pytest.importorskip("scheduler.io.session_file")
    script = (
        "import sys; from pathlib import Path; from scheduler.io.session_file import load_session; "
        "from scheduler.sample.generator import write_sample; "
        f"write_sample(Path(sys.argv[1]), load_session(Path({str(DATA)!r})))"
    )
    outputs = []
    for hash_seed in ("1", "4242"):
        folder = tmp_path / hash_seed
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", script, str(folder)], check=True, env=env, cwd=ROOT)
        outputs.append([(folder / name).read_bytes() for name in (CANDIDATES_FILE, EXAMINERS_FILE)])
    assert outputs[0] == outputs[1]


def test_other_seed_gives_other_rows_same_counts(session: Session, candidates: list[Row]) -> None:
    """Another seed changes names and draws, never the per-centre counts."""
    other = generate_candidates(session, seed=2022)
    assert other != candidates
    assert {(r["nom"], r["prenom"]) for r in other} != {(r["nom"], r["prenom"]) for r in candidates}
    assert Counter(r["centre_ecrit"] for r in other) == Counter(r["centre_ecrit"] for r in candidates)
    assert generate_examiners(session, seed=2022) != generate_examiners(session)


def test_written_rows_are_the_generated_rows(session: Session, tmp_path: Path) -> None:
    """The CSV reads back to exactly the generated dicts, columns in contract order."""
    cand_path, exam_path = write_sample(tmp_path, session)
    read_back = _read(cand_path)
    assert read_back == generate_candidates(session)
    assert list(read_back[0]) == candidate_columns_of(session)
    assert list(_read(exam_path)[0]) == list(EXAMINER_COLUMNS)


def test_failed_generation_leaves_existing_files_untouched(session: Session, tmp_path: Path) -> None:
    """An origin missing from etablissements.csv raises before any file is replaced."""
    (tmp_path / CANDIDATES_FILE).write_text("ancienne liste\n", encoding="utf-8")
    broken = replace(session, etablissements=session.etablissements[1:])
    with pytest.raises(ValueError, match="absente de etablissements.csv"):
        write_sample(tmp_path, broken, replace=True)
    assert (tmp_path / CANDIDATES_FILE).read_text(encoding="utf-8") == "ancienne liste\n"
    assert [p.name for p in tmp_path.iterdir()] == [CANDIDATES_FILE]


def test_existing_lists_are_kept_unless_replaced(session: Session, tmp_path: Path) -> None:
    """An office's list in the folder is never overwritten by sample data unless asked (issue #12)."""
    (tmp_path / EXAMINERS_FILE).write_text("liste du bureau\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        write_sample(tmp_path, session)
    assert [p.file for p in err.value.problems] == [str(tmp_path / EXAMINERS_FILE)]
    assert "--remplacer" in err.value.problems[0].message
    assert [p.name for p in tmp_path.iterdir()] == [EXAMINERS_FILE]
    write_sample(tmp_path, session, replace=True)
    assert (tmp_path / EXAMINERS_FILE).read_text(encoding="utf-8") != "liste du bureau\n"


# --- counts ------------------------------------------------------------------


def test_origin_counts_trims_or_pads_the_largest_origin() -> None:
    """The balancing rule: the largest origin (first on a tie) absorbs the whole gap."""
    origins = (Origin("A", 5), Origin("B", 9), Origin("C", 9))
    assert origin_counts(Centre("X", "T", 21, origins)) == [("A", 5), ("B", 7), ("C", 9)]
    assert origin_counts(Centre("X", "T", 25, origins)) == [("A", 5), ("B", 11), ("C", 9)]
    assert origin_counts(Centre("X", "T", 23, origins)) == [("A", 5), ("B", 9), ("C", 9)]
    with pytest.raises(ValueError, match="plus que la plus grande origine"):
        origin_counts(Centre("X", "T", 10, origins))


def test_blagnac_is_trimmed_to_its_announced_107(session: Session) -> None:
    """The circular's Blagnac line adds up to 108; ESARC Evolution loses one."""
    blagnac = session.centre_of(BLAGNAC)
    assert blagnac is not None and blagnac.origins_total == 108
    counts = dict(origin_counts(blagnac))
    assert sum(counts.values()) == 107
    assert counts["ESARC Evolution"] == 23


def test_counts_per_centre_and_origin(session: Session, candidates: list[Row]) -> None:
    """Every centre has its announced count and every origin its published one."""
    assert len(candidates) == 536
    per_centre = Counter(r["centre_ecrit"] for r in candidates)
    assert per_centre == {c.name: c.announced for c in session.centres}
    per_origin = Counter((r["centre_ecrit"], r["etablissement"]) for r in candidates)
    assert per_origin == _expected_origin_counts(session)


def test_numbers_are_unique_exam_numbers(candidates: list[Row]) -> None:
    """Ten digits starting with 021, all different."""
    numbers = [r["numero"] for r in candidates]
    assert len(set(numbers)) == len(numbers)
    assert all(len(n) == 10 and n.isdigit() and n.startswith("021") for n in numbers)


def test_numbers_stay_ten_digits_beyond_99_centres(session: Session) -> None:
    """Issue #12: with 121 centres the centre takes three digits and the rank four, never eleven digits."""
    centres = [replace(c, name=f"{c.name} {i}") for i in range(11) for c in session.centres]
    big = replace(session, centres=centres)
    numbers = [r["numero"] for r in generate_candidates(big, 3)]
    assert len(set(numbers)) == len(numbers) > 5000
    assert all(len(n) == 10 and n.startswith("021") for n in numbers)
    assert numbers[-1].startswith("021121")


def test_rows_ordered_by_centre_then_name(session: Session, candidates: list[Row]) -> None:
    """Centres in centres.csv order, names alphabetical within a centre, accents ignored."""
    order = [c.name for c in session.centres]
    ranks = [order.index(r["centre_ecrit"]) for r in candidates]
    assert ranks == sorted(ranks)
    first_centre = [r for r in candidates if r["centre_ecrit"] == order[0]]
    letters = [r["nom"][0].replace("É", "E") for r in first_centre]
    assert letters == sorted(letters)
    assert all(r["nom"] == r["nom"].upper() for r in candidates)


# --- candidate rules ---------------------------------------------------------


def test_ccf_candidates_have_no_ponctuel_oral(session: Session, candidates: list[Row]) -> None:
    """A compulsory oral is ponctuel only where the établissement's mode is ponctuel."""
    for row in candidates:
        assert bool(row["lv_obligatoire"]) == _ponctuel(session, row, "E2")
        for code in ("E4", "E5", "E6"):
            if not _ponctuel(session, row, code):
                assert row[code.lower()] == "non", row
    ccf = [r for r in candidates if not _ponctuel(session, r, "E4")]
    assert len(ccf) == 256


def test_redoublants_skip_exactly_one_oral(session: Session, candidates: list[Row]) -> None:
    """About 3 % of ponctuel candidates keep a mark: exactly one of E4/E5/E6 is 'non'."""
    ponctuel = [r for r in candidates if _ponctuel(session, r, "E4")]
    skipped = [[r[c] for c in ("e4", "e5", "e6")].count("non") for r in ponctuel]
    assert set(skipped) <= {0, 1}
    assert skipped.count(1) == round(0.03 * len(ponctuel))


def test_compulsory_language_mix(session: Session, candidates: list[Row]) -> None:
    """English dominant, Spanish second, exactly two Russian and one Portuguese."""
    languages = Counter(r["lv_obligatoire"] for r in candidates if r["lv_obligatoire"])
    assert set(languages) <= set(session.languages)
    total = sum(languages.values())
    assert 0.80 <= languages["anglais"] / total <= 0.90
    assert 0.07 <= languages["espagnol"] / total <= 0.13
    assert languages["allemand"] >= 1 and languages["italien"] >= 1
    assert languages["russe"] == 2 and languages["portugais"] == 1


def test_optional_language_differs_from_compulsory(session: Session, candidates: list[Row]) -> None:
    """About 8 % take an optional language, never their compulsory one, CCF included."""
    optional = [r for r in candidates if r["lv_facultative"]]
    assert len(optional) == round(0.08 * len(candidates))
    assert all(r["lv_facultative"] in session.languages for r in optional)
    assert all(r["lv_facultative"] != r["lv_obligatoire"] for r in optional)
    assert any(not r["lv_obligatoire"] for r in optional)


def test_engagement_only_with_e6(candidates: list[Row]) -> None:
    """The engagement unit follows E6, so it needs e6 = oui; about 5 % of E6 takers."""
    engaged = [r for r in candidates if r["engagement"] == "oui"]
    assert all(r["e6"] == "oui" for r in engaged)
    assert len(engaged) == round(0.05 * sum(r["e6"] == "oui" for r in candidates))
    assert {r["engagement"] for r in candidates} == {"oui", "non"}


def test_nv_only_where_the_epreuve_is_taken(candidates: list[Row]) -> None:
    """Three NV dossiers on E4 and two on E6, each on a candidate taking it."""
    nv4 = [r for r in candidates if r["dossier_e4"]]
    nv6 = [r for r in candidates if r["dossier_e6"]]
    assert len(nv4) == 3 and len(nv6) == 2
    assert all(r["dossier_e4"] == "NV" and r["e4"] == "oui" for r in nv4)
    assert all(r["dossier_e6"] == "NV" and r["e6"] == "oui" for r in nv6)


def test_share_of_extra_time_can_be_chosen(session: Session) -> None:
    """--part-amenagements: that share of the candidates sitting an oral, five tiers-temps for one 25 %."""
    rows = generate_candidates(session, 2021, extra_time_share=0.1)
    with_extra = Counter(r["amenagement"] for r in rows if r["amenagement"])
    sitting = sum(1 for r in rows if r["lv_obligatoire"] or "oui" in (r["e4"], r["e5"], r["e6"]) or r["lv_facultative"])
    assert sum(with_extra.values()) > 6
    assert abs(sum(with_extra.values()) - 0.1 * sitting) <= 0.02 * sitting
    assert with_extra["tiers-temps"] >= 4 * with_extra["25 %"]
    assert not any(r["amenagement"] for r in generate_candidates(session, 2021, extra_time_share=0.0))


def test_amenagements(candidates: list[Row]) -> None:
    """Five tiers-temps and one 25 %, all on candidates who sit a ponctuel oral."""
    with_extra = [r for r in candidates if r["amenagement"]]
    assert Counter(r["amenagement"] for r in with_extra) == {"tiers-temps": 5, "25 %": 1}
    for row in with_extra:
        orals = [row["lv_obligatoire"], row["lv_facultative"], *(row[c] == "oui" for c in ("e4", "e5", "e6"))]
        assert any(orals), row


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_rules_hold_for_any_seed(session: Session, seed: int) -> None:
    """Counts and consistency rules do not depend on the seed."""
    rows = generate_candidates(session, seed=seed)
    assert Counter((r["centre_ecrit"], r["etablissement"]) for r in rows) == _expected_origin_counts(session)
    assert len({r["numero"] for r in rows}) == len(rows) == 536
    assert len({(r["nom"], r["prenom"]) for r in rows}) == len(rows)
    languages = Counter(r["lv_obligatoire"] for r in rows)
    assert languages["russe"] == 2 and languages["portugais"] == 1
    for row in rows:
        assert not row["lv_facultative"] or row["lv_facultative"] != row["lv_obligatoire"]
        assert row["engagement"] == "non" or row["e6"] == "oui"
        assert not row["dossier_e4"] or row["e4"] == "oui"
        assert not row["dossier_e6"] or row["e6"] == "oui"


# --- examiners ---------------------------------------------------------------


def test_examiner_pool_size_and_roles(examiners: list[Row]) -> None:
    """40 on E4 and 36 on E6 (half teachers), 12 on E5, 14 language teachers on E2."""
    assert [e["id"] for e in examiners] == [f"EX{i:03d}" for i in range(1, len(examiners) + 1)]
    assert len({(e["nom"], e["prenom"]) for e in examiners}) == len(examiners)
    by_code = {c: [e for e in examiners if c in e["epreuves"].split()] for c in ("E2", "E4", "E5", "E6")}
    assert {c: len(v) for c, v in by_code.items()} == {"E2": 15, "E4": 40, "E5": 12, "E6": 36}
    assert Counter(e["qualite"] for e in by_code["E4"]) == {"enseignant": 20, "professionnel": 20}
    assert Counter(e["qualite"] for e in by_code["E6"]) == {"enseignant": 18, "professionnel": 18}
    assert all(e["qualite"] == "enseignant" for e in by_code["E2"])
    assert all(set(e["epreuves"].split()) <= {"E2", "E4", "E5", "E6"} and e["epreuves"] for e in examiners)


def test_examiner_languages(session: Session, examiners: list[Row], candidates: list[Row]) -> None:
    """Only E2 examiners have languages, and every language a candidate asks for is covered."""
    spoken: Counter[str] = Counter()
    for e in examiners:
        assert bool(e["langues"]) == ("E2" in e["epreuves"].split()), e
        spoken.update(e["langues"].split())
    assert set(spoken) <= set(session.languages)
    assert spoken == {"anglais": 8, "espagnol": 3, "allemand": 3, "italien": 1, "russe": 1, "portugais": 1}
    asked = {r[k] for r in candidates for k in ("lv_obligatoire", "lv_facultative") if r[k]}
    assert asked <= set(spoken)


def test_examiner_workplaces(session: Session, examiners: list[Row]) -> None:
    """Teachers work in a lycée of etablissements.csv; professionals never in a school."""
    lycees = {
        e.name for e in session.etablissements if e.kind in ("lycée public", "lycée privé sous contrat")
    } | {"ISSEC Pigier"}
    schools = {e.name for e in session.etablissements}
    for e in examiners:
        if e["qualite"] == "enseignant":
            assert e["etablissement"] in lycees, e
        else:
            assert e["qualite"] == "professionnel"
            assert e["etablissement"] not in schools, e


def test_examiner_availability_inside_windows(session: Session, examiners: list[Row]) -> None:
    """Restricted dates lie inside the window of the examiner's épreuve, listed days on working days."""
    restricted = [e for e in examiners if e["disponibilites"]]
    assert restricted
    assert any(".." in e["disponibilites"] for e in restricted)
    assert any(".." not in e["disponibilites"] for e in restricted)
    for e in restricted:
        codes = e["epreuves"].split()
        assert len(codes) == 1, e
        epreuve = session.epreuves[codes[0]]
        days = _available_days(e["disponibilites"])
        assert len(days) >= 2
        assert all(epreuve.first_day <= d <= epreuve.last_day for d in days), e
        if ".." not in e["disponibilites"]:
            assert set(days) <= set(session.working_days(epreuve)), e
    caps = [e["max_par_jour"] for e in examiners if e["max_par_jour"]]
    assert caps and all(c in ("6", "8") for c in caps)
    assert len(caps) < len(examiners) / 2


def test_a_session_without_sample_settings_gets_lists_of_its_own_codes(tmp_path: Path) -> None:
    """E4 renamed E41 (column « vente ») and no [exemple] table: the sample
    follows the session's épreuves, with default numbers, NV counts and
    examiner groups derived from the announced candidates, and reads back."""
    from scheduler.io.candidates import load_candidates
    from scheduler.io.examiners import load_examiners
    from scheduler.io.session_file import load_session

    folder = tmp_path / "session"
    folder.mkdir()
    for name in ("centres.csv", "etablissements.csv"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    text = (DATA / "session.toml").read_text(encoding="utf-8")
    text = text[: text.index("[exemple]")]
    text = text.replace('code = "E4"', 'code = "E41"\ncolonne = "vente"', 1)
    text = text.replace('examinateurs_differents_de = ["E4"]', 'examinateurs_differents_de = ["E41"]')
    (folder / "session.toml").write_text(text, encoding="utf-8")
    session = load_session(folder)
    cand_path, exam_path = write_sample(folder, session)
    header = cand_path.read_bytes()[3:].split(b"\n", 1)[0].decode()
    assert header.split(";")[5:12] == ["lv_obligatoire", "lv_facultative", "vente", "e5", "e6", "engagement", "dossier_e41"]
    candidates = load_candidates([cand_path], session).candidates
    assert all(c.number.startswith("000") for c in candidates)
    assert sum("E41" in c.nv for c in candidates) == 2
    assert sum("E6" in c.nv for c in candidates) == 2
    assert any("E41" in c.orals for c in candidates)
    examiners = load_examiners([exam_path], session).examiners
    by_code = Counter(code for e in examiners for code in e.epreuves)
    # Enough examiners for every épreuve with commissions of its own.
    assert set(by_code) == {"E2", "E41", "E5", "E6"}
    assert {e.quality for e in examiners if "E41" in e.epreuves} == {"enseignant", "professionnel"}
