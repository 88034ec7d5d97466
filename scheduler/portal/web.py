"""The portal's pages (Flask): each recipient's documents, the chef de
bureau's follow-up.

A recipient opens their personal link once (``/acces/<jeton>``); the portal
then remembers the access in a signed session cookie and checks it against
the database on every request, so a revoked or renewed link stops at once.
Documents are read from the database by (version, path) among those granted
to the recipient: nothing a URL says reaches the file system, and another
person's document answers « introuvable » exactly like a missing one.  Every
page works without JavaScript (there is none); forms carry a CSRF token.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, Response, abort, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import Engine
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers.response import Response as BaseResponse

from scheduler.errors import InputError
from scheduler.export.recipients import EXAMINER, OFFICE, SCHOOL, SITE_HEAD
from scheduler.io.plan_files import plan_versions, session_folder
from scheduler.portal import store
from scheduler.portal.access import LINK_DAYS, Refusal, check_access, check_password, check_token, link_token
from scheduler.portal.access import locked_minutes as lock_minutes
from scheduler.portal.publishing import OFFICE_KEY, publish
from scheduler.text import french_date

PARIS = ZoneInfo("Europe/Paris")
ROLE_LABELS = {
    SITE_HEAD: "chef de centre",
    EXAMINER: "examinateur",
    SCHOOL: "établissement",
    OFFICE: "chef de bureau",
}
#: Response headers of every page and document.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def create_app(
    engine: Engine,
    *,
    session_dir: Path | None = None,
    models_dir: Path = Path("models"),
    output_root: Path | None = None,
    base_url: str = "http://127.0.0.1:8000",
    behind_proxy: bool = False,
    link_days: int = LINK_DAYS,
) -> Flask:
    """The portal on the database ``engine`` (see :func:`store.open_store`);
    ``session_dir`` lets the chef de bureau publish new versions from the page."""
    app = Flask(__name__)
    with store.transaction(engine) as db:
        secret = store.setting(db, store.SECRET) or ""
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=base_url.startswith("https://"),
        SESSION_COOKIE_NAME="oraux_portail",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    CSRFProtect(app)
    if behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    def base_link() -> str:
        return base_url.rstrip("/")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response

    @app.template_filter("moment")
    def moment(value: datetime | None) -> str:
        if value is None:
            return "—"
        local = store.aware(value).astimezone(PARIS)
        return f"{french_date(local.date())} à {local:%H:%M}"

    @app.template_filter("taille")
    def size(value: int) -> str:
        if value < 1024:
            return f"{value} o"
        if value < 1024 * 1024:
            return f"{value / 1024:.0f} Ko".replace(".", ",")
        return f"{value / 1024 / 1024:.1f} Mo".replace(".", ",")

    app.jinja_env.globals.update(describe=describe, roles=ROLE_LABELS)

    def refusal(reason: str, status: int = 403) -> tuple[str, int]:
        return render_template("refus.html", reason=reason), status

    @app.errorhandler(404)
    def not_found(_: Exception) -> tuple[str, int]:
        return render_template("introuvable.html"), 404

    @app.errorhandler(405)
    def not_allowed(_: Exception) -> tuple[str, int]:
        return refusal("cette action n'est pas possible ainsi", 405)

    @app.errorhandler(CSRFError)
    def csrf(_: CSRFError) -> tuple[str, int]:
        return refusal(
            "le formulaire a expiré ou ne vient pas de ce portail : rechargez la page et recommencez", 400
        )

    @app.errorhandler(413)
    def too_large(_: Exception) -> tuple[str, int]:
        return refusal("requête trop volumineuse", 413)

    def current_access() -> store.Access | None:
        held = session.get("acces")
        if not isinstance(held, list) or len(held) != 2:
            return None
        with store.transaction(engine) as db:
            try:
                return check_access(db, int(held[0]), int(held[1]))
            except Refusal:
                session.pop("acces", None)
                return None

    def office() -> bool:
        return session.get("bureau") is True

    @app.get("/")
    def index() -> Any:
        if current_access() is not None:
            return redirect(url_for("my_documents"))
        if office():
            return redirect(url_for("office_page"))
        return render_template("accueil.html")

    @app.get("/acces/<token>")
    def open_link(token: str) -> Any:
        with store.transaction(engine) as db:
            try:
                access = check_token(db, secret, token)
            except Refusal as refused:
                session.clear()
                return refusal(refused.reason)
        session.clear()
        if access.role == OFFICE:
            return redirect(url_for("login"))
        session["acces"] = [access.access_id, access.serial]
        return redirect(url_for("my_documents"))

    @app.get("/mes-documents")
    @app.get("/mes-documents/v<int:number>")
    def my_documents(number: int | None = None) -> Any:
        access = current_access()
        if access is None:
            return refusal("ouvrez d'abord le lien personnel que le bureau des examens vous a envoyé")
        with store.transaction(engine) as db:
            versions = store.session_versions(db, access.session)
            if not versions:
                abort(404)
            latest = versions[0]
            shown = latest if number is None else next((v for v in versions if v.number == number), None)
            if shown is None:
                abort(404)
            docs = store.version_documents(db, shown.id, access.recipient_id)
            seen = store.last_visited_version(db, access.recipient_id)
            # A first visit shows what the latest version changed.
            since = seen if seen is not None else latest.number - 1
            news = store.version_notices(db, access.recipient_id, since, access.session)
            if shown.id == latest.id:
                store.log_visit(db, access.recipient_id, latest.id)
        return render_template(
            "destinataire.html",
            access=access,
            version=shown,
            latest=latest,
            versions=versions,
            documents=docs,
            news=news,
            last_seen=seen,
        )

    @app.get("/telecharger/<session_code>/v<int:number>/<path:path>")
    def download(session_code: str, number: int, path: str) -> Any:
        if not _plausible(session_code) or not _plausible(path):
            abort(404)
        access = current_access()
        if access is None and not office():
            return refusal("ouvrez d'abord le lien personnel que le bureau des examens vous a envoyé")
        if access is not None and access.session != session_code:
            abort(404)
        with store.transaction(engine) as db:
            version = store.version_by_number(db, session_code, number)
            if version is None:
                abort(404)
            found = store.document_bytes(db, version.id, path, access.recipient_id if access else None)
            if found is None:
                abort(404)
            document_id, data = found
            who = (
                access.recipient_id
                if access
                else store.keep_recipient(
                    db, session_code, OFFICE, OFFICE_KEY, "Chef de bureau (bureau des examens)"
                )
            )
            store.log_download(db, who, document_id)
        name = PurePosixPath(path).name
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name.endswith(".ics"):
            kind = "text/calendar"
        response = Response(data, mimetype=kind)
        response.headers.set("Content-Disposition", "attachment", filename=name)
        return response

    @app.route("/bureau/connexion", methods=["GET", "POST"])
    def login() -> Any:
        error = None
        with store.transaction(engine) as db:
            wait = lock_minutes(db)
            if request.method == "POST":
                if wait:
                    return render_template("connexion.html", error=None, wait=wait), 429
                if check_password(db, request.form.get("mot_de_passe", "")):
                    session.clear()
                    session["bureau"] = True
                    return redirect(url_for("office_page"))
                error = "mot de passe incorrect"
                wait = lock_minutes(db)
        return render_template("connexion.html", error=error, wait=wait), (401 if error else 200)

    @app.post("/bureau/deconnexion")
    def logout() -> Any:
        session.clear()
        return redirect(url_for("index"))

    def office_only(view: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not office():
                return redirect(url_for("login"))
            return view(*args, **kwargs)

        wrapped.__name__ = view.__name__
        return wrapped

    @app.get("/bureau")
    @office_only
    def office_page() -> Any:
        with store.transaction(engine) as db:
            overview = []
            for code in store.sessions(db):
                versions = store.session_versions(db, code)
                latest = versions[0]
                fetched = store.last_downloads(db, latest.id)
                people = [a for a in store.accesses_of(db, code) if a.role != OFFICE]
                overview.append(
                    {
                        "code": code,
                        "versions": versions,
                        "latest": latest,
                        "people": people,
                        "fetched": fetched,
                        "missing": sum(1 for a in people if a.recipient_id not in fetched),
                        "unpublished": _unpublished(code, versions),
                    }
                )
        return render_template("bureau.html", overview=overview, can_publish=session_dir is not None)

    def _unpublished(code: str, versions: list[store.Version]) -> list[str]:
        if session_dir is None:
            return []
        try:
            saved = plan_versions(session_folder(models_dir, code))
        except ValueError:
            return []
        done = {v.number for v in versions}
        return [f"plan-v{n}" for n in sorted(saved) if n not in done]

    @app.get("/bureau/<session_code>/v<int:number>")
    @office_only
    def office_version(session_code: str, number: int) -> Any:
        with store.transaction(engine) as db:
            version = store.version_by_number(db, session_code, number)
            if version is None:
                abort(404)
            docs = store.version_documents(db, version.id)
        return render_template("bureau_version.html", version=version, documents=docs)

    @app.post("/bureau/acces/<int:access_id>/<action>")
    @office_only
    def change_access(access_id: int, action: str) -> Any:
        with store.transaction(engine) as db:
            access = store.access_by_id(db, access_id)
            if access is None or action not in ("revoquer", "renouveler"):
                abort(404)
            if action == "revoquer":
                store.revoke(db, access_id)
                return redirect(url_for("office_page"))
            store.renew(db, access_id, link_days)
            renewed = store.access_by_id(db, access_id)
            assert renewed is not None
            link = f"{base_link()}/acces/{link_token(secret, renewed)}"
        return render_template("nouveau_lien.html", access=renewed, link=link)

    @app.post("/bureau/publier")
    @office_only
    def publish_version() -> Any:
        if session_dir is None:
            abort(404)
        plan = request.form.get("plan", "")
        try:
            done = publish(
                session_dir,
                engine,
                plan=plan,
                models_dir=models_dir,
                output_root=output_root,
                base_url=base_link(),
                days=link_days,
            )
        except InputError as exc:
            return refusal(exc.report(), 400)
        return render_template("publie.html", publication=done)

    @app.get("/sante")
    def health() -> BaseResponse:
        return Response("ok", mimetype="text/plain")

    return app


#: What each kind of file is, by the start of its name.
_KINDS = (
    ("salles-", "Classeur des salles : planning de chaque salle, loge, feuilles d'émargement"),
    ("figures/gantt-", "Diagramme de Gantt d'une journée"),
    ("figures/occupation-", "Occupation de la loge, des postes et des salles d'une journée"),
    ("figures/charge-", "Charge des commissions par jour"),
    ("figures/commissions-", "Commissions par jour"),
    ("lettres/site-", "Convocations des candidats du centre (pour l'accueil)"),
    ("lettres/etablissement-", "Convocations des candidats de l'établissement"),
    ("listes/examinateur-", "Vos oraux, candidat par candidat (pour un tableur)"),
    ("listes/etablissement-", "Liste des oraux des candidats de l'établissement (pour un tableur)"),
    ("lettres/examinateur-", "Convocation de l'examinateur"),
    ("lettres/convocations-toutes", "Convocations de tous les candidats"),
    ("lettres/examinateurs", "Convocations de tous les examinateurs"),
    ("agendas/", "Agenda (à importer dans un calendrier)"),
    ("convocations", "Convocations des candidats (Excel)"),
    ("commissions", "Plannings des commissions"),
    ("bordereaux", "Bordereaux de notation"),
    ("examinateurs", "Examinateurs et leurs journées"),
    ("changements", "Changements depuis la version précédente : qui prévenir"),
    ("planning.csv", "Planning complet (CSV)"),
    ("destinataires.csv", "Destinataires de chaque document (CSV)"),
)


#: Longest document path the portal stores (the exporters' names are far shorter).
_LONGEST_PATH = 300


def _plausible(text: str) -> bool:
    """A URL part that could name a stored session or document: not too long,
    no control character (a NUL, which some databases refuse outright)."""
    return 0 < len(text) <= _LONGEST_PATH and text.isprintable()


def describe(path: str) -> str:
    """A document's description for the pages."""
    for start, text in _KINDS:
        if path.startswith(start):
            suffix = PurePosixPath(path).suffix.lstrip(".").upper()
            return f"{text} ({suffix})" if suffix else text
    return path
