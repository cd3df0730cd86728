"""The test suite keeps its own house rules.

A test whose every ``assert`` sits inside a loop passes when the loop runs zero times, so
such a test first asserts that there is something to loop over (or asserts once, after the
loop, on what it collected). A fixture name means one thing: shared fixtures live in
``conftest.py`` and no two test modules define a fixture of the same name.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent
LOOPS = (ast.For, ast.AsyncFor, ast.While)


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
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(TESTS.glob("*.py"))}


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
