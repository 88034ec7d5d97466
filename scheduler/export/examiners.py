"""``examinateurs.xlsx``, for the exam office and the examiners themselves.

A first sheet « Synthèse » serves the payment of vacations: one line per
examiner of the list (those with no day too, at 0), how many days they worked
and how many candidates they examined.  Then one sheet per examiner: each of
their commission-days on its own printed page (where, in which room, with
whom, from when to when) with the candidates in time order.

:func:`examiner_days` is shared with the calendars of
:mod:`scheduler.export.calendars`, so that both always tell the same days.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.session import Examiner, Session, code_rank
from scheduler.export.common import (
    BOLD_STYLE,
    TITLE_STYLE,
    clock,
    fit_row_heights,
    fit_table,
    header_row,
    prepare_for_print,
    set_text,
    sheet_title,
    title_row,
    workbook_bytes,
    write_row,
)
from scheduler.export.context import PlanContext, Row
from scheduler.export.paging import keep_together
from scheduler.export.recipients import EXAMINER as EXAMINER_ROLE
from scheduler.export.recipients import Owner
from scheduler.io.plan_files import office_csv
from scheduler.text import day_month, french_date, unique_slugs

FILE_NAME = "examinateurs.xlsx"

SUMMARY_TITLE = "Examinateurs — synthèse pour le paiement des vacations"
SUMMARY_HEADERS = (
    "Identifiant",
    "Nom",
    "Prénom",
    "Qualité",
    "Établissement",
    "Épreuves",
    "Jours travaillés",
    "Journées (site : dates)",
    "Candidats examinés",
    "Oraux",
    "Détail des oraux",
)
TOTAL_LABEL = "Total"
#: Widest columns of the synthesis (characters): beyond, they wrap.
SUMMARY_CAPS = {
    "Nom": 16,
    "Prénom": 12,
    "Qualité": 12,
    "Établissement": 20,
    "Épreuves": 20,
    "Journées (site : dates)": 30,
    "Détail des oraux": 14,
}

#: Columns of each commission-day's candidate table on an examiner's sheet.
DAY_HEADERS = ("Début", "Fin", "Épreuve", "N° candidat", "Nom", "Prénom", "Établissement")
#: Separates the date from the commission in a day's heading, which tests and
#: readers alike use to tell the blocks apart.
COMMISSION_SEPARATOR = " — Commission "
NO_EXAMINER = "Aucun examinateur nommé dans ce planning."
UNKNOWN = "absent de la liste des examinateurs"
#: A 13-point bold heading is about this much wider than body text.
TITLE_WIDTH = 1.3


@dataclass(frozen=True)
class ExaminerDay:
    """One commission-day of one examiner: place, partners and the orals they
    sit in, in time order (ENG right after its E6)."""

    examiner: str
    commission: str
    day: date
    site: str
    room: str
    #: Ids of the other members of the commission that day.
    partners: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def start(self) -> int:
        """Start of the first oral (the examiners are not needed for the loge)."""
        return min(r.oral.start for r in self.rows if r.oral.start is not None)

    @property
    def end(self) -> int:
        return max(r.oral.end for r in self.rows if r.oral.end is not None)

    @property
    def codes(self) -> list[str]:
        """Épreuves examined that day (``E6``, ``ENG``), in display order."""
        return sorted({r.oral.epreuve for r in self.rows}, key=code_rank)

    @property
    def candidates(self) -> int:
        """Candidates examined that day; E6 and ENG of one candidate count once."""
        return len({r.candidate.number for r in self.rows})


def examiner_ids(ctx: PlanContext) -> list[str]:
    """Every examiner to report on: the list's order, then ids named by the plan
    but missing from the list (a plan edited by hand), so none goes unpaid."""
    listed = [e.id for e in ctx.examiners]
    known = set(listed)
    named = {i for o in ctx.plan.placed() for i in o.examiners if i not in known}
    return listed + sorted(named)


def examiner_days(ctx: PlanContext) -> dict[str, list[ExaminerDay]]:
    """Commission-days of each examiner of :func:`examiner_ids`, in time order
    (an empty list for an examiner with no day)."""
    order = {i: n for n, i in enumerate(examiner_ids(ctx))}
    out: dict[str, list[ExaminerDay]] = {i: [] for i in order}
    for (commission, day), rows in ctx.by_commission_day().items():
        members = sorted({i for r in rows for i in r.oral.examiners}, key=order.__getitem__)
        for member in members:
            # The validator asks for one team per commission-day; should a plan
            # differ, an examiner is still only credited with the orals they sit in.
            mine = tuple(r for r in rows if member in r.oral.examiners)
            first = mine[0].oral
            out[member].append(
                ExaminerDay(
                    examiner=member,
                    commission=commission,
                    day=day,
                    site=first.site or "",
                    room=first.room or "",
                    partners=tuple(m for m in members if m != member),
                    rows=mine,
                )
            )
    for days in out.values():
        days.sort(key=lambda d: (d.day, d.start, d.commission))
    return out


#: Each examiner's list of their orals, for their spreadsheet.
LISTS = "listes"
LIST_COLUMNS = ("Date", "Commission", "Site", "Salle", *DAY_HEADERS)


def examiner_lists(ctx: PlanContext) -> dict[str, bytes]:
    """``listes/examinateur-<slug>.csv`` (the slug of their letter): each
    examiner's sheet of ``examinateurs.xlsx`` as one table, a line per oral
    they sit in, for every examiner with a commission-day."""
    out = {}
    for path, (_, days) in _listed(ctx).items():
        rows = [
            dict(
                zip(
                    LIST_COLUMNS,
                    (
                        french_date(d.day),
                        d.commission,
                        site_town(ctx, d.site),
                        d.room,
                        clock(r.oral.start),
                        clock(r.oral.end),
                        epreuve_cell(r),
                        r.candidate.number,
                        r.candidate.surname,
                        r.candidate.given_name,
                        r.candidate.etablissement,
                    ),
                    strict=True,
                )
            )
            for d in days
            for r in d.rows
        ]
        out[path] = office_csv(LIST_COLUMNS, rows)
    return out


def examiner_list_owners(ctx: PlanContext) -> dict[str, Owner]:
    """The examiner of each list of :func:`examiner_lists`."""
    return {path: (EXAMINER_ROLE, examiner) for path, (examiner, _) in _listed(ctx).items()}


def _listed(ctx: PlanContext) -> dict[str, tuple[str, list[ExaminerDay]]]:
    days = {i: d for i, d in examiner_days(ctx).items() if d}
    return {
        f"{LISTS}/examinateur-{slug}.csv": (examiner, days[examiner])
        for examiner, slug in unique_slugs(list(days), "examinateur").items()
    }


def examiner_name(ctx: PlanContext, examiner: str) -> str:
    """« NOM Prénom (EX001) », as in the other workbooks; the bare id if unknown."""
    e = ctx.examiner_by_id.get(examiner)
    return f"{e.surname} {e.given_name} ({examiner})" if e else examiner


def site_town(ctx: PlanContext, site: str) -> str:
    s = ctx.session.sites.get(site)
    return s.town if s else site


def site_address(ctx: PlanContext, site: str) -> str:
    s = ctx.session.sites.get(site)
    return s.full_address if s else site


def epreuve_cell(r: Row) -> str:
    """``E2 — anglais``, ``E5 — WordPress``, ``E4``: what the examiner prepares for."""
    detail = r.oral.language or r.oral.subject
    return f"{r.oral.epreuve} — {detail}" if detail else r.oral.epreuve


def examiners_workbook(ctx: PlanContext) -> bytes:
    """The workbook ``examinateurs.xlsx`` of a plan, as deterministic bytes."""
    wb = Workbook()
    taken: set[str] = set()
    summary = wb.active
    assert summary is not None
    summary.title = sheet_title("Synthèse", taken)
    days = examiner_days(ctx)
    _summary_sheet(summary, ctx, days)
    for examiner, mine in days.items():
        if not mine:
            continue  # in the synthesis, at 0: no page to print
        e = ctx.examiner_by_id.get(examiner)
        name = f"{examiner} {e.surname}" if e else examiner
        _examiner_sheet(wb.create_sheet(sheet_title(name, taken)), ctx, examiner, e, mine)
    return workbook_bytes(wb)


def _declared_epreuves(e: Examiner | None, session: Session) -> str:
    if e is None:
        return ""
    parts = []
    for code in sorted(e.epreuves, key=code_rank):
        # Languages matter for the épreuves examined per language (E2).
        ep = session.epreuves.get(code)
        if ep is not None and ep.by_language and e.languages:
            parts.append(f"{code} ({', '.join(sorted(e.languages))})")
        else:
            parts.append(code)
    return ", ".join(parts)


def _orals_detail(counts: Counter[str]) -> str:
    """``E6 : 12 ; ENG : 3``: vacation rates differ from one épreuve to the next."""
    return " ; ".join(f"{code} : {counts[code]}" for code in sorted(counts, key=code_rank))


def _days_by_town(days: list[date], towns: dict[date, str]) -> str:
    """``Castres : 07/06, 08/06 ; Toulouse : 21/06``: where and when, short."""
    grouped: dict[str, list[date]] = {}
    for d in days:
        grouped.setdefault(towns[d], []).append(d)
    return " ; ".join(f"{town} : {', '.join(day_month(d) for d in ds)}" for town, ds in grouped.items())


def _summary_sheet(ws: Worksheet, ctx: PlanContext, days: dict[str, list[ExaminerDay]]) -> None:
    title_row(ws, SUMMARY_TITLE)
    header = header_row(ws, SUMMARY_HEADERS, row=2)
    row = header + 1
    totals: Counter[str] = Counter()
    total_days = total_candidates = 0
    for examiner, mine in days.items():
        e = ctx.examiner_by_id.get(examiner)
        orals: Counter[str] = Counter(r.oral.epreuve for d in mine for r in d.rows)
        # Days, not commission-days: one commission a day is the rule, but a
        # day is paid once whatever happens.
        worked = sorted({d.day for d in mine})
        towns = {d.day: site_town(ctx, d.site) for d in mine}
        candidates = sum(d.candidates for d in mine)
        write_row(
            ws,
            row,
            (
                examiner,
                e.surname if e else UNKNOWN,
                e.given_name if e else "",
                e.quality if e else "",
                e.etablissement if e else "",
                _declared_epreuves(e, ctx.session),
                len(worked),
                _days_by_town(worked, towns),
                candidates,
                sum(orals.values()),
                _orals_detail(orals),
            ),
        )
        totals.update(orals)
        total_days += len(worked)
        total_candidates += candidates
        row += 1
    last_data = row - 1
    if not days:
        write_row(ws, row, (NO_EXAMINER,))
        row += 1
    write_row(
        ws,
        row,
        (
            TOTAL_LABEL,
            f"{len(days)} examinateur(s)",
            "",
            "",
            "",
            "",
            total_days,
            "",
            total_candidates,
            sum(totals.values()),
            _orals_detail(totals),
        ),
    )
    for cell in ws[row]:
        BOLD_STYLE.apply(cell)
    fit_table(
        ws,
        [header],
        maximum=40,
        # Long lists wrap: the table prints on A4 landscape at 9 points or more.
        caps={SUMMARY_HEADERS.index(label) + 1: cap for label, cap in SUMMARY_CAPS.items()},
        centered=("Qualité", "Jours travaillés", "Candidats examinés", "Oraux"),
    )
    fit_row_heights(ws, range(header, row + 1))
    prepare_for_print(ws, title=SUMMARY_TITLE, session=ctx.session, header_rows=header)
    if last_data > header:
        # Not up to the totals line, which sorting would otherwise move.
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(SUMMARY_HEADERS))}{last_data}"


def _examiner_sheet(
    ws: Worksheet, ctx: PlanContext, examiner: str, e: Examiner | None, days: list[ExaminerDay]
) -> None:
    name = f"{e.surname} {e.given_name}" if e else UNKNOWN
    title = f"{examiner} — {name}"
    title_row(ws, title)
    about = []
    if e is not None:
        about.append(f"Qualité : {e.quality} — Épreuves : {_declared_epreuves(e, ctx.session)}")
        if e.etablissement:
            about.append(f"Établissement : {e.etablissement}")
    candidates = sum(d.candidates for d in days)
    about.append(f"{len(days)} journée(s) d'interrogation, {candidates} candidat(s)")
    row = 2
    lines: dict[int, str] = {}
    for line in about:
        lines[row] = line
        row += 1
    row += 1
    header_rows: list[int] = []
    data_rows: list[int] = []
    headings: list[int] = []
    blocks: list[tuple[int, int]] = []
    for d in days:
        headings.append(row)
        lines[row] = f"{french_date(d.day)}{COMMISSION_SEPARATOR}{d.commission}"
        row += 1
        partners = ", ".join(examiner_name(ctx, p) for p in d.partners)
        for line in (
            f"Site : {site_town(ctx, d.site)}" + (f" — {d.room}" if d.room else ""),
            f"Adresse : {site_address(ctx, d.site)}",
            f"Avec : {partners}" if partners else "Seul(e) examinateur(trice) de la commission",
            f"Horaires : {clock(d.start)} – {clock(d.end)} ; {d.candidates} candidat(s)",
        ):
            lines[row] = line
            row += 1
        header_row(ws, DAY_HEADERS, row=row)
        header_rows.append(row)
        row += 1
        for r in d.rows:
            c = r.candidate
            write_row(
                ws,
                row,
                (
                    clock(r.oral.start),
                    clock(r.oral.end),
                    epreuve_cell(r),
                    c.number,
                    c.surname,
                    c.given_name,
                    c.etablissement,
                ),
            )
            data_rows.append(row)
            row += 1
        blocks.append((headings[-1], row - 1))
        row += 1
    for at, line in lines.items():
        set_text(ws.cell(row=at, column=1), line)
    for at in headings:
        TITLE_STYLE.apply(ws.cell(row=at, column=1))
    text_rows = {1, *lines}
    fit_table(ws, header_rows, skip_rows=text_rows, caps={len(DAY_HEADERS): 35}, centered=("Début", "Fin"))
    _room_for_lines(ws, {1: title, **lines}, big={1, *headings})
    fit_row_heights(ws, header_rows)
    fit_row_heights(ws, data_rows)
    prepare_for_print(ws, title=f"Examinateur {title}", session=ctx.session, header_rows=1, landscape=False)
    # A day is never cut by the foot of a page: the examiner takes it along.
    keep_together(ws, blocks, repeated_rows=1)


def _room_for_lines(ws: Worksheet, lines: dict[int, str], big: set[int]) -> None:
    """Widen the last column until every line fits the printed width.

    Lines run over the empty cells to their right, but paper stops at the
    table's last column: a long address or name would be cut."""
    columns = max(ws.max_column, 1)
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    # Unset widths are Excel's default of about 8.43 characters.
    total = sum(ws.column_dimensions[x].width or 8.43 for x in letters)
    needed = max(len(text) * (TITLE_WIDTH if at in big else 1.0) + 2 for at, text in lines.items())
    if needed > total:
        last = ws.column_dimensions[letters[-1]]
        last.width = (last.width or 8.43) + needed - total
