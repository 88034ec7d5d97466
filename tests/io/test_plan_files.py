"""Plan files: planning.csv contract, plan JSON round-trip, versions, atomic writes."""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain.plan import ABSENT, NV, PLANNED, UNPLACED, WITHDRAWN, Oral, Plan, SolverInfo, Status
from scheduler.domain.session import Candidate, Session, extra_time_label
from scheduler.errors import InputError
from scheduler.io import atomic, plan_files
from scheduler.io.atomic import atomic_write_bytes, atomic_write_text, write_new
from scheduler.io.plan_files import (
    PLANNING_COLUMNS,
    file_checksum,
    latest_plan,
    load_plan,
    load_plan_file,
    plan_from_json,
    plan_to_json,
    planning_rows,
    read_planning_csv,
    save_plan,
    write_planning_csv,
)
from scheduler.io.session_file import load_session

INPUTS = {"session.toml": "sha256:" + "0" * 64, "candidats.csv": "sha256:" + "1" * 64}


@pytest.fixture(scope="module")
def session() -> Session:
    return load_session(Path("data/toulouse-2021"))


def _candidate(number: str, surname: str = "MARTIN", given: str = "Léa") -> Candidate:
    return Candidate(
        number=number, surname=surname, given_name=given, etablissement="Lycée Ozenne", centre="Toulouse"
    )


def _placed(candidate: str, epreuve: str, site: str, day: date, start: int, **kw: object) -> Oral:
    fields: dict[str, object] = {
        "room": "B12",
        "commission": f"{epreuve}-C01",
        "examiners": ("EX01", "EX02"),
        "day": day,
        "convocation": start - 30,
        "start": start,
        "end": start + 40,
    }
    fields.update(kw)
    return Oral(candidate, epreuve, PLANNED, site=site, **fields)  # type: ignore[arg-type]


def _sample_plan() -> tuple[Plan, list[Candidate]]:
    candidates = [
        _candidate("0001", "MARTIN", "Léa"),
        _candidate("0002", 'DUPONT; "dit" LE GRAND', "Jean-Éric"),
        _candidate("0003", "=HYPERLINK(1)", "+Zoé"),
    ]
    d1, d2 = date(2021, 5, 17), date(2021, 5, 18)
    orals = [
        _placed("0003", "E6", "toulouse", d2, 8 * 60, preparation_start=None),
        Oral("0002", "E4", NV),
        _placed("0002", "E6", "toulouse", d1, 9 * 60),
        _placed("0001", "E4", "castres", d2, 8 * 60, preparation_start=7 * 60 + 30),
        Oral("0001", "E6", UNPLACED),
        _placed("0001", "E2", "tarbes", d1, 10 * 60, language="anglais", commission="E2-ANG-C01"),
        _placed("0003", "E4", "castres", d1, 14 * 60, preparation_start=13 * 60 + 30),
        _placed("0001", "E5", "muret", d1, 8 * 60, subject="WordPress"),
        _placed("0003", "ENG", "toulouse", d2, 8 * 60 + 40),
        Oral("0003", "E6", NV),
    ]
    solver = SolverInfo(
        "OPTIMAL",
        objective=12.0,
        bound=11.5,
        wall_time=3.25,
        parameters={"max_time_in_seconds": 60, "num_workers": 8, "seed": "42"},
        stages=[{"name": "commissions", "objective": 10.0, "bound": None}],
    )
    return Plan("toulouse-2021", orals, solver, ["1 oral non placé : E6 complet"]), candidates


# --------------------------------------------------------------------------
# planning.csv


