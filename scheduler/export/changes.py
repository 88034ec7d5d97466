"""``changements.xlsx``: who must be told after a re-run (``oraux replanifier``).

Entry point: ``changes_workbook(diff_plans(old, new), old_ctx, new_ctx)`` → bytes
of ``changements.xlsx``.

Sheets, each for one audience:

* « Candidats » — only the candidates whose convocation changed: the oral
  before and after (date, convocation time, town, room, or the status that
  replaces them) and the nature of the change;
* « Examinateurs » — each examiner-day whose commission, site, room or hours
  changed;
* « Centres » — per site and day, what a centre head must know: commissions
  added or removed, rooms and hours changed, candidates arriving or leaving;
* one sheet per établissement with its candidates whose convocation changed.

A sheet with nothing to tell says so in one French line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain.commission import CommissionDay, commission_days
from scheduler.domain.plan import Oral
from scheduler.domain.session import Candidate, CodeRank, code_rank
from scheduler.export.common import (
    ITALIC_STYLE,
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
from scheduler.export.context import PlanContext
from scheduler.export.examiners import examiner_name
from scheduler.rerun.changes import OralChange, PlanChanges
from scheduler.text import french_date, name_key

FILE_NAME = "changements.xlsx"

CANDIDATES_SHEET = "Candidats"
EXAMINERS_SHEET = "Examinateurs"
CENTRES_SHEET = "Centres"
#: Every table sheet: title (row 1), a note (row 2), column titles (row 3).
HEADER_ROW = 3

CANDIDATE_HEADERS = (
    "N° candidat",
    "Nom",
    "Prénom",
    "Établissement",
    "Épreuve",
    "Avant : date",
    "Avant : convocation",
    "Avant : site",
    "Avant : salle",
    "Après : date",
    "Après : convocation",
    "Après : site",
    "Après : salle",
    "Nature du changement",
)
EXAMINER_HEADERS = (
    "Examinateur",
    "Date",
    "Avant : commission",
    "Avant : site",
    "Avant : salle",
    "Avant : horaires",
    "Après : commission",
    "Après : site",
    "Après : salle",
    "Après : horaires",
    "Nature du changement",
)
CENTRE_HEADERS = (
    "Site",
    "Date",
    "Nature",
    "Commission",
    "N° candidat",
    "Nom",
    "Prénom",
    "Épreuve",
    "Avant",
    "Après",
)

NO_CANDIDATE = "Aucune convocation de candidat ne change."
NO_EXAMINER = "Aucun examinateur n'est concerné par les changements."
NO_CENTRE = "Aucun changement dans les centres d'examen."

CANDIDATE_NOTE = (
    "Seuls les candidats dont la convocation change : les prévenir et leur envoyer "
    "la nouvelle convocation (convocations.xlsx)."
)
EXAMINER_NOTE = "Examinateurs dont la commission, le site, la salle ou les horaires changent un jour donné."
CENTRE_NOTE = (
    "Par site et par jour : commissions et candidats en plus ou en moins, salles et horaires modifiés."
)

#: What replaces the date of an oral that is not in a plan.
NOT_REGISTERED = "non inscrit"
REMOVED = "supprimé"

#: « Nature du changement » of a status change, by new status.
STATUS_NATURE = {
    "absent": "absence",
    "désisté": "désistement",
    "NV": "dossier non conforme (NV)",
    "non placé": "oral non placé",
    "planifié": "oral planifié",
}
MOVE_LABELS = {"date": "date", "site": "site", "horaire": "horaire", "salle": "salle"}
COMMISSION_DAY_LABELS = {"site": "nouveau site", "salle": "nouvelle salle", "horaire": "nouveaux horaires"}

# Natures of the « Centres » sheet, in the order they are listed for a site-day.
COMMISSION_ADDED = "commission ajoutée"
COMMISSION_REMOVED = "commission retirée"
COMMISSION_ROOM = "changement de salle de commission"
COMMISSION_HOURS = "horaires de commission modifiés"
CANDIDATE_IN = "candidat en plus"
CANDIDATE_OUT = "candidat en moins"
CANDIDATE_TIME = "horaire de candidat modifié"
CANDIDATE_ROOM = "salle de candidat modifiée"
CENTRE_NATURES = (
    COMMISSION_ADDED,
    COMMISSION_REMOVED,
    COMMISSION_ROOM,
    COMMISSION_HOURS,
    CANDIDATE_IN,
    CANDIDATE_OUT,
    CANDIDATE_TIME,
    CANDIDATE_ROOM,
)


def french_list(parts: Sequence[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


class _Contexts:
    """Both plans' contexts, with what every sheet looks up."""

    def __init__(self, old: PlanContext, new: PlanContext) -> None:
        self.old, self.new = old, new
        self.old_days = commission_days(self.old.plan)
        self.new_days = commission_days(self.new.plan)
        self.known = {o.candidate for o in self.old.plan.orals}
        sites = list(self.new.session.sites)
        sites += [s for s in self.old.session.sites if s not in sites]
        self.site_order = {key: n for n, key in enumerate(sites)}

    def candidate(self, number: str) -> Candidate | None:
        return self.new.by_number.get(number) or self.old.by_number.get(number)

    def town(self, site: str | None) -> str:
        if not site:
            return ""
        found = self.new.session.sites.get(site) or self.old.session.sites.get(site)
        return found.town if found else site

    def examiner(self, examiner: str) -> str:
        ctx = self.new if examiner in self.new.examiner_by_id else self.old
        return examiner_name(ctx, examiner)


