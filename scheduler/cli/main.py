"""The ``oraux`` command line: parse options, call the package, print a summary."""

from __future__ import annotations

import contextlib
import errno
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from scheduler.cli.french import install as install_french_click
from scheduler.errors import InputError, Problem
from scheduler.io.inputs import load_inputs
from scheduler.io.outputs import NoRoom
from scheduler.solver.interrupt import stop_searches_on_signal

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# Click's own help texts and usage errors in French too.
install_french_click()


def _input_errors_exit_2(func: F) -> F:
    """Turn input and file problems into a French report on stderr and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _terminate_as_interrupt(), stop_searches_on_signal():
                return func(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("", err=True)
            click.echo(
                "Interrompu : rien n'a été publié par cette commande ; les versions déjà publiées sont intactes.",
                err=True,
            )
            sys.exit(130)
        except InputError as exc:
            click.echo(exc.report(), err=True)
            click.echo("Rien n'a été écrit.", err=True)
            sys.exit(2)
        except OSError as exc:
            # A folder that cannot be written, a file open in Excel on Windows…
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"Erreur de fichier{where} : {_french_os_error(exc)}", err=True)
            click.echo("Les fichiers déjà publiés sont intacts ; aucun fichier à moitié écrit.", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


#: The system's reasons, in French (the system says them in English).
_OS_REASONS = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé",
    errno.EROFS: "support en lecture seule",
    errno.EACCES: "droits insuffisants pour écrire ici",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "n'est pas un dossier",
    errno.EISDIR: "est un dossier",
    errno.EEXIST: "existe déjà",
}


def _french_os_error(exc: OSError) -> str:
    """The reason of ``exc`` in French: the system's, translated, or ours."""
    if not isinstance(exc, NoRoom) and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or str(exc)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """A termination request (``kill``, the end of a session) stops the
    command as Ctrl-C does: cleanly, nothing half-written."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


_session_arg = click.argument(
    "session_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER_SESSION"
)
_candidates_opt = click.option(
    "--candidats",
    "candidate_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Liste de candidats (CSV ou xlsx) ; répétable. Par défaut : candidats*.csv/xlsx du dossier.",
)


def _time_limit_opt(default: float) -> Callable[[F], F]:
    return click.option(
        "--temps-max",
        "time_limit",
        type=click.FloatRange(min=1),
        default=default,
        show_default=True,
        metavar="SECONDES",
        help="Durée maximale du calcul.",
    )


_output_opt = click.option(
    "--sortie",
    "output_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DOSSIER",
    help="Dossier des plannings (un sous-dossier plan-vN par calcul). Par défaut : sorties/<session>.",
)
_models_opt = click.option(
    "--modeles",
    "models_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("models"),
    show_default=True,
    metavar="DOSSIER",
    help="Dossier des plans enregistrés (JSON versionnés).",
)
_examiners_opt = click.option(
    "--examinateurs",
    "examiner_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Liste d'examinateurs (CSV ou xlsx) ; répétable. Par défaut : examinateurs*.csv/xlsx du dossier.",
)
_workers_opt = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    metavar="N",
    help="Fils du solveur.",
)
_seed_opt = click.option("--graine", default=2021, show_default=True, metavar="N", help="Graine du solveur.")


class _ProgressLine:
    """The solver's progress on stderr: one line rewritten in place on a
    terminal, one line per improvement when redirected to a file."""

    def __init__(self, live: bool) -> None:
        self.live = live
        self.width = 0

    def show(self, line: str) -> None:
        text = f"  … {line}"
        if not self.live:
            click.echo(text, err=True)
            return
        pad = max(0, self.width - len(text))
        self.width = len(text)
        click.echo("\r" + text + " " * pad, nl=False, err=True)

    def close(self) -> None:
        if self.live and self.width:
            click.echo("", err=True)
            self.width = 0


@click.group(context_settings={"help_option_names": ["-h", "--aide", "--help"]})
@click.version_option(package_name="oraux", message="oraux %(version)s")
def main() -> None:
    """Planification des épreuves orales des BTS (une session par spécialité, décrite dans session.toml)."""


@main.command("verifier")
@_session_arg
@_candidates_opt
@_input_errors_exit_2
def verify(session_dir: Path, candidate_files: tuple[Path, ...]) -> None:
    """Vérifie une session et affiche son résumé (effectifs, langues, capacités)."""
    # Imported on use, so that « oraux --aide » and input errors answer at once.
    from scheduler.precheck.summary import render, summarize

    inputs = load_inputs(session_dir, list(candidate_files))
    for warning in inputs.warnings:
        click.echo(f"Attention : {warning}", err=True)
    click.echo(render(summarize(inputs.session, inputs.candidates)))


@main.command("exemple")
@click.argument("session_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER_SESSION")
@click.option("--graine", default=2021, show_default=True, metavar="N", help="Graine du tirage aléatoire.")
@click.option(
    "--part-amenagements",
    type=click.FloatRange(0, 1),
    default=None,
    metavar="PART",
    help="Part des candidats convoqués avec un temps majoré (0 à 1) ; par défaut six candidats.",
)
@click.option(
    "--remplacer",
    is_flag=True,
    help="Remplace candidats.csv et examinateurs.csv s'ils existent (sinon rien n'est écrit).",
)
@_input_errors_exit_2
def sample(session_dir: Path, graine: int, part_amenagements: float | None, remplacer: bool) -> None:
    """Génère les candidats et examinateurs fictifs d'une session (déterministe)."""
    # Imported on use, so that « oraux --aide » and input errors answer at once.
    from scheduler.io.session_file import load_session
    from scheduler.sample.generator import write_sample

    written = write_sample(
        session_dir,
        load_session(session_dir),
        seed=graine,
        extra_time_share=part_amenagements,
        replace=remplacer,
    )
    for path in written:
        click.echo(f"Écrit : {path}")