def test_planning_rows_order_and_fields(session: Session) -> None:
    plan, candidates = _sample_plan()
    rows = planning_rows(plan, session, candidates)
    assert len(rows) == len(plan.orals)
    assert all(list(r) == PLANNING_COLUMNS for r in rows)
    order = [(r["epreuve"], r["date"], r["debut"], r["numero"], r["statut"]) for r in rows]
    assert order == [
        ("E2", "2021-05-17", "10:00", "0001", "planifié"),
        ("E4", "2021-05-17", "14:00", "0003", "planifié"),
        ("E4", "2021-05-18", "08:00", "0001", "planifié"),
        ("E4", "", "", "0002", "NV"),
        ("E5", "2021-05-17", "08:00", "0001", "planifié"),
        ("E6", "2021-05-17", "09:00", "0002", "planifié"),
        ("E6", "2021-05-18", "08:00", "0003", "planifié"),
        ("E6", "", "", "0003", "NV"),
        ("E6", "", "", "0001", "non placé"),
        ("ENG", "2021-05-18", "08:40", "0003", "planifié"),
    ]
    e4 = rows[2]
    assert e4["ville"] == "Castres"
    assert e4["site"] == "Lycée de la Borde Basse"
    assert e4["salle"] == "B12"
    assert e4["examinateurs"] == "EX01+EX02"
    assert e4["convocation"] == "07:30"
    assert e4["debut_preparation"] == "07:30"
    assert e4["fin"] == "08:40"
    assert e4["nom"] == "MARTIN" and e4["prenom"] == "Léa"
    assert rows[0]["langue"] == "anglais"
    assert rows[4]["sujet"] == "WordPress"
    # No preparation: empty cell, not "None".
    assert rows[6]["debut_preparation"] == ""


def test_nv_and_unplaced_rows_have_no_place_or_time(session: Session) -> None:
    plan, candidates = _sample_plan()
    for row in planning_rows(plan, session, candidates):
        if row["statut"] in ("NV", "non placé"):
            for col in (
                "ville",
                "site",
                "salle",
                "commission",
                "examinateurs",
                "date",
                "convocation",
                "debut_preparation",
                "debut",
                "fin",
            ):
                assert row[col] == "", col


def test_orals_without_a_passage_sort_nv_absent_withdrawn_then_unplaced(session: Session) -> None:
    candidates = [_candidate(f"000{n}") for n in range(1, 8)]
    d = date(2021, 6, 7)
    orals = [
        Oral("0001", "E4", UNPLACED),
        Oral("0002", "E4", WITHDRAWN),
        Oral("0003", "E4", ABSENT),
        _placed("0004", "E4", "castres", d, 9 * 60),
        Oral("0005", "E4", NV),
        Oral("0006", "E4", ABSENT),
        Oral("0007", "E4", WITHDRAWN),
    ]
    rows = planning_rows(Plan("toulouse-2021", orals), session, candidates)
    assert [(r["statut"], r["numero"]) for r in rows] == [
        ("planifié", "0004"),
        ("NV", "0005"),
        ("absent", "0003"),
        ("absent", "0006"),
        ("désisté", "0002"),
        ("désisté", "0007"),
        ("non placé", "0001"),
    ]
    for row in rows[1:]:
        assert row["date"] == row["salle"] == row["debut"] == row["ville"] == ""


def test_planning_rows_reject_unknown_candidate(session: Session) -> None:
    plan, candidates = _sample_plan()
    with pytest.raises(InputError) as exc:
        planning_rows(plan, session, candidates[:2])
    assert "0003" in exc.value.report()


def test_planning_csv_bytes_contract(tmp_path: Path, session: Session) -> None:
    plan, candidates = _sample_plan()
    path = tmp_path / "planning.csv"
    write_planning_csv(path, plan, session, candidates)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    header, _, rest = text.partition("\r\n")
    assert header == ";".join(PLANNING_COLUMNS)
    # Every line ends in CRLF, none in a bare LF.
    assert text.endswith("\r\n")
    assert text.count("\n") == text.count("\r\n") == len(plan.orals) + 1
    assert "0001;MARTIN;Léa;Lycée Ozenne;E2;anglais;" in rest


def test_planning_csv_round_trip_keeps_values_exact(tmp_path: Path, session: Session) -> None:
    plan, candidates = _sample_plan()
    path = tmp_path / "planning.csv"
    write_planning_csv(path, plan, session, candidates)
    rows = read_planning_csv(path)
    assert rows == planning_rows(plan, session, candidates)
    names = {r["nom"] for r in rows}
    assert 'DUPONT; "dit" LE GRAND' in names
    # Formula-looking values come back exactly, though Excel reads them as text.
    assert "=HYPERLINK(1)" in names and "+Zoé" in {r["prenom"] for r in rows}
    cells = {cell for line in path.read_text(encoding="utf-8-sig").splitlines() for cell in line.split(";")}
    assert {"'=HYPERLINK(1)", "'+Zoé"} <= cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@settings(max_examples=60, deadline=None)
