"""``commissions.xlsx``, for the chef de bureau: what was solved, how many
examiners to convene per épreuve, day and site, each commission's timetable,
and the orals without a passage (NV dossiers, absences, withdrawals, orals not
placed)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import family_of, pool_of
from scheduler.domain.plan import ABSENT, NV, UNPLACED, WITHDRAWN, Oral
from scheduler.domain.session import code_rank, extra_time_label
from scheduler.domain.travel import farther_sentence, farther_trips, travel_proven
from scheduler.export.common import (
    BOLD_STYLE,
    BORDER,
    TABLE_STYLE,
    WRAP,
    CellStyle,
    append_row,
    clock,
    fit_columns,
    fit_row_heights,
    fit_table,
    header_row,
    prepare_for_print,
    sheet_title,
    title_row,
    workbook_bytes,
    write_row,
)
from scheduler.export.context import PlanContext, Row
from scheduler.export.paging import keep_together
from scheduler.text import french_date, short_day
from scheduler.validate.objective import LABELS, evaluate

#: Headers of the convening table (sheet « Examinateurs »).
CONVENING_HEADERS = (
    "Épreuve",
    "Langue",
    "Date",
    "Site",
    "Commissions",
    "Membres par commission",
    "Examinateurs à convoquer",
    "Candidats",
    "Début du premier oral",
    "Fin du dernier oral",
)

#: Headers of each épreuve's timetable sheet.
TIMETABLE_HEADERS = (
    "Date",
    "Commission",
    "Site",
    "Salle",
    "Examinateurs",
    "Début",
    "Fin",
    "Épreuve",
    "N° candidat",
    "Nom",
    "Prénom",
    "Établissement",
    "Langue ou sujet",
    "Début loge",
    "Aménagement",
)

#: Widest timetable columns (characters): beyond, they wrap, so that the
#: table prints on A4 landscape at about 8 points or more.
TIMETABLE_CAPS = {
    "Examinateurs": 30,
    "Nom": 14,
    "Prénom": 11,
    "Établissement": 20,
    "Langue ou sujet": 10,
    "Aménagement": 11,
}

NV_HEADERS = ("Épreuve", "N° candidat", "Nom", "Prénom", "Établissement", "Statut", "Mention")
#: Why an oral has no passage, by status (sheet « NV »).
MENTIONS: dict[str, str] = {
    NV: "NV — dossier non conforme : pas d'interrogation",
    ABSENT: "absence signalée : pas de passage, « absent » sur le bordereau",
    WITHDRAWN: "candidat désisté : oral annulé, pas de note",
    UNPLACED: "à placer",
}

#: Alternate commissions are shaded, so that a block reads as one commission.
BLOCK_FILL = PatternFill("solid", fgColor="DDEBF7")
#: A table cell of a shaded commission.
BLOCK_STYLE = CellStyle(border=BORDER, alignment=WRAP, fill=BLOCK_FILL)
UNKNOWN_EXAMINERS = "à désigner"
CENTERED = Alignment(wrap_text=True, vertical="top", horizontal="center")


#: Points per line of 11 pt text (the default row height).
def commissions_workbook(ctx: PlanContext) -> bytes:
    """The workbook ``commissions.xlsx`` of a plan, as deterministic bytes."""
    wb = Workbook()
    taken: set[str] = set()
    summary = wb.active
    assert summary is not None
    summary.title = sheet_title("Synthèse", taken)
    _summary_sheet(summary, ctx)
    _convening_sheet(wb.create_sheet(sheet_title("Examinateurs", taken)), ctx)
    for family, groups in _by_family(ctx).items():
        _timetable_sheet(wb.create_sheet(sheet_title(family, taken)), ctx, family, groups)
    _nv_sheet(wb.create_sheet(sheet_title("NV", taken)), ctx)
    return workbook_bytes(wb)


@dataclass(frozen=True)
class ConveningLine:
    """Commissions of one pool (épreuve, and language for E2) on one day at one site."""

    family: str
    language: str
    day: date
    site: str
    commissions: int
    members: int
    candidates: int
    first_start: int
    last_end: int

    @property
    def examiners(self) -> int:
        return self.commissions * self.members


def convening_lines(ctx: PlanContext) -> list[ConveningLine]:
    """The convening figures, by épreuve, language, day and site, in display order."""
    groups: dict[tuple[str, str, date, str], list[Row]] = defaultdict(list)
    for (commission, day), rows in ctx.by_commission_day().items():
        site = rows[0].oral.site or ""
        groups[(family_of(commission), pool_of(commission), day, site)].extend(rows)
    lines: list[ConveningLine] = []
    for (family, _, day, site), rows in groups.items():
        ep = ctx.session.epreuves.get(family)
        languages = sorted({r.oral.language for r in rows if r.oral.language})
        starts = [r.oral.start for r in rows if r.oral.start is not None]
        ends = [r.oral.end for r in rows if r.oral.end is not None]
        lines.append(
            ConveningLine(
                family=family,
                language=", ".join(languages),
                day=day,
                site=site,
                commissions=len({r.oral.commission for r in rows}),
                members=ep.commission_size if ep else 1,
                candidates=len({r.candidate.number for r in rows}),
                first_start=min(starts),
                last_end=max(ends),
            )
        )
    site_order = list(ctx.session.sites)
    lines.sort(
        key=lambda x: (
            code_rank(x.family),
            x.day,
            site_order.index(x.site) if x.site in site_order else len(site_order),
            x.language,
        )
    )
    return lines


def _by_family(ctx: PlanContext) -> dict[str, list[tuple[tuple[str, date], list[Row]]]]:
    """Commission-days grouped by épreuve family (E2F with E2, ENG with E6), in order."""
    out: dict[str, list[tuple[tuple[str, date], list[Row]]]] = defaultdict(list)
    for key, rows in ctx.by_commission_day().items():
        out[family_of(key[0])].append((key, rows))
    return dict(sorted(out.items(), key=lambda kv: code_rank(kv[0])))


def _french_number(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _figure(value: float | None) -> object:
    """A solver figure as a number (integral values without ``.0``), ``—`` if missing."""
    if value is None:
        return "—"
    return int(value) if float(value).is_integer() else value


def _blank(ws: Worksheet) -> None:
    # A cell in column A makes the next append_row skip one line.
    ws.cell(row=ws.max_row + 1, column=1)


#: What each step status means, in plain French.
STATUS_MEANINGS = {
    "optimal": "optimal, prouvé",
    "réalisable": "meilleure solution trouvée dans le temps imparti, non prouvée optimale",
    "inconnu": "aucune solution trouvée dans le temps imparti",
    "irréalisable": "impossible, prouvé",
    "temps insuffisant": "temps imparti insuffisant",
}


def _proven_sentence(ctx: PlanContext) -> str:
    """What is proven about the plan's commission-days, in one sentence."""
    solver = ctx.plan.solver
    objective, bound = solver.objective, solver.bound
    if objective is None:
        return "Aucun planning complet : rien n'est prouvé."
    n = int(objective)
    if bound is not None and bound >= objective:
        return (
            f"{n} journées-commission : c'est le minimum possible, prouvé (aucun planning "
            "ne peut convoquer moins de commissions)."
        )
    if bound is None:
        return f"{n} journées-commission ; aucune borne inférieure n'est prouvée."
    return (
        f"{n} journées-commission ; il en faut au moins {int(bound)} (borne prouvée) : "
        f"au plus {n - int(bound)} de trop."
    )


