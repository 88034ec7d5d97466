"""The download portal under load: ``python -m benchmarks.portal``.

Plans the bundled session (``oraux planifier --temps-max 10 --workers 2``,
through the command line in this process) into a temporary folder,
publishes the plan into a fresh SQLite portal database there, and serves the
portal with waitress on 127.0.0.1 (a free port, loopback only) in a thread
of this process, with the threads ``oraux portail`` serves with
(:data:`scheduler.portal.server.THREADS`).

Then :data:`CLIENTS` clients, one thread each, open the personal links of
the site heads (chefs de centre) in turn: each client opens a link itself,
so each holds its own session cookie, and reads its « mes documents » page
for the link of its site's room workbook (``salles-<site>.xlsx``).  Once
all are in, a barrier lets them go together: each downloads its workbook
once.  « Concurrent » means that: every request leaves within a few
milliseconds (the spread is measured), while the server works on at most
its threads' worth at a time and keeps the others waiting (waitress queues
them, or leaves them in the listening socket's backlog beyond its limit of
open connections); a download's latency counts that wait.

Every response is checked: status 200, bytes equal to the file of the plan
folder; and every download must be logged in the database.  Any error fails
the benchmark (exit code 1).  Writes ``benchmarks/results/<date>-portail.json``
and regenerates ``BENCHMARKS.md``.  ``--rapide``: 20 clients, results in a
temporary folder, ``BENCHMARKS.md`` untouched.
"""

from __future__ import annotations

import argparse
import html
import http.client
import http.cookiejar
import json
import logging
import re
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

if __package__ in (None, ""):  # run as « python benchmarks/portal.py »
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import DATA_DIR, INSTANCE_NAMES, ROOT  # noqa: E402
from benchmarks.report import PORTAL_KIND, latest_results, render  # noqa: E402
from benchmarks.run import REPORT, RESULTS_DIR, _load, machine_info  # noqa: E402

#: Clients downloading at once, and in a ``--rapide`` run.
CLIENTS = 200
QUICK_CLIENTS = 20
#: ``oraux planifier`` options of the plan served.
TIME_LIMIT_S = 10.0
WORKERS = 2
HOST = "127.0.0.1"
#: The site heads' role in ``liens.csv``.
SITE_HEAD = "chef_de_centre"
#: Seconds a client waits for an answer, and for the others at the barrier.
REQUEST_TIMEOUT_S = 120.0
BARRIER_TIMEOUT_S = 120.0
#: Error messages kept verbatim in the results file (the count is always complete).
ERROR_SAMPLES = 20
EXIT_FAILED = 1

_HREF = re.compile(r'href="(/telecharger/[^"]+)"')


class BenchmarkFailed(Exception):
    """The benchmark could not run to its measures (French message)."""


# --------------------------------------------------------------------------
# The plan and its publication
# --------------------------------------------------------------------------


def plan_session(work: Path) -> tuple[Path, Path, float]:
    """``oraux planifier`` of the bundled session into ``work``: the saved
    plans' folder, the documents' folder and the command's wall time."""
    from click.testing import CliRunner

    from scheduler.cli.main import main as oraux

    models, outputs = work / "models", work / "sorties"
    argv = [
        "planifier", str(DATA_DIR), "--temps-max", f"{TIME_LIMIT_S:g}", "--workers", str(WORKERS),
        "--modeles", str(models), "--sortie", str(outputs),
    ]  # fmt: skip
    clock = time.monotonic()
    result = CliRunner().invoke(oraux, argv)
    wall = time.monotonic() - clock
    if result.exit_code != 0:
        tail = (result.stderr or result.stdout or repr(result.exception)).strip().splitlines()[-12:]
        raise BenchmarkFailed(
            f"« oraux {' '.join(argv[:4])} » a échoué (sortie {result.exit_code}) :\n" + "\n".join(tail)
        )
    return models, outputs, wall


@dataclass(frozen=True)
class SiteHead:
    """A site head of ``liens.csv`` and the room workbook their page offers."""

    name: str
    link: str
    #: Path of the workbook in the plan folder, and its size.
    workbook: str = ""
    size: int = 0


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


