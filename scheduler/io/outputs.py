"""Publishing a plan's files as one folder that appears whole or not at all."""

from __future__ import annotations

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
