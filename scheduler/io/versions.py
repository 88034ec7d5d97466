"""Plan versions: ``models/<session>/plan-vN.json`` and its folder of
documents ``sorties/<session>/plan-vN/``, published as one step.

A version is published once its plan file exists.  Its folder is written
first (whole, under a hidden name, then renamed), its plan file last, both
while the session is locked (``models/<session>/.verrou``): two commands
never take the same number, and a re-run whose published plan was replaced
while it computed is refused rather than silently merged.  What an
interrupted command leaves — a hidden folder being written, a folder
without its plan file — is never taken as published: the next command sets
it aside (``plan-vN.interrompu``, or removes a partial hidden folder) and
says so.
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

_FOLDER = re.compile(r"plan-v(\d+)")
_FOLDER_ANY = re.compile(r"plan-v(\d+)(?:\.interrompu(?:-\d+)?)?")
_HIDDEN = re.compile(r"\.plan-v(\d+)\..+")


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
) -> Published:
    """Publish ``plan`` and its ``files`` as the session's next version.

    ``output_root`` is the session's folder of documents (``sorties/<session>``).
    For a re-run, ``latest_at_start`` is the name of the session's latest plan
    file when the run started: if another command published a version since,
    :class:`StalePlan` is raised and nothing is written."""
    folder = session_folder(models_dir, plan.session)
    folder.mkdir(parents=True, exist_ok=True)
    with session_lock(folder):
        remarks = set_aside_interrupted(folder, output_root)
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
        out = publish_folder(output_root / f"plan-v{number}", files)
        try:
            plan_file = save_plan(models_dir, plan, inputs=inputs, parent=parent, events=events, version=number)
        except BaseException:
            shutil.rmtree(out, ignore_errors=True)
            raise
    return Published(plan_file, out, remarks)


def set_aside_interrupted(folder: Path, output_root: Path) -> list[str]:
    """Set aside what interrupted commands left in ``output_root``: a hidden
    folder being written is removed, a folder of documents whose plan file
    is missing from ``folder`` is renamed ``plan-vN.interrompu``; French
    remarks on each.  Call with the session locked."""
    if not output_root.is_dir():
        return []
    versions = plan_versions(folder)
    remarks = []
    for entry in sorted(output_root.iterdir()):
        if not entry.is_dir():
            continue
        if _HIDDEN.fullmatch(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
            remarks.append(f"{entry} : dossier à moitié écrit par un calcul interrompu, supprimé")
            continue
        m = _FOLDER.fullmatch(entry.name)
        if m and int(m.group(1)) not in versions:
            target = _free_name(output_root, f"{entry.name}{SET_ASIDE}")
            entry.rename(target)
            remarks.append(
                f"{entry} : documents d'un calcul interrompu avant son enregistrement (pas de "
                f"{folder / (entry.name + '.json')}) ; ils n'ont jamais été publiés, mis de côté sous {target.name}"
            )
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
    """Version numbers taken by folders of documents, set aside ones included."""
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

