"""Plan files: the ``planning.csv`` table and the versioned ``plan-vN.json`` model.

``planning.csv`` is the contract with the exam office's other tools: UTF-8 with
a BOM, ``;`` separator and CRLF line endings, which is what Excel on Windows
opens correctly by double-click.  Opened so, a cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return would be taken for a formula
(CSV injection): such a cell is written with a leading apostrophe, as OWASP
advises, and so is a cell that starts with an apostrophe itself.
:func:`read_planning_csv` removes it: the values read back are exactly
those written, the contract stays faithful.

``plan-vN.json`` keeps a computed plan with the checksums of the input files
it came from, so that a re-run can tell whether the inputs changed.  Versions
are never overwritten: each save creates the next ``plan-v<N>.json``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from scheduler.domain.plan import ABSENT, NV, PLANNED, UNPLACED, WITHDRAWN, Oral, Plan, SolverInfo, Status
from scheduler.domain.session import Candidate, CodeRank, Session, code_rank, extra_time_label
from scheduler.errors import InputError, Problem
from scheduler.io.atomic import atomic_write_bytes, write_new
from scheduler.text import hhmm

__all__ = [
    "PLANNING_COLUMNS",
    "PLAN_FORMAT",
    "PLAN_VERSION",
    "PlanFile",
    "file_checksum",
    "office_csv",
    "read_office_csv",
    "latest_plan",
    "load_plan",
    "load_plan_file",
    "plan_file_from_json",
    "plan_from_json",
    "plan_to_json",
    "plan_versions",
    "planning_rows",
    "read_planning_csv",
    "save_plan",
    "session_folder",
    "write_planning_csv",
]

PLANNING_COLUMNS: list[str] = [
    "numero",
    "nom",
    "prenom",
    "etablissement",
    "epreuve",
    "langue",
    "sujet",
    "ville",
    "site",
    "salle",
    "commission",
    "examinateurs",
    "date",
    "convocation",
    "debut_preparation",
    "debut",
    "fin",
    "statut",
    "amenagement",
]

PLAN_FORMAT = "oraux-plan"
PLAN_VERSION = 1

#: Every status a plan file may hold, in display order: placed orals first,
#: then NV, absent and withdrawn ones, then those the plan could not place.
_STATUSES: tuple[Status, ...] = (PLANNED, NV, ABSENT, WITHDRAWN, UNPLACED)
_STATUS_RANK = {status: rank for rank, status in enumerate(_STATUSES)}
_PLAN_NAME = re.compile(r"plan-v(\d+)\.json")
_TIME = re.compile(r"(\d{2,}):([0-5]\d)", re.ASCII)


# --------------------------------------------------------------------------
# planning.csv


def planning_rows(plan: Plan, session: Session, candidates: list[Candidate]) -> list[dict[str, str]]:
    """One row per oral of ``plan``, keyed by :data:`PLANNING_COLUMNS`, in display order.

    Order: épreuve (E2, E2F, E4, E5, E6, ENG), then placed orals by date, start
    and candidate number, then NV, absent, désisté and non placé orals, each
    by candidate number.
    Raise :class:`InputError` if the plan names a candidate or a site that the
    inputs do not have (a plan re-read against other inputs).
    """
    by_number = {c.number: c for c in candidates}
    problems: list[Problem] = []
    for o in plan.orals:
        if o.candidate not in by_number:
            problems.append(
                Problem(
                    f"plan {plan.session}",
                    f"le candidat {o.candidate} ({o.epreuve}) figure dans le plan mais pas dans la liste des candidats",
                )
            )
        if o.site is not None and o.site not in session.sites:
            problems.append(
                Problem(
                    f"plan {plan.session}",
                    f"le site « {o.site} » (candidat {o.candidate}, {o.epreuve}) n'existe pas dans la session",
                )
            )
    if problems:
        raise InputError(problems)

    rows: list[dict[str, str]] = []
    for o in sorted(plan.orals, key=_display_key):
        c = by_number[o.candidate]
        site = session.sites[o.site] if o.site is not None else None
        row = {
            "numero": c.number,
            "nom": c.surname,
            "prenom": c.given_name,
            "etablissement": c.etablissement,
            "epreuve": o.epreuve,
            "langue": o.language or "",
            "sujet": o.subject or "",
            "ville": site.town if site else "",
            "site": site.etablissement if site else "",
            "salle": o.room or "",
            "commission": o.commission or "",
            "examinateurs": "+".join(o.examiners),
            "date": o.day.isoformat() if o.day else "",
            "convocation": _time_cell(o.convocation),
            "debut_preparation": _time_cell(o.preparation_start),
            "debut": _time_cell(o.start),
            "fin": _time_cell(o.end),
            "statut": o.status,
            "amenagement": extra_time_label(c.extra_time),
        }
        rows.append(row)
    return rows


def _display_key(o: Oral) -> tuple[CodeRank, str, int, date, int, str]:
    # Unknown épreuve codes (none today) go last rather than crash the export.
    return (
        code_rank(o.epreuve),
        o.epreuve,
        _STATUS_RANK.get(o.status, len(_STATUS_RANK)),
        o.day or date.min,
        o.start if o.start is not None else -1,
        o.candidate,
    )


def _time_cell(minutes: int | None) -> str:
    return "" if minutes is None else hhmm(minutes)


def planning_csv_bytes(plan: Plan, session: Session, candidates: list[Candidate]) -> bytes:
    """The ``planning.csv`` contract as bytes (see :func:`office_csv`)."""
    return office_csv(PLANNING_COLUMNS, planning_rows(plan, session, candidates))


def office_csv(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> bytes:
    """A table as the office's spreadsheets open it: UTF-8 with BOM, ``;``, CRLF.

    A value a spreadsheet would take for a formula gets a leading apostrophe
    (see the module docstring and :func:`read_planning_csv`)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer,
        fieldnames=list(columns),
        delimiter=";",
        lineterminator="\r\n",
        quoting=csv.QUOTE_MINIMAL,
    )
    writer.writeheader()
    writer.writerows({k: _guarded(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def read_office_csv(data: bytes) -> list[dict[str, str]]:
    """The rows of a table :func:`office_csv` wrote, the values as they were given."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    return [{k: _unguarded(v or "") for k, v in row.items() if k is not None} for row in reader]


#: First characters that make a spreadsheet read a cell as a formula (OWASP,
#: CSV injection), and the apostrophe that escapes them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = (*FORMULA_STARTS, "'")


def _guarded(value: str) -> str:
    """``'=HYPERLINK(…)`` for ``=HYPERLINK(…)``: text to a spreadsheet."""
    return "'" + value if value.startswith(_ESCAPED) else value


def _unguarded(value: str) -> str:
    """The value :func:`_guarded` was given."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_ESCAPED) else value


def write_planning_csv(path: Path, plan: Plan, session: Session, candidates: list[Candidate]) -> None:
    """Write ``planning.csv`` atomically; any error leaves the old file as is."""
    atomic_write_bytes(path, planning_csv_bytes(plan, session, candidates))


def read_planning_csv(path: Path) -> list[dict[str, str]]:
    """Read a ``planning.csv`` written by :func:`write_planning_csv`, values
    as they were before their formula guard (apostrophe) was added.

    The header must be exactly :data:`PLANNING_COLUMNS`; raise
    :class:`InputError` otherwise, or if a row has the wrong number of cells.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, "fichier introuvable")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"lecture impossible ({exc.strerror or exc})")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "le fichier doit être encodé en UTF-8")]) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            if record:  # csv yields [] for blank lines, e.g. one added by hand at the end
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error:
        raise InputError(
            [Problem(name, "guillemets mal placés : le fichier semble tronqué ou modifié", line=start)]
        ) from None
    if not records:
        raise InputError([Problem(name, "le fichier est vide")])
    header_line, header = records[0]
    if header != PLANNING_COLUMNS:
        raise InputError(
            [
                Problem(
                    name,
                    "en-tête inattendu, attendu : " + ";".join(PLANNING_COLUMNS),
                    line=header_line,
                    value=";".join(header),
                )
            ]
        )
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    for line, record in records[1:]:
        if len(record) != len(PLANNING_COLUMNS):
            problems.append(
                Problem(name, f"{len(record)} cellules au lieu de {len(PLANNING_COLUMNS)}", line=line)
            )
            continue
        rows.append({k: _unguarded(v) for k, v in zip(PLANNING_COLUMNS, record, strict=True)})
    if problems:
        raise InputError(problems)
    return rows