def _comfort_sentence(ctx: PlanContext) -> str | None:
    stages = [st for st in ctx.plan.solver.stages if "confort" in str(st.get("etape", ""))]
    if not stages:
        return None
    if all(st.get("statut") == "optimal" for st in stages):
        return "Confort des candidats : le meilleur possible à ce nombre de commissions, prouvé."
    return (
        "Confort des candidats (attentes, trajets, langues le même jour) : le meilleur planning trouvé "
        "dans le temps imparti ; il n'est pas prouvé qu'on ne puisse pas faire mieux."
    )


def _summary_sheet(ws: Worksheet, ctx: PlanContext) -> None:
    plan, session = ctx.plan, ctx.session
    solver = plan.solver
    title = "Commissions d'interrogation — synthèse"
    title_row(ws, title)
    _blank(ws)
    statuses = Counter(o.status for o in plan.orals)
    gap = solver.gap
    facts: list[tuple[str, object]] = [
        ("Session", session.label),
        ("Candidats", len(ctx.candidates)),
        ("Oraux planifiés", len(plan.placed())),
        ("Oraux NV (dossier non conforme)", statuses[NV]),
        ("Oraux absents (absence signalée)", statuses[ABSENT]),
        ("Oraux annulés (candidat désisté)", statuses[WITHDRAWN]),
        ("Oraux non placés", statuses[UNPLACED]),
        ("Statut du solveur", solver.status),
        ("Journées-commission du planning", _figure(solver.objective)),
        ("Borne inférieure prouvée", _figure(solver.bound)),
        ("Écart à la borne", "—" if gap is None else f"{_french_number(gap * 100)} %"),
        ("Temps de calcul", f"{_french_number(solver.wall_time)} s"),
    ]
    for label, value in facts:
        row = append_row(ws, (label, value))
        BOLD_STYLE.apply(ws.cell(row=row, column=1))
    _blank(ws)
    for sentence in (_proven_sentence(ctx), _comfort_sentence(ctx)):
        if sentence:
            append_row(ws, ("Ce qui est prouvé", sentence))
    trips = farther_trips(session, ctx.candidates, plan)
    append_row(ws, ("Trajets vers un site plus éloigné", farther_sentence(trips, travel_proven(plan))))
    for reason in plan.diagnostics:
        append_row(ws, ("Diagnostic", reason))
    _blank(ws)
    header_row(ws, ("Examinateurs à convoquer par jour", "Toutes épreuves et tous sites"))
    for day, (examiners, detail) in _examiners_per_day(ctx).items():
        append_row(ws, (french_date(day), f"{examiners} examinateurs ({detail})"))
    _blank(ws)
    header_row(ws, ("Étape du calcul", "Résultat"))
    for stage in solver.stages:
        append_row(ws, (str(stage.get("etape", "")), _stage_result(stage)))
    _blank(ws)
    header_row(ws, ("Critère du planning", "Valeur"))
    for name, value in evaluate(session, ctx.candidates, plan).terms.items():
        append_row(ws, (LABELS.get(name, name), value))
    fit_columns(ws, maximum=60)
    # Labels on one line, sentences wrapped beside them; the title runs over.
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    for row in ws.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.alignment = WRAP
    fit_row_heights(ws, range(2, ws.max_row + 1))
    prepare_for_print(ws, title=title, session=session, header_rows=1, landscape=False)