@main.command("planifier")
@click.argument(
    "session_dirs",
    nargs=-1,
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DOSSIER_SESSION...",
)
@_candidates_opt
@_time_limit_opt(60.0)
@_output_opt
@_models_opt
@_examiners_opt
@click.option(
    "--sans-examinateurs",
    "anonymous",
    is_flag=True,
    help="Commissions anonymes (dimensionnement), même si le dossier contient une liste d'examinateurs.",
)
@_workers_opt
@_seed_opt
@_input_errors_exit_2
def plan_command(
    session_dirs: tuple[Path, ...],
    candidate_files: tuple[Path, ...],
    time_limit: float,
    output_root: Path | None,
    models_dir: Path,
    examiner_files: tuple[Path, ...],
    anonymous: bool,
    workers: int,
    graine: int,
) -> None:
    """Calcule le planning de tous les oraux de la session (CP-SAT).

    Plusieurs dossiers (ou un dossier qui contient des dossiers de session) :
    les sessions sont planifiées ensemble, dans l'ordre donné, sans qu'une
    salle, une place en loge ou un poste d'un site qu'elles partagent soit
    pris deux fois, ni qu'un examinateur inscrit dans plusieurs listes soit
    convoqué par deux sessions le même jour ; un plan par session, dans
    SORTIE/<code de la session>.
    """
    # The processes writing the documents get ready on the other core.
    from scheduler.export.workers import prepare

    prepare()
    # Imported on use, so that « oraux --aide » and input errors answer at once.
    from scheduler.cli.report import render_result, together_lines
    from scheduler.publish.planning import plan_and_publish
    from scheduler.publish.together import plan_and_publish_together, session_folders, shared_by
    from scheduler.solver.options import SolveOptions

    progress = _ProgressLine(sys.stderr.isatty())
    options = SolveOptions(
        time_limit=time_limit,
        workers=workers,
        seed=graine,
        progress=progress.show,
    )
    folders = session_folders(session_dirs)
    if len(folders) > 1:
        per_session = {
            "--candidats": candidate_files,
            "--examinateurs": examiner_files,
            "--sans-examinateurs": anonymous,
        }
        given = [name for name, value in per_session.items() if value]
        if given:
            raise InputError(
                [
                    Problem(
                        " ".join(given),
                        "option réservée à une seule session : pour planifier ensemble plusieurs sessions, "
                        "chaque dossier donne ses propres listes (candidats*.csv, examinateurs*.csv)",
                    )
                ]
            )
        results = _computed(
            progress,
            lambda: plan_and_publish_together(
                folders, output_root=output_root, models_dir=models_dir, options=options
            ),
            failed="Une des sessions ne peut pas être planifiée telle quelle :",
            unchanged="Rien n'a été écrit.",
            invalid="Erreur interne : un plan calculé enfreint des règles ; rien n'est publié.",
        )
    else:
        results = [
            _computed(
                progress,
                lambda: plan_and_publish(
                    folders[0],
                    list(candidate_files),
                    examiner_files=list(examiner_files),
                    with_examiners=not anonymous,
                    output_root=output_root,
                    models_dir=models_dir,
                    options=options,
                ),
                failed="La session ne peut pas être planifiée telle quelle :",
                unchanged="Rien n'a été écrit.",
                invalid="Erreur interne : le plan calculé enfreint des règles ; il n'est pas publié.",
            )
        ]
    for i, result in enumerate(results):
        for warning in result.warnings:
            click.echo(f"Attention : {warning}", err=True)
        click.echo(("\n" if i else "") + render_result(result))
    if len(results) > 1:
        codes = [result.inputs.session.code for result in results]
        click.echo("\n" + "\n".join(together_lines(codes, shared_by(folders))))