def changes_workbook(changes: PlanChanges, old_ctx: PlanContext, new_ctx: PlanContext) -> bytes:
    """``changements.xlsx`` for ``changes`` between the plans of ``old_ctx``
    (published) and ``new_ctx`` (re-run), as deterministic bytes."""
    ctxs = _Contexts(old_ctx, new_ctx)
    wb = Workbook()
    taken: set[str] = set()
    notified = sorted(
        (c for c in changes.orals if c.convocation_changed), key=lambda c: _candidate_order(ctxs, c)
    )

    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(CANDIDATES_SHEET, taken)
    _candidate_table(ws, ctxs, "Changements — candidats à prévenir", notified)
    _examiner_sheet(wb.create_sheet(sheet_title(EXAMINERS_SHEET, taken)), ctxs, changes)
    _centre_sheet(wb.create_sheet(sheet_title(CENTRES_SHEET, taken)), ctxs, changes)

    by_school: dict[str, list[OralChange]] = {}
    for c in notified:
        found = ctxs.candidate(c.candidate)
        by_school.setdefault(found.etablissement if found else "", []).append(c)
    for school in sorted(by_school, key=lambda name: (name_key(name), name)):
        name = school or "Établissement inconnu"
        ws = wb.create_sheet(sheet_title(name, taken))
        _candidate_table(ws, ctxs, f"Changements — candidats à prévenir — {name}", by_school[school])
    return workbook_bytes(wb)


def _candidate_order(ctxs: _Contexts, c: OralChange) -> tuple[str, str, str, CodeRank, str]:
    found = ctxs.candidate(c.candidate)
    surname, given = (found.surname, found.given_name) if found else ("", "")
    return (name_key(surname), name_key(given), c.candidate, code_rank(c.epreuve), c.epreuve)


def _empty(ws: Worksheet, ctxs: _Contexts, title: str, message: str) -> None:
    """A sheet with nothing to tell: its title and one line saying so."""
    title_row(ws, title)
    set_text(ws.cell(row=2, column=1), message)
    ITALIC_STYLE.apply(ws.cell(row=2, column=1))
    ws.column_dimensions["A"].width = max(len(title) * 1.3, len(message)) + 2
    prepare_for_print(ws, title=title, session=ctxs.new.session, header_rows=1)


def _table(
    ws: Worksheet,
    ctxs: _Contexts,
    title: str,
    note: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caps: dict[int, int],
    centered: Sequence[str] = (),
) -> None:
    title_row(ws, title)
    set_text(ws.cell(row=2, column=1), note)
    ITALIC_STYLE.apply(ws.cell(row=2, column=1))
    header_row(ws, headers, row=HEADER_ROW)
    for line, values in enumerate(rows, start=HEADER_ROW + 1):
        write_row(ws, line, values)
    fit_table(ws, [HEADER_ROW], skip_rows=range(1, HEADER_ROW), caps=caps, centered=centered)
    fit_row_heights(ws, range(HEADER_ROW, HEADER_ROW + len(rows) + 1))
    prepare_for_print(
        ws, title=title, session=ctxs.new.session, header_rows=HEADER_ROW, filter_from=HEADER_ROW
    )


# --- Candidats and one sheet per établissement ---------------------------------


def _candidate_table(ws: Worksheet, ctxs: _Contexts, title: str, changes: list[OralChange]) -> None:
    if not changes:
        _empty(ws, ctxs, title, NO_CANDIDATE)
        return
    rows = [_candidate_values(ctxs, c) for c in changes]
    caps = {CANDIDATE_HEADERS.index("Établissement") + 1: 30, len(CANDIDATE_HEADERS): 30}
    _table(ws, ctxs, title, CANDIDATE_NOTE, CANDIDATE_HEADERS, rows, caps=caps)


