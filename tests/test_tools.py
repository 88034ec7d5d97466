"""tools/same_outputs.py: its adapter follows the package, its comparison sees every byte."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"


@pytest.fixture(scope="module", autouse=True)
def tools_on_path() -> None:
    sys.path.insert(0, str(TOOLS))


def test_the_adapter_finds_every_workflow_in_this_layout() -> None:
    """scheduler_entry.load_workflows names the functions the comparison calls, at their current paths."""
    from scheduler_entry import load_workflows

    wf = load_workflows()
    for name in ("SolveOptions", "plan_and_publish", "replan_and_publish", "render_saved_plan"):
        assert callable(getattr(wf, name)), name


def test_differing_lists_changed_missing_and_extra_files(tmp_path: Path) -> None:
    """Two folders differ by a changed byte, a file on one side only, or nothing."""
    from same_outputs import differing

    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "sub").mkdir(parents=True)
        (root / "same.csv").write_bytes(b"x;y\n")
    (a / "sub" / "changed.xlsx").write_bytes(b"\x00\x01")
    (b / "sub" / "changed.xlsx").write_bytes(b"\x00\x02")
    (a / "only-a.png").write_bytes(b"png")
    assert differing(a, b) == ["only-a.png (absent d'un côté)", "sub/changed.xlsx"]
    assert differing(a, a) == []
