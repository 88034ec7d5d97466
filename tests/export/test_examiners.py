"""``examinateurs.xlsx`` read back and checked against a plan with named examiners.

The shared solved plan has anonymous commissions: :func:`staffed_context`
names them here, without the solver, so that these tests only depend on the
export.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.plan import Oral
from scheduler.domain.session import Examiner
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.examiners import (
    COMMISSION_SEPARATOR,
    DAY_HEADERS,
    LIST_COLUMNS,
    SUMMARY_HEADERS,
    TOTAL_LABEL,
    examiner_days,
    examiner_list_owners,
    examiner_lists,
    examiners_workbook,
)
from scheduler.export.letters import letter_owners
from scheduler.export.paging import page_height, row_height
from scheduler.io.plan_files import read_office_csv
from scheduler.text import day_month, french_date

HOSTILE_SURNAME = '=HYPERLINK("http://exemple.invalid","clic")'
HOSTILE_SCHOOL = "+33 Lycée @Test -1"
#: On the list, never in a commission: still in the synthesis, at 0.
IDLE = "EX999"


def staffed_context(base: PlanContext) -> PlanContext:
    """``base`` with every commission-day staffed by synthetic examiners.

    Per épreuve family, a pool one larger than a day needs; on day *d* the
    *k*-th commission takes the pool's members ``k·size + j + d`` (modulo the
    pool), so nobody sits in two commissions a day, partners change from day to
    day and the spare examiner differs each day.
    """
    session, plan = base.session, base.plan
    by_family: dict[str, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for commission, day in sorted({(o.commission, o.day) for o in plan.placed() if o.commission and o.day}):
        by_family[family_of(commission)][day].append(commission)
    examiners: list[Examiner] = []
    teams: dict[tuple[str, date], tuple[str, ...]] = {}
    for family in sorted(by_family):
        size = session.epreuves[family].commission_size
        days = by_family[family]
        pool_size = max(len(c) for c in days.values()) * size + 1
        pool = []
        for _ in range(pool_size):
            n = len(examiners) + 1
            examiners.append(
                Examiner(
                    id=f"EX{n:03d}",
                    surname=HOSTILE_SURNAME if n == 1 else f"NOM{n:03d}",
                    given_name=f"Prénom{n}",
                    etablissement=HOSTILE_SCHOOL if n == 2 else ("" if n % 2 else f"Lycée {n}"),
                    quality="enseignant" if n % 2 else "professionnel",
                    epreuves=frozenset({family}),
                    languages=frozenset(session.languages) if family == "E2" else frozenset(),
                )
            )
            pool.append(examiners[-1].id)
        for d, day in enumerate(sorted(days)):
            for k, commission in enumerate(days[day]):
                teams[(commission, day)] = tuple(pool[(k * size + j + d) % pool_size] for j in range(size))
    examiners.append(Examiner(IDLE, "INACTIF", "Idle", "", "professionnel", frozenset({"E4"})))
    orals = [
        replace(o, examiners=teams[(o.commission, o.day)]) if o.commission and o.day else o
        for o in plan.orals
    ]
    return PlanContext(replace(plan, orals=orals), session, base.candidates, examiners)


@dataclass(frozen=True)
class Expected:
    """What the plan says about one examiner."""

    days: list[tuple[date, str]]
    orals: dict[tuple[date, str], list[Oral]]
    partners: dict[tuple[date, str], set[str]]


def expected(ctx: PlanContext) -> dict[str, Expected]:
    out = {e.id: Expected([], {}, {}) for e in ctx.examiners}
    for o in sorted(ctx.plan.placed(), key=lambda o: (o.day, o.start, o.epreuve)):
        assert o.day is not None and o.commission is not None
        for i in o.examiners:
            key = (o.day, o.commission)
            if key not in out[i].orals:
                out[i].days.append(key)
                out[i].orals[key] = []
                out[i].partners[key] = set(o.examiners) - {i}
            out[i].orals[key].append(o)
    return out


@pytest.fixture(scope="module")
def staffed(export_context: PlanContext) -> PlanContext:
    return staffed_context(export_context)


@pytest.fixture(scope="module")
def data(staffed: PlanContext) -> bytes:
    return examiners_workbook(staffed)


@pytest.fixture(scope="module")
def book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def test_the_synthetic_staffing_is_plausible(staffed: PlanContext) -> None:
    # The fixture itself: full teams, nobody twice on a day, someone left idle.
    seen: dict[tuple[str, date], str] = {}
    for (commission, day), rows in staffed.by_commission_day().items():
        team = rows[0].oral.examiners
        assert all(r.oral.examiners == team for r in rows)
        assert len(team) == staffed.session.epreuves[family_of(commission)].commission_size
        for i in team:
            assert seen.setdefault((i, day), commission) == commission
    days = {i: len({d for (j, d) in seen if j == i}) for i in staffed.examiner_by_id}
    assert days[IDLE] == 0 and len(set(days.values())) > 2


def _sheet_of(book: Workbook, examiner: str) -> Worksheet:
    (name,) = [n for n in book.sheetnames if n.split(" ")[0] == examiner]
    return book[name]


@dataclass
class Block:
    heading: str
    lines: list[str]
    rows: list[dict[str, object]]


def _blocks(ws: Worksheet) -> list[Block]:
    """The sheet's commission-days: heading, lines above the table, table rows."""
    blocks: list[Block] = []
    in_table = False
    for row in ws.iter_rows(min_row=2, values_only=True):
        first = row[0]
        if isinstance(first, str) and COMMISSION_SEPARATOR in first:
            blocks.append(Block(first, [], []))
            in_table = False
        elif tuple(row[: len(DAY_HEADERS)]) == DAY_HEADERS:
            in_table = True
        elif first is None:
            in_table = False
        elif in_table:
            blocks[-1].rows.append(dict(zip(DAY_HEADERS, row, strict=False)))
        elif blocks:
            blocks[-1].lines.append(str(first))
    return blocks


