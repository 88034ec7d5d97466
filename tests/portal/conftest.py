"""Fixtures of the portal's tests: a fresh database (SQLite, or PostgreSQL on a
throwaway server) per test, and a headless Chromium that downloads files.

``make test`` installs Debian's Chromium, chromedriver and PostgreSQL where they
are missing (``make outils-portail``).  Elsewhere the tests needing them are
skipped and say why, unless ``CI`` or ``ORAUX_EXIGER_OUTILS`` is set: then a
missing tool is a failure, so that a CI never goes green by skipping.

The PostgreSQL server is never the system's one: each test session runs its
own cluster in a temporary folder, reachable only through a Unix socket there.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

# The published session of the portal's tests, planned once for all their modules.
from tests.portal.sessions import office, two_versions  # noqa: F401

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

#: Debian's Chromium (its launcher script) and its chromedriver (package chromium-driver).
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Where Debian's postgresql-NN packages put their server binaries.
POSTGRES_BINARIES = Path("/usr/lib/postgresql")

MISSING_POSTGRES = "PostgreSQL absent : `make test` l'installe (Debian, root)"
MISSING_CHROMIUM = "Chromium ou chromedriver absent : `make test` les installe (Debian, root)"

#: The system user running the throwaway cluster when the tests run as root
#: (PostgreSQL refuses to run as root).
POSTGRES_USER = "postgres"


def _tools_required() -> bool:
    """A CI, or a developer who asks for it, wants a failure rather than a skip."""
    return any(os.environ.get(name) for name in ("CI", "ORAUX_EXIGER_OUTILS"))


def _missing(reason: str) -> NoReturn:
    if _tools_required():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# --- PostgreSQL ------------------------------------------------------------


@dataclass(frozen=True)
class PostgresServer:
    """A running throwaway cluster: superuser ``postgres``, trust authentication,
    listening only on the Unix socket ``<socket_dir>/.s.PGSQL.<port>``."""

    socket_dir: Path
    port: int
    version: str
    user: str = POSTGRES_USER

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg 3) of ``database`` on this server."""
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"


def _postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = [
        d / "bin"
        for d in POSTGRES_BINARIES.glob("*")
        if (d / "bin" / "initdb").is_file() and (d / "bin" / "pg_ctl").is_file()
    ]
    if not found:
        return None

    def version(bin_dir: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", bin_dir.parent.name)) or (0,)

    return max(found, key=version)


def _free_port() -> int:
    """A port number no local TCP server uses: the socket file's name, and a
    server started by mistake on TCP would not collide either."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", POSTGRES_USER, "--", *command]
    return command


def _run(command: list[str], cwd: Path, timeout: float = 60) -> None:
    # cwd: a folder the postgres user may enter (not the root-only repository).
    done = subprocess.run(
        _as_postgres_user(command), cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def _socket_parent() -> str:
    """A short folder for the socket: its path must stay under ~100 bytes."""
    base = tempfile.gettempdir()
    return base if len(base) <= 40 else "/tmp"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster of Debian's binaries, created for this test session
    in a temporary folder, stopped and deleted at the end."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        _missing(MISSING_POSTGRES)
    root = Path(tempfile.mkdtemp(prefix="oraux-pg-", dir=_socket_parent()))
    data = root / "data"
    log = root / "postgres.log"
    started = False
    try:
        if os.geteuid() == 0:
            shutil.chown(root, POSTGRES_USER, POSTGRES_USER)
        _run(
            [
                str(bin_dir / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                POSTGRES_USER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            cwd=root,
        )
        port = _free_port()
        # Appended to postgresql.conf: the last setting of a name wins.  No TCP
        # at all; durability traded for speed (the cluster is thrown away).
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{root}'",
            "port": str(port),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# Throwaway test cluster (tests/portal/conftest.py)\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        try:
            started = True  # from here on, a half-started server is stopped too
            _run(
                [
                    str(bin_dir / "pg_ctl"),
                    "--pgdata",
                    str(data),
                    "--log",
                    str(log),
                    "--wait",
                    "--timeout",
                    "60",
                    "start",
                ],
                cwd=root,
                timeout=90,
            )
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            output = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"{error}\n--- postgres.log ---\n{output}") from error
        yield PostgresServer(socket_dir=root, port=port, version=bin_dir.parent.name)
    finally:
        if started:
            subprocess.run(
                _as_postgres_user(
                    [str(bin_dir / "pg_ctl"), "--pgdata", str(data), "--mode", "immediate", "stop"]
                ),
                cwd=root,
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The SQLAlchemy URL of a fresh, empty database for one test, on SQLite then
    on PostgreSQL.  The PostgreSQL server starts only when a test needs it
    (``-k sqlite`` never starts it)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'portail.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"portail_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.url(name)
        # FORCE: the test's engines may still hold pooled connections to it.
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# --- Chromium ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Debian's Chromium, headless, driven by its chromedriver (Selenium Manager
    is never asked: no network).  Downloads land, without a question, in the
    folder ``browser.download_dir`` (see also the ``download_dir`` fixture)."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        _missing(MISSING_CHROMIUM)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # The session's folder: downloads, Chromium's profile, chromedriver's log.
    folder = tmp_path_factory.mktemp("navigateur")
    downloads = folder / "telechargements"
    downloads.mkdir()
    profile = folder / "profil"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        f"--user-data-dir={profile}",
        "--headless=new",
        "--no-sandbox",  # root, and containers without user namespaces
        "--disable-dev-shm-usage",
        "--lang=fr-FR",
        "--window-size=1280,900",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-search-engine-choice-screen",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
            "intl.accept_languages": "fr-FR,fr",
            # A PDF link downloads the file rather than opening the viewer.
            "plugins.always_open_pdf_externally": True,
        },
    )
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(folder / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        # The preferences suffice in the new headless mode; the DevTools command
        # makes sure of it whatever the build.
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": False},
        )
        driver.download_dir = downloads  # type: ignore[attr-defined]
        yield driver
    finally:
        singleton = _singleton_folder(profile)
        driver.quit()
        # Chromium, stopped by chromedriver, leaves its singleton socket's folder
        # (/tmp/org.chromium.Chromium.XXXXXX) behind: one per test session.
        if singleton is not None:
            shutil.rmtree(singleton, ignore_errors=True)


def _singleton_folder(profile: Path) -> Path | None:
    """The temporary folder of the profile's ``SingletonSocket``, if any."""
    try:
        target = Path(os.readlink(profile / "SingletonSocket"))
    except OSError:
        return None
    folder = target.parent
    return folder if folder.name.startswith("org.chromium.Chromium.") else None


@pytest.fixture
def download_dir(browser: WebDriver) -> Path:
    """The browser's download folder, emptied for this test."""
    folder: Path = browser.download_dir  # type: ignore[attr-defined]
    for entry in folder.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return folder


def wait_for_download(directory: Path, name_suffix: str, timeout: float = 20) -> Path:
    """The file of ``directory`` whose name ends with ``name_suffix`` once it is
    complete: Chromium writes ``*.crdownload`` and renames it at the end."""
    deadline = time.monotonic() + timeout
    while True:
        entries = list(Path(directory).iterdir())
        pending = [e for e in entries if e.name.endswith(".crdownload")]
        done = [e for e in entries if e.name.endswith(name_suffix) and e.is_file()]
        if done and not pending:
            return max(done, key=lambda e: e.stat().st_mtime_ns)
        if time.monotonic() > deadline:
            names = sorted(e.name for e in entries)
            raise AssertionError(
                f"no complete download *{name_suffix} in {directory} after {timeout} s: {names}"
            )
        time.sleep(0.05)
