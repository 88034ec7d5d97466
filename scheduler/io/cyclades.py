"""Cyclades « Liste simple » exports, read as they come out of the national
exam application.

Such a file is UTF-8 with a BOM, ``;``-separated, with ``'`` as its quote
character (``'TMA'``), ``" -"`` in its empty cells, and about nine lines of
preamble before its header: the session year, « Listes simples », the
établissement with its UAI code in brackets, the kind of edition, « Edité le
… », then the search, grouping and sort criteria.  One column name may be
repeated (« Division de classe »).  Example (fictitious)::

    2023;;;;
    Listes simples;;;;
    LYC TEST – VILLEFICTIVE  (0921234A);;;;
    Type d'édition : Liste simple;;;;
    Edité le 23/01/2023 10:49;;;;
    …
    Division de classe;N° Candidat;N° Inscription;…;Nom de famille;Nom d'usage;Prénom(s);…
    'TMA';2011557741;002 Version 2; -;ALLARD; -;Victoire;…

This module recognises such a text and splits it into its preamble and its
table; :func:`scheduler.io.tables.read_table` reads the table against the
list's contract, the établissement of the preamble standing for a column
the export does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.text import loose_key

#: The separator and quote character of the export.
DELIMITER = ";"
QUOTE = "'"
#: How the export writes an empty cell (once stripped).
EMPTY = "-"
#: Lines read to recognise an export: its preamble is about nine lines.
PREAMBLE_LINES = 15
#: What the preamble's lines begin with (compared without case nor accents).
_MARKERS = ("listes simples", "liste simple", "type d edition")
#: « LYC TEST – VILLEFICTIVE  (0921234A) »: a UAI is seven digits and a letter.
_UAI = re.compile(r"^(?P<name>.*?)\s*\((?P<uai>\d{7}[A-Za-z])\)\s*$")
#: A header has at least this many named columns; a preamble line has one cell.
_HEADER_CELLS = 3


def is_export(text: str) -> bool:
    """Whether ``text`` (a decoded CSV file) is a Cyclades « Liste simple » export."""
    for line in text.splitlines()[:PREAMBLE_LINES]:
        first = line.split(DELIMITER, 1)[0]
        if loose_key(first).startswith(_MARKERS):
            return True
    return False


@dataclass(frozen=True)
class Export:
    """A Cyclades export split into its preamble and its table."""

    #: The preamble's lines (their first cell), in order.
    preamble: tuple[str, ...]
    #: The établissement of the preamble, without its UAI (``None`` if absent).
    etablissement: str | None
    #: Its UAI code, upper case (``None`` if absent).
    uai: str | None
    #: Line of the établissement in the file (for messages).
    etablissement_line: int | None
    #: The header and the rows after it, by line, cells stripped, « - » made empty.
    cells: list[tuple[int, list[str]]]


def split_export(records: list[tuple[int, list[str]]]) -> Export:
    """The preamble and the table of an export read as CSV records (with
    their line numbers): the header is the first record with at least
    three non-empty cells."""
    start = next(
        (k for k, (_, rec) in enumerate(records) if sum(1 for c in rec if c.strip()) >= _HEADER_CELLS),
        len(records),
    )
    preamble = [(line, next((c.strip() for c in rec if c.strip()), "")) for line, rec in records[:start]]
    name = uai = at = None
    for line, text in preamble:
        found = _UAI.match(text)
        if found:
            name, uai, at = found["name"].strip(), found["uai"].upper(), line
            break
    cells = [(line, [_cell(c) for c in rec]) for line, rec in records[start:]]
    return Export(tuple(t for _, t in preamble if t), name, uai, at, cells)


def _cell(raw: str) -> str:
    text = raw.strip()
    return "" if text == EMPTY else text
