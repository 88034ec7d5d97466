"""Sizes are bounded before any work: too many candidates, too big a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.io import inputs, tables
from scheduler.io.inputs import load_inputs

SESSION = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"


def test_too_many_candidates_for_one_session_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_CANDIDATES", 100)
    with pytest.raises(InputError) as err:
        load_inputs(SESSION)
    report = err.value.report()
    assert "candidats.csv" in report and "100 au plus pour une session : découpez-la" in report


def test_too_big_a_list_file_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 10_000)
    with pytest.raises(InputError) as err:
        load_inputs(SESSION)
    assert "fichier trop gros" in err.value.report()


def test_the_bundled_session_is_within_every_bound() -> None:
    loaded = load_inputs(SESSION, with_examiners=True)
    assert 0 < len(loaded.candidates) <= inputs.MAX_CANDIDATES
    assert 0 < len(loaded.examiners) <= inputs.MAX_EXAMINERS
