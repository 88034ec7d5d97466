"""``destinataires.csv``: who receives which file of a plan, as written."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from scheduler.export.context import PlanContext
from scheduler.export.documents import plan_documents
from scheduler.export.recipients import (
    COLUMNS,
    EXAMINER,
    FILE_NAME,
    SCHOOL,
    SITE_HEAD,
    document_owners,
    recipients_csv,
)
from scheduler.export.sites import file_names
from scheduler.export.workers import DocumentWorkers
from tests.export.test_letters import small  # noqa: F401  (the fixture)


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_each_recipient_gets_exactly_their_files(small: PlanContext) -> None:  # noqa: F811
    with DocumentWorkers(1) as alone:
        files = plan_documents(small, alone)
    rows = _rows(files[FILE_NAME])
    listed = {(r["role"], r["cle"]): set() for r in rows}
    for r in rows:
        listed[(r["role"], r["cle"])].add(r["fichier"])
    assert all(r["fichier"] in files for r in rows)

    sites = {o.site for o in small.plan.placed() if o.site}
    for site in sites:
        mine = listed[(SITE_HEAD, site)]
        assert file_names(small.session)[site] in mine
        assert any(p.startswith("figures/gantt-") for p in mine)
        assert any(p.startswith("lettres/site-") for p in mine)
    examiners = {i for o in small.plan.placed() for i in o.examiners}
    for i in examiners:
        assert {p.split("/")[0] for p in listed[(EXAMINER, i)]} == {"lettres", "agendas", "listes"}
    schools = {small.by_number[o.candidate].etablissement for o in small.plan.placed()}
    assert {k for role, k in listed if role == SCHOOL} == schools
    for school in schools:
        assert {p.split("/")[0] for p in listed[(SCHOOL, school)]} == {"lettres", "listes"}
    # Nobody else's file: each file has one recipient, the office's own files none.
    owned = [p for r in rows for p in [r["fichier"]]]
    assert len(owned) == len(set(owned))
    for office in ("convocations.xlsx", "commissions.xlsx", "planning.csv", "lettres/convocations-toutes.pdf"):
        assert office not in owned
    # A name a spreadsheet would run stays text.
    assert all(not r["destinataire"].startswith("=") for r in rows)
    # No input gives an address here: the column is there, empty.
    assert {r["courriel"] for r in rows} == {""}


def test_each_recipient_has_the_address_their_input_gives(small: PlanContext) -> None:  # noqa: F811
    """Site head: ``courriel`` of the site in session.toml; examiner: of the
    examiner list; établissement: of etablissements.csv, whatever the
    candidates' spelling of its name; empty when the input has none."""
    session = small.session
    sites = {**session.sites, "tarbes": replace(session.sites["tarbes"], email="chef.tarbes@example.org")}
    given = {"Lycée Saliège": "secretariat@saliege.example.org", "EAD 31": "ead31@example.org"}
    schools = tuple(replace(e, email=given.get(e.name, "")) for e in session.etablissements)
    examiners = [
        replace(e, email="marie.durand@example.org") if e.id == "EX01" else e for e in small.examiners
    ]
    ctx = PlanContext(
        small.plan, replace(session, sites=sites, etablissements=schools), small.candidates, examiners
    )
    owners = document_owners(ctx)
    rows = _rows(recipients_csv(ctx, owners, owners.keys()))
    emails: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        emails.setdefault((r["role"], r["cle"]), set()).add(r["courriel"])
    assert emails[(SITE_HEAD, "tarbes")] == {"chef.tarbes@example.org"}
    assert emails[(EXAMINER, "EX01")] == {"marie.durand@example.org"}
    assert emails[(SCHOOL, "Lycée Saliège")] == {"secretariat@saliege.example.org"}
    # « EAD-31 » is « EAD 31 » spelt otherwise: the same établissement's address.
    assert emails[(SCHOOL, "EAD 31")] == emails[(SCHOOL, "EAD-31")] == {"ead31@example.org"}
    assert {who for who, found in emails.items() if found != {""}} == {
        (SITE_HEAD, "tarbes"),
        (EXAMINER, "EX01"),
        (SCHOOL, "Lycée Saliège"),
        (SCHOOL, "EAD 31"),
        (SCHOOL, "EAD-31"),
    }
