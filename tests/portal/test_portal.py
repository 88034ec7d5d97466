"""The portal through its pages (Flask's test client), on SQLite and on
PostgreSQL: each recipient gets exactly their documents, the chef de bureau
follows and revokes, and every trick gets a refusal and no document."""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, update
from werkzeug.http import parse_options_header

from scheduler.errors import InputError
from scheduler.io.examiners import default_examiner_files, load_examiners
from scheduler.io.plan_files import office_csv, read_office_csv
from scheduler.io.session_file import load_session
from scheduler.portal import store
from scheduler.portal.access import MAX_FAILURES
from scheduler.portal.publishing import LINKS_FILE, Publication, publish
from scheduler.portal.server import define_password
from scheduler.portal.web import SECURITY_HEADERS, create_app
from tests.portal.sessions import CODE, Office

# They plan and re-plan a session through the command line: not in « make test-rapide ».
pytestmark = pytest.mark.slow

ADDRESS = "https://oraux.exemple.fr"
PASSWORD = "cheval agrafe batterie"


@pytest.fixture
def engine(database_url: str) -> Engine:
    return store.open_store(database_url)


def _publish(office: Office, engine: Engine, version: int) -> Path:
    done = publish(
        office.session,
        engine,
        plan=f"plan-v{version}",
        models_dir=office.models,
        output_root=office.outputs,
        base_url=ADDRESS,
    )
    assert done.version == version
    return done.links


def _links(path: Path) -> dict[tuple[str, str], str]:
    """(role, recipient) → the path of their link on the portal."""
    return {
        (r["role"], r["destinataire"]): r["lien"].removeprefix(ADDRESS)
        for r in read_office_csv(path.read_bytes())
    }


def _app(office: Office, engine: Engine) -> Flask:
    app = create_app(
        engine,
        session_dir=office.session,
        models_dir=office.models,
        output_root=office.outputs,
        base_url=ADDRESS,
    )
    app.testing = True
    return app