class _WaitressLog(logging.Handler):
    """What waitress logs while serving, kept rather than printed: the deepest
    « Task queue depth is N » (requests waiting for a free thread beyond the
    idle ones), how often it stopped accepting connections at its limit, and
    every error (an exception in the portal's code, a socket error)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.deepest = 0
        self.queue_reports = 0
        self.connection_limit_reached = 0
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(
                f"waitress : {message}" + (f" ({record.exc_info[1]!r})" if record.exc_info else "")
            )
        elif message.startswith("Task queue depth is "):
            self.queue_reports += 1
            self.deepest = max(self.deepest, int(message.rsplit(" ", 1)[1]))
        elif message.startswith("total open connections reached the connection limit"):
            self.connection_limit_reached += 1


class Portal:
    """The portal's app served by waitress in a background thread."""

    def __init__(self, app: Any, listener: socket.socket, threads: int) -> None:
        from waitress.server import create_server

        self.threads = threads
        self.server: Any = create_server(app, sockets=[listener], threads=threads, ident="oraux")
        self.connection_limit = int(self.server.adj.connection_limit)
        self.backlog = int(self.server.adj.backlog)
        self._thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)
        self.log = _WaitressLog()
        self._logger = logging.getLogger("waitress")

    def __enter__(self) -> Portal:
        self._logger.addHandler(self.log)
        self._logger.propagate = False
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        from waitress import wasyncore

        # Closed from the server's own loop: it ends once nothing is left in its map.
        server = self.server
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        self._thread.join(timeout=10)
        server.task_dispatcher.shutdown(timeout=10)
        self._logger.removeHandler(self.log)
        self._logger.propagate = True


class _Connections:
    """The most database connections the portal held at once (SQLAlchemy's
    pool events), and the most its pool may hold."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        pool = engine.pool
        self.pool = type(pool).__name__
        size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", None)
        self.limit: int | None = None
        if callable(size) and isinstance(overflow, int):
            self.limit = int(size()) + overflow
        self.out = self.peak = 0
        self._lock = threading.Lock()
        event.listen(pool, "checkout", self._checkout)
        event.listen(pool, "checkin", self._checkin)

    def _checkout(self, *_: object) -> None:
        with self._lock:
            self.out += 1
            self.peak = max(self.peak, self.out)

    def _checkin(self, *_: object) -> None:
        with self._lock:
            self.out -= 1


def _listener() -> socket.socket:
    """A listening socket on a free loopback port (known before the app is made)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))
    return listener


# --------------------------------------------------------------------------
# The clients
# --------------------------------------------------------------------------


@dataclass
class Client:
    """One person's browser: their own cookies, no proxy."""

    number: int
    head: SiteHead
    opener: urllib.request.OpenerDirector
    #: The download link found on their page.
    href: str = ""


@dataclass
class Timed:
    """One request as a client saw it (times in seconds from a common clock)."""

    client: int
    document: str
    status: int | None
    size: int
    ok: bool
    error: str
    start: float
    #: Response headers received.
    headers: float
    end: float

    @property
    def latency_ms(self) -> float:
        return 1000 * (self.end - self.start)

    @property
    def headers_ms(self) -> float:
        return 1000 * (self.headers - self.start)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _fetch(
    opener: urllib.request.OpenerDirector, url: str
) -> tuple[int, bytes, dict[str, str], float, float]:
    """Status, body, headers; the moments the headers and the last byte came."""
    try:
        with opener.open(url, timeout=REQUEST_TIMEOUT_S) as response:
            headers = time.perf_counter()
            body = response.read()
            return response.status, body, dict(response.headers), headers, time.perf_counter()
    except urllib.error.HTTPError as refused:
        headers = time.perf_counter()
        body = refused.read()
        return refused.code, body, dict(refused.headers), headers, time.perf_counter()


def _failure(error: BaseException) -> str:
    return f"{type(error).__name__} : {error}"


