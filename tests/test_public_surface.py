"""The package's modules speak to each other through public names only.

Every module under ``src/compare`` is parsed with `ast`. A module may not import another
module's underscore name (``from .style import _figure``), reach for an underscore
attribute of something it did not define as ``self``/``cls`` (``run._input_path``,
``fig._compare_data``), or do the same by ``getattr(x, "_name")``. What two modules need is
public, with a docstring; the few uses of underscore names that belong to other projects
are allowed below by place and name, each with its reason.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "compare"

#: (module under src/compare, enclosing function, the use) -> why it is allowed.
ALLOWED = {
    ("reports/pool.py", "_on_term", "os._exit"): (
        "the standard library's documented call to end a process at once, without "
        "cleanup; the underscore is the os module's naming, not a private name"
    ),
    ("reports/word.py", "_oxml_element", "proxy._element"): (
        "python-docx has no public call to add a hyperlink or repeat a table's header "
        "row, and its paragraph and row objects expose their XML element only as "
        "_element; this one function is the only place the Word copy reaches beneath it"
    ),
    ("reports/pack.py", "page_box", "page._page_box"): (
        "WeasyPrint has no public call for a laid-out page's box tree, which pack measures "
        "to find near-empty pages; this one function is the only place it reaches it"
    ),
}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _uses(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(enclosing function, use, line) for every underscore name taken from elsewhere."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, where: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            where = node.name
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if _private(alias.name) or any(_private(part) for part in module.strip(".").split(".")):
                    found.append(
                        (where, module + ("" if module.endswith(".") else ".") + alias.name, node.lineno)
                    )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(_private(part) for part in alias.name.split(".")):
                    found.append((where, alias.name, node.lineno))
        elif (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id not in ("self", "cls")
        ):
            found.append((where, f"{node.value.id}.{node.attr}", node.lineno))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(
                (where, f"{node.func.id}({ast.unparse(node.args[0])}, {node.args[1].value!r})", node.lineno)
            )
        for child in ast.iter_child_nodes(node):
            visit(child, where)

    visit(tree, "<module>")
    return found


def _scan(root: Path) -> tuple[int, int, dict[tuple[str, str, str], int]]:
    """Modules scanned, imports seen, and every underscore use: (module, function, use) -> line."""
    modules = imports = 0
    uses: dict[tuple[str, str, str], int] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        modules += 1
        imports += sum(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))
        rel = path.relative_to(root).as_posix()
        for where, use, line in _uses(tree):
            uses[(rel, where, use)] = line
    return modules, imports, uses


def test_no_module_takes_another_modules_underscore_names():
    modules, imports, uses = _scan(SRC)
    assert modules >= 50 and imports >= 300, (modules, imports)  # the scan saw the package
    offending = {key: line for key, line in uses.items() if key not in ALLOWED}
    assert not offending, "\n".join(
        f"src/compare/{path}:{line} ({where}): {use} - make it public (with a docstring) or move it"
        for (path, where, use), line in sorted(offending.items(), key=lambda kv: kv[0])
    )


def test_every_allowed_use_still_exists_and_says_why():
    _, _, uses = _scan(SRC)
    assert ALLOWED
    for key, reason in ALLOWED.items():
        assert key in uses, f"{key} is allowed but no longer used: drop it from ALLOWED"
        assert len(reason.split()) >= 8, key


def test_the_scan_finds_each_kind_of_crossing(tmp_path):
    (tmp_path / "a.py").write_text(
        "from .style import _figure, legend_below\n"
        "from . import run\n"
        "import os\n"
        "def draw(fig):\n"
        "    fig._compare_data = 1\n"
        "    return run._input_path(), getattr(fig, '_alt'), self_ok()\n"
        "class C:\n"
        "    def m(self):\n"
        "        return self._x, cls_ok()\n"
        "def stop():\n"
        "    os._exit(1)\n",
        encoding="utf-8",
    )
    _, _, uses = _scan(tmp_path)
    assert set(uses) == {
        ("a.py", "<module>", ".style._figure"),
        ("a.py", "draw", "fig._compare_data"),
        ("a.py", "draw", "run._input_path"),
        ("a.py", "draw", "getattr(fig, '_alt')"),
        ("a.py", "stop", "os._exit"),
    }


@pytest.mark.parametrize(
    "package",
    ["compare", "compare.ingest", "compare.analysis", "compare.figures", "compare.reports", "compare.words"],
)
def test_every_name_a_package_offers_exists(package):
    module = importlib.import_module(package)
    offered = list(module.__all__)
    assert offered
    for name in offered:
        assert getattr(module, name) is not None, f"{package}.{name}"
