"""Checking the rows of a list file: located problems, warnings, repeats.

A list reader parses each row through a :class:`RowCheck`: every cell that
does not fit becomes a :class:`~scheduler.errors.Problem` located by file,
line, column (as written in the file's header) and value, and the row is
dropped; warnings are kept apart, those repeated on many rows grouped into
one, so that a list of 500 rows stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from scheduler.errors import Problem
from scheduler.io.tables import Row, Table

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


def id_key(text: str) -> str:
    """Identifier comparison key: spaces dropped, upper case."""
    return re.sub(r"\s+", "", text).upper()


class FirstSeen:
    """Where each key was first given, across all the files of one list."""

    def __init__(self) -> None:
        self._first: dict[Hashable, Seen] = {}

    def repeat(self, key: Hashable, file: str, line: int, label: str = "") -> Seen | None:
        """The first occurrence of ``key``; ``None`` when this is it, which is then recorded."""
        first = self._first.get(key)
        if first is None:
            self._first[key] = Seen(file, line, label)
        return first


@dataclass
class FileFindings:
    """What the rows of one file gave besides their items: problems and warnings."""

    table: Table
    #: Starts with the rows the table reader could not read.
    problems: list[Problem] = field(init=False)
    #: Warnings given as they are, one per row.
    notes: list[Problem] = field(default_factory=list)
    #: Warnings grouped per distinct (column, message, value) of the file.
    grouped: dict[tuple[str, str, str], Seen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems = list(self.table.problems)

    def row_warnings(self) -> list[Problem]:
        """Every row warning of the file in line order, a group at its first line."""
        warnings = list(self.notes)
        for (column, message, value), seen in self.grouped.items():
            others = f" (et {seen.count - 1} autre(s) ligne(s))" if seen.count > 1 else ""
            warnings.append(
                Problem(
                    self.table.file,
                    message + others,
                    line=seen.line,
                    column=self.table.headers.get(column, column),
                    value=value,
                )
            )
        return sorted(warnings, key=lambda p: p.line or 0)


class RowCheck:
    """The checks of one row: its cells, its problems and its warnings."""

    def __init__(self, findings: FileFindings, row: Row) -> None:
        self._findings = findings
        self._table = findings.table
        self._row = row
        self._before = len(findings.problems)
        #: The row's cells by canonical column name ("" for an absent column).
        self.values = row.values
        self.file = findings.table.file
        self.line = row.line

    @property
    def source(self) -> tuple[str, int]:
        """``(file name, line)``, as items record where they come from."""
        return (self.file, self.line)

    @property
    def failed(self) -> bool:
        """Whether a problem was found on this row (its item is then dropped)."""
        return len(self._findings.problems) > self._before

    def header(self, column: str) -> str:
        """The header of canonical ``column`` as written in the file."""
        return self._table.headers.get(column, column)

    def has_column(self, column: str) -> bool:
        """Whether the file has a header for canonical ``column``."""
        return column in self._table.headers

    def at(self, column: str, message: str) -> Problem:
        """A finding located at this row and ``column``, with the cell's value."""
        return self._table.problem(self._row, column, message)

    def cell(self, column: str, parse: Callable[[str], T]) -> T | None:
        """``parse`` of the cell; ``None`` with a problem when it raises :class:`Invalid`."""
        try:
            return parse(self.values[column])
        except Invalid as exc:
            self.fail(column, str(exc))
            return None

    def fail(self, column: str, message: str) -> None:
        """Report a problem on ``column``, the column that must change."""
        self._findings.problems.append(self.at(column, message))

    def missing(self, column: str, message: str) -> None:
        """Report an empty ``column`` that this row needs, saying to add the column if absent."""
        hint = "" if self.has_column(column) else f" (ajoutez une colonne « {column} »)"
        self.fail(column, message + hint)

    def unique(self, column: str, seen: FirstSeen, key: Hashable, label: str, what: str) -> None:
        """Report ``column`` when ``key`` was given before: « numéro en double : déjà attribué ligne 4 (…) »."""
        first = seen.repeat(key, self.file, self.line, label)
        if first is not None:
            who = f" ({first.label})" if first.label else ""
            self.fail(column, f"{what} en double : déjà attribué {self.where(first)}{who}")

    def repeat(self, seen: FirstSeen, key: Hashable, label: str = "") -> Seen | None:
        """The first row that gave ``key``, or ``None`` when this row is it."""
        return seen.repeat(key, self.file, self.line, label)

    def where(self, first: Seen) -> str:
        """« ligne 4 », or « fichier a.csv, ligne 4 » when ``first`` is in another file."""
        if first.file == self.file:
            return f"ligne {first.line}"
        return f"fichier {first.file}, ligne {first.line}"

    def note(self, warning: Problem) -> None:
        """Keep a warning of this row as it is."""
        self._findings.notes.append(warning)

    def warn(self, column: str, message: str) -> None:
        """Warn on ``column``, grouped with the rows of the file that get the same warning and value."""
        key = (column, message, self.values[column])
        grouped = self._findings.grouped
        if key in grouped:
            grouped[key].count += 1
        else:
            grouped[key] = Seen(self.file, self.line, "")