def login(client: Client, base: str) -> Timed:
    """Open the personal link (it sets the session cookie and leads to « mes
    documents »), then find the room workbook's link on the page."""
    start = time.perf_counter()
    status: int | None = None
    try:
        status, body, _, headers, end = _fetch(client.opener, client.head.link)
    except (OSError, http.client.HTTPException) as failed:
        now = time.perf_counter()
        return Timed(client.number, "mes-documents", None, 0, False, _failure(failed), start, now, now)
    error = ""
    if status != 200:
        error = f"code {status} au lieu de 200"
    else:
        page = body.decode("utf-8", errors="replace")
        rooms = [
            h
            for h in (html.unescape(m) for m in _HREF.findall(page))
            if PurePosixPath(urllib.parse.unquote(h)).name.startswith("salles-") and h.endswith(".xlsx")
        ]
        if len(rooms) != 1:
            error = f"{len(rooms)} classeur(s) de salles sur la page au lieu d'un"
        else:
            client.href = base + rooms[0]
    return Timed(client.number, "mes-documents", status, len(body), not error, error, start, headers, end)


def download(client: Client, expected: dict[str, bytes], barrier: threading.Barrier) -> Timed:
    """Wait for the others, then download the workbook once and check it."""
    name = PurePosixPath(urllib.parse.unquote(urllib.parse.urlsplit(client.href).path)).name
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        now = time.perf_counter()
        return Timed(
            client.number, name, None, 0, False, "départ commun manqué (barrière rompue)", now, now, now
        )
    start = time.perf_counter()
    try:
        status, body, headers_seen, headers, end = _fetch(client.opener, client.href)
    except (OSError, http.client.HTTPException) as failed:
        now = time.perf_counter()
        return Timed(client.number, name, None, 0, False, _failure(failed), start, now, now)
    error = ""
    if status != 200:
        error = f"code {status} au lieu de 200"
    elif body != expected.get(client.head.workbook):
        error = f"{len(body)} octets reçus, différents du fichier du plan ({client.head.size} octets)"
    elif name not in headers_seen.get("Content-Disposition", ""):
        error = f"nom de fichier absent de Content-Disposition ({headers_seen.get('Content-Disposition')})"
    return Timed(client.number, name, status, len(body), not error, error, start, headers, end)


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    """The 95th percentile (linear interpolation between the closest ranks)."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _ms(x: float) -> float:
    return round(x, 1)


def timing_figures(timed: list[Timed]) -> dict[str, Any]:
    """Counts, wall time (first start to last end), latencies and throughput."""
    done = [t for t in timed if t.ok]
    latencies = sorted(t.latency_ms for t in done)
    headers = [t.headers_ms for t in done]
    first = min((t.start for t in timed), default=0.0)
    last = max((t.end for t in timed), default=0.0)
    wall = max(last - first, 1e-9)
    size = sum(t.size for t in done)
    return {
        "count": len(timed),
        "ok": len(done),
        "errors": len(timed) - len(done),
        "bytes": size,
        "wall_s": round(wall, 3),
        "start_spread_ms": _ms(1000 * (max(t.start for t in timed) - first)) if timed else 0.0,
        "median_ms": _ms(statistics.median(latencies)) if latencies else None,
        "p95_ms": _ms(p95(latencies)) if latencies else None,
        "min_ms": _ms(latencies[0]) if latencies else None,
        "max_ms": _ms(latencies[-1]) if latencies else None,
        "headers_median_ms": _ms(statistics.median(headers)) if headers else None,
        "headers_p95_ms": _ms(p95(headers)) if headers else None,
        "throughput_mib_s": round(size / 2**20 / wall, 1),
        "per_s": round(len(done) / wall, 1),
        "latencies_ms": [_ms(x) for x in latencies],
    }


def per_workbook(heads: list[SiteHead], timed: list[Timed]) -> list[dict[str, Any]]:
    out = []
    for head in heads:
        name = PurePosixPath(head.workbook).name
        mine = sorted(t.latency_ms for t in timed if t.ok and t.document == name)
        out.append(
            {
                "site_head": head.name,
                "workbook": head.workbook,
                "size": head.size,
                "downloads": len(mine),
                "median_ms": _ms(statistics.median(mine)) if mine else None,
                "p95_ms": _ms(p95(mine)) if mine else None,
            }
        )
    return out


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "inconnue"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------


def _workbooks(
    heads: list[SiteHead], people: list[Client], folder: Path, errors: list[str]
) -> list[SiteHead]:
    """Each site head with the room workbook their page offers (the same to
    every client of theirs), found in the plan folder."""
    out = []
    for n, head in enumerate(heads):
        offered = {c.href for c in people if c.number % len(heads) == n and c.href}
        if len(offered) != 1:
            errors.append(f"{head.name} : {len(offered)} lien(s) de classeur différents selon les clients")
        path = urllib.parse.unquote(urllib.parse.urlsplit(min(offered)).path) if offered else ""
        # /telecharger/<session>/v<N>/<path in the plan folder>
        path = path.split("/", 4)[-1] if path.count("/") >= 4 else ""
        if path and not (folder / path).is_file():
            errors.append(f"{head.name} : {path} absent du dossier du plan")
            path = ""
        out.append(SiteHead(head.name, head.link, path, (folder / path).stat().st_size if path else 0))
    return out


def measure(work: Path, clients: int) -> dict[str, Any]:
    """Plan, publish, serve, log the clients in, download; every figure."""
    from sqlalchemy import func, select

    from scheduler.io.inputs import load_inputs
    from scheduler.io.plan_files import read_office_csv
    from scheduler.portal import server as portal_server
    from scheduler.portal import store
    from scheduler.portal.publishing import publish
    from scheduler.portal.web import create_app

    candidates = len(load_inputs(DATA_DIR).candidates)
    _say(
        f"Planification de {DATA_DIR.relative_to(ROOT)} ({candidates} candidats), --temps-max {TIME_LIMIT_S:g} …"
    )
    models, outputs, plan_s = plan_session(work)
    _say(f"  plan écrit en {plan_s:.1f} s")

    listener = _listener()
    port = int(listener.getsockname()[1])
    base = f"http://{HOST}:{port}"
    database = work / "portail.sqlite"
    engine = portal_server.open_database(None, f"sqlite:///{database}")
    clock = time.monotonic()
    done = publish(DATA_DIR, engine, models_dir=models, output_root=outputs, base_url=base)
    publish_s = time.monotonic() - clock
    folder = outputs / f"plan-v{done.version}"
    _say(
        f"  plan-v{done.version} publié en {publish_s:.1f} s : {done.documents} documents, {done.recipients} liens"
    )

    heads = [
        SiteHead(row["destinataire"], row["lien"])
        for row in read_office_csv(done.links.read_bytes())
        if row["role"] == SITE_HEAD
    ]
    if not heads:
        raise BenchmarkFailed(f"aucun lien de chef de centre dans {done.links}")
    app = create_app(engine, session_dir=DATA_DIR, models_dir=models, output_root=outputs, base_url=base)
    connections = _Connections(engine)
    errors: list[str] = []
    with Portal(app, listener, portal_server.THREADS) as portal:
        _say(
            f"Portail servi sur {base} par waitress ({portal.threads} fils) ; {clients} clients pour "
            f"{len(heads)} chefs de centre …"
        )
        people = [Client(n, heads[n % len(heads)], _opener()) for n in range(clients)]
        with ThreadPoolExecutor(max_workers=clients, thread_name_prefix="client") as executor:
            logins = list(executor.map(lambda c: login(c, base), people))
            errors += [f"client {t.client}, connexion : {t.error}" for t in logins if not t.ok]
            heads = _workbooks(heads, people, folder, errors)
            expected = {h.workbook: (folder / h.workbook).read_bytes() for h in heads if h.workbook}
            ready = [c for c in people if c.href]
            for c in ready:
                c.head = heads[c.number % len(heads)]
            barrier = threading.Barrier(max(1, len(ready)), timeout=BARRIER_TIMEOUT_S)
            timed = list(executor.map(lambda c: download(c, expected, barrier), ready)) if ready else []
        errors += [f"client {t.client}, {t.document} : {t.error}" for t in timed if not t.ok]
        log = portal.log
        connection_limit, backlog = portal.connection_limit, portal.backlog
    with store.transaction(engine) as db:
        logged = int(db.execute(select(func.count()).select_from(store.downloads)).scalar_one())
    engine.dispose()
    figures = timing_figures(timed)
    errors += log.errors
    if logged != figures["ok"]:
        errors.append(f"{logged} téléchargement(s) journalisé(s) dans la base pour {figures['ok']} réussi(s)")
    if len(timed) < clients:
        errors.append(f"{clients - len(timed)} client(s) sans lien de classeur : aucun téléchargement")
    return {
        "protocol": {
            "session": str(DATA_DIR.relative_to(ROOT)),
            "candidates": candidates,
            "planifier": f"--temps-max {TIME_LIMIT_S:g} --workers {WORKERS}",
            "clients": clients,
            "site_heads": len(heads),
            "host": HOST,
            "waitress_threads": portal.threads,
            "waitress_connection_limit": connection_limit,
            "waitress_backlog": backlog,
            "database": f"SQLite {sqlite3.sqlite_version} (fichier, journal WAL)",
            "database_pool": connections.pool,
            "database_connections_max": connections.limit,
            "versions": {name: _version(name) for name in ("waitress", "flask", "werkzeug", "sqlalchemy")},
            "same_process": True,
        },
        "plan_s": round(plan_s, 1),
        "publish_s": round(publish_s, 2),
        "published": {"version": done.version, "documents": done.documents, "recipients": done.recipients},
        "database_mib": round(database.stat().st_size / 2**20, 1),
        "logins": {k: v for k, v in timing_figures(logins).items() if k != "latencies_ms"},
        "downloads": figures,
        "per_workbook": per_workbook(heads, timed),
        "logged_downloads": logged,
        "database_connections_peak": connections.peak,
        "queue": {"deepest": log.deepest, "reports": log.queue_reports},
        "connection_limit_reached": log.connection_limit_reached,
        "error_count": len(errors),
        "errors": errors[:ERROR_SAMPLES],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.portal",
        description="Mesure le portail de téléchargement sous charge et régénère BENCHMARKS.md.",
    )
    parser.add_argument(
        "--rapide", "--quick", action="store_true", help=f"{QUICK_CLIENTS} clients, résultats à part"
    )
    args = parser.parse_args(argv)
    clients = QUICK_CLIENTS if args.rapide else CLIENTS
    machine = machine_info()
    load_start = _load()
    with tempfile.TemporaryDirectory(prefix="oraux-portail-") as tmp:
        try:
            figures = measure(Path(tmp), clients)
        except BenchmarkFailed as failed:
            print(f"ÉCHEC : {failed}", file=sys.stderr)
            return EXIT_FAILED
    d = figures["downloads"]
    _say(
        f"  {d['ok']} téléchargement(s) réussi(s) sur {d['count']}, {d['errors']} erreur(s), "
        f"{d['bytes'] / 2**20:.1f} Mio en {d['wall_s']:.2f} s ; latence médiane {d['median_ms']} ms, "
        f"95e centile {d['p95_ms']} ms ; {d['throughput_mib_s']} Mio/s"
    )
    data = {
        "kind": PORTAL_KIND,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine,
        "load_average": {"start": load_start, "end": _load()},
        "quick": args.rapide,
        **figures,
    }
    folder = Path(tempfile.mkdtemp(prefix="oraux-bench-")) if args.rapide else RESULTS_DIR
    path = folder / f"{date.today().isoformat()}-{PORTAL_KIND}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _say(f"  → {path}")
    if not args.rapide:
        REPORT.write_text(render(latest_results(RESULTS_DIR, INSTANCE_NAMES)) + "\n", encoding="utf-8")
        _say(f"Rapport régénéré : {REPORT}")
    if data["error_count"]:
        print(
            f"ÉCHEC : {data['error_count']} erreur(s) pendant la mesure du portail ; premières : "
            + " ; ".join(data["errors"][:5]),
            file=sys.stderr,
        )
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
