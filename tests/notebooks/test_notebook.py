"""The reading notebook (notebooks/lecture-du-plan.ipynb): stored without
outputs, and run end to end on the bundled session, in a fresh models folder
so that it computes its own plan and leaves the repository's models/ alone."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

#: Plans the bundled session, then runs every cell in a Jupyter kernel.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "lecture-du-plan.ipynb"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _read() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def _texts(cell: nbformat.NotebookNode) -> list[str]:
    """Every text a code cell showed: printed lines, and plain and HTML renderings."""
    out = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            out.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            out += [output.data[m] for m in ("text/plain", "text/html") if m in output.data]
    return out


def test_notebook_is_stored_without_outputs() -> None:
    nb = _read()
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cell"
    with_outputs = [c.id for c in code if c.outputs]
    counted = [c.id for c in code if c.execution_count is not None]
    assert with_outputs == [], f"cells stored with outputs: {with_outputs}"
    assert counted == [], f"cells stored with an execution count: {counted}"
    assert nb.metadata.kernelspec.name == "python3"
    # Small metadata: nothing but the kernel and the language.
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    assert all(not c.metadata for c in nb.cells)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[nbformat.NotebookNode, Path]:
    """The notebook run in a kernel of this Python, with ORAUX_MODELES set to
    an empty folder: it computes a short reproducible plan there (deterministic
    time limit, one worker), then draws every table and picture."""
    models = tmp_path_factory.mktemp("modeles")
    nb = _read()
    # Appended to the run copy only: which Python the kernel "python3" runs on.
    nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint('PREFIX=' + sys.prefix)", id="prefixe"))
    before = sorted((ROOT / "models").rglob("*"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ORAUX_MODELES", str(models))  # the kernel inherits the environment
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        client.execute()
    assert sorted((ROOT / "models").rglob("*")) == before, "the notebook wrote into the repository's models/"
    return nb, models


def test_notebook_runs_without_errors(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _ = executed
    errors = [
        (c.id, o.ename, o.evalue)
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []
    assert all(c.execution_count is not None for c in nb.cells if c.cell_type == "code")
    assert f"PREFIX={sys.prefix}" in "".join(_texts(nb.cells[-1])), "kernel python3 is not this venv's Python"


def test_notebook_computes_its_plan_in_the_models_folder_it_is_given(
    executed: tuple[nbformat.NotebookNode, Path],
) -> None:
    nb, models = executed
    loading = "".join(_texts(next(c for c in nb.cells if c.id == "chargement")))
    assert "Aucun plan enregistré" in loading
    assert (models / "toulouse-2021" / "plan-v1.json").is_file()
    assert f"Plan lu : {models / 'toulouse-2021' / 'plan-v1.json'}" in loading


def test_notebook_shows_the_summary_tables(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _ = executed
    shown = {c.id: "".join(_texts(c)) for c in nb.cells if c.cell_type == "code"}
    expected = {
        "statuts": ["planifié", "NV"],
        "commissions": ["salles du site", "E4 — Castres", "<table"],
        "charge": ["charge moyenne", "à 1 candidat", "<table"],
        "etablissements": ["part max (%)", "ISSEC Pigier", "<table"],
        "convocations": ["première convocation", "75 min et plus (loin)", "<table"],
        "objectif": ["journées-commission :", "Critère 5"],
    }
    for cell, texts in expected.items():
        for text in texts:
            assert text in shown[cell], f"{text!r} missing from the output of cell {cell!r}"


def test_notebook_shows_the_pictures(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _ = executed
    pictures = {
        c.id: [
            base64.b64decode(o.data["image/png"])
            for o in c.outputs
            if o.output_type == "display_data" and "image/png" in o.data
        ]
        for c in nb.cells
        if c.cell_type == "code"
    }
    for cell in ("gantt", "occupation", "commissions-e4", "charge-e4"):
        assert len(pictures[cell]) == 1, f"cell {cell!r} shows no picture"
        assert pictures[cell][0].startswith(PNG_MAGIC)
        assert len(pictures[cell][0]) > 20_000  # a drawn chart, not an empty frame
