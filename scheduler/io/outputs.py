"""Publishing a plan's files as one folder that appears whole or not at all,
and checking beforehand that it can be."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path


def publish_folder(final: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` into a new folder ``final``, atomically.

    The files are written into a hidden sibling folder, then the folder is
    renamed: readers see every file or none.  An existing ``final`` is never
    touched (:class:`FileExistsError`).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        raise FileExistsError(final)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        for name, data in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        # os.rename onto an existing non-empty folder fails, so a concurrent
        # run cannot be overwritten either.
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


class NoRoom(OSError):
    """Too little free space for the documents: its reason is in French."""


#: Bytes of documents per candidate, with room to spare (measured: 26 kB
#: for the bundled session, 13 kB at scale), and a floor.
BYTES_PER_CANDIDATE = 40_000
MIN_FREE_BYTES = 20_000_000


def check_writable(folders: list[Path], candidates: int) -> None:
    """Raise :class:`OSError` now, before any computation, if a file cannot
    be created where ``folders`` are (or would be created), or if the disk
    lacks room for the documents of ``candidates``.  Creates no folder."""
    for folder in folders:
        existing = Path(folder).absolute()
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            raise NotADirectoryError(20, "n'est pas un dossier", str(existing))
        fd, name = tempfile.mkstemp(prefix=".oraux-essai-", dir=existing)
        os.close(fd)
        os.unlink(name)
        need = max(MIN_FREE_BYTES, BYTES_PER_CANDIDATE * candidates)
        free = shutil.disk_usage(existing).free
        if free < need:
            raise NoRoom(
                errno.ENOSPC,
                f"espace disque insuffisant : environ {need // 1_000_000} Mo nécessaires, "
                f"{free // 1_000_000} Mo libres",
                str(existing),
            )
