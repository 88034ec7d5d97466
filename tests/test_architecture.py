"""The layout's promises, checked on the source: layers import only downwards,
no module imports itself back, and an import inside a function says why."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scheduler"

#: What each part of the package may import from the package (itself always).
#: Read top to bottom, it is the architecture: French text and input errors,
#: the domain, then the inputs, the solver, the checks, the re-runs, the
#: outputs, the two workflows, the download portal and the command line.
ALLOWED: dict[str, set[str]] = {
    "text": set(),
    "errors": set(),
    "domain": {"text", "errors"},
    "io": {"domain", "text", "errors"},
    "sample": {"domain", "io", "text", "errors"},
    "solver": {"domain", "text", "errors"},
    "precheck": {"domain", "io", "solver", "text", "errors"},
    "validate": {"domain", "text", "errors"},
    "rerun": {"domain", "solver", "text", "errors"},
    "export": {"domain", "io", "validate", "rerun", "text", "errors"},
    "publish": {"domain", "io", "solver", "validate", "rerun", "export", "text", "errors"},
    "batch": {"domain", "io", "solver", "validate", "publish", "export", "text", "errors"},
    "portal": {"domain", "io", "export", "text", "errors"},
    "cli": {
        "domain", "io", "precheck", "solver", "publish", "batch", "rerun", "sample", "validate", "portal", "text",
        "errors",
    },
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_imports(tree: ast.Module, modules: dict[str, Path]) -> set[str]:
    """Modules of the package imported when this one is (module level, outside
    ``if TYPE_CHECKING``), with the packages that importing them runs."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)

    visit(tree.body)
    out = set()
    for name in found:
        if name in modules:
            parts = name.split(".")
            out.update(".".join(parts[:i]) for i in range(2, len(parts) + 1))
    return {n for n in out if n in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        imported = _run_time_imports(ast.parse(path.read_text(encoding="utf-8")), modules)
        # The packages that hold a module are initialised before it runs: not a dependency.
        graph[name] = {m for m in imported if not (name == m or name.startswith(m + "."))}
    return graph


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_layers_import_only_what_the_architecture_allows() -> None:
    """Each part of the package imports only the parts listed for it in ALLOWED."""
    wrong = [
        f"{a} → {b}"
        for a, targets in _graph().items()
        for b in targets
        if _part(a) and _part(b) != _part(a) and _part(b) not in ALLOWED[_part(a)]
    ]
    assert not wrong, wrong


def test_every_part_of_the_package_is_in_the_architecture() -> None:
    """A new folder or top-level module of the package gets its line in ALLOWED."""
    assert {_part(m) for m in _modules() if _part(m)} == set(ALLOWED)


def test_no_import_cycle() -> None:
    """No module imports, through others, a module that imports it back."""
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, [" → ".join(c) for c in cycles]


def test_an_import_inside_a_function_says_why() -> None:
    """An import inside a function has a comment just above it (or above its group)."""
    silent = []
    for name, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                above = node.lineno - 2
                while above >= 0 and lines[above].strip().startswith(("from ", "import ", ")")):
                    above -= 1
                while above >= 0 and (lines[above].strip() == "" or lines[above].strip().endswith(",")):
                    above -= 1
                if above < 0 or not lines[above].strip().startswith("#"):
                    silent.append(f"{name}:{node.lineno}")
    assert not silent, silent
