"""Reading tables as exam offices export them: CSV or xlsx, tolerant headers.

CSV files may use ``;`` ``,`` or tab, be UTF-8 (with or without BOM) or
Windows-1252; header names match whatever their case, accents and spacing,
with aliases.  Structural problems (empty, binary, truncated, missing header)
raise :class:`~scheduler.errors.InputError`; cell-level checks belong to the
caller, who gets every row with its line number.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from scheduler.errors import InputError, Problem
from scheduler.io import cyclades
from scheduler.text import loose_key

_DELIMITERS = (";", ",", "\t")


#: The key names are compared by; the rule itself is written once in
#: :mod:`scheduler.text` (this name stays for :mod:`scheduler.precheck.summary`).
normalize = loose_key


def _header_key(text: str) -> str:
    key = loose_key(text)
    # "N° candidat", "No candidat", "Num. candidat" all mean the number.
    key = re.sub(r"^(no|n|num)\b", "numero", key)
    return key.replace(" ", "")


@dataclass(frozen=True)
class Column:
    """A column of a table contract: canonical name, aliases, obligation."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    #: Headers the session names for this column (``session.toml``,
    #: ``[colonnes.<liste>]``): they win over every other column's aliases.
    mapped: tuple[str, ...] = ()

    def header_keys(self) -> set[str]:
        """The keys (see :func:`_header_key`) of the headers that name this column."""
        return {_header_key(self.name)} | {_header_key(a) for a in self.aliases}

    def mapped_keys(self) -> set[str]:
        return {_header_key(a) for a in self.mapped}


def mapped_columns(columns: list[Column], mapping: dict[str, tuple[str, ...]]) -> list[Column]:
    """``columns`` with the headers ``mapping`` gives each (by canonical name)."""
    return [replace(c, mapped=mapping.get(c.name, ())) for c in columns]


@dataclass(frozen=True)
class Row:
    """One data row: its line in the file and its cells by canonical name."""

    line: int
    values: dict[str, str]


@dataclass
class Table:
    """A table read from one file, headers resolved to canonical names."""

    file: str
    rows: list[Row]
    headers: dict[str, str]
    ignored_columns: list[str] = field(default_factory=list)
    #: Rows that could not be read (incomplete, too long); they are left out
    #: of ``rows`` so that the caller can still check the others.
    problems: list[Problem] = field(default_factory=list)
    #: The preamble of a Cyclades export (``None`` for any other file).
    export: cyclades.Export | None = None

    def problem(self, row: Row, column: str, message: str) -> Problem:
        """A problem located at ``row`` and canonical ``column``."""
        return Problem(
            file=self.file,
            line=row.line,
            column=self.headers.get(column, column),
            value=row.values.get(column, ""),
            message=message,
        )


def read_table(
    path: Path,
    columns: list[Column],
    *,
    display: str | None = None,
    export_columns: list[Column] | None = None,
) -> Table:
    """Read ``path`` (CSV or xlsx) against the ``columns`` contract.

    A Cyclades « Liste simple » export (:mod:`scheduler.io.cyclades`) is
    read against ``export_columns``, its preamble's établissement and UAI
    standing for the ``etablissement`` and ``uai`` columns it lacks; a list
    given no such contract refuses it."""
    name = display or str(path)
    if not path.is_file():
        raise InputError([Problem(name, "fichier introuvable")])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            [
                Problem(
                    name,
                    f"fichier trop gros : {size // 1_000_000} Mo, {MAX_FILE_BYTES // 1_000_000} Mo au plus",
                )
            ]
        )
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _resolve(_xlsx_cells(data, name), columns, name)
    text = _csv_text(data, name)
    if not cyclades.is_export(text):
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        return _resolve(_csv_records(text, name, max(_DELIMITERS, key=first.count)), columns, name)
    if export_columns is None:
        raise InputError(
            [
                Problem(
                    name, "export Cyclades (« Liste simple ») : seule une liste de candidats peut en être un"
                )
            ]
        )
    export = cyclades.split_export(_csv_records(text, name, cyclades.DELIMITER, cyclades.QUOTE))
    fixed: dict[str, tuple[str, str]] = {}
    if export.etablissement:
        where = f"en-tête de l'export, ligne {export.etablissement_line}"
        fixed["etablissement"] = (export.etablissement, f"établissement ({where})")
        if export.uai:
            fixed["uai"] = (export.uai, f"UAI ({where})")
    table = _resolve(export.cells, export_columns, name, fixed=fixed)
    table.export = export
    return table


def _csv_text(data: bytes, name: str) -> str:
    """The text of a CSV file, refused with a French reason when it is none."""
    if not data.strip():
        raise InputError([Problem(name, "le fichier est vide")])
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            [
                Problem(
                    name,
                    "ce fichier est un classeur Excel renommé : enregistrez-le en .xlsx ou exportez-le en CSV",
                )
            ]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Texte Unicode" export is UTF-16 with a BOM: its NUL bytes
        # must not be mistaken for a binary file.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                [Problem(name, "fichier UTF-16 endommagé : réenregistrez-le en CSV UTF-8")]
            ) from None
    elif b"\x00" in data[:4096]:
        raise InputError([Problem(name, "fichier binaire, pas un tableau CSV (ni texte, ni .xlsx)")])
    else:
        text = _decode(data, name)
    return text


