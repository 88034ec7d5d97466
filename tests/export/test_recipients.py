"""``destinataires.csv``: who receives which file of a plan, as written."""

from __future__ import annotations

import csv
import io

from scheduler.export.context import PlanContext
from scheduler.export.documents import plan_documents
from scheduler.export.recipients import COLUMNS, EXAMINER, FILE_NAME, SCHOOL, SITE_HEAD
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
