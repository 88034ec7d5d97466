"""A version is published as one step across models/ and sorties/: what an
interrupted command leaves is never taken as published, and a re-run whose
published plan was replaced meanwhile is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.domain.plan import Plan
from scheduler.io import versions
from scheduler.io.plan_files import latest_plan, load_plan_file
from scheduler.io.versions import StalePlan, publish_version

INPUTS = {"session.toml": "sha256:" + "0" * 64}
CODE = "toulouse-2021"


def _publish(tmp_path: Path, **kwargs: object) -> versions.Published:
    files = {"planning.csv": b"numero;nom\n", "agendas/agenda-EX001.ics": b"BEGIN:VCALENDAR\n"}
    return publish_version(
        tmp_path / "models", tmp_path / "sorties" / CODE, Plan(CODE, []), files, inputs=INPUTS, **kwargs
    )  # type: ignore[arg-type]


def test_each_version_has_its_folder_and_its_plan_file(tmp_path: Path) -> None:
    first = _publish(tmp_path)
    second = _publish(tmp_path, parent=first.plan_file.name, latest_at_start=first.plan_file.name)
    assert [first.plan_file.name, second.plan_file.name] == ["plan-v1.json", "plan-v2.json"]
    assert [first.folder.name, second.folder.name] == ["plan-v1", "plan-v2"]
    assert (second.folder / "agendas" / "agenda-EX001.ics").read_bytes() == b"BEGIN:VCALENDAR\n"
    assert load_plan_file(second.plan_file).parent == "plan-v1.json"
    assert first.remarks == second.remarks == []


def _interrupted(tmp_path: Path, number: int, *, hidden: bool = False) -> Path:
    """What a command killed while publishing version ``number`` leaves: its
    note, and its folder (whole, or hidden and half written)."""
    sorties = tmp_path / "sorties" / CODE
    written = sorties / f"plan-v{number}"
    folder = sorties / f".plan-v{number}.x1y2" if hidden else written
    folder.mkdir(parents=True)
    (folder / "planning.csv").write_bytes(b"trunc" if hidden else b"moved candidates\n")
    note = tmp_path / "models" / CODE / f".plan-v{number}.en-cours"
    note.write_text(str(written.absolute()), encoding="utf-8")
    return folder


def test_a_folder_without_its_plan_file_is_set_aside_never_taken(tmp_path: Path) -> None:
    """Killed after writing its documents, before its plan file: the folder
    was never published; the next command sets it aside and says so."""
    first = _publish(tmp_path)
    orphan = _interrupted(tmp_path, 2)
    half = _interrupted(tmp_path, 3, hidden=True)
    # The re-run starting now takes v1, the published plan, as its parent.
    assert latest_plan(tmp_path / "models", CODE) == first.plan_file
    after = _publish(tmp_path, parent="plan-v1.json", latest_at_start="plan-v1.json")
    # The orphan keeps its number (set aside), the half-written folder is removed.
    assert after.plan_file.name == "plan-v3.json" and after.folder.name == "plan-v3"
    kept = tmp_path / "sorties" / CODE / "plan-v2.interrompu" / "planning.csv"
    assert kept.read_bytes() == b"moved candidates\n"
    assert not orphan.exists() and not half.exists()
    assert len(after.remarks) == 2
    assert any("jamais été publiés" in r and "plan-v2.interrompu" in r for r in after.remarks)
    assert any("à moitié écrit" in r for r in after.remarks)
    # The notes are gone with what they told of.
    assert not list((tmp_path / "models" / CODE).glob(".plan-v*"))


def test_documents_this_store_did_not_write_are_never_touched(tmp_path: Path) -> None:
    """sorties/<session>/plan-v1/ present, models/<session>/ empty (another
    store of plans, an older version of oraux): left as it is, its number
    skipped — the session is not blocked."""
    (tmp_path / "sorties" / CODE / "plan-v1").mkdir(parents=True)
    published = _publish(tmp_path)
    assert published.plan_file.name == "plan-v2.json" and published.remarks == []
    assert (tmp_path / "sorties" / CODE / "plan-v1").is_dir()


def test_a_rerun_overtaken_by_another_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    _publish(tmp_path)
    # Two re-runs start from v1; the first to finish publishes v2.
    _publish(tmp_path, parent="plan-v1.json", latest_at_start="plan-v1.json")
    with pytest.raises(StalePlan) as refused:
        _publish(tmp_path, parent="plan-v1.json", latest_at_start="plan-v1.json")
    assert "plan-v2.json" in refused.value.reasons[0] and "relancez" in refused.value.reasons[0]
    assert sorted(p.name for p in (tmp_path / "models" / CODE).glob("plan-v*")) == [
        "plan-v1.json",
        "plan-v2.json",
    ]
    assert sorted(p.name for p in (tmp_path / "sorties" / CODE).iterdir()) == ["plan-v1", "plan-v2"]


def test_a_plan_file_that_cannot_be_written_takes_its_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _publish(tmp_path)

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(versions, "save_plan", full_disk)
    with pytest.raises(OSError):
        _publish(tmp_path)
    assert sorted(p.name for p in (tmp_path / "sorties" / CODE).iterdir()) == ["plan-v1"]
