"""Opening the portal's database and serving its pages (waitress)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from scheduler.errors import InputError, Problem
from scheduler.portal import store
from scheduler.portal.access import LINK_DAYS, has_password, set_password

#: Shortest password the office may set.
MIN_PASSWORD = 12
#: Threads serving requests (downloads of workbooks are short).
THREADS = 16


def open_database(session_dir: Path | None, url: str | None) -> Engine:
    """The portal's database: ``url``, or ``portail.sqlite`` in the session folder."""
    if url is None:
        if session_dir is None:
            raise InputError([Problem("portail", "donnez le dossier de la session ou --base URL")])
        if not session_dir.is_dir():
            raise InputError([Problem(str(session_dir), "dossier de session introuvable")])
        url = store.sqlite_url(session_dir)
    try:
        return store.open_store(url, connections=THREADS)
    except ArgumentError:
        raise InputError([Problem("--base", "adresse de base de données illisible", value=url)]) from None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Problem("--base", f"base de données inaccessible ({reason})", value=url)]) from None


def define_password(engine: Engine, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError([Problem("mot de passe", f"au moins {MIN_PASSWORD} caractères")])
    with store.transaction(engine) as db:
        set_password(db, password)


def serve(
    engine: Engine,
    *,
    host: str,
    port: int,
    session_dir: Path | None,
    models_dir: Path,
    output_root: Path | None,
    base_url: str,
    behind_proxy: bool = False,
    link_days: int = LINK_DAYS,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the portal until interrupted."""
    # Imported here: publishing needs neither the WSGI server nor Flask.
    from waitress import serve as waitress_serve

    # Flask too.
    from scheduler.portal.web import create_app

    app = create_app(
        engine,
        session_dir=session_dir,
        models_dir=models_dir,
        output_root=output_root,
        base_url=base_url,
        behind_proxy=behind_proxy,
        link_days=link_days,
    )
    with store.transaction(engine) as db:
        if not has_password(db):
            say(
                "Attention : aucun mot de passe du chef de bureau ; définissez-le avec « oraux portail --definir-mot-de-passe »."
            )
    say(f"Portail servi sur http://{host}:{port}/ (adresse publique : {base_url}) ; Ctrl+C pour l'arrêter.")
    # Waitress warns on its terminal whenever requests queue for a thread
    # (« Task queue depth is 3 »): normal under a burst, not the office's concern.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    waitress_serve(app, host=host, port=port, threads=THREADS, ident="oraux")