def test_sheets_synthesis_then_one_per_examiner(staffed: PlanContext, book: Workbook) -> None:
    assert book.sheetnames[0] == "Synthèse"
    working = [i for i, w in expected(staffed).items() if w.days]
    assert [n.split(" ")[0] for n in book.sheetnames[1:]] == working
    assert IDLE not in working
    assert book.sheetnames[3] == "EX003 NOM003"


def test_each_sheet_lists_exactly_the_examiners_days_and_candidates(
    staffed: PlanContext, book: Workbook
) -> None:
    for examiner, want in expected(staffed).items():
        if not want.days:
            continue
        blocks = _blocks(_sheet_of(book, examiner))
        assert [b.heading for b in blocks] == [
            f"{french_date(day)}{COMMISSION_SEPARATOR}{commission}" for day, commission in want.days
        ], examiner
        for block, key in zip(blocks, want.days, strict=True):
            orals = want.orals[key]
            assert [(r["Début"], r["Fin"], r["N° candidat"]) for r in block.rows] == [
                (clock(o.start), clock(o.end), o.candidate) for o in orals
            ], (examiner, key)
            assert [str(r["Épreuve"]).split(" — ")[0] for r in block.rows] == [o.epreuve for o in orals]
            for r, o in zip(block.rows, orals, strict=True):
                c = staffed.by_number[o.candidate]
                assert (r["Nom"], r["Prénom"], r["Établissement"]) == (
                    c.surname,
                    c.given_name,
                    c.etablissement or None,
                )


def test_each_day_says_where_with_whom_and_when(staffed: PlanContext, book: Workbook) -> None:
    for examiner, want in expected(staffed).items():
        if not want.days:
            continue
        for block, key in zip(_blocks(_sheet_of(book, examiner)), want.days, strict=True):
            first = want.orals[key][0]
            assert first.site is not None
            site = staffed.session.sites[first.site]
            text = "\n".join(block.lines)
            assert f"Site : {site.town} — {first.room}" in text
            assert f"Adresse : {site.full_address}" in text
            (with_line,) = [x for x in block.lines if x.startswith(("Avec", "Seul"))]
            for partner in want.partners[key]:
                e = staffed.examiner_by_id[partner]
                assert f"{e.surname} {e.given_name} ({partner})" in with_line
            if not want.partners[key]:
                assert with_line.startswith("Seul")
            starts = [o.start for o in want.orals[key] if o.start is not None]
            ends = [o.end for o in want.orals[key] if o.end is not None]
            assert f"Horaires : {clock(min(starts))} – {clock(max(ends))}" in text


def test_an_idle_examiner_has_no_sheet_but_a_line_at_zero(book: Workbook) -> None:
    # No page that only says "no day": the synthesis tells it.
    assert not [n for n in book.sheetnames if n.split(" ")[0] == IDLE]
    assert IDLE in [c.value for c in book["Synthèse"]["A"]]


