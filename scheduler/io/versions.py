"""Plan versions: ``models/<session>/plan-vN.json`` and its folder of
documents ``sorties/<session>/plan-vN/``, published as one step.

A version is published once its plan file exists.  Its folder is written
first (whole, under a hidden name, then renamed), its plan file last, both
while the session is locked (``models/<session>/.verrou``): two commands
never take the same number, and a re-run whose published plan was replaced
while it computed is refused rather than silently merged.  While it
publishes, a command leaves a note of the folder it writes
(``models/<session>/.plan-vN.en-cours``); the next command finds the note
of an interrupted one and sets its folder aside (``plan-vN.interrompu``,
never taken as published) and says so.  Folders it did not write itself
are never touched: their numbers are only skipped.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.domain.plan import Plan
from scheduler.io.atomic import atomic_write_text
from scheduler.io.outputs import publish_folder
from scheduler.io.plan_files import plan_versions, save_plan, session_folder

try:
    import fcntl
except ImportError:  # Windows: versions are still never overwritten, runs not serialised
    fcntl = None  # type: ignore[assignment]

#: The lock file of a session's versions, in its folder of plan files.
LOCK_NAME = ".verrou"
#: Suffix of a folder of documents whose plan file was never written.
SET_ASIDE = ".interrompu"

#: Suffix of the note a command leaves while it publishes a version.
WRITING = ".en-cours"

_FOLDER_ANY = re.compile(r"\.?plan-v(\d+)(?:\..*)?")
_NOTE = re.compile(r"\.plan-v(\d+)\.en-cours")


class StalePlan(Exception):
    """The session's latest version changed while a re-run computed: the
    re-run is not published (``reasons`` in French)."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join(reasons))


@dataclass(frozen=True)
class Published:
    """A version as published, and what an earlier interrupted command had
    left (French remarks)."""

    plan_file: Path
    folder: Path
    remarks: list[str] = field(default_factory=list)


def publish_version(
    models_dir: Path,
    output_root: Path,
    plan: Plan,
    files: dict[str, bytes],
    *,
    inputs: dict[str, str],
    parent: str | None = None,
    events: list[dict[str, Any]] | None = None,
    latest_at_start: str | None = None,
    created: str | None = None,
    shared_with: list[str] | None = None,
) -> Published:
    """Publish ``plan`` and its ``files`` as the session's next version.

    ``output_root`` is the session's folder of documents (``sorties/<session>``).
    For a re-run, ``latest_at_start`` is the name of the session's latest plan
    file when the run started: if another command published a version since,
    :class:`StalePlan` is raised and nothing is written."""
    folder = session_folder(models_dir, plan.session)
    folder.mkdir(parents=True, exist_ok=True)
    with session_lock(folder):
        remarks = set_aside_interrupted(folder)
        versions = plan_versions(folder)
        latest = versions[max(versions)].name if versions else None
        if latest_at_start is not None and latest != latest_at_start:
            raise StalePlan(
                [
                    f"un autre calcul a publié {latest} pendant ce recalcul, parti de {latest_at_start} : "
                    "ce recalcul n'est pas publié, pour ne rien perdre de l'autre ; relancez-le, il partira "
                    f"de {latest} (les événements déjà appliqués y sont gardés)"
                ]
            )
        number = max([*versions, *_folder_versions(output_root)], default=0) + 1
        note = folder / f".plan-v{number}{WRITING}"
        atomic_write_text(note, str((output_root / f"plan-v{number}").absolute()))
        out = publish_folder(output_root / f"plan-v{number}", files)
        try:
            plan_file = save_plan(
                models_dir,
                plan,
                inputs=inputs,
                parent=parent,
                events=events,
                version=number,
                created=created,
                shared_with=shared_with,
            )
        except BaseException:
            shutil.rmtree(out, ignore_errors=True)
            note.unlink(missing_ok=True)
            raise
        note.unlink(missing_ok=True)
    return Published(plan_file, out, remarks)


def set_aside_interrupted(folder: Path) -> list[str]:
    """Set aside what interrupted commands left, found by their notes in
    ``folder``: a folder of documents whose plan file is missing is renamed
    ``plan-vN.interrompu``, a hidden folder half written is removed; French
    remarks on each.  Call with the session locked."""
    versions = plan_versions(folder)
    remarks = []
    for note in sorted(folder.glob(f".plan-v*{WRITING}")):
        m = _NOTE.fullmatch(note.name)
        if m is None:
            continue
        number = int(m.group(1))
        written = Path(note.read_text(encoding="utf-8").strip())
        if number not in versions:
            for half in sorted(written.parent.glob(f".plan-v{number}.*")) if written.parent.is_dir() else []:
                shutil.rmtree(half, ignore_errors=True)
                remarks.append(f"{half} : dossier à moitié écrit par un calcul interrompu, supprimé")
            if written.is_dir():
                target = _free_name(written.parent, f"{written.name}{SET_ASIDE}")
                written.rename(target)
                remarks.append(
                    f"{written} : documents d'un calcul interrompu avant son enregistrement (pas de "
                    f"{folder / (written.name + '.json')}) ; ils n'ont jamais été publiés, mis de côté sous "
                    f"{target.name}"
                )
        note.unlink(missing_ok=True)
    return remarks


@contextlib.contextmanager
def session_lock(folder: Path) -> Iterator[None]:
    """Hold the session's lock (one command publishing at a time); the lock
    is released by the system should the command die.  The lock file stays:
    removing it while another command waits on it would let two commands
    hold the lock at once."""
    if fcntl is None:
        yield
        return
    with open(folder / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _folder_versions(output_root: Path) -> set[int]:
    """Version numbers taken by folders of documents: published, set aside,
    half written, or of another store of plan files."""
    if not output_root.is_dir():
        return set()
    out = set()
    for entry in output_root.iterdir():
        m = _FOLDER_ANY.fullmatch(entry.name)
        if m:
            out.add(int(m.group(1)))
    return out


def _free_name(parent: Path, name: str) -> Path:
    target, n = parent / name, 2
    while target.exists():
        target = parent / f"{name}-{n}"
        n += 1
    return target

