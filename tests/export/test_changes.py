"""changements.xlsx read back: on the tiny hand-made plan and a re-run of it
with one change of each sort, exactly the people concerned appear, on the
sheet of their audience; nothing changed says so; bytes are deterministic."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.plan import WITHDRAWN, Plan
from scheduler.domain.session import Candidate, Examiner
from scheduler.export.changes import (
    CANDIDATE_HEADERS,
    CANDIDATE_IN,
    CANDIDATE_OUT,
    CANDIDATE_ROOM,
    CANDIDATES_SHEET,
    CENTRE_HEADERS,
    CENTRES_SHEET,
    COMMISSION_ADDED,
    COMMISSION_REMOVED,
    COMMISSION_ROOM,
    EXAMINER_HEADERS,
    EXAMINERS_SHEET,
    HEADER_ROW,
    NO_CANDIDATE,
    NO_CENTRE,
    NO_EXAMINER,
    changes_workbook,
)
from scheduler.export.context import PlanContext
from scheduler.rerun.changes import diff_plans
from scheduler.text import french_date
from tests.helpers_plans import (
    C1,
    C2,
    C3,
    E4_DAY,
    E5_DAY,
    E6_DAY,
    find_oral,
    tiny_candidates,
    tiny_session,
    valid_plan,
    with_oral,
)

HOSTILE_SURNAME = '=HYPERLINK("http://exemple.invalid","clic")'
HOSTILE_SCHOOL = "+33 Lycée @Test -1"
LATE = "0210000004"
NEXT_E4_DAY = E4_DAY + timedelta(days=1)
NEXT_E5_DAY = E5_DAY + timedelta(days=1)

TEAMS = {
    "E2-ANG-C01": ("EX01",),
    "E2-ESP-C01": ("EX02",),
    "E5-C01": ("EX03",),
    "E5-C02": ("EX04",),
    "E5-C03": ("EX05",),
    "E4-C01": ("EX06", "EX07"),
    "E4-C02": ("EX08", "EX09"),
    "E6-C01": ("EX10", "EX11"),
}
EXAMINERS = [
    Examiner(f"EX{n:02d}", f"NOM{n:02d}", f"Prénom{n}", "", "enseignant", frozenset({"E4"}))
    for n in range(1, 13)
]


def late_candidate() -> Candidate:
    return Candidate(
        LATE, HOSTILE_SURNAME, "Inès", HOSTILE_SCHOOL, "Lycée Ozenne", orals=("E4",), source=("ajout.csv", 2)
    )


def published() -> Plan:
    plan = valid_plan()
    return replace(
        plan,
        orals=[replace(o, examiners=TEAMS[o.commission]) if o.commission else o for o in plan.orals],
    )


def rerun(old: Plan) -> Plan:
    """One change of each sort:

    * C2 withdraws from E4 — E4-C02 (EX08, EX09) no longer sits on the E4 day;
    * C1's E5 changes room — E5-C01 (EX03) too;
    * C3's E5 moves from Muret to Toulouse the next day — E5-C03 (EX05) with it;
    * a late registration sits E4 the next E4 day before E4-C03 (EX08, EX09);
    * in E6-C01, EX12 replaces EX11 — no candidate is told.
    """
    cleared = {"site": None, "room": None, "commission": None, "examiners": (), "day": None}
    times = {"convocation": None, "preparation_start": None, "start": None, "end": None}
    new = with_oral(old, C2, "E4", status=WITHDRAWN, **cleared, **times)
    new = with_oral(new, C1, "E5", room="Salle 9")
    new = with_oral(new, C3, "E5", site="toulouse", room="Salle 3", day=NEXT_E5_DAY)
    late = replace(
        find_oral(old, C1, "E4"),
        candidate=LATE,
        day=NEXT_E4_DAY,
        commission="E4-C03",
        examiners=("EX08", "EX09"),
    )
    orals = [replace(o, examiners=("EX10", "EX12")) if o.commission == "E6-C01" else o for o in new.orals]
    return replace(new, orals=[*orals, late])


@pytest.fixture(scope="module")
def contexts() -> tuple[PlanContext, PlanContext]:
    session = tiny_session()
    old = PlanContext(published(), session, tiny_candidates(), EXAMINERS)
    new = PlanContext(rerun(old.plan), session, [*tiny_candidates(), late_candidate()], EXAMINERS)
    return old, new


@pytest.fixture(scope="module")
def data(contexts: tuple[PlanContext, PlanContext]) -> bytes:
    old, new = contexts
    return changes_workbook(diff_plans(old.plan, new.plan), old, new)


@pytest.fixture(scope="module")
def wb(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def table(ws: Worksheet, headers: tuple[str, ...]) -> list[dict[str, object]]:
    assert [c.value for c in ws[HEADER_ROW]] == list(headers)
    return [
        dict(zip(headers, (c.value for c in row), strict=True))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(headers))
        if row[0].value is not None
    ]


def test_sheets(wb: Workbook) -> None:
    # Établissements in French list order: « +33… » before « Lycée Ozenne ».
    assert wb.sheetnames == [CANDIDATES_SHEET, EXAMINERS_SHEET, CENTRES_SHEET, HOSTILE_SCHOOL, "Lycée Ozenne"]


def test_candidates_whose_convocation_changed_only(wb: Workbook) -> None:
    rows = table(wb[CANDIDATES_SHEET], CANDIDATE_HEADERS)
    found = {(r["N° candidat"], r["Épreuve"]): r for r in rows}
    assert set(found) == {(C1, "E5 — WordPress"), (C2, "E4"), (C3, "E5 — WordPress"), (LATE, "E4")}
    # Sorted by name as in convocations.xlsx: « =HYPERLINK… », ALVES, BENSAÏD, DA SILVA.
    assert [r["N° candidat"] for r in rows] == [LATE, C1, C2, C3]

    room = found[(C1, "E5 — WordPress")]
    assert (room["Avant : salle"], room["Après : salle"]) == ("Salle 1", "Salle 9")
    assert room["Avant : date"] == room["Après : date"] == french_date(E5_DAY)
    assert room["Nature du changement"] == "salle"

    withdrawn = found[(C2, "E4")]
    assert withdrawn["Avant : date"] == french_date(E4_DAY)
    assert withdrawn["Avant : site"] == "Castres"
    assert withdrawn["Après : date"] == "désisté"
    assert withdrawn["Après : convocation"] is None
    assert withdrawn["Nature du changement"] == "désistement"

    moved = found[(C3, "E5 — WordPress")]
    assert (moved["Avant : site"], moved["Après : site"]) == ("Muret", "Toulouse")
    assert moved["Après : date"] == french_date(NEXT_E5_DAY)
    assert moved["Nature du changement"] == "date, site et salle"

    late = found[(LATE, "E4")]
    assert late["Avant : date"] == "non inscrit"
    assert late["Après : date"] == french_date(NEXT_E4_DAY)
    assert late["Nom"] == HOSTILE_SURNAME
    assert late["Nature du changement"] == "nouvel inscrit"


def test_one_sheet_per_school(wb: Workbook) -> None:
    assert [r["N° candidat"] for r in table(wb["Lycée Ozenne"], CANDIDATE_HEADERS)] == [C1, C2, C3]
    assert [r["N° candidat"] for r in table(wb[HOSTILE_SCHOOL], CANDIDATE_HEADERS)] == [LATE]


def test_examiners_concerned_only(wb: Workbook) -> None:
    rows = table(wb[EXAMINERS_SHEET], EXAMINER_HEADERS)
    got = {(r["Examinateur"], r["Date"], r["Nature du changement"]) for r in rows}
    assert got == {
        ("NOM03 Prénom3 (EX03)", french_date(E5_DAY), "nouvelle salle"),
        ("NOM05 Prénom5 (EX05)", french_date(E5_DAY), "retiré"),
        ("NOM05 Prénom5 (EX05)", french_date(NEXT_E5_DAY), "ajouté"),
        ("NOM08 Prénom8 (EX08)", french_date(E4_DAY), "retiré"),
        ("NOM08 Prénom8 (EX08)", french_date(NEXT_E4_DAY), "ajouté"),
        ("NOM09 Prénom9 (EX09)", french_date(E4_DAY), "retiré"),
        ("NOM09 Prénom9 (EX09)", french_date(NEXT_E4_DAY), "ajouté"),
        ("NOM11 Prénom11 (EX11)", french_date(E6_DAY), "retiré"),
        ("NOM12 Prénom12 (EX12)", french_date(E6_DAY), "ajouté"),
    }
    added = next(
        r for r in rows if r["Examinateur"].startswith("NOM08") and r["Nature du changement"] == "ajouté"
    )
    assert (added["Avant : commission"], added["Après : commission"]) == (None, "E4-C03")
    assert (added["Après : site"], added["Après : salle"]) == ("Castres", "Salle 1")


def test_examiner_ids_without_a_list(contexts: tuple[PlanContext, PlanContext]) -> None:
    old, new = contexts
    old, new = replace(old, examiners=[]), replace(new, examiners=[])
    wb = load_workbook(io.BytesIO(changes_workbook(diff_plans(old.plan, new.plan), old, new)))
    names = {r["Examinateur"] for r in table(wb[EXAMINERS_SHEET], EXAMINER_HEADERS)}
    assert names == {"EX03", "EX05", "EX08", "EX09", "EX11", "EX12"}


def test_centres_per_site_and_day(wb: Workbook) -> None:
    rows = table(wb[CENTRES_SHEET], CENTRE_HEADERS)
    got = [(r["Site"], r["Date"], r["Nature"], r["Commission"], r["N° candidat"]) for r in rows]

    def day(d: date) -> str:
        return french_date(d)

    # Sites in session order (tarbes, castres, toulouse, muret), then days.
    assert got == [
        ("Castres", day(E4_DAY), COMMISSION_REMOVED, "E4-C02", None),
        ("Castres", day(E4_DAY), CANDIDATE_OUT, "E4-C02", C2),
        ("Castres", day(NEXT_E4_DAY), COMMISSION_ADDED, "E4-C03", None),
        ("Castres", day(NEXT_E4_DAY), CANDIDATE_IN, "E4-C03", LATE),
        ("Toulouse", day(E5_DAY), COMMISSION_ROOM, "E5-C01", None),
        ("Toulouse", day(E5_DAY), CANDIDATE_ROOM, "E5-C01", C1),
        ("Toulouse", day(NEXT_E5_DAY), COMMISSION_ADDED, "E5-C03", None),
        ("Toulouse", day(NEXT_E5_DAY), CANDIDATE_IN, "E5-C03", C3),
        ("Muret", day(E5_DAY), COMMISSION_REMOVED, "E5-C03", None),
        ("Muret", day(E5_DAY), CANDIDATE_OUT, "E5-C03", C3),
    ]
    leaving = rows[1]
    assert leaving["Après"] == "désisté"
    assert rows[-1]["Après"] == f"{french_date(NEXT_E5_DAY)}, Toulouse"


def test_nothing_changed_says_so(contexts: tuple[PlanContext, PlanContext]) -> None:
    old, _ = contexts
    wb = load_workbook(io.BytesIO(changes_workbook(diff_plans(old.plan, old.plan), old, old)))
    assert wb.sheetnames == [CANDIDATES_SHEET, EXAMINERS_SHEET, CENTRES_SHEET]
    for name, message in (
        (CANDIDATES_SHEET, NO_CANDIDATE),
        (EXAMINERS_SHEET, NO_EXAMINER),
        (CENTRES_SHEET, NO_CENTRE),
    ):
        ws = wb[name]
        assert ws["A2"].value == message
        assert ws.max_row == 2


def test_text_stays_text_and_print_settings(wb: Workbook) -> None:
    risky = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    risky += 1
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert risky >= 4  # name and school of the late candidate, on two sheets each
    assert wb[CANDIDATES_SHEET].print_title_rows == f"$1:${HEADER_ROW}"


def test_deterministic_bytes(contexts: tuple[PlanContext, PlanContext], data: bytes) -> None:
    old, new = contexts
    assert changes_workbook(diff_plans(old.plan, new.plan), old, new) == data