@given(
    surname=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
    given=st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
)
def test_planning_csv_round_trip_any_text(
    tmp_path_factory: pytest.TempPathFactory, surname: str, given: str
) -> None:
    session = load_session(Path("data/toulouse-2021"))
    path = tmp_path_factory.mktemp("csv") / "planning.csv"
    plan = Plan("toulouse-2021", [Oral("X1", "E4", NV)])
    write_planning_csv(path, plan, session, [_candidate("X1", surname, given)])
    [row] = read_planning_csv(path)
    assert (row["nom"], row["prenom"]) == (surname, given)


def test_read_planning_csv_wrong_header(tmp_path: Path) -> None:
    path = tmp_path / "planning.csv"
    path.write_bytes("\ufeffnumero;nom;prénom\r\n1;A;B\r\n".encode())
    with pytest.raises(InputError) as exc:
        read_planning_csv(path)
    [problem] = exc.value.problems
    assert problem.line == 1
    assert "en-tête" in problem.message


def test_read_planning_csv_wrong_cell_count(tmp_path: Path) -> None:
    path = tmp_path / "planning.csv"
    path.write_bytes((";".join(PLANNING_COLUMNS) + "\r\n1;2;3\r\n").encode("utf-8-sig"))
    with pytest.raises(InputError) as exc:
        read_planning_csv(path)
    assert exc.value.problems[0].line == 2


# --------------------------------------------------------------------------
# plan JSON

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_minutes = st.none() | st.integers(0, 24 * 60 - 1)
_scalar = _text | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)

orals = st.builds(
    Oral,
    candidate=_text,
    epreuve=st.sampled_from(["E2", "E2F", "E4", "E5", "E6", "ENG"]),
    status=st.sampled_from([PLANNED, NV, UNPLACED, ABSENT, WITHDRAWN]),
    language=st.none() | _text,
    subject=st.none() | _text,
    site=st.none() | _text,
    room=st.none() | _text,
    commission=st.none() | _text,
    examiners=st.lists(_text, max_size=3).map(tuple),
    day=st.none() | st.dates(),
    convocation=_minutes,
    preparation_start=_minutes,
    start=_minutes,
    end=_minutes,
)
_finite = st.floats(allow_nan=False, allow_infinity=False)
solvers = st.builds(
    SolverInfo,
    status=_text,
    objective=st.none() | _finite,
    bound=st.none() | _finite,
    wall_time=_finite,
    parameters=st.dictionaries(_text, _scalar, max_size=3),
    stages=st.lists(st.dictionaries(_text, st.none() | _scalar, max_size=3), max_size=3),
)
plans = st.builds(
    Plan,
    session=_text,
    orals=st.lists(orals, max_size=8),
    solver=solvers,
    diagnostics=st.lists(_text, max_size=3),
    notes=st.lists(_text, max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(plans)
def test_plan_json_round_trip(plan: Plan) -> None:
    text = plan_to_json(plan, inputs=INPUTS)
    back = plan_from_json(text)
    assert back == plan
    assert back.orals == plan.orals and back.solver == plan.solver and back.diagnostics == plan.diagnostics
    # Stable: serialising the copy gives the same text.
    assert plan_to_json(back, inputs=INPUTS) == text


def test_every_status_is_read_back() -> None:
    assert set(plan_files._STATUSES) == set(get_args(Status))
    plan = Plan("toulouse-2021", [Oral("0001", "E4", ABSENT), Oral("0001", "E6", WITHDRAWN)])
    text = plan_to_json(plan, inputs=INPUTS)
    assert '"status": "absent"' in text and '"status": "désisté"' in text
    assert plan_from_json(text) == plan
    # Decomposed accents (« e » + combining acute), as a hand edit may leave them.
    decomposed = text.replace("désisté", unicodedata.normalize("NFD", "désisté"))
    assert decomposed != text
    assert plan_from_json(decomposed).orals[1].status == WITHDRAWN


def test_plan_json_layout() -> None:
    plan, _ = _sample_plan()
    text = plan_to_json(plan, inputs=INPUTS, parent="plan-v1.json", events=[{"type": "absence"}])
    doc = json.loads(text)
    assert doc["format"] == "oraux-plan" and doc["version"] == 1
    assert doc["session"] == "toulouse-2021"
    assert doc["inputs"] == INPUTS and doc["parent"] == "plan-v1.json"
    assert doc["events"] == [{"type": "absence"}]
    assert "created" not in doc
    assert doc["solver"]["gap"] == pytest.approx(0.5 / 12)
    e4 = next(o for o in doc["orals"] if o["epreuve"] == "E4" and o["status"] == "planifié")
    assert e4["start"] in ("08:00", "14:00") and e4["day"].startswith("2021-05-1")
    nv = next(o for o in doc["orals"] if o["status"] == "NV")
    assert nv["start"] is None and nv["day"] is None
    assert "é" in text  # ensure_ascii=False: accents stay readable
    assert list(doc) == sorted(doc)


def test_plan_file_provenance_round_trip(tmp_path: Path) -> None:
    plan, _ = _sample_plan()
    path = save_plan(tmp_path, plan, inputs=INPUTS, parent="plan-v0.json", events=[{"type": "x", "n": 1}])
    pf = load_plan_file(path)
    assert pf.plan == plan
    assert pf.inputs == INPUTS and pf.parent == "plan-v0.json" and pf.events == [{"type": "x", "n": 1}]
    assert pf.created is not None


def test_plan_to_json_rejects_nan() -> None:
    plan = Plan("s", [], SolverInfo("OPTIMAL", objective=float("nan")))
    with pytest.raises(ValueError):
        plan_to_json(plan, inputs={})


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "JSON invalide"),
        ("[1, 2]", "pas un plan"),
        ('{"format": "autre"}', "pas un plan"),
        ('{"format": "oraux-plan", "version": 2}', "version de plan"),
    ],
)
def test_load_plan_rejects_invalid_files(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "plan-v1.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_plan(path)
    assert fragment in exc.value.report()
    assert str(path) in exc.value.report()


def test_load_plan_reports_every_bad_field(tmp_path: Path) -> None:
    plan, _ = _sample_plan()
    doc = json.loads(plan_to_json(plan, inputs=INPUTS))
    doc["orals"][0]["start"] = "8h00"
    doc["orals"][1]["status"] = "annulé"
    doc["orals"][2]["day"] = "17/05/2021"
    doc["solver"]["wall_time"] = True
    path = tmp_path / "plan-v1.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_plan(path)
    report = exc.value.report()
    assert len(exc.value.problems) == 4
    assert "oral n° 1" in report and "heure HH:MM" in report
    assert "statut invalide" in report and "date AAAA-MM-JJ" in report and "solver.wall_time" in report


def test_load_plan_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="introuvable"):
        load_plan(tmp_path / "absent.json")
    bad = tmp_path / "plan-v1.json"
    bad.write_bytes(b'{"format": "oraux-plan", "session": "\xe9"}')
    with pytest.raises(InputError, match="UTF-8"):
        load_plan(bad)