def _csrf(client: FlaskClient, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _login(client: FlaskClient, password: str = PASSWORD) -> int:
    token = _csrf(client, "/bureau/connexion")
    return client.post("/bureau/connexion", data={"mot_de_passe": password, "csrf_token": token}).status_code


def _downloads(html: str) -> list[str]:
    return re.findall(r'href="(/telecharger/[^"]+)"', html)


def _recipient(office: Office, role: str) -> tuple[str, set[str]]:
    """The first recipient of ``role`` in plan-v1 and their files."""
    rows = office.recipients(1)
    name = next(r["destinataire"] for r in rows if r["role"] == role)
    return name, {r["fichier"] for r in rows if r["destinataire"] == name and r["role"] == role}


def test_each_recipient_gets_exactly_their_files(office: Office, engine: Engine) -> None:
    links = _links(_publish(office, engine, 1))
    rows = office.recipients(1)
    # One link per recipient of destinataires.csv, and the chef de bureau's.
    assert set(links) == {(r["role"], r["destinataire"]) for r in rows} | {
        ("chef_de_bureau", "Chef de bureau (bureau des examens)")
    }
    app = _app(office, engine)
    for role in ("chef_de_centre", "examinateur", "etablissement"):
        name, files = _recipient(office, role)
        client = app.test_client()
        assert client.get(links[(role, name)]).status_code == 302
        page = client.get("/mes-documents")
        assert page.status_code == 200
        offered = {
            p.removeprefix(f"/telecharger/{CODE}/v1/") for p in _downloads(page.get_data(as_text=True))
        }
        assert offered == files
        one = sorted(files)[0]
        got = client.get(f"/telecharger/{CODE}/v1/{one}")
        assert got.status_code == 200
        assert got.data == (office.folder(1) / one).read_bytes()
        assert got.headers["Cache-Control"] == "no-store"
        assert parse_options_header(got.headers["Content-Disposition"]) == (
            "attachment",
            {"filename": one.split("/")[-1]},
        )
    # Publishing the same version again stores nothing twice and keeps the links working.
    again = publish(
        office.session, engine, plan="plan-v1", models_dir=office.models, output_root=office.outputs
    )
    assert not again.new
    with store.transaction(engine) as db:
        assert len(store.version_documents(db, store.session_versions(db, CODE)[0].id)) == again.documents


def test_a_site_head_sees_what_changed_after_a_rerun(office: Office, engine: Engine) -> None:
    links = _links(_publish(office, engine, 1))
    app = _app(office, engine)
    # The site of the withdrawn E4 candidate: Castres.
    name = next(r["destinataire"] for r in office.recipients(1) if r["cle"] == "castres")
    client = app.test_client()
    client.get(links[("chef_de_centre", name)])
    first = client.get("/mes-documents").get_data(as_text=True)
    assert "Ce qui a changé" not in first
    # A new version, a day later: the links mailed for the first stay the same.
    real = time.time
    with pytest.MonkeyPatch.context() as later:
        later.setattr(time, "time", lambda: real() + 86400)
        assert _links(_publish(office, engine, 2)) == links
    second = client.get("/mes-documents").get_data(as_text=True)
    assert "Ce qui a changé depuis votre dernière visite" in second
    assert re.search(r"version 2</span> : \d+ (oral retiré|oraux retirés) de votre centre", second), second
    assert "Version 2 (en vigueur)" in second
    assert all(p.startswith(f"/telecharger/{CODE}/v2/") for p in _downloads(second))
    # The earlier version stays readable, marked as replaced.
    old = client.get("/mes-documents/v1").get_data(as_text=True)
    assert "Cette version a été remplacée" in old
    # Seen once: the notice is not shown again.
    assert "Ce qui a changé" not in client.get("/mes-documents").get_data(as_text=True)


def test_the_chef_de_bureau_follows_revokes_and_renews(office: Office, engine: Engine) -> None:
    links = _links(_publish(office, engine, 1))
    define_password(engine, PASSWORD)
    app = _app(office, engine)
    name, files = _recipient(office, "chef_de_centre")
    head = app.test_client()
    head.get(links[("chef_de_centre", name)])
    assert head.get(f"/telecharger/{CODE}/v1/{sorted(files)[0]}").status_code == 200

    chef = app.test_client()
    assert chef.get("/bureau").status_code == 302  # to the login page
    assert _login(chef) == 302
    page = chef.get("/bureau").get_data(as_text=True)
    row = re.search(rf"<td>{re.escape(name)}</td>.*?</tr>", page, re.S)
    assert row and "oui, le" in row.group(0)
    total = len(office.recipients(1) and {(r["role"], r["cle"]) for r in office.recipients(1)})
    assert f"1 destinataire sur {total} a téléchargé la version 1" in page
    assert page.count("pas encore") == total - 1

    # Revoked: the link and the open page both stop, with a French refusal.
    action = re.search(
        rf'action="(/bureau/acces/\d+/revoquer)"[^<]*<input[^>]*>\s*<button[^>]*{re.escape(name)}', page
    )
    assert action
    token = _csrf(chef, "/bureau")
    assert chef.post(action.group(1), data={"csrf_token": token}).status_code == 302
    refused = head.get("/mes-documents")
    assert refused.status_code == 403
    assert head.get(f"/telecharger/{CODE}/v1/{sorted(files)[0]}").status_code == 403
    again = app.test_client().get(links[("chef_de_centre", name)])
    assert again.status_code == 403
    assert "révoqué" in again.get_data(as_text=True)

    # Renewed: a new link works, the old one does not.
    renew = action.group(1).replace("revoquer", "renouveler")
    shown = chef.post(renew, data={"csrf_token": _csrf(chef, "/bureau")}).get_data(as_text=True)
    new_link = re.search(rf"{re.escape(ADDRESS)}(/acces/[^<\s]+)", shown)
    assert new_link
    fresh = app.test_client()
    assert fresh.get(new_link.group(1)).status_code == 302
    assert fresh.get("/mes-documents").status_code == 200
    assert app.test_client().get(links[("chef_de_centre", name)]).status_code == 403


def test_tricks_get_a_refusal_and_no_document(
    office: Office, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    links = _links(_publish(office, engine, 1))
    app = _app(office, engine)
    head_name, mine = _recipient(office, "chef_de_centre")
    others = {r["fichier"] for r in office.recipients(1) if r["destinataire"] != head_name}
    client = app.test_client()
    client.get(links[("chef_de_centre", head_name)])
    secret_bytes = (office.folder(1) / "planning.csv").read_bytes()

    def refused(url: str) -> None:
        # (A double slash is first redirected to the single-slash URL.)
        response = client.get(url, follow_redirects=True)
        assert response.status_code in (400, 403, 404), url
        assert secret_bytes not in response.data and b"PK\x03\x04" not in response.data

    # Another recipient's file, the office's own files, by changing the URL.
    for path in sorted(others)[:5] + ["planning.csv", "convocations.xlsx", "lettres/convocations-toutes.pdf"]:
        refused(f"/telecharger/{CODE}/v1/{path}")
    # Path tricks, plain and encoded.
    for trick in ("../v1/planning.csv", "..%2Fplanning.csv", "%2e%2e/planning.csv", "lettres/../planning.csv",
                  "/etc/passwd", "..%252Fplanning.csv", "salles-castres.xlsx%00.pdf"):  # fmt: skip
        refused(f"/telecharger/{CODE}/v1/{trick}")
    refused(f"/telecharger/autre-session/v1/{sorted(mine)[0]}")

    # Tampered and expired tokens.
    link = links[("chef_de_centre", head_name)]
    for bad in (
        # Not the last character: its two low bits are padding in base64, and
        # a few changes of it decode to the same signature.
        link[:-2] + ("A" if link[-2] != "A" else "B") + link[-1],
        link.replace(".", "x", 1),
        "/acces/abc",
        "/acces/",
    ):
        response = app.test_client().get(bad)
        assert response.status_code in (403, 404), bad
    tampered = app.test_client().get(link[:-6] + ("xx" if link[-6:-4] != "xx" else "yy") + link[-4:])
    assert "Accès refusé : ce lien n'est pas valide" in html.unescape(tampered.get_data(as_text=True))
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 400 * 86400)
    expired = app.test_client().get(link)
    monkeypatch.setattr(time, "time", real)
    assert expired.status_code == 403 and "ce lien a expiré" in html.unescape(expired.get_data(as_text=True))
    with store.transaction(engine) as db:
        db.execute(update(store.accesses).values(expires_at=store.now()))
    assert app.test_client().get(link).status_code == 403

    # Headers: nothing cached, no sniffing, a content security policy.
    page = app.test_client().get("/")
    for name, value in SECURITY_HEADERS.items():
        assert page.headers[name] == value
    assert page.headers["Cache-Control"] == "no-store"


def test_password_guessing_is_locked_and_forms_need_their_token(office: Office, engine: Engine) -> None:
    _publish(office, engine, 1)
    define_password(engine, PASSWORD)
    app = _app(office, engine)
    client = app.test_client()
    # A form posted without its CSRF token is refused, even with the right password.
    response = client.post("/bureau/connexion", data={"mot_de_passe": PASSWORD})
    assert response.status_code == 400
    assert "Accès refusé" in response.get_data(as_text=True)
    assert client.get("/bureau").status_code == 302
    for _ in range(MAX_FAILURES):
        assert _login(client, "pas le bon") == 401
    # Locked: the right password too, for everybody, for a while.
    assert _login(app.test_client()) == 429
    assert "Trop de tentatives" in app.test_client().get("/bureau/connexion").get_data(as_text=True)
    with store.transaction(engine) as db:
        db.execute(update(store.failures).values(at=store.now().replace(year=2000)))
    assert _login(app.test_client()) == 302
    # A logged-in office's actions need the token too.
    chef = app.test_client()
    assert _login(chef) == 302
    assert chef.post("/bureau/acces/1/revoquer").status_code == 400


def test_liens_csv_is_written_for_mail_merge(office: Office, engine: Engine) -> None:
    path = _publish(office, engine, 1)
    assert path == office.outputs / LINKS_FILE
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdestinataire;role;courriel;lien\r\n")
    roles = {r["role"] for r in read_office_csv(data)}
    assert roles == {"chef_de_centre", "examinateur", "etablissement", "chef_de_bureau"}


def _emails(rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """(role, recipient) → their address, from destinataires.csv or liens.csv."""
    return {(r["role"], r["destinataire"]): r["courriel"] for r in rows}


def test_liens_csv_carries_each_recipient_s_address(office: Office, engine: Engine) -> None:
    """The address of the inputs (site in session.toml, examiner list,
    etablissements.csv) goes through destinataires.csv to liens.csv."""
    session = load_session(office.session)
    examiners = {e.id: e for e in load_examiners(default_examiner_files(office.session), session)}
    schools = {e.name: e.email for e in session.etablissements}
    rows = office.recipients(1)
    for r in rows:
        expected = {
            "chef_de_centre": lambda key: session.sites[key].email,
            "examinateur": lambda key: examiners[key].email,
            "etablissement": lambda key: schools.get(key, ""),
        }[r["role"]](r["cle"])
        assert r["courriel"] == expected, r
    listed = _emails(rows)
    # Addresses and gaps of every role, as the fixture's inputs give them.
    for role in ("chef_de_centre", "examinateur", "etablissement"):
        found = {email for (r, _), email in listed.items() if r == role}
        assert "" in found and len(found) > 1, (role, found)
    assert listed[("chef_de_centre", "Lycée de la Borde Basse (Castres)")] == "chef.castres@example.org"

    links = _emails(read_office_csv(_publish(office, engine, 1).read_bytes()))
    assert links == {**listed, ("chef_de_bureau", "Chef de bureau (bureau des examens)"): ""}


def _rewrite_recipients(
    office: Office, version: int, change: Callable[[dict[str, str]], dict[str, str]]
) -> None:
    path = office.folder(version) / "destinataires.csv"
    rows = [change(dict(r)) for r in read_office_csv(path.read_bytes())]
    path.write_bytes(office_csv(list(rows[0]), rows))


def test_a_newer_version_s_address_replaces_the_known_one(office: Office, engine: Engine) -> None:
    """An address changed in a newer version is the one liens.csv gives from
    then on; an empty one keeps the known address; publishing an older
    version again changes none."""
    before = _emails(office.recipients(1))
    both = _emails(office.recipients(2)).keys() & before.keys()
    changed, emptied = [w for w in sorted(both) if w[0] == "examinateur" and before[w]][:2]

    def edit(row: dict[str, str]) -> dict[str, str]:
        who = (row["role"], row["destinataire"])
        if who == changed:
            row["courriel"] = "nouvelle.adresse@example.org"
        elif who == emptied:
            row["courriel"] = ""
        return row

    _rewrite_recipients(office, 2, edit)
    assert _emails(read_office_csv(_publish(office, engine, 1).read_bytes())) == {
        **before,
        ("chef_de_bureau", "Chef de bureau (bureau des examens)"): "",
    }
    now = _emails(read_office_csv(_publish(office, engine, 2).read_bytes()))
    assert now[changed] == "nouvelle.adresse@example.org"
    assert now[emptied] == before[emptied] != ""
    assert {who: now[who] for who in before if who != changed} == {
        who: email for who, email in before.items() if who != changed
    }
    # Version 1 published again: the newest version keeps the last word.
    again = publish(
        office.session, engine, plan="plan-v1", models_dir=office.models, output_root=office.outputs
    )
    assert not again.new
    assert _emails(read_office_csv(again.links.read_bytes()))[changed] == "nouvelle.adresse@example.org"


def test_an_older_plan_folder_without_addresses_is_published(office: Office, engine: Engine) -> None:
    """A destinataires.csv written before its ``courriel`` column: published,
    with empty addresses."""
    _rewrite_recipients(office, 1, lambda row: {k: v for k, v in row.items() if k != "courriel"})
    assert "courriel" not in office.recipients(1)[0]
    rows = read_office_csv(_publish(office, engine, 1).read_bytes())
    assert len(rows) > 1 and {r["courriel"] for r in rows} == {""}


class _Page(HTMLParser):
    """What an accessibility check reads of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = 0
        self.labels: set[str] = set()
        self.fields: list[dict[str, str]] = []
        self.tables = 0
        self.headers: list[dict[str, str]] = []
        self.scripts = 0
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and "for" in a:
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append(a)
        elif tag == "table":
            self.tables += 1
        elif tag == "th":
            self.headers.append(a)
        elif tag == "script":
            self.scripts += 1
        for name in ("src", "href", "action"):
            if a.get(name, "").startswith(("http:", "https:", "//")):
                self.outside.append(a[name])


def _check_page(html_text: str, where: str) -> None:
    page = _Page()
    page.feed(html_text)
    assert page.lang == "fr", where
    assert page.h1 == 1, where
    for field in page.fields:
        assert field.get("id") in page.labels or field.get("aria-label"), (where, field)
    assert all(h.get("scope") in ("col", "row") for h in page.headers), where
    assert page.scripts == 0 and not page.outside, where


def test_every_page_is_french_labelled_and_needs_nothing_from_outside(office: Office, engine: Engine) -> None:
    """Each page: ``lang="fr"``, one title, a label for every field, table
    headers with their scope, no script and nothing loaded from elsewhere
    (downloading works without JavaScript, and without any CDN)."""
    links = _links(_publish(office, engine, 1))
    _publish(office, engine, 2)
    define_password(engine, PASSWORD)
    app = _app(office, engine)
    name, _ = _recipient(office, "chef_de_centre")
    head = app.test_client()
    head.get(links[("chef_de_centre", name)])
    pages = {
        "accueil": app.test_client().get("/"),
        "refus": app.test_client().get("/acces/abc"),
        "introuvable": app.test_client().get("/pas-de-page"),
        "destinataire": head.get("/mes-documents"),
        "ancienne version": head.get("/mes-documents/v1"),
    }
    chef = app.test_client()
    pages["connexion"] = chef.get("/bureau/connexion")
    assert _login(chef) == 302
    pages["bureau"] = chef.get("/bureau")
    pages["version"] = chef.get(f"/bureau/{CODE}/v1")
    action = re.search(r'action="(/bureau/acces/\d+/renouveler)"', pages["bureau"].get_data(as_text=True))
    assert action
    pages["nouveau lien"] = chef.post(action.group(1), data={"csrf_token": _csrf(chef, "/bureau")})
    for where, response in pages.items():
        assert response.mimetype == "text/html", where
        _check_page(response.get_data(as_text=True), where)


def test_publications_at_once_store_one_version_and_write_the_same_links(
    office: Office, engine: Engine, database_url: str
) -> None:
    """Several offices' ``oraux publier`` at the same moment, each with its
    own database connections: one stores the version, the others find it,
    and every one writes the same ``liens.csv``."""
    engines = [store.open_store(database_url) for _ in range(4)]
    start = threading.Barrier(len(engines))
    done: list[Publication] = []

    def one(mine: Engine) -> None:
        start.wait()
        done.append(
            publish(office.session, mine, plan="plan-v1", models_dir=office.models, output_root=office.outputs)
        )

    threads = [threading.Thread(target=one, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(done) == len(engines)
    assert sorted(p.new for p in done) == [False] * (len(engines) - 1) + [True]
    assert len({p.links.read_bytes() for p in done}) == 1
    with store.transaction(engine) as db:
        assert [v.number for v in store.session_versions(db, CODE)] == [1]
    for e in engines:
        e.dispose()


def test_an_address_spoilt_by_hand_in_destinataires_csv_is_refused(office: Office, engine: Engine) -> None:
    """destinataires.csv edited by hand since it was written: a wrong address
    is an input error located in it, and nothing is published."""

    def spoil(row: dict[str, str]) -> dict[str, str]:
        if row["courriel"]:
            row["courriel"] = row["courriel"].replace("@", " chez ")
        return row

    _rewrite_recipients(office, 1, spoil)
    with pytest.raises(InputError) as err:
        _publish(office, engine, 1)
    first = err.value.problems[0]
    assert (Path(first.file).name, first.column) == ("destinataires.csv", "courriel")
    assert first.line is not None and first.line >= 2 and " chez " in (first.value or "")
    assert "adresse électronique invalide" in first.message
    assert not (office.outputs / LINKS_FILE).exists()
    with store.transaction(engine) as db:
        assert store.session_versions(db, CODE) == []
