"""Crash-safe file writes: a reader sees the old file or the new one, never half of one.

The exam office keeps its plans and exports on shared folders and USB keys and
re-opens them in Excel; a power cut, a full disk or an exception in the middle
of a write must not leave a truncated ``planning.csv`` or plan file behind.
Every write therefore goes to a temporary file in the destination's folder
(same file system, so the final rename is atomic), is flushed to disk, and only
then takes the final name.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "write_new"]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically.

    On any exception the temporary file is removed and ``path`` is left as it
    was.  On Windows the final :func:`os.replace` fails with
    :class:`PermissionError` while the destination is open in Excel; the caller
    reports it, nothing is lost.
    """
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _sync_folder(path.parent)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` encoded as ``encoding``, atomically.

    No newline translation happens: ``text`` is written exactly as given.
    """
    # Encode before touching the disk so an unencodable character cannot
    # leave a temporary file behind.
    atomic_write_bytes(path, text.encode(encoding))


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; raise :class:`FileExistsError` if it exists.

    The name appears complete or not at all: the data is written and synced
    under a temporary name first, then hard-linked to ``path`` (``link`` never
    replaces an existing name, unlike ``rename`` on POSIX).
    """
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except (OSError, NotImplementedError):
            # Some file systems have no hard links (FAT on USB keys, some SMB
            # shares).  Windows' rename refuses an existing destination, so it
            # is still atomic and never overwrites there.
            if os.name != "nt":
                _write_exclusive(path, data)
            else:
                os.rename(tmp, path)
    finally:
        _remove_quietly(tmp)
    _sync_folder(path.parent)


def _write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` to a synced temporary file next to ``path``; return its path."""
    # A dot prefix hides the temporary file from most listings and the
    # ``.tmp`` suffix keeps it out of ``plan-v*.json`` / ``*.csv`` globs.
    tmp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            mode="wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            tmp = Path(handle.name)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile creates the file private (0600); the result must
        # get the permissions an ordinary write would give it, or colleagues
        # on the shared folder could no longer open the planning.
        os.chmod(tmp, _target_mode(path))
    except BaseException:
        # The with block has closed the handle by now, so removal also works
        # on Windows, which cannot delete an open file.
        if tmp is not None:
            _remove_quietly(tmp)
        raise
    return tmp


def _write_exclusive(path: Path, data: bytes) -> None:
    """Fallback for file systems without hard links: create with ``O_EXCL``.

    Not atomic against a crash mid-write, so a partial file is removed on error.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _remove_quietly(path)
        raise


def _target_mode(path: Path) -> int:
    """Permissions for the new file: the old file's, else the umask default."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        pass
    # The umask can only be read by setting it; this is not thread-safe, which
    # is acceptable for a command-line tool that writes from one thread.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Persist the rename itself (POSIX); best effort, as not every system allows it."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