def _computed(
    progress: _ProgressLine, compute: Callable[[], T], *, failed: str, unchanged: str, invalid: str
) -> T:
    """Run ``compute`` with the progress line; a plan that cannot be made is
    explained (exit 1), a plan the validator rejects reported (exit 3), a
    time limit too short to find a complete plan said so (exit 4).
    Input and file errors go on to :func:`_input_errors_exit_2`."""
    # Imported on use, so that « oraux --aide » and input errors answer at once.
    from scheduler.io.versions import StalePlan
    from scheduler.publish.planning import InvalidPlan, PlanningFailed, TimeTooShort
    from scheduler.publish.together import SharedSitesTaken

    try:
        return compute()
    except StalePlan as exc:
        _stop(progress, "Version dépassée :", exc.reasons, unchanged, 5)
    except SharedSitesTaken as exc:
        _stop(
            progress,
            "Sites ou examinateurs partagés trop pris : aucun plan complet n'a été trouvé.",
            exc.reasons,
            unchanged,
            4,
        )
    except TimeTooShort as exc:
        heading = "Temps insuffisant : aucun plan complet n'a été trouvé dans le temps imparti."
        _stop(progress, heading, exc.reasons, unchanged, 4)
    except PlanningFailed as exc:
        _stop(progress, failed, exc.reasons, unchanged, 1)
    except InvalidPlan as exc:
        progress.close()
        click.echo(invalid, err=True)
        for v in exc.violations[:20]:
            click.echo(f"  - {v.message}", err=True)
        sys.exit(3)
    finally:
        # Input and file errors are reported on a line of their own.
        progress.close()


@main.command("planifier-lot")
@click.argument(
    "session_dirs",
    nargs=-1,
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DOSSIER...",
)
@click.option(
    "--sortie",
    "output_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DOSSIER",
    help="Dossier des plannings : un sous-dossier par session (<code>/plan-vN). Par défaut : sorties.",
)
@_time_limit_opt(600.0)
@_models_opt
@click.option(
    "--grappe",
    "address",
    default=None,
    metavar="ADRESSE",
    help="Adresse du planificateur Dask d'une grappe existante (tcp://hôte:8786). "
    "Par défaut : une grappe locale sur les cœurs de cette machine.",
)
@click.option(
    "--travailleurs",
    "cluster_workers",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Travailleurs de la grappe locale (un processus chacun). Par défaut : un par cœur.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Fils du solveur pour chaque session.",
)
@_seed_opt
@_input_errors_exit_2
def batch_command(
    session_dirs: tuple[Path, ...],
    output_root: Path | None,
    time_limit: float,
    models_dir: Path,
    address: str | None,
    cluster_workers: int | None,
    workers: int,
    graine: int,
) -> None:
    """Planifie un lot de sessions sur une grappe Dask (locale par défaut).

    Un dossier qui contient des dossiers de session les désigne tous. Les
    sessions qui partagent un site ou un examinateur sont planifiées
    ensemble, les autres en parallèle ; --temps-max vaut pour tout le lot.
    Une session en échec est signalée sans arrêter les autres ; un
    travailleur perdu est remplacé et son calcul relancé.
    """
    # Imported on use, so that « oraux --aide » and input errors answer at once.
    from scheduler.batch.lot import Outcome, plan_batch
    from scheduler.cli.report import batch_interrupted, batch_line, render_batch
    from scheduler.solver.options import SolveOptions

    # The cluster's own log lines (a worker restarted…) are said in the summary.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=graine)
    done: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        done.append(outcome)
        click.echo(batch_line(len(done), outcome), err=True)

    try:
        outcomes = plan_batch(
            session_dirs,
            output_root=output_root,
            models_dir=models_dir,
            options=options,
            address=address,
            workers=cluster_workers,
            report=report,
        )
    except KeyboardInterrupt:
        # Sessions published before the interrupt stay published: say which.
        click.echo("", err=True)
        click.echo(batch_interrupted(done, models_dir), err=True)
        sys.exit(130)
    click.echo(render_batch(outcomes))
    if not all(o.published for o in outcomes):
        sys.exit(6)


