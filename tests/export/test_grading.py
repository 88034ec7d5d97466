"""bordereaux.xlsx read back: one block per commission and day on its own
printed page, candidates in time order with their aménagement, empty presence
and mark columns, the counts and one signature box per commission member; NV
dossiers marked NV, saying which épreuve and that there is no passage."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Side
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of
from scheduler.domain.plan import ABSENT, WITHDRAWN, Oral, Plan, Status
from scheduler.domain.session import Examiner, code_rank, extra_time_label
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from scheduler.export.grading import (
    ABSENT_MARK,
    ABSENT_TITLE,
    COLUMNS,
    MIN_ROW_HEIGHT,
    MIN_SCALE,
    NOTHING,
    NV_MARK,
    NV_TITLE,
    TARGET_SCALE,
    TITLE_PREFIX,
    UNPLACED_TITLE,
    grading_workbook,
)
from scheduler.export.paging import page_height, print_scale, row_height
from scheduler.text import french_date

HOSTILE_SURNAME = '=HYPERLINK("http://exemple.invalid","clic")'
HOSTILE_SCHOOL = "+33 Lycée @Test -1"
TITLES = (TITLE_PREFIX, NV_TITLE, ABSENT_TITLE, UNPLACED_TITLE)
PAGE_SUFFIX = re.compile(r" — page (\d+)/(\d+)$")
#: One-line candidate rows that fit on one page with the counts and boxes.
FULL_DAY = 22
BLANK_COUNTS = "Présents : ______ — Absents : ______ — NV : ______"


@dataclass
class Page:
    """One printed page as read back: its title row, the lines under the
    title, the column-title row and the candidate rows."""

    title: str
    title_row: int
    lines: list[str] = field(default_factory=list)
    header_row: int = 0
    rows: list[dict[str, Cell]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    @property
    def block(self) -> str:
        return PAGE_SUFFIX.sub("", self.title)


def pages(ws: Worksheet) -> list[Page]:
    out: list[Page] = []
    for row in ws.iter_rows(max_col=len(COLUMNS)):
        first = row[0].value
        if isinstance(first, str) and first.startswith(TITLES):
            out.append(Page(first, row[0].row))
        elif first == COLUMNS[0]:
            assert [c.value for c in row] == list(COLUMNS)
            out[-1].header_row = row[0].row
        elif not out[-1].header_row:
            out[-1].lines.append(str(first))
        elif row[1].value is not None and not out[-1].after:
            out[-1].rows.append(dict(zip(COLUMNS, row, strict=True)))
        else:
            out[-1].after += [str(c.value) for c in row if c.value is not None]
    return out


def blocks(ws: Worksheet) -> dict[str, list[Page]]:
    out: dict[str, list[Page]] = {}
    for page in pages(ws):
        out.setdefault(page.block, []).append(page)
    return out


@pytest.fixture(scope="module")
def data(export_context: PlanContext) -> bytes:
    return grading_workbook(export_context)


@pytest.fixture(scope="module")
def wb(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def test_one_sheet_per_family(wb: Workbook) -> None:
    assert wb.sheetnames == ["E2 et E2F", "E4", "E5", "E6 et ENG"]


def test_each_commission_day_in_time_order_with_empty_marks(
    export_context: PlanContext, wb: Workbook
) -> None:
    ctx = export_context
    sheet_of = {"E2": "E2 et E2F", "E4": "E4", "E5": "E5", "E6": "E6 et ENG"}
    for (commission, day), rows in ctx.by_commission_day().items():
        ws = wb[sheet_of[family_of(commission)]]
        key = f" — Commission {commission} — {french_date(day)} — {rows[0].oral.room}"
        found = [b for name, b in blocks(ws).items() if name.endswith(key)]
        assert len(found) == 1, (commission, day)
        block = found[0]
        lines = [r for page in block for r in page.rows]
        expected = [
            (clock(r.oral.start), r.candidate.number, r.candidate.surname, r.oral.epreuve) for r in rows
        ]
        assert [
            (
                r["Heure de passage"].value,
                r["N° candidat"].value,
                r["Nom"].value,
                str(r["Épreuve"].value).split()[0],
            )
            for r in lines
        ] == expected
        starts = [str(r["Heure de passage"].value) for r in lines]
        assert starts == sorted(starts)
        for r, row in zip(lines, rows, strict=True):
            assert r["Aménagement"].value == (extra_time_label(row.candidate.extra_time, short=True) or None)
            for column in ("Présent / Absent", "Note /20", "Observations", "Signature du candidat"):
                assert r[column].value is None, column
        # One page: the heading names the épreuves, the site and the room.
        (page,) = block
        assert page.rows
        site = ctx.session.sites[rows[0].oral.site or ""]
        codes = sorted({r.oral.epreuve for r in rows}, key=code_rank)
        assert page.lines[0] == "Épreuve : " + " ; ".join(ctx.epreuve_label(c) for c in codes)
        assert page.lines[1].startswith(f"Lieu : {site.full_address}")
        # The counts, then one box per member: examiners are unknown here.
        convened = len({r.candidate.number for r in rows})
        assert page.after[0].startswith(f"Convoqués : {convened} — {BLANK_COUNTS}")
        size = ctx.session.epreuves[family_of(commission)].commission_size
        boxes = (
            ["Examinateur — nom et signature :"]
            if size == 1
            else [f"Examinateur {k} — nom et signature :" for k in range(1, size + 1)]
        )
        assert page.after[1:] == boxes


def test_every_placed_oral_once(export_context: PlanContext, wb: Workbook) -> None:
    seen: Counter[tuple[object, str]] = Counter()
    for ws in wb.worksheets:
        for page in pages(ws):
            if page.title.startswith(TITLE_PREFIX):
                seen.update((r["N° candidat"].value, str(r["Épreuve"].value).split()[0]) for r in page.rows)
    assert seen == Counter((o.candidate, o.epreuve) for o in export_context.plan.placed())


def test_nv_dossiers_marked_nv(export_context: PlanContext, wb: Workbook) -> None:
    nv = [r for r in export_context.not_placed() if r.oral.status == "NV"]
    assert nv, "the fixture has an NV dossier"
    listed: list[tuple[object, str]] = []
    for ws in wb.worksheets:
        for page in pages(ws):
            if page.title.startswith(NV_TITLE):
                codes = {str(r["Épreuve"].value).split()[0] for r in page.rows}
                assert page.lines[0] == "Épreuve : " + " ; ".join(
                    export_context.epreuve_label(c) for c in sorted(codes)
                )
                assert "aucun passage, donc ni commission ni date" in page.lines[1]
                assert page.lines[2] == f"Nombre de dossiers non valides : {len(page.rows)}"
                for r in page.rows:
                    assert r["Note /20"].value == NV_MARK and r["Note /20"].data_type == "s"
                    code = str(r["Épreuve"].value).split()[0]
                    # Which épreuve, and no passage: nothing to fill in.
                    assert r["Observations"].value == f"{code} : dossier non valide, pas de passage"
                    for column in ("Heure de passage", "Présent / Absent", "Signature du candidat"):
                        assert r[column].value == NOTHING
                    listed.append((r["N° candidat"].value, code))
                    # On the sheet of the épreuve's commissions.
                    assert ws.title.split()[0] == export_context.session.epreuves[code].family
            else:
                assert all(r["Note /20"].value is None for r in page.rows)
    assert sorted(listed) == sorted((r.oral.candidate, r.oral.epreuve) for r in nv)
    # The NV block is the last one of its sheet.
    assert pages(wb["E4"])[-1].title == f"{NV_TITLE} — E4"


def test_each_page_starts_after_a_row_break(wb: Workbook) -> None:
    for ws in wb.worksheets:
        found = pages(ws)
        assert found[0].title_row == 1
        assert sorted(b.id for b in ws.row_breaks.brk) == [p.title_row - 1 for p in found[1:]]
        for p in found:
            assert p.header_row > p.title_row


def test_print_ready(wb: Workbook) -> None:
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.fitToWidth) == 1
        assert int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Bordereaux de notation" in ws.oddHeader.left.text
        assert "&P" in ws.oddFooter.center.text
        # Each block carries its own titles: nothing to repeat or freeze.
        assert ws.print_title_rows is None and ws.freeze_panes is None
        # 11-point text printed at 9 points or more.
        assert print_scale(ws) == TARGET_SCALE >= MIN_SCALE, ws.title
        # Room to write a mark by hand.
        for p in pages(ws):
            for r in p.rows:
                assert row_height(ws, r["Nom"].row) >= MIN_ROW_HEIGHT


def test_each_block_fits_its_page(wb: Workbook) -> None:
    """A commission-day's rows, counts and signature boxes are never cut by
    the foot of a page; a short day leaves more room to write."""
    for ws in wb.worksheets:
        found = pages(ws)
        room = page_height(ws)
        for page, after in zip(found, [p.title_row for p in found[1:]] + [ws.max_row + 1], strict=True):
            assert sum(row_height(ws, r) for r in range(page.title_row, after)) <= room, page.title
        heights = {
            len(p.rows): row_height(ws, p.rows[0]["Nom"].row)
            for p in found
            if p.title.startswith(TITLE_PREFIX)
        }
        assert heights[min(heights)] >= heights[max(heights)]


def _edge(side: Side | None) -> bool:
    return side is not None and side.style is not None


def test_signature_boxes_are_boxes(wb: Workbook) -> None:
    ws = wb["E4"]
    page = pages(ws)[0]
    row = page.rows[-1]["Nom"].row + 2
    assert ws.cell(row=row - 1, column=1).value.startswith("Convoqués : ")
    cells = [ws.cell(row=row, column=c) for c in range(1, len(COLUMNS) + 1)]
    starts = [c.column for c in cells if c.value is not None]
    assert len(starts) == 2 and starts[0] == 1
    # Outer edges only: left edge where a box starts, right edge where it ends.
    for c in cells:
        assert _edge(c.border.top) and _edge(c.border.bottom)
        assert _edge(c.border.left) == (c.column in starts)
        assert _edge(c.border.right) == (c.column + 1 in starts or c.column == len(COLUMNS))
    assert row_height(ws, row) >= 50


def test_input_text_stays_text(data: bytes, wb: Workbook) -> None:
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    surnames = [c for c in cells if c.value == HOSTILE_SURNAME]
    schools = [c for c in cells if c.value == HOSTILE_SCHOOL]
    assert surnames and schools
    assert all(c.data_type == "s" for c in surnames + schools)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_deterministic(export_context: PlanContext, data: bytes) -> None:
    assert grading_workbook(export_context) == data


def _day(ctx: PlanContext, count: int, *, skip: int = 0, **extra: object) -> list[Oral]:
    """``count`` E4 orals of the fixture's candidates (from ``skip`` on), one commission-day."""
    return [
        Oral(
            c.number,
            "E4",
            site="castres",
            room="Salle 4",
            commission="E4-C09",
            day=date(2021, 6, 7),
            start=480 + 20 * i,
            **extra,  # type: ignore[arg-type]
        )
        for i, c in enumerate(ctx.candidates[skip : skip + count])
    ]