def _csv_records(text: str, name: str, delimiter: str, quote: str = '"') -> list[tuple[int, list[str]]]:
    """The records of a CSV text, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quote, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        # The csv module reports two different faults; only the end-of-data
        # one means an unclosed quote.
        if "field larger than field limit" in str(exc):
            message = f"cellule démesurée (plus de {csv.field_size_limit()} caractères) : {MAX_CELL} au plus"
        elif "end of data" in str(exc):
            message = "guillemet non refermé : le fichier semble tronqué ou mal exporté"
        else:
            message = "texte après un guillemet fermant : mettez tout le champ entre guillemets"
        raise InputError([Problem(name, message, line=start)]) from None
    return rows


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            [Problem(name, "encodage non reconnu : enregistrez le fichier en UTF-8 ou en Windows-1252")]
        ) from None
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text):
        raise InputError([Problem(name, "fichier binaire, pas un tableau CSV (ni texte, ni .xlsx)")])
    return text


def _xlsx_cells(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    # Imported on use: most lists are CSV, and openpyxl takes a while to load.
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InputError([Problem(name, "classeur Excel illisible ou endommagé")]) from None
    try:
        ws = wb.worksheets[0]
        # In read-only mode openpyxl trusts the sheet's stored <dimension>,
        # which some exporters omit or write as "A1" (only column A would be
        # read); recompute it from the cells themselves.
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        rows = [
            (i, [_cell_text(v) for v in values])
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
    finally:
        wb.close()
    # Without a dimension, rows stop at their last non-empty cell; in a sheet
    # that means empty cells, not a truncated row, so pad to the widest row.
    width = max((len(r) for _, r in rows), default=0)
    rows = [(i, r + [""] * (width - len(r))) for i, r in rows]
    if not any(any(c for c in r) for _, r in rows):
        raise InputError([Problem(name, "la première feuille du classeur est vide")])
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _resolve(
    cells: list[tuple[int, list[str]]],
    columns: list[Column],
    name: str,
    *,
    fixed: dict[str, tuple[str, str]] | None = None,
) -> Table:
    """The table of ``cells`` (the header first) against ``columns``;
    ``fixed`` gives, for a column the header lacks, the value of every row
    and how messages name it."""
    fixed = fixed or {}
    nonempty = [(line, rec) for line, rec in cells if any(c.strip() for c in rec)]
    if not nonempty:
        raise InputError([Problem(name, "le fichier est vide")])
    header_line, header = nonempty[0]
    by_key: dict[str, Column] = {}
    for column in columns:
        for key in column.header_keys():
            by_key[key] = column
    for column in columns:
        for key in column.mapped_keys():
            by_key[key] = column
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for pos, raw in enumerate(header):
        label = raw.strip()
        if not label:
            continue
        col = by_key.get(_header_key(label))
        if col is None:
            if label not in ignored:  # Cyclades repeats « Division de classe »
                ignored.append(label)
        elif col.name in index:
            problems.append(
                Problem(
                    name,
                    f"colonne en double : « {headers[col.name]} » et « {label} » désignent toutes deux « {col.name} »",
                    line=header_line,
                )
            )
        else:
            index[col.name] = pos
            headers[col.name] = label
    given = {c: fixed[c] for c in (col.name for col in columns) if c in fixed and c not in index}
    headers.update({c: label for c, (_, label) in given.items()})
    missing = [c.name for c in columns if c.required and c.name not in index and c.name not in given]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "aucun"
        problems.append(
            Problem(
                name,
                f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)} (en-têtes trouvés : {found})",
                line=header_line,
            )
        )
    if problems:
        raise InputError(problems)
    width = max(index.values(), default=0) + 1
    rows: list[Row] = []
    for line, rec in nonempty[1:]:
        if len(rec) < width:
            problems.append(
                Problem(
                    name,
                    f"ligne incomplète : {len(rec)} valeur(s) au lieu de {len(header)} (fichier tronqué ?)",
                    line=line,
                    value=";".join(rec),
                )
            )
            continue
        extra = [c for c in rec[len(header) :] if c.strip()]
        if extra:
            problems.append(
                Problem(
                    name,
                    f"trop de valeurs : {len(rec)} au lieu de {len(header)} (séparateur dans un champ non protégé ?)",
                    line=line,
                    value=";".join(rec),
                )
            )
            continue
        values = {c: rec[i].strip() for c, i in index.items()}
        unreadable = [
            Problem(name, why, line=line, column=headers.get(c, c), value=_shown(v))
            for c, v in values.items()
            if (why := _unprintable(v))
        ]
        if unreadable:
            problems += unreadable
            continue
        values.update({c: value for c, (value, _) in given.items()})
        for col in columns:
            values.setdefault(col.name, "")
        rows.append(Row(line, values))
    return Table(name, rows, headers, ignored, problems)


#: Largest list file read (20,000 candidates take about 4 MB).
MAX_FILE_BYTES = 50_000_000
#: Longest cell kept: a name, an address or a comment, with room to spare.
MAX_CELL = 500
#: Control characters (tab and line breaks excepted, which CSV may quote):
#: they cannot be printed, nor written in a workbook.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _unprintable(value: str) -> str | None:
    """Why a cell cannot be taken as it is, or ``None``."""
    if len(value) > MAX_CELL:
        return f"valeur trop longue : {len(value)} caractères, {MAX_CELL} au plus"
    found = _CONTROL.search(value)
    if found:
        return f"caractère de contrôle invisible (code {ord(found.group()):#04x}) : à retirer"
    return None


def _shown(value: str) -> str:
    """The value as a message shows it: control characters spelt out, cut if long."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return text if len(text) <= 80 else text[:77] + "…"