def _stop(progress: _ProgressLine, heading: str, reasons: list[str], unchanged: str, code: int) -> NoReturn:
    """Say why nothing was published, one reason a line, and exit with ``code``."""
    progress.close()
    click.echo(heading, err=True)
    for reason in reasons:
        click.echo(f"  - {reason}", err=True)
    click.echo(unchanged, err=True)
    sys.exit(code)


def _parse_now(text: str | None) -> datetime:
    """``--a-partir-de``: « AAAA-MM-JJ HH:MM » (or « JJ/MM/AAAA HH:MM »); now by default."""
    if text is None:
        return datetime.now().replace(second=0, microsecond=0)
    for pattern in ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    raise InputError(
        [Problem("option --a-partir-de", "date et heure illisibles ; attendu AAAA-MM-JJ HH:MM", value=text)]
    )


@main.command("replanifier")
@_session_arg
@click.option(
    "--evenements",
    "event_files",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Fichier des événements (CSV ou xlsx : type;cible;epreuve;du;au;commentaire) ; répétable.",
)
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="PLAN",
    help="Plan publié dont on part (plan-vN.json). Par défaut : le dernier enregistré de la session.",
)
@click.option(
    "--a-partir-de",
    "now_text",
    default=None,
    metavar="'AAAA-MM-JJ HH:MM'",
    help="Maintenant : ce qui a commencé avant ne bouge plus, ni le reste de la journée sauf événement. "
    "Par défaut : l'heure actuelle.",
)
@click.option(
    "--ajouts",
    "added_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Liste des nouveaux inscrits (même format que les candidats), pour les événements candidat_ajoute.",
)
@click.option(
    "--avec",
    "shared_with",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DOSSIER_SESSION",
    help="Session qui partage des sites ou des examinateurs avec celle-ci : son dernier plan publié garde "
    "ses salles, ses places en loge et les jours de ses examinateurs ; répétable. Celles planifiées "
    "ensemble (oraux planifier DOSSIER1 DOSSIER2) sont reprises d'office.",
)
@_candidates_opt
@_examiners_opt
@_time_limit_opt(10.0)
@_output_opt
@_models_opt
@_workers_opt
@_seed_opt
@_input_errors_exit_2
def replan_command(
    session_dir: Path,
    event_files: tuple[Path, ...],
    plan_path: Path | None,
    now_text: str | None,
    added_files: tuple[Path, ...],
    shared_with: tuple[Path, ...],
    candidate_files: tuple[Path, ...],
    examiner_files: tuple[Path, ...],
    time_limit: float,
    output_root: Path | None,
    models_dir: Path,
    workers: int,
    graine: int,
) -> None:
    """Recalcule le plan publié après des absences, en changeant le moins possible."""
    # The processes writing the documents get ready on the other core.
    from scheduler.export.workers import prepare

    prepare()
    # Imported on use, so that « oraux --aide » and input errors answer at once.
    from scheduler.cli.report import render_replan
    from scheduler.publish.replanning import replan_and_publish
    from scheduler.solver.options import SolveOptions

    now = _parse_now(now_text)
    progress = _ProgressLine(sys.stderr.isatty())
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=graine, progress=progress.show)
    result = _computed(
        progress,
        lambda: replan_and_publish(
            session_dir,
            list(event_files),
            now=now,
            plan_path=plan_path,
            added_files=list(added_files),
            candidate_files=list(candidate_files),
            examiner_files=list(examiner_files),
            output_root=output_root,
            models_dir=models_dir,
            options=options,
            shared_with=list(shared_with),
        ),
        failed="Les événements ne peuvent pas être absorbés par le plan publié :",
        unchanged="Rien n'a été écrit ; le plan publié reste valable.",
        invalid="Erreur interne : le plan recalculé enfreint des règles ; il n'est pas publié.",
    )
    for warning in result.warnings:
        click.echo(f"Attention : {warning}", err=True)
    click.echo(render_replan(result))