def _examiners_per_day(ctx: PlanContext) -> dict[date, tuple[int, str]]:
    """Examiners to convene each day, all épreuves and sites, with the detail
    « E4 Castres 46 ; E2 Tarbes 8 »."""
    per_day: dict[date, list[ConveningLine]] = defaultdict(list)
    for line in convening_lines(ctx):
        per_day[line.day].append(line)
    sites = ctx.session.sites
    out: dict[date, tuple[int, str]] = {}
    for day in sorted(per_day):
        detail: Counter[str] = Counter()
        for line in per_day[day]:
            town = sites[line.site].town if line.site in sites else line.site
            detail[f"{line.family} {town}"] += line.examiners
        out[day] = (sum(detail.values()), " ; ".join(f"{k} : {v}" for k, v in detail.items()))
    return out


def _stage_result(stage: dict[str, str | int | float | None]) -> str:
    """« optimal, prouvé : 47 (en 1,1 s) », « meilleure solution trouvée … : 180 ; borne prouvée 0 (9,1 s) »."""
    status = str(stage.get("statut", ""))
    meaning = STATUS_MEANINGS.get(status, status)
    value, bound, seconds = stage.get("objectif"), stage.get("borne"), stage.get("temps_s")
    text = meaning
    if value is not None:
        text += f" : {_plain(value)}"
        if status != "optimal" and bound is not None:
            text += f" ; borne prouvée {_plain(bound)}"
    if isinstance(seconds, int | float):
        text += f" (en {_french_number(float(seconds))} s)"
    return text


def _plain(value: str | int | float) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else _french_number(value)
    return str(value)


