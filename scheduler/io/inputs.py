"""Everything a command needs from a session folder, loaded and checked once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.errors import InputError, Problem
from scheduler.io.candidates import default_candidate_files, load_candidates
from scheduler.io.examiners import default_examiner_files, load_examiners
from scheduler.io.session_file import load_session


@dataclass(frozen=True)
class Inputs:
    """A checked session with its candidates, its examiners (if any) and the
    non-fatal warnings."""

    session: Session
    candidates: list[Candidate]
    files: list[Path]
    warnings: list[Problem]
    examiners: list[Examiner] = field(default_factory=list)
    examiner_files: list[Path] = field(default_factory=list)


def load_inputs(
    folder: Path,
    candidate_files: list[Path] | None = None,
    examiner_files: list[Path] | None = None,
    *,
    with_examiners: bool = False,
) -> Inputs:
    """Load the session folder, its candidate list(s) and, when asked, its
    examiner list(s) (``examiner_files``, else the folder's
    ``examinateurs*``); raise :class:`InputError` with every problem."""
    session = load_session(folder)
    files = list(candidate_files or default_candidate_files(folder))
    if not files:
        raise InputError(
            [Problem(str(folder), "aucune liste de candidats (candidats*.csv ou candidats*.xlsx)")]
        )
    problems: list[Problem] = []
    try:
        loaded = load_candidates(files, session)
    except InputError as exc:
        problems += exc.problems
    examiners: list[Examiner] = []
    warnings: list[Problem] = []
    paths: list[Path] = []
    if with_examiners or examiner_files:
        paths = list(examiner_files or default_examiner_files(folder))
        if paths:
            try:
                pool = load_examiners(paths, session)
                examiners, warnings = pool.examiners, pool.warnings
            except InputError as exc:
                problems += exc.problems
    if problems:
        raise InputError(problems)
    for count, most, what, files_of in (
        (len(loaded.candidates), MAX_CANDIDATES, "candidats", files),
        (len(examiners), MAX_EXAMINERS, "examinateurs", paths),
    ):
        if count > most:
            raise InputError(
                [
                    Problem(
                        ", ".join(p.name for p in files_of),
                        f"{count} {what}, {most} au plus pour une session : découpez-la (par épreuve, "
                        "par groupe de centres) et planifiez chaque partie",
                    )
                ]
            )
    return Inputs(session, loaded.candidates, files, loaded.warnings + warnings, examiners, paths)


#: Most candidates and examiners of one session: well above the largest
#: national oral (about 8,000 candidates), low enough to answer in time.
MAX_CANDIDATES = 20_000
MAX_EXAMINERS = 5_000
