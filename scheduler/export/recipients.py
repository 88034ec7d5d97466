"""Who receives which document of a plan: ``destinataires.csv``.

Each plan folder lists, one line per recipient and file, the documents
meant for each person outside the office — the head of each exam centre
(its room workbook, its days' pictures, its reception list of letters),
each examiner (their letter and calendar), each établissement (its
candidates' letters), with their e-mail address when the inputs give one
(``courriel`` of the site in ``session.toml``, of the examiner list, of
``etablissements.csv``).  The office mail-merges from it, and the download
portal (:mod:`scheduler.portal`) gives each recipient exactly these files.
The exporters say which files they write for whom (``*_owners``), so the
list is what was written, never a guess from file names.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from scheduler.export.context import PlanContext
from scheduler.io.plan_files import office_csv
from scheduler.text import loose_key

#: The recipients' roles, as ``destinataires.csv`` and the portal's links name them.
SITE_HEAD = "chef_de_centre"
EXAMINER = "examinateur"
SCHOOL = "etablissement"
#: The chef de bureau receives every file of the plan: never listed.
OFFICE = "chef_de_bureau"
ROLES = (SITE_HEAD, EXAMINER, SCHOOL)

FILE_NAME = "destinataires.csv"
COLUMNS = ("role", "cle", "destinataire", "courriel", "fichier")

#: A file's recipient: its role and its key (site key, examiner id,
#: établissement name).
Owner = tuple[str, str]


@dataclass(frozen=True, order=True)
class Recipient:
    """One person outside the office, as ``destinataires.csv`` names them."""

    role: str
    key: str
    name: str
    #: Their e-mail address, "" when the inputs give none.
    email: str = ""


def document_owners(ctx: PlanContext, previous: PlanContext | None = None) -> dict[str, Owner]:
    """The recipient of each file the exporters write for someone outside
    the office (``previous``: the published plan a re-run replaces, whose
    examiners get their cancelled days).  A job of the document processes:
    it asks the letters and calendars, which the caller need not import."""
    # Imported here: the document processes preload these heavy modules, the
    # parent process (which only writes the csv) never needs them.
    from scheduler.export.calendars import calendar_owners
    from scheduler.export.convocations import school_list_owners
    from scheduler.export.examiners import examiner_list_owners
    from scheduler.export.figures import site_day_figures
    from scheduler.export.letters import letter_owners
    from scheduler.export.sites import file_names

    out: dict[str, Owner] = {}
    rooms = file_names(ctx.session)
    for (site, _), paths in site_day_figures(ctx).items():
        out[rooms[site]] = (SITE_HEAD, site)
        out.update(dict.fromkeys(paths, (SITE_HEAD, site)))
    out.update(letter_owners(ctx))
    out.update(school_list_owners(ctx))
    out.update(examiner_list_owners(ctx))
    out.update({f"agendas/{name}": (EXAMINER, i) for name, i in calendar_owners(ctx, previous).items()})
    return out


def recipients(ctx: PlanContext, owners: Mapping[str, Owner]) -> dict[Recipient, list[str]]:
    """Each recipient's files (``owners``: file → its recipient), in the
    order of :data:`ROLES`, then by name."""
    emails = _Emails(ctx)
    out: dict[Recipient, list[str]] = {}
    for path, (role, key) in owners.items():
        out.setdefault(Recipient(role, key, _name(ctx, role, key), emails.of(role, key)), []).append(path)
    rank = {role: n for n, role in enumerate(ROLES)}
    ordered = sorted(out, key=lambda r: (rank.get(r.role, len(rank)), r.name.casefold(), r.key))
    return {r: sorted(out[r]) for r in ordered}


def _name(ctx: PlanContext, role: str, key: str) -> str:
    if role == SITE_HEAD:
        site = ctx.session.sites.get(key)
        return f"{site.etablissement} ({site.town})" if site else key
    if role == EXAMINER:
        e = ctx.examiner_by_id.get(key)
        return f"{e.surname} {e.given_name}".strip() if e else key
    return key


class _Emails:
    """The recipients' e-mail addresses, as the session's inputs give them."""

    def __init__(self, ctx: PlanContext) -> None:
        self.ctx = ctx
        # Candidates' établissements take the spelling of etablissements.csv
        # when it lists them; the loose key finds the others all the same.
        self.schools: dict[str, str] = {}
        for school in ctx.session.etablissements:
            if school.email:
                self.schools.setdefault(school.name, school.email)
                self.schools.setdefault(loose_key(school.name), school.email)

    def of(self, role: str, key: str) -> str:
        if role == SITE_HEAD:
            site = self.ctx.session.sites.get(key)
            return site.email if site else ""
        if role == EXAMINER:
            examiner = self.ctx.examiner_by_id.get(key)
            return examiner.email if examiner else ""
        if role == SCHOOL:
            return self.schools.get(key) or self.schools.get(loose_key(key), "")
        return ""


def recipients_csv(ctx: PlanContext, owners: Mapping[str, Owner], written: Collection[str]) -> bytes:
    """``destinataires.csv``: one line per recipient and file among ``written``."""
    rows = [
        {"role": r.role, "cle": r.key, "destinataire": r.name, "courriel": r.email, "fichier": path}
        for r, paths in recipients(ctx, {p: o for p, o in owners.items() if p in written}).items()
        for path in paths
    ]
    return office_csv(COLUMNS, rows)