def test_load_plan_accepts_bom(tmp_path: Path) -> None:
    plan, _ = _sample_plan()
    path = tmp_path / "plan-v1.json"
    path.write_bytes(plan_to_json(plan, inputs=INPUTS).encode("utf-8-sig"))
    assert load_plan(path) == plan


# --------------------------------------------------------------------------
# Versions


def test_save_plan_versions_never_overwrite(tmp_path: Path) -> None:
    plan, _ = _sample_plan()
    first = save_plan(tmp_path, plan, inputs=INPUTS)
    assert first == tmp_path / "toulouse-2021" / "plan-v1.json"
    v1 = first.read_bytes()
    second = save_plan(tmp_path, Plan(plan.session, plan.orals[:2]), inputs=INPUTS, parent=first.name)
    third = save_plan(tmp_path, Plan(plan.session, []), inputs=INPUTS, parent=second.name)
    assert [second.name, third.name] == ["plan-v2.json", "plan-v3.json"]
    assert first.read_bytes() == v1
    assert load_plan(first) == plan
    assert len(load_plan(second).orals) == 2 and load_plan(third).orals == []
    assert load_plan_file(third).parent == "plan-v2.json"
    assert latest_plan(tmp_path, "toulouse-2021") == third


def test_save_plan_skips_a_version_taken_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, _ = _sample_plan()
    folder = tmp_path / plan.session
    folder.mkdir()
    (folder / "plan-v1.json").write_text("v1")
    # Another process creates v2 between the listing and the write.
    real_write_new = plan_files.write_new

    def racing_write_new(path: Path, data: bytes) -> None:
        if path.name == "plan-v2.json" and not path.exists():
            path.write_text("other")
        real_write_new(path, data)

    monkeypatch.setattr(plan_files, "write_new", racing_write_new)
    path = save_plan(tmp_path, plan, inputs=INPUTS)
    assert path.name == "plan-v3.json"
    assert (folder / "plan-v2.json").read_text() == "other"
    assert (folder / "plan-v1.json").read_text() == "v1"


