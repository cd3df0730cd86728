"""No two modules of the package import each other, directly or round a longer circle.

The graph is read from the source with ``ast``: every ``import`` and ``from … import``
anywhere in a module (inside functions too, where a circle hides from the import
machinery). ``from pkg import name`` counts as an import of ``pkg.name`` when that is a
module, else of ``pkg``. Imports under ``if TYPE_CHECKING:`` never run, but a circle of
them still ties two modules together (a type lives in the wrong one): the package has no
circle with them counted either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import compare

PACKAGE = Path(compare.__file__).parent


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:``."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for part in node.body for n in ast.walk(part)}
    return skipped


def _imported(name: str, path: Path, node: ast.Import | ast.ImportFrom, modules: set[str]) -> set[str]:
    """The package's modules one import statement of module ``name`` loads."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in modules}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
    targets = {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}
    return targets & modules


def import_graph(package: Path = PACKAGE, type_checking: bool = False) -> dict[str, set[str]]:
    """Module -> the other modules of ``package`` it imports (``type_checking``: with the
    imports under ``if TYPE_CHECKING:``)."""
    modules = _modules(package)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = set() if type_checking else _type_checking_only(tree)
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped:
                edges |= _imported(name, path, node, set(modules))
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of the graph as the path that closes it (depth-first, one per back edge)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append([*trail[trail.index(nxt) :], node, nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [])
    return found


def test_the_graph_holds_every_stage_and_its_imports():
    graph = import_graph()
    assert len(graph) > 50
    for module in ("compare.ingest.build", "compare.reports.run", "compare.figures.maps"):
        assert graph[module], module
    assert "compare.ingest.serialise" in graph["compare.ingest.exports"]
    assert "compare.reports.worker" in graph["compare.reports.run"]  # imported inside a function


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_round_a_circle():
    graph = import_graph()
    assert graph
    assert cycles(graph) == []


def test_no_module_imports_round_a_circle_even_for_type_hints():
    graph = import_graph(type_checking=True)
    assert "compare.ingest.build" in graph["compare.ingest"]  # an import only under TYPE_CHECKING
    assert cycles(graph) == []


def test_a_circle_of_type_hint_imports_is_found_only_when_they_count(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "rows.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .notes import Note\n"
    )
    (package / "notes.py").write_text("from .rows import Row\n")
    assert cycles(import_graph(package)) == []
    assert cycles(import_graph(package, type_checking=True)) == [["pkg.notes", "pkg.rows", "pkg.notes"]]