# --------------------------------------------------------------------------
# plan-vN.json


@dataclass
class PlanFile:
    """A plan file's content: the plan and what it records about its origin."""

    plan: Plan
    #: Checksum of each input file, by name (``{"session.toml": "sha256:…"}``).
    inputs: dict[str, str] = field(default_factory=dict)
    #: File name of the plan this one was re-computed from, if any.
    parent: str | None = None
    #: Changes applied since the parent (withdrawals, absences…), as recorded.
    events: list[dict[str, Any]] = field(default_factory=list)
    #: When the file was written (ISO 8601), informational only.
    created: str | None = None
    #: Folders of the sessions this one shares sites with (absolute paths):
    #: planned together, so that a re-run keeps off their latest plans.
    shared_with: list[str] = field(default_factory=list)


def plan_to_json(
    plan: Plan,
    *,
    inputs: dict[str, str],
    parent: str | None = None,
    events: list[dict[str, Any]] | None = None,
    created: str | None = None,
    shared_with: list[str] | None = None,
) -> str:
    """Serialise ``plan`` with its provenance; stable output (sorted keys, ``indent=1``).

    ``created`` is omitted when ``None`` so that the same plan gives the same
    text, ``shared_with`` (``planifie_avec``) when empty.  Raise
    :class:`ValueError` on a NaN or infinite number: the file must stay
    standard JSON that other tools can read.
    """
    doc: dict[str, Any] = {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "session": plan.session,
        "inputs": dict(inputs),
        "parent": parent,
        "events": list(events or []),
        "solver": _solver_to_dict(plan.solver),
        "diagnostics": list(plan.diagnostics),
        "notes": list(plan.notes),
        "orals": [_oral_to_dict(o) for o in plan.orals],
    }
    if created is not None:
        doc["created"] = created
    if shared_with:
        doc["planifie_avec"] = list(shared_with)
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _solver_to_dict(s: SolverInfo) -> dict[str, Any]:
    gap = s.gap
    if gap is not None and not math.isfinite(gap):
        # The ratio of two finite numbers can still overflow; gap is only
        # informational, so it must not make a valid plan unsavable.
        gap = None
    return {
        "status": s.status,
        "objective": s.objective,
        "bound": s.bound,
        # Derived, written for people reading the file; ignored when loading.
        "gap": gap,
        "wall_time": s.wall_time,
        "parameters": dict(s.parameters),
        "stages": [dict(stage) for stage in s.stages],
    }


