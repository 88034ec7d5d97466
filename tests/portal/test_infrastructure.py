"""The portal tests' own tools work: a fresh database on SQLite and on a
throwaway PostgreSQL, and a headless Chromium that downloads a file."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, create_engine, inspect, select
from sqlalchemy.engine import make_url

from tests.portal.conftest import wait_for_download

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

TITLE = "Portail d'essai — téléchargements"
FILE_NAME = "releve-notes.csv"
CONTENT = "\ufeffnuméro;nom;épreuve\r\n4021;Müller;E4\r\n".encode() + os.urandom(4096)


def test_database_url_is_a_fresh_database_that_stores_large_files(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert engine.dialect.name in {"sqlite", "postgresql"}
        if engine.dialect.name == "postgresql":
            assert make_url(database_url).drivername == "postgresql+psycopg"
        assert inspect(engine).get_table_names() == []
        metadata = MetaData()
        files = Table(
            "fichiers",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("nom", String(200), nullable=False),
            Column("contenu", LargeBinary, nullable=False),
        )
        metadata.create_all(engine)
        blob = os.urandom(1024 * 1024)
        with engine.begin() as connection:
            connection.execute(files.insert().values(nom="convocations-é.pdf", contenu=blob))
        with engine.connect() as connection:
            row = connection.execute(select(files.c.id, files.c.nom, files.c.contenu)).one()
        assert row.nom == "convocations-é.pdf"
        assert bytes(row.contenu) == blob
    finally:
        engine.dispose()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder; the CSV file as an attachment, as the portal does."""

    def end_headers(self) -> None:
        if self.path.endswith(".csv"):
            self.send_header("Content-Disposition", f'attachment; filename="{FILE_NAME}"')
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A tiny site on 127.0.0.1: a page and the file its link downloads."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(
        '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title></head>\n"
        f'<body><h1>Vos documents</h1><a id="lien" href="/{FILE_NAME}">Télécharger le relevé</a></body></html>\n',
        encoding="utf-8",
    )
    (folder / FILE_NAME).write_bytes(CONTENT)
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_browser_opens_a_page_and_downloads_its_link(
    browser: WebDriver, download_dir: Path, site: str
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site)
    assert browser.title == TITLE
    assert browser.execute_script("return navigator.language") == "fr-FR"
    assert browser.get_window_size() == {"width": 1280, "height": 900}
    browser.find_element(By.ID, "lien").click()
    path = wait_for_download(download_dir, ".csv")
    assert path.name == FILE_NAME
    assert path.read_bytes() == CONTENT
