"""The code's shape: dependencies between gongkai's modules point one way (no import cycle, counting the imports
inside functions too), and no module in src/ is over 600 lines.

The import graph is read from every module's syntax tree, not by importing anything: `import gongkai.x`,
`from gongkai.x import y` (an edge to gongkai.x.y when that is a module, else to gongkai.x) and relative imports,
at module level and inside functions and classes alike. Imports under `if TYPE_CHECKING:` are left out: they
never run, they only name types for the type checker. A module of a package also imports the package's
`__init__` when it comes from outside the package (Python runs `__init__` first), so an `__init__` that re-exports
its submodules takes part in the graph as Python sees it.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "gongkai").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) of every import that runs, at any depth."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([base] if base else [])])
            found.append((base, [alias.name for alias in node.names]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for imported, names in _imports(tree, name, path.name == "__init__.py"):
            targets = [f"{imported}.{n}" for n in names if f"{imported}.{n}" in modules]
            if len(targets) < len(names) and imported in modules:
                targets.append(imported)
            for target in targets:
                # the packages it is in, from outside them (gongkai's own __init__ holds only the version)
                parts = target.split(".")
                for depth in range(2, len(parts) + 1):
                    step = ".".join(parts[:depth])
                    if step in modules and step != name and not name.startswith(step + "."):
                        graph[name].add(step)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted: every import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def test_the_graph_sees_imports_inside_functions_and_skips_type_checking_ones():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "import gongkai.a\n"
        "if TYPE_CHECKING:\n    from gongkai.b import B\n"
        "def f():\n    from gongkai.c import d\n    from . import e\n"
    )
    imported = [name for name, _ in _imports(tree, "gongkai.x.y", False)]
    assert imported == ["typing", "gongkai.a", "gongkai.c", "gongkai.x"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_gongkai_modules():
    found = cycles(import_graph())
    assert not found, "import cycles (each line the modules of one):\n" + "\n".join(" ".join(c) for c in found)


def test_no_module_over_600_lines():
    long = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_each_format_the_command_line_offers_has_its_writer():
    """The command line's --format choices are gongkai/formats.py's; each library writer takes exactly those."""
    from gongkai import formats
    from gongkai.export import export_catalogs
    from gongkai.history.formats import WRITERS
    from gongkai.lint.formats import MACHINE_FORMATS
    from gongkai.model.project import load_project
    from gongkai.render.report import report_bytes
    from gongkai.report import audit

    assert {"text", *MACHINE_FORMATS} == set(formats.LINT)
    assert set(WRITERS) == set(formats.DIFF)
    county = Path(__file__).parent / "counties" / "audit"
    project, report = audit(county)
    assert all(report_bytes(county, project, report, name) for name in formats.REPORT if name != "text")
    built = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    assert all(export_catalogs(load_project(county), [], [], name, built) for name in formats.EXPORT)