def _oral_to_dict(o: Oral) -> dict[str, Any]:
    return {
        "candidate": o.candidate,
        "epreuve": o.epreuve,
        "status": o.status,
        "language": o.language,
        "subject": o.subject,
        "site": o.site,
        "room": o.room,
        "commission": o.commission,
        "examiners": list(o.examiners),
        "day": o.day.isoformat() if o.day else None,
        "convocation": _time_json(o.convocation),
        "preparation_start": _time_json(o.preparation_start),
        "start": _time_json(o.start),
        "end": _time_json(o.end),
    }


def _time_json(minutes: int | None) -> str | None:
    return None if minutes is None else hhmm(minutes)


def plan_from_json(text: str, *, name: str = "plan") -> Plan:
    """Parse a plan written by :func:`plan_to_json`; ``name`` is used in messages."""
    return plan_file_from_json(text, name=name).plan


def plan_file_from_json(text: str, *, name: str = "plan") -> PlanFile:
    """Parse a plan file with its provenance; raise :class:`InputError` (French) if invalid."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(name, f"contenu JSON invalide (caractère {exc.colno})", line=exc.lineno)]
        ) from None
    return _Reader(name).document(doc)


def load_plan(path: Path) -> Plan:
    """Read a ``plan-vN.json`` file; raise :class:`InputError` if it is unusable."""
    return load_plan_file(path).plan


def load_plan_file(path: Path) -> PlanFile:
    """Read a ``plan-vN.json`` file with its provenance (inputs, parent, events)."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, "fichier de plan introuvable")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"lecture impossible ({exc.strerror or exc})")]) from None
    try:
        # utf-8-sig: a plan opened and saved again in Notepad gains a BOM.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "le fichier de plan doit être encodé en UTF-8")]) from None
    return plan_file_from_json(text, name=name)


