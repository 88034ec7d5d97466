"""Shared fixtures: the Toulouse 2021 session, loaded once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.domain import Session
from scheduler.io.session_file import load_session

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def session() -> Session:
    # Anchored on the repository so that pytest may be run from any folder.
    return load_session(ROOT / "data" / "toulouse-2021")
