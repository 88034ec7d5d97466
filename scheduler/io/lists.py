"""What the candidate and examiner lists share: finding the files of a session
folder and reading several files into one checked list."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from scheduler.errors import InputError, Problem
from scheduler.io.tables import Column, Table, read_table

T = TypeVar("T")


class Invalid(Exception):
    """A cell that does not fit its column; the argument is the French reason."""


@dataclass
class Seen:
    """First occurrence of a value, to report a duplicate or group warnings."""

    file: str
    line: int
    label: str
    count: int = 1


def matching_files(folder: Path, globs: tuple[str, ...]) -> list[Path]:
    """The folder's files matching ``globs``, ignoring case, sorted by name;
    Excel's ``~$…`` and LibreOffice's ``.~lock…`` lock files are left out."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(("~$", "."))
        and any(fnmatch.fnmatch(p.name.lower(), g) for g in globs)
    ]
    return sorted(found, key=lambda p: p.name.lower())


def read_lists(
    paths: list[Path],
    columns: list[Column],
    what: str,
    check_table: Callable[[Table], tuple[list[T], list[Problem]]],
) -> list[T]:
    """Read every file of a list in order and check it; raise
    :class:`InputError` with the problems of all files.

    ``what`` names the list in messages (« des candidats »).  A file is shown
    by its name, or by its full path when two files share a name.
    """
    problems: list[Problem] = []
    items: list[T] = []
    seen_paths: set[Path] = set()
    names = [p.name for p in paths]
    for path in paths:
        display = path.name if names.count(path.name) == 1 else str(path)
        resolved = path.resolve()
        if resolved in seen_paths:
            problems.append(Problem(display, f"fichier donné deux fois dans la liste {what}"))
            continue
        seen_paths.add(resolved)
        try:
            table = read_table(path, columns, display=display)
        except InputError as exc:
            problems += exc.problems
            continue
        found, file_problems = check_table(table)
        items += found
        # Incomplete rows (from the reader) and cell problems, in line order.
        problems += sorted(file_problems, key=lambda p: p.line or 0)
    if problems:
        raise InputError(problems)
    return items