class _Reader:
    """Checks a decoded plan document, collecting every problem before raising."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str, value: object = None) -> None:
        shown = None if value is None else json.dumps(value, ensure_ascii=False)
        self.problems.append(Problem(self.name, f"{where} : {message}", value=shown))

    def document(self, doc: object) -> PlanFile:
        if not isinstance(doc, dict) or doc.get("format") != PLAN_FORMAT:
            raise InputError(
                [Problem(self.name, "ce fichier n'est pas un plan oraux (format « oraux-plan » attendu)")]
            )
        version = doc.get("version")
        if version != PLAN_VERSION:
            raise InputError(
                [
                    Problem(
                        self.name,
                        f"version de plan non prise en charge (attendu {PLAN_VERSION}) : "
                        "le fichier vient d'une autre version du logiciel",
                        value=json.dumps(version),
                    )
                ]
            )
        session = self.text(doc, "session", "session")
        inputs = self.mapping_of_text(doc, "inputs")
        parent = self.optional_text(doc, "parent", "parent")
        events = self.events(doc)
        created = self.optional_text(doc, "created", "created")
        shared_with = self.list_of_text(doc, "planifie_avec") if "planifie_avec" in doc else []
        solver = self.solver(doc.get("solver"))
        diagnostics = self.list_of_text(doc, "diagnostics")
        notes = self.list_of_text(doc, "notes")
        raw_orals = doc.get("orals")
        orals: list[Oral] = []
        if not isinstance(raw_orals, list):
            self.fail("orals", "liste des oraux absente ou invalide")
        else:
            for i, raw in enumerate(raw_orals, start=1):
                oral = self.oral(i, raw)
                if oral is not None:
                    orals.append(oral)
        if self.problems or session is None or solver is None:
            raise InputError(self.problems or [Problem(self.name, "plan invalide")])
        plan = Plan(session=session, orals=orals, solver=solver, diagnostics=diagnostics, notes=notes)
        return PlanFile(
            plan=plan, inputs=inputs, parent=parent, events=events, created=created, shared_with=shared_with
        )

    # -- scalar fields

    def text(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if not isinstance(value, str):
            self.fail(where, "texte attendu" if key in obj else "champ obligatoire absent", value)
            return None
        return value

    def optional_text(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(where, "texte ou null attendu", value)
            return None
        return value

    def number(self, obj: dict[str, Any], key: str, where: str, *, optional: bool) -> float | None:
        value = obj.get(key)
        if value is None and optional:
            return None
        # bool is an int in Python but never a valid number in a plan file.
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, "nombre attendu", value)
            return None
        return float(value)

    def time(self, obj: dict[str, Any], key: str, where: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        m = _TIME.fullmatch(value) if isinstance(value, str) else None
        if m is None:
            self.fail(where, "heure HH:MM ou null attendue", value)
            return None
        return int(m.group(1)) * 60 + int(m.group(2))

    def day(self, obj: dict[str, Any], key: str, where: str) -> date | None:
        value = obj.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(where, "date AAAA-MM-JJ ou null attendue", value)
            return None

    # -- collections

    def list_of_text(self, obj: dict[str, Any], key: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "liste de textes attendue", value)
            return []
        return list(value)

    def mapping_of_text(self, obj: dict[str, Any], key: str) -> dict[str, str]:
        value = obj.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.fail(key, "table de textes attendue", value)
            return {}
        return dict(value)

    def events(self, obj: dict[str, Any]) -> list[dict[str, Any]]:
        value = obj.get("events")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail("events", "liste d'objets attendue", value)
            return []
        return list(value)

    def solver(self, raw: object) -> SolverInfo | None:
        if not isinstance(raw, dict):
            self.fail("solver", "informations du solveur absentes ou invalides")
            return None
        before = len(self.problems)
        status = self.text(raw, "status", "solver.status")
        objective = self.number(raw, "objective", "solver.objective", optional=True)
        bound = self.number(raw, "bound", "solver.bound", optional=True)
        wall_time = self.number(raw, "wall_time", "solver.wall_time", optional=False)
        parameters = raw.get("parameters", {})
        if not isinstance(parameters, dict) or not all(_is_scalar(v) for v in parameters.values()):
            self.fail("solver.parameters", "table de textes ou de nombres attendue", parameters)
            parameters = {}
        stages = raw.get("stages", [])
        if not isinstance(stages, list) or not all(
            isinstance(s, dict) and all(v is None or _is_scalar(v) for v in s.values()) for s in stages
        ):
            self.fail("solver.stages", "liste d'étapes (tables de textes ou de nombres) attendue", stages)
            stages = []
        if len(self.problems) > before or status is None or wall_time is None:
            return None
        return SolverInfo(
            status=status,
            objective=objective,
            bound=bound,
            wall_time=wall_time,
            parameters=dict(parameters),
            stages=[dict(s) for s in stages],
        )

    def oral(self, i: int, raw: object) -> Oral | None:
        if not isinstance(raw, dict):
            self.fail(f"oral n° {i}", "objet attendu", raw)
            return None
        before = len(self.problems)
        candidate = self.text(raw, "candidate", f"oral n° {i}, candidate")
        who = f"oral n° {i} (candidat {candidate}, {raw.get('epreuve')})"
        epreuve = self.text(raw, "epreuve", f"{who}, epreuve")
        status = raw.get("status")
        if isinstance(status, str):
            # A plan edited by hand may carry decomposed accents (é as e + ´).
            status = unicodedata.normalize("NFC", status)
        if status not in _STATUSES:
            self.fail(f"{who}, status", "statut invalide, attendu " + ", ".join(_STATUSES), status)
        optional = {
            key: self.optional_text(raw, key, f"{who}, {key}")
            for key in ("language", "subject", "site", "room", "commission")
        }
        examiners = raw.get("examiners", [])
        if not isinstance(examiners, list) or not all(isinstance(e, str) for e in examiners):
            self.fail(f"{who}, examiners", "liste de textes attendue", examiners)
            examiners = []
        day = self.day(raw, "day", f"{who}, day")
        times = {
            key: self.time(raw, key, f"{who}, {key}")
            for key in ("convocation", "preparation_start", "start", "end")
        }
        if len(self.problems) > before or candidate is None or epreuve is None:
            return None
        return Oral(
            candidate=candidate,
            epreuve=epreuve,
            status=cast(Status, status),
            language=optional["language"],
            subject=optional["subject"],
            site=optional["site"],
            room=optional["room"],
            commission=optional["commission"],
            examiners=tuple(examiners),
            day=day,
            convocation=times["convocation"],
            preparation_start=times["preparation_start"],
            start=times["start"],
            end=times["end"],
        )


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float)


# --------------------------------------------------------------------------
# Files and versions


def file_checksum(path: Path) -> str:
    """``sha256:<hex>`` of the file's bytes, to record which inputs a plan came from."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def plan_versions(folder: Path) -> dict[int, Path]:
    """The plan files of a session's folder by version number."""
    if not folder.is_dir():
        return {}
    out: dict[int, Path] = {}
    for p in folder.iterdir():
        m = _PLAN_NAME.fullmatch(p.name)
        if m and p.is_file():
            out[int(m.group(1))] = p
    return out