def _candidate_values(ctxs: _Contexts, c: OralChange) -> list[object]:
    found = ctxs.candidate(c.candidate)
    values: list[object] = [
        c.candidate,
        found.surname if found else "",
        found.given_name if found else "",
        found.etablissement if found else "",
        _epreuve_cell(c),
    ]
    values += _oral_side(ctxs, c.old, NOT_REGISTERED)
    values += _oral_side(ctxs, c.new, REMOVED)
    values.append(nature(c, ctxs.known))
    return values


def _epreuve_cell(c: OralChange) -> str:
    """``E2 — anglais``, ``E5 — WordPress``, ``E4``."""
    oral = c.new or c.old
    detail = (oral.language or oral.subject) if oral else None
    return f"{c.epreuve} — {detail}" if detail else c.epreuve


def _oral_side(ctxs: _Contexts, oral: Oral | None, missing: str) -> list[object]:
    """Date, convocation, town and room of one side of a change; the status
    (or ``missing``) in place of the date when the oral is not planned."""
    if oral is None:
        return [missing, "", "", ""]
    if not oral.is_placed or oral.day is None:
        return [oral.status, "", "", ""]
    return [french_date(oral.day), clock(oral.convocation), ctxs.town(oral.site), oral.room or ""]


def nature(c: OralChange, known: set[str] | None = None) -> str:
    """« Nature du changement » of an oral change, in French: « date et
    horaire », « salle », « désistement », « nouvel inscrit »… ``known`` are
    the candidates of the old plan: a new oral of one of them is a « nouvel
    oral », not a new registration."""
    if "nouveau" in c.kinds:
        return "nouvel oral" if known is not None and c.candidate in known else "nouvel inscrit"
    if "statut" in c.kinds:
        return STATUS_NATURE.get(c.new.status, c.new.status) if c.new is not None else "oral supprimé"
    moves = [label for kind, label in MOVE_LABELS.items() if kind in c.kinds]
    if moves:
        return french_list(moves)
    others = [k for k in c.kinds if k in ("commission", "examinateurs")]
    return french_list(others)


# --- Examinateurs ----------------------------------------------------------------


def _hours(day: CommissionDay | None) -> str:
    return f"{clock(day.start)} – {clock(day.end)}" if day else ""


def _place(ctxs: _Contexts, day: CommissionDay | None, commission: str | None) -> list[object]:
    if day is None:
        return [commission or "", "", "", ""]
    return [day.commission, ctxs.town(day.site), day.room, _hours(day)]


def _examiner_sheet(ws: Worksheet, ctxs: _Contexts, changes: PlanChanges) -> None:
    title = "Changements — examinateurs à prévenir"
    keyed: list[tuple[tuple[str, str, date], list[object]]] = []
    told: set[tuple[str, date]] = set()
    for e in changes.examiners:
        told.add((e.examiner, e.day))
        before = ctxs.old_days.get((e.old, e.day)) if e.old else None
        after = ctxs.new_days.get((e.new, e.day)) if e.new else None
        if e.old is None:
            what = "ajouté"
        elif e.new is None:
            what = "retiré"
        else:
            what = "changement de commission"
        name = ctxs.examiner(e.examiner)
        values = [name, french_date(e.day), *_place(ctxs, before, e.old), *_place(ctxs, after, e.new), what]
        keyed.append(((name_key(name), e.examiner, e.day), values))
    for change in changes.commission_days_changed:
        what = french_list([COMMISSION_DAY_LABELS[k] for k in change.kinds])
        for examiner in sorted(set(change.old.examiners) | set(change.new.examiners)):
            if (examiner, change.new.day) in told:
                continue
            told.add((examiner, change.new.day))
            name = ctxs.examiner(examiner)
            values = [
                name,
                french_date(change.new.day),
                *_place(ctxs, change.old, None),
                *_place(ctxs, change.new, None),
                what,
            ]
            keyed.append(((name_key(name), examiner, change.new.day), values))
    if not keyed:
        _empty(ws, ctxs, title, NO_EXAMINER)
        return
    rows = [values for _, values in sorted(keyed, key=lambda kv: kv[0])]
    caps = {1: 35, len(EXAMINER_HEADERS): 30}
    _table(ws, ctxs, title, EXAMINER_NOTE, EXAMINER_HEADERS, rows, caps=caps)