def _summary(book: Workbook) -> tuple[list[dict[str, object]], dict[str, object]]:
    ws = book["Synthèse"]
    assert tuple(c.value for c in ws[2]) == SUMMARY_HEADERS
    rows = [dict(zip(SUMMARY_HEADERS, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert rows[-1]["Identifiant"] == TOTAL_LABEL
    return rows[:-1], rows[-1]


def test_synthesis_counts_days_and_candidates(staffed: PlanContext, book: Workbook) -> None:
    lines, total = _summary(book)
    want = expected(staffed)
    assert [r["Identifiant"] for r in lines] == [e.id for e in staffed.examiners]
    for r in lines:
        e = staffed.examiner_by_id[str(r["Identifiant"])]
        w = want[e.id]
        days = sorted({day for day, _ in w.days})
        assert (r["Nom"], r["Prénom"], r["Qualité"]) == (e.surname, e.given_name, e.quality)
        assert r["Établissement"] == (e.etablissement or None)
        assert r["Jours travaillés"] == len(days), e.id
        towns = {
            day: staffed.session.sites[o.site].town
            for (day, c) in w.days
            for o in w.orals[(day, c)]
            if o.site
        }
        by_town: dict[str, list[str]] = defaultdict(list)
        for d in days:
            by_town[towns[d]].append(day_month(d))
        journees = " ; ".join(f"{town} : {', '.join(ds)}" for town, ds in by_town.items())
        assert r["Journées (site : dates)"] == (journees or None), e.id
        # One candidate per commission-day (E6 and ENG together count once).
        assert r["Candidats examinés"] == sum(len({o.candidate for o in w.orals[k]}) for k in w.days)
        assert r["Oraux"] == sum(len(w.orals[k]) for k in w.days)
        assert str(r["Épreuves"]).startswith(next(iter(e.epreuves)))
    idle = next(r for r in lines if r["Identifiant"] == IDLE)
    assert (idle["Jours travaillés"], idle["Candidats examinés"], idle["Oraux"]) == (0, 0, 0)
    assert total["Jours travaillés"] == sum(int(str(r["Jours travaillés"])) for r in lines)
    assert total["Candidats examinés"] == sum(int(str(r["Candidats examinés"])) for r in lines)
    # Every placed oral is counted once per member of its commission.
    assert total["Oraux"] == sum(len(o.examiners) for o in staffed.plan.placed())


def test_detail_of_orals_by_epreuve(staffed: PlanContext, book: Workbook) -> None:
    lines, total = _summary(book)
    for r in lines:
        detail = str(r["Détail des oraux"] or "")
        counts = {code: int(n) for code, n in re.findall(r"(\w+) : (\d+)", detail)}
        assert sum(counts.values()) == r["Oraux"]
    assert "E4 : " in str(total["Détail des oraux"])


def test_input_text_stays_text(data: bytes, book: Workbook) -> None:
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    for c in cells:
        assert c.data_type != "f"
        if isinstance(c.value, str) and c.value[:1] in "=+-@":
            assert c.data_type == "s"
    assert any(c.value == HOSTILE_SURNAME for c in cells)  # an examiner
    assert any(c.value == '=HYPERLINK("http://exemple.invalid","clic")' for c in cells)
    assert any(c.value == HOSTILE_SCHOOL for c in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_print_settings(staffed: PlanContext, book: Workbook) -> None:
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert staffed.session.label in ws.oddHeader.right.text, ws.title
        assert ws.oddHeader.left.text, ws.title
        assert "&P" in ws.oddFooter.center.text, ws.title
        assert ws.print_title_rows, ws.title
        assert ws.freeze_panes, ws.title
    synthesis = book["Synthèse"]
    assert synthesis.page_setup.orientation == "landscape"
    assert synthesis.print_title_rows == "$1:$2" and synthesis.freeze_panes == "A3"
    # The filter covers the examiners, not the totals line.
    last = 2 + len(staffed.examiners)
    assert synthesis.auto_filter.ref == f"A2:K{last}"
    assert synthesis.cell(row=last + 1, column=1).value == TOTAL_LABEL


def test_no_day_is_cut_by_a_page(staffed: PlanContext, book: Workbook) -> None:
    # Pages break only before a day's heading, and each day fits in a page.
    for examiner, want in expected(staffed).items():
        if not want.days:
            continue
        ws = _sheet_of(book, examiner)
        headings = [c.row for c in ws["A"] if isinstance(c.value, str) and COMMISSION_SEPARATOR in c.value]
        assert len(headings) == len(want.days)
        breaks = [b.id + 1 for b in ws.row_breaks.brk]
        assert set(breaks) <= set(headings[1:]), examiner
        last = max(c.row for c in ws["A"] if c.value is not None)
        starts = [2, *breaks, last + 1]
        room = page_height(ws, repeated_rows=1)
        for first, after in itertools.pairwise(starts):
            while ws.cell(row=after - 1, column=1).value is None:
                after -= 1  # a blank line at the foot of a page prints nothing
            alone = len([h for h in headings if first <= h < after]) == 1
            # Only a day taller than a page by itself may run onto the next.
            assert alone or sum(row_height(ws, r) for r in range(first, after)) <= room, (examiner, first)


def test_lines_fit_the_printed_width(book: Workbook) -> None:
    # Lines run over the empty cells to their right, and paper stops at the last column.
    for ws in book.worksheets[1:]:
        total = sum(
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width or 8.43
            for c in range(1, ws.max_column + 1)
        )
        for cell in ws["A"]:
            is_line = isinstance(cell.value, str) and ws.cell(row=cell.row, column=2).value is None
            if is_line:
                factor = 1.3 if cell.font.b else 1.0
                assert len(str(cell.value)) * factor <= total, (ws.title, cell.value)


def test_table_cells_are_not_cut(book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            if row[1].value is None:
                continue  # a line, not a table row
            for cell in row:
                if cell.value is None:
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                if len(str(cell.value)) + 1 > width:
                    assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value)
                    assert (ws.row_dimensions[cell.row].height or 0) >= 30, (ws.title, cell.coordinate)


def test_same_plan_same_bytes(staffed: PlanContext, data: bytes) -> None:
    assert examiners_workbook(staffed) == data


def test_anonymous_plan_and_unknown_ids(export_context: PlanContext) -> None:
    # No list and no names: a synthesis saying so, nothing else.
    book = load_workbook(io.BytesIO(examiners_workbook(export_context)))
    assert book.sheetnames == ["Synthèse"]
    lines, total = _summary(book)
    assert total["Oraux"] == 0
    # A plan naming an id missing from the list: reported, not dropped.
    plan = export_context.plan
    orals = [replace(o, examiners=("X-42",)) if o.epreuve == "E5" else o for o in plan.orals]
    ctx = PlanContext(replace(plan, orals=orals), export_context.session, export_context.candidates)
    assert list(examiner_days(ctx)) == ["X-42"]
    book = load_workbook(io.BytesIO(examiners_workbook(ctx)))
    lines, _ = _summary(book)
    assert lines[0]["Identifiant"] == "X-42"
    assert lines[0]["Oraux"] == sum(1 for o in plan.placed() if o.epreuve == "E5")


def test_each_examiner_gets_the_list_of_the_orals_they_sit_in(staffed: PlanContext) -> None:
    """``listes/examinateur-<slug>.csv``: a line per oral the examiner sits
    in, in time order, with the day, commission, site and candidate, beside
    their letter of the same slug."""
    lists = examiner_lists(staffed)
    owners = examiner_list_owners(staffed)
    assert set(lists) == set(owners)
    sitting = {i for o in staffed.plan.placed() for i in o.examiners}
    assert {i for _, i in owners.values()} == sitting
    letters = {p.removeprefix("lettres/").removesuffix(".pdf") for p in letter_owners(staffed) if "examinateur-" in p}
    for path, (_, examiner) in owners.items():
        assert path.startswith("listes/examinateur-")
        assert path.removeprefix("listes/").removesuffix(".csv") in letters
        rows = read_office_csv(lists[path])
        assert all(list(r) == list(LIST_COLUMNS) for r in rows)
        mine = sorted(
            (o for o in staffed.plan.placed() if examiner in o.examiners),
            key=lambda o: (o.day, o.start),
        )
        assert [(r["N° candidat"], r["Début"]) for r in rows] == [(o.candidate, clock(o.start)) for o in mine]
        assert all(r["Date"] == french_date(o.day) for r, o in zip(rows, mine, strict=True) if o.day)