def session_folder(models_dir: Path, session_code: str) -> Path:
    """``models_dir/<code>``, the folder of a session's plan files."""
    # The code comes from session.toml; it must not escape models_dir.
    if not session_code or session_code in (".", "..") or any(c in session_code for c in "/\\:"):
        raise ValueError(f"invalid session code for a folder name: {session_code!r}")
    return Path(models_dir) / session_code


def save_plan(
    models_dir: Path,
    plan: Plan,
    *,
    inputs: dict[str, str],
    parent: str | None = None,
    events: list[dict[str, Any]] | None = None,
    created: str | None = None,
    version: int | None = None,
    shared_with: list[str] | None = None,
) -> Path:
    """Write ``models_dir/<session>/plan-v<N>.json`` with the next free ``N``
    (``version`` when given); return its path.

    Never overwrites: if another process takes ``plan-v<N>.json`` meanwhile,
    the next number is tried (a given ``version`` raises :class:`FileExistsError`).
    ``created`` (ISO 8601) defaults to now, so the office can tell versions
    apart; it is informational and never compared.
    """
    folder = session_folder(models_dir, plan.session)
    folder.mkdir(parents=True, exist_ok=True)
    # Serialise before picking a name: a failure must not consume a version.
    if created is None:
        created = datetime.now().astimezone().isoformat(timespec="seconds")
    data = plan_to_json(
        plan, inputs=inputs, parent=parent, events=events, created=created, shared_with=shared_with
    ).encode("utf-8")
    if version is not None:
        path = folder / f"plan-v{version}.json"
        write_new(path, data)
        return path
    n = max(plan_versions(folder), default=0) + 1
    while True:
        path = folder / f"plan-v{n}.json"
        try:
            write_new(path, data)
        except FileExistsError:
            n += 1
            continue
        return path


def latest_plan(models_dir: Path, session_code: str) -> Path | None:
    """The highest-numbered ``plan-v<N>.json`` of the session (v10 after v9), or ``None``."""
    versions = plan_versions(session_folder(models_dir, session_code))
    return versions[max(versions)] if versions else None
