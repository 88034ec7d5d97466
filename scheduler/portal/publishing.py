"""``oraux publier``: a saved plan version put on the portal.

Reads the version's folder (``sorties/<session>/plan-vN``), stores every file
(once per content), gives each recipient of ``destinataires.csv`` their
files, keeps one personal access per recipient (created on first
publication, kept after), computes what changed for each since the parent
version, and writes ``liens.csv`` for the office's mail merge, with each
recipient's e-mail address from ``destinataires.csv`` (the newest version
published has the last word; an empty or absent address keeps the known one).
The chef de bureau's address stays empty: ``session.toml`` has only the free
text of ``contact`` for it, which is not parsed.  A version
already on the portal is not stored twice: publishing it again only writes
the links again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from scheduler.errors import InputError, Problem
from scheduler.export.recipients import FILE_NAME as RECIPIENTS
from scheduler.export.recipients import OFFICE, SCHOOL
from scheduler.io.atomic import atomic_write_bytes
from scheduler.io.cells import email_address
from scheduler.io.plan_files import load_plan_file, office_csv, plan_versions, read_office_csv, session_folder
from scheduler.io.rows import Invalid
from scheduler.io.session_file import load_session
from scheduler.portal import store
from scheduler.portal.access import LINK_DAYS, link_token
from scheduler.portal.notices import notices

LINKS_FILE = "liens.csv"
LINK_COLUMNS = ("destinataire", "role", "courriel", "lien")
#: The chef de bureau's recipient key and name.
OFFICE_KEY = "bureau"
OFFICE_NAME = "Chef de bureau (bureau des examens)"


@dataclass(frozen=True)
class _Listed:
    """A recipient of ``destinataires.csv``: name, e-mail address ("" when
    unknown) and files."""

    name: str
    email: str
    paths: list[str]


@dataclass(frozen=True)
class Publication:
    session: str
    version: int
    new: bool
    documents: int
    recipients: int
    links: Path


def publish(
    session_dir: Path,
    engine: Engine,
    *,
    plan: str | None = None,
    models_dir: Path = Path("models"),
    output_root: Path | None = None,
    base_url: str = "http://127.0.0.1:8000",
    days: int = LINK_DAYS,
) -> Publication:
    """Put version ``plan`` (``plan-vN``, the latest when ``None``) on the portal."""
    session = load_session(session_dir)
    saved = plan_versions(session_folder(models_dir, session.code))
    number = _version_number(plan, saved, models_dir / session.code)
    plan_path = saved[number]
    folder = (output_root or Path("sorties") / session.code) / f"plan-v{number}"
    files = _folder_files(folder)
    owners = _owners(folder, files)
    plan_file = load_plan_file(plan_path)
    parent_number = _parent_number(plan_file.parent)
    parent_plan = load_plan_file(saved[parent_number]).plan if parent_number in saved else None
    people = _people(files.get("planning.csv", b""))

    def store_version(db: Connection) -> tuple[bool, list[dict[str, str]]]:
        version = store.version_by_number(db, session.code, number)
        new = version is None
        if new:
            parent = store.version_by_number(db, session.code, parent_number) if parent_number else None
            version_id, doc_ids = store.insert_version(
                db,
                session.code,
                number,
                parent.id if parent else None,
                plan_file.created or "",
                files.items(),
            )
        # An older version published after a newer one leaves the addresses alone.
        newest = store.session_versions(db, session.code)[0].number == number
        ids: dict[tuple[str, str], int] = {}
        for (role, key), listed in owners.items():
            rid = store.keep_recipient(db, session.code, role, key, listed.name, listed.email)
            if newest and listed.email:
                store.set_email(db, rid, listed.email)
            ids[(role, key)] = rid
            if new:
                store.grant(db, rid, [doc_ids[p] for p in listed.paths])
                if parent_plan is not None:
                    store.add_notices(
                        db, version_id, rid, notices(parent_plan, plan_file.plan, role, key, people)
                    )
        ids[(OFFICE, OFFICE_KEY)] = store.keep_recipient(db, session.code, OFFICE, OFFICE_KEY, OFFICE_NAME)
        for rid in ids.values():
            store.keep_access(db, rid, days)
        secret = store.setting(db, store.SECRET) or ""
        rows = []
        for access in store.accesses_of(db, session.code):
            if not access.valid:
                continue
            rows.append(
                {
                    "destinataire": access.name,
                    "role": access.role,
                    "courriel": access.email,
                    "lien": f"{base_url.rstrip('/')}/acces/{link_token(secret, access)}",
                }
            )
        return new, rows

    # Two offices' publications at once: the second finds the first's rows.
    new, rows = store.retrying(engine, store_version)
    links = folder.parent / LINKS_FILE
    atomic_write_bytes(links, office_csv(LINK_COLUMNS, rows))
    return Publication(session.code, number, new, len(files), len(rows), links)


def _version_number(plan: str | None, saved: dict[int, Path], where: Path) -> int:
    if not saved:
        raise InputError([Problem(str(where), "aucun plan enregistré : lancez d'abord « oraux planifier »")])
    if plan is None:
        return max(saved)
    text = plan.removesuffix(".json")
    digits = text.removeprefix("plan-v")
    if not digits.isdigit() or int(digits) not in saved:
        known = ", ".join(f"plan-v{n}" for n in sorted(saved))
        raise InputError(
            [Problem(str(where), f"version inconnue (versions enregistrées : {known})", value=plan)]
        )
    return int(digits)


def _parent_number(parent: str | None) -> int | None:
    if not parent:
        return None
    digits = parent.removesuffix(".json").removeprefix("plan-v")
    return int(digits) if digits.isdigit() else None


def _folder_files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        raise InputError(
            [
                Problem(
                    str(folder),
                    "dossier des documents introuvable : le plan a-t-il été publié ailleurs (--sortie) ?",
                )
            ]
        )
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _owners(folder: Path, files: dict[str, bytes]) -> dict[tuple[str, str], _Listed]:
    """Each recipient of ``destinataires.csv``: name, e-mail address and files
    (a folder written before the ``courriel`` column gives no address)."""
    data = files.get(RECIPIENTS)
    if data is None:
        raise InputError(
            [
                Problem(
                    str(folder / RECIPIENTS),
                    "liste des destinataires absente (plan écrit par une version d'oraux antérieure au portail) : "
                    "relancez « oraux planifier » ou « oraux replanifier » pour une nouvelle version",
                )
            ]
        )
    out: dict[tuple[str, str], _Listed] = {}
    for n, row in enumerate(read_office_csv(data), start=2):
        path = row.get("fichier", "")
        if path not in files:
            raise InputError(
                [
                    Problem(
                        str(folder / RECIPIENTS),
                        "fichier absent du dossier",
                        line=n,
                        column="fichier",
                        value=path,
                    )
                ]
            )
        try:
            # Written by the exports from checked inputs, unless edited by hand since.
            email = email_address(row.get("courriel", ""))
        except Invalid as exc:
            raise InputError(
                [
                    Problem(
                        str(folder / RECIPIENTS),
                        str(exc),
                        line=n,
                        column="courriel",
                        value=row.get("courriel", ""),
                    )
                ]
            ) from None
        out.setdefault((row["role"], row["cle"]), _Listed(row["destinataire"], email, [])).paths.append(path)
    return out


def _people(planning: bytes) -> dict[str, tuple[str, str]]:
    """Candidate number → établissement and « NOM Prénom », from ``planning.csv``."""
    out: dict[str, tuple[str, str]] = {}
    if not planning:
        return out
    for row in read_office_csv(planning):
        out[row.get("numero", "")] = (
            row.get("etablissement", ""),
            f"{row.get('nom', '')} {row.get('prenom', '')}".strip(),
        )
    return out


#: Shown by ``oraux publier`` beside each role.
ROLE_LABELS: dict[str, str] = {
    "chef_de_centre": "chef de centre",
    "examinateur": "examinateur",
    SCHOOL: "établissement",
    OFFICE: "chef de bureau",
}
