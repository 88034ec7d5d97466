"""What the code imports is what pyproject.toml declares, no more, no less."""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"scheduler", "tests", "benchmarks", "scheduler_entry", "same_outputs"}
#: Declared but never imported, on purpose.
RUN_ONLY = {
    # The Jupyter kernel that nbclient starts to run the notebook.
    "ipykernel",
    # Type stubs, read by mypy only.
    "pandas-stubs",
    # The pytest plugin that runs make test in two processes (pytest -n 2).
    "pytest-xdist",
    # The PostgreSQL driver, which SQLAlchemy loads for a postgresql+psycopg:// URL.
    "psycopg",
    # openpyxl's XML writer when installed (faster workbooks).
    "lxml",
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"runtime": project["dependencies"], **project["optional-dependencies"]}
    out = {}
    for group, requirements in groups.items():
        names = {_normal(re.match(r"[A-Za-z0-9_.-]+", r).group(0)) for r in requirements}  # type: ignore[union-attr]
        out[group] = {n for n in names if n != "oraux"}
    return out


def _top_modules(source: str) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def _distributions(modules: set[str]) -> set[str]:
    owners = packages_distributions()
    third_party = modules - set(sys.stdlib_module_names) - FIRST_PARTY - {"__future__"}
    missing = sorted(m for m in third_party if m not in owners)
    assert not missing, f"modules from no installed distribution: {missing}"
    return {_normal(owners[m][0]) for m in third_party}


def _imports(*folders: str) -> set[str]:
    modules: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            modules |= _top_modules(path.read_text(encoding="utf-8"))
    return _distributions(modules)


def _notebook_imports() -> set[str]:
    modules: set[str] = set()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                modules |= _top_modules("".join(cell["source"]))
    return _distributions(modules)


def test_the_package_declares_exactly_what_it_imports() -> None:
    """Every distribution the package imports is a runtime dependency, and every runtime dependency is imported."""
    assert _imports("scheduler") == _declared()["runtime"] - RUN_ONLY


def test_the_notebook_needs_only_its_extra() -> None:
    """The notebook's own imports are declared in the runtime dependencies or the « notebook » extra."""
    declared = _declared()
    used = _notebook_imports()
    assert used <= declared["runtime"] | declared["notebook"]
    assert declared["notebook"] - RUN_ONLY <= used | _imports("tests"), "an extra nobody imports"


def test_tests_benchmarks_and_tools_import_only_what_is_declared() -> None:
    """Tests, benchmarks and tools import only declared distributions, and each dev extra is used."""
    declared = _declared()
    used = _imports("tests", "benchmarks", "tools")
    allowed = declared["runtime"] | declared["dev"] | declared["notebook"]
    assert used <= allowed, sorted(used - allowed)
    assert declared["dev"] - RUN_ONLY - {"ruff", "mypy"} <= used
