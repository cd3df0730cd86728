"""The test suite keeps its own house rules.

A test whose every ``assert`` sits inside a loop passes when the loop runs zero times, so
such a test first asserts that there is something to loop over (or asserts once, after the
loop, on what it collected). A fixture name means one thing: shared fixtures live in
``conftest.py`` and no two test modules define a fixture of the same name. And the package
keeps its functions short: none in ``src/`` runs longer than 60 lines.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"
LOOPS = (ast.For, ast.AsyncFor, ast.While)
#: The longest a function in ``src/`` may be, from its ``def`` to its last line (docstring
#: included, decorators not).
MAX_FUNCTION_LINES = 60


def _asserts(fn: ast.FunctionDef) -> list[bool]:
    """For each ``assert`` of ``fn`` (nested functions left out): whether it is inside a loop."""
    found: list[bool] = []

    def visit(node: ast.AST, in_loop: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return
        if isinstance(node, ast.Assert):
            found.append(in_loop)
        for child in ast.iter_child_nodes(node):
            visit(child, in_loop or isinstance(node, LOOPS))

    for statement in fn.body:
        visit(statement, False)
    return found


def loop_only_tests(source: str) -> list[str]:
    """The test functions of ``source`` that assert something only inside loops."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            asserts = _asserts(node)
            if asserts and all(asserts):
                out.append(node.name)
    return out


def _fixtures(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any("fixture" in ast.unparse(d) for d in node.decorator_list)
    ]


def _modules() -> dict[str, str]:
    return {
        p.relative_to(TESTS).as_posix(): p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py"))
    }


def test_no_test_asserts_only_inside_a_loop():
    modules = _modules()
    tests = sum(
        len(
            [
                n
                for n in ast.walk(ast.parse(s))
                if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
            ]
        )
        for s in modules.values()
    )
    assert len(modules) > 40 and tests > 500, (len(modules), tests)  # the scan saw the suite
    found = [f"{name}::{test}" for name, source in modules.items() for test in loop_only_tests(source)]
    assert found == [], "assert that the loop is not empty before it: " + ", ".join(found)


def test_the_loop_scan_tells_a_guarded_loop_from_a_bare_one():
    source = (
        "def test_bare(rows):\n"
        "    for r in rows:\n"
        "        assert r\n"
        "def test_guarded(rows):\n"
        "    assert rows\n"
        "    for r in rows:\n"
        "        assert r\n"
        "def test_nested_helper_does_not_count(rows):\n"
        "    def check(r):\n"
        "        assert r\n"
        "    for r in rows:\n"
        "        check(r)\n"
        "        assert r\n"
        "def test_no_assert(rows):\n"
        "    rows.sort()\n"
    )
    assert loop_only_tests(source) == ["test_bare", "test_nested_helper_does_not_count"]


def test_a_fixture_name_is_defined_once_in_the_suite():
    defined: dict[str, list[str]] = defaultdict(list)
    for name, source in _modules().items():
        for fixture in _fixtures(source):
            defined[fixture].append(name)
    assert {"table", "built", "codebook", "project_copy", "rendered"} <= set(defined)
    assert defined["codebook"] == ["conftest.py"]
    twice = {fixture: files for fixture, files in defined.items() if len(files) > 1}
    assert twice == {}, "share it in conftest.py or name each by what it gives"


def function_lengths(root: Path) -> dict[str, int]:
    """``path:line name`` -> lines, from ``def`` to the last line, of every function and
    method in the ``.py`` files under ``root``."""
    lengths = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{path.relative_to(root)}:{node.lineno} {node.name}"
                lengths[where] = (node.end_lineno or node.lineno) - node.lineno + 1
    return lengths


def too_long(root: Path, limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """The functions under ``root`` longer than ``limit`` lines, with their lengths."""
    return {where: n for where, n in function_lengths(root).items() if n > limit}


def test_no_function_in_src_is_longer_than_60_lines():
    lengths = function_lengths(SRC)
    assert len(lengths) > 500, len(lengths)  # the scan saw the package
    assert too_long(SRC) == {}, "split it into helpers of one job each"


def test_the_length_rule_fails_on_a_planted_long_function(tmp_path):
    def body(lines: int) -> str:
        return "".join(f"        x{k} = {k}\n" for k in range(lines - 2)) + "        return x0\n"

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "planted.py").write_text(
        "def short():\n    return 1\n\n\n"
        f"class Holder:\n    async def long(self):\n{body(62)}\n"
        f"    def at_the_limit(self):\n{body(60)}",
        encoding="utf-8",
    )
    lengths = function_lengths(tmp_path)
    assert lengths == {
        "pkg/planted.py:1 short": 2,
        "pkg/planted.py:6 long": 62,
        "pkg/planted.py:69 at_the_limit": 60,
    }
    assert too_long(tmp_path) == {"pkg/planted.py:6 long": 62}
