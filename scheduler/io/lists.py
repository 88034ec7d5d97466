"""The skeleton of every list reader (candidates, examiners, events), written once.

A list is one or several CSV or xlsx files (read by :func:`read_table`, so
with its tolerance for encodings, delimiters and header spellings).  Every
cell of every file is checked before anything is returned: the caller gets
either all the items, or one :class:`InputError` carrying every problem of
every file, located by file, line, column (as written in the file's header)
and value.  Non-fatal findings come back as :attr:`ListReader.warnings`.

What differs from one list to another (its columns, how a row is parsed
and cross-checked) is a subclass of :class:`ListReader`.
"""

from __future__ import annotations

import fnmatch
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from scheduler.errors import InputError, Problem
from scheduler.io.rows import FileFindings, RowCheck
from scheduler.io.tables import Column, Table, read_table

T = TypeVar("T")

#: Problems of one file past which its rows are no longer checked: the
#: first ones say what is wrong, the rest would only take time.
MAX_PROBLEMS = 1_000


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


class ListReader(ABC, Generic[T]):
    """Reads the files of one list into checked items of type ``T``.

    A subclass names its list and its :attr:`columns`, and parses one row
    (:meth:`parse_row`); it may check a whole file first
    (:meth:`check_file`).  State kept on the reader (numbers already seen…)
    spans all the files of the list.
    """

    #: The list's table contract.
    columns: list[Column]
    #: The contract of a Cyclades « Liste simple » export of this list
    #: (``None``: such an export is refused).
    export_columns: list[Column] | None = None
    #: The list in messages: « liste des candidats ».
    name: ClassVar[str]
    #: The problem when no file is given: « aucun fichier de candidats fourni ».
    no_file: ClassVar[str]
    #: The finding on a file with a header and no row.
    header_only: ClassVar[str]
    #: Whether a header-only file is a problem, or only a warning.
    header_only_is_problem: ClassVar[bool] = True
    #: Most rows of one file: past them the file is refused before its rows
    #: are checked (a session has at most 20,000 candidates).
    max_rows: ClassVar[int] = 20_000

    def __init__(self) -> None:
        #: Non-fatal findings of every file read, in file then line order.
        self.warnings: list[Problem] = []

    def read(self, paths: list[Path]) -> list[T]:
        """Read every file in order and check it; raise :class:`InputError`
        with the problems of all files.

        Items come back in file then line order.  A file is shown by its
        name, or by its full path when two files share a name.
        """
        if not paths:
            raise InputError([Problem(self.name, self.no_file)])
        problems: list[Problem] = []
        items: list[T] = []
        seen_paths: set[Path] = set()
        names = [p.name for p in paths]
        for path in paths:
            display = path.name if names.count(path.name) == 1 else str(path)
            resolved = path.resolve()
            if resolved in seen_paths:
                problems.append(Problem(display, f"fichier donné deux fois dans la {self.name}"))
                continue
            seen_paths.add(resolved)
            try:
                table = read_table(path, self.columns, display=display, export_columns=self.export_columns)
            except InputError as exc:
                problems += exc.problems
                continue
            found, file_problems = self._check_table(table)
            items += found
            # Incomplete rows (from the reader) and cell problems, in line order.
            problems += sorted(file_problems, key=lambda p: p.line or 0)
        if problems:
            raise InputError(problems)
        return items

    def check_file(self, findings: FileFindings) -> None:
        """Checks on a whole file, before its rows; none by default."""

    @abstractmethod
    def parse_row(self, row: RowCheck) -> T | None:
        """The item of one row, or ``None``.

        Problems go through ``row`` (:meth:`RowCheck.cell`,
        :meth:`RowCheck.fail`…); a row with a problem gives no item.
        """

    def _check_table(self, table: Table) -> tuple[list[T], list[Problem]]:
        findings = FileFindings(table)
        if table.export is not None and table.ignored_columns:
            # An export has many columns of its own: said once.
            listed = ", ".join(f"« {label} »" for label in table.ignored_columns)
            self.warnings.append(
                Problem(table.file, f"colonnes de l'export Cyclades non utilisées : {listed}")
            )
        else:
            for label in table.ignored_columns:
                self.warnings.append(Problem(table.file, "colonne non reconnue : ignorée", column=label))
        if not table.rows and not table.problems:
            empty = Problem(table.file, self.header_only)
            (findings.problems if self.header_only_is_problem else self.warnings).append(empty)
        if len(table.rows) > self.max_rows:
            findings.problems.append(
                Problem(table.file, f"{len(table.rows)} lignes, {self.max_rows} au plus dans une {self.name}")
            )
            return [], findings.problems
        self.check_file(findings)
        items: list[T] = []
        for row in table.rows:
            check = RowCheck(findings, row)
            item = self.parse_row(check)
            if item is not None and not check.failed:
                items.append(item)
            if len(findings.problems) >= MAX_PROBLEMS:
                findings.problems.append(
                    Problem(table.file, f"plus de {MAX_PROBLEMS} erreurs : lecture arrêtée", line=row.line)
                )
                break
        self.warnings += findings.row_warnings()
        return items, findings.problems