# --- Centres -----------------------------------------------------------------------


def _commission_detail(ctxs: _Contexts, day: CommissionDay, *, town: bool = False) -> str:
    where = f"{ctxs.town(day.site)}, {day.room}" if town else day.room
    return f"{where}, {_hours(day)}"


def _oral_detail(oral: Oral) -> str:
    return f"{oral.room or ''}, convocation {clock(oral.convocation)}, oral {clock(oral.start)}"


def _elsewhere(ctxs: _Contexts, oral: Oral | None, missing: str) -> str:
    """The other side of a candidate arriving or leaving: date and town, or status."""
    if oral is None:
        return missing
    if not oral.is_placed or oral.day is None:
        return oral.status
    return f"{french_date(oral.day)}, {ctxs.town(oral.site)}"


def _centre_sheet(ws: Worksheet, ctxs: _Contexts, changes: PlanChanges) -> None:
    title = "Changements — centres d'examen"
    items: list[tuple[str, date, str, str, OralChange | None, str, str]] = []

    for commission, day in changes.commissions_added:
        after = ctxs.new_days[(commission, day)]
        items.append(
            (after.site, day, COMMISSION_ADDED, commission, None, "", _commission_detail(ctxs, after))
        )
    for commission, day in changes.commissions_removed:
        before = ctxs.old_days[(commission, day)]
        items.append(
            (before.site, day, COMMISSION_REMOVED, commission, None, _commission_detail(ctxs, before), "")
        )
    for change in changes.commission_days_changed:
        before, after = change.old, change.new
        if "site" in change.kinds:
            moved_to = _commission_detail(ctxs, after, town=True)
            moved_from = _commission_detail(ctxs, before, town=True)
            items.append(
                (before.site, before.day, COMMISSION_REMOVED, before.commission, None, moved_from, moved_to)
            )
            items.append(
                (after.site, after.day, COMMISSION_ADDED, after.commission, None, moved_from, moved_to)
            )
        else:
            what = COMMISSION_ROOM if "salle" in change.kinds else COMMISSION_HOURS
            items.append(
                (
                    after.site,
                    after.day,
                    what,
                    after.commission,
                    None,
                    _commission_detail(ctxs, before),
                    _commission_detail(ctxs, after),
                )
            )

    for c in changes.orals:
        old = c.old if c.old is not None and c.old.is_placed else None
        new = c.new if c.new is not None and c.new.is_placed else None
        old_at = (old.site, old.day) if old is not None else None
        new_at = (new.site, new.day) if new is not None else None
        if old is not None and new is not None and old_at == new_at:
            if "horaire" in c.kinds or "salle" in c.kinds:
                what = CANDIDATE_TIME if "horaire" in c.kinds else CANDIDATE_ROOM
                assert new.site is not None and new.day is not None
                items.append(
                    (new.site, new.day, what, new.commission or "", c, _oral_detail(old), _oral_detail(new))
                )
            continue
        if old is not None:
            assert old.site is not None and old.day is not None
            after_text = _elsewhere(ctxs, c.new, REMOVED)
            items.append(
                (old.site, old.day, CANDIDATE_OUT, old.commission or "", c, _oral_detail(old), after_text)
            )
        if new is not None:
            assert new.site is not None and new.day is not None
            before_text = _elsewhere(ctxs, c.old, NOT_REGISTERED)
            items.append(
                (new.site, new.day, CANDIDATE_IN, new.commission or "", c, before_text, _oral_detail(new))
            )

    if not items:
        _empty(ws, ctxs, title, NO_CENTRE)
        return

    def order(item: tuple[str, date, str, str, OralChange | None, str, str]) -> tuple[object, ...]:
        site, day, what, commission, c, _, _ = item
        person = _candidate_order(ctxs, c) if c is not None else ()
        return (
            ctxs.site_order.get(site, len(ctxs.site_order)),
            site,
            day,
            CENTRE_NATURES.index(what),
            commission,
            person,
        )

    rows: list[Sequence[object]] = []
    for item in sorted(items, key=order):
        site, day, what, commission, who, before_text, after_text = item
        found = ctxs.candidate(who.candidate) if who is not None else None
        rows.append(
            [
                ctxs.town(site),
                french_date(day),
                what,
                commission,
                who.candidate if who is not None else "",
                found.surname if found else "",
                found.given_name if found else "",
                _epreuve_cell(who) if who is not None else "",
                before_text,
                after_text,
            ]
        )
    _table(ws, ctxs, title, CENTRE_NOTE, CENTRE_HEADERS, rows, caps={})