def test_latest_plan_is_numeric(tmp_path: Path) -> None:
    assert latest_plan(tmp_path, "toulouse-2021") is None
    folder = tmp_path / "toulouse-2021"
    folder.mkdir()
    assert latest_plan(tmp_path, "toulouse-2021") is None
    for n in (1, 2, 9, 10):
        (folder / f"plan-v{n}.json").write_text("{}")
    (folder / "plan-v11.json.tmp").write_text("")
    (folder / "plan-vX.json").write_text("")
    (folder / "notes.txt").write_text("")
    assert latest_plan(tmp_path, "toulouse-2021") == folder / "plan-v10.json"
    plan, _ = _sample_plan()
    assert save_plan(tmp_path, plan, inputs=INPUTS).name == "plan-v11.json"


def test_save_plan_rejects_unsafe_session_code(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        save_plan(tmp_path, Plan("../evil", []), inputs={})


def test_file_checksum(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    assert file_checksum(path) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


# --------------------------------------------------------------------------
# Atomic writes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    atomic_write_text(path, "été\r\n")
    assert path.read_bytes() == "été\r\n".encode()
    os.chmod(path, 0o640)
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    if os.name != "nt":
        assert path.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


def test_atomic_write_new_file_is_not_private(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    path = tmp_path / "b.txt"
    atomic_write_bytes(path, b"x")
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_atomic_write_failure_leaves_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "planning.csv"
    path.write_bytes(b"previous")

    def boom(*args: object) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr(atomic.os, failing, boom)
    with pytest.raises(OSError, match="disque plein"):
        atomic_write_bytes(path, b"new content")
    monkeypatch.undo()
    assert path.read_bytes() == b"previous"
    assert _leftovers(tmp_path) == []


def test_planning_csv_serialisation_error_leaves_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: Session
) -> None:
    plan, candidates = _sample_plan()
    path = tmp_path / "planning.csv"
    write_planning_csv(path, plan, session, candidates)
    before = path.read_bytes()
    calls = 0

    def failing_hhmm(minutes: int) -> str:
        nonlocal calls
        calls += 1
        if calls > 5:  # midway through the rows
            raise RuntimeError("panne")
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    monkeypatch.setattr(plan_files, "hhmm", failing_hhmm)
    with pytest.raises(RuntimeError):
        write_planning_csv(path, Plan(plan.session, plan.orals[:5]), session, candidates)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_atomic_write_failure_while_writing_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"old")

    real_fsync = os.fsync

    def fsync_then_fail(fd: int) -> None:
        real_fsync(fd)
        raise KeyboardInterrupt  # even an interrupt must not leave a temp file

    monkeypatch.setattr(atomic.os, "fsync", fsync_then_fail)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_write_new_refuses_existing(tmp_path: Path) -> None:
    path = tmp_path / "plan-v1.json"
    write_new(path, b"first")
    with pytest.raises(FileExistsError):
        write_new(path, b"second")
    assert path.read_bytes() == b"first"
    assert _leftovers(tmp_path) == []


def test_write_new_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(src: object, dst: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(atomic.os, "link", no_link)
    path = tmp_path / "plan-v1.json"
    write_new(path, b"first")
    assert path.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        write_new(path, b"second")
    assert path.read_bytes() == b"first"
    assert _leftovers(tmp_path) == []


def test_planning_rows_say_the_amenagement(session: Session) -> None:
    plan, candidates = _sample_plan()
    candidates = [
        replace(candidates[0], extra_time=Fraction(1, 3)),
        replace(candidates[1], extra_time=Fraction(1, 4)),
        candidates[2],
    ]
    by_number = {r["numero"]: r["amenagement"] for r in planning_rows(plan, session, candidates)}
    assert by_number == {"0001": "tiers-temps", "0002": "temps majoré de 25 %", "0003": ""}
    assert PLANNING_COLUMNS[-1] == "amenagement"


def test_extra_time_label() -> None:
    assert extra_time_label(Fraction(0)) == ""
    assert extra_time_label(Fraction(1, 3)) == "tiers-temps"
    assert extra_time_label(Fraction(1, 4)) == "temps majoré de 25 %"
    assert extra_time_label(Fraction(1, 8)) == "temps majoré de 12,5 %"
