"""Everything a command needs from a session folder, loaded and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scheduler.domain import Candidate, Session
from scheduler.errors import InputError, Problem
from scheduler.io.candidates import default_candidate_files, load_candidates
from scheduler.io.session_file import load_session


@dataclass(frozen=True)
class Inputs:
    """A checked session with its candidates and the non-fatal warnings."""

    session: Session
    candidates: list[Candidate]
    files: list[Path]
    warnings: list[Problem]


def load_inputs(folder: Path, candidate_files: list[Path] | None = None) -> Inputs:
    """Load the session folder and its candidate list(s); raise on any problem."""
    session = load_session(folder)
    files = list(candidate_files or default_candidate_files(folder))
    if not files:
        raise InputError(
            [Problem(str(folder), "aucune liste de candidats (candidats*.csv ou candidats*.xlsx)")]
        )
    loaded = load_candidates(files, session)
    return Inputs(session, loaded.candidates, files, loaded.warnings)