def _convening_sheet(ws: Worksheet, ctx: PlanContext) -> None:
    title = "Examinateurs à convoquer par épreuve, jour et site"
    title_row(ws, title)
    header = header_row(ws, CONVENING_HEADERS, row=2)
    lines = convening_lines(ctx)
    sites = ctx.session.sites
    for i, line in enumerate(lines):
        append_row(
            ws,
            (
                line.family,
                line.language,
                french_date(line.day),
                sites[line.site].town if line.site in sites else line.site,
                line.commissions,
                line.members,
                line.examiners,
                line.candidates,
                clock(line.first_start),
                clock(line.last_end),
            ),
        )
        if i + 1 == len(lines) or lines[i + 1].family != line.family:
            mine = [x for x in lines if x.family == line.family]
            # Summed over days: commission-days and examiner-days, not people.
            append_row(
                ws,
                (
                    line.family,
                    "",
                    f"Total {line.family} (journées)",
                    "",
                    sum(x.commissions for x in mine),
                    "",
                    sum(x.examiners for x in mine),
                    sum(x.candidates for x in mine),
                    "",
                    "",
                ),
                bold=True,
            )
    fit_table(ws, [header], maximum=30, centered=CONVENING_HEADERS[4:])
    fit_row_heights(ws, range(header, ws.max_row + 1))
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)


def _timetable_sheet(
    ws: Worksheet, ctx: PlanContext, family: str, groups: list[tuple[tuple[str, date], list[Row]]]
) -> None:
    codes = sorted({r.oral.epreuve for _, rows in groups for r in rows}, key=code_rank)
    title = "Commissions " + " ; ".join(ctx.epreuve_label(c) for c in codes)
    title_row(ws, title)
    header = header_row(ws, TIMETABLE_HEADERS, row=2)
    sites = ctx.session.sites
    row = header + 1
    blocks: list[tuple[int, int]] = []
    for n, ((commission, day), rows) in enumerate(groups):
        blocks.append((row, row + len(rows) - 1))
        for r in rows:
            o, c = r.oral, r.candidate
            site = sites[o.site].town if o.site in sites else (o.site or "")
            write_row(
                ws,
                row,
                (
                    short_day(day),
                    commission,
                    site,
                    o.room or "",
                    _short_names(ctx, o) or UNKNOWN_EXAMINERS,
                    clock(o.start),
                    clock(o.end),
                    o.epreuve,
                    c.number,
                    c.surname,
                    c.given_name,
                    c.etablissement,
                    o.language or o.subject or "",
                    clock(o.preparation_start),
                    extra_time_label(c.extra_time),
                ),
                style=BLOCK_STYLE if n % 2 else TABLE_STYLE,
            )
            row += 1
    fit_table(
        ws,
        [header],
        caps={TIMETABLE_HEADERS.index(label) + 1: cap for label, cap in TIMETABLE_CAPS.items()},
        centered=("Début", "Fin", "Épreuve", "Début loge"),
    )
    fit_row_heights(ws, range(header, row))
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)
    # A commission's orals are never cut by a page (days follow each other:
    # a page per day left most pages half empty).
    keep_together(ws, blocks, repeated_rows=header)


def _short_names(ctx: PlanContext, oral: Oral) -> str:
    """« ADAM N. + ALBOUY D. »: who examines, on one line of the timetable
    (full names and ids are on the examiners' workbook)."""
    names = []
    for i in oral.examiners:
        e = ctx.examiner_by_id.get(i)
        names.append(f"{e.surname} {e.given_name[:1]}." if e and e.given_name else (e.surname if e else i))
    return " + ".join(names)


def _nv_sheet(ws: Worksheet, ctx: PlanContext) -> None:
    title = "Oraux sans passage : NV, absents, désistés, non placés"
    title_row(ws, title)
    header = header_row(ws, NV_HEADERS, row=2)
    rows = ctx.not_placed()
    for r in rows:
        append_row(
            ws,
            (
                r.oral.epreuve,
                r.candidate.number,
                r.candidate.surname,
                r.candidate.given_name,
                r.candidate.etablissement,
                r.oral.status,
                MENTIONS.get(r.oral.status, MENTIONS[UNPLACED]),
            ),
        )
    if not rows:
        append_row(ws, ("Aucun",))
    fit_table(ws, [header], centered=("Épreuve", "Statut"))
    fit_row_heights(ws, range(header, ws.max_row + 1))
    prepare_for_print(ws, title=title, session=ctx.session, header_rows=header, filter_from=header)