_database_opt = click.option(
    "--base",
    "database_url",
    default=None,
    metavar="URL",
    help="Base de données du portail (ex. postgresql+psycopg://oraux@serveur/oraux). "
    "Par défaut : portail.sqlite dans le dossier de la session.",
)
#: Where ``oraux portail`` listens with no option: what the links point to by default.
_LOCAL_PORTAL = "http://127.0.0.1:8000"
_ADDRESS_HELP = "Adresse publique du portail, telle que les destinataires l'ouvrent (liens personnels)."
_link_days_opt = click.option(
    "--validite",
    "link_days",
    type=click.IntRange(1, 3650),
    default=60,
    show_default=True,
    metavar="JOURS",
    help="Durée de validité des liens personnels, en jours.",
)


@main.command("publier")
@_session_arg
@click.option(
    "--plan", "plan", default=None, metavar="plan-vN", help="Version à publier. Par défaut : la dernière."
)
@_database_opt
@click.option(
    "--adresse", "base_url", default=_LOCAL_PORTAL, show_default=True, metavar="URL", help=_ADDRESS_HELP
)
@_link_days_opt
@_output_opt
@_models_opt
@_input_errors_exit_2
def publish_command(
    session_dir: Path,
    plan: str | None,
    database_url: str | None,
    base_url: str,
    link_days: int,
    output_root: Path | None,
    models_dir: Path,
) -> None:
    """Publie une version du plan sur le portail et écrit les liens personnels (liens.csv)."""
    # Imported here: the web and database libraries load only for the portal's commands.
    from scheduler.portal.publishing import publish
    from scheduler.portal.server import open_database

    engine = open_database(session_dir, database_url)
    done = publish(
        session_dir,
        engine,
        plan=plan,
        models_dir=models_dir,
        output_root=output_root,
        base_url=base_url,
        days=link_days,
    )
    state = "publiée" if done.new else "déjà publiée (rien de changé)"
    click.echo(f"Session {done.session}, version plan-v{done.version} {state} : {done.documents} documents.")
    click.echo(f"Liens personnels ({done.recipients} destinataires) : {done.links}")


@main.command("portail")
@click.argument(
    "session_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DOSSIER_SESSION", required=False
)
@click.option("--hote", default="127.0.0.1", show_default=True, help="Adresse d'écoute.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port d'écoute.")
@_database_opt
@click.option(
    "--adresse",
    "base_url",
    default=None,
    metavar="URL",
    help=_ADDRESS_HELP + " Par défaut : http://HOTE:PORT.",
)
@_link_days_opt
@click.option(
    "--derriere-proxy",
    "behind_proxy",
    is_flag=True,
    help="Derrière le proxy HTTPS de l'office : croire ses en-têtes X-Forwarded-*.",
)
@click.option(
    "--definir-mot-de-passe",
    "set_password",
    is_flag=True,
    help="Définit le mot de passe du chef de bureau (demandé deux fois), puis s'arrête.",
)
@_output_opt
@_models_opt
@_input_errors_exit_2
def portal_command(
    session_dir: Path | None,
    hote: str,
    port: int,
    database_url: str | None,
    base_url: str | None,
    link_days: int,
    behind_proxy: bool,
    set_password: bool,
    output_root: Path | None,
    models_dir: Path,
) -> None:
    """Sert le portail de téléchargement des documents (chefs de centre, examinateurs, établissements)."""
    # Imported here: the web and database libraries load only for the portal's commands.
    from scheduler.portal.server import define_password, open_database, serve

    engine = open_database(session_dir, database_url)
    if set_password:
        password = click.prompt(
            "Mot de passe du chef de bureau", hide_input=True, confirmation_prompt="Confirmez"
        )
        define_password(engine, password)
        click.echo("Mot de passe enregistré (empreinte argon2).")
        return
    serve(
        engine,
        host=hote,
        port=port,
        session_dir=session_dir,
        models_dir=models_dir,
        output_root=output_root,
        base_url=base_url or f"http://{hote}:{port}",
        behind_proxy=behind_proxy,
        link_days=link_days,
        say=click.echo,
    )