def test_a_full_day_on_one_page(export_context: PlanContext) -> None:
    ctx = export_context
    # Past the two hostile candidates, whose long names take three lines.
    small = PlanContext(Plan(ctx.session.code, _day(ctx, FULL_DAY, skip=2)), ctx.session, ctx.candidates)
    ws = load_workbook(io.BytesIO(grading_workbook(small)))["E4"]
    (page,) = pages(ws)
    assert len(page.rows) == FULL_DAY and not ws.row_breaks.brk
    assert page.after[0].startswith(f"Convoqués : {FULL_DAY} — ")
    assert sum(row_height(ws, r) for r in range(1, ws.max_row + 1)) <= page_height(ws)
    assert all(row_height(ws, r["Nom"].row) >= MIN_ROW_HEIGHT for r in page.rows)


def test_long_day_unplaced_and_nv(export_context: PlanContext) -> None:
    """A day longer than a page goes on over even pages, each with its titles
    and a row break, counted and signed on the last; orals left out by the
    plan get blocks of their own, which may share a page."""
    ctx = export_context
    long = 2 * FULL_DAY - 4
    people = ctx.candidates[: long + 2]
    orals = _day(ctx, long)
    orals += [
        Oral(people[-2].number, "E4", status="non placé"),
        Oral(people[-1].number, "E4", status="NV"),
    ]
    small = PlanContext(Plan(ctx.session.code, orals), ctx.session, people)
    ws = load_workbook(io.BytesIO(grading_workbook(small)))["E4"]
    found = pages(ws)
    title = f"{TITLE_PREFIX} — E4 — Commission E4-C09 — {french_date(date(2021, 6, 7))} — Salle 4"
    assert [p.title for p in found] == [
        f"{title} — page 1/2",
        f"{title} — page 2/2",
        f"{NV_TITLE} — E4",
        f"{UNPLACED_TITLE} — E4",
    ]
    assert [len(p.rows) for p in found] == [long // 2, long // 2, 1, 1]
    assert found[0].after == []
    assert found[1].after == [
        f"Convoqués : {long} — {BLANK_COUNTS}     (colonne « Présent / Absent » : inscrire P ou A)",
        "Examinateur 1 — nom et signature :",
        "Examinateur 2 — nom et signature :",
    ]
    assert found[2].after == found[3].after == []
    assert found[1].lines == found[0].lines
    # A break before page 2/2 and before the NV block, which the unplaced one follows.
    assert sorted(b.id + 1 for b in ws.row_breaks.brk) == [found[1].title_row, found[2].title_row]
    assert found[3].rows[0]["Observations"].value == "non placé"
    assert found[3].rows[0]["Note /20"].value is None
    assert found[3].lines[1:] == [
        "Le planning n'a pas pu placer ces oraux : ils ne figurent dans aucun bordereau ci-dessus.",
        "Nombre d'oraux non placés : 1",
    ]


def test_arrangements_shown_as_they_are(export_context: PlanContext) -> None:
    ctx = export_context
    extra = [Fraction(1, 3), Fraction(1, 4), Fraction(1, 6), Fraction(0)]
    people = [replace(c, extra_time=e) for c, e in zip(ctx.candidates, extra, strict=False)]
    small = PlanContext(Plan(ctx.session.code, _day(ctx, len(people))), ctx.session, people)
    ws = load_workbook(io.BytesIO(grading_workbook(small)))["E4"]
    (page,) = pages(ws)
    cells = [r["Aménagement"] for r in page.rows]
    assert [c.value for c in cells] == ["tiers-temps", "+25 %", "+16,7 %", None]
    assert all(c.font.bold for c in cells[:3])
    assert (
        extra_time_label(Fraction(1, 2), short=True) == "+50 %"
        and extra_time_label(Fraction(0), short=True) == ""
    )


def test_named_examiners_sign_in_their_box(export_context: PlanContext) -> None:
    ctx = export_context
    examiners = [
        Examiner("EX001", "MARTIN", "Anne", "Lycée Bellevue", "enseignant", frozenset({"E4"})),
        Examiner("EX002", "=DUPONT", "Jean", "", "professionnel", frozenset({"E4"})),
    ]
    orals = _day(ctx, 5, examiners=("EX001", "EX002"))
    small = PlanContext(Plan(ctx.session.code, orals), ctx.session, ctx.candidates, examiners)
    ws = load_workbook(io.BytesIO(grading_workbook(small)))["E4"]
    (page,) = pages(ws)
    assert page.after[1:] == ["MARTIN Anne (EX001) — signature :", "=DUPONT Jean (EX002) — signature :"]
    # One member named, the other not: a box each all the same.
    orals = _day(ctx, 5, examiners=("EX001",))
    small = PlanContext(Plan(ctx.session.code, orals), ctx.session, ctx.candidates, examiners)
    (page,) = pages(load_workbook(io.BytesIO(grading_workbook(small)))["E4"])
    assert page.after[1:] == ["MARTIN Anne (EX001) — signature :", "Examinateur 2 — nom et signature :"]


def _rerun(ctx: PlanContext, status: dict[tuple[str, str], Status]) -> PlanContext:
    """``ctx`` where the orals of ``status`` are not sat (absent or withdrawn)."""
    orals = [
        Oral(o.candidate, o.epreuve, status[(o.candidate, o.epreuve)], language=o.language)
        if (o.candidate, o.epreuve) in status
        else o
        for o in ctx.plan.orals
    ]
    return PlanContext(replace(ctx.plan, orals=orals), ctx.session, ctx.candidates)


def _listed(book: Workbook) -> dict[tuple[object, str], tuple[str, str, object]]:
    """Every candidate line of the workbook: (sheet, block title, mark) by (candidate, épreuve)."""
    out: dict[tuple[object, str], tuple[str, str, object]] = {}
    for ws in book.worksheets:
        for page in pages(ws):
            for r in page.rows:
                key = (r["N° candidat"].value, str(r["Épreuve"].value).split()[0])
                assert key not in out, key  # every oral on one line at most
                out[key] = (ws.title, page.block, r["Note /20"].value)
    return out


def test_absent_candidates_marked_absent_withdrawn_ones_left_out(export_context: PlanContext) -> None:
    ctx = export_context
    placed = ctx.plan.placed()
    with_eng = {o.candidate for o in placed if o.epreuve == "ENG"}
    e4 = next(o for o in placed if o.epreuve == "E4")
    e6_eng = next(o for o in placed if o.epreuve == "E6" and o.candidate in with_eng)
    e6_alone = next(o for o in placed if o.epreuve == "E6" and o.candidate not in with_eng)
    e5 = next(o for o in placed if o.epreuve == "E5")
    status: dict[tuple[str, str], Status] = {
        (e4.candidate, "E4"): ABSENT,
        (e6_alone.candidate, "E6"): ABSENT,
        (e6_eng.candidate, "E6"): WITHDRAWN,
        (e6_eng.candidate, "ENG"): WITHDRAWN,
        (e5.candidate, "E5"): WITHDRAWN,
    }
    book = load_workbook(io.BytesIO(grading_workbook(_rerun(ctx, status))))
    assert book.sheetnames == ["E2 et E2F", "E4", "E5", "E6 et ENG"]
    listed = _listed(book)
    assert listed[(e4.candidate, "E4")] == ("E4", f"{ABSENT_TITLE} — E4", ABSENT_MARK)
    assert listed[(e6_alone.candidate, "E6")] == ("E6 et ENG", f"{ABSENT_TITLE} — E6 et ENG", ABSENT_MARK)
    # Withdrawn: on no grading sheet at all.
    for number, code in [(e6_eng.candidate, "E6"), (e6_eng.candidate, "ENG"), (e5.candidate, "E5")]:
        assert (number, code) not in listed
    # Everything else as before: placed orals in their commission's block, NV marked NV.
    assert len(listed) == len(ctx.plan.orals) - 3
    nv = {(r.oral.candidate, r.oral.epreuve) for r in ctx.not_placed() if r.oral.status == "NV"}
    assert {k for k, v in listed.items() if v[2] == NV_MARK} == nv
    assert {k for k, v in listed.items() if v[2] == ABSENT_MARK} == {
        (e4.candidate, "E4"),
        (e6_alone.candidate, "E6"),
    }
    # The absent block comes after the NV one, mark in bold, no passage.
    e4_pages = pages(book["E4"])
    assert [p.title for p in e4_pages[-2:]] == [f"{NV_TITLE} — E4", f"{ABSENT_TITLE} — E4"]
    (row,) = e4_pages[-1].rows
    assert row["Note /20"].font.bold and row["Note /20"].data_type == "s"
    assert row["Heure de passage"].value == NOTHING
    assert row["Observations"].value == "E4 : absence signalée, pas de passage"
    assert e4_pages[-1].lines == [
        f"Épreuve : {ctx.epreuve_label('E4')}",
        "Absence signalée avant l'oral : aucun passage ; la mention « absent » tient lieu de note.",
        "Nombre de candidats absents : 1",
    ]
    assert not any(p.title.startswith(ABSENT_TITLE) for p in pages(book["E5"]))


def test_only_withdrawn_orals_give_no_grading_sheet(export_context: PlanContext) -> None:
    ctx = export_context
    people = ctx.candidates[:2]
    orals = [Oral(people[0].number, "E4", status=WITHDRAWN), Oral(people[1].number, "E6", status=WITHDRAWN)]
    book = load_workbook(
        io.BytesIO(grading_workbook(PlanContext(Plan(ctx.session.code, orals), ctx.session, people)))
    )
    assert book.sheetnames == ["Bordereaux"]
    assert book["Bordereaux"]["A1"].value == "Aucun oral à noter dans ce planning."


def test_empty_plan(export_context: PlanContext) -> None:
    empty = PlanContext(Plan(export_context.session.code, []), export_context.session, [])
    book = load_workbook(io.BytesIO(grading_workbook(empty)))
    assert book.sheetnames == ["Bordereaux"]
